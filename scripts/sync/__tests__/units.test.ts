/** Unit tests of the sync's parts: CSV reader, retry policy, metric rules, argument parsing. */
import fc from 'fast-check';
import type { Connection } from 'jsforce';
import { SyncApi, backoffMs, isRetryable } from '../api';
import { formatSummary, parseSyncArgs, expandPeriods } from '../cli';
import { ConnectionError } from '../../org/connection';
import { SyncError, explain, type SyncSummary } from '../sync';
import { CsvReader, locateFields, parseRecord } from '../csv';
import { cycleDays, emptyTally, epochDay, snapshotMetrics } from '../metrics';

function readAll(text: string, chunkSizes: number[]): string[][] {
  const rows: string[][] = [];
  const reader = new CsvReader((v) => rows.push(v));
  let at = 0;
  let k = 0;
  while (at < text.length) {
    const size = Math.max(1, chunkSizes[k++ % chunkSizes.length]);
    reader.write(text.slice(at, at + size));
    at += size;
  }
  reader.end();
  return rows;
}

/** A reference CSV writer: quotes when needed. */
function toCsv(rows: string[][], eol: string): string {
  const cell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return rows.map((r) => r.map(cell).join(',')).join(eol) + eol;
}

describe('CsvReader', () => {
  it('reads quoted fields, doubled quotes, line breaks in quotes and CRLF across any chunking', () => {
    const text = 'Id,Name,Note\r\n001,"Smith, Jo","said ""hi""\r\non two lines"\r\n002,Plain,\r\n';
    const expected = [
      ['Id', 'Name', 'Note'],
      ['001', 'Smith, Jo', 'said "hi"\r\non two lines'],
      ['002', 'Plain', '']
    ];
    for (const sizes of [[1000], [1], [2, 3], [7, 1, 5]]) expect(readAll(text, sizes)).toEqual(expected);
  });

  it('round-trips arbitrary rows whatever the chunk boundaries (property)', () => {
    const value = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', 'z', ' ') });
    fc.assert(
      fc.property(
        fc.array(fc.array(value, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 }),
        (rows, sizes) => {
          // an all-empty row is one empty line, which CSV cannot tell from no row
          const kept = rows.filter((r) => r.some((v) => v !== ''));
          expect(readAll(toCsv(kept, '\n'), sizes)).toEqual(kept);
        }
      )
    );
  });

  it('hands records unsplit when asked, and rejects broken quoting', () => {
    const seen: [string, boolean][] = [];
    const reader = new CsvReader(
      () => undefined,
      ',',
      (r, q) => seen.push([r, q])
    );
    reader.write('a,b\n"x",y\nlast');
    reader.end();
    expect(seen).toEqual([
      ['a,b', false],
      ['"x",y', true],
      ['last', false]
    ]);
    expect(parseRecord('"x",y', true)).toEqual(['x', 'y']);
    const broken = new CsvReader(() => undefined);
    broken.write('"open,field');
    expect(() => broken.end()).toThrow(/ended inside a quoted field/);
    expect(() => parseRecord('"a"b,c', true)).toThrow(/Unexpected text after a quoted field/);
  });
});

describe('locateFields', () => {
  const bounds = (record: string, count: number): string[] | null => {
    const starts = new Int32Array(count);
    const ends = new Int32Array(count);
    if (!locateFields(record, count, starts, ends)) return null;
    return Array.from(starts, (s, k) => record.slice(s, ends[k]));
  };

  it('finds quoted and unquoted values in place, and declines what needs unescaping', () => {
    expect(bounds('"005A","2026-08-31T15:00:00.000+0000","2026-11-11"', 3)).toEqual([
      '005A',
      '2026-08-31T15:00:00.000+0000',
      '2026-11-11'
    ]);
    expect(bounds('a,"b,c",,d', 4)).toEqual(['a', 'b,c', '', 'd']);
    expect(bounds('"x","y"', 1)).toEqual(['x']);
    expect(bounds('"say ""hi""",b', 2)).toBeNull();
    expect(bounds('"a"b,c', 2)).toBeNull();
    expect(bounds('"a","b"', 3)).toBeNull();
    expect(bounds('"unterminated', 1)).toBeNull();
  });

  it('agrees with parseRecord whenever it answers (property)', () => {
    const value = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', 'z', ' ') });
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 5 }),
        (values, quoteAll, count) => {
          const cell = (v: string): string => (quoteAll || /[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
          const record = values.map(cell).join(',');
          const found = bounds(record, count);
          const wanted = values.slice(0, count);
          if (found) expect(found).toEqual(wanted);
          // it declines only for a doubled quote among the wanted values or too few values
          else expect(count > values.length || wanted.some((v) => v.includes('"'))).toBe(true);
          expect(parseRecord(record, record.includes('"')).slice(0, count)).toEqual(wanted);
        }
      )
    );
  });
});

