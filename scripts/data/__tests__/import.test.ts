import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Connection } from 'jsforce';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { batches, formatResult, importPlans, parseArgs, connect, main, MAX_BATCH } from '../import';
import { readPlans, type PlanRecord } from '../plan';

/** What the stand-in server saw: one entry per call. */
interface Call {
  method: string;
  url: string;
  auth: string | undefined;
  body: { allOrNone: boolean; records: Record<string, unknown>[] };
}

let server: Server;
let instanceUrl: string;
let calls: Call[];
/** Upserted records by object and Key__c. */
let store: Map<string, Record<string, unknown>>;
/** Objects whose whole call the server rejects with HTTP 400. */
let rejectTypes: Set<string>;
let sessionValid: boolean;

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = JSON.parse(raw || '{}');
      calls.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, body });
      res.setHeader('Content-Type', 'application/json');
      const m = /^\/services\/data\/v66\.0\/composite\/sobjects\/(\w+)\/Key__c$/.exec(req.url ?? '');
      if (!sessionValid) {
        res.statusCode = 401;
        return res.end(
          JSON.stringify([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }])
        );
      }
      if (req.method !== 'PATCH' || !m) {
        res.statusCode = 404;
        return res.end(JSON.stringify([{ message: 'not found', errorCode: 'NOT_FOUND' }]));
      }
      if (rejectTypes.has(m[1])) {
        res.statusCode = 400;
        return res.end(
          JSON.stringify([{ message: `sObject type '${m[1]}' is not supported.`, errorCode: 'INVALID_TYPE' }])
        );
      }
      const results = body.records.map((r: Record<string, unknown>) => {
        const key = String(r.Key__c);
        if (key.startsWith('legacy')) {
          // an org that names the code errorCode instead of statusCode
          return {
            success: false,
            errors: [{ errorCode: 'FIELD_INTEGRITY_EXCEPTION', message: 'Bad link' }]
          };
        }
        if (key.startsWith('bad')) {
          return {
            success: false,
            errors: [
              {
                statusCode: 'REQUIRED_FIELD_MISSING',
                message: 'Required fields are missing: [Name]',
                fields: ['Name']
              }
            ]
          };
        }
        const id = `${m[1]}:${key}`;
        const created = !store.has(id);
        store.set(id, r);
        return { id, success: true, created, errors: [] };
      });
      res.end(JSON.stringify(results));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  instanceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  calls = [];
  store = new Map();
  rejectTypes = new Set();
  sessionValid = true;
});

const conn = (): Connection => new Connection({ instanceUrl, accessToken: 'test-token', version: '66.0' });

/** n records of one type; children point at dim.0. */
function records(sobject: string, n: number, prefix = sobject): PlanRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    sobject,
    referenceId: `R${i}`,
    key: `${prefix}.${i}`,
    fields: { Key__c: `${prefix}.${i}`, Name: `${prefix} ${i}` },
    parents: sobject === 'Dim__c' ? [] : [{ field: 'Dimension__c', sobject: 'Dim__c', key: 'dim.0' }]
  }));
}

