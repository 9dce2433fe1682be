/**
 * Benchmark of the metrics sync at scale (quality.md targets): seeds a local org with R reps and
 * O opportunities, runs the sync in a child process over HTTP and records API calls, wall time,
 * the child's peak RSS, and its CPU on the Bulk 2.0 extract against a child that only parses the
 * same CSV. Runs at two opportunity counts to show memory flat in O. Writes bench/results/sync.json.
 * `npm run bench:sync [-- --reps N --opportunities N --small-opportunities N]`.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { periodOf, periodRange, utcDate } from '../force-app/main/default/lwc/scoring/scoring';
import { startLocalOrg } from '../scripts/localOrg/index';
import { wonOpportunitiesSoql } from '../scripts/sync/sync';

interface Args {
  reps: number;
  opportunities: number;
  smallOpportunities: number;
  /** Optional third run, large enough for a won-opportunity extract of about a million rows. */
  extraOpportunities: number;
}

function parse(argv: string[]): Args {
  const out: Args = {
    reps: 10_000,
    opportunities: 1_000_000,
    smallOpportunities: 250_000,
    extraOpportunities: 0
  };
  const names: Record<string, keyof Args> = {
    '--reps': 'reps',
    '--opportunities': 'opportunities',
    '--small-opportunities': 'smallOpportunities',
    '--extra-opportunities': 'extraOpportunities'
  };
  for (let i = 0; i < argv.length; i += 2) {
    const key = names[argv[i]];
    const n = Number(argv[i + 1]);
    if (!key || !Number.isInteger(n) || n < 1)
      throw new Error(
        'Usage: bench/sync.ts [--reps N] [--opportunities N] [--small-opportunities N] [--extra-opportunities N]'
      );
    out[key] = n;
  }
  return out;
}

const ROOT = path.join(__dirname, '..');

/** Runs bench/syncChild.ts in a fresh Node process (asynchronously: the local org serves it from here). */
function child(args: string[], env: Record<string, string>): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'syncChild.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe']
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
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
  fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
}

/** One size: seed, sync twice (the second must write nothing), parse-only baseline. */
async function measure(reps: number, opportunities: number): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  const org = await startLocalOrg({ seed: { reps, opportunities, quarters: 3 }, plans: true });
  const seedMs = Math.round(performance.now() - t0);
  const store = org.store.fiscal();
  const fiscal = {
    startMonth: store.fiscalYearStartMonth,
    usesStartDateAsFiscalYearName: store.usesStartDateAsFiscalYearName
  };
  // The fiscal year holding every seeded closed deal, so the extract is as large as the seed allows.
  const period = periodOf(utcDate(new Date()), fiscal, 'year');
  const env = { SF_INSTANCE_URL: org.url, SF_ACCESS_TOKEN: org.accessToken };
  try {
    process.stderr.write(
      `  ${reps} reps, ${opportunities} opportunities seeded in ${seedMs} ms; syncing ${period}\n`
    );
    const first = await child(['sync', '--period', period], env);
    process.stderr.write(`  first run done in ${String(first.wallMs)} ms\n`);
    const second = await child(['sync', '--period', period], env);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-sync-')), 'extract.csv');
    await saveExtract(org.url, org.accessToken, wonOpportunitiesSoql(periodRange(period, fiscal)), file);
    const parsed = await child(['parse', file], {});
    const soql = wonOpportunitiesSoql(periodRange(period, fiscal));
    const received = await child(['receive', org.url, org.accessToken, soql], {});
    const csvBytes = fs.statSync(file).size;
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    const s1 = first.summary as Record<string, number>;
    const s2 = second.summary as Record<string, number>;
    return {
      reps,
      opportunities,
      period,
      seedMs,
      firstRun: {
        exitCode: first.code,
        apiCalls: s1.apiCalls,
        snapshotsWritten: s1.snapshotsWritten,
        wallMs: first.wallMs,
        peakRssMB: first.peakRssMB,
        processCpuMs: first.processCpuMs,
        workCpuMs: first.workCpuMs,
        bulkRows: s1.bulkRows,
        bulkCpuMs: s1.bulkCpuMs
      },
      secondRun: {
        exitCode: second.code,
        apiCalls: s2.apiCalls,
        snapshotsWritten: s2.snapshotsWritten,
        wallMs: second.wallMs,
        peakRssMB: second.peakRssMB
      },
      parseOnly: {
        rows: parsed.rows,
        csvMB: Math.round((csvBytes / 1024 / 1024) * 10) / 10,
        workCpuMs: parsed.workCpuMs,
        processCpuMs: parsed.processCpuMs,
        peakRssMB: parsed.peakRssMB
      },
      receiveAndParse: {
        rows: received.rows,
        extractCpuMs: received.extractCpuMs,
        peakRssMB: received.peakRssMB
      },
      bulkCpuVsParse: Math.round((s1.bulkCpuMs / Math.max(1, Number(parsed.workCpuMs))) * 100) / 100,
      bulkCpuVsReceiveAndParse:
        Math.round((s1.bulkCpuMs / Math.max(1, Number(received.extractCpuMs))) * 100) / 100
    };
  } finally {
    await org.close();
  }
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  process.stderr.write(`sync benchmark (${os.cpus().length} cores, Node ${process.version})\n`);
  const small = await measure(args.reps, args.smallOpportunities);
  global.gc?.();
  const large = await measure(args.reps, args.opportunities);
  global.gc?.();
  const extra = args.extraOpportunities ? await measure(args.reps, args.extraOpportunities) : null;
  const f = large.firstRun as Record<string, number>;
  const sf = small.firstRun as Record<string, number>;
  const result = {
    measuredAt: new Date().toISOString(),
    machine: { cores: os.cpus().length, node: process.version },
    command: `npm run bench:sync -- --reps ${args.reps} --opportunities ${args.opportunities} --small-opportunities ${args.smallOpportunities}${args.extraOpportunities ? ` --extra-opportunities ${args.extraOpportunities}` : ''}`,
    targets: { maxApiCalls: 100, maxPeakRssMB: 200, maxBulkCpuVsParse: 1.5 },
    runs: extra ? [small, large, extra] : [small, large],
    verdict: {
      apiCalls: f.apiCalls,
      apiCallsOk: f.apiCalls <= 100,
      peakRssMB: f.peakRssMB,
      peakRssOk: f.peakRssMB < 200,
      rssGrowthMBFromSmallToLarge: f.peakRssMB - sf.peakRssMB,
      bulkCpuVsParse: large.bulkCpuVsParse,
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
              bulkCpuVsReceiveAndParse: extra.bulkCpuVsReceiveAndParse
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
    process.stderr.write(`${e.stack ?? e.message}\n`);
    process.exit(1);
  });
}
