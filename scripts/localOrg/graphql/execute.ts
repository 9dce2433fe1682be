/**
 * Executes UI API GraphQL requests against the local org's store the way Salesforce answers them:
 * always HTTP 200, errors as `{ message, locations, paths, extensions: { ErrorType } }`, mutations
 * atomic under `allOrNone` (the default) and committed one by one without it.
 */
import {
  GraphQLError,
  executeSync,
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  parse,
  validate,
  type DocumentNode,
  type ExecutionResult,
  Kind,
  OperationTypeNode,
  type OperationDefinitionNode
} from 'graphql';
import type { LocalOrgServer } from '../server';
import { SfError, type Store } from '../store';
import { checkQueryLimits, checkRawRequest, MAX_TOKENS } from './limits';
import { newContext, schemaForActor } from './schema';

/** The error classes the UI API reports in `extensions.ErrorType`. */
export type ErrorType =
  | 'InvalidSyntax'
  | 'ValidationError'
  | 'DataFetchingException'
  | 'OperationNotSupported'
  | 'ExecutionAborted';

/** One error as the GraphQL endpoint returns it. */
export interface FormattedError {
  message: string;
  locations: { line: number; column: number }[];
  paths: (string | number)[];
  extensions: { ErrorType: ErrorType; errorCode?: string; fields?: string[] };
}

/** The JSON body of a GraphQL response. */
export interface GraphQLResponse {
  data: unknown;
  errors?: FormattedError[];
}

