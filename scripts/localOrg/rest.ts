/**
 * The REST endpoints of the local org, mounted on a LocalOrgServer: versions, limits, query/queryAll
 * with paging, describe, sObject CRUD and upsert, sObject Collections, and (from tree.ts) sObject Tree.
 */
import type { BulkQueryJobs } from './bulkQuery';
import { describeObject, objectSummary } from './describe';
import { saveErrorsOf, type SaveError } from './saveResults';
import { mountSObjectTree } from './tree';
import { asText } from '../metadata/ids';
import type { FieldDef, ObjectDef } from '../metadata/schema';
import type { LocalOrgServer, Reply, RequestContext } from './server';
import { runSoql, type QueryPlan } from './soql';
import { sfError, type Rec, type Store } from './store';

/** API versions the local org answers to. */
export const API_VERSIONS = ['58.0', '59.0', '60.0', '61.0', '62.0', '63.0', '64.0', '65.0', '66.0'];
/** Rows per REST query batch (Salesforce's default). */
export const QUERY_BATCH = 2000;
/** Records per sObject Collections call. */
export const COLLECTION_LIMIT = 200;

const BASE = '/services/data/:version';
/** Open query cursors kept (the oldest is dropped first); each holds its matched rows. */
const MAX_CURSORS = 50;

interface Cursor {
  plan: QueryPlan;
  offset: number;
  batch: number;
}

/** Options for mounting the REST routes. */
export interface RestOptions {
  /** The Bulk 2.0 query jobs, counted in the limits resource. */
  queryJobs?: BulkQueryJobs;
}

/** A stored record as REST returns it (all or the chosen fields, roll-ups computed). */
export function recordJson(
  store: Store,
  o: ObjectDef,
  rec: Rec,
  version: string,
  fields?: string[]
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    attributes: { type: o.name, url: `/services/data/v${version}/sobjects/${o.name}/${String(rec.Id)}` }
  };
  const list = fields?.length
    ? fields.map((n) => {
        const f = o.fieldMap.get(n.trim().toLowerCase());
        if (!f) throw sfError(400, 'INVALID_FIELD', `No such column '${n.trim()}' on entity '${o.name}'`);
        return f;
      })
    : o.fields;
  for (const f of list) {
    if (f.summary) out[f.name] = store.rollup(o, f, rec);
    else out[f.name] = rec[f.name] ?? null;
  }
  return out;
}

let seq = 0;
function nextKey(prefix: string): string {
  seq++;
  return prefix + String(seq).padStart(12, '0');
}

