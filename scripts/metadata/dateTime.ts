/**
 * The datetime text forms of the Salesforce APIs: the stored and REST form
 * (2026-01-31T09:00:00.000+0000) and the UI API GraphQL form (ISO, ...Z). Shared by the local org
 * and the UI API schema the validator checks queries against.
 */

/** Formats a Date as Salesforce's datetime text (2026-01-31T09:00:00.000+0000). */
export function sfDateTime(d: Date): string {
  return d.toISOString().replace('Z', '+0000');
}

/** Parses datetime text in any ISO form into Salesforce's canonical form, or null when invalid. */
export function canonicalDateTime(text: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/.exec(
    text.trim()
  );
  if (!m) return null;
  const zone = m[3] ? (m[3] === 'Z' ? 'Z' : m[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')) : 'Z';
  const ms = Date.parse(`${m[1]}T${m[2] ?? '00:00:00'}${zone}`);
  return Number.isNaN(ms) ? null : sfDateTime(new Date(ms));
}

/** A stored datetime (2026-01-31T09:00:00.000+0000) in the GraphQL API's ISO form (...Z); other values as they are. */
export function isoDateTime<V>(v: V): V | string {
  if (typeof v !== 'string') return v;
  const ms = Date.parse(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? v : new Date(ms).toISOString();
}
