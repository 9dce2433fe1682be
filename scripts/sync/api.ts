/**
 * The sync's only door to the org: REST queries (paged), aggregate queries, sObject Collections
 * writes and Bulk 2.0 query extracts consumed as a stream, each behind one retry policy
 * (exponential backoff with jitter, only for calls that are safe to repeat) and one call counter.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { Connection } from 'jsforce';
import type { HttpMethods } from 'jsforce/lib/types/common';
import { CsvReader, parseRecord } from './csv';

/** The sObject Collections limit per call. */
export const COLLECTION_SIZE = 200;

/** Aggregate queries do not page: a result above this many groups is an error. */
export const AGGREGATE_ROWS = 2000;

/** Error codes a repeat can cure: throttling, a busy server, a locked row. */
const RETRYABLE_CODES = new Set([
  'REQUEST_LIMIT_EXCEEDED',
  'SERVER_UNAVAILABLE',
  'UNABLE_TO_LOCK_ROW',
  'ERROR_HTTP_429',
  'ERROR_HTTP_502',
  'ERROR_HTTP_503',
  'ERROR_HTTP_504'
]);

/** Codes that mean the request was refused before anything was done (safe to repeat any call). */
const REFUSED_CODES = new Set([
  'REQUEST_LIMIT_EXCEEDED',
  'SERVER_UNAVAILABLE',
  'ERROR_HTTP_429',
  'ERROR_HTTP_503'
]);

/** Transport failures with no answer from the org. */
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET'
]);

