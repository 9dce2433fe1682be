/**
 * `npm run sync -- [options]`: the RevOps entry point of the metrics sync. Parses the options,
 * connects (CLI auth, access token or JWT bearer), runs the sync and prints a closing summary
 * (or `--json`). Exit codes: 0 all written, 2 some records failed, 1 fatal error.
 */
import type { Connection } from 'jsforce';
import {
  PERIOD_KEY_PATTERN,
  parsePeriodKey,
  previousPeriod
} from '../../force-app/main/default/lwc/scoring/scoring';
import {
  DEFAULT_API_VERSION,
  checkApiVersion,
  connect,
  isUrl,
  redact,
  type ConnectOptions
} from '../org/connection';
import { SyncApi, classify, type RetryOptions } from './api';
import { DEFAULT_COUNT_MEASURES, type CountMeasure } from './metrics';
import { SyncError, explain, runSync, type QuotaSourceOption, type SyncPart, type SyncSummary } from './sync';

/** Parsed command-line options. */
export interface SyncArgs extends ConnectOptions {
  periods: string[];
  dryRun: boolean;
  json: boolean;
  only: SyncPart;
  quotaSource: QuotaSourceOption;
  /** Above this many ratings in a period they are read with Bulk 2.0. */
  ratingsBulkThreshold?: number;
  /** Above this many changed snapshots they go through a Bulk 2.0 ingest job. */
  ingestThreshold?: number;
  /** Sales roles measured by a count quota (--count-quota), and what each counts. */
  countMeasures: Record<string, CountMeasure>;
  help: boolean;
}

/** The count measures --count-quota accepts, by their option spelling. */
const COUNT_MEASURES: Record<string, CountMeasure> = {
  'leads-converted': 'Leads Converted',
  'opportunities-sourced': 'Opportunities Sourced'
};

/** Most periods one run may cover. */
export const MAX_PERIODS = 40;

export const USAGE = `Usage: npm run -s sync -- [options]

Connection (one of):
  --target-org, -o <alias|username>   stored auth of the Salesforce CLI
  SF_INSTANCE_URL + SF_ACCESS_TOKEN   environment variables
  --client-id <key> --username <user> --jwt-key-file <pem> [--login-url <url>]   JWT bearer flow

Options:
  --period <key>          fiscal period, e.g. 2026-Q3 or 2026 (default: the last closed fiscal quarter)
  --from <key> --to <key> every period from one key to another, e.g. --from 2025-Q1 --to 2025-Q4
  --only metrics|impact   run only the metrics (snapshots, rescoring) or only the impact analysis
  --quota-source auto|forecasting|custom   ForecastingQuota or Sales_Quota__c (default auto)
  --dry-run               read and compute, write nothing
  --json                  print a machine-readable summary on stdout (use npm run -s: npm's own banner
                          would precede it)
  --count-quota <role>=<measure>   measure the role by a count quota: leads-converted or
                          opportunities-sourced; <role>=amount measures it by amount (default SDR=leads-converted)
  --ratings-bulk-threshold <n>   read ratings with Bulk 2.0 above this many in a period (default 10000)
  --ingest-threshold <n>  upsert snapshots with a Bulk 2.0 ingest job above this many changes (default 2000)
  --api-version <v>       default ${DEFAULT_API_VERSION}
`;

/** Expands --from/--to into the period keys between them, inclusive. */
export function expandPeriods(from: string, to: string): string[] {
  const a = parsePeriodKey(from);
  const b = parsePeriodKey(to);
  if ((a.quarter === null) !== (b.quarter === null))
    throw new SyncError(`--from ${from} and --to ${to} must both be quarters or both be fiscal years`);
  const index = (p: { year: number; quarter: number | null }): number => p.year * 4 + (p.quarter ?? 1);
  if (index(a) > index(b)) throw new SyncError(`--from ${from} comes after --to ${to}: swap them`);
  const span = a.quarter === null ? b.year - a.year + 1 : index(b) - index(a) + 1;
  if (span > MAX_PERIODS)
    throw new SyncError(
      `--from ${from} --to ${to} covers ${span} periods; one run covers at most ${MAX_PERIODS}: split the range`
    );
  const out = [to];
  while (out[0] !== from) out.unshift(previousPeriod(out[0]));
  return out;
}