describe('retry policy', () => {
  const err = (errorCode: string): Error & { errorCode: string } =>
    Object.assign(new Error(errorCode), { errorCode });

  it('repeats safe calls on throttling, unavailability, locks and network errors only', () => {
    for (const code of [
      'REQUEST_LIMIT_EXCEEDED',
      'SERVER_UNAVAILABLE',
      'UNABLE_TO_LOCK_ROW',
      'ERROR_HTTP_429',
      'ERROR_HTTP_503'
    ])
      expect(isRetryable(err(code), 'safe')).toBe(true);
    expect(isRetryable(Object.assign(new Error('x'), { code: 'ECONNRESET' }), 'safe')).toBe(true);
    expect(isRetryable(new TypeError('fetch failed'), 'safe')).toBe(true);
    for (const code of ['INVALID_SESSION_ID', 'INVALID_FIELD', 'MALFORMED_QUERY', 'DUPLICATE_VALUE'])
      expect(isRetryable(err(code), 'safe')).toBe(false);
  });

  it('repeats a version-raising write only when the org refused it outright', () => {
    expect(isRetryable(err('REQUEST_LIMIT_EXCEEDED'), 'refusedOnly')).toBe(true);
    expect(isRetryable(err('SERVER_UNAVAILABLE'), 'refusedOnly')).toBe(true);
    expect(isRetryable(Object.assign(new Error('x'), { code: 'ECONNRESET' }), 'refusedOnly')).toBe(false);
    expect(isRetryable(err('UNABLE_TO_LOCK_ROW'), 'refusedOnly')).toBe(false);
  });

  it('backs off exponentially with jitter, capped', () => {
    const options = { retries: 5, baseMs: 100, maxMs: 1000 };
    expect(backoffMs(0, options, () => 0)).toBe(50);
    expect(backoffMs(0, options, () => 1)).toBe(100);
    expect(backoffMs(2, options, () => 0.5)).toBe(300);
    expect(backoffMs(10, options, () => 1)).toBe(1000);
  });
});

describe('metric rules', () => {
  it('counts whole days between the UTC date of CreatedDate and CloseDate', () => {
    expect(cycleDays('2026-02-27T23:59:59.000+0000', '2026-03-01')).toBe(2);
    expect(cycleDays('2024-02-28T00:00:00.000Z', '2024-03-01')).toBe(2);
    expect(epochDay('1970-01-01')).toBe(0);
    // agrees with Date for any day in four centuries (property)
    fc.assert(
      fc.property(fc.integer({ min: -150_000, max: 150_000 }), (d) => {
        expect(epochDay(new Date(d * 86_400_000).toISOString())).toBe(d);
      })
    );
    expect(() => epochDay('2026-13-01')).toThrow(/Unreadable date/);
  });

  it('leaves undefined ratios blank and lead figures to SDR reps', () => {
    const none = snapshotMetrics(emptyTally(), false, 'Forecasting');
    expect(none).toMatchObject({
      Win_Rate__c: null,
      Quota_Attainment__c: null,
      Avg_Deal_Size__c: null,
      Leads_Total__c: null,
      Quota_Source__c: 'None'
    });
    const t = {
      ...emptyTally(),
      wonCount: 2,
      lostCount: 1,
      wonAmount: 1000.005,
      quota: 3000,
      leadsTotal: 3,
      leadsConverted: 1,
      cycleDaysSum: 7,
      cycleCount: 2
    };
    expect(snapshotMetrics(t, true, 'Custom')).toMatchObject({
      Win_Rate__c: 66.67,
      Won_Amount__c: 1000.01,
      Quota_Attainment__c: 33.33,
      Avg_Deal_Size__c: 500,
      Avg_Cycle_Days__c: 3.5,
      Lead_Conversion__c: 33.33,
      Quota_Source__c: 'Custom'
    });
  });
});

