/**
 * Benchmark of the local org at scale: seeds 10,000 reps and 1,000,000 opportunities straight into
 * the store, then times per-owner aggregate queries over HTTP with jsforce and a Bulk 2.0 extract.
 * Writes bench/results/localOrg.json. A benchmark, not a test: `npm run bench:org [-- --opportunities N]`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { Connection } from 'jsforce';
import { startLocalOrg } from '../scripts/localOrg/index';

interface Args {
  reps: number;
  opportunities: number;
}

function parse(argv: string[]): Args {
  const out: Args = { reps: 10_000, opportunities: 1_000_000 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '') as keyof Args;
    const n = Number(argv[i + 1]);
    if (!(key in out) || !Number.isInteger(n) || n < 1)
      throw new Error(`Usage: bench/localOrg.ts [--reps N] [--opportunities N]`);
    out[key] = n;
  }
  return out;
}

const mb = (bytes: number): number => Math.round(bytes / 1024 / 1024);

/** Runs a full garbage collection so RSS and heap figures measure live data, not garbage. */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const org = await startLocalOrg({
    seed: { reps: args.reps, opportunities: args.opportunities },
    plans: false
  });
  const loadMs = performance.now() - t0;
  collectGarbage();
  const rssLoaded = process.memoryUsage().rss;
  const heapLoaded = process.memoryUsage().heapUsed;
  const conn = new Connection({ instanceUrl: org.url, accessToken: org.accessToken, version: '66.0' });

  // one aggregate per-owner query (the first 2,000 owners, as the sync pages them)
  const soql = (after: string) =>
    `SELECT OwnerId, COUNT(Id) n, SUM(Amount) won FROM Opportunity WHERE IsWon = true AND CloseDate = LAST_N_FISCAL_QUARTERS:4 ${after ? `AND OwnerId > '${after}' ` : ''}GROUP BY OwnerId ORDER BY OwnerId LIMIT 2000`;
  let t = performance.now();
  const first = await conn.query<{ OwnerId: string }>(soql(''));
  const firstQueryMs = performance.now() - t;

  // every owner, keyset-paged by OwnerId in groups of 2,000
  t = performance.now();
  let after = '';
  let owners = 0;
  let calls = 0;
  for (;;) {
    const page = await conn.query<{ OwnerId: string }>(soql(after));
    calls++;
    owners += page.records.length;
    if (page.records.length < 2000) break;
    after = page.records[page.records.length - 1].OwnerId;
  }
  const allOwnersMs = performance.now() - t;

  // a Bulk 2.0 extract of every closed opportunity, read as raw CSV bytes
  t = performance.now();
  const job = await conn.request<{ id: string }>({
    method: 'POST',
    url: '/jobs/query',
    body: JSON.stringify({
      operation: 'query',
      query:
        'SELECT Id, OwnerId, Amount, CloseDate, CreatedDate, IsWon FROM Opportunity WHERE IsClosed = true'
    }),
    headers: { 'Content-Type': 'application/json' }
  });
  await conn.request(`/jobs/query/${job.id}`);
  const res = await fetch(`${org.url}/services/data/v66.0/jobs/query/${job.id}/results`, {
    headers: { Authorization: `Bearer ${org.accessToken}` }
  });
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++;
  }
  const bulkMs = performance.now() - t;
  const peakRss = process.memoryUsage().rss;
  await org.close();

  const result = {
    date: new Date().toISOString(),
    node: process.version,
    reps: args.reps,
    opportunities: org.seeded?.opportunities,
    leads: org.seeded?.leads,
    quotas: org.seeded?.quotas,
    loadSeconds: +(loadMs / 1000).toFixed(2),
    rssBeforeMB: mb(rssBefore),
    rssAfterLoadMB: mb(rssLoaded),
    heapAfterLoadMB: mb(heapLoaded),
    peakRssMB: mb(peakRss),
    aggregateFirstPage: { owners: first.records.length, ms: Math.round(firstQueryMs) },
    aggregateAllOwners: { owners, calls, ms: Math.round(allOwnersMs) },
    bulkExtract: { rows: lines - 1, megabytes: +(bytes / 1024 / 1024).toFixed(1), ms: Math.round(bulkMs) }
  };
  const out = path.resolve(__dirname, 'results/localOrg.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result, null, 2));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`bench:org failed: ${(err as Error).message}`);
    process.exit(1);
  });
}
