/** Runs every offline validation check over a project and returns what each found. */
import { loadProject, packageDir } from './project';
import { checkWellFormed } from './checks/wellFormed';
import { checkResolvable } from './checks/resolvable';
import { checkReferences } from './checks/references';
import { checkSchemaImports } from './checks/schemaImports';
import { checkDataPlans } from './checks/dataPlans';
import { checkGraphQL } from './checks/graphqlQueries';
import type { Issue } from './issues';

/** The name of each check and what it found. */
export interface CheckResult {
  check: string;
  issues: Issue[];
}

/**
 * Validates the project at root. Malformed XML stops the run after the first check, because the
 * other checks cannot read such files reliably.
 */
export function validateProject(root: string): CheckResult[] {
  const base = { root, pkgDir: packageDir(root) };
  const wellFormed = { check: 'well-formed XML', issues: checkWellFormed(base) };
  if (wellFormed.issues.length) return [wellFormed];
  const model = loadProject(root);
  return [
    wellFormed,
    { check: 'metadata resolves (source-deploy-retrieve)', issues: checkResolvable(base) },
    { check: 'metadata cross-references', issues: checkReferences(model) },
    { check: '@salesforce/schema imports', issues: checkSchemaImports(model) },
    { check: 'data/ import plans', issues: checkDataPlans(model) },
    { check: 'GraphQL queries', issues: checkGraphQL(model) }
  ];
}