/** Parses the CLI arguments with a clear error for each bad one. */
export function parseSyncArgs(argv: string[]): SyncArgs {
  const args: SyncArgs = {
    apiVersion: DEFAULT_API_VERSION,
    periods: [],
    dryRun: false,
    json: false,
    only: 'all',
    quotaSource: 'auto',
    countMeasures: { ...DEFAULT_COUNT_MEASURES },
    help: false
  };
  let from: string | undefined;
  let to: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new SyncError(`${a} needs a value`);
      return v;
    };
    const count = (): number => {
      const v = value();
      if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v)))
        throw new SyncError(`${a} ${v}: expected a whole number of records`);
      return Number(v);
    };
    const period = (): string => {
      const v = value();
      if (!PERIOD_KEY_PATTERN.test(v))
        throw new SyncError(
          `${a} ${v}: expected a fiscal quarter "YYYY-Qn" (n = 1-4) or a fiscal year "YYYY", e.g. 2026-Q3`
        );
      return v;
    };
    switch (a) {
      case '--target-org':
      case '-o':
        args.targetOrg = value();
        break;
      case '--client-id':
        args.clientId = value();
        break;
      case '--username':
        args.username = value();
        break;
      case '--jwt-key-file':
        args.jwtKeyFile = value();
        break;
      case '--login-url':
        args.loginUrl = value();
        break;
      case '--api-version': {
        const v = value();
        try {
          args.apiVersion = checkApiVersion(v);
        } catch (e) {
          throw new SyncError((e as Error).message);
        }
        break;
      }
      case '--count-quota': {
        const v = value();
        const eq = v.indexOf('=');
        const role = eq > 0 ? v.slice(0, eq).trim() : '';
        const measure = eq > 0 ? v.slice(eq + 1).trim() : '';
        if (!role || !(measure in COUNT_MEASURES || measure === 'amount'))
          throw new SyncError(
            `--count-quota ${v}: expected <sales role>=leads-converted, opportunities-sourced or amount, e.g. SDR=leads-converted`
          );
        if (measure === 'amount') delete args.countMeasures[role];
        else args.countMeasures[role] = COUNT_MEASURES[measure];
        break;
      }
      case '--period':
        args.periods.push(period());
        break;
      case '--from':
        from = period();
        break;
      case '--to':
        to = period();
        break;
      case '--dry-run':
        args.dryRun = true;
        break;
      case '--json':
        args.json = true;
        break;
      case '--only': {
        const v = value();
        if (v !== 'metrics' && v !== 'impact') throw new SyncError(`--only ${v}: expected metrics or impact`);
        args.only = v;
        break;
      }
      case '--quota-source': {
        const v = value();
        if (v !== 'auto' && v !== 'forecasting' && v !== 'custom')
          throw new SyncError(`--quota-source ${v}: expected auto, forecasting or custom`);
        args.quotaSource = v;
        break;
      }
      case '--ratings-bulk-threshold':
        args.ratingsBulkThreshold = count();
        break;
      case '--ingest-threshold':
        args.ingestThreshold = count();
        break;
      case '--help':
      case '-h':
        args.help = true;
        break;
      default:
        throw new SyncError(`Unknown argument ${a}\n\n${USAGE}`);
    }
  }
  if ((from === undefined) !== (to === undefined)) throw new SyncError('--from and --to go together');
  if (from !== undefined && to !== undefined) {
    if (args.periods.length) throw new SyncError('Give either --period or --from/--to, not both');
    args.periods = expandPeriods(from, to);
  }
  if (args.loginUrl !== undefined) {
    try {
      new URL(args.loginUrl);
    } catch {
      throw new SyncError(`--login-url ${args.loginUrl} is not a URL (e.g. https://login.salesforce.com)`);
    }
  }
  return args;
}

