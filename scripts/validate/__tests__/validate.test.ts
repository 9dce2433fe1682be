/**
 * Each check against a deliberately broken copy of a small valid project: the check must catch the
 * break and name the file and the element.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { validateProject } from '../index';
import type { Issue } from '../issues';

const FIXTURE = join(__dirname, 'fixtures', 'project');
const MD = 'force-app/main/default';
const ROOT = join(__dirname, '..', '..', '..');

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'validate-'));
  cpSync(FIXTURE, dir, { recursive: true });
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Replaces text in a fixture file, failing loudly if the text is not there. */
function edit(file: string, from: string, to: string): void {
  const path = join(dir, file);
  const before = readFileSync(path, 'utf8');
  if (!before.includes(from)) throw new Error(`fixture ${file} does not contain ${from}`);
  writeFileSync(path, before.replace(from, to));
}

function issuesOf(check: string): Issue[] {
  const result = validateProject(dir).find((r) => r.check.startsWith(check));
  if (!result) throw new Error(`check ${check} did not run`);
  return result.issues;
}

function allIssues(): Issue[] {
  return validateProject(dir).flatMap((r) => r.issues);
}

describe('validate: the intact fixture', () => {
  it('passes every check', () => {
    expect(allIssues()).toEqual([]);
  });
});

