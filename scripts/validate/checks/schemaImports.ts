/** Check: every `@salesforce/schema/...` import in a component names an object and field that exist. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { filesEnding, findObject, rel, resolvePath, type ProjectModel } from '../project';
import type { Issue } from '../issues';

const SCHEMA_IMPORT = /from\s+['"]@salesforce\/schema\/([\w.]+)['"]/g;

/** Reports schema imports of missing objects or fields, with the line they are on. */
export function checkSchemaImports(model: ProjectModel): Issue[] {
  const issues: Issue[] = [];
  const lwc = join(model.pkgDir, 'main', 'default', 'lwc');
  // The TypeScript sources, plus any hand-written JavaScript (compiled .js beside a .ts is skipped).
  const sources = filesEnding(lwc, '.ts');
  const compiled = new Set(sources.map((f) => f.replace(/\.ts$/, '.js')));
  const files = [...sources, ...filesEnding(lwc, '.js').filter((f) => !compiled.has(f))];
  for (const file of files) {
    if (file.includes('__tests__')) continue;
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(SCHEMA_IMPORT)) {
      const [object, ...path] = match[1].split('.');
      const line = source.slice(0, match.index).split('\n').length;
      const element = `import @salesforce/schema/${match[1]} (line ${line})`;
      if (!findObject(model, object)) {
        issues.push({ file: rel(model, file), element, message: `object ${object} does not exist` });
        continue;
      }
      if (path.length === 0) continue;
      const field = resolvePath(model, object, path.join('.'));
      if (typeof field === 'string') issues.push({ file: rel(model, file), element, message: field });
    }
  }
  return issues;
}