describe('importPlans', () => {
  it('sends at most 200 records per call, one type per call, in plan order', async () => {
    const input = [...records('Dim__c', 3, 'dim'), ...records('Comp__c', 450, 'comp')];
    const result = await importPlans(conn(), input);
    expect(calls.map((c) => [c.method, c.url, c.body.records.length])).toEqual([
      ['PATCH', '/services/data/v66.0/composite/sobjects/Dim__c/Key__c', 3],
      ['PATCH', '/services/data/v66.0/composite/sobjects/Comp__c/Key__c', 200],
      ['PATCH', '/services/data/v66.0/composite/sobjects/Comp__c/Key__c', 200],
      ['PATCH', '/services/data/v66.0/composite/sobjects/Comp__c/Key__c', 50]
    ]);
    expect(calls.every((c) => c.body.allOrNone === false && c.auth === 'Bearer test-token')).toBe(true);
    expect(result.counts).toEqual({
      Dim__c: { created: 3, updated: 0, failed: 0 },
      Comp__c: { created: 450, updated: 0, failed: 0 }
    });
    expect(result.calls).toBe(4);
  });

  it('sends parents as relationships keyed by Key__c', async () => {
    await importPlans(conn(), records('Comp__c', 1, 'comp'));
    expect(calls[0].body.records).toEqual([
      { attributes: { type: 'Comp__c' }, Key__c: 'comp.0', Name: 'comp 0', Dimension__r: { Key__c: 'dim.0' } }
    ]);
  });

  it('updates on re-import instead of creating duplicates', async () => {
    const input = records('Dim__c', 5, 'dim');
    await importPlans(conn(), input);
    const second = await importPlans(conn(), input);
    expect(second.counts.Dim__c).toEqual({ created: 0, updated: 5, failed: 0 });
    expect(store.size).toBe(5);
  });

  it('reports every per-record failure and goes on', async () => {
    const input = [...records('Dim__c', 2, 'dim'), ...records('Dim__c', 2, 'bad')];
    const result = await importPlans(conn(), input);
    expect(result.counts.Dim__c).toEqual({ created: 2, updated: 0, failed: 2 });
    expect(result.failures).toEqual(
      ['bad.0', 'bad.1'].map((key) => ({
        sobject: 'Dim__c',
        key,
        errors: [
          {
            statusCode: 'REQUIRED_FIELD_MISSING',
            message: 'Required fields are missing: [Name]',
            fields: ['Name']
          }
        ]
      }))
    );
    expect(formatResult(result)).toContain(
      'FAILED Dim__c bad.1: REQUIRED_FIELD_MISSING: Required fields are missing'
    );
  });

  it('reports each record of a rejected call and continues with the next type', async () => {
    rejectTypes.add('Dim__c');
    const result = await importPlans(conn(), [
      ...records('Dim__c', 2, 'dim'),
      ...records('Comp__c', 1, 'comp')
    ]);
    expect(result.failures.map((f) => [f.key, f.errors[0].statusCode])).toEqual([
      ['dim.0', 'INVALID_TYPE'],
      ['dim.1', 'INVALID_TYPE']
    ]);
    expect(result.counts.Comp__c.created).toBe(1);
  });

  it('stops with a clear message when the session is invalid, without echoing the token', async () => {
    sessionValid = false;
    const run = importPlans(conn(), records('Dim__c', 1, 'dim'));
    await expect(run).rejects.toThrow(/\(INVALID_SESSION_ID\): log in again/);
    await run.catch((e: Error) => expect(e.message).not.toContain('test-token'));
  });

  it('stops when the org cannot be reached instead of failing every record', async () => {
    const down = new Connection({ instanceUrl: 'http://127.0.0.1:1', accessToken: 'x', version: '66.0' });
    await expect(importPlans(down, records('Dim__c', 3, 'dim'))).rejects.toThrow(
      /Dim__c: no answer from the org \(.+\)\. Re-running the import is safe/
    );
  });

  it('honours a smaller batch size and rejects an invalid one', async () => {
    await importPlans(conn(), records('Dim__c', 5, 'dim'), { batchSize: 2 });
    expect(calls.map((c) => c.body.records.length)).toEqual([2, 2, 1]);
    expect(() => batches([], MAX_BATCH + 1)).toThrow(/batchSize must be an integer from 1 to 200/);
  });
});

describe('CLI', () => {
  it('parses arguments and rejects unknown ones', () => {
    expect(parseArgs(['--target-org', 'dev', '--dry-run'])).toMatchObject({ targetOrg: 'dev', dryRun: true });
    expect(() => parseArgs(['--target-org'])).toThrow(/--target-org needs a value/);
    expect(() => parseArgs(['--org', 'x'])).toThrow(/Unknown argument --org/);
    expect(() => parseArgs(['--api-version', '66'])).toThrow(/must look like 66.0/);
  });

  it('connects from SF_INSTANCE_URL and SF_ACCESS_TOKEN, and explains what is missing', async () => {
    const args = parseArgs([]);
    const c = await connect(args, { SF_INSTANCE_URL: instanceUrl, SF_ACCESS_TOKEN: 'env-token' });
    await importPlans(c, records('Dim__c', 1, 'dim'));
    expect(calls[0].auth).toBe('Bearer env-token');
    await expect(connect(args, {})).rejects.toThrow(/--target-org <alias>, or set both SF_INSTANCE_URL/);
  });
});

describe('the shipped content', () => {
  it('imports in one call per object and re-imports without duplicates', async () => {
    const content = readPlans();
    const first = await importPlans(conn(), content);
    expect(first.failures).toEqual([]);
    expect(first.calls).toBe(batches(content).length);
    expect(store.size).toBe(content.length);
    const second = await importPlans(conn(), content);
    expect(Object.values(second.counts).reduce((n, c) => n + c.updated, 0)).toBe(content.length);
    expect(Object.values(second.counts).every((c) => c.created === 0)).toBe(true);
    expect(store.size).toBe(content.length);
    // children go after their parents
    const order = calls.slice(0, first.calls).map((c) => c.url.split('/')[6]);
    expect(order.indexOf('Competency__c')).toBeGreaterThan(order.indexOf('Competency_Dimension__c'));
    expect(order.indexOf('Job_Behavior__c')).toBeGreaterThan(order.indexOf('Competency__c'));
  });
});

