/** Salesforce-shaped record ids: a 3-character key prefix, 12 more characters and the 3-character case checksum. */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const CHECKSUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** Computes the 3-character suffix that turns a case-sensitive 15-character id into an 18-character one. */
export function idChecksum(id15: string): string {
  let out = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    out += CHECKSUM[bits];
  }
  return out;
}

/** Builds the 18-character id of the n-th record (n >= 1) of the object with the given key prefix. */
export function makeId(prefix: string, n: number): string {
  let body = '';
  let v = n;
  for (let i = 0; i < 10; i++) {
    body = BASE62[v % 62] + body;
    v = Math.floor(v / 62);
  }
  const id15 = prefix + '00' + body;
  return id15 + idChecksum(id15);
}

/** The record number makeId encoded in an 18-character id (0 when the id is not of that shape). */
export function idNumber(id: string): number {
  if (id.length !== 18 || id.charCodeAt(3) !== 48 || id.charCodeAt(4) !== 48) return 0;
  let n = 0;
  for (let i = 5; i < 15; i++) {
    const v = BASE62.indexOf(id[i]);
    if (v < 0) return 0;
    n = n * 62 + v;
  }
  return n;
}

const ID_SHAPE = /^[a-zA-Z0-9]{15}(?:[A-Z0-5]{3})?$/;

/** Returns the 18-character form of a 15- or 18-character id, or null when the text is not id-shaped. */
export function normalizeId(value: unknown): string | null {
  if (typeof value !== 'string' || !ID_SHAPE.test(value)) return null;
  if (value.length === 18) {
    const id15 = value.slice(0, 15);
    return idChecksum(id15) === value.slice(15).toUpperCase() ? id15 + value.slice(15).toUpperCase() : null;
  }
  return value + idChecksum(value);
}

/** Picks a stable key prefix for a custom object from its API name (a + two base-62 characters). */
export function customKeyPrefix(name: string, taken: Set<string>): string {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619) >>> 0;
  for (let probe = 0; probe < 62 * 62; probe++) {
    const v = (h + probe) % (62 * 62);
    const prefix = 'a' + BASE62[Math.floor(v / 62)] + BASE62[v % 62];
    if (!taken.has(prefix)) return prefix;
  }
  throw new Error(`No free key prefix left for ${name}`);
}

/** Text of a scalar (string, number, boolean); the fallback for anything else, so objects never print as [object Object]. */
export function asText(value: unknown, fallback = ''): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return fallback;
}