describe('sync arguments', () => {
  it('expands --from/--to across fiscal years and rejects mixed or reversed ranges', () => {
    expect(expandPeriods('2025-Q3', '2026-Q2')).toEqual(['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2']);
    expect(parseSyncArgs(['--from', '2024', '--to', '2026']).periods).toEqual(['2024', '2025', '2026']);
    expect(() => expandPeriods('2026', '2026-Q1')).toThrow(/both be quarters or both be fiscal years/);
    expect(() => expandPeriods('2027-Q1', '2026-Q1')).toThrow(
      '--from 2027-Q1 comes after --to 2026-Q1: swap them'
    );
    // the cap names itself, not the order of the dates
    expect(() => expandPeriods('2010-Q1', '2026-Q1')).toThrow(
      '--from 2010-Q1 --to 2026-Q1 covers 65 periods; one run covers at most 40: split the range'
    );
    expect(expandPeriods('2000', '2039')).toHaveLength(40);
    expect(() => expandPeriods('2000', '2040')).toThrow('covers 41 periods');
    expect(() => parseSyncArgs(['--from', '2026-Q1'])).toThrow(/--from and --to go together/);
  });

  it('explains each bad option', () => {
    expect(() => parseSyncArgs(['--only', 'all'])).toThrow(/--only all: expected metrics or impact/);
    expect(() => parseSyncArgs(['--quota-source', 'crm'])).toThrow(/expected auto, forecasting or custom/);
    expect(() => parseSyncArgs(['--period'])).toThrow(/--period needs a value/);
    expect(() => parseSyncArgs(['--api-version', '66'])).toThrow(/must look like 66.0/);
    expect(() => parseSyncArgs(['--login-url', 'nope'])).toThrow(/is not a URL/);
    expect(parseSyncArgs(['-o', 'prod', '--dry-run', '--json', '--only', 'impact'])).toMatchObject({
      targetOrg: 'prod',
      dryRun: true,
      json: true,
      only: 'impact'
    });
  });
});

describe('fatal errors', () => {
  const err = (errorCode: string, message: string): Error => Object.assign(new Error(message), { errorCode });

  it('names the fix for a missing package, a missing permission and a dead connection', () => {
    expect(
      explain(err('INVALID_TYPE', "sObject type 'Performance_Snapshot__c' is not supported."), 'reading')
        .message
    ).toMatch(/does not have the Sales Competency package \(INVALID_TYPE on Performance_Snapshot__c\)/);
    expect(
      explain(
        err('INVALID_FIELD', "No such column 'Win_Rate__c' on entity 'Assessment__c'"),
        'reading Assessment__c'
      ).message
    ).toMatch(
      /Missing permission while reading Assessment__c .*assign the Sales_Competency_Sync permission set/
    );
    expect(explain(err('INSUFFICIENT_ACCESS_OR_READONLY', 'no access'), 'writing').message).toMatch(
      /Sales_Competency_Sync/
    );
    expect(
      explain(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'reading').message
    ).toMatch(/No answer from the org while reading .*Re-running the sync is safe/);
    expect(explain(err('INVALID_SESSION_ID', 'Session expired'), 'x')).toBeInstanceOf(SyncError);
    expect(explain(new ConnectionError('Give --target-org <alias>'), 'connecting').message).toBe(
      'Give --target-org <alias>'
    );
  });
});

