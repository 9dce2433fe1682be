/**
 * Access is tested from the permission-set metadata itself: the sets must grant exactly what
 * docs/access-matrix.md documents, object by object and field by field, and must never break
 * the package's security invariants (a rep never edits a score or a synced metric, only the sync
 * writes synced metrics, no field permission on a required field).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { loadProject, type ProjectModel } from '../scripts/validate/project';
import { children, text, type XmlNode } from '../scripts/validate/xml';
import {
  MATRIX_FILE,
  parseMatrix,
  SET_PREFIX,
  tableRows,
  type FieldAccess,
  type Matrix
} from './support/accessMatrix';

const ROOT = resolve(__dirname, '..');
const PERMSET_DIR = join(ROOT, 'force-app/main/default/permissionsets');

/** The six object permission flags, in the order the matrix lists them. */
const OBJECT_FLAGS = [
  ['allowRead', 'Read'],
  ['allowCreate', 'Create'],
  ['allowEdit', 'Edit'],
  ['allowDelete', 'Delete'],
  ['viewAllRecords', 'ViewAll'],
  ['modifyAllRecords', 'ModifyAll']
] as const;

/** What one permission set grants, normalised for comparison. */
interface PermissionSetAccess {
  name: string;
  /** Object API name to the granted flags ("Read Create ..."), only objects with any flag. */
  objects: Map<string, string>;
  /** "Object.Field" to read or edit. */
  fields: Map<string, FieldAccess>;
  /** Raw field permission entries, to catch contradictions such as editable but not readable. */
  fieldEntries: { field: string; readable: boolean; editable: boolean }[];
  customPermissions: Set<string>;
  /** Visible apps and the tabs set to Visible. */
  apps: Set<string>;
  tabs: Set<string>;
}

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true });

/** Parses permission-set XML text into the access it grants. */
function parsePermissionSet(name: string, xml: string): PermissionSetAccess {
  const doc = parser.parse(xml) as Record<string, XmlNode>;
  const root = doc.PermissionSet;
  if (!root) throw new Error(`${name}: not a PermissionSet document`);
  const objects = new Map<string, string>();
  for (const op of children(root, 'objectPermissions')) {
    const flags = OBJECT_FLAGS.filter(([element]) => text(op, element) === 'true').map(([, label]) => label);
    if (flags.length) objects.set(text(op, 'object') ?? '', flags.join(' '));
  }
  const fieldEntries = children(root, 'fieldPermissions').map((fp) => ({
    field: text(fp, 'field') ?? '',
    readable: text(fp, 'readable') === 'true',
    editable: text(fp, 'editable') === 'true'
  }));
  const fields = new Map<string, FieldAccess>();
  for (const e of fieldEntries) {
    if (e.readable || e.editable) fields.set(e.field, e.editable ? 'edit' : 'read');
  }
  const customPermissions = new Set(
    children(root, 'customPermissions')
      .filter((cp) => text(cp, 'enabled') === 'true')
      .map((cp) => text(cp, 'name') ?? '')
  );
  const apps = new Set(
    children(root, 'applicationVisibilities')
      .filter((a) => text(a, 'visible') === 'true')
      .map((a) => text(a, 'application') ?? '')
  );
  const tabs = new Set(
    children(root, 'tabSettings')
      .filter((t) => text(t, 'visibility') === 'Visible')
      .map((t) => text(t, 'tab') ?? '')
  );
  return { name, objects, fields, fieldEntries, customPermissions, apps, tabs };
}

/** Reads every permission set of the package. */
function loadPermissionSets(): Map<string, PermissionSetAccess> {
  const sets = new Map<string, PermissionSetAccess>();
  for (const file of readdirSync(PERMSET_DIR).filter((f) => f.endsWith('.permissionset-meta.xml'))) {
    const name = file.replace('.permissionset-meta.xml', '');
    sets.set(name, parsePermissionSet(name, readFileSync(join(PERMSET_DIR, file), 'utf8')));
  }
  return sets;
}

/** Differences between the permission sets and the documented object matrix. */
function objectDifferences(sets: Map<string, PermissionSetAccess>, matrix: Matrix): string[] {
  const out: string[] = [];
  for (const [setName, set] of sets) {
    for (const [object, granted] of set.objects) {
      if (!matrix.objects.has(object))
        out.push(`${setName} grants ${granted} on ${object}, which the matrix does not list`);
    }
    for (const [object, bySet] of matrix.objects) {
      const want = bySet.get(setName) ?? '';
      const got = set.objects.get(object) ?? '';
      if (want !== got)
        out.push(`${setName} on ${object}: matrix says "${want || 'none'}", XML grants "${got || 'none'}"`);
    }
  }
  return out;
}

