/**
 * Bulk 2.0 ingest in the local org with its own CSV reader: RFC 4180 parsing (quotes, embedded line
 * breaks, CRLF, empty fields), upserts with parent references by external id, other delimiters,
 * failed and unprocessed results, and a malformed upload that fails the job with the reason.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CsvFormatError, parseCsv } from '../csvParse';
import { startLocalOrg, type LocalOrg } from '../index';
import { FIXTURE_DIR } from './helpers';

describe('parseCsv', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks inside', () => {
    expect(parseCsv('a,b,c\n"x,1","say ""hi""","two\nlines"\n')).toEqual([
      ['a', 'b', 'c'],
      ['x,1', 'say "hi"', 'two\nlines']
    ]);
  });

  it('ends records at CRLF or LF, keeps a CR inside quotes, and needs no final line break', () => {
    expect(parseCsv('a,b\r\n1,2\r\n"3\r\n4",5')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3\r\n4', '5']
    ]);
    expect(parseCsv('a\n1')).toEqual([['a'], ['1']]);
  });

  it('keeps empty fields, quoted empty fields and a trailing empty field; skips blank lines', () => {
    expect(parseCsv('a,b,c\n,,\n"",x,\n\n1,,3\n')).toEqual([
      ['a', 'b', 'c'],
      ['', '', ''],
      ['', 'x', ''],
      ['1', '', '3']
    ]);
    expect(parseCsv('')).toEqual([]);
  });

  it('takes another delimiter and drops a byte order mark', () => {
    expect(parseCsv('\ufeffa\tb\n"x\ty"\tz\n', '\t')).toEqual([
      ['a', 'b'],
      ['x\ty', 'z']
    ]);
  });

  it('refuses broken quoting, naming the line', () => {
    const failure = (text: string): CsvFormatError => {
      try {
        parseCsv(text);
      } catch (e) {
        return e as CsvFormatError;
      }
      throw new Error('expected a CsvFormatError');
    };
    expect(failure('a\n"open\nstill open')).toMatchObject({ name: 'CsvFormatError', line: 2 });
    expect(failure('a,b\n1,2\n"x"y,3').message).toBe('Unexpected text after a closing quote (line 3)');
    expect(failure('a\nab"c').message).toMatch(/quote inside an unquoted field .*\(line 2\)$/);
    expect(() => parseCsv('a', '"')).toThrow(/Invalid CSV delimiter/);
  });
});

describe('independence from the sync', () => {
  it('has no module of the local org importing sync code', () => {
    const root = path.join(__dirname, '..');
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith('.ts') && /from '(\.\.\/)+sync\//.test(fs.readFileSync(full, 'utf8')))
          offenders.push(path.relative(root, full));
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
  });
});

describe('Bulk 2.0 ingest', () => {
  let org: LocalOrg;
  const call = async (method: string, path: string, body?: string, type = 'application/json') => {
    const res = await fetch(`${org.url}/services/data/v66.0/jobs/ingest${path}`, {
      method,
      headers: { Authorization: `Bearer ${org.accessToken}`, 'Content-Type': type },
      body
    });
    const text = await res.text();
    return { status: res.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
  };
  /** Creates a job, uploads the CSV, closes it and waits for the end state. */
  const run = async (job: Record<string, unknown>, csv: string, close = true) => {
    const created = (await call('POST', '', JSON.stringify(job))).json();
    const id = String(created.id);
    expect((await call('PUT', `/${id}/batches`, csv, 'text/csv')).status).toBe(201);
    if (close) await call('PATCH', `/${id}`, JSON.stringify({ state: 'UploadComplete' }));
    return { id, info: (await call('GET', `/${id}`)).json() };
  };

  beforeAll(async () => {
    org = await startLocalOrg({ metadataDir: FIXTURE_DIR });
  });
  afterAll(() => org.close());

  it('upserts rows with quoted text, embedded line breaks, CRLF and a parent by external id', async () => {
    await run(
      { object: 'Parent__c', operation: 'upsert', externalIdFieldName: 'Key__c' },
      'Key__c,Name\r\np-1,"Parent, the first"\r\n'
    );
    const csv =
      'Short__c,Notes__c,Parent__r.Key__c\r\n' + '"a ""q","line one\r\nline two",p-1\r\n' + 'plain,,p-1\r\n';
    const { id, info } = await run({ object: 'Child__c', operation: 'insert', lineEnding: 'CRLF' }, csv);
    expect(info).toMatchObject({ state: 'JobComplete', numberRecordsProcessed: 2, numberRecordsFailed: 0 });
    const parent = org.store.findByKey('Parent__c', 'Key__c', 'p-1')[0];
    expect(parent.Name).toBe('Parent, the first');
    const children = org.store.table('Child__c').rows.filter((r) => r.Parent__c === parent.Id);
    expect(children.map((c) => [c.Short__c, c.Notes__c])).toEqual([
      ['a "q', 'line one\r\nline two'],
      ['plain', null]
    ]);
    const ok = await call('GET', `/${id}/successfulResults`);
    expect(ok.text.split('\r\n')[0]).toBe('"sf__Id","sf__Created",Short__c,Notes__c,Parent__r.Key__c');
    const first = parseCsv(ok.text)[1];
    expect(first).toEqual([children[0].Id, 'true', 'a "q', 'line one\r\nline two', 'p-1']);
    const none = await call('GET', `/${id}/unprocessedrecords`);
    expect(none).toMatchObject({ status: 200 });
    expect(parseCsv(none.text)).toEqual([['Short__c', 'Notes__c', 'Parent__r.Key__c']]);
  });

  it('reads a PIPE-delimited upload and reports each failed row with its error', async () => {
    const { id, info } = await run(
      { object: 'Parent__c', operation: 'upsert', externalIdFieldName: 'Key__c', columnDelimiter: 'PIPE' },
      'Key__c|Name|Color__c\np-2|"Pipe | inside"|\np-3|Bad|Purple\n'
    );
    expect(info).toMatchObject({
      columnDelimiter: 'PIPE',
      numberRecordsProcessed: 2,
      numberRecordsFailed: 1
    });
    expect(org.store.findByKey('Parent__c', 'Key__c', 'p-2')[0].Name).toBe('Pipe | inside');
    const failed = parseCsv((await call('GET', `/${id}/failedResults`)).text, '|');
    expect(failed[0]).toEqual(['sf__Id', 'sf__Error', 'Key__c', 'Name', 'Color__c']);
    expect(failed[1][1]).toMatch(/^INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST:/);
    expect(failed[1].slice(2)).toEqual(['p-3', 'Bad', 'Purple']);
  });

  it('returns the uploaded rows of an aborted job as unprocessed records', async () => {
    const { id } = await run(
      { object: 'Parent__c', operation: 'insert' },
      'Name,Key__c\n"never, run",u-1\n',
      false
    );
    await call('PATCH', `/${id}`, JSON.stringify({ state: 'Aborted' }));
    const res = await call('GET', `/${id}/unprocessedrecords`);
    expect(parseCsv(res.text)).toEqual([
      ['Name', 'Key__c'],
      ['never, run', 'u-1']
    ]);
    expect(org.store.findByKey('Parent__c', 'Key__c', 'u-1')).toHaveLength(0);
  });

  it('fails the job on a malformed upload, saying why, and writes nothing', async () => {
    const { info } = await run(
      { object: 'Parent__c', operation: 'insert' },
      'Name,Key__c\n"ok",m-1\n"open,m-2\n'
    );
    expect(info.state).toBe('Failed');
    expect(String(info.errorMessage)).toMatch(/Unterminated quoted field \(line 3\)/);
    expect(org.store.findByKey('Parent__c', 'Key__c', 'm-1')).toHaveLength(0);
  });

  it('refuses unknown delimiters and line endings', async () => {
    const bad = await call(
      'POST',
      '',
      JSON.stringify({ object: 'Parent__c', operation: 'insert', columnDelimiter: 'DOT' })
    );
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Invalid columnDelimiter: DOT');
    const eol = await call(
      'POST',
      '',
      JSON.stringify({ object: 'Parent__c', operation: 'insert', lineEnding: 'CR' })
    );
    expect(eol.text).toContain('Invalid lineEnding: CR');
  });
});
