/**
 * Loads the default content into an org by upserting on Key__c, so a first import creates the
 * model and every later import updates it in place (no duplicates, history kept).
 * CLI: `npm run data:import -- --target-org <alias>` or with SF_INSTANCE_URL + SF_ACCESS_TOKEN.
 */
import type { Connection } from 'jsforce';
import { resolve } from 'node:path';
import { DEFAULT_API_VERSION, checkApiVersion, connect, isUrl, redact } from '../org/connection';
import { checkDataPlans } from '../validate/checks/dataPlans';
import { loadProject } from '../validate/project';
import { DATA_DIR, KEY_FIELD, readPlans, toUpsertRecord, type PlanRecord } from './plan';

/** The sObject Collections limit per call. */
export const MAX_BATCH = 200;

// The connection code is shared with the metrics sync; re-exported for existing callers.
export { DEFAULT_API_VERSION, connect };

/** The part of a jsforce Connection the importer uses. */
export type ImportConnection = Pick<Connection, 'request' | 'version'>;

/** Options for importPlans. */
export interface ImportOptions {
  /** Records per call, 1..200 (default 200). */
  batchSize?: number;
  /** Called after each call with a one-line progress message. */
  log?: (message: string) => void;
}

/** One record that did not load, with the errors the API gave. */
export interface ImportFailure {
  sobject: string;
  key: string;
  errors: { statusCode: string; message: string; fields: string[] }[];
}

/** Per-object counts and every per-record failure. */
export interface ImportResult {
  counts: Record<string, { created: number; updated: number; failed: number }>;
  failures: ImportFailure[];
  calls: number;
}

/** One element of the sObject Collections upsert response. */
interface UpsertResult {
  id?: string;
  success: boolean;
  created?: boolean;
  /** Salesforce names the code statusCode in save results; errorCode is read only as a fallback. */
  errors?: { statusCode?: string; errorCode?: string; message?: string; fields?: string[] }[];
}

/** Splits records into runs of one type, in order, then into batches of at most `size`. */
export function batches(records: PlanRecord[], size: number = MAX_BATCH): PlanRecord[][] {
  if (!Number.isInteger(size) || size < 1 || size > MAX_BATCH) {
    throw new Error(`batchSize must be an integer from 1 to ${MAX_BATCH}, got ${size}`);
  }
  const out: PlanRecord[][] = [];
  let current: PlanRecord[] = [];
  for (const r of records) {
    if (current.length && (current[0].sobject !== r.sobject || current.length === size)) {
      out.push(current);
      current = [];
    }
    current.push(r);
  }
  if (current.length) out.push(current);
  return out;
}

/** Upserts records by Key__c through sObject Collections, one type and at most 200 records per call. */
export async function importPlans(
  conn: ImportConnection,
  records: PlanRecord[],
  options: ImportOptions = {}
): Promise<ImportResult> {
  const result: ImportResult = { counts: {}, failures: [], calls: 0 };
  for (const batch of batches(records, options.batchSize ?? MAX_BATCH)) {
    const sobject = batch[0].sobject;
    const counts = (result.counts[sobject] ??= { created: 0, updated: 0, failed: 0 });
    const url = `/services/data/v${conn.version}/composite/sobjects/${sobject}/${KEY_FIELD}`;
    let response: UpsertResult[];
    try {
      result.calls++;
      response = await conn.request<UpsertResult[]>({
        method: 'PATCH',
        url,
        body: JSON.stringify({ allOrNone: false, records: batch.map(toUpsertRecord) }),
        headers: { 'Content-Type': 'application/json' }
      });
    } catch (e) {
      const err = e as Error & { errorCode?: string };
      if (err.errorCode === 'INVALID_SESSION_ID') {
        throw new Error(`The org rejected the session (INVALID_SESSION_ID): log in again and re-run.`);
      }
      if (!err.errorCode) {
        // No API answer at all (network down, wrong URL): every later call would fail the same way.
        throw new Error(
          `${sobject}: no answer from the org (${err.message}). Re-running the import is safe.`
        );
      }
      // The whole call failed: every record in it is reported, and the import goes on.
      for (const r of batch) {
        result.failures.push({
          sobject,
          key: r.key,
          errors: [{ statusCode: err.errorCode ?? err.name, message: err.message, fields: [] }]
        });
      }
      counts.failed += batch.length;
      options.log?.(`${sobject}: call failed for ${batch.length} records: ${err.message}`);
      continue;
    }
    if (!Array.isArray(response) || response.length !== batch.length) {
      throw new Error(
        `${sobject}: expected ${batch.length} results from ${url}, got ${JSON.stringify(response)}`
      );
    }
    response.forEach((res, i) => {
      if (res.success) {
        if (res.created) counts.created++;
        else counts.updated++;
      } else {
        counts.failed++;
        result.failures.push({
          sobject,
          key: batch[i].key,
          errors: (res.errors ?? []).map((er) => ({
            statusCode: er.statusCode ?? er.errorCode ?? 'UNKNOWN',
            message: er.message ?? '',
            fields: er.fields ?? []
          }))
        });
      }
    });
    options.log?.(`${sobject}: ${batch.length} records sent`);
  }
  return result;
}

