/**
 * The one error reducer of the screens: GraphQL errors (`extensions.ErrorType`), mutation errors
 * with the Salesforce error code and the fields they name, rolled-back operations, and errors
 * thrown by the platform (network, LDS), all reduced to sentences a user can act on, with
 * validation-rule messages attached to the field they name.
 */
import type { GraphQLError } from 'lightning/graphql';

/** What kind of failure the errors describe, most specific first. */
export type ErrorKind = 'conflict' | 'validation' | 'access' | 'request' | 'server' | 'network';

/** One message tied to a field, and the mutation operation (alias) that raised it. */
export interface FieldError {
  field: string;
  message: string;
  /** The alias of the mutation operation, e.g. `r3`; null for queries and errors without a path. */
  operation: string | null;
}

/** Errors reduced for display. */
export interface ReducedErrors {
  kind: ErrorKind;
  /** One sentence naming everything that went wrong (distinct messages, rolled-back notes left out). */
  message: string;
  /** Messages that name a field (validation rules with an error field, required fields...). */
  fieldErrors: FieldError[];
  /** Messages that name no field, shown at the top of the form. */
  formErrors: string[];
}

/** Options of the reducer. */
export interface ReduceOptions {
  /** Fields whose validation error means someone else saved first (the version check). */
  conflictFields?: readonly string[];
}

/** Salesforce error codes that mean the user lacks access rather than entered something wrong. */
const ACCESS_CODES = new Set([
  'INSUFFICIENT_ACCESS_OR_READONLY',
  'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY',
  'INVALID_FIELD_FOR_INSERT_UPDATE',
  'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
  'INVALID_CROSS_REFERENCE_KEY'
]);

/** Error codes whose message is for the user to act on in the form. */
const VALIDATION_CODES = new Set([
  'FIELD_CUSTOM_VALIDATION_EXCEPTION',
  'REQUIRED_FIELD_MISSING',
  'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
  'STRING_TOO_LONG',
  'NUMBER_OUTSIDE_VALID_RANGE',
  'DUPLICATE_VALUE',
  'FIELD_INTEGRITY_EXCEPTION'
]);

interface Extensions {
  ErrorType?: string;
  errorCode?: string;
  fields?: unknown;
}

function extensionsOf(error: GraphQLError): Extensions {
  const ext = error.extensions;
  return ext && typeof ext === 'object' ? ext : {};
}

/** The alias of the mutation operation an error belongs to (last path element), if any. */
function operationOf(error: GraphQLError & { path?: unknown }): string | null {
  const raw: unknown = Array.isArray(error.paths) ? error.paths : error.path;
  const path: unknown[] = Array.isArray(raw) ? (raw as unknown[]) : [];
  const last = path.length > 1 ? path[path.length - 1] : null;
  return typeof last === 'string' ? last : null;
}

function fieldsOf(ext: Extensions): string[] {
  return Array.isArray(ext.fields) ? ext.fields.filter((f): f is string => typeof f === 'string') : [];
}

/** Reduces the `errors` of a GraphQL response (query or mutation). */
export function reduceGraphQLErrors(
  errors: readonly GraphQLError[],
  options: ReduceOptions = {}
): ReducedErrors {
  const conflictFields = new Set(options.conflictFields ?? []);
  const fieldErrors: FieldError[] = [];
  const formErrors: string[] = [];
  let conflict = false;
  let validation = false;
  let access = false;
  let request = false;
  const real = errors.filter((e) => extensionsOf(e).ErrorType !== 'ExecutionAborted');
  // Operations rolled back because another failed say nothing of their own; keep them only when alone.
  const shown = real.length ? real : errors;
  for (const error of shown) {
    const ext = extensionsOf(error);
    const message = typeof error.message === 'string' && error.message ? error.message : 'Unknown error';
    const fields = fieldsOf(ext);
    const code = ext.errorCode ?? '';
    if (fields.some((f) => conflictFields.has(f))) conflict = true;
    if (ext.ErrorType === 'InvalidSyntax' || ext.ErrorType === 'ValidationError') request = true;
    if (ACCESS_CODES.has(code)) access = true;
    else if (VALIDATION_CODES.has(code)) validation = true;
    if (fields.length && !fields.some((f) => conflictFields.has(f))) {
      const operation = operationOf(error);
      for (const field of fields) fieldErrors.push({ field, message, operation });
    } else if (!formErrors.includes(message)) {
      formErrors.push(message);
    }
  }
  const distinct = [...new Set([...formErrors, ...fieldErrors.map((f) => f.message)])];
  const kind: ErrorKind = conflict
    ? 'conflict'
    : access
      ? 'access'
      : validation
        ? 'validation'
        : request
          ? 'request'
          : 'server';
  return { kind, message: distinct.join('; '), fieldErrors, formErrors };
}

/** Reduces anything thrown by a platform call (an Error, an LDS error body, a string). */
export function reduceThrown(thrown: unknown): ReducedErrors {
  let message = 'The request could not reach Salesforce. Check the connection and try again.';
  if (typeof thrown === 'string' && thrown) message = thrown;
  else if (thrown instanceof Error && thrown.message) message = thrown.message;
  else if (thrown && typeof thrown === 'object') {
    const body = (thrown as { body?: unknown }).body;
    const bodyMessage =
      body && typeof body === 'object' ? (body as { message?: unknown }).message : undefined;
    const direct = (thrown as { message?: unknown }).message;
    if (typeof bodyMessage === 'string' && bodyMessage) message = bodyMessage;
    else if (typeof direct === 'string' && direct) message = direct;
  }
  return { kind: 'network', message, fieldErrors: [], formErrors: [message] };
}

/** One sentence for a screen that could not load: what failed, then the distinct messages. */
export function describeLoadErrors(what: string, errors: readonly GraphQLError[]): string {
  return `${what} could not be loaded: ${reduceGraphQLErrors(errors).message}`;
}
