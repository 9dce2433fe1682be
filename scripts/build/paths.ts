/**
 * Keeps the `c/<name>` path entries of both TypeScript configs in step with the LWC bundles.
 * TypeScript allows one `*` per pattern, so every bundle needs its own entry; this script
 * writes them (`--write`) or fails when they are out of date (`--check`).
 */
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const LWC_DIR = join(ROOT, 'force-app', 'main', 'default', 'lwc');
const CONFIGS = [join(ROOT, 'tsconfig.json'), join(LWC_DIR, 'tsconfig.json')];

/** Lists the bundles that have a TypeScript entry file named after the bundle. */
export function tsBundles(): string[] {
  if (!existsSync(LWC_DIR)) return [];
  return readdirSync(LWC_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(LWC_DIR, d.name, `${d.name}.ts`)))
    .map((d) => d.name)
    .sort();
}

/** The `paths` object one config should hold, relative to that config's folder. */
export function expectedPaths(configPath: string): Record<string, string[]> {
  const base = dirname(configPath);
  const paths: Record<string, string[]> = {};
  for (const name of tsBundles()) {
    const rel = relative(base, join(LWC_DIR, name, `${name}.ts`))
      .split('\\')
      .join('/');
    paths[`c/${name}`] = [rel.startsWith('.') ? rel : `./${rel}`];
  }
  return paths;
}

/** Returns the configs whose paths differ from the bundles on disk; rewrites them with `write`. */
export async function syncPaths(write: boolean): Promise<string[]> {
  const stale: string[] = [];
  for (const config of CONFIGS) {
    const json = JSON.parse(readFileSync(config, 'utf8')) as { compilerOptions: { paths?: unknown } };
    const want = expectedPaths(config);
    if (JSON.stringify(json.compilerOptions.paths ?? {}) !== JSON.stringify(want)) {
      stale.push(relative(ROOT, config));
      if (write) {
        json.compilerOptions.paths = want;
        // Loaded only when writing: prettier's entry point needs native ESM loading.
        const prettier = await import('prettier');
        const options = { ...(await prettier.resolveConfig(config)), filepath: config };
        writeFileSync(config, await prettier.format(JSON.stringify(json), options));
      }
    }
  }
  return stale;
}

async function main(): Promise<void> {
  const write = process.argv.includes('--write');
  const stale = await syncPaths(write);
  if (stale.length && !write) {
    console.error(`c/<name> paths are out of date in: ${stale.join(', ')}. Run: npm run build:paths`);
    process.exitCode = 1;
  } else if (stale.length) {
    console.log(`Updated c/<name> paths in: ${stale.join(', ')}`);
  }
}

if (require.main === module) void main();
