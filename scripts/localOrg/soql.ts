/**
 * SOQL for the local org: parses with @jetstreamapp/soql-parser-js and evaluates against the store
 * (parent paths, WHERE with date literals and fiscal periods, ORDER BY, LIMIT/OFFSET, child
 * subqueries, semi-joins, GROUP BY with aggregates, expr aliases and HAVING).
 */
import {
  parseQuery,
  type Condition,
  type FieldFunctionExpression,
  type Query,
  type WhereClause
} from '@jetstreamapp/soql-parser-js';
import { asText, normalizeId } from '../metadata/ids';
import {
  dateLiteralRange,
  fiscalMonthOf,
  fiscalQuarterOf,
  fiscalYearOf,
  type FiscalSettings
} from './fiscal';
import type { FieldDef, ObjectDef } from '../metadata/schema';
import { SfError, sfError, type Rec, type SfValue, type Store } from './store';
import type { RecordAccess } from './access/sharing';

/** A projected output record, shaped like the REST API's JSON. */
export type OutRecord = Record<string, unknown>;

/** One selected column of a non-aggregate query, for REST nesting and Bulk CSV headers. */
export interface Column {
  /** Dotted header as Bulk 2.0 writes it (Owner.Name). */
  header: string;
  get: (rec: Rec) => SfValue;
}

/** The evaluated query, ready to be paged (REST) or streamed (Bulk 2.0). */
export interface QueryPlan {
  obj: ObjectDef;
  /** True for aggregate queries (GROUP BY or aggregate functions): rows are already projected. */
  aggregate: boolean;
  /** Set for a bare COUNT() query: the count, with no records. */
  count: number | null;
  /** Matched records after ORDER BY, OFFSET and LIMIT (non-aggregate queries). */
  rows: Rec[];
  /** Aggregate result rows (aggregate queries). */
  aggregateRows: OutRecord[];
  /** Projects a matched record to REST JSON. */
  project: (rec: Rec) => OutRecord;
  /** Flat columns (non-aggregate, no subqueries) for CSV. */
  columns: Column[];
  hasSubqueries: boolean;
  /** Output columns of an aggregate query, in select order. */
  aggregateColumns: AggregateColumn[];
  /** Looks up an object of the schema (for column metadata). */
  objectOf: (name: string) => ObjectDef | undefined;
}

/** One output column of an aggregate query: its key, the text it was selected as, and whether it is a function. */
export interface AggregateColumn {
  name: string;
  display: string;
  function: boolean;
}

/** Options for running a query. */
export interface RunOptions {
  includeDeleted?: boolean;
  apiVersion?: string;
}

const malformed = (message: string): SfError => sfError(400, 'MALFORMED_QUERY', message);
const invalidField = (name: string, obj: string): SfError =>
  sfError(
    400,
    'INVALID_FIELD',
    `No such column '${name}' on entity '${obj}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.`
  );

/** A compiled accessor for a field path (Owner.Manager.Name) from one object. */
interface Accessor {
  field: FieldDef;
  /** Relationship hops as the reference fields followed. */
  hops: FieldDef[];
  get: (rec: Rec) => SfValue;
}

/** Evaluation context shared by the compiler functions. */
class Ctx {
  readonly fiscal: FiscalSettings;
  readonly now: Date;
  /** The acting user's access, or null for full access. */
  readonly records: RecordAccess | null;
  constructor(
    readonly store: Store,
    readonly version: string
  ) {
    this.fiscal = store.fiscal();
    this.now = store.now();
    this.records = store.recordAccess();
  }

  /** Refuses an object the acting user cannot read, as Salesforce does for a type it does not know. */
  checkObject(obj: ObjectDef): void {
    if (this.records && !this.records.access.object(obj).read)
      throw sfError(
        400,
        'INVALID_TYPE',
        `sObject type '${obj.name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`
      );
  }

  /** Refuses a field the acting user cannot see (field-level security), as an unknown column. */
  checkField(obj: ObjectDef, f: FieldDef, name: string): void {
    if (this.records && !this.records.access.canReadField(obj, f)) throw invalidField(name, obj.name);
  }

  /** A row filter for records the acting user can read, or null when every row is readable. */
  rowFilter(obj: ObjectDef): ((r: Rec) => boolean) | null {
    const records = this.records;
    if (!records || records.readsAll(obj)) return null;
    return (r) => records.canRead(obj, r);
  }

