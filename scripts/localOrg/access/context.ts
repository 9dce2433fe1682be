/**
 * Who the current request acts as. Each HTTP request runs inside its session's actor, carried across
 * awaits and streams by AsyncLocalStorage, so concurrent requests of different users never mix.
 * Code outside a request (the seed, plan imports, tests calling the store directly) runs as the
 * store's default user with no access checks, as system code does in Salesforce.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RecordAccess } from './sharing';

/** The user a request acts as. */
export interface Actor {
  userId: string;
  /** Custom permissions the user holds ($Permission.X in validation rules). */
  permissions: Set<string>;
  /** The user's object, field and record access, or null for full (system administrator) access. */
  records: RecordAccess | null;
}

const storage = new AsyncLocalStorage<Actor>();

/** Runs fn (and everything it awaits or schedules) as the actor. */
export function runAsActor<T>(actor: Actor, fn: () => T): T {
  return storage.run(actor, fn);
}

/** The actor of the running request, or undefined outside requests. */
export function currentActor(): Actor | undefined {
  return storage.getStore();
}