/** Renders the result as a table and the failures, one line each. */
export function formatResult(result: ImportResult): string {
  const lines = ['object                          created  updated  failed'];
  for (const [sobject, c] of Object.entries(result.counts)) {
    lines.push(
      `${sobject.padEnd(30)} ${String(c.created).padStart(8)} ${String(c.updated).padStart(8)} ${String(c.failed).padStart(7)}`
    );
  }
  for (const f of result.failures) {
    const why = f.errors.map(
      (e) => `${e.statusCode}: ${e.message}${e.fields.length ? ` [${e.fields.join(', ')}]` : ''}`
    );
    lines.push(`FAILED ${f.sobject} ${f.key}: ${why.join('; ') || 'no error detail returned'}`);
  }
  lines.push(`${result.calls} API calls, ${result.failures.length} failures`);
  return lines.join('\n');
}

/** Command-line options of the importer. */
export interface CliArgs {
  targetOrg?: string;
  dataDir: string;
  apiVersion: string;
  dryRun: boolean;
}

/** Parses the CLI arguments, rejecting unknown ones. */
export function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { dataDir: DATA_DIR, apiVersion: DEFAULT_API_VERSION, dryRun: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--target-org' || a === '-o') args.targetOrg = value();
    else if (a === '--data-dir') args.dataDir = value();
    else if (a === '--api-version') args.apiVersion = value();
    else if (a === '--dry-run') args.dryRun = true;
    else
      throw new Error(
        `Unknown argument ${a}. Usage: import.ts [--target-org <alias>] [--data-dir <dir>] [--api-version 66.0] [--dry-run]`
      );
  }
  checkApiVersion(args.apiVersion);
  return args;
}

/** The package root whose metadata a dry run checks the plans against. */
const ROOT = resolve(__dirname, '..', '..');

/** Runs the CLI; returns the process exit code (1 when any record failed or a dry run found a problem). */
export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const records = readPlans(args.dataDir);
  if (args.dryRun) {
    // The same checks as npm run validate: every field exists, picklist values and @Ref targets are valid.
    const issues = checkDataPlans(loadProject(ROOT), args.dataDir);
    for (const issue of issues) console.error(`${issue.file}: ${issue.element}: ${issue.message}`);
    if (issues.length) {
      console.error(`${issues.length} problem(s) in the plans (dry run, nothing sent)`);
      return 1;
    }
    const counts = new Map<string, number>();
    for (const r of records) counts.set(r.sobject, (counts.get(r.sobject) ?? 0) + 1);
    for (const [sobject, n] of counts) console.log(`${sobject.padEnd(30)} ${n}`);
    console.log(`${records.length} records in ${batches(records).length} calls (dry run, nothing sent)`);
    return 0;
  }
  const conn = await connect(args);
  const secrets = [...secretsOf(process.env), conn.accessToken ?? undefined];
  const say = (m: string): void => console.log(redact(m, secrets));
  const result = await importPlans(conn, records, { log: say });
  say(formatResult(result));
  return result.failures.length ? 1 : 0;
}

/** Secrets an error message must never show: the token, and the instance URL when it is not a URL (swapped). */
export function secretsOf(env: NodeJS.ProcessEnv): (string | undefined)[] {
  return [env.SF_ACCESS_TOKEN, ...(isUrl(env.SF_INSTANCE_URL) ? [] : [env.SF_INSTANCE_URL])];
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: Error) => {
      console.error(redact(`data:import failed: ${e.message}`, secretsOf(process.env)));
      process.exit(1);
    }
  );
}
