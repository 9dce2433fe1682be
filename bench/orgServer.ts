/**
 * The local org of bench/sync.ts, in a process of its own so that it does not share the
 * benchmark's process with anything measured: seeds R reps and O opportunities (three quarters of
 * closed deals, the default content), prints one JSON line (URL, token, seed time, fiscal
 * settings) and serves until killed or until its stdin closes (the benchmark exited).
 * `tsx bench/orgServer.ts --reps N --opportunities N`.
 */
import { startLocalOrg } from '../scripts/localOrg/index';

/** What the benchmark needs to point its clients at this org. */
export interface OrgServerInfo {
  url: string;
  accessToken: string;
  seedMs: number;
  fiscal: { startMonth: number; usesStartDateAsFiscalYearName: boolean };
}

/** Parses `--reps N --opportunities N` (both required, whole numbers from 1). */
export function parseOrgServerArgs(argv: string[]): { reps: number; opportunities: number } {
  const out: Record<string, number> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = { '--reps': 'reps', '--opportunities': 'opportunities' }[argv[i]];
    const n = Number(argv[i + 1]);
    if (!key || !Number.isInteger(n) || n < 1)
      throw new Error(`orgServer.ts: expected --reps N --opportunities N, got ${argv.join(' ')}`);
    out[key] = n;
  }
  if (out.reps === undefined || out.opportunities === undefined)
    throw new Error('orgServer.ts: both --reps N and --opportunities N are required');
  return { reps: out.reps, opportunities: out.opportunities };
}

async function run(): Promise<void> {
  const { reps, opportunities } = parseOrgServerArgs(process.argv.slice(2));
  const t0 = performance.now();
  const org = await startLocalOrg({ seed: { reps, opportunities, quarters: 3 }, plans: true });
  const seedMs = Math.round(performance.now() - t0);
  const store = org.store.fiscal();
  const info: OrgServerInfo = {
    url: org.url,
    accessToken: org.accessToken,
    seedMs,
    fiscal: {
      startMonth: store.fiscalYearStartMonth,
      usesStartDateAsFiscalYearName: store.usesStartDateAsFiscalYearName
    }
  };
  process.stdout.write(`${JSON.stringify(info)}\n`);
  // The parent holds our stdin open: when it goes away, so do we.
  process.stdin.resume();
  process.stdin.on('end', () => void org.close().then(() => process.exit(0)));
}

if (require.main === module) {
  run().catch((e: Error) => {
    process.stderr.write(`${e.stack ?? e.message}\n`);
    process.exit(1);
  });
}
