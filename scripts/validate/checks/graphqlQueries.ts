/**
 * Check: every GraphQL query and mutation in the components parses and validates against the UI
 * API schema built from the package's own objects, the way the platform would.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, validate, GraphQLError, type GraphQLSchema } from 'graphql';
import { filesEnding, rel, type ProjectModel } from '../project';
import type { Issue } from '../issues';
import { buildGraphQLSchema } from '../../uiapi/schema';

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

/** Builds the UI API schema to validate against (the local org's, from the same metadata). */
export type SchemaProvider = (root: string) => GraphQLSchema;

/** Reports queries that do not parse, interpolate values, or do not validate against the schema. */
export function checkGraphQL(model: ProjectModel, provider: SchemaProvider = buildGraphQLSchema): Issue[] {
  const issues: Issue[] = [];
  const queries = findQueries(model);
  if (!queries.length) return issues;
  let schema: GraphQLSchema;
  try {
    schema = provider(model.root);
  } catch (error) {
    // Metadata the schema cannot be built from is reported by the other checks; say why here too.
    const message = error instanceof Error ? error.message : String(error);
    return [
      { file: rel(model, model.pkgDir), element: 'GraphQL schema', message: `cannot be built: ${message}` }
    ];
  }
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
    for (const error of validate(schema, document)) {
      const line = (error.locations?.[0]?.line ?? 1) + q.line - 1;
      issues.push({ file, element: `gql (line ${line})`, message: error.message });
    }
  }
  return issues;
}
