/**
 * The platform, not only the screens, enforces the product's rules: these tests read the
 * validation rules, fields and object settings from the package metadata and assert that each
 * guard exists, references real fields and permissions, and covers every field it must.
 */
import { join, resolve } from 'node:path';
import { filesEnding, loadProject, type FieldInfo } from '../scripts/validate/project';
import { children, readMetadata, text, type XmlNode } from '../scripts/validate/xml';

const ROOT = resolve(__dirname, '..');
const SRC = join(ROOT, 'force-app/main/default');
const project = loadProject(ROOT);

/** One validation rule as the tests need it. */
interface Rule {
  object: string;
  name: string;
  active: boolean;
  formula: string;
  /** The formula with all whitespace collapsed to single spaces. */
  flat: string;
  message: string;
  description: string;
  displayField?: string;
}

const rules: Rule[] = filesEnding(join(SRC, 'objects'), '.validationRule-meta.xml').map((file) => {
  const node = readMetadata(file);
  const formula = text(node, 'errorConditionFormula') ?? '';
  return {
    object: file.split('/objects/')[1].split('/')[0],
    name: text(node, 'fullName') ?? '',
    active: text(node, 'active') === 'true',
    formula,
    flat: formula.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')'),
    message: text(node, 'errorMessage') ?? '',
    description: text(node, 'description') ?? '',
    displayField: text(node, 'errorDisplayField')
  };
});

const rulesOf = (object: string): Rule[] => rules.filter((r) => r.object === object);
/** The single rule of `object` whose formula contains every fragment. */
const ruleWith = (object: string, ...fragments: string[]): Rule => {
  const found = rulesOf(object).filter((r) => fragments.every((f) => r.flat.includes(f)));
  if (found.length !== 1) {
    throw new Error(
      `${object}: expected one rule containing ${fragments.join(' & ')}, found ${found.length}`
    );
  }
  return found[0];
};
const fieldOf = (object: string, field: string): FieldInfo | undefined =>
  project.objects.get(object.toLowerCase())?.fields.get(field.toLowerCase());
const customFields = (object: string): FieldInfo[] =>
  [...(project.objects.get(object.toLowerCase())?.fields.values() ?? [])].filter((f) => !f.standard);
/** Field names inside every ISCHANGED(...) of a formula. */
const changedFields = (formula: string): string[] =>
  [...formula.matchAll(/ISCHANGED\(\s*([A-Za-z0-9_]+)\s*\)/g)].map((m) => m[1]);
const fieldXml = (object: string, field: string): XmlNode =>
  readMetadata(join(SRC, 'objects', object, 'fields', `${field}.field-meta.xml`));

/** Fields of Assessment__c that only the sync permission set may edit (Version__c aside). */
function syncOnlyAssessmentFields(): string[] {
  const editableBy = new Map<string, Set<string>>();
  for (const file of filesEnding(join(SRC, 'permissionsets'), '.permissionset-meta.xml')) {
    const set = file.split('/').pop()?.replace('.permissionset-meta.xml', '') ?? '';
    for (const fp of children(readMetadata(file), 'fieldPermissions')) {
      const field = text(fp, 'field') ?? '';
      if (text(fp, 'editable') !== 'true' || !field.startsWith('Assessment__c.')) continue;
      const name = field.slice('Assessment__c.'.length);
      editableBy.set(name, (editableBy.get(name) ?? new Set()).add(set));
    }
  }
  return [...editableBy]
    .filter(([name, sets]) => name !== 'Version__c' && sets.size === 1 && sets.has('Sales_Competency_Sync'))
    .map(([name]) => name)
    .sort();
}

