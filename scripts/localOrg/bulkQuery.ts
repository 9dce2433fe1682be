/**
 * Bulk API 2.0 query jobs of the local org (`/jobs/query`): create a job from SOQL, poll it, abort
 * or delete it, and stream its results as CSV pages with Sforce-Locator paging.
 */
import type { ServerResponse } from 'node:http';
import { bulkJobInfo } from './bulkJobs';
import { asText } from '../metadata/ids';
import type { LocalOrgServer } from './server';
import { runSoql, type QueryPlan } from './soql';
import { sfError } from './store';

const BASE = '/services/data/:version';
/** Bulk 2.0 query jobs kept (the oldest is dropped first). */
const MAX_JOBS = 50;

interface BulkJob {
  id: string;
  operation: 'query' | 'queryAll';
  object: string;
  query: string;
  plan: QueryPlan;
  state: 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';
  createdDate: string;
  apiVersion: string;
  columnDelimiter: string;
  lineEnding: string;
  checks: number;
  /** The user who created the job: only they (or an administrator) see it. */
  createdById: string;
}

/** Options for the query-job routes. */
export interface BulkQueryOptions {
  /** Jobs report InProgress for this many status checks before JobComplete (default 0). */
  inProgressChecks?: number;
}

/** What the REST limits resource needs to know about query jobs. */
export interface BulkQueryJobs {
  /** Query jobs currently kept. */
  count: () => number;
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = asText(v);
  return `"${s.replace(/"/g, '""')}"`;
}

let seq = 0;
function nextJobId(): string {
  seq++;
  return '750' + String(seq).padStart(12, '0');
}