/** A GraphQL request body. */
export interface GraphQLRequest {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

/** Options for one execution. */
export interface ExecuteOptions {
  /** The API version of the URL without the v (mutations need 66.0 or later). */
  apiVersion?: string;
}

/** API version from which GraphQL mutations are generally available. */
export const MUTATION_MIN_VERSION = 66;

/** Formats one GraphQL error in the UI API shape, classifying it when it carries no ErrorType. */
export function formatError(error: GraphQLError, fallback: ErrorType): FormattedError {
  const ext = (error.extensions ?? {}) as { ErrorType?: ErrorType; errorCode?: string; fields?: string[] };
  const extensions: FormattedError['extensions'] = { ErrorType: ext.ErrorType ?? fallback };
  if (ext.errorCode) extensions.errorCode = ext.errorCode;
  if (ext.fields) extensions.fields = ext.fields;
  return {
    message: error.message,
    locations: error.locations ? [...error.locations] : [],
    paths: error.path ? [...error.path] : [],
    extensions
  };
}

function failure(message: string, type: ErrorType): GraphQLResponse {
  return { data: null, errors: [{ message, locations: [], paths: [], extensions: { ErrorType: type } }] };
}

/** Errors raised while executing carry a path; those without one come from variable coercion. */
function formatExecutionErrors(errors: readonly GraphQLError[]): FormattedError[] {
  return errors.map((e) => formatError(e, e.path ? 'DataFetchingException' : 'ValidationError'));
}

/** Whether any `uiapi(input: ...)` of a mutation keeps allOrNone on (its default). */
function allOrNoneOf(
  schema: ReturnType<typeof schemaForActor>,
  op: OperationDefinitionNode,
  variables: Record<string, unknown>
): boolean {
  const field = schema.getMutationType()?.getFields().uiapi;
  if (!field) return true;
  const coerced = getVariableValues(schema, op.variableDefinitions ?? [], variables);
  if (coerced.errors) return true; // execution reports the variable errors
  for (const sel of op.selectionSet.selections) {
    if (sel.kind !== Kind.FIELD || sel.name.value !== 'uiapi') continue;
    const args = getArgumentValues(field, sel, coerced.coerced) as { input?: { allOrNone?: boolean } | null };
    if (args.input?.allOrNone !== false) return true;
  }
  return false;
}

/** Marks every operation of a rolled-back mutation: data nulled, an ExecutionAborted error for each that had succeeded. */
function rolledBack(result: ExecutionResult): GraphQLResponse {
  const errors = formatExecutionErrors(result.errors ?? []);
  const data = (result.data ?? {}) as Record<string, Record<string, unknown> | null>;
  const out: Record<string, Record<string, null> | null> = {};
  for (const [root, ops] of Object.entries(data)) {
    if (!ops) {
      out[root] = null;
      continue;
    }
    out[root] = {};
    for (const [alias, value] of Object.entries(ops)) {
      out[root][alias] = null;
      if (value !== null)
        errors.push({
          message: `${alias} was rolled back because another operation failed and allOrNone is true`,
          locations: [],
          paths: [root, alias],
          extensions: { ErrorType: 'ExecutionAborted' }
        });
    }
  }
  return { data: out, errors };
}

class Rollback extends Error {
  constructor(readonly result: ExecutionResult) {
    super('rollback');
  }
}

/** Executes one GraphQL request against a store. */
export function executeGraphQL(
  store: Store,
  request: GraphQLRequest,
  options: ExecuteOptions = {}
): GraphQLResponse {
  if (typeof request !== 'object' || request === null)
    return failure('The request body must be a JSON object', 'InvalidSyntax');
  const { query, operationName } = request;
  if (typeof query !== 'string' || !query.trim())
    return failure('The request must have a query string', 'InvalidSyntax');
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string')
    return failure('operationName must be a string', 'ValidationError');
  const variables = request.variables ?? {};
  if (typeof variables !== 'object' || variables === null || Array.isArray(variables))
    return failure('variables must be a JSON object', 'ValidationError');
  const rawVariables = variables as Record<string, unknown>;
  const tooDeep = checkRawRequest(query, rawVariables);
  if (tooDeep) return { data: null, errors: [formatError(tooDeep, 'ValidationError')] };

  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: MAX_TOKENS });
  } catch (err) {
    if (err instanceof GraphQLError) return { data: null, errors: [formatError(err, 'InvalidSyntax')] };
    throw err;
  }
  const schema = schemaForActor(store);
  const op = getOperationAST(document, operationName ?? undefined);
  // the limits come first: they are linear, while some validation rules are not
  const limited = op ? checkQueryLimits(schema, document, op, rawVariables) : [];
  if (limited.length) return { data: null, errors: limited.map((e) => formatError(e, 'ValidationError')) };
  const invalid = validate(schema, document);
  if (invalid.length) return { data: null, errors: invalid.map((e) => formatError(e, 'ValidationError')) };
  if (!op)
    return failure(
      operationName
        ? `Unknown operation named "${String(operationName)}"`
        : 'Give operationName: the document has several operations',
      'ValidationError'
    );
  const args = {
    schema,
    document,
    operationName: (operationName as string | undefined) ?? undefined,
    variableValues: rawVariables,
    contextValue: newContext(store, rawVariables)
  };
  if (op.operation === OperationTypeNode.SUBSCRIPTION)
    return failure('Subscriptions are not supported', 'OperationNotSupported');
  if (op.operation === OperationTypeNode.QUERY) return toResponse(executeSync(args));

  const version = Number(options.apiVersion ?? MUTATION_MIN_VERSION);
  if (!(version >= MUTATION_MIN_VERSION))
    return failure(`Mutations need API version ${MUTATION_MIN_VERSION}.0 or later`, 'OperationNotSupported');
  if (!allOrNoneOf(schema, op, rawVariables)) return toResponse(executeSync(args));
  try {
    return store.transaction(() => {
      const result = executeSync(args);
      if (result.errors?.length) throw new Rollback(result);
      return toResponse(result);
    });
  } catch (err) {
    if (err instanceof Rollback) return rolledBack(err.result);
    throw err;
  }
}

function toResponse(result: ExecutionResult): GraphQLResponse {
  const out: GraphQLResponse = { data: result.data ?? null };
  if (result.errors?.length) out.errors = formatExecutionErrors(result.errors);
  return out;
}

/** Mounts `POST /services/data/vXX.X/graphql` on a local org server. */
export function mountGraphQL(server: LocalOrgServer): void {
  server.route('POST', '/services/data/:version/graphql', async (ctx) => {
    let body: GraphQLRequest | undefined;
    try {
      body = (await ctx.json()) as GraphQLRequest | undefined;
    } catch (err) {
      if (!(err instanceof SfError)) throw err;
      return { status: 200, body: failure(err.errors[0]?.message ?? 'Invalid JSON', 'InvalidSyntax') };
    }
    try {
      return { status: 200, body: executeGraphQL(ctx.store, body ?? {}, { apiVersion: ctx.params.version }) };
    } catch (err) {
      // a GraphQL endpoint answers 200 with errors, whatever failed underneath
      if (err instanceof SfError)
        return { status: 200, body: failure(err.errors[0]?.message ?? err.message, 'DataFetchingException') };
      return {
        status: 200,
        body: failure(`The request could not be run: ${(err as Error).message}`, 'DataFetchingException')
      };
    }
  });
}