/** Differences between the permission sets and the documented sensitive fields and edit lists. */
function fieldDifferences(sets: Map<string, PermissionSetAccess>, matrix: Matrix): string[] {
  const out: string[] = [];
  for (const [setName, set] of sets) {
    for (const [field, bySet] of matrix.sensitiveFields) {
      const want = bySet.get(setName);
      const got = set.fields.get(field) ?? 'none';
      if (want !== got) out.push(`${setName} on ${field}: matrix says ${want}, XML grants ${got}`);
    }
    const wantEdit = [...(matrix.editable.get(setName) ?? [])].sort();
    const gotEdit = [...set.fields]
      .filter(([, a]) => a === 'edit')
      .map(([f]) => f)
      .sort();
    if (JSON.stringify(wantEdit) !== JSON.stringify(gotEdit)) {
      const extra = gotEdit.filter((f) => !wantEdit.includes(f));
      const missing = wantEdit.filter((f) => !gotEdit.includes(f));
      out.push(
        `${setName} editable fields differ: undocumented [${extra.join(', ')}], not granted [${missing.join(', ')}]`
      );
    }
  }
  return out;
}

/** Scores and synced metrics: what a rep must never edit. */
const SCORE_FIELDS = [
  'Assessment__c.Eligible_Score__c',
  'Assessment__c.Final_Score__c',
  'Assessment__c.Overall_Score__c',
  'Assessment__c.Override_Reason__c'
];
const SYNCED_ASSESSMENT_FIELDS = [
  'Assessment__c.Quota_Attainment__c',
  'Assessment__c.Win_Rate__c',
  'Assessment__c.Eligible_Score__c',
  'Assessment__c.Metrics_Synced_At__c',
  'Assessment__c.Needs_Calibration__c'
];
/** Objects whose every field is a synced measurement. */
const SYNCED_OBJECTS = ['Performance_Snapshot__c', 'Behavior_Impact__c'];
const MODEL_OBJECTS = [
  'Competency_Dimension__c',
  'Competency__c',
  'Job_Behavior__c',
  'Role_Competency__c',
  'Career_Level__c',
  'Performance_Band__c',
  'Maturity_Dimension__c',
  'Maturity_Level_Descriptor__c',
  'Strategy_Area__c',
  'Thought_Starter__c'
];
const REP = `${SET_PREFIX}Rep`;
const SYNC = `${SET_PREFIX}Sync`;
const ADMIN = `${SET_PREFIX}Admin`;

