import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPlans, relationshipName, toUpsertRecord, PlanError } from '../plan';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'plan-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, value: unknown): void => writeFileSync(join(dir, name), JSON.stringify(value));
const entry = (sobject: string, file: string) => ({
  sobject,
  saveRefs: true,
  resolveRefs: true,
  files: [file]
});
const rec = (type: string, ref: string, fields: Record<string, unknown>) => ({
  attributes: { type, referenceId: ref },
  ...fields
});

/** A two-level plan: one dimension, one competency under it. */
function writeModel(compFields: Record<string, unknown> = { Key__c: 'comp.a', Dimension__c: '@D1' }): void {
  write('a-plan.json', [entry('Dim__c', 'Dim__c.json'), entry('Comp__c', 'Comp__c.json')]);
  write('Dim__c.json', { records: [rec('Dim__c', 'D1', { Name: 'Dim', Key__c: 'dim.a' })] });
  write('Comp__c.json', { records: [rec('Comp__c', 'C1', { Name: 'Comp', ...compFields })] });
}

describe('readPlans', () => {
  it('reads records in plan order and resolves @Ref to the parent object and key', () => {
    writeModel();
    const records = readPlans(dir);
    expect(records.map((r) => r.key)).toEqual(['dim.a', 'comp.a']);
    expect(records[1]).toEqual({
      sobject: 'Comp__c',
      referenceId: 'C1',
      key: 'comp.a',
      fields: { Name: 'Comp', Key__c: 'comp.a' },
      parents: [{ field: 'Dimension__c', sobject: 'Dim__c', key: 'dim.a' }]
    });
  });

  it('reads several plans in file-name order', () => {
    writeModel();
    write('b-plan.json', [entry('Band__c', 'Band__c.json')]);
    write('Band__c.json', { records: [rec('Band__c', 'B1', { Key__c: 'band.1', Score__c: 1 })] });
    expect(readPlans(dir).map((r) => r.key)).toEqual(['dim.a', 'comp.a', 'band.1']);
  });

  it('names a data file the plan lists but the folder lacks', () => {
    write('a-plan.json', [entry('Dim__c', 'Nowhere.json')]);
    expect(() => readPlans(dir)).toThrow(/Missing data file \(listed in a-plan.json\): .*Nowhere.json/);
  });

  it('rejects a folder without plans', () => {
    expect(() => readPlans(dir)).toThrow(PlanError);
    expect(() => readPlans(join(dir, 'absent'))).toThrow(/Content folder not found/);
  });

  it('rejects a dangling reference', () => {
    writeModel({ Key__c: 'comp.a', Dimension__c: '@D9' });
    expect(() => readPlans(dir)).toThrow(
      /Dimension__c refers to @D9, which no earlier record in a-plan.json saves/
    );
  });

  it('rejects a reference to a record that comes later', () => {
    write('a-plan.json', [entry('Comp__c', 'Comp__c.json'), entry('Dim__c', 'Dim__c.json')]);
    write('Dim__c.json', { records: [rec('Dim__c', 'D1', { Key__c: 'dim.a' })] });
    write('Comp__c.json', { records: [rec('Comp__c', 'C1', { Key__c: 'comp.a', Dimension__c: '@D1' })] });
    expect(() => readPlans(dir)).toThrow(/refers to @D1/);
  });

  it('rejects a record without Key__c', () => {
    writeModel({ Dimension__c: '@D1' });
    expect(() => readPlans(dir)).toThrow(/Comp__c.json record 0 \(C1\): Key__c is missing/);
  });

  it('rejects a duplicate key, also across plans', () => {
    writeModel({ Key__c: 'dim.a', Dimension__c: '@D1' });
    expect(() => readPlans(dir)).toThrow(/duplicate Key__c "dim.a"/);
    writeModel();
    write('b-plan.json', [entry('Band__c', 'Band__c.json')]);
    write('Band__c.json', { records: [rec('Band__c', 'B1', { Key__c: 'comp.a' })] });
    expect(() => readPlans(dir)).toThrow(/duplicate Key__c "comp.a" \(first in a-plan.json > Comp__c.json/);
  });

  it('rejects a type that differs from the plan entry, and invalid JSON', () => {
    write('a-plan.json', [entry('Dim__c', 'Dim__c.json')]);
    write('Dim__c.json', { records: [rec('Other__c', 'D1', { Key__c: 'dim.a' })] });
    expect(() => readPlans(dir)).toThrow(/attributes.type is "Other__c", the plan says "Dim__c"/);
    writeFileSync(join(dir, 'Dim__c.json'), '{ "records": [');
    expect(() => readPlans(dir)).toThrow(/Dim__c.json is not valid JSON/);
  });

  it('requires resolveRefs on an entry whose records refer to parents', () => {
    writeModel();
    write('a-plan.json', [entry('Dim__c', 'Dim__c.json'), { sobject: 'Comp__c', files: ['Comp__c.json'] }]);
    expect(() => readPlans(dir)).toThrow(/lacks "resolveRefs": true/);
  });
});

describe('toUpsertRecord', () => {
  it('gives the type, the fields and each parent as a relationship keyed by Key__c', () => {
    writeModel();
    expect(toUpsertRecord(readPlans(dir)[1])).toEqual({
      attributes: { type: 'Comp__c' },
      Name: 'Comp',
      Key__c: 'comp.a',
      Dimension__r: { Key__c: 'dim.a' }
    });
  });

  it('names relationships of custom fields only', () => {
    expect(relationshipName('Strategy_Area__c')).toBe('Strategy_Area__r');
    expect(() => relationshipName('AccountId')).toThrow(/not a custom field/);
  });
});
