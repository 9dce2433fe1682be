/**
 * Bulk API 2.0 ingest jobs for the local org (`/jobs/ingest`): create a job, upload CSV, close it,
 * poll it, read its successful and failed results. Upsert, insert and update, processed record by
 * record through the same store, validation and injected record faults as the REST API. Mounted
 * on a running local org with `mountBulkIngest(org.server)`.
 */
import { bulkJobInfo } from './bulkJobs';
import { CsvFormatError, parseCsv } from './csvParse';
import type { LocalOrgServer, RequestContext } from './server';
import { SfError, sfError } from './store';

/** One ingest job. */
interface IngestJob {
  id: string;
  object: string;
  operation: 'upsert' | 'insert' | 'update';
  externalIdFieldName: string | null;
  state: 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Aborted' | 'Failed';
  apiVersion: string;
  createdDate: string;
  columnDelimiter: string;
  lineEnding: 'LF' | 'CRLF';
  /** Uploaded CSV not processed yet (kept for unprocessedrecords when the job is aborted). */
  csv: string[];
  errorMessage: string | null;
  checks: number;
  processed: number;
  successful: string[];
  failed: string[];
  header: string[];
}

/** Options for the ingest routes. */
export interface BulkIngestOptions {
  /** Status checks answered InProgress before a closed job completes (default 0). */
  inProgressChecks?: number;
}

const BASE = '/services/data/:version/jobs/ingest';

/** Column delimiters Bulk API 2.0 accepts, by the names jobs give them. */
const DELIMITERS: Record<string, string> = {
  COMMA: ',',
  TAB: '\t',
  PIPE: '|',
  SEMICOLON: ';',
  CARET: '^',
  BACKQUOTE: '`'
};

function csvCell(value: string, delimiter = ','): string {
  return value.includes(delimiter) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A CSV row as a REST-style body: blank cells are left alone, #N/A clears a field, and a
 * `Parent__r.Key__c` column names the parent by its external id.
 */
function bodyOf(header: string[], values: string[]): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  header.forEach((h, i) => {
    const v = values[i] ?? '';
    if (v === '') return;
    const dot = h.indexOf('.');
    if (dot > 0) {
      if (v !== '#N/A') body[h.slice(0, dot)] = { [h.slice(dot + 1)]: v };
      return;
    }
    body[h] = v === '#N/A' ? null : v;
  });
  return body;
}

function readText(ctx: RequestContext): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    ctx.req.on('data', (c: Buffer) => chunks.push(c));
    ctx.req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    ctx.req.on('error', reject);
  });
}

