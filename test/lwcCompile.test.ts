/**
 * What deploys is the JavaScript that `npm run build` emits from the components' TypeScript: it
 * must compile with the platform's LWC compiler, decorators intact and no TypeScript left.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { transformSync } from '@lwc/compiler';
import { filesEnding } from '../scripts/validate/project';
import { LWC_DIR } from '../scripts/build/paths';

jest.setTimeout(120000);

let out: string;

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'lwc-build-'));
  const tsc = join(__dirname, '..', 'node_modules', 'typescript', 'bin', 'tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', join(LWC_DIR, 'tsconfig.json'), '--outDir', out], {
    encoding: 'utf8'
  });
  if (run.status !== 0) throw new Error(`tsc failed:\n${run.stdout}${run.stderr}`);
});

afterAll(() => rmSync(out, { recursive: true, force: true }));

it('emits one JavaScript file for every component TypeScript file', () => {
  const sources = filesEnding(LWC_DIR, '.ts')
    .filter((f) => !f.includes(`${sep}__tests__${sep}`))
    .map((f) => relative(LWC_DIR, f).replace(/\.ts$/, '.js'))
    .sort();
  expect(
    filesEnding(out, '.js')
      .map((f) => relative(out, f))
      .sort()
  ).toEqual(sources);
  expect(sources).toContain(join('scoring', 'scoring.js'));
});

it('compiles every emitted file with the LWC compiler', () => {
  for (const file of filesEnding(out, '.js')) {
    const [bundle, name] = relative(out, file).split(sep);
    const code = readFileSync(file, 'utf8');
    expect(code).not.toMatch(/^\s*(import|export) type\b|:\s*(string|number|boolean)\b[,)=;]/m);
    const result = transformSync(code, name, { namespace: 'c', name: bundle });
    expect([file, result.code.length > 0]).toEqual([file, true]);
  }
});

it('keeps the LWC decorators for the platform compiler', () => {
  const code = readFileSync(join(out, 'modelOverview', 'modelOverview.js'), 'utf8');
  expect(code).toContain('@wire(graphql, { query: OVERVIEW_QUERY })');
});