/** Security invariants that hold whatever the matrix says; returns one message per violation. */
function securityViolations(sets: Map<string, PermissionSetAccess>, project: ProjectModel): string[] {
  const out: string[] = [];
  const isSynced = (field: string): boolean =>
    SYNCED_ASSESSMENT_FIELDS.includes(field) || SYNCED_OBJECTS.includes(field.split('.')[0]);
  for (const [setName, set] of sets) {
    for (const [field, access] of set.fields) {
      if (access !== 'edit') continue;
      if (setName === REP && SCORE_FIELDS.includes(field)) out.push(`${setName} may edit ${field} (a score)`);
      if (setName === REP && isSynced(field)) out.push(`${setName} may edit ${field} (a synced metric)`);
      if (setName !== SYNC && isSynced(field))
        out.push(`${setName} may edit ${field}, which only the sync writes`);
      const object = field.split('.')[0];
      if (setName !== ADMIN && MODEL_OBJECTS.includes(object))
        out.push(`${setName} may edit model field ${field}`);
    }
    for (const [object, flags] of set.objects) {
      const f = new Set(flags.split(' '));
      if (setName !== ADMIN && MODEL_OBJECTS.includes(object) && flags !== 'Read') {
        out.push(`${setName} has "${flags}" on model object ${object}; only the admin changes the model`);
      }
      if (setName === REP && (SYNCED_OBJECTS.includes(object) ? flags !== 'Read' : false)) {
        out.push(`${setName} has "${flags}" on ${object}; reps only read synced metrics`);
      }
      if (setName === REP && object === 'Behavior_Rating__c' && f.has('Delete')) {
        out.push(`${setName} may delete ratings, including those of a manager's assessment the rep owns`);
      }
      if ([...f].some((x) => x !== 'Read') && !f.has('Read'))
        out.push(`${setName} on ${object}: "${flags}" without Read`);
      if (f.has('ModifyAll') && !['Edit', 'Delete', 'ViewAll'].every((x) => f.has(x))) {
        out.push(`${setName} on ${object}: ModifyAll needs Edit, Delete and ViewAll`);
      }
    }
    for (const e of set.fieldEntries) {
      const [object, fieldName] = e.field.split('.');
      const info = project.objects.get(object.toLowerCase())?.fields.get(fieldName.toLowerCase());
      if (!info) out.push(`${setName} names ${e.field}, which does not exist`);
      else if (info.required) out.push(`${setName} names required field ${e.field}; Salesforce rejects that`);
      else if (e.editable && info.type === 'Summary')
        out.push(`${setName} makes roll-up ${e.field} editable`);
      if (e.editable && !e.readable) out.push(`${setName} makes ${e.field} editable but not readable`);
    }
    for (const object of set.objects.keys()) {
      const info = project.objects.get(object.toLowerCase());
      for (const field of info?.fields.values() ?? []) {
        if (field.standard || field.required) continue;
        if (!set.fields.has(`${info?.name}.${field.name}`))
          out.push(`${setName} has no field permission for ${object}.${field.name}`);
      }
    }
    if (set.customPermissions.has('Sync_Metrics') && setName !== SYNC)
      out.push(`${setName} holds Sync_Metrics`);
    if (setName === REP && set.customPermissions.size) out.push(`${setName} holds custom permissions`);
  }
  return out;
}

const project = loadProject(ROOT);
const permissionSets = loadPermissionSets();
const matrix = parseMatrix();

describe('access matrix', () => {
  it('documents every permission set of the package, and only those', () => {
    expect([...permissionSets.keys()].sort()).toEqual([...matrix.sets].sort());
    expect(matrix.sets).toEqual(expect.arrayContaining([ADMIN, `${SET_PREFIX}Manager`, REP, SYNC]));
  });

  it('lists every custom object of the package, and the standard objects a set grants', () => {
    const custom = [...project.objects.values()].filter((o) => o.custom).map((o) => o.name);
    const standardGranted = [...permissionSets.values()].flatMap((s) =>
      [...s.objects.keys()].filter((o) => !o.endsWith('__c'))
    );
    expect([...matrix.objects.keys()].sort()).toEqual([...new Set([...custom, ...standardGranted])].sort());
    expect(standardGranted.sort()).toEqual(['Account', 'Lead', 'Opportunity']);
  });

  it('matches the permission sets object by object', () => {
    expect(objectDifferences(permissionSets, matrix)).toEqual([]);
  });

  it('matches the permission sets for every sensitive field and every editable field', () => {
    expect(matrix.sensitiveFields.size).toBeGreaterThan(20);
    expect(fieldDifferences(permissionSets, matrix)).toEqual([]);
  });

  it('documents scores and synced metrics as read-only for the rep', () => {
    for (const field of [...SCORE_FIELDS, ...SYNCED_ASSESSMENT_FIELDS]) {
      expect([field, matrix.sensitiveFields.get(field)?.get(REP)]).toEqual([field, 'read']);
    }
  });
});