/** An API error with its Salesforce error code (INVALID_TYPE, INVALID_SESSION_ID, ...). */
/** The ApiError of a non-2xx answer: the platform's errorCode and message when the body has them. */
function httpError(status: number | undefined, text: string): ApiError {
  let code = `ERROR_HTTP_${status}`;
  let message = text.slice(0, 300);
  try {
    const body = JSON.parse(text) as { errorCode?: string; message?: string }[];
    if (Array.isArray(body) && body[0]) {
      code = body[0].errorCode ?? code;
      message = body[0].message ?? message;
    }
  } catch {
    // not JSON: keep the status text
  }
  return new ApiError(message, code, status);
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly errorCode: string,
    readonly status?: number
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** How much a call may be repeated. */
export type Idempotency =
  /** Reads, upserts by external id, updates that write the same values: repeat on any transient failure. */
  | 'safe'
  /** Writes whose repeat could differ (a version bump): repeat only when the org refused the request outright. */
  | 'refusedOnly';

/** Retry settings: attempts after the first, base delay, cap. */
export interface RetryOptions {
  retries: number;
  baseMs: number;
  maxMs: number;
}

/** One element of an sObject Collections response. */
export interface CollectionResult {
  id?: string | null;
  success: boolean;
  created?: boolean;
  errors?: { statusCode?: string; errorCode?: string; message?: string; fields?: string[] }[];
}

/** A record written through a collection call, with its outcome. */
export interface WriteOutcome {
  /** The record's key (Key__c, or Id for updates). */
  key: string;
  ok: boolean;
  created: boolean;
  errorCode?: string;
  message?: string;
}

/** The error code and a network flag of anything thrown by jsforce or fetch. */
export function classify(err: unknown): { code: string; network: boolean } {
  const e = err as {
    errorCode?: string;
    code?: string;
    cause?: { code?: string };
    name?: string;
    message?: string;
  };
  const code = e?.errorCode ?? e?.code ?? e?.cause?.code ?? '';
  const network =
    NETWORK_CODES.has(code) ||
    NETWORK_CODES.has(e?.cause?.code ?? '') ||
    /fetch failed|socket hang up|other side closed/i.test(e?.message ?? '');
  return { code, network };
}

/** True when a failure may be repeated under the given idempotency. */
export function isRetryable(err: unknown, idempotency: Idempotency): boolean {
  const { code, network } = classify(err);
  if (idempotency === 'refusedOnly') return REFUSED_CODES.has(code);
  return network || RETRYABLE_CODES.has(code);
}

/** Waits: base * 2^attempt, capped, with full jitter (a random share of it). */
export function backoffMs(
  attempt: number,
  options: RetryOptions,
  random: () => number = Math.random
): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Consumes one Bulk 2.0 results page: raw CSV records (split them with parseRecord), then commit. */
export interface BulkPageSink {
  /** One record; `quoted` when it contains a quote character. */
  row: (record: string, quoted: boolean) => void;
  /** The page was read whole: its rows may now count. */
  commit: () => void;
}

/** Counters the closing summary reports. */
export interface ApiStats {
  /** Requests sent (each retry counts). */
  requests: number;
  retries: number;
  /** The org's own count from Sforce-Limit-Info, first and last seen. */
  usageFirst: number | null;
  usageLast: number | null;
  usageLimit: number | null;
  /** Client CPU (user + system, microseconds) spent in Bulk 2.0 extracts: download, parse, tally. */
  bulkCpuMicros: number;
  /** Rows read from Bulk 2.0 extracts. */
  bulkRows: number;
}

/** Wraps a jsforce connection with retries, counting and the sync's few call shapes. */
export class SyncApi {
  readonly stats: ApiStats = {
    requests: 0,
    retries: 0,
    usageFirst: null,
    usageLast: null,
    usageLimit: null,
    bulkCpuMicros: 0,
    bulkRows: 0
  };
  private readonly retry: RetryOptions;

  constructor(
    readonly conn: Connection,
    options: {
      retry?: Partial<RetryOptions>;
      onRetry?: (what: string, err: unknown, waitMs: number) => void;
    } = {}
  ) {
    this.retry = { retries: 5, baseMs: 500, maxMs: 20_000, ...(options.retry ?? {}) };
    this.onRetry = options.onRetry;
  }

  private readonly onRetry?: (what: string, err: unknown, waitMs: number) => void;

  /** API calls used by this run, from the org's Sforce-Limit-Info (else the requests sent). */
  callsUsed(): number {
    const { usageFirst, usageLast } = this.stats;
    return usageFirst !== null && usageLast !== null ? usageLast - usageFirst + 1 : this.stats.requests;
  }

  private noteUsage(header: string | null | undefined): void {
    const m = /api-usage=(\d+)\/(\d+)/.exec(header ?? '');
    if (!m) return;
    const used = Number(m[1]);
    this.stats.usageFirst ??= used;
    this.stats.usageLast = Math.max(this.stats.usageLast ?? used, used);
    this.stats.usageLimit = Number(m[2]);
  }

  /** Runs one call with the retry policy. */
  async withRetry<T>(what: string, idempotency: Idempotency, call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        this.stats.requests++;
        return await call();
      } catch (err) {
        if (attempt >= this.retry.retries || !isRetryable(err, idempotency)) throw err;
        const wait = backoffMs(attempt, this.retry);
        this.stats.retries++;
        this.onRetry?.(what, err, wait);
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  /** One REST request through jsforce with its own retries off (ours apply) and usage noted. */
  private async rest<T>(request: {
    method: HttpMethods;
    url: string;
    body?: string;
    contentType?: string;
  }): Promise<T> {
    const before = this.conn.limitInfo?.apiUsage?.used;
    const headers: Record<string, string> = request.body
      ? { 'Content-Type': request.contentType ?? 'application/json' }
      : {};
    const { contentType: _ignored, ...rest } = request;
    void _ignored;
    const result = await this.conn.request<T>({ ...rest, headers }, { retry: { maxRetries: 0 } });
    const usage = this.conn.limitInfo?.apiUsage;
    if (usage && usage.used !== before) this.noteUsage(`api-usage=${usage.used}/${usage.limit}`);
    return result;
  }

  private base(): string {
    return `/services/data/v${this.conn.version}`;
  }

  /** Every record of a query, page by page (each page a call), handed to `onPage`. */
  async queryPages<T>(soql: string, onPage: (records: T[]) => void): Promise<number> {
    let url: string | undefined = `${this.base()}/query?q=${encodeURIComponent(soql)}`;
    let total = 0;
    while (url) {
      const pageUrl: string = url;
      const page = await this.withRetry('query', 'safe', () =>
        this.rest<{ records: T[]; done: boolean; nextRecordsUrl?: string; totalSize: number }>({
          method: 'GET',
          url: pageUrl
        })
      );
      total += page.records.length;
      onPage(page.records);
      url = page.done ? undefined : page.nextRecordsUrl;
    }
    return total;
  }

  /** The number of records a `SELECT COUNT() ...` query counts (one call). */
  async count(soql: string): Promise<number> {
    const page = await this.withRetry('count query', 'safe', () =>
      this.rest<{ totalSize: number }>({
        method: 'GET',
        url: `${this.base()}/query?q=${encodeURIComponent(soql)}`
      })
    );
    return page.totalSize;
  }

  /** All records of a (small) query. */
  async queryAll<T>(soql: string): Promise<T[]> {
    const out: T[] = [];
    await this.queryPages<T>(soql, (records) => out.push(...records));
    return out;
  }

  /** An aggregate query: one call, and an error when the groups would not fit in one batch. */
  async aggregate<T>(soql: string): Promise<T[]> {
    const page = await this.withRetry('aggregate query', 'safe', () =>
      this.rest<{ records: T[]; done: boolean }>({
        method: 'GET',
        url: `${this.base()}/query?q=${encodeURIComponent(soql)}`
      })
    );
    if (!page.done || page.records.length > AGGREGATE_ROWS)
      throw new ApiError(`Aggregate query returned more than ${AGGREGATE_ROWS} groups`, 'EXCEEDED_ID_LIMIT');
    return page.records;
  }

  /**
   * Writes records through sObject Collections, 200 per call: upsert by an external id field, or
   * update by Id. Records that fail with UNABLE_TO_LOCK_ROW are sent again (nothing was saved).
   */
  async collection(
    records: Record<string, unknown>[],
    target: { type: string; externalIdField: string } | { type: string; update: true },
    keyOf: (record: Record<string, unknown>) => string,
    idempotency: Idempotency
  ): Promise<WriteOutcome[]> {
    const outcomes: WriteOutcome[] = [];
    const url =
      'externalIdField' in target
        ? `${this.base()}/composite/sobjects/${target.type}/${target.externalIdField}`
        : `${this.base()}/composite/sobjects`;
    for (let i = 0; i < records.length; i += COLLECTION_SIZE) {
      let batch = records.slice(i, i + COLLECTION_SIZE);
      for (let lockAttempt = 0; batch.length; lockAttempt++) {
        const body = JSON.stringify({
          allOrNone: false,
          records: batch.map((r) => ({ attributes: { type: target.type }, ...r }))
        });
        let results: CollectionResult[];
        try {
          results = await this.withRetry(`${target.type} write`, idempotency, () =>
            this.rest<CollectionResult[]>({ method: 'PATCH', url, body })
          );
        } catch (err) {
          const { code } = classify(err);
          if (code === 'INVALID_SESSION_ID' || code === 'INVALID_TYPE' || code === 'INVALID_FIELD') throw err;
          for (const r of batch)
            outcomes.push({
              key: keyOf(r),
              ok: false,
              created: false,
              errorCode: code || 'ERROR',
              message: (err as Error).message
            });
          break;
        }
        const locked: Record<string, unknown>[] = [];
        results.forEach((res, k) => {
          const rec = batch[k];
          if (res.success) {
            outcomes.push({ key: keyOf(rec), ok: true, created: res.created === true });
            return;
          }
          const first = res.errors?.[0] ?? {};
          const code = first.statusCode ?? first.errorCode ?? 'UNKNOWN';
          if (code === 'UNABLE_TO_LOCK_ROW' && lockAttempt < this.retry.retries) locked.push(rec);
          else
            outcomes.push({
              key: keyOf(rec),
              ok: false,
              created: false,
              errorCode: code,
              message: `${first.message ?? 'no message'}${first.fields?.length ? ` [${first.fields.join(', ')}]` : ''}`
            });
        });
        batch = locked;
        if (locked.length) {
          this.stats.retries++;
          await new Promise((r) => setTimeout(r, backoffMs(lockAttempt, this.retry)));
        }
      }
    }
    return outcomes;
  }

  /**
   * Upserts many records by an external id through one Bulk 2.0 ingest job (a handful of calls
   * whatever the count); the failed results name each record that did not load. Records that
   * failed on a locked row are sent again through sObject Collections. Returns null when the org
   * offers no ingest endpoint (the caller then uses collections).
   */
  async bulkUpsert(
    type: string,
    externalIdField: string,
    records: Record<string, unknown>[],
    options: { pollMs?: number; timeoutMs?: number } = {}
  ): Promise<WriteOutcome[] | null> {
    const columns: string[] = [];
    const seen = new Set<string>();
    for (const r of records)
      for (const k of Object.keys(r))
        if (!seen.has(k)) {
          seen.add(k);
          columns.push(k);
        }
    const cell = (v: unknown): string => {
      if (v === null) return '#N/A';
      if (v === undefined) return '';
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
        throw new Error(`Bulk 2.0 ingest takes plain values only, got ${typeof v}`);
      const text = String(v);
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    };
    // The CSV is written to the socket line by line as it drains, never held whole: at 10,000
    // snapshots the body as one string (and the copies an HTTP client makes of it) cost ~100 MB.
    function* lines(): Generator<string> {
      yield `${columns.join(',')}\n`;
      for (const r of records) yield `${columns.map((c) => cell(r[c])).join(',')}\n`;
    }
    const jobs = `${this.base()}/jobs/ingest`;
    let job: { id: string };
    try {
      // Safe to repeat: a job whose answer was lost stays empty and open, and the org expires it.
      job = await this.withRetry('bulk ingest job', 'safe', () =>
        this.rest<{ id: string }>({
          method: 'POST',
          url: jobs,
          body: JSON.stringify({
            object: type,
            externalIdFieldName: externalIdField,
            contentType: 'CSV',
            operation: 'upsert',
            lineEnding: 'LF'
          })
        })
      );
    } catch (err) {
      if (classify(err).code === 'NOT_FOUND') return null;
      throw err;
    }
    await this.withRetry('bulk ingest upload', 'safe', () =>
      this.uploadCsv(`${jobs}/${job.id}/batches`, lines)
    );
    await this.withRetry('bulk ingest close', 'safe', () =>
      this.rest({
        method: 'PATCH',
        url: `${jobs}/${job.id}`,
        body: JSON.stringify({ state: 'UploadComplete' })
      })
    );
    const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
    let poll = options.pollMs ?? 250;
    for (;;) {
      const info = await this.withRetry('bulk ingest status', 'safe', () =>
        this.rest<{ state: string; errorMessage?: string }>({ method: 'GET', url: `${jobs}/${job.id}` })
      );
      if (info.state === 'JobComplete') break;
      if (info.state === 'Failed' || info.state === 'Aborted')
        throw new ApiError(
          `Bulk ingest job ${job.id} ${info.state}: ${info.errorMessage ?? 'no reason given'}`,
          'BULK_JOB_FAILED'
        );
      if (Date.now() > deadline)
        throw new ApiError(`Bulk ingest job ${job.id} did not finish in time`, 'BULK_JOB_TIMEOUT');
      await new Promise((r) => setTimeout(r, poll));
      poll = Math.min(poll * 2, 5000);
    }
    const failed = new Map<string, { code: string; message: string }>();
    const failedUrl = new URL(`${jobs}/${job.id}/failedResults`, this.conn.instanceUrl).toString();
    await this.withRetry('bulk ingest failures', 'safe', () =>
      this.readCsvPage(failedUrl, (header) => {
        const errorAt = header.indexOf('sf__Error');
        const keyAt = header.findIndex((h) => h.toLowerCase() === externalIdField.toLowerCase());
        const page = new Map<string, { code: string; message: string }>();
        return {
          row: (record, quoted) => {
            const values = parseRecord(record, quoted);
            const error = values[errorAt] ?? '';
            const colon = error.indexOf(':');
            page.set(values[keyAt] ?? '', {
              code: colon > 0 ? error.slice(0, colon) : 'UNKNOWN',
              message: colon > 0 ? error.slice(colon + 1) : error
            });
          },
          commit: () => page.forEach((v, k) => failed.set(k, v))
        };
      })
    );
    const outcomes: WriteOutcome[] = [];
    const locked: Record<string, unknown>[] = [];
    for (const r of records) {
      const key = String(r[externalIdField]);
      const f = failed.get(key);
      if (!f) outcomes.push({ key, ok: true, created: false });
      else if (f.code === 'UNABLE_TO_LOCK_ROW') locked.push(r);
      else outcomes.push({ key, ok: false, created: false, errorCode: f.code, message: f.message });
    }
    if (locked.length) {
      this.stats.retries++;
      outcomes.push(
        ...(await this.collection(
          locked,
          { type, externalIdField },
          (r) => String(r[externalIdField]),
          'safe'
        ))
      );
    }
    return outcomes;
  }

  /**
   * Runs a Bulk 2.0 query job and streams its CSV result pages through an incremental parser.
   * `pageSink()` gives a fresh consumer per page attempt; its `commit()` runs only when the
   * page was read whole, so a page that breaks off and is fetched again never counts twice.
   */
  async bulkQuery(
    soql: string,
    pageSink: (header: string[]) => BulkPageSink,
    options: { maxRecords?: number; pollMs?: number; timeoutMs?: number } = {}
  ): Promise<{ rows: number; pages: number }> {
    const jobs = `${this.base()}/jobs/query`;
    // Safe to repeat (a stale keep-alive socket resets often after a long local step): a query
    // job whose answer was lost only reads, and the org expires it.
    const job = await this.withRetry('bulk query job', 'safe', () =>
      this.rest<{ id: string; state: string }>({
        method: 'POST',
        url: jobs,
        body: JSON.stringify({ operation: 'query', query: soql, columnDelimiter: 'COMMA', lineEnding: 'LF' })
      })
    );
    const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
    let poll = options.pollMs ?? 250;
    for (;;) {
      const info = await this.withRetry('bulk job status', 'safe', () =>
        this.rest<{ state: string; errorMessage?: string }>({ method: 'GET', url: `${jobs}/${job.id}` })
      );
      if (info.state === 'JobComplete') break;
      if (info.state === 'Failed' || info.state === 'Aborted')
        throw new ApiError(
          `Bulk query job ${job.id} ${info.state}: ${info.errorMessage ?? 'no reason given'}`,
          'BULK_JOB_FAILED'
        );
      if (Date.now() > deadline)
        throw new ApiError(`Bulk query job ${job.id} did not finish in time`, 'BULK_JOB_TIMEOUT');
      await new Promise((r) => setTimeout(r, poll));
      poll = Math.min(poll * 2, 5000);
    }
    let locator: string | null = null;
    let rows = 0;
    let pages = 0;
    const cpuStart = process.cpuUsage();
    const maxRecords = options.maxRecords ?? 250_000;
    do {
      const params = new URLSearchParams({ maxRecords: String(maxRecords) });
      if (locator) params.set('locator', locator);
      const url = new URL(`${jobs}/${job.id}/results?${params.toString()}`, this.conn.instanceUrl).toString();
      const page = await this.withRetry('bulk results page', 'safe', () => this.readCsvPage(url, pageSink));
      rows += page.rows;
      pages++;
      locator = page.locator;
    } while (locator && locator !== 'null');
    const cpu = process.cpuUsage(cpuStart);
    this.stats.bulkCpuMicros += cpu.user + cpu.system;
    this.stats.bulkRows += rows;
    // Deleting the finished job frees its result storage; losing this call changes nothing.
    await this.rest({ method: 'DELETE', url: `${jobs}/${job.id}` }).catch(() => undefined);
    this.stats.requests++;
    return { rows, pages };
  }

  /**
   * PUTs a CSV body to a Bulk 2.0 ingest job with node:http, writing the lines in 64 KiB chunks
   * as the socket drains, so the body is never one string in memory. `lines` starts over on a retry.
   */
  private uploadCsv(url: string, lines: () => Iterator<string>): Promise<void> {
    const target = new URL(url, this.conn.instanceUrl);
    const transport = target.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = transport.request(
        target,
        {
          method: 'PUT',
          headers: { Authorization: `Bearer ${this.conn.accessToken ?? ''}`, 'Content-Type': 'text/csv' }
        },
        (res) => {
          const limit = res.headers['sforce-limit-info'];
          this.noteUsage(Array.isArray(limit) ? limit[0] : (limit ?? null));
          res.setEncoding('utf8');
          let text = '';
          res.on('data', (c: string) => (text += c));
          res.on('error', reject);
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve();
            else reject(httpError(status, text));
          });
        }
      );
      req.on('error', reject);
      const it = lines();
      const pump = (): void => {
        let chunk = '';
        for (;;) {
          const next = it.next();
          if (next.done) {
            req.end(chunk);
            return;
          }
          chunk += next.value;
          if (chunk.length >= 65536) {
            const drained = req.write(chunk);
            chunk = '';
            if (!drained) {
              req.once('drain', pump);
              return;
            }
          }
        }
      };
      try {
        pump();
      } catch (e) {
        req.destroy(e as Error);
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  /** Fetches one results page and parses it as it arrives (node:http: no web-stream overhead). */
  private readCsvPage(
    url: string,
    pageSink: (header: string[]) => BulkPageSink
  ): Promise<{ rows: number; locator: string | null }> {
    const target = new URL(url);
    const transport = target.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = transport.request(
        target,
        {
          method: 'GET',
          headers: { Authorization: `Bearer ${this.conn.accessToken ?? ''}`, Accept: 'text/csv' }
        },
        (res) => {
          const header = (name: string): string | null => {
            const v = res.headers[name];
            return Array.isArray(v) ? v[0] : (v ?? null);
          };
          this.noteUsage(header('sforce-limit-info'));
          res.setEncoding('utf8');
          res.on('error', reject);
          res.on('aborted', () =>
            reject(Object.assign(new Error('results page cut off'), { code: 'ECONNRESET' }))
          );
          if (res.statusCode !== 200) {
            let text = '';
            res.on('data', (c: string) => (text += c));
            res.on('end', () => reject(httpError(res.statusCode, text)));
            return;
          }
          const state: { sink: BulkPageSink | null } = { sink: null };
          const reader = new CsvReader(
            () => undefined,
            ',',
            (record, quoted) => {
              if (state.sink) state.sink.row(record, quoted);
              else state.sink = pageSink(parseRecord(record, quoted));
            }
          );
          res.on('data', (chunk: string) => {
            try {
              reader.write(chunk);
            } catch (e) {
              req.destroy(e as Error);
            }
          });
          res.on('end', () => {
            if (!res.complete) return;
            try {
              reader.end();
              state.sink?.commit();
              resolve({ rows: Math.max(0, reader.rows - 1), locator: header('sforce-locator') });
            } catch (e) {
              reject(e instanceof Error ? e : new Error(String(e)));
            }
          });
        }
      );
      req.on('error', reject);
      req.end();
    });
  }
}
