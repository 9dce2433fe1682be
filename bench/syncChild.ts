/**
 * The measured side of bench/sync.ts, run in its own process so its memory and CPU are its own:
 * `sync` runs the metrics sync CLI against SF_INSTANCE_URL/SF_ACCESS_TOKEN; `parse` only parses
 * CSV files with the same incremental reader (the baseline); `receive` downloads the same extract
 * through the sync's own Bulk 2.0 client and only parses it (the floor of any client). Prints one JSON line of measurements.
 */
import * as fs from 'node:fs';
import { Connection } from 'jsforce';
import { SyncApi } from '../scripts/sync/api';
import { CsvReader, parseRecord } from '../scripts/sync/csv';
import { main as syncMain } from '../scripts/sync/cli';
import type { SyncSummary } from '../scripts/sync/sync';

const ms = (u: NodeJS.CpuUsage): number => Math.round((u.user + u.system) / 1000);

/** Parses the file in 64 KiB chunks, counting rows; nothing else. */
async function parseOnly(file: string): Promise<number> {
  let rows = 0;
  const reader = new CsvReader(() => void rows++);
  const decoder = new TextDecoder();
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 65536 }) as AsyncIterable<Buffer>)
    reader.write(decoder.decode(chunk, { stream: true }));
  reader.end();
  return rows - 1;
}

async function run(): Promise<void> {
  const [mode, ...rest] = process.argv.slice(2);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let result: Record<string, unknown>;
  if (mode === 'parse') {
    // Every file given (the sync's extracts), one after the other.
    let rows = 0;
    for (const file of rest) rows += await parseOnly(file);
    result = { rows };
  } else if (mode === 'receive') {
    // Same client path as the sync's extract (jsforce loaded, HTTP, incremental reader), parse only.
    const [url, token, soql] = rest;
    const api = new SyncApi(new Connection({ instanceUrl: url, accessToken: token, version: '66.0' }));
    let fields = 0;
    const { rows } = await api.bulkQuery(soql, () => ({
      row: (record, quoted) => void (fields += parseRecord(record, quoted).length),
      commit: () => undefined
    }));
    result = { rows, fields, extractCpuMs: Math.round(api.stats.bulkCpuMicros / 1000) };
  } else if (mode === 'sync') {
    let out = '';
    const code = await syncMain(['--json', ...rest], process.env, {
      out: (t) => void (out += t),
      err: (t) => void process.stderr.write(`${t}\n`),
      isTTY: false
    });
    const parsed = JSON.parse(out) as { result?: SyncSummary & { bulkCpuMs?: number } };
    result = { code, summary: parsed.result ?? parsed };
  } else
    throw new Error(
      'Usage: syncChild.ts sync [sync options] | parse <file.csv>... | receive <url> <token> <soql>'
    );
  const cpu = process.cpuUsage(cpu0);
  const total = process.cpuUsage();
  process.stdout.write(
    `${JSON.stringify({
      ...result,
      wallMs: Math.round(performance.now() - t0),
      workCpuMs: ms(cpu),
      processCpuMs: ms(total),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024)
    })}\n`
  );
}

if (require.main === module) {
  run().catch((e: Error) => {
    process.stderr.write(`${e.stack ?? e.message}\n`);
    process.exit(1);
  });
}