describe('SyncApi.withRetry', () => {
  const api = new SyncApi({} as Connection, { retry: { baseMs: 1, maxMs: 2 } });
  const flaky = (failures: Error[]): (() => Promise<string>) => {
    let calls = 0;
    return () =>
      calls < failures.length ? Promise.reject(failures[calls++]) : Promise.resolve(`ok after ${calls}`);
  };
  const reset = (): Error => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

  it('repeats a safe call after network errors and gives up after the last attempt', async () => {
    await expect(api.withRetry('q', 'safe', flaky([reset(), reset()]))).resolves.toBe('ok after 2');
    const fewer = new SyncApi({} as Connection, { retry: { retries: 1, baseMs: 1, maxMs: 2 } });
    await expect(fewer.withRetry('q', 'safe', flaky([reset(), reset()]))).rejects.toThrow('socket hang up');
  });

  it('never repeats a version-raising write whose outcome is unknown', async () => {
    await expect(api.withRetry('w', 'refusedOnly', flaky([reset()]))).rejects.toThrow('socket hang up');
    const refused = Object.assign(new Error('limit'), { errorCode: 'REQUEST_LIMIT_EXCEEDED' });
    await expect(api.withRetry('w', 'refusedOnly', flaky([refused]))).resolves.toBe('ok after 1');
  });
});

describe('summary text', () => {
  const summary = (dryRun: boolean): SyncSummary => ({
    dryRun,
    only: 'all',
    quotaSource: 'Custom',
    currency: { corporate: 'USD', multiCurrency: false },
    reps: 3,
    periods: [
      {
        period: '2026-Q1',
        start: '2026-01-01',
        end: '2026-03-31',
        reps: 3,
        snapshotsWritten: 3,
        snapshotsUnchanged: 0,
        assessmentsRescored: 1,
        assessmentsUnchanged: 0,
        impactsWritten: 5,
        impactsUnchanged: 0,
        impactsComputed: 2,
        impactsNotEnoughData: 3,
        opportunitiesStreamed: 10,
        historyRowsStreamed: 40
      }
    ],
    snapshotsWritten: 3,
    assessmentsRescored: 1,
    impactsWritten: 5,
    impactsComputed: 2,
    impactsNotEnoughData: 3,
    calibration: [{ assessmentId: 'a1', repId: 'r1', period: '2026-Q1', finalScore: 2, eligibleScore: 3 }],
    notes: ['No stage metrics: x.'],
    failures: [],
    hints: [],
    apiCalls: 9,
    retries: 0,
    elapsedMs: 1200,
    bulkRows: 50,
    bulkCpuMs: 3
  });

  it('never says "written" on a dry run, and splits computed from not-enough-data results', () => {
    const dry = formatSummary(summary(true));
    // "nothing written" is the one place the word may appear
    expect(dry.replace('Dry run, nothing written.', '')).not.toMatch(/written/);
    expect(dry).toContain('Dry run, nothing written. Reps: 3.');
    expect(dry).toContain('Snapshots to write: 3.');
    expect(dry).toContain('Impact results to write: 5 (2 computed, 3 not enough data)');
    const wet = formatSummary(summary(false));
    expect(wet).toContain('Snapshots written: 3.');
    expect(wet).toContain('5 impact results written (2 computed, 3 not enough data)');
    expect(wet).toContain('10 won opportunities and 40 stage history rows streamed');
    expect(wet).toContain(
      'CALIBRATE Assessment__c a1 (2026-Q1): final score 2 is better than the eligible score 3'
    );
    expect(wet).toContain('NOTE No stage metrics: x.');
    expect(wet).toContain('Needing calibration: 1.');
  });

  it('parses --count-quota per role', () => {
    expect(parseSyncArgs([]).countMeasures).toEqual({ SDR: 'Leads Converted' });
    expect(
      parseSyncArgs(['--count-quota', 'SDR=amount', '--count-quota', 'BDR=opportunities-sourced'])
        .countMeasures
    ).toEqual({ BDR: 'Opportunities Sourced' });
    expect(() => parseSyncArgs(['--count-quota', 'SDR'])).toThrow(
      '--count-quota SDR: expected <sales role>=leads-converted, opportunities-sourced or amount'
    );
  });
});
