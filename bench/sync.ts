/**
 * Benchmark of the metrics sync at scale (quality.md targets): seeds a local org with R reps and
 * O opportunities in a process of its own (bench/orgServer.ts), runs the sync in a child process
 * over HTTP and records API calls, wall time, the child's peak RSS, and its CPU on the Bulk 2.0
 * extract against a child that only parses the same CSV (and one that only receives and parses
 * it). Every client runs alone, with this process and the org idle, so the sync and the baselines
 * see the same machine. Each size is measured N times on a freshly seeded org; CPU figures and
 * ratios are reported as median and range. Runs at two opportunity counts to show memory flat in
 * O. Writes bench/results/sync.json.
 * `npm run bench:sync [-- --reps N --opportunities N --small-opportunities N --extra-opportunities N --repeat N]`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { periodOf, periodRange, utcDate } from '../force-app/main/default/lwc/scoring/scoring';
import { wonOpportunitiesSoql } from '../scripts/sync/sync';
import { stageHistorySoql } from '../scripts/sync/stages';
import type { OrgServerInfo } from './orgServer';

interface Args {
  reps: number;
  opportunities: number;
  smallOpportunities: number;
  /** Optional third run, large enough for a won-opportunity extract of about a million rows. */
  extraOpportunities: number;
  /** Measurements of each size, each on a freshly seeded org. */
  repeat: number;
}

/** A bad command line: reported as the usage line, without a stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Parses the benchmark's options; a bad one throws UsageError with the usage line. */
export function parseBenchArgs(argv: string[]): Args {
  const out: Args = {
    reps: 10_000,
    opportunities: 1_000_000,
    smallOpportunities: 250_000,
    extraOpportunities: 0,
    repeat: 3
  };
  const names: Record<string, keyof Args> = {
    '--reps': 'reps',
    '--opportunities': 'opportunities',
    '--small-opportunities': 'smallOpportunities',
    '--extra-opportunities': 'extraOpportunities',
    '--repeat': 'repeat'
  };
  for (let i = 0; i < argv.length; i += 2) {
    const key = names[argv[i]];
    const n = Number(argv[i + 1]);
    if (!key || argv[i + 1] === undefined || !/^\d+$/.test(argv[i + 1]) || !Number.isInteger(n) || n < 1)
      throw new UsageError(
        `${key ? `${argv[i]} needs a whole number above 0` : `Unknown option ${argv[i]}`}\nUsage: npm run bench:sync -- [--reps N] [--opportunities N] [--small-opportunities N] [--extra-opportunities N] [--repeat N]`
      );
    out[key] = n;
  }
  return out;
}

const ROOT = path.join(__dirname, '..');

/**
 * The Node flags `npm run sync` starts the sync with (package.json's `sync` script: a 4 MB young
 * generation keeps the peak RSS down at no measured cost in time), so the bench runs it the same way.
 */
export function syncNodeFlags(script: string): string[] {
  const words = script.split(/\s+/);
  if (words[0] !== 'node') return [];
  return words.slice(1, words.indexOf('--import')).filter((w) => w.startsWith('--'));
}

const SYNC_FLAGS = syncNodeFlags(
  (
    JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts.sync
);

/** Starts a bench/ TypeScript file in a fresh Node process with tsx (the sync child with the sync's flags). */
function spawnTsx(file: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  const flags = file === 'syncChild.ts' ? SYNC_FLAGS : [];
  return spawn(process.execPath, [...flags, '--import', 'tsx', path.join(__dirname, file), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe']
  });
}

/** Runs bench/syncChild.ts alone and resolves with the JSON line it prints last. */
function child(args: string[], env: Record<string, string>): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const proc = spawnTsx('syncChild.ts', args, env);
    proc.stdin?.end();
    let stdout = '';
    let stderr = '';
    proc.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
    proc.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    proc.on('error', reject);
    proc.on('close', (code) => {
      if (code !== 0) return reject(new Error(`child ${args[0]} failed (${code}): ${stderr}`));
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as Record<string, unknown>);
      } catch (e) {
        reject(new Error(`child ${args[0]} printed no result: ${(e as Error).message}\n${stderr}`));
      }
    });
  });
}

/** A local org running in its own process (bench/orgServer.ts). */
interface OrgProcess {
  info: OrgServerInfo;
  stop: () => Promise<void>;
}

