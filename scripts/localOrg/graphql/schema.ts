/**
 * The local org behind the UI API GraphQL schema (`scripts/uiapi/schema.ts`): the schema the acting
 * user sees, and a request context whose engine runs every query and write through the store as
 * that user, with Salesforce's errors.
 */
import { GraphQLError, type GraphQLSchema } from 'graphql';
import {
  newContext as uiApiContext,
  schemaFor,
  type GraphQLContext,
  type UiApiEngine
} from '../../uiapi/schema';
import { runSoql } from '../soql';
import { visibleSchema } from '../access/visibleSchema';
import { SfError, type Store } from '../store';
import { fieldValue, rawValue } from './values';

/** Turns a store error into a GraphQL error carrying the Salesforce error code and fields. */
export function toGraphQLError(err: unknown): unknown {
  if (err instanceof SfError) {
    const first = err.errors[0];
    return new GraphQLError(err.errors.map((e) => e.message).join('; '), {
      originalError: err,
      extensions: {
        ErrorType: 'DataFetchingException',
        errorCode: first?.errorCode,
        fields: first?.fields ?? []
      }
    });
  }
  return err;
}

/** The store as the schema's resolvers reach it, acting as the store's current user. */
function engineOf(store: Store): UiApiEngine {
  return {
    get currentUserId() {
      return store.currentUserId;
    },
    select: (soql) => runSoql(store, soql).rows,
    getById: (id) => store.getById(id),
    get: (object, id) => store.get(object, id),
    rawValue: (obj, f, rec) => rawValue(store, obj, f, rec),
    fieldValue: (obj, f, rec) => fieldValue(store, obj, f, rec),
    transaction: (fn) => store.transaction(fn),
    create: (object, body) => store.create(object, body),
    update: (object, id, body) => store.update(object, id, body),
    delete: (object, id) => store.delete(object, id),
    error: toGraphQLError
  };
}

/** A fresh context for one request against the store. */
export function newContext(store: Store, rawVariables: Record<string, unknown> = {}): GraphQLContext {
  return uiApiContext(engineOf(store), rawVariables);
}

/** The GraphQL schema the acting user sees: only the objects and fields they can read. */
export function schemaForActor(store: Store): GraphQLSchema {
  const records = store.recordAccess();
  return schemaFor(records ? visibleSchema(store.schema, records.access) : store.schema);
}