describe('security invariants', () => {
  it('hold for the shipped permission sets', () => {
    expect(securityViolations(permissionSets, project)).toEqual([]);
  });

  /** A copy of the Rep set whose field permission for `field` is switched to editable. */
  const repWithEditable = (field: string): Map<string, PermissionSetAccess> => {
    const xml = readFileSync(join(PERMSET_DIR, `${REP}.permissionset-meta.xml`), 'utf8');
    const pattern = new RegExp(
      `<fieldPermissions>\\s*<editable>false</editable>\\s*<field>${field.replace('.', '\\.')}</field>`
    );
    expect(xml).toMatch(pattern);
    const mutated = xml.replace(
      pattern,
      `<fieldPermissions><editable>true</editable><field>${field}</field>`
    );
    const copy = new Map(permissionSets);
    copy.set(REP, parsePermissionSet(REP, mutated));
    return copy;
  };

  it.each([
    ['Assessment__c.Final_Score__c', 'a score'],
    ['Assessment__c.Eligible_Score__c', 'a score'],
    ['Assessment__c.Quota_Attainment__c', 'a synced metric'],
    ['Assessment__c.Win_Rate__c', 'a synced metric']
  ])('are reported when the Rep set may edit %s (%s)', (field, kind) => {
    const mutated = repWithEditable(field);
    expect(securityViolations(mutated, project)).toContain(`${REP} may edit ${field} (${kind})`);
    expect(fieldDifferences(mutated, matrix).join('\n')).toContain(
      `${REP} on ${field}: matrix says read, XML grants edit`
    );
  });

  /** Switches one object permission flag of `object` from false to true in permission-set XML. */
  const grant = (xml: string, object: string, element: string): string =>
    xml.replace(
      new RegExp(`(<${element}>)false(</${element}>(?:(?!</objectPermissions>)[\\s\\S])*<object>${object}<)`),
      '$1true$2'
    );

  it('are reported when the Rep set may delete ratings or write snapshots', () => {
    const xml = readFileSync(join(PERMSET_DIR, `${REP}.permissionset-meta.xml`), 'utf8');
    const mutated = grant(
      grant(xml, 'Behavior_Rating__c', 'allowDelete'),
      'Performance_Snapshot__c',
      'allowEdit'
    );
    const copy = new Map(permissionSets);
    copy.set(REP, parsePermissionSet(REP, mutated));
    const violations = securityViolations(copy, project);
    expect(violations).toContain(
      `${REP} may delete ratings, including those of a manager's assessment the rep owns`
    );
    expect(violations).toContain(
      `${REP} has "Read Edit" on Performance_Snapshot__c; reps only read synced metrics`
    );
    expect(objectDifferences(copy, matrix)).toEqual([
      `${REP} on Behavior_Rating__c: matrix says "Read Create Edit", XML grants "Read Create Edit Delete"`,
      `${REP} on Performance_Snapshot__c: matrix says "Read", XML grants "Read Edit"`
    ]);
  });

  it('are reported for field permissions on required or unknown fields', () => {
    const xml = readFileSync(join(PERMSET_DIR, `${REP}.permissionset-meta.xml`), 'utf8');
    const extra =
      '<fieldPermissions><editable>false</editable><field>Assessment__c.Rep__c</field><readable>true</readable></fieldPermissions>' +
      '<fieldPermissions><editable>false</editable><field>Assessment__c.No_Such__c</field><readable>true</readable></fieldPermissions>';
    const copy = new Map(permissionSets);
    copy.set(
      REP,
      parsePermissionSet(REP, xml.replace('<hasActivationRequired>', `${extra}<hasActivationRequired>`))
    );
    const violations = securityViolations(copy, project);
    expect(violations).toContain(`${REP} names required field Assessment__c.Rep__c; Salesforce rejects that`);
    expect(violations).toContain(`${REP} names Assessment__c.No_Such__c, which does not exist`);
  });
});

describe('app and tabs', () => {
  it('show the Sales Competency app to people and not to the sync user', () => {
    for (const [name, set] of permissionSets) {
      expect([name, [...set.apps]]).toEqual([name, name === SYNC ? [] : ['Sales_Competency']]);
    }
    expect(project.apps).toContain('Sales_Competency');
  });

  /** The documented page tabs (app pages) each set shows. */
  const pageTabs = (): Map<string, string[]> => {
    const [header, ...rows] = tableRows(readFileSync(MATRIX_FILE, 'utf8'), 'Tabs and app');
    const sets = header.slice(1).map((short) => SET_PREFIX + short);
    const bySet = new Map<string, string[]>(sets.map((s) => [s, []]));
    for (const [tab, ...cells] of rows) {
      expect([tab, project.tabs.has(tab)]).toEqual([tab, true]);
      sets.forEach((s, i) => cells[i] === 'Visible' && bySet.get(s)!.push(tab));
    }
    return bySet;
  };

  it('show exactly the tabs of the objects a set can read, plus its documented app page tabs', () => {
    const pages = pageTabs();
    expect(pages.get(`${SET_PREFIX}Rep`)).toContain('My_Career');
    for (const [name, set] of permissionSets) {
      const readable = [...set.objects.keys()].filter((o) => project.tabs.has(o));
      const expected = name === SYNC ? [] : [...readable, ...(pages.get(name) ?? [])];
      expect([name, [...set.tabs].sort()]).toEqual([name, expected.sort()]);
    }
  });
});