/** Starts bench/orgServer.ts and waits for the line with its URL and token. */
function startOrgProcess(reps: number, opportunities: number): Promise<OrgProcess> {
  return new Promise((resolve, reject) => {
    const proc = spawnTsx('orgServer.ts', ['--reps', String(reps), '--opportunities', String(opportunities)]);
    const exited = new Promise<void>((r) => proc.on('exit', () => r()));
    const killOnExit = (): void => void proc.kill();
    process.on('exit', killOnExit);
    let stdout = '';
    let stderr = '';
    let started = false;
    proc.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    proc.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString();
      const nl = stdout.indexOf('\n');
      if (started || nl < 0) return;
      started = true;
      try {
        const info = JSON.parse(stdout.slice(0, nl)) as OrgServerInfo;
        resolve({
          info,
          stop: async () => {
            process.off('exit', killOnExit);
            proc.kill();
            await exited;
          }
        });
      } catch (e) {
        proc.kill();
        reject(new Error(`org process printed no URL: ${(e as Error).message}\n${stderr}`));
      }
    });
    proc.on('error', reject);
    proc.on('exit', (code) => {
      if (!started) reject(new Error(`org process exited (${code}) before it was ready: ${stderr}`));
    });
  });
}

/** Saves the period's Bulk 2.0 extract to a file, as the org serves it, for the parse baseline. */
async function saveExtract(url: string, token: string, soql: string, file: string): Promise<void> {
  const base = `${url}/services/data/v66.0/jobs/query`;
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const job = (await (
    await fetch(base, { method: 'POST', headers, body: JSON.stringify({ operation: 'query', query: soql }) })
  ).json()) as { id: string };
  for (;;) {
    const info = (await (await fetch(`${base}/${job.id}`, { headers })).json()) as { state: string };
    if (info.state === 'JobComplete') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const res = await fetch(`${base}/${job.id}/results`, { headers });
  if (!res.ok || !res.body) throw new Error(`extract download failed: HTTP ${res.status}`);
  // Streamed to disk: a child's peak RSS counts the off-heap memory this process holds when it
  // spawns the child, so the whole CSV in a Buffer here would inflate every later measurement.
  await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), fs.createWriteStream(file));
}

/** Median, range and every sample of one figure across the repetitions. */
interface Spread {
  median: number;
  min: number;
  max: number;
  samples: number[];
}

/** Summarises the samples of one figure (median of an even count: mean of the middle two). */
function spread(samples: number[]): Spread {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  const round = (n: number): number => Math.round(n * 100) / 100;
  return { median: round(median), min: sorted[0], max: sorted[sorted.length - 1], samples };
}

const ratio = (a: number, b: number): number => Math.round((a / Math.max(1, b)) * 100) / 100;

