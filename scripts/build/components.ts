/**
 * Compiles the components' TypeScript to the JavaScript that deploys, from a clean slate:
 * every emitted `.js` is removed first, so a deleted or renamed `.ts` never leaves stale code.
 */
import { readdirSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { LWC_DIR, syncPaths } from './paths';

/** Deletes compiled `.js` beside a `.ts` (all components are TypeScript) and returns how many. */
export function cleanCompiled(dir = LWC_DIR): number {
  let removed = 0;
  if (!existsSync(dir)) return 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const parent = entry.parentPath;
    if (parent.includes('__tests__')) continue;
    rmSync(join(parent, entry.name));
    removed++;
  }
  return removed;
}

async function main(): Promise<void> {
  await syncPaths(true);
  cleanCompiled();
  const tsc = require.resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(LWC_DIR, 'tsconfig.json')], {
    stdio: 'inherit'
  });
  if (result.status !== 0) {
    console.error('Component compilation failed: nothing was emitted that could deploy stale code.');
    cleanCompiled();
    process.exitCode = 1;
    return;
  }
  console.log('Components compiled.');
}

if (require.main === module) void main();
