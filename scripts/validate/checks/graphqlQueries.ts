/**
 * Check: every GraphQL query and mutation in the components parses and, when a schema of the
 * package's objects is available, validates against it the way the UI API would.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse, validate, GraphQLError, type GraphQLSchema } from 'graphql';
import { filesEnding, rel, type ProjectModel } from '../project';
import type { Issue } from '../issues';

const GQL = /gql`([\s\S]*?)`/g;

/** One gql template found in a component source. */
export interface FoundQuery {
  file: string;
  line: number;
  source: string;
}

/** Finds every gql`...` template in the components' TypeScript. */
export function findQueries(model: ProjectModel): FoundQuery[] {
  const lwc = join(model.pkgDir, 'main', 'default', 'lwc');
  const found: FoundQuery[] = [];
  for (const file of filesEnding(lwc, '.ts')) {
    if (file.includes('__tests__')) continue;
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(GQL)) {
      found.push({ file, line: text.slice(0, match.index).split('\n').length, source: match[1] });
    }
  }
  return found;
}

/**
 * The schema provider: the local org builds the UI API GraphQL schema from the same metadata.
 * Until it exists the check still parses every query.
 */
export type SchemaProvider = (root: string) => GraphQLSchema;

function defaultProvider(): SchemaProvider | undefined {
  const modulePath = join(__dirname, '..', '..', 'localOrg', 'graphql', 'schema.ts');
  if (!existsSync(modulePath)) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(modulePath) as { buildGraphQLSchema?: SchemaProvider };
  return mod.buildGraphQLSchema;
}

/** Reports queries that do not parse, interpolate values, or do not validate against the schema. */
export function checkGraphQL(model: ProjectModel, provider = defaultProvider()): Issue[] {
  const issues: Issue[] = [];
  const queries = findQueries(model);
  if (!queries.length) return issues;
  const schema = provider?.(model.root);
  for (const q of queries) {
    const file = rel(model, q.file);
    if (q.source.includes('${')) {
      issues.push({
        file,
        element: `gql (line ${q.line})`,
        message: 'queries must be static: object and field names cannot be variables'
      });
      continue;
    }
    let document;
    try {
      document = parse(q.source);
    } catch (error) {
      const e = error as GraphQLError;
      const line = (e.locations?.[0]?.line ?? 1) + q.line - 1;
      issues.push({ file, element: `gql (line ${line})`, message: `syntax: ${e.message}` });
      continue;
    }
    if (!schema) continue;
    for (const error of validate(schema, document)) {
      const line = (error.locations?.[0]?.line ?? 1) + q.line - 1;
      issues.push({ file, element: `gql (line ${line})`, message: error.message });
    }
  }
  return issues;
}
