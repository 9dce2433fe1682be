/**
 * The local org over real HTTP with jsforce 3 as the client: query paging, CRUD, validation errors,
 * upsert, sObject Collections, describe, limits, Bulk 2.0 query jobs, faults and persistence.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Connection } from 'jsforce';
import { startLocalOrg, type LocalOrg } from '../index';
import { FIXTURE_DIR, NOW } from './helpers';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
/** One entry of an sObject Collections answer. */
interface SaveResult {
  id: string | null;
  success: boolean;
  created?: boolean;
  errors: { statusCode: string; message: string; fields: string[] }[];
}

let org: LocalOrg;
let conn: Connection;

function connect(o: LocalOrg, token = o.accessToken): Connection {
  return new Connection({ instanceUrl: o.url, accessToken: token, version: '66.0' });
}

/** Sends a raw request and returns status, headers and parsed body (jsforce hides statuses). */
async function raw(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${org.url}${url}`, {
    method,
    headers: { Authorization: `Bearer ${org.accessToken}`, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  const text = await res.text();
  const isJson = (res.headers.get('content-type') ?? '').includes('json');
  return {
    status: res.status,
    headers: res.headers,
    body: text && isJson ? (JSON.parse(text) as Json) : null,
    text
  };
}

async function rejection(p: PromiseLike<unknown>): Promise<Json> {
  try {
    await p;
  } catch (e) {
    return e as Json;
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  org = await startLocalOrg({ metadataDir: FIXTURE_DIR, now: () => NOW });
  conn = connect(org);
});
afterAll(() => org.close());
beforeEach(() => org.faults.clear());

describe('versions, session and limits', () => {
  it('lists API versions without a session', async () => {
    const res = await fetch(`${org.url}/services/data`);
    const body = (await res.json()) as { version: string }[];
    expect(body.map((v) => v.version)).toContain('66.0');
  });

  it('answers a wrong token with 401 INVALID_SESSION_ID', async () => {
    const err = await rejection(connect(org, 'wrong').query('SELECT Id FROM User'));
    expect(err.errorCode).toBe('INVALID_SESSION_ID');
  });

  it('counts every call in Sforce-Limit-Info and /limits', async () => {
    const before = org.apiUsage().used;
    await conn.query('SELECT Id FROM User');
    expect(conn.limitInfo?.apiUsage?.used).toBe(before + 1);
    const limits = await conn.request<Json>('/limits');
    expect(limits.DailyApiRequests).toEqual({ Max: 100000, Remaining: 100000 - (before + 2) });
    const res = await raw('GET', '/services/data/v66.0/limits');
    expect(res.headers.get('sforce-limit-info')).toBe(`api-usage=${before + 3}/100000`);
  });
});

describe('what the Salesforce CLI asks', () => {
  it('answers OAuth userinfo and the identity URL for the token', async () => {
    const info = (await raw('GET', '/services/oauth2/userinfo')).body!;
    expect(info).toMatchObject({
      user_id: org.store.currentUserId,
      organization_id: org.store.organizationId,
      preferred_username: 'admin@local.org'
    });
    const id = (await raw('GET', `/id/${org.store.organizationId}/${org.store.currentUserId}`)).body!;
    expect(id.username).toBe('admin@local.org');
  });

  it('tolerates a doubled leading slash, as clients joining "http://host/" and "/services" send', async () => {
    const res = await raw('GET', '//services/data');
    expect(res.status).toBe(200);
  });

  it('describes query columns (columns=true), nesting parent fields and naming functions', async () => {
    const q = (soql: string) =>
      raw('GET', `/services/data/v66.0/query?q=${encodeURIComponent(soql)}&columns=true`);
    const plain = (await q('SELECT Name, Owner.Name FROM Parent__c')).body!;
    expect(plain.entityName).toBe('Parent__c');
    expect(plain.columnMetadata).toEqual([
      expect.objectContaining({ columnName: 'Name', aggregate: false, joinColumns: [] }),
      expect.objectContaining({
        columnName: 'Owner',
        joinColumns: [expect.objectContaining({ columnName: 'Name' })]
      })
    ]);
    const agg = (await q('SELECT Color__c, COUNT(Id), MAX(Score__c) top FROM Parent__c GROUP BY Color__c'))
      .body!;
    const cols = agg.columnMetadata as { columnName: string; displayName: string; aggregate: boolean }[];
    expect(cols.map((c) => [c.columnName, c.displayName, c.aggregate])).toEqual([
      ['Color__c', 'Color__c', false],
      ['expr0', 'COUNT(Id)', true],
      ['top', 'MAX(Score__c)', true]
    ]);
  });
});

describe('sObject CRUD and validation', () => {
  it('creates, retrieves, updates and deletes a record', async () => {
    const created = await conn
      .sobject('Parent__c')
      .create({ Name: 'Alpha', Key__c: 'crud-1', Score__c: 12.34 });
    expect(created.success).toBe(true);
    const id = created.id as string;
    expect(id).toHaveLength(18);
    const rec = (await conn.sobject('Parent__c').retrieve(id)) as Json;
    expect(rec).toMatchObject({
      Name: 'Alpha',
      Key__c: 'crud-1',
      Score__c: 12.3,
      Color__c: 'Green',
      Child_Count__c: 0
    });
    expect(rec.OwnerId).toBe(org.store.currentUserId);
    expect(rec.CreatedDate).toBe('2026-05-15T12:00:00.000+0000');
    const upd = await conn.sobject('Parent__c').update({ Id: id, Color__c: 'Red' });
    expect(upd.success).toBe(true);
    expect(((await conn.sobject('Parent__c').retrieve(id)) as Json).Color__c).toBe('Red');
    const other = await conn.sobject('Parent__c').create({ Name: 'Beta', Key__c: 'crud-2' });
    const many = (await conn.sobject('Parent__c').retrieve([id, other.id as string])) as Json[];
    expect(many.map((r): unknown => r.Name)).toEqual(['Alpha', 'Beta']);
    await conn.sobject('Parent__c').destroy(id);
    const gone = await rejection(conn.sobject('Parent__c').retrieve(id));
    expect(gone.errorCode).toBe('NOT_FOUND');
    const all = await conn.query(`SELECT Id FROM Parent__c WHERE Id = '${id}'`, { scanAll: true });
    expect(all.totalSize).toBe(1);
  });

  it.each([
    [{ Name: 'x', Nope__c: 1 }, 'INVALID_FIELD', 'Nope__c'],
    [{ Name: 'x', Score__c: 'lots' }, 'JSON_PARSER_ERROR', 'Score__c'],
    [{ Name: 'x', Score__c: 123.4 }, 'NUMBER_OUTSIDE_VALID_RANGE', 'Score__c'],
    [{ Name: 'x', Color__c: 'Blue' }, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', 'Color__c'],
    [{ Name: 'x', Key__c: 'k'.repeat(21) }, 'STRING_TOO_LONG', 'Key__c'],
    [{ Name: 'x', Child_Count__c: 3 }, 'INVALID_FIELD_FOR_INSERT_UPDATE', 'Child_Count__c'],
    [{ Name: 'x', Owner_Rep__c: '001000000000000' }, 'FIELD_INTEGRITY_EXCEPTION', 'Owner_Rep__c'],
    [{ Name: 'x', Owner_Rep__c: 'nonsense' }, 'MALFORMED_ID', 'Owner_Rep__c']
  ])('rejects %j with %s', async (body, code, field) => {
    const res = await raw('POST', '/services/data/v66.0/sobjects/Parent__c', body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual([{ message: expect.any(String), errorCode: code, fields: [field] }]);
  });

  it('requires required and master-detail fields, and rejects duplicates of unique fields', async () => {
    const missing = await raw('POST', '/services/data/v66.0/sobjects/Child__c', { Amount__c: 1 });
    expect(missing.body![0]).toMatchObject({
      errorCode: 'REQUIRED_FIELD_MISSING',
      fields: ['Parent__c', 'Short__c']
    });
    await conn.sobject('Parent__c').create({ Name: 'Dup', Key__c: 'dup-1' });
    const dup = await raw('POST', '/services/data/v66.0/sobjects/Parent__c', {
      Name: 'Dup 2',
      Key__c: 'dup-1'
    });
    expect(dup.body![0]).toMatchObject({ errorCode: 'DUPLICATE_VALUE', fields: ['Key__c'] });
    // the key is case-sensitive, so another case is a different value
    expect(
      (await raw('POST', '/services/data/v66.0/sobjects/Parent__c', { Name: 'Dup 3', Key__c: 'DUP-1' }))
        .status
    ).toBe(201);
  });

  it('resolves a parent by external id in the body and names children after their auto number', async () => {
    await conn.sobject('Parent__c').create({ Name: 'Mom', Key__c: 'rel-1' });
    const made = await conn
      .sobject('Child__c')
      .create({ Parent__r: { Key__c: 'rel-1' }, Short__c: 'k1', Amount__c: 4 });
    const kid = (await conn.sobject('Child__c').retrieve(made.id as string)) as Json;
    expect(kid.Name).toMatch(/^C-\d{4}$/);
    const [mom] = (await conn.query("SELECT Id, Total__c FROM Parent__c WHERE Key__c = 'rel-1'"))
      .records as Json[];
    expect(kid.Parent__c).toBe(mom.Id);
    expect(mom.Total__c).toBe(4);
    const bad = await raw('POST', '/services/data/v66.0/sobjects/Child__c', {
      Parent__r: { Key__c: 'none' },
      Short__c: 'x'
    });
    expect(bad.body![0]).toMatchObject({ errorCode: 'INVALID_FIELD' });
    const reparent = await raw('PATCH', `/services/data/v66.0/sobjects/Child__c/${made.id}`, {
      Parent__c: mom.Id
    });
    expect(reparent.body![0].errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
  });
});

describe('upsert by external id', () => {
  it('creates (201), updates (200), is ambiguous on several matches (300) and 404s on a missing Id', async () => {
    const url = '/services/data/v66.0/sobjects/Parent__c/Key__c/up-1';
    const first = await raw('PATCH', url, { Name: 'Up', Score__c: 1 });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ success: true, created: true });
    const second = await raw('PATCH', url, { Score__c: 2 });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ id: first.body!.id, created: false });
    await conn.sobject('Parent__c').create([
      { Name: 'c1', Code__c: 'same' },
      { Name: 'c2', Code__c: 'same' }
    ]);
    const multi = await raw('PATCH', '/services/data/v66.0/sobjects/Parent__c/Code__c/same', { Score__c: 3 });
    expect(multi.status).toBe(300);
    expect(multi.body).toHaveLength(2);
    const missing = await raw('PATCH', '/services/data/v66.0/sobjects/Parent__c/Id/a00000000000000', {
      Score__c: 3
    });
    expect(missing.status).toBe(404);
  });
});

describe('sObject Collections', () => {
  it('creates with allOrNone false: each record succeeds or fails alone', async () => {
    const res = await conn.request<Json[]>({
      method: 'POST',
      url: '/composite/sobjects',
      body: JSON.stringify({
        allOrNone: false,
        records: [
          { attributes: { type: 'Parent__c' }, Name: 'ok', Key__c: 'col-1' },
          { attributes: { type: 'Parent__c' }, Name: 'bad', Color__c: 'Purple' }
        ]
      }),
      headers: { 'Content-Type': 'application/json' }
    });
    expect(res[0]).toMatchObject({ success: true });
    expect(res[1]).toMatchObject({
      success: false,
      errors: [
        {
          statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
          message: expect.any(String),
          fields: ['Color__c']
        }
      ]
    });
  });

  it('rolls everything back with allOrNone true', async () => {
    const res = (
      await raw('POST', '/services/data/v66.0/composite/sobjects', {
        allOrNone: true,
        records: [
          { attributes: { type: 'Parent__c' }, Name: 'kept?', Key__c: 'aon-1' },
          { attributes: { type: 'Parent__c' }, Name: 'bad', Key__c: 'aon-1' }
        ]
      })
    ).body as Json[];
    expect(res[0].errors[0].statusCode).toBe('ALL_OR_NONE_OPERATION_ROLLED_BACK');
    expect(res[1].errors[0].statusCode).toBe('DUPLICATE_VALUE');
    // Salesforce's save-result error shape: statusCode, message, fields (no errorCode)
    expect(Object.keys(res[1].errors[0] as Json).sort()).toEqual(['fields', 'message', 'statusCode']);
    expect((await conn.query("SELECT Id FROM Parent__c WHERE Key__c = 'aon-1'")).totalSize).toBe(0);
  });

  it('upserts by external id with parents referenced by key, and updates and deletes', async () => {
    const records = [
      { attributes: { type: 'Parent__c' }, Key__c: 'cu-1', Name: 'one' },
      { attributes: { type: 'Parent__c' }, Key__c: 'cu-2', Name: 'two' }
    ];
    const url = '/services/data/v66.0/composite/sobjects/Parent__c/Key__c';
    const first = (await raw('PATCH', url, { allOrNone: true, records })).body as SaveResult[];
    expect(first.map((r) => r.created)).toEqual([true, true]);
    const again = (await raw('PATCH', url, { allOrNone: true, records })).body as SaveResult[];
    expect(again.map((r) => r.created)).toEqual([false, false]);
    expect(again.map((r) => r.id)).toEqual(first.map((r) => r.id));
    const kids = (
      await raw('POST', '/services/data/v66.0/composite/sobjects', {
        records: [{ attributes: { type: 'Child__c' }, Parent__r: { Key__c: 'cu-2' }, Short__c: 'x' }]
      })
    ).body as Json[];
    expect(kids[0].success).toBe(true);
    const upd = (
      await raw('PATCH', '/services/data/v66.0/composite/sobjects', {
        records: [{ attributes: { type: 'Parent__c' }, Id: first[0].id, Score__c: 9 }]
      })
    ).body as Json[];
    expect(upd[0].success).toBe(true);
    const del = (await raw('DELETE', `/services/data/v66.0/composite/sobjects?ids=${first[1].id}`))
      .body as Json[];
    expect(del[0]).toMatchObject({ id: first[1].id, success: true });
    expect((await conn.query("SELECT Id FROM Child__c WHERE Short__c = 'x'")).totalSize).toBe(0);
  });

  it('refuses more than 200 records in one call', async () => {
    const records = Array.from({ length: 201 }, (_, i) => ({
      attributes: { type: 'Parent__c' },
      Name: `n${i}`
    }));
    const res = await raw('POST', '/services/data/v66.0/composite/sobjects', { records });
    expect(res.status).toBe(400);
    expect(res.body![0].errorCode).toBe('EXCEEDED_ID_LIMIT');
  });
});

describe('describe', () => {
  it('describes the org and one object with fields, picklists, references and child relationships', async () => {
    const global = await conn.describeGlobal();
    expect(global.sobjects.map((s) => s.name)).toEqual(
      expect.arrayContaining(['Parent__c', 'Child__c', 'Opportunity', 'User'])
    );
    const d = await conn.describe('Child__c');
    const byName = Object.fromEntries(d.fields.map((f) => [f.name, f]));
    expect(byName.Parent__c).toMatchObject({
      type: 'reference',
      referenceTo: ['Parent__c'],
      relationshipName: 'Parent__r',
      nillable: false
    });
    expect(byName.Level__c.picklistValues!.map((p: { value: string }) => p.value)).toEqual([
      '1',
      '2',
      '3',
      '4'
    ]);
    expect(byName.Name).toMatchObject({ autoNumber: true, createable: false });
    const parent = await conn.describe('Parent__c');
    expect(parent.childRelationships).toContainEqual(
      expect.objectContaining({ childSObject: 'Child__c', relationshipName: 'Children__r' })
    );
    expect(parent.fields.find((f) => f.name === 'Key__c')).toMatchObject({
      externalId: true,
      unique: true,
      idLookup: true
    });
    expect(parent.keyPrefix).toBe(org.store.schema.find('Parent__c')!.keyPrefix);
  });
});

describe('query paging', () => {
  beforeAll(() => {
    for (let i = 0; i < 4500; i++)
      org.store.insertRaw('Account', { Name: `Acct ${String(i).padStart(4, '0')}` });
  });

  it('pages at 2,000 rows with nextRecordsUrl and queryMore', async () => {
    const first = await conn.query("SELECT Id, Name FROM Account WHERE Name LIKE 'Acct%' ORDER BY Name", {
      autoFetch: false
    });
    expect(first.totalSize).toBe(4500);
    expect(first.records).toHaveLength(2000);
    expect(first.done).toBe(false);
    const second = await conn.queryMore(first.nextRecordsUrl!);
    expect(second.records).toHaveLength(2000);
    const third = await conn.queryMore(second.nextRecordsUrl!);
    expect(third.records).toHaveLength(500);
    expect(third.done).toBe(true);
    expect((third.records[499] as Json).Name).toBe('Acct 4499');
  });

  it('does not page aggregates and refuses more than 2,000 groups', async () => {
    const agg = await conn.query("SELECT COUNT(Id) FROM Account WHERE Name LIKE 'Acct%'");
    expect(agg.records).toEqual([{ attributes: { type: 'AggregateResult' }, expr0: 4500 }]);
    const err = await rejection(conn.query('SELECT Name, COUNT(Id) FROM Account GROUP BY Name'));
    expect(err.errorCode).toBe('EXCEEDED_ID_LIMIT');
  });

  it('streams Bulk 2.0 query results through jsforce', async () => {
    const stream = await conn.bulk2.query("SELECT Id, Name, Owner.Name FROM Account WHERE Name LIKE 'Acct%'");
    const recs: Json[] = [];
    await new Promise((resolve, reject) =>
      stream
        .on('record', (r: Json) => recs.push(r))
        .on('end', resolve)
        .on('error', reject)
    );
    expect(recs).toHaveLength(4500);
    expect(recs[0]).toMatchObject({ Name: 'Acct 0000', 'Owner.Name': 'Local Admin' });
  });

  it('pages Bulk 2.0 results with maxRecords and locator, ending with the literal null locator', async () => {
    const job = (
      await raw('POST', '/services/data/v66.0/jobs/query', {
        operation: 'query',
        query: "SELECT Name FROM Account WHERE Name LIKE 'Acct%' ORDER BY Name"
      })
    ).body!;
    expect(job.state).toBe('UploadComplete');
    expect((await raw('GET', `/services/data/v66.0/jobs/query/${job.id}`)).body!.state).toBe('JobComplete');
    let locator = '';
    const lines: string[] = [];
    const locators: string[] = [];
    do {
      const res = await raw(
        'GET',
        `/services/data/v66.0/jobs/query/${job.id}/results?maxRecords=2000${locator ? `&locator=${locator}` : ''}`
      );
      locator = res.headers.get('sforce-locator') as string;
      locators.push(locator);
      const [header, ...rest] = res.text.trim().split('\n');
      expect(header).toBe('"Name"');
      lines.push(...rest);
    } while (locator !== 'null');
    expect(locators).toHaveLength(3);
    expect(lines).toHaveLength(4500);
    expect(lines[4499]).toBe('"Acct 4499"');
  });

  it('rejects aggregate queries and bad operations in Bulk 2.0', async () => {
    const agg = await raw('POST', '/services/data/v66.0/jobs/query', {
      operation: 'query',
      query: 'SELECT COUNT() FROM Account'
    });
    expect(agg.status).toBe(400);
    const op = await raw('POST', '/services/data/v66.0/jobs/query', {
      operation: 'delete',
      query: 'SELECT Id FROM Account'
    });
    expect(op.body![0].errorCode).toBe('INVALIDJOB');
  });
});

describe('fault injection', () => {
  it('expires the session for the next N matching requests', async () => {
    org.faults.expireSession(2, { path: '/query' });
    expect((await rejection(conn.query('SELECT Id FROM User'))).errorCode).toBe('INVALID_SESSION_ID');
    expect((await rejection(conn.query('SELECT Id FROM User'))).errorCode).toBe('INVALID_SESSION_ID');
    expect((await conn.query('SELECT Id FROM User')).totalSize).toBeGreaterThan(0);
  });

  it('answers REQUEST_LIMIT_EXCEEDED with 403 and 503 when asked', async () => {
    org.faults.requestLimitExceeded(1).unavailable(1, { method: 'GET' });
    const limit = await raw('GET', '/services/data/v66.0/limits');
    expect(limit.status).toBe(403);
    expect(limit.body).toEqual([
      { message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }
    ]);
    expect((await raw('GET', '/services/data/v66.0/limits')).status).toBe(503);
    expect((await raw('GET', '/services/data/v66.0/limits')).status).toBe(200);
  });

  it('slows responses down', async () => {
    org.faults.slow(150, 1);
    const t = Date.now();
    await raw('GET', '/services/data/v66.0/limits');
    expect(Date.now() - t).toBeGreaterThanOrEqual(140);
    const h = Date.now();
    await raw('GET', '/services/data/v66.0/limits', undefined, { 'X-Local-Org-Fault': 'slow=120' });
    expect(Date.now() - h).toBeGreaterThanOrEqual(110);
    expect(
      (await raw('GET', '/services/data/v66.0/limits', undefined, { 'X-Local-Org-Fault': 'unavailable' }))
        .status
    ).toBe(503);
  });

  it('fails the chosen record with the chosen error code, once', async () => {
    org.faults.failRecord({
      object: 'Parent__c',
      field: 'Key__c',
      value: 'boom',
      errorCode: 'UNABLE_TO_LOCK_ROW'
    });
    const records = [
      { attributes: { type: 'Parent__c' }, Key__c: 'calm', Name: 'calm' },
      { attributes: { type: 'Parent__c' }, Key__c: 'boom', Name: 'boom' }
    ];
    const url = '/services/data/v66.0/composite/sobjects/Parent__c/Key__c';
    const res = (await raw('PATCH', url, { records })).body as Json[];
    expect(res[0].success).toBe(true);
    expect(res[1]).toMatchObject({
      success: false,
      errors: [{ statusCode: 'UNABLE_TO_LOCK_ROW', fields: ['Key__c'] }]
    });
    const retry = (await raw('PATCH', url, { records })).body as SaveResult[];
    expect(retry.map((r) => r.success)).toEqual([true, true]);
  });

  it('arms and clears faults over HTTP for an org running in another process', async () => {
    const armed = await raw('POST', '/__localorg/faults', [
      { kind: 'unavailable', times: 1, match: { path: '/limits' } }
    ]);
    expect(armed.body).toEqual([expect.objectContaining({ kind: 'unavailable', left: 1 })]);
    expect((await raw('GET', '/services/data/v66.0/limits')).status).toBe(503);
    await raw('POST', '/__localorg/faults', { kind: 'requestLimit', times: 5 });
    expect((await raw('DELETE', '/__localorg/faults')).status).toBe(204);
    expect((await raw('GET', '/services/data/v66.0/limits')).status).toBe(200);
    const bad = await raw('POST', '/__localorg/faults', { kind: 'meteor' });
    expect(bad.body![0]).toMatchObject({
      errorCode: 'INVALID_FAULT',
      message: expect.stringContaining('kind')
    });
  });

  it('rejects malformed fault rules', () => {
    expect(() => org.faults.add({ kind: 'slow' })).toThrow('delayMs');
    expect(() => org.faults.expireSession(0)).toThrow('positive integer');
  });
});

describe('persistence', () => {
  it('keeps data across restarts in the data file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-org-'));
    const dataFile = path.join(dir, 'org.ndjson');
    const a = await startLocalOrg({ metadataDir: FIXTURE_DIR, dataFile, now: () => NOW });
    const c = connect(a);
    const made = await c.sobject('Parent__c').create({ Name: 'Persisted', Key__c: 'keep-1' });
    await c.sobject('Child__c').create({ Parent__c: made.id, Short__c: 'z' });
    await a.close();
    const b = await startLocalOrg({ metadataDir: FIXTURE_DIR, dataFile, now: () => NOW });
    const res = await connect(b).query("SELECT Id, Child_Count__c FROM Parent__c WHERE Key__c = 'keep-1'");
    expect(res.records).toEqual([expect.objectContaining({ Id: made.id, Child_Count__c: 1 })]);
    const next = await connect(b).sobject('Parent__c').create({ Name: 'After', Key__c: 'keep-2' });
    expect(next.id).not.toBe(made.id);
    await b.close();
  });
});
