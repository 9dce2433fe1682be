/**
 * Fingerprints of the source documents the default content was written from: every run of
 * RUN_WORDS consecutive words (lower-case, punctuation dropped), hashed, so the originality test
 * runs anywhere without the documents themselves. `npx tsx test/support/sourceRuns.ts <folder>`
 * rewrites test/data/sourceRuns.txt from a folder of the documents.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** A copied run this long or longer is a copied sentence, not a shared phrase. */
export const RUN_WORDS = 9;

/** The fingerprint file: a header line, then one fingerprint per line, sorted. */
export const RUNS_FILE = resolve(__dirname, '..', 'data', 'sourceRuns.txt');

/** Lower-case words only, so punctuation, quotes and spacing do not hide a copy. */
export function normalise(s: string): string {
  return s
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[^a-z0-9%' ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Every run of RUN_WORDS consecutive words of a text, normalised. */
export function runsOf(text: string): string[] {
  const words = normalise(text).split(' ').filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i + RUN_WORDS <= words.length; i++) out.push(words.slice(i, i + RUN_WORDS).join(' '));
  return out;
}

/** A run's fingerprint: the first 12 hex digits of its SHA-256 (a chance match is about 1 in 10^10). */
export function fingerprint(run: string): string {
  return createHash('sha256').update(run).digest('hex').slice(0, 12);
}

/** The fingerprints stored in RUNS_FILE. */
export function storedFingerprints(): Set<string> {
  return new Set(
    readFileSync(RUNS_FILE, 'utf8')
      .split('\n')
      .filter((line) => /^[0-9a-f]{12}$/.test(line))
  );
}

/** Writes RUNS_FILE from a folder of text documents. */
function write(folder: string): void {
  const text = readdirSync(folder)
    .sort()
    .map((f) => readFileSync(join(folder, f), 'utf8'))
    .join('\n');
  const prints = [...new Set(runsOf(text).map(fingerprint))].sort();
  writeFileSync(
    RUNS_FILE,
    `# ${RUN_WORDS}-word runs of the source documents, sha256, first 12 hex digits (test/support/sourceRuns.ts)\n${prints.join('\n')}\n`
  );
  process.stdout.write(`${prints.length} fingerprints written to ${RUNS_FILE}\n`);
}

if (require.main === module) {
  const folder = process.argv[2];
  if (!folder) {
    process.stderr.write('Usage: npx tsx test/support/sourceRuns.ts <folder of source documents>\n');
    process.exit(2);
  }
  write(folder);
}