describe('validate: broken fixtures are caught with file and element', () => {
  it('malformed XML', () => {
    edit(`${MD}/objects/Widget__c/fields/Size__c.field-meta.xml`, '</label>', '</labl>');
    expect(issuesOf('well-formed')).toEqual([
      expect.objectContaining({
        file: `${MD}/objects/Widget__c/fields/Size__c.field-meta.xml`,
        element: 'document',
        message: expect.stringMatching(/malformed XML at line 4/)
      })
    ]);
  });

  it('a file source-deploy-retrieve cannot resolve', () => {
    mkdirSync(join(dir, MD, 'gadgets'));
    writeFileSync(join(dir, MD, 'gadgets', 'Thing.gadget-meta.xml'), '<?xml version="1.0"?><Gadget/>');
    expect(issuesOf('metadata resolves')).toEqual([
      expect.objectContaining({
        file: `${MD}/gadgets/Thing.gadget-meta.xml`,
        message: expect.stringContaining('Could not infer a metadata type')
      })
    ]);
  });

  it('a stray file inside an object that no component claims', () => {
    writeFileSync(join(dir, MD, 'objects', 'Widget__c', 'fields', 'Notes.txt'), 'x');
    expect(issuesOf('metadata resolves')).toEqual([
      expect.objectContaining({ file: `${MD}/objects/Widget__c/fields/Notes.txt`, element: 'file' })
    ]);
  });

  it.each([
    [
      'permission set field',
      `${MD}/permissionsets/Widget_User.permissionset-meta.xml`,
      'Widget__c.Size__c',
      'Widget__c.Sise__c',
      '<fieldPermissions><field>Widget__c.Sise__c',
      'field Sise__c does not exist on Widget__c'
    ],
    [
      'permission set object',
      `${MD}/permissionsets/Widget_User.permissionset-meta.xml`,
      '<object>Widget__c</object>',
      '<object>Gizmo__c</object>',
      '<objectPermissions><object>Gizmo__c',
      'object Gizmo__c does not exist'
    ],
    [
      'permission set tab',
      `${MD}/permissionsets/Widget_User.permissionset-meta.xml`,
      '<tab>Widget__c</tab>',
      '<tab>Gizmo__c</tab>',
      '<tabSettings><tab>Gizmo__c',
      'tab Gizmo__c does not exist'
    ],
    [
      'permission set app',
      `${MD}/permissionsets/Widget_User.permissionset-meta.xml`,
      '<application>Widgets</application>',
      '<application>Gizmos</application>',
      '<applicationVisibilities><application>Gizmos',
      'application Gizmos does not exist'
    ],
    [
      'permission set custom permission',
      `${MD}/permissionsets/Widget_User.permissionset-meta.xml`,
      '<name>Widget_Power</name>',
      '<name>Gizmo_Power</name>',
      '<customPermissions><name>Gizmo_Power',
      'custom permission Gizmo_Power does not exist'
    ],
    [
      'layout field',
      `${MD}/layouts/Widget__c-Widget Layout.layout-meta.xml`,
      '<field>Size__c</field>',
      '<field>Weight__c</field>',
      '<layoutItems><field>Weight__c',
      'field Weight__c does not exist on Widget__c'
    ],
    [
      'layout related list',
      `${MD}/layouts/Widget__c-Widget Layout.layout-meta.xml`,
      'Parts__r',
      'Pieces__r',
      '<relatedLists><relatedList>Pieces__r',
      'no child relationship Pieces__r points to Widget__c'
    ],
    [
      'list view column',
      `${MD}/objects/Widget__c/listViews/All.listView-meta.xml`,
      '<columns>Size__c</columns>',
      '<columns>Weight__c</columns>',
      '<columns>Weight__c',
      'field Weight__c does not exist on Widget__c'
    ],
    [
      'list view filter',
      `${MD}/objects/Widget__c/listViews/All.listView-meta.xml`,
      '<field>Kind__c</field>',
      '<field>Type__c</field>',
      '<filters><field>Type__c',
      'field Type__c does not exist on Widget__c'
    ],
    [
      'compact layout field',
      `${MD}/objects/Widget__c/compactLayouts/Widget_Compact.compactLayout-meta.xml`,
      '<fields>Size__c</fields>',
      '<fields>Weight__c</fields>',
      '<fields>Weight__c',
      'field Weight__c does not exist on Widget__c'
    ],
    [
      'compact layout assignment',
      `${MD}/objects/Widget__c/Widget__c.object-meta.xml`,
      '>Widget_Compact<',
      '>Widget_Tiny<',
      '<compactLayoutAssignment>Widget_Tiny',
      'compact layout Widget_Tiny does not exist on Widget__c'
    ],
    [
      'lookup target',
      `${MD}/objects/Part__c/fields/Widget__c.field-meta.xml`,
      '<referenceTo>Widget__c',
      '<referenceTo>Gizmo__c',
      '<referenceTo>Gizmo__c',
      'object Gizmo__c does not exist'
    ],
    [
      'roll-up foreign key',
      `${MD}/objects/Widget__c/fields/Part_Count__c.field-meta.xml`,
      'Part__c.Widget__c',
      'Part__c.Gizmo__c',
      '<summaryForeignKey>Part__c.Gizmo__c',
      'field Gizmo__c does not exist on Part__c'
    ],
    [
      'tab object',
      `${MD}/tabs/Widget__c.tab-meta.xml`,
      '<customObject>true</customObject>',
      '<customObject>true</customObject><flexiPage>Nowhere</flexiPage>',
      '<flexiPage>Nowhere',
      'FlexiPage Nowhere does not exist'
    ],
    [
      'app tab',
      `${MD}/applications/Widgets.app-meta.xml`,
      '<tabs>Widget__c</tabs>',
      '<tabs>Gizmo__c</tabs>',
      '<tabs>Gizmo__c',
      'tab Gizmo__c does not exist'
    ],
    [
      'app page override',
      `${MD}/applications/Widgets.app-meta.xml`,
      '<content>Widget_Record_Page</content>',
      '<content>Gizmo_Page</content>',
      '<actionOverrides><content>Gizmo_Page',
      'FlexiPage Gizmo_Page does not exist'
    ],
    [
      'FlexiPage component',
      `${MD}/flexipages/Widget_Record_Page.flexipage-meta.xml`,
      'c:widgetCard',
      'c:gizmoCard',
      '<componentInstance><componentName>c:gizmoCard',
      'component gizmoCard does not exist'
    ],
    [
      'FlexiPage object',
      `${MD}/flexipages/Widget_Record_Page.flexipage-meta.xml`,
      '<sobjectType>Widget__c',
      '<sobjectType>Gizmo__c',
      '<sobjectType>Gizmo__c',
      'object Gizmo__c does not exist'
    ]
  ])('%s', (_name, file, from, to, element, message) => {
    edit(file, from, to);
    expect(issuesOf('metadata cross-references')).toContainEqual({ file, element, message });
  });

  it('a FlexiPage component not exposed for that page type', () => {
    edit(
      `${MD}/lwc/widgetCard/widgetCard.js-meta.xml`,
      '<target>lightning__RecordPage</target>',
      '<target>lightning__AppPage</target>'
    );
    expect(issuesOf('metadata cross-references')).toContainEqual({
      file: `${MD}/flexipages/Widget_Record_Page.flexipage-meta.xml`,
      element: '<componentInstance><componentName>c:widgetCard',
      message: expect.stringContaining('has no lightning__RecordPage target')
    });
  });

  it('a FlexiPage component not exposed for that object', () => {
    edit(
      `${MD}/lwc/widgetCard/widgetCard.js-meta.xml`,
      '<object>Widget__c</object>',
      '<object>Account</object>'
    );
    expect(issuesOf('metadata cross-references')).toContainEqual({
      file: `${MD}/flexipages/Widget_Record_Page.flexipage-meta.xml`,
      element: '<componentInstance><componentName>c:widgetCard',
      message: 'component widgetCard is not exposed for Widget__c record pages'
    });
  });

  it('a field permission on a master-detail field', () => {
    edit(
      `${MD}/permissionsets/Widget_User.permissionset-meta.xml`,
      '<field>Widget__c.Size__c</field>',
      '<field>Part__c.Widget__c</field>'
    );
    expect(issuesOf('metadata cross-references')).toContainEqual(
      expect.objectContaining({
        element: '<fieldPermissions><field>Part__c.Widget__c',
        message: expect.stringContaining('master-detail')
      })
    );
  });

  it('a @salesforce/schema import of a missing field', () => {
    edit(`${MD}/lwc/widgetCard/widgetCard.ts`, 'Widget__c.Size__c', 'Widget__c.Weight__c');
    expect(issuesOf('@salesforce/schema')).toEqual([
      {
        file: `${MD}/lwc/widgetCard/widgetCard.ts`,
        element: 'import @salesforce/schema/Widget__c.Weight__c (line 2)',
        message: 'field Weight__c does not exist on Widget__c'
      }
    ]);
  });

  it.each([
    [
      'unknown field',
      'data/Widget__c.json',
      '"Size__c": 3',
      '"Weight__c": 3',
      'W1.Weight__c',
      'field Weight__c does not exist on Widget__c'
    ],
    [
      'dangling reference',
      'data/Part__c.json',
      '"@W1"',
      '"@W9"',
      'P1.Widget__c',
      'reference @W9 does not resolve to an earlier record'
    ],
    [
      'restricted picklist value',
      'data/Widget__c.json',
      '"Small"',
      '"Medium"',
      'W1.Kind__c',
      '"Medium" is not a value of the restricted picklist Widget__c.Kind__c'
    ],
    [
      'unknown object',
      'data/widgets-plan.json',
      '"sobject": "Part__c"',
      '"sobject": "Piece__c"',
      'step 2 sobject Piece__c',
      'object Piece__c does not exist'
    ]
  ])('data plan: %s', (_name, file, from, to, element, message) => {
    edit(file, from, to);
    expect(issuesOf('data/ import plans')).toContainEqual(expect.objectContaining({ element, message }));
  });

  it('a GraphQL query that does not parse', () => {
    edit(`${MD}/lwc/widgetCard/widgetCard.ts`, 'Widget__c {', 'Widget__c {{');
    expect(issuesOf('GraphQL')).toEqual([
      expect.objectContaining({
        file: `${MD}/lwc/widgetCard/widgetCard.ts`,
        element: 'gql (line 9)',
        message: expect.stringContaining('syntax')
      })
    ]);
  });
});