describe('every validation rule', () => {
  it('is present in numbers', () => {
    expect(rules.length).toBeGreaterThan(30);
  });

  it.each(rules.map((r) => [`${r.object}.${r.name}`, r]))('%s is well formed', (_, rule) => {
    expect(rule.active).toBe(true);
    expect(rule.name).toMatch(/^[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)*$/);
    expect(rule.name.length).toBeLessThanOrEqual(40);
    expect(rule.message.length).toBeGreaterThan(20);
    expect(rule.message.length).toBeLessThanOrEqual(255);
    expect(rule.description.length).toBeGreaterThan(0);
    expect(rule.description.length).toBeLessThanOrEqual(255);
    let depth = 0;
    for (const ch of rule.formula.replace(/"[^"]*"/g, '""')) {
      depth += ch === '(' ? 1 : ch === ')' ? -1 : 0;
      expect(depth).toBeGreaterThanOrEqual(0);
    }
    expect(depth).toBe(0);
    expect((rule.formula.match(/"/g) ?? []).length % 2).toBe(0);
    // Operators split by an XML formatter ("< >", "< =") are syntax errors in Salesforce formulas.
    expect(rule.formula).not.toMatch(/<\s+[>=]|>\s+=/);
    expect(rule.message).not.toMatch(/\s{2}|\n/);
    if (rule.displayField) {
      expect([rule.displayField, fieldOf(rule.object, rule.displayField)?.type]).not.toEqual([
        rule.displayField,
        undefined
      ]);
      expect(fieldOf(rule.object, rule.displayField)?.type).not.toBe('Summary');
    }
  });

  it.each(rules.map((r) => [`${r.object}.${r.name}`, r]))(
    '%s references only existing fields and permissions',
    (_, rule) => {
      const formula = rule.formula.replace(/"[^"]*"/g, '""');
      for (const m of formula.matchAll(/\b([A-Za-z0-9_]+)__r\.([A-Za-z0-9_]+)\b/g)) {
        const lookup = fieldOf(rule.object, `${m[1]}__c`);
        expect([m[0], lookup?.referenceTo.length]).toEqual([m[0], 1]);
        expect([m[0], fieldOf(lookup?.referenceTo[0] ?? '', m[2])?.name]).toEqual([m[0], m[2]]);
      }
      const own = formula
        .replace(/\b[A-Za-z0-9_]+__r\.[A-Za-z0-9_]+\b/g, '')
        .replace(/\$[A-Za-z]+\.[A-Za-z0-9_]+/g, '');
      for (const m of own.matchAll(/\b([A-Za-z0-9_]+__c)\b/g)) {
        expect([m[1], fieldOf(rule.object, m[1])?.name]).toEqual([m[1], m[1]]);
      }
      for (const m of formula.matchAll(/\$Permission\.([A-Za-z0-9_]+)/g)) {
        expect(project.customPermissions).toContain(m[1]);
      }
    }
  );
});

describe('period keys', () => {
  const objectsWithPeriod = [...project.objects.values()]
    .filter((o) => o.custom && o.fields.has('period__c'))
    .map((o) => o.name);

  it('are checked on every object that has a period', () => {
    expect(objectsWithPeriod.sort()).toEqual(
      ['Assessment__c', 'Behavior_Impact__c', 'Performance_Snapshot__c', 'Sales_Quota__c'].sort()
    );
    for (const object of objectsWithPeriod) {
      const rule = ruleWith(object, 'REGEX(Period__c, "^[0-9]{4}(-Q[1-4])?$")');
      expect(rule.flat.startsWith('NOT(REGEX(')).toBe(true);
      expect(rule.displayField).toBe('Period__c');
    }
  });

  it('accept quarters and years, reject anything else (REGEX matches the whole value)', () => {
    const pattern = /REGEX\(Period__c, "([^"]+)"\)/.exec(
      ruleWith('Assessment__c', 'REGEX(Period__c').flat
    )?.[1];
    const wholeValue = new RegExp(`^(?:${pattern})$`);
    for (const ok of ['2026-Q3', '2026', '1999-Q1', '2030-Q4'])
      expect([ok, wholeValue.test(ok)]).toEqual([ok, true]);
    for (const bad of [
      '2026-Q5',
      '2026-Q0',
      '26-Q1',
      '2026Q3',
      '2026-q3',
      '',
      '2026-Q3 ',
      'FY2026',
      '2026-H1'
    ]) {
      expect([bad, wholeValue.test(bad)]).toEqual([bad, false]);
    }
  });
});

describe('assessment guards', () => {
  it('reject a save whose version is not the prior version plus one', () => {
    const rule = ruleWith('Assessment__c', 'PRIORVALUE(Version__c)');
    expect(rule.flat.startsWith('AND(NOT(ISNEW()), Version__c <> PRIORVALUE(Version__c) + 1,')).toBe(true);
    expect(rule.displayField).toBe('Version__c');
    expect(rule.message.toLowerCase()).toContain('reload');
    expect(rule.message.toLowerCase()).toContain('someone else saved');
    expect(fieldXml('Assessment__c', 'Version__c').defaultValue).toBe('0');
  });

  it("let roll-up recounts through but catch every person's save, including a stale ratings-only save", () => {
    const rule = ruleWith('Assessment__c', 'PRIORVALUE(Version__c)');
    const expected = customFields('Assessment__c')
      .filter((f) => !['LongTextArea', 'Summary'].includes(f.type))
      .map((f) => f.name)
      .sort();
    expect(changedFields(rule.formula).sort()).toEqual(expected);
    expect(expected).toEqual(
      expect.arrayContaining(['Save_Token__c', 'Version__c', 'Status__c', 'Final_Score__c'])
    );
    expect(changedFields(rule.formula)).not.toContain('Rating_Count__c');
  });

  it('keep the final score from being better than the eligible score without calibration', () => {
    const rule = ruleWith('Assessment__c', 'Final_Score__c < Eligible_Score__c');
    expect(rule.flat).toContain('ISBLANK(Override_Reason__c)');
    expect(rule.flat).toContain('NOT($Permission.Calibrate_Scores)');
    expect(rule.flat).toContain('ISCHANGED(Final_Score__c)');
    expect(rule.displayField).toBe('Final_Score__c');
  });

  it('let only the sync change every synced field, on create and on update', () => {
    const rule = ruleWith('Assessment__c', 'NOT($Permission.Sync_Metrics)', 'ISCHANGED(Quota_Attainment__c)');
    const synced = syncOnlyAssessmentFields();
    expect(synced).toEqual([
      'Eligible_Score__c',
      'Metrics_Synced_At__c',
      'Needs_Calibration__c',
      'Quota_Attainment__c',
      'Win_Rate__c'
    ]);
    expect(changedFields(rule.formula).sort()).toEqual(synced);
    const onCreate = rule.flat.slice(rule.flat.indexOf('AND(ISNEW(),'));
    // a checkbox is never blank: on create it is checked for being set (true)
    const setOnCreate = [
      ...[...onCreate.matchAll(/NOT\(ISBLANK\(([A-Za-z_]+)\)\)/g)].map((m) => m[1]),
      ...[...onCreate.matchAll(/, ([A-Za-z_]+__c)[,)]/g)].map((m) => m[1])
    ];
    expect(setOnCreate.sort()).toEqual(synced);
    for (const f of synced)
      expect([f, fieldOf('Assessment__c', f)?.type === 'Checkbox']).toEqual([f, onCreate.includes(` ${f})`)]);
  });

  it('never accept a blank version (blank plus one is blank, and the version check would stop firing)', () => {
    const blank = rulesOf('Assessment__c').filter((r) => r.flat === 'ISBLANK(Version__c)');
    expect(blank.map((r) => r.displayField)).toEqual(['Version__c']);
    expect(ruleWith('Behavior_Rating__c', 'PRIORVALUE(Version__c)').flat).toBe(
      'OR(ISBLANK(Version__c), AND(NOT(ISNEW()), Version__c <> PRIORVALUE(Version__c) + 1))'
    );
  });

  it('need a new save token with every person save, naming the token it replaces (docs/saving.md)', () => {
    const rule = ruleWith('Assessment__c', 'PRIORVALUE(Save_Token__c)');
    for (const fragment of [
      'NOT(ISCHANGED(Save_Token__c))',
      'ISBLANK(Save_Token__c)',
      'Previous_Save_Token__c <> PRIORVALUE(Save_Token__c)',
      'NOT($Permission.Sync_Metrics)',
      'Save_Token__c = Previous_Save_Token__c'
    ])
      expect([fragment, rule.flat.includes(fragment)]).toEqual([fragment, true]);
    expect(rule.displayField).toBe('Save_Token__c');
  });

  it('tie every rating write to a new save of its assessment', () => {
    const rule = ruleWith('Behavior_Rating__c', 'Assessment__r.Save_Token__c');
    for (const fragment of [
      'ISBLANK(Save_Token__c)',
      'AND(NOT(ISNEW()), NOT(ISCHANGED(Save_Token__c)))',
      'Save_Token__c <> Assessment__r.Save_Token__c',
      'Previous_Save_Token__c <> Assessment__r.Previous_Save_Token__c'
    ])
      expect([fragment, rule.flat.includes(fragment)]).toEqual([fragment, true]);
    // the screen treats an error on Version__c as "someone else saved first"
    expect(rule.displayField).toBe('Version__c');
    expect(rule.message).toContain('Someone else saved this assessment');
  });

  it('ask for an eligible score before a final score, and check a ramp final score against the areas', () => {
    const needs = ruleWith(
      'Assessment__c',
      'ISBLANK(Eligible_Score__c)',
      'NOT(ISBLANK(Final_Score__c))',
      'IF(In_Ramp__c'
    );
    expect(needs.displayField).toBe('Final_Score__c');
    const ramp = ruleWith('Assessment__c', 'In_Ramp__c', 'Final_Score__c < IF(');
    expect(ramp.flat).toContain('OR(ISBLANK(Override_Reason__c), NOT($Permission.Calibrate_Scores))');
    expect(ruleWith('Assessment__c', 'Final_Score__c < Eligible_Score__c').flat).toContain('NOT(In_Ramp__c)');
  });

  it('keep scores on the 1-5 scale', () => {
    for (const field of ['Eligible_Score__c', 'Final_Score__c', 'Overall_Score__c']) {
      const rule = ruleWith('Assessment__c', `${field} < 1`, `${field} > 5`);
      expect(rule.displayField).toBe(field);
    }
    ruleWith('Performance_Band__c', 'OR(ISBLANK(Score__c), Score__c < 1, Score__c > 5)');
    // a fallback no worse than the band's own score would undo the both-Exceeding gate
    expect(ruleWith('Performance_Band__c', 'Fallback_Score__c <= Score__c').flat).toContain(
      'Requires_Both_Exceeding__c'
    );
    ruleWith('Role_Competency__c', 'Weight__c <= 0');
  });

  it('gate every rule that depends on the saving user on ISNEW or ISCHANGED (roll-up recounts re-save the parent)', () => {
    const userDependent = rulesOf('Assessment__c').filter((r) => /\$User|\$Permission/.test(r.formula));
    expect(userDependent.length).toBeGreaterThan(5);
    for (const r of userDependent)
      expect([r.name, /ISNEW\(\)|ISCHANGED\(/.test(r.formula)]).toEqual([r.name, true]);
  });

  it('let only the assessor submit and only the rep acknowledge', () => {
    const ack = ruleWith('Assessment__c', 'ISPICKVAL(Status__c, "Acknowledged")', 'Rep__c <> $User.Id');
    expect(ack.flat).toContain('ISPICKVAL(PRIORVALUE(Status__c), "Submitted")');
    ruleWith('Assessment__c', 'ISCHANGED(Status__c)', 'Assessor__c <> $User.Id');
  });

  it('count ratings and low ratings with roll-up summaries', () => {
    const count = fieldXml('Assessment__c', 'Rating_Count__c');
    expect([count.type, count.summaryOperation, count.summaryForeignKey]).toEqual([
      'Summary',
      'count',
      'Behavior_Rating__c.Assessment__c'
    ]);
    const low = fieldXml('Assessment__c', 'Low_Rating_Count__c');
    expect(children(low, 'summaryFilterItems')).toEqual([
      { field: 'Behavior_Rating__c.Rating__c', operation: 'equals', value: '1, 2' }
    ]);
  });
});

describe('rating guards', () => {
  it('allow only 1-5 or N/A, and never a blank rating', () => {
    expect(fieldOf('Behavior_Rating__c', 'Rating__c')?.picklist).toEqual({
      values: ['1', '2', '3', '4', '5', 'N/A'],
      restricted: true
    });
    expect(ruleWith('Behavior_Rating__c', 'ISBLANK(TEXT(Rating__c))').displayField).toBe('Rating__c');
  });

  it('ask for evidence on ratings of 1 and 2', () => {
    const rule = ruleWith('Behavior_Rating__c', 'ISBLANK(Evidence__c)');
    expect(rule.flat).toContain('ISPICKVAL(Rating__c, "1")');
    expect(rule.flat).toContain('ISPICKVAL(Rating__c, "2")');
    expect(rule.flat).not.toContain('"3"');
    expect(rule.displayField).toBe('Evidence__c');
  });

  it('do not count spaces or invisible characters as evidence', () => {
    const rule = ruleWith('Behavior_Rating__c', 'ISBLANK(Evidence__c)');
    expect(rule.formula).toContain('NOT(REGEX(Evidence__c, "[\\\\s\\\\S]*[\\\\p{L}\\\\p{N}][\\\\s\\\\S]*"))');
  });

  it('let only the assessor create or change a rating', () => {
    expect(ruleWith('Behavior_Rating__c', 'Assessment__r.Assessor__c <> $User.Id').flat).toBe(
      'Assessment__r.Assessor__c <> $User.Id'
    );
  });

  it('keep ratings of an acknowledged assessment final', () => {
    ruleWith('Behavior_Rating__c', 'ISPICKVAL(Assessment__r.Status__c, "Acknowledged")');
  });
});

describe('synced records', () => {
  it.each(['Performance_Snapshot__c', 'Behavior_Impact__c'])(
    '%s is written only with Sync_Metrics',
    (object) => {
      expect(ruleWith(object, '$Permission.Sync_Metrics').flat).toBe('NOT($Permission.Sync_Metrics)');
    }
  );

  it.each([
    ['Performance_Snapshot__c', 'Rep__c'],
    ['Sales_Quota__c', 'User__c']
  ])('%s keys are <user Id>:<period>', (object, userField) => {
    const rule = ruleWith(object, `CASESAFEID(${userField}) & ":" & Period__c`);
    expect(rule.displayField).toBe('Key__c');
  });
});

describe('object settings', () => {
  const objectXml = (object: string): XmlNode =>
    readMetadata(join(SRC, 'objects', object, `${object}.object-meta.xml`));
  const customObjects = [...project.objects.values()].filter((o) => o.custom).map((o) => o.name);

  it('use the documented sharing models', () => {
    const sharing = Object.fromEntries(customObjects.map((o) => [o, text(objectXml(o), 'sharingModel')]));
    for (const o of ['Assessment__c', 'Performance_Snapshot__c', 'Sales_Quota__c'])
      expect(sharing[o]).toBe('Private');
    for (const o of ['Competency_Dimension__c', 'Competency__c', 'Career_Level__c', 'Performance_Band__c']) {
      expect(sharing[o]).toBe('Read');
    }
    for (const o of ['Behavior_Impact__c', 'Maturity_Assessment__c', 'Strategy_Assessment__c'])
      expect(sharing[o]).toBe('Read');
    for (const o of customObjects) {
      const isDetail = customFields(o).some((f) => f.type === 'MasterDetail');
      expect([o, sharing[o] === 'ControlledByParent']).toEqual([o, isDetail]);
      const external = text(objectXml(o), 'externalSharingModel');
      expect([o, external]).toEqual([o, isDetail ? 'ControlledByParent' : 'Private']);
    }
  });

  it('assign a compact layout that exists', () => {
    for (const o of customObjects) {
      const assigned = text(objectXml(o), 'compactLayoutAssignment') ?? '';
      expect([o, project.objects.get(o.toLowerCase())?.compactLayouts.has(assigned)]).toEqual([o, true]);
    }
  });

  it('give every keyed record a unique, case-sensitive, required external Key__c', () => {
    const keyed = customObjects.filter((o) => fieldOf(o, 'Key__c'));
    expect(keyed.length).toBe(13);
    for (const o of keyed) {
      const key = fieldXml(o, 'Key__c');
      expect([o, key.externalId, key.unique, key.caseSensitive, key.required, key.length]).toEqual([
        o,
        'true',
        'true',
        'true',
        'true',
        '80'
      ]);
    }
  });

  it('let re-imported model records keep naming their master (upsert sends the master-detail field)', () => {
    // Content is re-imported by upsert on Key__c, and every row names its parent; Salesforce only
    // accepts the master-detail field on an update when the relationship is reparentable.
    const modelDetails = [
      'Job_Behavior__c',
      'Role_Competency__c',
      'Maturity_Level_Descriptor__c',
      'Thought_Starter__c'
    ];
    for (const o of modelDetails) {
      const master = customFields(o).find((f) => f.type === 'MasterDetail')!;
      expect([o, fieldXml(o, master.name).reparentableMasterDetail]).toEqual([o, 'true']);
    }
    // Ratings, answers and responses stay with the assessment they were made in.
    for (const o of [
      'Behavior_Rating__c',
      'Maturity_Response__c',
      'Strategy_Answer__c',
      'Strategy_Area_Rating__c'
    ]) {
      const master = customFields(o).find((f) => f.type === 'MasterDetail')!;
      expect([o, fieldXml(o, master.name).reparentableMasterDetail]).toEqual([o, 'false']);
    }
  });
});
