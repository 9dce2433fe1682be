/**
 * Typed reading of UI API GraphQL results: every field but `Id` arrives wrapped as
 * `{ value, displayValue }`, every list as a connection of `edges { node }`. Screens read them
 * through these helpers so no component unwraps the shapes by hand.
 */

/** A wrapped field value as the UI API returns it. */
export interface FieldValue<T> {
  value: T | null;
  displayValue?: string | null;
}

/** One edge of a record connection. */
export interface Edge<N> {
  node: N;
  cursor?: string;
}

/** A record connection (`edges { node }`, with optional paging and count). */
export interface Connection<N> {
  edges: Edge<N>[];
  totalCount?: number;
  pageInfo?: { hasNextPage: boolean; endCursor?: string | null };
}

/** A field's metadata from `uiapi { objectInfos }`, reduced to what decides the user's access. */
export interface FieldInfo {
  ApiName: string;
  createable?: boolean;
  updateable?: boolean;
}

/** An object's metadata from `uiapi { objectInfos }`, for the current user. */
export interface ObjectInfo {
  ApiName: string;
  createable?: boolean;
  updateable?: boolean;
  fields?: FieldInfo[];
}

/** The unwrapped value of a field; null when the field is null, missing or not readable. */
export function valueOf<T>(field: FieldValue<T> | null | undefined): T | null {
  if (field === null || field === undefined) return null;
  return field.value ?? null;
}

/** The formatted text of a field: its displayValue, else a text, number or checkbox value as text, else ''. */
export function displayOf(field: FieldValue<unknown> | null | undefined): string {
  if (field === null || field === undefined) return '';
  if (typeof field.displayValue === 'string' && field.displayValue !== '') return field.displayValue;
  const value = field.value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/** A text field's value, trimmed to '' when null. */
export function textOf(field: FieldValue<string> | null | undefined): string {
  return valueOf(field) ?? '';
}

/** A numeric field's value; null when blank or not a finite number. */
export function numberOf(field: FieldValue<number> | null | undefined): number | null {
  const value = valueOf(field);
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A checkbox field's value; false when null. */
export function booleanOf(field: FieldValue<boolean> | null | undefined): boolean {
  return valueOf(field) === true;
}

/** The nodes of a connection, in order; [] when the connection is missing. */
export function nodesOf<N>(connection: Connection<N> | null | undefined): N[] {
  if (!connection || !Array.isArray(connection.edges)) return [];
  return connection.edges.map((edge) => edge.node);
}

/** The first node of a connection, or null. */
export function firstNodeOf<N>(connection: Connection<N> | null | undefined): N | null {
  const nodes = nodesOf(connection);
  return nodes.length ? nodes[0] : null;
}

/** The 15-character form of a record Id, so 15- and 18-character Ids compare equal. */
export function sameId(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  return a.slice(0, 15) === b.slice(0, 15);
}

/**
 * What the org lets the current user do with an object and its fields, from the object infos
 * of the same request. `null` when the request did not carry that object's info.
 */
export function fieldAccess(
  infos: readonly ObjectInfo[] | null | undefined,
  objectApiName: string,
  fieldApiName?: string
): { createable: boolean; updateable: boolean } | null {
  const info = (infos ?? []).find((candidate) => candidate.ApiName === objectApiName);
  if (!info) return null;
  if (!fieldApiName) return { createable: info.createable === true, updateable: info.updateable === true };
  const field = (info.fields ?? []).find((candidate) => candidate.ApiName === fieldApiName);
  if (!field) return { createable: false, updateable: false };
  return {
    createable: info.createable === true && field.createable === true,
    updateable: info.updateable === true && field.updateable === true
  };
}