/** One repetition: fresh org, sync twice (the second must write nothing), the two baselines. */
async function measureOnce(reps: number, opportunities: number): Promise<Record<string, unknown>> {
  const org = await startOrgProcess(reps, opportunities);
  const { url, accessToken, seedMs, fiscal } = org.info;
  // The fiscal year holding every seeded closed deal, so the extract is as large as the seed allows.
  const period = periodOf(utcDate(new Date()), fiscal, 'year');
  // The sync's two Bulk 2.0 extracts: the won deals and their stage history.
  const soql = wonOpportunitiesSoql(periodRange(period, fiscal));
  const historySoql = stageHistorySoql(periodRange(period, fiscal));
  const env = { SF_INSTANCE_URL: url, SF_ACCESS_TOKEN: accessToken };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-sync-'));
  try {
    process.stderr.write(
      `  ${reps} reps, ${opportunities} opportunities seeded in ${seedMs} ms; syncing ${period}\n`
    );
    const first = await child(['sync', '--period', period], env);
    const failed = (run: Record<string, unknown>): string | null => {
      const summary = run.summary as { status?: number; message?: string; failures?: unknown[] } | undefined;
      return summary?.status === 1 ? (summary.message ?? 'no message') : null;
    };
    if (failed(first)) throw new Error(`the sync failed: ${String(failed(first))}`);
    const second = await child(['sync', '--period', period], env);
    if (failed(second)) throw new Error(`the second sync failed: ${String(failed(second))}`);
    const file = path.join(dir, 'extract.csv');
    const historyFile = path.join(dir, 'history.csv');
    await saveExtract(url, accessToken, soql, file);
    await saveExtract(url, accessToken, historySoql, historyFile);
    // Measured while the org process is alive and idle, as it is while the sync parses. The
    // baselines read both extracts, as the sync's Bulk CPU covers both.
    const parsed = await child(['parse', file, historyFile], {});
    const receivedWon = await child(['receive', url, accessToken, soql], {});
    const receivedHistory = await child(['receive', url, accessToken, historySoql], {});
    const received = {
      rows: Number(receivedWon.rows) + Number(receivedHistory.rows),
      extractCpuMs: Number(receivedWon.extractCpuMs) + Number(receivedHistory.extractCpuMs),
      peakRssMB: Math.max(Number(receivedWon.peakRssMB), Number(receivedHistory.peakRssMB))
    };
    const s1 = first.summary as Record<string, number>;
    const s2 = second.summary as Record<string, number>;
    process.stderr.write(
      `    sync ${String(first.wallMs)} ms, extract CPU ${s1.bulkCpuMs} ms; parse ${String(parsed.workCpuMs)} ms; receive+parse ${String(received.extractCpuMs)} ms\n`
    );
    return {
      period,
      seedMs,
      first,
      second,
      s1,
      s2,
      parsed,
      received,
      csvBytes: fs.statSync(file).size + fs.statSync(historyFile).size
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await org.stop();
  }
}

/** One size, measured `repeat` times: medians in the fields quoted before, spreads beside them. */
async function measure(
  reps: number,
  opportunities: number,
  repeat: number
): Promise<Record<string, unknown>> {
  const all: Record<string, unknown>[] = [];
  for (let i = 0; i < repeat; i++) all.push(await measureOnce(reps, opportunities));
  type Row = Record<string, number>;
  const pick = (part: string, key: string): number[] => all.map((m) => Number((m[part] as Row)[key]));
  const med = (xs: number[]): number => spread(xs).median;
  const same = (xs: number[], what: string): number => {
    if (new Set(xs).size !== 1)
      process.stderr.write(`  note: ${what} differs across repetitions: ${xs.join(', ')}\n`);
    return xs[0];
  };
  const bulkCpu = pick('s1', 'bulkCpuMs');
  const parseCpu = pick('parsed', 'workCpuMs');
  const receiveCpu = pick('received', 'extractCpuMs');
  const vsParse = bulkCpu.map((b, i) => ratio(b, parseCpu[i]));
  const vsReceive = bulkCpu.map((b, i) => ratio(b, receiveCpu[i]));
  return {
    reps,
    opportunities,
    period: all[0].period,
    repeat,
    seedMs: med(all.map((m) => Number(m.seedMs))),
    firstRun: {
      exitCode: Math.max(...pick('first', 'code')),
      apiCalls: same(pick('s1', 'apiCalls'), 'first-run API calls'),
      snapshotsWritten: same(pick('s1', 'snapshotsWritten'), 'snapshots written'),
      wallMs: med(pick('first', 'wallMs')),
      peakRssMB: Math.max(...pick('first', 'peakRssMB')),
      processCpuMs: med(pick('first', 'processCpuMs')),
      workCpuMs: med(pick('first', 'workCpuMs')),
      bulkRows: same(pick('s1', 'bulkRows'), 'extract rows'),
      // The stage-history extract's rows (part of bulkRows; its parsing is part of bulkCpuMs too).
      historyRows: same(
        all.map((m) => {
          const periods = (m.s1 as { periods: { historyRowsStreamed: number }[] }).periods;
          return periods.reduce((n, p) => n + p.historyRowsStreamed, 0);
        }),
        'history rows'
      ),
      bulkCpuMs: med(bulkCpu)
    },
    secondRun: {
      exitCode: Math.max(...pick('second', 'code')),
      apiCalls: same(pick('s2', 'apiCalls'), 'second-run API calls'),
      snapshotsWritten: Math.max(...pick('s2', 'snapshotsWritten')),
      wallMs: med(pick('second', 'wallMs')),
      peakRssMB: Math.max(...pick('second', 'peakRssMB'))
    },
    parseOnly: {
      rows: same(pick('parsed', 'rows'), 'parsed rows'),
      csvMB: Math.round((Number(all[0].csvBytes) / 1024 / 1024) * 10) / 10,
      workCpuMs: med(parseCpu),
      processCpuMs: med(pick('parsed', 'processCpuMs')),
      peakRssMB: Math.max(...pick('parsed', 'peakRssMB'))
    },
    receiveAndParse: {
      rows: same(pick('received', 'rows'), 'received rows'),
      extractCpuMs: med(receiveCpu),
      peakRssMB: Math.max(...pick('received', 'peakRssMB'))
    },
    bulkCpuVsParse: med(vsParse),
    bulkCpuVsReceiveAndParse: med(vsReceive),
    spread: {
      syncBulkCpuMs: spread(bulkCpu),
      syncWorkCpuMs: spread(pick('first', 'workCpuMs')),
      syncProcessCpuMs: spread(pick('first', 'processCpuMs')),
      parseOnlyWorkCpuMs: spread(parseCpu),
      receiveAndParseCpuMs: spread(receiveCpu),
      bulkCpuVsParse: spread(vsParse),
      bulkCpuVsReceiveAndParse: spread(vsReceive),
      firstRunWallMs: spread(pick('first', 'wallMs')),
      firstRunPeakRssMB: spread(pick('first', 'peakRssMB'))
    }
  };
}

/** The [min, max] of one spread figure of a measured size. */
function rangeOf(run: Record<string, unknown>, key: string): [number, number] {
  const s = (run.spread as Record<string, Spread>)[key];
  return [s.min, s.max];
}

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  process.stderr.write(`sync benchmark (${os.cpus().length} cores, Node ${process.version})\n`);
  const small = await measure(args.reps, args.smallOpportunities, args.repeat);
  global.gc?.();
  const large = await measure(args.reps, args.opportunities, args.repeat);
  global.gc?.();
  const extra = args.extraOpportunities
    ? await measure(args.reps, args.extraOpportunities, args.repeat)
    : null;
  const f = large.firstRun as Record<string, number>;
  const sf = small.firstRun as Record<string, number>;
  const result = {
    measuredAt: new Date().toISOString(),
    machine: { cores: os.cpus().length, node: process.version },
    command: `npm run bench:sync -- --reps ${args.reps} --opportunities ${args.opportunities} --small-opportunities ${args.smallOpportunities}${args.extraOpportunities ? ` --extra-opportunities ${args.extraOpportunities}` : ''} --repeat ${args.repeat}`,
    method:
      'The local org runs in its own process, idle while each client (sync, parse-only, receive-and-parse) runs alone; each size is measured `repeat` times on a freshly seeded org. CPU figures and ratios are medians of the repetitions (ratios paired within a repetition), with min/max/samples under `spread`; peak RSS is the largest of the repetitions.',
    targets: { maxApiCalls: 100, maxPeakRssMB: 200, maxBulkCpuVsParse: 1.5 },
    runs: extra ? [small, large, extra] : [small, large],
    verdict: {
      apiCalls: f.apiCalls,
      apiCallsOk: f.apiCalls <= 100,
      peakRssMB: f.peakRssMB,
      peakRssOk: f.peakRssMB < 200,
      rssGrowthMBFromSmallToLarge: f.peakRssMB - sf.peakRssMB,
      bulkCpuVsParse: large.bulkCpuVsParse,
      bulkCpuVsParseRange: rangeOf(large, 'bulkCpuVsParse'),
      cpuOk: Number(large.bulkCpuVsParse) <= 1.5,
      bulkCpuVsReceiveAndParse: large.bulkCpuVsReceiveAndParse,
      secondRunWrites: (large.secondRun as Record<string, number>).snapshotsWritten,
      ...(extra
        ? {
            extraRun: {
              opportunities: extra.opportunities,
              extractRows: (extra.firstRun as Record<string, number>).bulkRows,
              apiCalls: (extra.firstRun as Record<string, number>).apiCalls,
              peakRssMB: (extra.firstRun as Record<string, number>).peakRssMB,
              bulkCpuVsParse: extra.bulkCpuVsParse,
              bulkCpuVsParseRange: rangeOf(extra, 'bulkCpuVsParse'),
              cpuOk: Number(extra.bulkCpuVsParse) <= 1.5,
              bulkCpuVsReceiveAndParse: extra.bulkCpuVsReceiveAndParse,
              bulkCpuVsReceiveAndParseRange: rangeOf(extra, 'bulkCpuVsReceiveAndParse')
            }
          }
        : {})
    }
  };
  const out = path.join(__dirname, 'results', 'sync.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(
    `${JSON.stringify(result.verdict, null, 2)}\nwritten to ${path.relative(ROOT, out)}\n`
  );
}

if (require.main === module) {
  main().catch((e: Error) => {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`${e.stack ?? e.message}\n`);
    process.exit(1);
  });
}
