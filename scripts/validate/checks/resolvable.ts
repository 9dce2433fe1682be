/**
 * Check: source-deploy-retrieve resolves every file in the package to a metadata component.
 * SDR throws on an unknown type and silently drops stray files inside a bundle; both are caught.
 */
import { ComponentSet, ForceIgnore, type SourceComponent } from '@salesforce/source-deploy-retrieve';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { filesEnding, rel, type ProjectModel } from '../project';
import type { Issue } from '../issues';

function claimedFiles(component: SourceComponent, into: Set<string>): void {
  if (component.xml) into.add(component.xml);
  // A decomposed type (an object and its fields) claims only its own and its children's XML;
  // a bundle (a component folder) claims every file in it.
  if (component.content && !component.type.children) {
    for (const f of component.walkContent()) into.add(f);
  }
  for (const child of component.getChildren()) claimedFiles(child, into);
}

/** Reports files SDR cannot resolve or that no component claims. */
export function checkResolvable(project: Pick<ProjectModel, 'root' | 'pkgDir'>): Issue[] {
  const ignoreFile = join(project.root, '.forceignore');
  const forceIgnore = existsSync(ignoreFile) ? new ForceIgnore(ignoreFile) : new ForceIgnore();
  const files = filesEnding(project.pkgDir, '').filter((f) => forceIgnore.accepts(f));
  let components: SourceComponent[];
  try {
    components = ComponentSet.fromSource({ fsPaths: [project.pkgDir] })
      .getSourceComponents()
      .toArray();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const [file, ...rest] = message.split(': ');
    const known = files.find((f) => f === file);
    return [
      {
        file: known ? rel(project, known) : rel(project, project.pkgDir),
        element: 'metadata type',
        message: `source-deploy-retrieve cannot resolve it: ${known ? rest.join(': ') : message}`
      }
    ];
  }
  const claimed = new Set<string>();
  for (const c of components) claimedFiles(c, claimed);
  return files
    .filter((f) => !claimed.has(f) && !f.endsWith('.ts'))
    .map((f) => ({
      file: rel(project, f),
      element: 'file',
      message: 'no metadata component claims this file, so it would never deploy'
    }));
}