  /** Compiles a dotted path (optionally prefixed by the object name) to an accessor. */
  accessor(obj: ObjectDef, path: string, alias?: string): Accessor {
    let parts = path.split('.');
    if (parts.length > 1 && (parts[0].toLowerCase() === obj.name.toLowerCase() || parts[0] === alias))
      parts = parts.slice(1);
    const hops: FieldDef[] = [];
    let cur = obj;
    for (let i = 0; i < parts.length - 1; i++) {
      const rel = cur.relationshipMap.get(parts[i].toLowerCase());
      if (!rel)
        throw sfError(
          400,
          'INVALID_FIELD',
          `Didn't understand relationship '${parts[i]}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name.`
        );
      this.checkField(cur, rel, parts[i]);
      hops.push(rel);
      const next = this.store.schema.find(rel.referenceTo[0]);
      if (!next) throw invalidField(parts[i], cur.name);
      this.checkObject(next);
      cur = next;
    }
    const last = parts[parts.length - 1];
    const field = cur.fieldMap.get(last.toLowerCase());
    if (!field) throw invalidField(last, cur.name);
    this.checkField(cur, field, last);
    const terminalObj = cur;
    const store = this.store;
    const leaf = field.summary
      ? (r: Rec): SfValue => store.rollup(terminalObj, field, r)
      : field.calculated && field.sourceType === 'Formula'
        ? (): SfValue => null
        : (r: Rec): SfValue => r[field.name] ?? null;
    if (hops.length === 0) return { field, hops, get: leaf };
    const tables = hops.map((h) => store.table(h.referenceTo[0]).byId);
    const visible = hops.map((h) => this.rowFilter(store.table(h.referenceTo[0]).obj));
    const get = (rec: Rec): SfValue => {
      let r: Rec | undefined = rec;
      for (let i = 0; i < hops.length; i++) {
        const id = r[hops[i].name];
        if (typeof id !== 'string') return null;
        r = tables[i].get(id);
        if (!r || r.IsDeleted) return null;
        const canSee = visible[i];
        if (canSee && !canSee(r)) return null;
      }
      return leaf(r);
    };
    return { field, hops, get };
  }
}

function unquote(raw: string): string {
  if (!/^'.*'$/s.test(raw)) return raw;
  return raw
    .slice(1, -1)
    .replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' })[c] ?? c);
}

type Cmp = (v: SfValue) => boolean;

/** Type class of a field for comparisons. */
function kind(f: FieldDef): 'num' | 'bool' | 'date' | 'datetime' | 'id' | 'text' {
  switch (f.type) {
    case 'double':
    case 'int':
    case 'currency':
    case 'percent':
      return 'num';
    case 'boolean':
      return 'bool';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'id':
    case 'reference':
      return 'id';
    default:
      return 'text';
  }
}

/** Converts one literal to the comparable form for a field kind; date literals become ranges. */
function literal(
  ctx: Ctx,
  k: ReturnType<typeof kind>,
  raw: string,
  type: string | undefined
): { value: SfValue } | { range: [string, string] } {
  const t = (type ?? '').toUpperCase();
  if (t === 'NULL' || raw.toUpperCase() === 'NULL') return { value: null };
  if (t === 'DATE_LITERAL' || t === 'DATE_N_LITERAL') {
    let r;
    try {
      r = dateLiteralRange(raw, ctx.now, ctx.fiscal);
    } catch (e) {
      throw malformed((e as Error).message);
    }
    if (k === 'datetime') return { range: [`${r.start}T00:00:00.000+0000`, `${r.end}T00:00:00.000+0000`] };
    return { range: [r.start, r.end] };
  }
  const text = unquote(raw);
  switch (k) {
    case 'num': {
      const n = Number(text);
      if (!Number.isFinite(n)) throw malformed(`invalid number: ${raw}`);
      return { value: n };
    }
    case 'bool':
      return { value: text.toLowerCase() === 'true' };
    case 'date':
      return { value: text.slice(0, 10) };
    case 'datetime': {
      const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text;
      const ms = Date.parse(iso.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
      if (Number.isNaN(ms)) throw malformed(`invalid datetime: ${raw}`);
      return { value: new Date(ms).toISOString().replace('Z', '+0000') };
    }
    case 'id':
      return { value: normalizeId(text) ?? text };
    default:
      return { value: text.toLowerCase() };
  }
}

function likeToRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) re += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '%') re += '.*';
    else if (c === '_') re += '.';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'is');
}

