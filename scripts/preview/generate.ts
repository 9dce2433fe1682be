/**
 * Writes the modules the preview build generates from the package's metadata: `preview/site`
 * (the app, its tabs, FlexiPages and components, see site.ts) and `preview/registry` (an import of
 * every exposed bundle, keyed `c:<bundle>`), so no list of components is kept by hand.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSite, type Site } from './site';

/** The source of the registry module for a site's components. */
export function registrySource(site: Site): string {
  const entries = Object.values(site.components).sort((a, b) => a.bundle.localeCompare(b.bundle));
  const imports = entries.map((c, i) => `import c${i} from 'c/${c.bundle}';`);
  const keys = entries.map((c, i) => `  ${JSON.stringify(`c:${c.bundle}`)}: c${i}`);
  return `${imports.join('\n')}\nexport default {\n${keys.join(',\n')}\n};\n`;
}

/** Writes site.js and registry.js into dir; returns their paths and the site model. */
export function generateModules(
  metadataDir: string,
  dir: string
): { site: string; registry: string; model: Site } {
  const model = readSite(metadataDir);
  mkdirSync(dir, { recursive: true });
  const site = join(dir, 'site.js');
  const registry = join(dir, 'registry.js');
  writeFileSync(site, `export default ${JSON.stringify(model)};\n`);
  writeFileSync(registry, registrySource(model));
  return { site, registry, model };
}