/** Mounts the Bulk 2.0 query-job routes on a local org's server. */
export function mountBulkQuery(server: LocalOrgServer, options: BulkQueryOptions = {}): BulkQueryJobs {
  const store = server.store;
  const jobs = new Map<string, BulkJob>();
  const jobInfo = (j: BulkJob): Record<string, unknown> =>
    bulkJobInfo(j, j.createdById, {
      jobType: 'V2Query',
      lineEnding: j.lineEnding,
      columnDelimiter: j.columnDelimiter,
      numberRecordsProcessed: j.state === 'JobComplete' ? j.plan.rows.length : 0,
      totalProcessingTime: 0
    });
  /** Whether the acting user may see a job: its creator, or an administrator's session. */
  const maySee = (j: BulkJob): boolean =>
    store.recordAccess() === null || j.createdById === store.currentUserId;
  const jobOf = (id: string): BulkJob => {
    const j = jobs.get(id);
    if (!j || !maySee(j)) throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    return j;
  };
  server.route('POST', `${BASE}/jobs/query`, async (ctx) => {
    const body = (await ctx.json()) as Record<string, unknown> | undefined;
    const operation = asText(body?.operation);
    if (operation !== 'query' && operation !== 'queryAll')
      throw sfError(
        400,
        'INVALIDJOB',
        `Invalid operation: ${operation || '(none)'}; expected query or queryAll`
      );
    const query = asText(body?.query);
    if (!query) throw sfError(400, 'INVALIDJOB', 'A query is required');
    const delimiters: Record<string, string> = {
      COMMA: ',',
      TAB: '\t',
      PIPE: '|',
      SEMICOLON: ';',
      CARET: '^',
      BACKQUOTE: '`'
    };
    const columnDelimiter = asText(body?.columnDelimiter, 'COMMA');
    if (!delimiters[columnDelimiter])
      throw sfError(400, 'INVALIDJOB', `Invalid columnDelimiter ${columnDelimiter}`);
    const lineEnding = asText(body?.lineEnding, 'LF');
    if (lineEnding !== 'LF' && lineEnding !== 'CRLF')
      throw sfError(400, 'INVALIDJOB', `Invalid lineEnding ${lineEnding}`);
    const plan = runSoql(store, query, {
      includeDeleted: operation === 'queryAll',
      apiVersion: ctx.params.version
    });
    if (plan.aggregate)
      throw sfError(400, 'API_ERROR', 'Aggregate queries are not supported by Bulk API 2.0 query jobs');
    if (plan.hasSubqueries)
      throw sfError(400, 'API_ERROR', 'Subqueries are not supported by Bulk API 2.0 query jobs');
    const job: BulkJob = {
      id: nextJobId(),
      operation,
      object: plan.obj.name,
      query,
      plan,
      state: 'UploadComplete',
      createdDate: new Date().toISOString().replace('Z', '+0000'),
      apiVersion: ctx.params.version,
      columnDelimiter,
      lineEnding,
      checks: 0,
      createdById: store.currentUserId
    };
    jobs.set(job.id, job);
    if (jobs.size > MAX_JOBS) jobs.delete(jobs.keys().next().value as string);
    return { status: 200, body: jobInfo(job) };
  });
  server.route('GET', `${BASE}/jobs/query`, () => ({
    status: 200,
    body: { done: true, records: [...jobs.values()].filter(maySee).map(jobInfo), nextRecordsUrl: null }
  }));
  server.route('GET', `${BASE}/jobs/query/:id`, (ctx) => {
    const j = jobOf(ctx.params.id);
    if (j.state === 'UploadComplete' || j.state === 'InProgress') {
      j.checks++;
      j.state = j.checks > (options.inProgressChecks ?? 0) ? 'JobComplete' : 'InProgress';
    }
    return { status: 200, body: jobInfo(j) };
  });
  server.route('PATCH', `${BASE}/jobs/query/:id`, async (ctx) => {
    const j = jobOf(ctx.params.id);
    const body = (await ctx.json()) as { state?: string } | undefined;
    if (body?.state !== 'Aborted')
      throw sfError(400, 'INVALIDJOB', 'Only state Aborted can be set on a query job');
    if (j.state === 'JobComplete') throw sfError(400, 'INVALIDJOB', 'A completed job cannot be aborted');
    j.state = 'Aborted';
    return { status: 200, body: jobInfo(j) };
  });
  server.route('DELETE', `${BASE}/jobs/query/:id`, (ctx) => {
    jobOf(ctx.params.id);
    jobs.delete(ctx.params.id);
    return { status: 204 };
  });
  server.route('GET', `${BASE}/jobs/query/:id/results`, async (ctx) => {
    const j = jobOf(ctx.params.id);
    if (j.state !== 'JobComplete') throw sfError(400, 'INVALIDJOB', `Job is not complete: ${j.state}`);
    const locator = ctx.url.searchParams.get('locator');
    const start = locator ? Number.parseInt(Buffer.from(locator, 'base64url').toString('utf8'), 10) : 0;
    if (!Number.isInteger(start) || start < 0 || start > j.plan.rows.length)
      throw sfError(400, 'INVALIDLOCATOR', `Invalid locator: ${locator}`);
    const maxRaw = ctx.url.searchParams.get('maxRecords');
    const max = maxRaw === null ? Infinity : Number(maxRaw);
    if (!(max > 0)) throw sfError(400, 'INVALIDMAXRECORDS', `Invalid maxRecords: ${maxRaw}`);
    const end = Math.min(j.plan.rows.length, start + max);
    const next = end < j.plan.rows.length ? Buffer.from(String(end), 'utf8').toString('base64url') : 'null';
    await streamCsv(ctx.res, j, start, end, next);
  });
  return { count: () => jobs.size };
}

/** Streams one page of a query job's CSV, honouring backpressure (never one big string). */
async function streamCsv(
  res: ServerResponse,
  j: BulkJob,
  start: number,
  end: number,
  locator: string
): Promise<void> {
  const delim =
    { COMMA: ',', TAB: '\t', PIPE: '|', SEMICOLON: ';', CARET: '^', BACKQUOTE: '`' }[j.columnDelimiter] ??
    ',';
  const eol = j.lineEnding === 'CRLF' ? '\r\n' : '\n';
  const cols = j.plan.columns;
  res.writeHead(200, {
    'Content-Type': 'text/csv',
    'Sforce-Locator': locator,
    'Sforce-NumberOfRecords': String(end - start)
  });
  const write = (chunk: string): Promise<void> =>
    new Promise((resolve) => (res.write(chunk) ? resolve() : res.once('drain', () => resolve())));
  await write(cols.map((c) => csvCell(c.header)).join(delim) + eol);
  const rows = j.plan.rows;
  let buf = '';
  for (let i = start; i < end; i++) {
    const r = rows[i];
    let line = '';
    for (let c = 0; c < cols.length; c++) line += (c ? delim : '') + csvCell(cols[c].get(r));
    buf += line + eol;
    if (buf.length > 65536) {
      await write(buf);
      buf = '';
    }
  }
  await new Promise<void>((resolve) => res.end(buf, () => resolve()));
}