/** Builds the comparison for one operator against one literal set. */
function comparator(ctx: Ctx, k: ReturnType<typeof kind>, op: string, cond: Condition): Cmp {
  const c = cond as Condition & { value?: string | string[]; literalType?: string | string[] };
  const types = Array.isArray(c.literalType) ? c.literalType : [c.literalType];
  const norm = (v: SfValue): SfValue => (k === 'text' && typeof v === 'string' ? v.toLowerCase() : v);
  const upper = op.toUpperCase();
  if (upper === 'IN' || upper === 'NOT IN') {
    const raws = Array.isArray(c.value) ? c.value : [c.value ?? ''];
    const set = new Set<SfValue>();
    raws.forEach((r, i) => {
      const lit = literal(ctx, k, r, types[i] ?? types[0]);
      if ('value' in lit) set.add(lit.value);
    });
    return upper === 'IN' ? (v) => v !== null && set.has(norm(v)) : (v) => !set.has(norm(v));
  }
  if (upper === 'INCLUDES' || upper === 'EXCLUDES') {
    const raws = (Array.isArray(c.value) ? c.value : [c.value ?? '']).map((r) =>
      unquote(r)
        .split(';')
        .map((s) => s.trim().toLowerCase())
    );
    const test = (v: SfValue): boolean => {
      if (typeof v !== 'string') return false;
      const have = new Set(v.toLowerCase().split(';'));
      return raws.some((all) => all.every((x) => have.has(x)));
    };
    return upper === 'INCLUDES' ? test : (v) => !test(v);
  }
  if (upper === 'LIKE') {
    const re = likeToRegex(unquote(String(c.value)));
    return (v) => v !== null && re.test(String(v));
  }
  const lit = literal(ctx, k, String(c.value), types[0]);
  if ('range' in lit) {
    const [s, e] = lit.range;
    switch (upper) {
      case '=':
        return (v) => v !== null && (v as string) >= s && (v as string) < e;
      case '!=':
      case '<>':
        return (v) => v === null || (v as string) < s || (v as string) >= e;
      case '<':
        return (v) => v !== null && (v as string) < s;
      case '<=':
        return (v) => v !== null && (v as string) < e;
      case '>':
        return (v) => v !== null && (v as string) >= e;
      case '>=':
        return (v) => v !== null && (v as string) >= s;
    }
    throw malformed(`operator ${op} cannot be used with a date literal`);
  }
  const x = lit.value;
  switch (upper) {
    case '=':
      return x === null ? (v) => v === null : (v) => v !== null && norm(v) === x;
    case '!=':
    case '<>':
      return x === null ? (v) => v !== null : (v) => v === null || norm(v) !== x;
    case '<':
      return (v) => v !== null && x !== null && (norm(v) as number) < (x as number);
    case '<=':
      return (v) => v !== null && x !== null && (norm(v) as number) <= (x as number);
    case '>':
      return (v) => v !== null && x !== null && (norm(v) as number) > (x as number);
    case '>=':
      return (v) => v !== null && x !== null && (norm(v) as number) >= (x as number);
  }
  throw malformed(`unexpected operator ${op}`);
}

/** Evaluates a scalar (date) function on a value. */
function scalarFn(ctx: Ctx, name: string, v: SfValue): SfValue {
  if (v === null) return null;
  const d = new Date(
    typeof v === 'string' && v.length === 10 ? `${v}T00:00:00Z` : String(v).replace('+0000', 'Z')
  );
  switch (name.toUpperCase()) {
    case 'CALENDAR_YEAR':
      return d.getUTCFullYear();
    case 'CALENDAR_QUARTER':
      return Math.floor(d.getUTCMonth() / 3) + 1;
    case 'CALENDAR_MONTH':
      return d.getUTCMonth() + 1;
    case 'DAY_IN_MONTH':
      return d.getUTCDate();
    case 'DAY_IN_WEEK':
      return d.getUTCDay() + 1;
    case 'FISCAL_YEAR':
      return fiscalYearOf(d, ctx.fiscal);
    case 'FISCAL_QUARTER':
      return fiscalQuarterOf(d, ctx.fiscal);
    case 'FISCAL_MONTH':
      return fiscalMonthOf(d, ctx.fiscal);
    case 'DAY_ONLY':
      return d.toISOString().slice(0, 10);
  }
  throw malformed(`Unsupported function ${name}`);
}

type Token = '(' | ')' | 'AND' | 'OR' | 'NOT' | Condition;

