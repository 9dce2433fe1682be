/** Check: every metadata XML file in the package is well-formed (SDR and the CLI silently repair it). */
import { readFileSync } from 'node:fs';
import { filesEnding, rel, type ProjectModel } from '../project';
import { wellFormedError } from '../xml';
import type { Issue } from '../issues';

/** Reports each malformed `*.xml` under the package directory with its line and column. */
export function checkWellFormed(project: Pick<ProjectModel, 'root' | 'pkgDir'>): Issue[] {
  const issues: Issue[] = [];
  for (const file of filesEnding(project.pkgDir, '.xml')) {
    const error = wellFormedError(readFileSync(file, 'utf8'));
    if (error)
      issues.push({ file: rel(project, file), element: 'document', message: `malformed XML at ${error}` });
  }
  return issues;
}
