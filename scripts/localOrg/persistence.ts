/**
 * Saves the local org's tables to a newline-delimited JSON file and loads them back, streaming
 * both ways so an org with a million records fits in memory once, not twice.
 */
import * as fs from 'node:fs';
import * as readline from 'node:readline';
import type { Rec, SfValue, Table } from './records';

/** What loading needs from the store: its tables and how it builds and indexes a row. */
export interface LoadTarget {
  readonly tables: Map<string, Table>;
  blankRow(t: Table): Rec;
  indexRow(t: Table, rec: Rec): void;
}

/** Writes every table to a newline-delimited JSON file (streamed, so large orgs fit). */
export async function saveTables(tables: Iterable<Table>, file: string): Promise<void> {
  const tmp = `${file}.tmp`;
  const out = fs.createWriteStream(tmp);
  const write = (line: string): Promise<void> =>
    new Promise((resolve) => (out.write(line) ? resolve() : out.once('drain', () => resolve())));
  await write(JSON.stringify({ format: 'local-org-data', version: 1 }) + '\n');
  for (const t of tables) {
    await write(
      JSON.stringify({
        table: t.obj.name,
        nextNum: t.nextNum,
        autoNumbers: Object.fromEntries(t.autoNumbers)
      }) + '\n'
    );
    for (const r of t.rows) await write(JSON.stringify(r) + '\n');
  }
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve()))
  );
  fs.renameSync(tmp, file);
}

/** Replaces the tables' rows with a file written by saveTables(). Unknown tables and fields are skipped. */
export async function loadTables(store: LoadTarget, file: string): Promise<void> {
  const rl = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  let current: Table | null = null;
  let first = true;
  for await (const line of rl) {
    if (!line.trim()) continue;
    const obj = JSON.parse(line) as Record<string, unknown>;
    if (first) {
      if (obj.format !== 'local-org-data') throw new Error(`${file} is not a local org data file`);
      first = false;
      continue;
    }
    if (typeof obj.table === 'string') {
      current = store.tables.get(obj.table.toLowerCase()) ?? null;
      if (current) {
        current.rows.length = 0;
        current.byId.clear();
        for (const m of current.keyIndex.values()) m.clear();
        for (const m of current.childIndex.values()) m.clear();
        current.nextNum = Number(obj.nextNum) || 1;
        for (const [k, v] of Object.entries((obj.autoNumbers ?? {}) as Record<string, number>))
          current.autoNumbers.set(k, v);
      }
      continue;
    }
    if (!current) continue;
    const rec = store.blankRow(current);
    for (const f of current.stored) if (f.name in obj) rec[f.name] = obj[f.name] as SfValue;
    current.rows.push(rec);
    current.byId.set(rec.Id as string, rec);
    if (!rec.IsDeleted) store.indexRow(current, rec);
  }
}
