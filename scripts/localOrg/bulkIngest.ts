/**
 * Bulk API 2.0 ingest jobs for the local org (`/jobs/ingest`): create a job, upload CSV, close it,
 * poll it, read its successful and failed results. Upsert, insert and update, processed record by
 * record through the same store, validation and injected record faults as the REST API. Mounted
 * on a running local org with `mountBulkIngest(org.server)`.
 */
import { CsvReader } from '../sync/csv';
import type { LocalOrgServer, RequestContext } from './server';
import { SfError, sfError } from './store';
import { bulkJobInfo } from './bulkJobs';

/** One ingest job. */
interface IngestJob {
  id: string;
  object: string;
  operation: 'upsert' | 'insert' | 'update';
  externalIdFieldName: string | null;
  state: 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Aborted' | 'Failed';
  apiVersion: string;
  createdDate: string;
  csv: string[];
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

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
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
      lineEnding: 'LF',
      columnDelimiter: 'COMMA',
      numberRecordsProcessed: j.processed,
      numberRecordsFailed: j.failed.length
    });
  const jobOf = (id: string): IngestJob => {
    const j = jobs.get(id);
    if (!j) throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    return j;
  };

  /** Runs every uploaded record: blank cells are left alone, #N/A clears a field. */
  const process = (j: IngestJob): void => {
    const rows: string[][] = [];
    const reader = new CsvReader((v) => rows.push(v));
    for (const part of j.csv) {
      reader.write(part.endsWith('\n') ? part : `${part}\n`);
    }
    reader.end();
    j.csv = [];
    const [header, ...records] = rows;
    if (!header) {
      j.state = 'Failed';
      return;
    }
    j.header = header;
    for (const values of records) {
      const body: Record<string, unknown> = {};
      header.forEach((h, i) => {
        const v = values[i] ?? '';
        if (v === '') return;
        body[h] = v === '#N/A' ? null : v;
      });
      const line = values.map(csvCell).join(',');
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
        j.successful.push(`${id},${created},${line}`);
      } catch (err) {
        const first =
          err instanceof SfError ? err.errors[0] : { errorCode: 'UNKNOWN_EXCEPTION', message: String(err) };
        j.failed.push(`,${csvCell(`${first.errorCode}:${first.message}`)},${line}`);
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
    const job: IngestJob = {
      id: `7501${String(next++).padStart(11, '0')}AAA`,
      object: object.name,
      operation,
      externalIdFieldName,
      state: 'Open',
      apiVersion: ctx.params.version,
      createdDate: new Date().toISOString().replace('Z', '+0000'),
      csv: [],
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
  const results = (kind: 'successful' | 'failed') => (ctx: RequestContext) => {
    const j = jobOf(ctx.params.id);
    const lead = kind === 'successful' ? '"sf__Id","sf__Created"' : '"sf__Id","sf__Error"';
    const header = [lead, ...j.header.map(csvCell)].join(',');
    ctx.res.writeHead(200, { 'Content-Type': 'text/csv' });
    ctx.res.end([header, ...j[kind]].join('\n') + '\n');
  };
  server.route('GET', `${BASE}/:id/successfulResults`, results('successful'));
  server.route('GET', `${BASE}/:id/failedResults`, results('failed'));
}