/** Mounts every REST route on the server. */
export function mountRest(server: LocalOrgServer, options: RestOptions = {}): void {
  const store = server.store;
  const cursors = new Map<string, Cursor>();
  const faults = server.faults;
  const objectOf = (name: string): ObjectDef => {
    const o = store.visibleSchema().find(name);
    if (!o)
      throw sfError(
        404,
        'NOT_FOUND',
        `The requested resource does not exist: sObject type '${name}' is not supported.`
      );
    return o;
  };
  /** Applies an injected per-record failure before a write. */
  const recordFault = (type: string, values: Record<string, unknown>): void => {
    const f = faults.takeRecord(type, values);
    if (f)
      throw sfError(400, f.errorCode, f.message ?? `Injected failure for ${f.field} = ${String(f.value)}`, [
        f.field
      ]);
  };
  const merged = (type: string, id: string, body: Record<string, unknown>): Record<string, unknown> => ({
    ...(store.get(type, id) ?? {}),
    ...body
  });

  server.route(
    'GET',
    '/services/data',
    () => ({
      status: 200,
      body: API_VERSIONS.map((v) => ({ label: `API ${v}`, url: `/services/data/v${v}`, version: v }))
    }),
    { auth: false }
  );
  server.route('GET', BASE, (ctx) => {
    const v = ctx.params.version;
    const names = ['sobjects', 'query', 'queryAll', 'limits', 'composite', 'jobs'];
    return { status: 200, body: Object.fromEntries(names.map((n) => [n, `/services/data/v${v}/${n}`])) };
  });
  server.route('GET', `${BASE}/limits`, () => ({
    status: 200,
    body: {
      DailyApiRequests: { Max: server.apiLimit, Remaining: Math.max(0, server.apiLimit - server.apiUsed) },
      DailyBulkV2QueryJobs: { Max: 10000, Remaining: 10000 - (options.queryJobs?.count() ?? 0) },
      DailyBulkV2QueryFileStorageMB: { Max: 976562, Remaining: 976562 },
      DataStorageMB: { Max: 1024, Remaining: 1024 }
    }
  }));

  // ----- query / queryAll
  const queryPage = (ctx: RequestContext, key: string, cursor: Cursor): Reply => {
    const { plan } = cursor;
    const version = ctx.params.version;
    const total = plan.rows.length;
    const end = Math.min(total, cursor.offset + cursor.batch);
    const records = plan.rows.slice(cursor.offset, end).map(plan.project);
    const done = end >= total;
    const body: Record<string, unknown> = { totalSize: total, done };
    if (done) cursors.delete(key);
    else {
      cursor.offset = end;
      body.nextRecordsUrl = `/services/data/v${version}/query/${key}-${end}`;
    }
    body.records = records;
    return { status: 200, body };
  };
  const runQuery = (ctx: RequestContext, includeDeleted: boolean): Reply => {
    const q = ctx.url.searchParams.get('q');
    if (!q) throw sfError(400, 'MALFORMED_QUERY', 'A query string (q) is required');
    const plan = runSoql(store, q, { includeDeleted, apiVersion: ctx.params.version });
    if (ctx.url.searchParams.get('columns') === 'true') return { status: 200, body: columnMetadata(plan) };
    if (plan.count !== null) return { status: 200, body: { totalSize: plan.count, done: true, records: [] } };
    if (plan.aggregate) {
      if (plan.aggregateRows.length > QUERY_BATCH)
        throw sfError(
          400,
          'EXCEEDED_ID_LIMIT',
          'Aggregate query does not support queryMore(), use LIMIT to restrict the results to a single batch'
        );
      return {
        status: 200,
        body: { totalSize: plan.aggregateRows.length, done: true, records: plan.aggregateRows }
      };
    }
    const opt = /batchSize=(\d+)/.exec(String(ctx.req.headers['sforce-query-options'] ?? ''));
    const batch = opt ? Math.min(QUERY_BATCH, Math.max(200, Number(opt[1]))) : QUERY_BATCH;
    const key = nextKey('01g');
    const cursor: Cursor = { plan, offset: 0, batch };
    cursors.set(key, cursor);
    if (cursors.size > MAX_CURSORS) cursors.delete(cursors.keys().next().value as string);
    return queryPage(ctx, key, cursor);
  };
  const more = (ctx: RequestContext): Reply => {
    const m = /^(01g\d+)-(\d+)$/.exec(ctx.params.locator);
    const cursor = m ? cursors.get(m[1]) : undefined;
    if (!m || !cursor || cursor.offset !== Number(m[2]))
      throw sfError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    return queryPage(ctx, m[1], cursor);
  };
  server.route('GET', `${BASE}/query`, (ctx) => runQuery(ctx, false));
  server.route('GET', `${BASE}/queryAll`, (ctx) => runQuery(ctx, true));
  server.route('GET', `${BASE}/query/:locator`, more);
  server.route('GET', `${BASE}/queryAll/:locator`, more);

  // ----- describe
  server.route('GET', `${BASE}/sobjects`, (ctx) => ({
    status: 200,
    body: {
      encoding: 'UTF-8',
      maxBatchSize: COLLECTION_LIMIT,
      sobjects: store
        .visibleSchema()
        .list()
        .map((o) => objectSummary(o, ctx.params.version))
    }
  }));
  server.route('GET', `${BASE}/sobjects/:type/describe`, (ctx) => ({
    status: 200,
    body: describeObject(objectOf(ctx.params.type), ctx.params.version, store.schema)
  }));
  server.route('GET', `${BASE}/sobjects/:type`, (ctx) => ({
    status: 200,
    body: { objectDescribe: objectSummary(objectOf(ctx.params.type), ctx.params.version), recentItems: [] }
  }));

  // ----- single-record CRUD
  server.route('POST', `${BASE}/sobjects/:type`, async (ctx) => {
    const o = objectOf(ctx.params.type);
    const body = ((await ctx.json()) ?? {}) as Record<string, unknown>;
    if (typeof body !== 'object' || Array.isArray(body))
      throw sfError(400, 'JSON_PARSER_ERROR', 'Expected a JSON object');
    recordFault(o.name, body);
    const id = store.create(o.name, body);
    return { status: 201, body: { id, success: true, errors: [] } };
  });
  server.route('GET', `${BASE}/sobjects/:type/:id`, (ctx) => {
    const o = objectOf(ctx.params.type);
    const rec = store.readable(o.name, ctx.params.id);
    if (!rec) throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    const fields = ctx.url.searchParams.get('fields')?.split(',').filter(Boolean);
    return { status: 200, body: recordJson(store, o, rec, ctx.params.version, fields) };
  });
  server.route('PATCH', `${BASE}/sobjects/:type/:id`, async (ctx) => {
    const o = objectOf(ctx.params.type);
    const body = ((await ctx.json()) ?? {}) as Record<string, unknown>;
    recordFault(o.name, merged(o.name, ctx.params.id, body));
    store.update(o.name, ctx.params.id, body);
    return { status: 204 };
  });
  server.route('DELETE', `${BASE}/sobjects/:type/:id`, (ctx) => {
    const o = objectOf(ctx.params.type);
    store.delete(o.name, ctx.params.id);
    return { status: 204 };
  });

  // ----- by external id: read and upsert
  server.route('GET', `${BASE}/sobjects/:type/:field/:value`, (ctx) => {
    const o = objectOf(ctx.params.type);
    const found = store
      .findByKey(o.name, ctx.params.field, ctx.params.value)
      .filter((r) => store.readable(o.name, r.Id as string));
    if (found.length === 0) throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    if (found.length > 1)
      return {
        status: 300,
        body: found.map((r) => `/services/data/v${ctx.params.version}/sobjects/${o.name}/${String(r.Id)}`)
      };
    return { status: 200, body: recordJson(store, o, found[0], ctx.params.version) };
  });
  server.route('PATCH', `${BASE}/sobjects/:type/:field/:value`, async (ctx) => {
    const o = objectOf(ctx.params.type);
    const body = ((await ctx.json()) ?? {}) as Record<string, unknown>;
    const existing = store.findByKey(o.name, ctx.params.field, ctx.params.value);
    if (existing.length > 1)
      return {
        status: 300,
        body: existing.map((r) => `/services/data/v${ctx.params.version}/sobjects/${o.name}/${String(r.Id)}`)
      };
    recordFault(o.name, { ...(existing[0] ?? {}), ...body, [ctx.params.field]: ctx.params.value });
    const { id, created } = store.upsert(o.name, ctx.params.field, ctx.params.value, body);
    return { status: created ? 201 : 200, body: { id, success: true, errors: [], created } };
  });

  // ----- sObject Tree (what `sf data import tree` calls)
  mountSObjectTree(server, { objectOf, recordFault });

  // ----- sObject Collections
  const collectionBody = async (
    ctx: RequestContext
  ): Promise<{ allOrNone: boolean; records: Record<string, unknown>[] }> => {
    const body = (await ctx.json()) as { allOrNone?: boolean; records?: unknown } | undefined;
    if (!body || !Array.isArray(body.records))
      throw sfError(400, 'JSON_PARSER_ERROR', 'The request body needs a records array');
    if (body.records.length > COLLECTION_LIMIT)
      throw sfError(
        400,
        'EXCEEDED_ID_LIMIT',
        `record limit reached. cannot submit more than ${COLLECTION_LIMIT} records into this call`
      );
    return { allOrNone: body.allOrNone === true, records: body.records as Record<string, unknown>[] };
  };
  /** Runs per-record operations with Salesforce's allOrNone semantics. */
  const collection = <T extends { id: string | null }>(
    allOrNone: boolean,
    items: unknown[],
    op: (item: unknown, index: number) => T
  ): (T | { id: string | null; success: false; errors: SaveError[] })[] => {
    if (!allOrNone) {
      return items.map((item, i) => {
        try {
          return store.transaction(() => op(item, i));
        } catch (err) {
          return { id: null, success: false as const, errors: saveErrorsOf(err) };
        }
      });
    }
    let failedAt = -1;
    let failure: SaveError[] = [];
    const results: T[] = [];
    try {
      store.transaction(() => {
        items.forEach((item, i) => {
          try {
            results.push(op(item, i));
          } catch (err) {
            failedAt = i;
            failure = saveErrorsOf(err);
            throw err;
          }
        });
      });
      return results;
    } catch {
      return items.map((_, i) => ({
        id: null,
        success: false as const,
        errors:
          i === failedAt
            ? failure
            : [
                {
                  message:
                    'Record rolled back because not all records were valid and the request was using AllOrNone header',
                  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
                  fields: []
                }
              ]
      }));
    }
  };
  const typeOf = (rec: Record<string, unknown>): string => {
    const t = (rec.attributes as { type?: string } | undefined)?.type;
    if (!t) throw sfError(400, 'INVALID_TYPE', 'Must send a concrete entity type.', []);
    return objectOf(t).name;
  };
  const strip = (rec: Record<string, unknown>): Record<string, unknown> => {
    const { attributes: _a, ...rest } = rec;
    void _a;
    return rest;
  };
  server.route('POST', `${BASE}/composite/sobjects`, async (ctx) => {
    const { allOrNone, records } = await collectionBody(ctx);
    return {
      status: 200,
      body: collection(allOrNone, records, (item) => {
        const rec = item as Record<string, unknown>;
        const type = typeOf(rec);
        if (rec.Id) throw sfError(400, 'INVALID_FIELD', 'cannot specify Id in an insert call', ['Id']);
        recordFault(type, strip(rec));
        return { id: store.create(type, strip(rec)), success: true, errors: [] };
      })
    };
  });
  server.route('PATCH', `${BASE}/composite/sobjects`, async (ctx) => {
    const { allOrNone, records } = await collectionBody(ctx);
    return {
      status: 200,
      body: collection(allOrNone, records, (item) => {
        const rec = item as Record<string, unknown>;
        const type = typeOf(rec);
        const { Id, ...rest } = strip(rec);
        if (typeof Id !== 'string')
          throw sfError(400, 'MISSING_ARGUMENT', 'Id not specified in an update call', ['Id']);
        recordFault(type, merged(type, Id, rest));
        store.update(type, Id, rest);
        return { id: store.get(type, Id)?.Id as string, success: true, errors: [] };
      })
    };
  });
  server.route('DELETE', `${BASE}/composite/sobjects`, (ctx) => {
    const ids = (ctx.url.searchParams.get('ids') ?? '').split(',').filter(Boolean);
    if (ids.length > COLLECTION_LIMIT)
      throw sfError(
        400,
        'EXCEEDED_ID_LIMIT',
        `record limit reached. cannot submit more than ${COLLECTION_LIMIT} records into this call`
      );
    const allOrNone = ctx.url.searchParams.get('allOrNone') === 'true';
    return {
      status: 200,
      body: collection(allOrNone, ids, (item) => {
        const id = item as string;
        const found = store.getById(id);
        if (!found) throw sfError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
        store.delete(found.obj.name, id);
        return { id: found.rec.Id as string, success: true, errors: [] };
      })
    };
  });
  /** Retrieves several records of one type (GET with query parameters, or POST with a JSON body). */
  const retrieveMany = (ctx: RequestContext, ids: string[], fields: string[]): Reply => {
    const o = objectOf(ctx.params.type);
    if (!fields.length) throw sfError(400, 'MISSING_ARGUMENT', 'fields is required');
    if (ids.length > 2000)
      throw sfError(400, 'EXCEEDED_ID_LIMIT', 'cannot retrieve more than 2000 records in one call');
    return {
      status: 200,
      body: ids.map((id) => {
        const rec = store.readable(o.name, id);
        return rec ? recordJson(store, o, rec, ctx.params.version, fields) : null;
      })
    };
  };
  server.route('GET', `${BASE}/composite/sobjects/:type`, (ctx) =>
    retrieveMany(
      ctx,
      (ctx.url.searchParams.get('ids') ?? '').split(',').filter(Boolean),
      (ctx.url.searchParams.get('fields') ?? '').split(',').filter(Boolean)
    )
  );
  server.route('POST', `${BASE}/composite/sobjects/:type`, async (ctx) => {
    const body = (await ctx.json()) as { ids?: unknown; fields?: unknown } | undefined;
    const list = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => asText(x)).filter(Boolean) : []);
    return retrieveMany(ctx, list(body?.ids), list(body?.fields));
  });
  server.route('PATCH', `${BASE}/composite/sobjects/:type/:field`, async (ctx) => {
    const o = objectOf(ctx.params.type);
    const { allOrNone, records } = await collectionBody(ctx);
    const keyField = o.fieldMap.get(ctx.params.field.toLowerCase());
    if (!keyField)
      throw sfError(
        400,
        'INVALID_FIELD',
        `No such column '${ctx.params.field}' on sobject of type ${o.name}`
      );
    return {
      status: 200,
      body: collection(allOrNone, records, (item) => {
        const rec = strip(item as Record<string, unknown>);
        const t = (item as { attributes?: { type?: string } }).attributes?.type;
        if (t && t.toLowerCase() !== o.name.toLowerCase())
          throw sfError(400, 'INVALID_TYPE', `All records must be of type ${o.name}`, []);
        const key = Object.keys(rec).find((k) => k.toLowerCase() === keyField.name.toLowerCase());
        const value = key ? rec[key] : undefined;
        if (value === undefined || value === null || value === '')
          throw sfError(400, 'MISSING_ARGUMENT', `${keyField.name} not specified`, [keyField.name]);
        const existing = store.findByKey(o.name, keyField.name, value as string);
        recordFault(o.name, { ...(existing[0] ?? {}), ...rec });
        const { id, created } = store.upsert(o.name, keyField.name, asText(value), rec);
        return { id, success: true, errors: [], created };
      })
    };
  });
}