describe('npm run validate on a copy of this project', () => {
  it('fails with file and element when a permission-set field reference breaks', () => {
    const copy = mkdtempSync(join(tmpdir(), 'validate-project-'));
    try {
      for (const part of ['force-app', 'data', 'sfdx-project.json', '.forceignore']) {
        cpSync(join(ROOT, part), join(copy, part), { recursive: true });
      }
      const permsets = join(copy, MD, 'permissionsets');
      const file = join(permsets, 'Sales_Competency_Manager.permissionset-meta.xml');
      const xml = readFileSync(file, 'utf8');
      const match = /<field>(\w+)\.(\w+)<\/field>/.exec(xml);
      if (!match) throw new Error('the Manager permission set has no field permissions');
      writeFileSync(file, xml.replace(match[0], `<field>${match[1]}.No_Such_Field__c</field>`));
      const run = spawnSync(
        process.execPath,
        [require.resolve('tsx/cli'), join(ROOT, 'scripts/validate/cli.ts'), '--root', copy],
        {
          encoding: 'utf8'
        }
      );
      expect(run.status).toBe(1);
      expect(run.stdout).toContain(
        `${MD}/permissionsets/Sales_Competency_Manager.permissionset-meta.xml: <fieldPermissions><field>${match[1]}.No_Such_Field__c: field No_Such_Field__c does not exist on ${match[1]}`
      );
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('fails when a component GraphQL query names a field the package does not have', () => {
    const copy = mkdtempSync(join(tmpdir(), 'validate-graphql-'));
    try {
      for (const part of ['force-app', 'data', 'sfdx-project.json', '.forceignore']) {
        cpSync(join(ROOT, part), join(copy, part), { recursive: true });
      }
      const file = join(copy, MD, 'lwc/modelOverview/modelOverview.ts');
      const source = readFileSync(file, 'utf8');
      if (!source.includes('Description__c {')) throw new Error('the query no longer reads Description__c');
      writeFileSync(file, source.replace('Description__c {', 'Descripton__c {'));
      const graphql = validateProject(copy).find((r) => r.check === 'GraphQL queries')!;
      expect(graphql.issues).toEqual([
        {
          file: `${MD}/lwc/modelOverview/modelOverview.ts`,
          element: expect.stringMatching(/^gql \(line \d+\)$/),
          message: expect.stringContaining(
            'Cannot query field "Descripton__c" on type "Competency_Dimension__c"'
          )
        }
      ]);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