function tokenize(where: WhereClause | undefined, out: Token[] = []): Token[] {
  let node: WhereClause | undefined = where;
  while (node) {
    const n = node as WhereClause & { left: Condition | null; operator?: string; right?: WhereClause };
    // The parser writes `(NOT (...))` as a left side that holds only its opening parentheses.
    const parensOnly =
      n.left !== null && Object.keys(n.left).every((k) => k === 'openParen' || k === 'closeParen');
    if ((n.left === null || parensOnly) && n.operator === 'NOT') {
      const open = (n.left as { openParen?: number } | null)?.openParen ?? 0;
      for (let i = 0; i < open; i++) out.push('(');
      out.push('NOT');
    } else if (n.left) {
      const c = n.left as Condition & { openParen?: number; closeParen?: number; logicalPrefix?: string };
      for (let i = 0; i < (c.openParen ?? 0); i++) out.push('(');
      if (c.logicalPrefix === 'NOT') out.push('NOT');
      out.push(c);
      for (let i = 0; i < (c.closeParen ?? 0); i++) out.push(')');
      if (n.operator === 'AND' || n.operator === 'OR') out.push(n.operator);
    }
    node = n.right;
  }
  return out;
}

/** Builds a boolean expression tree from the parser's flat condition list (NOT > AND > OR). */
function buildBool<T>(tokens: Token[], leaf: (c: Condition) => (x: T) => boolean): (x: T) => boolean {
  let i = 0;
  const parseOr = (): ((x: T) => boolean) => {
    const parts = [parseAnd()];
    while (tokens[i] === 'OR') {
      i++;
      parts.push(parseAnd());
    }
    return parts.length === 1 ? parts[0] : (x) => parts.some((p) => p(x));
  };
  const parseAnd = (): ((x: T) => boolean) => {
    const parts = [parseNot()];
    while (tokens[i] === 'AND') {
      i++;
      parts.push(parseNot());
    }
    if (parts.length === 1) return parts[0];
    if (parts.length === 2) {
      const [a, b] = parts;
      return (x) => a(x) && b(x);
    }
    return (x) => parts.every((p) => p(x));
  };
  const parseNot = (): ((x: T) => boolean) => {
    if (tokens[i] === 'NOT') {
      i++;
      const inner = parseNot();
      return (x) => !inner(x);
    }
    if (tokens[i] === '(') {
      i++;
      const inner = parseOr();
      if (tokens[i] !== ')') throw malformed('unbalanced parentheses in WHERE');
      i++;
      return inner;
    }
    const t = tokens[i++];
    if (!t || typeof t === 'string') throw malformed('unexpected token in WHERE');
    return leaf(t);
  };
  const out = parseOr();
  if (i !== tokens.length) throw malformed('unexpected token in WHERE');
  return out;
}

/** Compiles a WHERE clause to a record predicate. */
function compileWhere(
  ctx: Ctx,
  obj: ObjectDef,
  where: WhereClause | undefined,
  alias?: string
): ((r: Rec) => boolean) | null {
  if (!where) return null;
  return buildBool<Rec>(tokenize(where), (cond) => {
    const c = cond as Condition & {
      field?: string;
      fn?: FieldFunctionExpression;
      valueQuery?: Query;
      literalType?: string;
      operator: string;
    };
    if (c.valueQuery) {
      const acc = ctx.accessor(obj, c.field as string, alias);
      const sub = runParsed(ctx, c.valueQuery, {});
      const values = new Set<SfValue>();
      const subField = sub.columns[0];
      if (!subField || sub.columns.length !== 1)
        throw malformed('a semi-join subquery selects exactly one field');
      for (const r of sub.rows) values.add(subField.get(r));
      const not = c.operator.toUpperCase() === 'NOT IN';
      return (r) => {
        const v = acc.get(r);
        return not ? !values.has(v) : v !== null && values.has(v);
      };
    }
    if (c.fn) {
      const fn = c.fn;
      const param = asText((fn.parameters ?? [])[0]);
      const acc = ctx.accessor(obj, param, alias);
      const cmp = comparator(
        ctx,
        fn.functionName.toUpperCase() === 'DAY_ONLY' ? 'date' : 'num',
        c.operator,
        cond
      );
      return (r) => cmp(scalarFn(ctx, fn.functionName, acc.get(r)));
    }
    const acc = ctx.accessor(obj, c.field as string, alias);
    const cmp = comparator(ctx, kind(acc.field), c.operator, cond);
    const get = acc.get;
    return (r) => cmp(get(r));
  });
}