describe('main', () => {
  const saved = { url: process.env.SF_INSTANCE_URL, token: process.env.SF_ACCESS_TOKEN };
  let dir: string;
  let out: string[];
  beforeEach(() => {
    process.env.SF_INSTANCE_URL = instanceUrl;
    process.env.SF_ACCESS_TOKEN = 'main-token';
    dir = mkdtempSync(join(tmpdir(), 'import-main-'));
    out = [];
    jest.spyOn(console, 'log').mockImplementation((m: string) => void out.push(m));
  });
  afterEach(() => {
    process.env.SF_INSTANCE_URL = saved.url;
    process.env.SF_ACCESS_TOKEN = saved.token;
    if (saved.url === undefined) delete process.env.SF_INSTANCE_URL;
    if (saved.token === undefined) delete process.env.SF_ACCESS_TOKEN;
    rmSync(dir, { recursive: true, force: true });
    jest.restoreAllMocks();
  });

  /** A one-object plan with the given keys. */
  function writePlan(keys: string[]): void {
    writeFileSync(
      join(dir, 'x-plan.json'),
      JSON.stringify([{ sobject: 'Dim__c', saveRefs: true, files: ['Dim__c.json'] }])
    );
    const recs = keys.map((k, i) => ({
      attributes: { type: 'Dim__c', referenceId: `D${i}` },
      Key__c: k,
      Name: k
    }));
    writeFileSync(join(dir, 'Dim__c.json'), JSON.stringify({ records: recs }));
  }

  it('exits 0 when every record loads and prints the counts', async () => {
    writePlan(['dim.a', 'dim.b']);
    await expect(main(['--data-dir', dir])).resolves.toBe(0);
    expect(out.join('\n')).toMatch(/Dim__c\s+2\s+0\s+0/);
    expect(out.join('\n')).not.toContain('main-token');
  });

  it('exits 1 when a record fails', async () => {
    writePlan(['dim.a', 'bad.b']);
    await expect(main(['--data-dir', dir])).resolves.toBe(1);
    expect(out.join('\n')).toContain('FAILED Dim__c bad.b');
  });

  /** A one-record plan of a real package object, with extra fields. */
  function writeRealPlan(extra: Record<string, unknown>): void {
    writeFileSync(
      join(dir, 'x-plan.json'),
      JSON.stringify([{ sobject: 'Competency_Dimension__c', saveRefs: true, files: ['dims.json'] }])
    );
    const rec = {
      attributes: { type: 'Competency_Dimension__c', referenceId: 'D0' },
      Key__c: 'dim.x',
      Name: 'X',
      ...extra
    };
    writeFileSync(join(dir, 'dims.json'), JSON.stringify({ records: [rec] }));
  }

  it('sends nothing on a dry run, and checks the plans against the package metadata', async () => {
    writeRealPlan({ Sort_Order__c: 1 });
    await expect(main(['--data-dir', dir, '--dry-run'])).resolves.toBe(0);
    expect(calls).toEqual([]);
    expect(out.join('\n')).toContain('1 records in 1 calls (dry run, nothing sent)');
  });

  it('fails a dry run whose plan names an unknown field, naming it', async () => {
    const errors: string[] = [];
    jest.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m));
    writeRealPlan({ Colour__c: 'red' });
    await expect(main(['--data-dir', dir, '--dry-run'])).resolves.toBe(1);
    expect(calls).toEqual([]);
    expect(errors.join('\n')).toMatch(/Colour__c/);
    expect(errors.join('\n')).toContain('1 problem(s) in the plans (dry run, nothing sent)');
  });

  it('labels a per-record error with its statusCode, or errorCode from an org that sends that', async () => {
    writePlan(['bad.a', 'legacy.b']);
    await expect(main(['--data-dir', dir])).resolves.toBe(1);
    const text = out.join('\n');
    expect(text).toContain(
      'FAILED Dim__c bad.a: REQUIRED_FIELD_MISSING: Required fields are missing: [Name] [Name]'
    );
    expect(text).toContain('FAILED Dim__c legacy.b: FIELD_INTEGRITY_EXCEPTION: Bad link');
    expect(text).not.toContain('UNKNOWN');
  });
});
