/**
 * Fault injection for tests: expired sessions, API limit errors, 503s, slow responses and chosen
 * per-record failures, each applied to the next N matching requests or records.
 */
import type { LocalOrgServer } from './server';
import { sfError, type SfValue } from './store';

/** What a fault does. */
export type FaultKind = 'expiredSession' | 'requestLimit' | 'unavailable' | 'slow' | 'recordError';

/** Which requests a fault applies to (all when omitted). */
export interface FaultMatch {
  method?: string;
  /** A substring of the request path, or a regular expression source wrapped in slashes (/query/). */
  path?: string;
}

/** A per-record failure: the record (of the object, if given) whose field equals value fails. */
export interface RecordFault {
  object?: string;
  field: string;
  value: SfValue;
  errorCode: string;
  message?: string;
}

/** One injected fault. */
export interface FaultRule {
  kind: FaultKind;
  /** How many matching requests (or records) it applies to; default 1. */
  times?: number;
  match?: FaultMatch;
  /** Delay for 'slow', in milliseconds. */
  delayMs?: number;
  record?: RecordFault;
}

function pathMatches(pattern: string | undefined, path: string): boolean {
  if (!pattern) return true;
  const m = /^\/(.+)\/$/.exec(pattern);
  return m ? new RegExp(m[1]).test(path) : path.includes(pattern);
}

/** The fault queue of one local org. */
export class Faults {
  private rules: (FaultRule & { left: number })[] = [];

  /** Adds a rule; returns this for chaining. */
  add(rule: FaultRule): this {
    const kinds: FaultKind[] = ['expiredSession', 'requestLimit', 'unavailable', 'slow', 'recordError'];
    if (!rule || !kinds.includes(rule.kind))
      throw new Error(`Fault "kind" must be one of ${kinds.join(', ')}`);
    const times = rule.times ?? 1;
    if (!Number.isInteger(times) || times < 1)
      throw new Error(`Fault "times" must be a positive integer, got ${times}`);
    if (rule.kind === 'recordError' && !rule.record)
      throw new Error('A recordError fault needs a "record" criterion');
    if (rule.kind === 'slow' && !(typeof rule.delayMs === 'number' && rule.delayMs >= 0))
      throw new Error('A slow fault needs "delayMs"');
    this.rules.push({ ...rule, left: times });
    return this;
  }

  /** The next N matching requests answer 401 INVALID_SESSION_ID. */
  expireSession(times = 1, match?: FaultMatch): this {
    return this.add({ kind: 'expiredSession', times, match });
  }

  /** The next N matching requests answer 403 REQUEST_LIMIT_EXCEEDED. */
  requestLimitExceeded(times = 1, match?: FaultMatch): this {
    return this.add({ kind: 'requestLimit', times, match });
  }

  /** The next N matching requests answer 503. */
  unavailable(times = 1, match?: FaultMatch): this {
    return this.add({ kind: 'unavailable', times, match });
  }

  /** The next N matching requests are delayed by delayMs. */
  slow(delayMs: number, times = 1, match?: FaultMatch): this {
    return this.add({ kind: 'slow', delayMs, times, match });
  }

  /** The next N records written whose field equals value fail with errorCode. */
  failRecord(record: RecordFault, times = 1): this {
    return this.add({ kind: 'recordError', record, times });
  }

  /** Removes every pending rule. */
  clear(): void {
    this.rules = [];
  }

  /** Pending rules with their remaining counts. */
  pending(): (FaultRule & { left: number })[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** Consumes the request-level faults matching a request: at most one failure plus any delay. */
  takeRequest(method: string, path: string): { failure?: FaultKind; delayMs: number } {
    let delayMs = 0;
    let failure: FaultKind | undefined;
    for (const r of this.rules) {
      if (r.kind === 'recordError' || r.left <= 0) continue;
      if (r.match?.method && r.match.method.toUpperCase() !== method.toUpperCase()) continue;
      if (!pathMatches(r.match?.path, path)) continue;
      if (r.kind === 'slow') {
        delayMs += r.delayMs ?? 0;
        r.left--;
      } else if (!failure) {
        failure = r.kind;
        r.left--;
      }
    }
    this.rules = this.rules.filter((r) => r.left > 0);
    return { failure, delayMs };
  }

  /** Consumes a record fault matching a record about to be written, if any. */
  takeRecord(objectName: string, values: Record<string, unknown>): RecordFault | undefined {
    for (const r of this.rules) {
      const rec = r.record;
      if (r.kind !== 'recordError' || !rec || r.left <= 0) continue;
      if (rec.object && rec.object.toLowerCase() !== objectName.toLowerCase()) continue;
      const key = Object.keys(values).find((k) => k.toLowerCase() === rec.field.toLowerCase());
      if (key === undefined || String(values[key]) !== String(rec.value)) continue;
      r.left--;
      this.rules = this.rules.filter((x) => x.left > 0);
      return rec;
    }
    return undefined;
  }
}

/** Mounts the test-control routes (not a Salesforce API) that arm, list or clear faults in a running org. */
export function mountFaultControl(server: LocalOrgServer): void {
  const faults = server.faults;
  server.route('GET', '/__localorg/faults', () => ({ status: 200, body: faults.pending() }), {
    control: true
  });
  server.route(
    'POST',
    '/__localorg/faults',
    async (ctx) => {
      const body = await ctx.json();
      const rules = Array.isArray(body) ? body : [body];
      try {
        server.addFaults(rules as FaultRule[]);
      } catch (e) {
        throw sfError(400, 'INVALID_FAULT', (e as Error).message);
      }
      return { status: 200, body: faults.pending() };
    },
    { control: true }
  );
  server.route(
    'DELETE',
    '/__localorg/faults',
    () => {
      faults.clear();
      return { status: 204 };
    },
    { control: true }
  );
}