/** Compares two values the way ORDER BY does (text case-insensitively). */
function compareValues(a: SfValue, b: SfValue): number {
  if (typeof a === 'string' && typeof b === 'string') {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'boolean' || typeof b === 'boolean') return Number(a) - Number(b);
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

interface OrderKey {
  get: (r: Rec) => SfValue;
  desc: boolean;
  nullsLast: boolean;
}

function sorter<T>(
  keys: { get: (r: T) => SfValue; desc: boolean; nullsLast: boolean }[]
): (a: T, b: T) => number {
  return (a, b) => {
    for (const k of keys) {
      const x = k.get(a);
      const y = k.get(b);
      if (x === y) continue;
      if (x === null) return k.nullsLast ? 1 : -1;
      if (y === null) return k.nullsLast ? -1 : 1;
      const c = compareValues(x, y);
      if (c !== 0) return k.desc ? -c : c;
    }
    return 0;
  };
}

/** Parses SOQL text, mapping parser failures to MALFORMED_QUERY. */
export function parseSoql(soql: string): Query {
  try {
    return parseQuery(soql);
  } catch (e) {
    throw malformed(`unexpected token or syntax error: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** Runs SOQL text against the store. */
export function runSoql(store: Store, soql: string, options: RunOptions = {}): QueryPlan {
  const q = parseSoql(soql);
  return runParsed(new Ctx(store, options.apiVersion ?? '66.0'), q, options);
}

type AnyField = {
  type: string;
  field?: string;
  relationships?: string[];
  functionName?: string;
  parameters?: unknown[];
  alias?: string;
  isAggregateFn?: boolean;
  subquery?: Query & { relationshipName?: string };
  rawValue?: string;
};

function runParsed(ctx: Ctx, q: Query, options: RunOptions): QueryPlan {
  const objName = q.sObject;
  if (!objName) throw malformed('missing FROM');
  const obj = ctx.store.schema.find(objName);
  if (!obj) throw sfError(400, 'INVALID_TYPE', `sObject type '${objName}' is not supported.`);
  ctx.checkObject(obj);
  const canSee = ctx.rowFilter(obj);
  const alias = (q as Query & { sObjectAlias?: string }).sObjectAlias;
  const fields = (q.fields ?? []) as AnyField[];
  const where = compileWhere(ctx, obj, q.where, alias);
  const table = ctx.store.table(obj.name);
  const includeDeleted = options.includeDeleted === true;
  const matched: Rec[] = [];
  const rows = table.rows;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r.IsDeleted && !includeDeleted) continue;
    if (canSee && !canSee(r)) continue;
    if (where && !where(r)) continue;
    matched.push(r);
  }
  const groupBy = (Array.isArray(q.groupBy) ? q.groupBy : q.groupBy ? [q.groupBy] : []) as {
    field?: string;
    fn?: FieldFunctionExpression;
  }[];
  const isAggregate = groupBy.length > 0 || fields.some(isAggregateField);
  const base = {
    obj,
    rows: [] as Rec[],
    aggregateRows: [] as OutRecord[],
    project: (r: Rec): OutRecord => r,
    columns: [] as Column[],
    aggregateColumns: [] as AggregateColumn[],
    hasSubqueries: false,
    objectOf: (name: string) => ctx.store.schema.find(name)
  };
  if (isAggregate) {
    if (
      fields.length === 1 &&
      fields[0].functionName?.toUpperCase() === 'COUNT' &&
      !(fields[0].parameters ?? []).length &&
      !groupBy.length
    ) {
      return { ...base, aggregate: true, count: matched.length };
    }
    return {
      ...base,
      aggregate: true,
      count: null,
      aggregateRows: aggregate(ctx, obj, alias, q, fields, groupBy, matched, base.aggregateColumns)
    };
  }
  const orderBy = (Array.isArray(q.orderBy) ? q.orderBy : q.orderBy ? [q.orderBy] : []) as {
    field?: string;
    order?: string;
    nulls?: string;
  }[];
  if (orderBy.length) {
    const keys: OrderKey[] = orderBy.map((o) => {
      if (!o.field) throw malformed('ORDER BY supports fields only in non-aggregate queries');
      const desc = (o.order ?? 'ASC').toUpperCase() === 'DESC';
      return {
        get: ctx.accessor(obj, o.field, alias).get,
        desc,
        nullsLast: o.nulls ? o.nulls.toUpperCase() === 'LAST' : desc
      };
    });
    matched.sort(sorter(keys));
  }
  const offset = q.offset ?? 0;
  const limited =
    offset || q.limit !== undefined
      ? matched.slice(offset, q.limit !== undefined ? offset + q.limit : undefined)
      : matched;
  const { project, columns, hasSubqueries } = projector(ctx, obj, alias, fields, limited);
  return { ...base, aggregate: false, count: null, rows: limited, project, columns, hasSubqueries };
}

/** Builds the record projector for the selected fields (nested parents, child subqueries). */
function projector(
  ctx: Ctx,
  obj: ObjectDef,
  alias: string | undefined,
  fields: AnyField[],
  parents: Rec[]
): { project: (r: Rec) => OutRecord; columns: Column[]; hasSubqueries: boolean } {
  const version = ctx.version;
  const columns: Column[] = [];
  const writers: ((r: Rec, out: OutRecord) => void)[] = [];
  const attrs = (o: ObjectDef, id: SfValue): Record<string, string> => ({
    type: o.name,
    url: `/services/data/v${version}/sobjects/${o.name}/${String(id)}`
  });
  let hasSubqueries = false;
  for (const f of fields) {
    if (f.type === 'Field' || f.type === 'FieldRelationship') {
      const path = f.type === 'Field' ? (f.field as string) : [...(f.relationships ?? []), f.field].join('.');
      if (path.toUpperCase() === 'FIELDS(ALL)' || path.toUpperCase() === 'FIELDS(STANDARD)')
        throw malformed('FIELDS() is not supported');
      const acc = ctx.accessor(obj, path, alias);
      const header = [...acc.hops.map((h) => h.relationshipName as string), acc.field.name].join('.');
      columns.push({ header, get: acc.get });
      if (acc.hops.length === 0) {
        const name = acc.field.name;
        const get = acc.get;
        writers.push((r, out) => {
          out[name] = get(r);
        });
        continue;
      }
      const hopTables = acc.hops.map((h) => ctx.store.table(h.referenceTo[0]));
      const leafName = acc.field.name;
      const leafAcc = ctx.accessor(hopTables[hopTables.length - 1].obj, leafName);
      const hopVisible = hopTables.map((t) => ctx.rowFilter(t.obj));
      writers.push((r, out) => {
        let src: Rec | undefined = r;
        let dst: OutRecord = out;
        for (let i = 0; i < acc.hops.length; i++) {
          const h = acc.hops[i];
          const relName = h.relationshipName as string;
          const id: SfValue | undefined = src?.[h.name];
          const parent: Rec | undefined = typeof id === 'string' ? hopTables[i].byId.get(id) : undefined;
          if (!parent || parent.IsDeleted || (hopVisible[i] && !hopVisible[i]?.(parent))) {
            if (!(relName in dst)) dst[relName] = null;
            return;
          }
          let nested = dst[relName] as OutRecord | null | undefined;
          if (!nested) {
            nested = { attributes: attrs(hopTables[i].obj, parent.Id) };
            dst[relName] = nested;
          }
          dst = nested;
          src = parent;
        }
        dst[leafName] = leafAcc.get(src);
      });
    } else if (f.type === 'FieldSubquery' && f.subquery) {
      hasSubqueries = true;
      const relName = String(f.subquery.relationshipName ?? '');
      const rel = obj.childRelationships.find(
        (c) => (c.relationshipName ?? '').toLowerCase() === relName.toLowerCase()
      );
      if (!rel)
        throw sfError(
          400,
          'INVALID_TYPE',
          `Didn't understand relationship '${relName}' in FROM part of query call.`
        );
      const sub = runParsed(
        ctx,
        { ...f.subquery, sObject: rel.childSObject, limit: undefined, offset: undefined },
        {}
      );
      const byParent = new Map<string, Rec[]>();
      const wanted = new Set(parents.map((p) => p.Id as string));
      for (const child of sub.rows) {
        const pid = child[rel.field];
        if (typeof pid !== 'string' || !wanted.has(pid)) continue;
        const list = byParent.get(pid);
        if (list) list.push(child);
        else byParent.set(pid, [child]);
      }
      const lim = f.subquery.limit;
      const outName = rel.relationshipName as string;
      writers.push((r, out) => {
        let kids = byParent.get(r.Id as string) ?? [];
        if (lim !== undefined) kids = kids.slice(0, lim);
        out[outName] = kids.length
          ? { totalSize: kids.length, done: true, records: kids.map(sub.project) }
          : null;
      });
    } else if (f.type === 'FieldFunctionExpression') {
      throw malformed(`${f.rawValue ?? f.functionName}: functions need GROUP BY or an aggregate query`);
    } else {
      throw malformed(`unsupported select item ${f.type}`);
    }
  }
  const project = (r: Rec): OutRecord => {
    const out: OutRecord = { attributes: attrs(obj, r.Id) };
    for (const w of writers) w(r, out);
    return out;
  };
  return { project, columns, hasSubqueries };
}

