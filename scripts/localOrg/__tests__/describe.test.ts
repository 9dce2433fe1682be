/**
 * Describe as generic clients (data loaders, the Salesforce CLI) read it: the platform fills OwnerId
 * and the audit fields, so they are defaulted on create and never required; Id is labelled Record ID.
 */
import { Connection } from 'jsforce';
import { startLocalOrg, type LocalOrg } from '../index';
import { FIXTURE_DIR } from './helpers';

let org: LocalOrg;
let conn: Connection;
beforeAll(async () => {
  org = await startLocalOrg({ metadataDir: FIXTURE_DIR });
  conn = new Connection({ instanceUrl: org.url, accessToken: org.accessToken, version: '66.0' });
});
afterAll(() => org.close());

/** What a generic client treats as required on insert: createable, not nillable, not defaulted. */
const requiredOnCreate = (f: { createable: boolean; nillable: boolean; defaultedOnCreate: boolean }) =>
  f.createable && !f.nillable && !f.defaultedOnCreate;

describe('describe of a custom object', () => {
  it('reports OwnerId as defaulted on create, so clients need not send it', async () => {
    const d = await conn.describe('Parent__c');
    const owner = d.fields.find((f) => f.name === 'OwnerId')!;
    expect(owner).toMatchObject({ createable: true, nillable: false, defaultedOnCreate: true });
    expect(requiredOnCreate(owner)).toBe(false);
    // what a client that trusts describe sends: no OwnerId, and the record is owned by the caller
    const required = d.fields.filter(requiredOnCreate).map((f) => f.name);
    expect(required).not.toContain('OwnerId');
    const { id } = (await conn.sobject('Parent__c').create({ Name: 'no owner sent' })) as { id: string };
    const rec = (await conn.sobject('Parent__c').retrieve(id)) as { OwnerId: string };
    expect(rec.OwnerId).toBe(org.store.currentUserId);
  });

  it('labels Id "Record ID" and reports the audit fields as defaulted on create', async () => {
    const d = await conn.describe('Parent__c');
    const byName = new Map(d.fields.map((f) => [f.name, f]));
    expect(byName.get('Id')).toMatchObject({ label: 'Record ID', defaultedOnCreate: true });
    for (const name of [
      'CreatedDate',
      'CreatedById',
      'LastModifiedDate',
      'LastModifiedById',
      'SystemModstamp'
    ])
      expect(byName.get(name)?.defaultedOnCreate).toBe(true);
    // a master-detail field stays required
    const child = await conn.describe('Child__c');
    expect(child.fields.filter(requiredOnCreate).map((f) => f.name)).toContain('Parent__c');
  });
});