/** Mounts the Bulk 2.0 ingest routes on a local org's server. */
export function mountBulkIngest(server: LocalOrgServer, options: BulkIngestOptions = {}): void {
  const store = server.store;
  const jobs = new Map<string, IngestJob>();
  let next = 1;

  const info = (j: IngestJob): Record<string, unknown> =>
    bulkJobInfo(j, store.currentUserId, {
      externalIdFieldName: j.externalIdFieldName,
      jobType: 'V2Ingest',
      lineEnding: j.lineEnding,
      columnDelimiter: j.columnDelimiter,
      numberRecordsProcessed: j.processed,
      numberRecordsFailed: j.failed.length,
      ...(j.errorMessage ? { errorMessage: j.errorMessage } : {})
    });
  const jobOf = (id: string): IngestJob => {
    const j = jobs.get(id);
    if (!j) throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    return j;
  };

  /** Reads a job's uploaded CSV; a malformed upload fails the whole job with the reason. */
  const rowsOf = (j: IngestJob): string[][] | null => {
    try {
      return parseCsv(j.csv.join(''), DELIMITERS[j.columnDelimiter]);
    } catch (e) {
      if (!(e instanceof CsvFormatError)) throw e;
      j.state = 'Failed';
      j.errorMessage = `InvalidBatch : Failed to parse CSV: ${e.message}`;
      return null;
    }
  };

  /** Runs every uploaded record through the store, one transaction per record. */
  const process = (j: IngestJob): void => {
    const rows = rowsOf(j);
    if (!rows) return;
    j.csv = [];
    const [header, ...records] = rows;
    if (!header) {
      j.state = 'Failed';
      j.errorMessage = 'InvalidBatch : The upload holds no header row';
      return;
    }
    j.header = header;
    const delim = DELIMITERS[j.columnDelimiter];
    for (const values of records) {
      const body = bodyOf(header, values);
      const line = values.map((v) => csvCell(v, delim)).join(delim);
      try {
        let id: string;
        let created = false;
        if (j.operation === 'upsert') {
          const key = j.externalIdFieldName as string;
          const value = Object.keys(body).find((k) => k.toLowerCase() === key.toLowerCase());
          if (!value || body[value] === null)
            throw sfError(400, 'MISSING_ARGUMENT', `${key} not specified`, [key]);
          const existing = store.findByKey(j.object, key, body[value] as string);
          const fault = server.faults.takeRecord(j.object, { ...(existing[0] ?? {}), ...body });
          if (fault) throw sfError(400, fault.errorCode, fault.message ?? 'Injected failure', [fault.field]);
          ({ id, created } = store.transaction(() => store.upsert(j.object, key, String(body[value]), body)));
        } else if (j.operation === 'insert') {
          const fault = server.faults.takeRecord(j.object, body);
          if (fault) throw sfError(400, fault.errorCode, fault.message ?? 'Injected failure', [fault.field]);
          id = store.transaction(() => store.create(j.object, body));
          created = true;
        } else {
          const { Id, ...rest } = body;
          if (typeof Id !== 'string') throw sfError(400, 'MISSING_ARGUMENT', 'Id not specified', ['Id']);
          const fault = server.faults.takeRecord(j.object, { ...(store.get(j.object, Id) ?? {}), ...rest });
          if (fault) throw sfError(400, fault.errorCode, fault.message ?? 'Injected failure', [fault.field]);
          store.transaction(() => store.update(j.object, Id, rest));
          id = Id;
        }
        j.successful.push([id, String(created), line].join(delim));
      } catch (err) {
        const first =
          err instanceof SfError ? err.errors[0] : { errorCode: 'UNKNOWN_EXCEPTION', message: String(err) };
        j.failed.push(['', csvCell(`${first.errorCode}:${first.message}`, delim), line].join(delim));
      }
      j.processed++;
    }
  };

  server.route('POST', BASE, async (ctx) => {
    const body = ((await ctx.json()) ?? {}) as Record<string, string | undefined>;
    const operation = String(body.operation ?? '');
    if (operation !== 'upsert' && operation !== 'insert' && operation !== 'update')
      throw sfError(400, 'INVALIDJOB', `Unsupported operation: ${operation || '(none)'}`);
    const object = store.schema.find(String(body.object ?? ''));
    if (!object) throw sfError(400, 'INVALIDJOB', `Unknown object: ${String(body.object ?? '')}`);
    const externalIdFieldName = operation === 'upsert' ? String(body.externalIdFieldName ?? '') : null;
    if (operation === 'upsert' && !externalIdFieldName)
      throw sfError(400, 'INVALIDJOB', 'An upsert job needs externalIdFieldName');
    if ((body.contentType ?? 'CSV') !== 'CSV') throw sfError(400, 'INVALIDJOB', 'Only CSV is supported');
    const columnDelimiter = String(body.columnDelimiter ?? 'COMMA');
    if (!DELIMITERS[columnDelimiter])
      throw sfError(400, 'INVALIDJOB', `Invalid columnDelimiter: ${columnDelimiter}`);
    const lineEnding = String(body.lineEnding ?? 'LF');
    if (lineEnding !== 'LF' && lineEnding !== 'CRLF')
      throw sfError(400, 'INVALIDJOB', `Invalid lineEnding: ${lineEnding}`);
    const job: IngestJob = {
      id: `7501${String(next++).padStart(11, '0')}AAA`,
      object: object.name,
      operation,
      externalIdFieldName,
      state: 'Open',
      apiVersion: ctx.params.version,
      createdDate: new Date().toISOString().replace('Z', '+0000'),
      columnDelimiter,
      lineEnding,
      csv: [],
      errorMessage: null,
      checks: 0,
      processed: 0,
      successful: [],
      failed: [],
      header: []
    };
    jobs.set(job.id, job);
    return { status: 200, body: info(job) };
  });
  server.route('PUT', `${BASE}/:id/batches`, async (ctx) => {
    const j = jobOf(ctx.params.id);
    if (j.state !== 'Open') throw sfError(400, 'INVALIDJOB', `Job is not open: ${j.state}`);
    j.csv.push(await readText(ctx));
    return { status: 201 };
  });
  server.route('PATCH', `${BASE}/:id`, async (ctx) => {
    const j = jobOf(ctx.params.id);
    const body = (await ctx.json()) as { state?: string } | undefined;
    if (body?.state === 'Aborted') {
      if (j.state === 'JobComplete') throw sfError(400, 'INVALIDJOB', 'A completed job cannot be aborted');
      j.state = 'Aborted';
    } else if (body?.state === 'UploadComplete') {
      if (j.state !== 'Open') throw sfError(400, 'INVALIDJOB', `Job is not open: ${j.state}`);
      process(j);
      if (j.state === 'Open') j.state = 'UploadComplete';
    } else throw sfError(400, 'INVALIDJOB', 'state must be UploadComplete or Aborted');
    return { status: 200, body: info(j) };
  });
  server.route('GET', `${BASE}/:id`, (ctx) => {
    const j = jobOf(ctx.params.id);
    if (j.state === 'UploadComplete' || j.state === 'InProgress') {
      j.checks++;
      j.state = j.checks > (options.inProgressChecks ?? 0) ? 'JobComplete' : 'InProgress';
    }
    return { status: 200, body: info(j) };
  });
  const sendCsv = (ctx: RequestContext, j: IngestJob, lines: string[]): void => {
    const eol = j.lineEnding === 'CRLF' ? '\r\n' : '\n';
    ctx.res.writeHead(200, { 'Content-Type': 'text/csv' });
    ctx.res.end(lines.length ? lines.join(eol) + eol : '');
  };
  const results = (kind: 'successful' | 'failed') => (ctx: RequestContext) => {
    const j = jobOf(ctx.params.id);
    const delim = DELIMITERS[j.columnDelimiter];
    const lead = kind === 'successful' ? ['"sf__Id"', '"sf__Created"'] : ['"sf__Id"', '"sf__Error"'];
    sendCsv(ctx, j, [[...lead, ...j.header.map((h) => csvCell(h, delim))].join(delim), ...j[kind]]);
  };
  server.route('GET', `${BASE}/:id/successfulResults`, results('successful'));
  server.route('GET', `${BASE}/:id/failedResults`, results('failed'));
  /** Records uploaded but never processed (the job was aborted or failed first), as uploaded. */
  server.route('GET', `${BASE}/:id/unprocessedrecords`, (ctx) => {
    const j = jobOf(ctx.params.id);
    const delim = DELIMITERS[j.columnDelimiter];
    if (j.csv.length === 0)
      return sendCsv(ctx, j, j.header.length ? [j.header.map((h) => csvCell(h, delim)).join(delim)] : []);
    let rows: string[][];
    try {
      rows = parseCsv(j.csv.join(''), delim);
    } catch (e) {
      if (!(e instanceof CsvFormatError)) throw e;
      ctx.res.writeHead(200, { 'Content-Type': 'text/csv' });
      return void ctx.res.end(j.csv.join(''));
    }
    sendCsv(
      ctx,
      j,
      rows.map((r) => r.map((v) => csvCell(v, delim)).join(delim))
    );
  });
}
