/**
 * The sObject Tree API of the local org (`POST /composite/tree/{SObject}`), which the Salesforce CLI's
 * `sf data import tree` calls: records with `attributes: { type, referenceId }`, children nested under
 * their child relationship name (`{ "Job_Behaviors__r": { "records": [...] } }`), created all or
 * nothing, roots first and then each level below, answered with the new ids by reference id.
 */
import type { ObjectDef } from '../metadata/schema';
import type { LocalOrgServer } from './server';
import { saveErrorsOf, type SaveError } from './saveResults';
import { SfError, sfError } from './store';

/** Records one request may create, across all its trees. */
export const TREE_RECORD_LIMIT = 200;
/** Levels one tree may have (a root and four levels of children). */
export const TREE_LEVEL_LIMIT = 5;
/** Different object types one request may hold. */
export const TREE_TYPE_LIMIT = 5;

/** What the tree routes need from the REST layer. */
export interface TreeDeps {
  /** The object of a name, or a 404 NOT_FOUND SfError. */
  objectOf: (name: string) => ObjectDef;
  /** Throws the injected per-record failure for a record about to be written, if one is armed. */
  recordFault: (type: string, values: Record<string, unknown>) => void;
}

/** One record of the request, flattened. */
interface TreeRecord {
  referenceId: string;
  obj: ObjectDef;
  level: number;
  fields: Record<string, unknown>;
  /** The record this one is nested under, and the lookup field pointing at it. */
  parent: TreeRecord | null;
  parentField: string | null;
  id: string | null;
}

/** A request the API refuses as a whole: hasErrors with the record at fault. */
class TreeRefusal extends Error {
  constructor(readonly results: { referenceId: string; errors: SaveError[] }[]) {
    super('tree refused');
  }
}

const refuse = (
  referenceId: string,
  statusCode: string,
  message: string,
  fields: string[] = []
): TreeRefusal => new TreeRefusal([{ referenceId, errors: [{ statusCode, message, fields }] }]);

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Flattens the request's trees, checking shapes, types, reference ids and the limits. */
function flatten(deps: TreeDeps, root: ObjectDef, records: unknown[]): TreeRecord[] {
  const out: TreeRecord[] = [];
  const pending: {
    raw: unknown;
    expected: ObjectDef;
    level: number;
    parent: TreeRecord | null;
    via: string | null;
  }[] = records.map((raw) => ({ raw, expected: root, level: 1, parent: null, via: null }));
  while (pending.length) {
    const { raw, expected, level, parent, via } = pending.shift() as (typeof pending)[number];
    if (!isPlainObject(raw)) throw sfError(400, 'JSON_PARSER_ERROR', 'Each record must be a JSON object');
    const attributes = isPlainObject(raw.attributes) ? raw.attributes : {};
    const referenceId = typeof attributes.referenceId === 'string' ? attributes.referenceId : '';
    if (!referenceId)
      throw sfError(
        400,
        'INVALID_INPUT',
        'Include a reference ID for each record in the request (attributes.referenceId)'
      );
    const type = typeof attributes.type === 'string' ? attributes.type : '';
    if (!type)
      throw refuse(
        referenceId,
        'INVALID_INPUT',
        'Include the type of each record in the request (attributes.type)'
      );
    const obj = deps.objectOf(type);
    if (obj !== expected)
      throw refuse(
        referenceId,
        'INVALID_INPUT',
        parent
          ? `${via} of ${parent.obj.name} holds ${expected.name} records, not ${obj.name}`
          : `The request creates ${root.name} records at its root, not ${obj.name}`
      );
    if (level > TREE_LEVEL_LIMIT)
      throw refuse(
        referenceId,
        'INVALID_INPUT',
        `An sObject tree can be at most ${TREE_LEVEL_LIMIT} levels deep`
      );
    const rec: TreeRecord = { referenceId, obj, level, fields: {}, parent, parentField: null, id: null };
    if (parent && via) {
      const rel = parent.obj.childRelationships.find((c) => c.relationshipName === via);
      rec.parentField = rel?.field ?? null;
    }
    for (const [key, value] of Object.entries(raw)) {
      if (key === 'attributes') continue;
      const rel = obj.childRelationships.find((c) => c.relationshipName?.toLowerCase() === key.toLowerCase());
      if (rel && isPlainObject(value) && Array.isArray(value.records)) {
        const child = deps.objectOf(rel.childSObject);
        for (const kid of value.records)
          pending.push({
            raw: kid,
            expected: child,
            level: level + 1,
            parent: rec,
            via: rel.relationshipName
          });
        continue;
      }
      rec.fields[key] = value;
    }
    out.push(rec);
    if (out.length > TREE_RECORD_LIMIT)
      throw refuse(
        referenceId,
        'LIMIT_EXCEEDED',
        `A request can create at most ${TREE_RECORD_LIMIT} records across all its trees`
      );
  }
  const types = new Set(out.map((r) => r.obj.name));
  if (types.size > TREE_TYPE_LIMIT)
    throw refuse(
      out[0].referenceId,
      'LIMIT_EXCEEDED',
      `A request can hold records of at most ${TREE_TYPE_LIMIT} types, not ${types.size}`
    );
  const seen = new Map<string, number>();
  for (const r of out) seen.set(r.referenceId, (seen.get(r.referenceId) ?? 0) + 1);
  const duplicates = out.filter((r) => (seen.get(r.referenceId) ?? 0) > 1);
  if (duplicates.length)
    throw new TreeRefusal(
      duplicates.map((r) => ({
        referenceId: r.referenceId,
        errors: [
          {
            statusCode: 'INVALID_INPUT',
            message: 'Duplicate ReferenceId provided in the request',
            fields: []
          }
        ]
      }))
    );
  return out;
}

/** Mounts `POST /services/data/vXX.X/composite/tree/:type` on a local org's server. */
export function mountSObjectTree(server: LocalOrgServer, deps: TreeDeps): void {
  const store = server.store;
  server.route('POST', '/services/data/:version/composite/tree/:type', async (ctx) => {
    const root = deps.objectOf(ctx.params.type);
    const body = await ctx.json();
    if (!isPlainObject(body) || !Array.isArray(body.records))
      throw sfError(400, 'JSON_PARSER_ERROR', 'The request body needs a records array');
    let records: TreeRecord[];
    try {
      records = flatten(deps, root, body.records);
    } catch (err) {
      if (err instanceof TreeRefusal) return { status: 400, body: { hasErrors: true, results: err.results } };
      throw err;
    }
    // roots first, then each level below (records keep their request order within a level)
    const ordered = [...records].sort((a, b) => a.level - b.level);
    let current: TreeRecord | null = null;
    try {
      store.transaction(() => {
        for (const rec of ordered) {
          current = rec;
          const values = { ...rec.fields };
          if (rec.parent && rec.parentField) values[rec.parentField] = rec.parent.id;
          deps.recordFault(rec.obj.name, values);
          rec.id = store.create(rec.obj.name, values);
        }
      });
    } catch (err) {
      const failed = current as TreeRecord | null;
      if (!failed || !(err instanceof SfError)) throw err;
      return {
        status: 400,
        body: { hasErrors: true, results: [{ referenceId: failed.referenceId, errors: saveErrorsOf(err) }] }
      };
    }
    return {
      status: 201,
      body: { hasErrors: false, results: ordered.map((r) => ({ referenceId: r.referenceId, id: r.id })) }
    };
  });
}