/** Renders the closing summary for a terminal. */
export function formatSummary(s: SyncSummary): string {
  const lines: string[] = [];
  const would = (done: string, todo: string): string => (s.dryRun ? todo : done);
  for (const p of s.periods) {
    lines.push(
      `${p.period} (${p.start} to ${p.end}): ${p.reps} reps, ${p.snapshotsWritten} snapshots ${would('written', 'to write')} (${p.snapshotsUnchanged} unchanged), ` +
        `${p.assessmentsRescored} assessments ${would('rescored', 'to rescore')}, ${p.impactsWritten} impact results ${would('written', 'to write')} ` +
        `(${p.impactsComputed} computed, ${p.impactsNotEnoughData} not enough data), ` +
        `${p.opportunitiesStreamed} won opportunities and ${p.historyRowsStreamed} stage history rows streamed`
    );
  }
  for (const f of s.failures) lines.push(`FAILED ${f.object} ${f.key}: ${f.errorCode}: ${f.message}`);
  for (const c of s.calibration)
    lines.push(
      `CALIBRATE Assessment__c ${c.assessmentId} (${c.period}): final score ${c.finalScore} is better than the eligible score ${c.eligibleScore}`
    );
  for (const h of s.hints) lines.push(`HINT ${h}`);
  for (const n of s.notes) lines.push(`NOTE ${n}`);
  lines.push(
    `${s.dryRun ? 'Dry run, nothing written. Reps' : 'Reps'}: ${s.reps}. Snapshots ${would('written', 'to write')}: ${s.snapshotsWritten}. ` +
      `Assessments ${would('rescored', 'to rescore')}: ${s.assessmentsRescored}. Impact results ${would('written', 'to write')}: ${s.impactsWritten} ` +
      `(${s.impactsComputed} computed, ${s.impactsNotEnoughData} not enough data). Needing calibration: ${s.calibration.length}. ` +
      `Failures: ${s.failures.length}. API calls used: ${s.apiCalls}${s.retries ? ` (${s.retries} retried)` : ''}. ` +
      `Time: ${(s.elapsedMs / 1000).toFixed(1)} s. Quota source: ${s.quotaSource ?? 'n/a'}. Amounts in ${s.currency.corporate}${s.currency.multiCurrency ? ' (corporate currency)' : ''}.`
  );
  return lines.join('\n');
}

/** Where the CLI writes; replaced in tests. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Progress is shown only when stdout is a terminal. */
  isTTY: boolean;
}

const processIo: CliIo = {
  out: (t) => void process.stdout.write(`${t}\n`),
  err: (t) => void process.stderr.write(`${t}\n`),
  isTTY: process.stdout.isTTY === true
};

/** Runs the CLI and returns the exit code; every line printed passes through the redactor. */
export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  io: CliIo = processIo,
  options: { retry?: Partial<RetryOptions>; connection?: Connection } = {}
): Promise<number> {
  // The token, and the instance URL when it is not a URL (the two swapped): never printed.
  const secrets: (string | undefined)[] = [
    env.SF_ACCESS_TOKEN,
    ...(isUrl(env.SF_INSTANCE_URL) ? [] : [env.SF_INSTANCE_URL])
  ];
  const say = (t: string): void => io.out(redact(t, secrets));
  const warn = (t: string): void => io.err(redact(t, secrets));
  let json = argv.includes('--json');
  try {
    const args = parseSyncArgs(argv);
    json = args.json;
    if (args.help) {
      say(USAGE);
      return 0;
    }
    let conn: Connection;
    try {
      conn = options.connection ?? (await connect(args, env));
    } catch (e) {
      throw explain(e, 'connecting');
    }
    secrets.push(conn.accessToken ?? undefined, conn.refreshToken ?? undefined);
    const showProgress = io.isTTY && !json;
    const api = new SyncApi(conn, {
      retry: options.retry,
      onRetry: (what, err, wait) => {
        if (showProgress)
          warn(`  retrying ${what} in ${wait} ms (${classify(err).code || (err as Error).message})`);
      }
    });
    const summary = await runSync(api, {
      periods: args.periods,
      dryRun: args.dryRun,
      only: args.only,
      quotaSource: args.quotaSource,
      ratingsBulkThreshold: args.ratingsBulkThreshold,
      ingestThreshold: args.ingestThreshold,
      countMeasures: args.countMeasures,
      progress: showProgress ? (m) => warn(`… ${m}`) : undefined
    });
    const code = summary.failures.length ? 2 : 0;
    if (json) say(JSON.stringify({ status: code, result: summary }, null, 2));
    else say(formatSummary(summary));
    return code;
  } catch (e) {
    const err = e instanceof SyncError ? e : explain(e, 'running the sync');
    if (json) say(JSON.stringify({ status: 1, name: err.name, message: err.message }, null, 2));
    else warn(`sync failed: ${err.message}`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