/** The query-columns answer (`?columns=true`) the Salesforce CLI reads before printing a query. */
function columnMetadata(plan: QueryPlan): Record<string, unknown> {
  type Col = { columnName: string; displayName: string; aggregate: boolean; joinColumns: Col[] } & Record<
    string,
    unknown
  >;
  const col = (name: string, aggregate: boolean, f?: FieldDef): Col => ({
    aggregate,
    apexType: f
      ? ((
          {
            double: 'Double',
            currency: 'Double',
            percent: 'Double',
            int: 'Integer',
            boolean: 'Boolean',
            date: 'Date',
            datetime: 'Datetime'
          } as Record<string, string>
        )[f.type] ?? 'String')
      : null,
    booleanType: f?.type === 'boolean',
    columnName: name,
    custom: f?.custom ?? false,
    displayName: name,
    foreignKeyName: null,
    insertable: f?.createable ?? false,
    joinColumns: [],
    numberType: f ? ['double', 'currency', 'percent', 'int'].includes(f.type) : aggregate,
    textType: f ? !['double', 'currency', 'percent', 'int', 'boolean'].includes(f.type) : false,
    updatable: f?.updateable ?? false
  });
  const top: Col[] = [];
  if (plan.aggregate) {
    for (const c of plan.aggregateColumns) {
      const f = c.function ? undefined : plan.obj.fieldMap.get(c.name.toLowerCase());
      top.push({ ...col(c.name, c.function, f), displayName: c.display });
    }
  } else {
    for (const c of plan.columns) {
      const parts = c.header.split('.');
      let list = top;
      let obj = plan.obj;
      for (let i = 0; i < parts.length - 1; i++) {
        const rel = obj.relationshipMap.get(parts[i].toLowerCase());
        let join = list.find((x) => x.columnName === parts[i]);
        if (!join) list.push((join = col(parts[i], false)));
        list = join.joinColumns;
        obj = rel ? (plan.objectOf(rel.referenceTo[0]) ?? obj) : obj;
      }
      const leaf = parts[parts.length - 1];
      list.push(col(leaf, false, obj.fieldMap.get(leaf.toLowerCase())));
    }
  }
  return {
    columnMetadata: top,
    entityName: plan.aggregate ? 'AggregateResult' : plan.obj.name,
    groupBy: plan.aggregate,
    idSelected: plan.columns.some((c) => c.header === 'Id'),
    keyPrefix: plan.aggregate ? null : plan.obj.keyPrefix
  };
}
