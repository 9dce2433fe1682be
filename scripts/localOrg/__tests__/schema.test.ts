import * as path from 'node:path';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { loadSchema } from '../../metadata/schema';
import { idChecksum, idNumber, makeId, normalizeId } from '../../metadata/ids';
import { IdIndex, type Rec } from '../store';
import { FIXTURE_DIR } from './helpers';

describe('ids', () => {
  it('builds 18-character ids whose suffix encodes the case of the first 15', () => {
    const id = makeId('006', 1);
    expect(id).toHaveLength(18);
    expect(id.startsWith('006')).toBe(true);
    // a documented pair: the suffix of 001A0000006Vm9r is IAC
    expect(idChecksum('001A0000006Vm9r')).toBe('IAC');
    expect(normalizeId('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
    expect(normalizeId('001A0000006Vm9rIAC')).toBe('001A0000006Vm9rIAC');
    expect(normalizeId('001A0000006Vm9rXXX')).toBeNull();
    expect(normalizeId('not an id')).toBeNull();
  });

  it('finds rows from the record number in the id, and keeps ids that break the pattern aside', () => {
    expect(idNumber(makeId('a0B', 123456789))).toBe(123456789);
    expect(idNumber('001A0000006Vm9rIAC')).toBe(0);
    const rows: Rec[] = [];
    const index = new IdIndex(rows);
    const own = { Id: makeId('006', 1) };
    const foreign = { Id: '006A0000006Vm9rIAC' };
    rows.push(own, foreign);
    index.set(own.Id, own);
    index.set(foreign.Id, foreign);
    expect(index.get(own.Id)).toBe(own);
    expect(index.get(foreign.Id)).toBe(foreign);
    expect(index.get(makeId('006', 2))).toBeUndefined();
    index.delete(foreign.Id);
    expect(index.get(foreign.Id)).toBeUndefined();
  });
});

describe('loadSchema on fixture metadata', () => {
  const schema = loadSchema({ metadataDir: FIXTURE_DIR });
  const parent = schema.find('parent__c')!;
  const child = schema.find('Child__c')!;

  it('maps metadata field types to describe types', () => {
    const type = (o: typeof parent, f: string) => o.fieldMap.get(f.toLowerCase())!.type;
    expect(type(parent, 'Key__c')).toBe('string');
    expect(type(parent, 'Score__c')).toBe('double');
    expect(type(parent, 'Color__c')).toBe('picklist');
    expect(type(parent, 'Total__c')).toBe('currency');
    expect(type(parent, 'Child_Count__c')).toBe('double');
    expect(type(parent, 'Latest_Due__c')).toBe('date');
    expect(type(parent, 'Doubled__c')).toBe('double');
    expect(type(child, 'Parent__c')).toBe('reference');
    expect(type(child, 'Notes__c')).toBe('textarea');
    expect(type(child, 'Tags__c')).toBe('multipicklist');
    expect(type(child, 'Seen__c')).toBe('datetime');
    expect(type(child, 'Active__c')).toBe('boolean');
    expect(type(child, 'Email__c')).toBe('email');
    expect(type(child, 'Site__c')).toBe('url');
    expect(type(child, 'Share__c')).toBe('percent');
  });

  it('reads flags, global value sets, defaults and relationships', () => {
    const key = parent.fieldMap.get('key__c')!;
    expect([key.externalId, key.unique, key.caseSensitive, key.length]).toEqual([true, true, true, 20]);
    const color = parent.fieldMap.get('color__c')!;
    expect(color.restrictedPicklist).toBe(true);
    expect(color.picklistValues.map((p) => p.value)).toEqual(['Red', 'Green']);
    expect(color.defaultValue).toBe('Green');
    expect(child.fieldMap.get('active__c')!.defaultValue).toBe(true);
    const md = child.fieldMap.get('parent__c')!;
    expect([md.masterDetail, md.required, md.updateable, md.relationshipName]).toEqual([
      true,
      true,
      false,
      'Parent__r'
    ]);
    expect(parent.childRelationships).toContainEqual({
      childSObject: 'Child__c',
      field: 'Parent__c',
      relationshipName: 'Children__r',
      cascadeDelete: true
    });
    expect(child.owned).toBe(false);
    expect(parent.owned).toBe(true);
    expect(child.fieldMap.get('name')!.autoNumber).toBe(true);
    expect(parent.fieldMap.get('doubled__c')!.createable).toBe(false);
    expect(schema.find('User')!.fieldMap.get('sales_role__c')!.picklistValues).toHaveLength(2);
  });

  it('gives every object a distinct key prefix that is stable across loads', () => {
    const again = loadSchema({ metadataDir: FIXTURE_DIR });
    const prefixes = schema.list().map((o) => o.keyPrefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    expect(again.find('Parent__c')!.keyPrefix).toBe(parent.keyPrefix);
    expect(schema.find('Opportunity')!.keyPrefix).toBe('006');
    expect(schema.find('User')!.keyPrefix).toBe('005');
  });

  it('rejects metadata it cannot model with a message naming the field', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lo-schema-'));
    fs.mkdirSync(path.join(dir, 'objects/Bad__c/fields'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'objects/Bad__c/fields/X__c.field-meta.xml'),
      '<?xml version="1.0"?><CustomField><fullName>X__c</fullName><label>X</label><type>Hologram</type></CustomField>'
    );
    expect(() => loadSchema({ metadataDir: dir })).toThrow('Bad__c.X__c: unsupported field type "Hologram"');
  });
});

describe('the package metadata', () => {
  const schema = loadSchema();

  it('loads every custom object in force-app', () => {
    const dir = path.resolve(__dirname, '../../../force-app/main/default/objects');
    const custom = fs.readdirSync(dir).filter((n) => n.endsWith('__c'));
    expect(custom.length).toBeGreaterThan(0);
    for (const name of custom) expect(schema.find(name)?.name).toBe(name);
  });
});
