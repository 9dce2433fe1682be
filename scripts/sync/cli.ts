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
  redact,
  type ConnectOptions
} from '../org/connection';
import { SyncApi, classify, type RetryOptions } from './api';
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
  help: boolean;
}

export const USAGE = `Usage: npm run sync -- [options]

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
  --json                  print a machine-readable summary on stdout
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
  const out = [to];
  while (out[0] !== from) {
    if (out.length > 40)
      throw new SyncError(`--from ${from} must come before --to ${to} (at most 40 periods)`);
    out.unshift(previousPeriod(out[0]));
  }
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
      case '--api-version':
        args.apiVersion = checkApiVersion(value());
        break;
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
  for (const p of s.periods) {
    lines.push(
      `${p.period} (${p.start} to ${p.end}): ${p.reps} reps, ${p.snapshotsWritten} snapshots ${s.dryRun ? 'to write' : 'written'} (${p.snapshotsUnchanged} unchanged), ` +
        `${p.assessmentsRescored} assessments ${s.dryRun ? 'to rescore' : 'rescored'}, ${p.impactsWritten} impact results ${s.dryRun ? 'to write' : 'written'}, ` +
        `${p.opportunitiesStreamed} won opportunities streamed`
    );
  }
  for (const f of s.failures) lines.push(`FAILED ${f.object} ${f.key}: ${f.errorCode}: ${f.message}`);
  for (const h of s.hints) lines.push(`HINT ${h}`);
  lines.push(
    `${s.dryRun ? 'Dry run, nothing written. ' : ''}Reps: ${s.reps}. Snapshots written: ${s.snapshotsWritten}. ` +
      `Assessments rescored: ${s.assessmentsRescored}. Impact results written: ${s.impactsWritten}. ` +
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
  const secrets: (string | undefined)[] = [env.SF_ACCESS_TOKEN];
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
      progress: showProgress ? (m) => warn(`… ${m}`) : undefined
    });
    const code = summary.failures.length ? 2 : 0;
    if (json) say(JSON.stringify({ status: code, result: summary }, null, 2));
    else say(formatSummary(summary));
    return code;
  } catch (e) {
    const err = e instanceof SyncError ? e : explain(e, 'the sync');
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