const AGGREGATES = new Set(['COUNT', 'COUNT_DISTINCT', 'SUM', 'AVG', 'MIN', 'MAX']);

/** Whether a select item is an aggregate function (the parser also flags date functions). */
function isAggregateField(f: AnyField): boolean {
  return f.type === 'FieldFunctionExpression' && AGGREGATES.has(String(f.functionName).toUpperCase());
}

interface AggSpec {
  fn: string;
  get: ((r: Rec) => SfValue) | null;
}

function aggregateKey(fn: { functionName: string; parameters?: unknown[] }): string {
  return `${fn.functionName.toUpperCase()}(${asText((fn.parameters ?? [])[0]).toLowerCase()})`;
}

/** Evaluates GROUP BY and aggregate functions over matched records. */
function aggregate(
  ctx: Ctx,
  obj: ObjectDef,
  alias: string | undefined,
  q: Query,
  fields: AnyField[],
  groupBy: { field?: string; fn?: FieldFunctionExpression }[],
  matched: Rec[],
  columnsOut: AggregateColumn[]
): OutRecord[] {
  const groupGets = groupBy.map((g) => {
    if (g.fn) {
      const acc = ctx.accessor(obj, asText((g.fn.parameters ?? [])[0]), alias);
      const name = g.fn.functionName;
      return { key: aggregateKey(g.fn), get: (r: Rec) => scalarFn(ctx, name, acc.get(r)) };
    }
    const acc = ctx.accessor(obj, g.field as string, alias);
    return { key: (g.field as string).toLowerCase(), get: acc.get };
  });
  const specs = new Map<string, AggSpec>();
  const scales = new Map<string, number>();
  const addSpec = (fn: { functionName: string; parameters?: unknown[] }): string => {
    const key = aggregateKey(fn);
    if (!specs.has(key)) {
      const param = (fn.parameters ?? [])[0];
      const name = fn.functionName.toUpperCase();
      if (!AGGREGATES.has(name)) throw malformed(`Unknown aggregate ${name}`);
      const get = param === undefined ? null : ctx.accessor(obj, asText(param), alias).get;
      if ((name === 'SUM' || name === 'AVG') && param !== undefined) {
        const f = ctx.accessor(obj, asText(param), alias).field;
        if (kind(f) !== 'num') throw malformed(`field ${f.name} does not support aggregate operator ${name}`);
        if (name === 'SUM') scales.set(key, f.scale);
      }
      specs.set(key, { fn: name, get });
    }
    return key;
  };
  type Out = { name: string; from: 'group' | 'agg'; key: string; index: number };
  const outs: Out[] = [];
  let expr = 0;
  for (const f of fields) {
    if (f.type === 'FieldFunctionExpression') {
      const name = f.alias ?? `expr${expr++}`;
      columnsOut.push({ name, display: f.rawValue ?? name, function: true });
      if (isAggregateField(f))
        outs.push({
          name,
          from: 'agg',
          key: addSpec(f as { functionName: string; parameters?: unknown[] }),
          index: -1
        });
      else {
        const key = aggregateKey(f as { functionName: string; parameters?: unknown[] });
        const gi = groupGets.findIndex((g) => g.key === key);
        if (gi < 0) throw malformed(`${f.rawValue}: a function in SELECT must also be in GROUP BY`);
        outs.push({ name, from: 'group', key, index: gi });
      }
    } else if (f.type === 'Field' || f.type === 'FieldRelationship') {
      const path = f.type === 'Field' ? (f.field as string) : [...(f.relationships ?? []), f.field].join('.');
      const gi = groupGets.findIndex((g) => g.key === path.toLowerCase());
      if (gi < 0) throw malformed(`Field must be grouped or aggregated: ${path}`);
      outs.push({ name: path.split('.').pop() as string, from: 'group', key: path, index: gi });
      columnsOut.push({ name: path.split('.').pop() as string, display: path, function: false });
    } else throw malformed(`unsupported select item in an aggregate query: ${f.type}`);
  }
  // aggregates referenced only by HAVING or ORDER BY
  const havingTokens = q.having ? tokenize(q.having) : [];
  for (const t of havingTokens)
    if (typeof t !== 'string' && (t as Condition & { fn?: FieldFunctionExpression }).fn)
      addSpec((t as Condition & { fn: FieldFunctionExpression }).fn);
  const orderBy = (Array.isArray(q.orderBy) ? q.orderBy : q.orderBy ? [q.orderBy] : []) as {
    field?: string;
    fn?: FieldFunctionExpression;
    order?: string;
    nulls?: string;
  }[];
  for (const o of orderBy) if (o.fn && AGGREGATES.has(o.fn.functionName.toUpperCase())) addSpec(o.fn);

  const specList = [...specs.entries()];
  type Group = { keys: SfValue[]; state: (number | SfValue | Set<SfValue>)[]; counts: number[] };
  const groups = new Map<unknown, Group>();
  const single = groupGets.length === 1 ? groupGets[0].get : null;
  const fns = specList.map(([, s]) => s);
  for (let i = 0; i < matched.length; i++) {
    const r = matched[i];
    let key: unknown;
    let keys: SfValue[];
    if (single) {
      const v = single(r);
      key = v;
      keys = [v];
    } else {
      keys = groupGets.map((g) => g.get(r));
      key = groupGets.length ? JSON.stringify(keys) : '';
    }
    let g = groups.get(key);
    if (!g) {
      g = {
        keys,
        state: fns.map((s) => (s.fn === 'COUNT_DISTINCT' ? new Set<SfValue>() : null)),
        counts: fns.map(() => 0)
      };
      groups.set(key, g);
    }
    for (let j = 0; j < fns.length; j++) {
      const s = fns[j];
      if (s.fn === 'COUNT' && !s.get) {
        g.counts[j]++;
        continue;
      }
      const v = (s.get as (r: Rec) => SfValue)(r);
      if (v === null || v === undefined) continue;
      g.counts[j]++;
      switch (s.fn) {
        case 'SUM':
        case 'AVG':
          g.state[j] = ((g.state[j] as number | null) ?? 0) + (v as number);
          break;
        case 'MIN':
          if (g.state[j] === null || compareValues(v, g.state[j] as SfValue) < 0) g.state[j] = v;
          break;
        case 'MAX':
          if (g.state[j] === null || compareValues(v, g.state[j] as SfValue) > 0) g.state[j] = v;
          break;
        case 'COUNT_DISTINCT':
          (g.state[j] as Set<SfValue>).add(v);
          break;
      }
    }
  }
  if (groupGets.length === 0 && groups.size === 0) {
    groups.set('', {
      keys: [],
      state: fns.map((s) => (s.fn === 'COUNT_DISTINCT' ? new Set<SfValue>() : null)),
      counts: fns.map(() => 0)
    });
  }
  const result = (g: Group, key: string): SfValue => {
    const j = specList.findIndex(([k]) => k === key);
    const s = fns[j];
    switch (s.fn) {
      case 'COUNT':
        return g.counts[j];
      case 'COUNT_DISTINCT':
        return (g.state[j] as Set<SfValue>).size;
      case 'AVG':
        return g.counts[j] ? (g.state[j] as number) / g.counts[j] : null;
      case 'SUM': {
        const scale = scales.get(key) ?? 0;
        const v = g.state[j] as number | null;
        return v === null ? null : Math.round(v * 10 ** scale) / 10 ** scale;
      }
      default:
        return g.state[j] as SfValue;
    }
  };
  let list = [...groups.values()];
  if (havingTokens.length) {
    const pred = buildBool<Group>(havingTokens, (cond) => {
      const c = cond as Condition & { fn?: FieldFunctionExpression; field?: string; operator: string };
      if (c.fn) {
        const key = aggregateKey(c.fn);
        const cmp = comparator(ctx, 'num', c.operator, cond);
        return (g) => cmp(result(g, key));
      }
      const gi = groupGets.findIndex((gg) => gg.key === String(c.field).toLowerCase());
      if (gi < 0) throw malformed(`HAVING field ${c.field} must be grouped`);
      const cmp = comparator(ctx, kind(ctx.accessor(obj, String(c.field), alias).field), c.operator, cond);
      return (g) => cmp(typeof g.keys[gi] === 'string' ? g.keys[gi] : g.keys[gi]);
    });
    list = list.filter(pred);
  }
  if (orderBy.length) {
    const keys = orderBy.map((o) => {
      const desc = (o.order ?? 'ASC').toUpperCase() === 'DESC';
      const nullsLast = o.nulls ? o.nulls.toUpperCase() === 'LAST' : desc;
      if (o.fn) {
        const key = aggregateKey(o.fn);
        if (specs.has(key)) return { get: (g: Group) => result(g, key), desc, nullsLast };
        const gi = groupGets.findIndex((gg) => gg.key === key);
        if (gi < 0) throw malformed(`ORDER BY ${key} must be grouped or aggregated`);
        return { get: (g: Group) => g.keys[gi], desc, nullsLast };
      }
      const gi = groupGets.findIndex((gg) => gg.key === String(o.field).toLowerCase());
      if (gi < 0) throw malformed(`ORDER BY field ${o.field} must be grouped`);
      return { get: (g: Group) => g.keys[gi], desc, nullsLast };
    });
    list.sort(sorter(keys));
  }
  const offset = q.offset ?? 0;
  if (offset || q.limit !== undefined)
    list = list.slice(offset, q.limit !== undefined ? offset + q.limit : undefined);
  return list.map((g) => {
    const out: OutRecord = { attributes: { type: 'AggregateResult' } };
    for (const o of outs) out[o.name] = o.from === 'group' ? g.keys[o.index] : result(g, o.key);
    return out;
  });
}
