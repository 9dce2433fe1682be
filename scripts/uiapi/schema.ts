/**
 * The UI API GraphQL schema of the package, generated from its object metadata:
 * `uiapi { query { <Object>(where, orderBy, first, after, scope) { edges { node } pageInfo totalCount } } }`,
 * `uiapi { objectInfos }` and the API 66.0 mutations `uiapi(input: { allOrNone }) { <Object>Create / Update / Delete }`.
 * `npm run validate` checks component queries against `buildGraphQLSchema`; the local org executes
 * against `schemaFor(schema)`, its resolvers reaching the data through the context's `UiApiEngine`,
 * so this module depends on no implementation of the data.
 */
import * as path from 'node:path';
import {
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLError,
  GraphQLID,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLInterfaceType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLString,
  GraphQLUnionType,
  Kind,
  valueFromASTUntyped,
  type GraphQLFieldConfig,
  type GraphQLFieldConfigArgumentMap,
  type GraphQLFieldConfigMap,
  type GraphQLInputFieldConfigMap,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLResolveInfo
} from 'graphql';
import { normalizeId } from '../metadata/ids';
import { loadSchema, type FieldDef, type ObjectDef, type Schema } from '../metadata/schema';
import { canonicalDateTime, isoDateTime } from '../metadata/dateTime';
import {
  DATE_LITERALS,
  DATE_RANGES,
  filterError,
  filterKind,
  group,
  isPolymorphic,
  orderToSoql,
  soqlString,
  whereToSoql
} from './soqlFilter';

/** A stored record: field API name to value. */
export type Rec = Record<string, string | number | boolean | null>;

/**
 * What the resolvers need from the data behind the schema (the local org implements it): queries,
 * reads, formatted values and writes, as the context user. Errors it throws must already be
 * GraphQL errors or pass through `error`.
 */
export interface UiApiEngine {
  /** The context user's Id. */
  currentUserId: string;
  /** Runs a SOQL query as the context user. */
  select(soql: string): Rec[];
  /** A live record by Id, with its object. */
  getById(id: string): { obj: ObjectDef; rec: Rec } | undefined;
  /** A live record of an object by Id. */
  get(object: string, id: string): Rec | undefined;
  /** A field's raw value (stored, or a computed roll-up). */
  rawValue(obj: ObjectDef, f: FieldDef, rec: Rec): unknown;
  /** A field's `{ value, displayValue, label }`. */
  fieldValue(obj: ObjectDef, f: FieldDef, rec: Rec): unknown;
  /** Runs writes atomically: all or none. */
  transaction<T>(fn: () => T): T;
  create(object: string, body: Record<string, unknown>): string;
  update(object: string, id: string, body: Record<string, unknown>): void;
  delete(object: string, id: string): void;
  /** Turns an error the engine threw into the GraphQL error the API returns. */
  error(err: unknown): unknown;
}

/** Per-request state the resolvers share. */
export interface GraphQLContext {
  engine: UiApiEngine;
  /** The request's variables as sent (key order kept, for orderBy). */
  rawVariables: Record<string, unknown>;
  /** Mutation operation alias to the Id it created or changed, for `@{alias}` references. */
  refs: Map<string, string>;
  /** Aliases of mutation operations that failed. */
  failed: Set<string>;
  /** Record queries run so far (the API allows 10 per request). */
  queries: number;
}

/** Builds a fresh context for one request. */
export function newContext(engine: UiApiEngine, rawVariables: Record<string, unknown> = {}): GraphQLContext {
  return { engine, rawVariables, refs: new Map(), failed: new Set(), queries: 0 };
}

/** Default and maximum page sizes of a record connection. */
export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 2000;
/** Record queries (top-level object fields) allowed in one request. */
export const MAX_QUERIES = 10;

/** A record as a GraphQL node; `batch` holds the other records of its page, to load children in one go. */
interface Node {
  obj: ObjectDef;
  rec: Rec;
  batch: Batch;
}

interface Batch {
  recs: Rec[];
  children: Map<string, Map<string, Rec[]>>;
}

/** One page of a connection. */
interface Page {
  obj: ObjectDef;
  rows: Rec[];
  offset: number;
  total: number;
}

const CURSOR_PREFIX = 'lo1:';

/** Opaque cursor of the record at a zero-based position of a result. */
export function encodeCursor(position: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${position}`).toString('base64');
}

/** The position a cursor stands for; a ValidationError for anything this server did not issue. */
export function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  const n = text.startsWith(CURSOR_PREFIX) ? Number(text.slice(CURSOR_PREFIX.length)) : NaN;
  if (!Number.isInteger(n) || n < 0) throw filterError(`Invalid cursor: ${cursor}`);
  return n;
}

function inspectValue(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** A scalar carried as a JSON string, optionally checked. */
function stringScalar(name: string, description: string, test?: (s: string) => boolean): GraphQLScalarType {
  const check = (v: unknown): string => {
    if (typeof v !== 'string' || (test && !test(v)))
      throw new GraphQLError(`${name} cannot represent ${inspectValue(v)}`);
    return v;
  };
  return new GraphQLScalarType({
    name,
    description,
    serialize: (v) => v,
    parseValue: check,
    parseLiteral: (ast) => {
      if (ast.kind !== Kind.STRING) throw new GraphQLError(`${name} cannot represent a non-string value`);
      return check(ast.value);
    }
  });
}

/** A scalar carried as a JSON number. */
function numberScalar(name: string, description: string, integer = false): GraphQLScalarType {
  const check = (v: unknown): number => {
    if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isInteger(v)))
      throw new GraphQLError(`${name} cannot represent ${inspectValue(v)}`);
    return v;
  };
  return new GraphQLScalarType({
    name,
    description,
    serialize: (v) => v,
    parseValue: check,
    parseLiteral: (ast) => {
      if (ast.kind === Kind.INT || (!integer && ast.kind === Kind.FLOAT)) return check(Number(ast.value));
      throw new GraphQLError(`${name} cannot represent a non-${integer ? 'integer' : 'numeric'} value`);
    }
  });
}

const REF_RE = /^@\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

/** The shared scalars, value types, operator inputs and paging types of one schema. */
function commonTypes() {
  const s = {
    Date: stringScalar('Date', 'A calendar date, YYYY-MM-DD.', (v) => /^\d{4}-\d{2}-\d{2}$/.test(v)),
    DateTime: stringScalar('DateTime', 'An ISO 8601 date and time.', (v) => canonicalDateTime(v) !== null),
    Double: numberScalar('Double', 'A floating-point number.'),
    Long: numberScalar('Long', 'A 64-bit whole number.', true),
    Currency: numberScalar('Currency', 'An amount of money in the org currency.'),
    Percent: numberScalar('Percent', 'A percentage (12.5 is 12.5%).'),
    Email: stringScalar('Email', 'An email address.'),
    Url: stringScalar('Url', 'A URL.'),
    PhoneNumber: stringScalar('PhoneNumber', 'A phone number.'),
    Picklist: stringScalar('Picklist', 'A picklist value (its API name).'),
    MultiPicklist: stringScalar('MultiPicklist', 'Picklist values separated by semicolons.'),
    TextArea: stringScalar('TextArea', 'Text of a text area field.'),
    LongTextArea: stringScalar('LongTextArea', 'Text of a long text area field.'),
    RichTextArea: stringScalar('RichTextArea', 'HTML of a rich text area field.'),
    IdOrRef: stringScalar(
      'IdOrRef',
      'A record Id, or @{alias} for the Id of an earlier operation of the same mutation.',
      (v) => normalizeId(v) !== null || REF_RE.test(v)
    )
  };
  const FieldValue = new GraphQLInterfaceType({
    name: 'FieldValue',
    description: 'A field of a record, with its formatted display text.',
    fields: { displayValue: { type: GraphQLString } }
  });
  const valueType = (name: string, scalar: GraphQLScalarType, withLabel = false): GraphQLObjectType =>
    new GraphQLObjectType({
      name,
      interfaces: [FieldValue],
      fields: {
        value: { type: scalar },
        displayValue: { type: GraphQLString },
        ...(withLabel ? { label: { type: GraphQLString } } : {})
      }
    });
  const values = {
    IDValue: valueType('IDValue', GraphQLID),
    StringValue: valueType('StringValue', GraphQLString),
    TextAreaValue: valueType('TextAreaValue', s.TextArea),
    LongTextAreaValue: valueType('LongTextAreaValue', s.LongTextArea),
    RichTextAreaValue: valueType('RichTextAreaValue', s.RichTextArea),
    EmailValue: valueType('EmailValue', s.Email),
    UrlValue: valueType('UrlValue', s.Url),
    PhoneNumberValue: valueType('PhoneNumberValue', s.PhoneNumber),
    IntValue: valueType('IntValue', GraphQLInt),
    DoubleValue: valueType('DoubleValue', s.Double),
    CurrencyValue: valueType('CurrencyValue', s.Currency),
    PercentValue: valueType('PercentValue', s.Percent),
    BooleanValue: valueType('BooleanValue', GraphQLBoolean),
    DateValue: valueType('DateValue', s.Date),
    DateTimeValue: valueType('DateTimeValue', s.DateTime),
    PicklistValue: valueType('PicklistValue', s.Picklist, true),
    MultiPicklistValue: valueType('MultiPicklistValue', s.MultiPicklist, true)
  };
  const DateLiteral = new GraphQLEnumType({
    name: 'DateLiteral',
    values: Object.fromEntries(DATE_LITERALS.map((l) => [l, { value: l }]))
  });
  const DateRange = new GraphQLInputObjectType({
    name: 'DateRange',
    description: 'A range relative to today; give exactly one.',
    fields: Object.fromEntries(DATE_RANGES.map((r) => [r, { type: GraphQLInt }]))
  });
  const dateInput = (name: string, scalar: GraphQLScalarType): GraphQLInputObjectType =>
    new GraphQLInputObjectType({
      name,
      description: 'Exactly one of value (null tests for null), literal or range.',
      fields: { value: { type: scalar }, literal: { type: DateLiteral }, range: { type: DateRange } }
    });
  const DateInput = dateInput('DateInput', s.Date);
  const DateTimeInput = dateInput('DateTimeInput', s.DateTime);
  const operators = (name: string, t: GraphQLInputType, ops: string[]): GraphQLInputObjectType =>
    new GraphQLInputObjectType({
      name,
      fields: Object.fromEntries(
        ops.map((op) => [
          op,
          {
            type:
              op === 'in' || op === 'nin' || op === 'includes' || op === 'excludes' ? new GraphQLList(t) : t
          }
        ])
      )
    });
  const ordered = ['eq', 'ne', 'lt', 'gt', 'lte', 'gte', 'in', 'nin'];
  const text = [...ordered, 'like'];
  const ops = {
    IDOperators: operators('IDOperators', GraphQLID, ordered),
    StringOperators: operators('StringOperators', GraphQLString, text),
    TextAreaOperators: operators('TextAreaOperators', s.TextArea, text),
    EmailOperators: operators('EmailOperators', s.Email, text),
    UrlOperators: operators('UrlOperators', s.Url, text),
    PhoneNumberOperators: operators('PhoneNumberOperators', s.PhoneNumber, text),
    PicklistOperators: operators('PicklistOperators', s.Picklist, text),
    MultiPicklistOperators: operators('MultiPicklistOperators', s.MultiPicklist, [
      'eq',
      'ne',
      'includes',
      'excludes'
    ]),
    IntegerOperators: operators('IntegerOperators', GraphQLInt, ordered),
    DoubleOperators: operators('DoubleOperators', s.Double, ordered),
    CurrencyOperators: operators('CurrencyOperators', s.Currency, ordered),
    PercentOperators: operators('PercentOperators', s.Percent, ordered),
    BooleanOperators: operators('BooleanOperators', GraphQLBoolean, ['eq', 'ne']),
    DateOperators: operators('DateOperators', DateInput, ordered),
    DateTimeOperators: operators('DateTimeOperators', DateTimeInput, ordered)
  };
  const ResultOrder = new GraphQLEnumType({
    name: 'ResultOrder',
    values: { ASC: { value: 'ASC' }, DESC: { value: 'DESC' } }
  });
  const NullOrder = new GraphQLEnumType({
    name: 'NullOrder',
    values: { FIRST: { value: 'FIRST' }, LAST: { value: 'LAST' } }
  });
  const OrderByClause = new GraphQLInputObjectType({
    name: 'OrderByClause',
    fields: { order: { type: ResultOrder }, nulls: { type: NullOrder } }
  });
  const PageInfo = new GraphQLObjectType({
    name: 'PageInfo',
    fields: {
      hasNextPage: { type: new GraphQLNonNull(GraphQLBoolean) },
      hasPreviousPage: { type: new GraphQLNonNull(GraphQLBoolean) },
      startCursor: { type: GraphQLString },
      endCursor: { type: GraphQLString }
    }
  });
  const Scope = new GraphQLEnumType({
    name: 'RecordScope',
    description:
      'EVERYTHING (default), MINE (owned by the current user), TEAM (owned by users who report to them).',
    values: { EVERYTHING: { value: 'EVERYTHING' }, MINE: { value: 'MINE' }, TEAM: { value: 'TEAM' } }
  });
  const Record = new GraphQLInterfaceType({
    name: 'Record',
    description: 'Fields every record has.',
    fields: {
      Id: { type: new GraphQLNonNull(GraphQLID) },
      ApiName: { type: new GraphQLNonNull(GraphQLString) },
      WeakEtag: { type: new GraphQLNonNull(s.Long) },
      DisplayValue: { type: GraphQLString },
      LastModifiedDate: { type: values.DateTimeValue },
      SystemModstamp: { type: values.DateTimeValue }
    }
  });
  return { scalars: s, FieldValue, values, ops, OrderByClause, PageInfo, Scope, Record };
}

type Common = ReturnType<typeof commonTypes>;
type ValueTypeName = keyof Common['values'];

/** The UI API value type of a field. */
function valueTypeName(f: FieldDef): ValueTypeName {
  switch (f.type) {
    case 'id':
    case 'reference':
      return 'IDValue';
    case 'textarea':
      return f.sourceType === 'LongTextArea'
        ? 'LongTextAreaValue'
        : f.sourceType === 'Html'
          ? 'RichTextAreaValue'
          : 'TextAreaValue';
    case 'email':
      return 'EmailValue';
    case 'url':
      return 'UrlValue';
    case 'phone':
      return 'PhoneNumberValue';
    case 'int':
      return 'IntValue';
    case 'double':
      return 'DoubleValue';
    case 'currency':
      return 'CurrencyValue';
    case 'percent':
      return 'PercentValue';
    case 'boolean':
      return 'BooleanValue';
    case 'date':
      return 'DateValue';
    case 'datetime':
      return 'DateTimeValue';
    case 'picklist':
      return 'PicklistValue';
    case 'multipicklist':
      return 'MultiPicklistValue';
    default:
      return 'StringValue';
  }
}

/** The operator input type that filters a field (the value type's name with Operators). */
function operatorsName(f: FieldDef): keyof Common['ops'] {
  if (f.type === 'int') return 'IntegerOperators';
  return `${valueTypeName(f).replace(/Value$/, '')}Operators` as keyof Common['ops'];
}

/** The input scalar a mutation takes for a field. */
function inputType(c: Common, f: FieldDef): GraphQLInputType {
  const s = c.scalars;
  switch (f.type) {
    case 'id':
    case 'reference':
      return s.IdOrRef;
    case 'textarea':
      return f.sourceType === 'LongTextArea'
        ? s.LongTextArea
        : f.sourceType === 'Html'
          ? s.RichTextArea
          : s.TextArea;
    case 'email':
      return s.Email;
    case 'url':
      return s.Url;
    case 'phone':
      return s.PhoneNumber;
    case 'int':
      return GraphQLInt;
    case 'double':
      return s.Double;
    case 'currency':
      return s.Currency;
    case 'percent':
      return s.Percent;
    case 'boolean':
      return GraphQLBoolean;
    case 'date':
      return s.Date;
    case 'datetime':
      return s.DateTime;
    case 'picklist':
      return s.Picklist;
    case 'multipicklist':
      return s.MultiPicklist;
    default:
      return GraphQLString;
  }
}

/** The untyped value of an argument as written, in a literal, a variable or its default (key order kept), for orderBy. */
function writtenArgument(info: GraphQLResolveInfo, name: string, ctx: GraphQLContext): unknown {
  const arg = info.fieldNodes[0]?.arguments?.find((a) => a.name.value === name);
  if (!arg) return undefined;
  if (arg.value.kind === Kind.VARIABLE && !(arg.value.name.value in ctx.rawVariables)) {
    const variable = arg.value.name.value;
    const def = info.operation.variableDefinitions?.find((d) => d.variable.name.value === variable);
    return def?.defaultValue ? valueFromASTUntyped(def.defaultValue) : undefined;
  }
  return valueFromASTUntyped(arg.value, ctx.rawVariables);
}

/** Clamps and checks a page size. */
function pageSize(first: unknown): number {
  if (first === undefined || first === null) return DEFAULT_PAGE_SIZE;
  if (typeof first !== 'number' || !Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE)
    throw filterError(
      `first must be a whole number from 0 to ${MAX_PAGE_SIZE}, got ${JSON.stringify(first)}`
    );
  return first;
}

/** Runs a SOQL text with store errors mapped to GraphQL errors. */
function select(ctx: GraphQLContext, soql: string): Rec[] {
  try {
    return ctx.engine.select(soql);
  } catch (err) {
    throw ctx.engine.error(err);
  }
}

/** Builds the GraphQL schema over an object schema. */
function build(schema: Schema): GraphQLSchema {
  const c = commonTypes();
  const objects = schema.list();
  const objectTypes = new Map<string, GraphQLObjectType>();
  const connections = new Map<string, GraphQLObjectType>();
  const filters = new Map<string, GraphQLInputObjectType>();
  const orderBys = new Map<string, GraphQLInputObjectType>();
  const unions = new Map<string, GraphQLUnionType>();
  const polyFilters = new Map<string, GraphQLInputObjectType>();

  // Semi-joins and anti-joins (`inq`, `ninq`) on Id and reference fields: a subquery on any object
  // (one key naming it, its filter as the value) and ApiName, the Id or reference field it selects.
  const JoinInput: GraphQLInputObjectType = new GraphQLInputObjectType({
    name: 'JoinInput',
    description:
      'A semi-join or anti-join subquery: one object with its filter, and ApiName, the field it selects.',
    fields: () => ({
      ...Object.fromEntries(objects.map((o) => [o.name, { type: filterType(o) }])),
      ApiName: { type: GraphQLString }
    })
  });
  const idOperators = c.ops.IDOperators.getFields();
  c.ops.IDOperators = new GraphQLInputObjectType({
    name: 'IDOperators',
    fields: () => ({
      ...Object.fromEntries(Object.values(idOperators).map((f) => [f.name, { type: f.type }])),
      inq: { type: JoinInput },
      ninq: { type: JoinInput }
    })
  });

  const objectType = (name: string): GraphQLObjectType =>
    objectTypes.get(name.toLowerCase()) as GraphQLObjectType;
  const parentsOf = (f: FieldDef): ObjectDef[] =>
    f.referenceTo.map((t) => schema.find(t)).filter((o): o is ObjectDef => o !== undefined);

  const filterType = (obj: ObjectDef): GraphQLInputObjectType => {
    const existing = filters.get(obj.name);
    if (existing) return existing;
    const t: GraphQLInputObjectType = new GraphQLInputObjectType({
      name: `${obj.name}_Filter`,
      fields: () => {
        const out: GraphQLInputFieldConfigMap = {};
        for (const f of obj.fields) {
          if (filterKind(f)) out[f.name] = { type: c.ops[operatorsName(f)] };
          if (f.type === 'reference' && f.relationshipName) {
            const parents = parentsOf(f);
            if (parents.length === 0) continue;
            out[f.relationshipName] = {
              type: isPolymorphic(f) ? polyFilterType(obj, f, parents) : filterType(parents[0])
            };
          }
        }
        out.and = { type: new GraphQLList(t) };
        out.or = { type: new GraphQLList(t) };
        out.not = { type: t };
        return out;
      }
    });
    filters.set(obj.name, t);
    return t;
  };

  const polyFilterType = (obj: ObjectDef, f: FieldDef, parents: ObjectDef[]): GraphQLInputObjectType => {
    const name = `${obj.name}_${f.relationshipName}_Filters`;
    const existing = polyFilters.get(name);
    if (existing) return existing;
    const t = new GraphQLInputObjectType({
      name,
      description: `Filters on ${f.relationshipName}, one per object it can point at.`,
      fields: () => Object.fromEntries(parents.map((p) => [p.name, { type: filterType(p) }]))
    });
    polyFilters.set(name, t);
    return t;
  };

  const orderByType = (obj: ObjectDef): GraphQLInputObjectType => {
    const existing = orderBys.get(obj.name);
    if (existing) return existing;
    const t: GraphQLInputObjectType = new GraphQLInputObjectType({
      name: `${obj.name}_OrderBy`,
      fields: () => {
        const out: GraphQLInputFieldConfigMap = {};
        for (const f of obj.fields) {
          if (filterKind(f) && f.type !== 'multipicklist') out[f.name] = { type: c.OrderByClause };
          if (f.type === 'reference' && f.relationshipName && !isPolymorphic(f)) {
            const parent = parentsOf(f)[0];
            if (parent) out[f.relationshipName] = { type: orderByType(parent) };
          }
        }
        return out;
      }
    });
    orderBys.set(obj.name, t);
    return t;
  };

  const connectionType = (obj: ObjectDef): GraphQLObjectType => {
    const existing = connections.get(obj.name);
    if (existing) return existing;
    const edge = new GraphQLObjectType({
      name: `${obj.name}Edge`,
      fields: () => ({
        node: { type: objectType(obj.name) },
        cursor: { type: new GraphQLNonNull(GraphQLString) }
      })
    });
    const t = new GraphQLObjectType({
      name: `${obj.name}Connection`,
      fields: () => ({
        edges: {
          type: new GraphQLList(edge),
          resolve: (page: Page) => {
            const batch: Batch = { recs: page.rows, children: new Map() };
            return page.rows.map((rec, i) => ({
              cursor: encodeCursor(page.offset + i),
              node: { obj: page.obj, rec, batch }
            }));
          }
        },
        pageInfo: {
          type: new GraphQLNonNull(c.PageInfo),
          resolve: (page: Page) => ({
            hasNextPage: page.offset + page.rows.length < page.total,
            hasPreviousPage: page.offset > 0,
            startCursor: page.rows.length ? encodeCursor(page.offset) : null,
            endCursor: page.rows.length ? encodeCursor(page.offset + page.rows.length - 1) : null
          })
        },
        totalCount: { type: new GraphQLNonNull(GraphQLInt), resolve: (page: Page) => page.total }
      })
    });
    connections.set(obj.name, t);
    return t;
  };

  /** Cuts one page out of an ordered result. */
  const pageOf = (obj: ObjectDef, rows: Rec[], args: { first?: unknown; after?: unknown }): Page => {
    const size = pageSize(args.first);
    const offset = typeof args.after === 'string' ? decodeCursor(args.after) + 1 : 0;
    return { obj, rows: rows.slice(offset, offset + size), offset, total: rows.length };
  };

  const orderClause = (
    obj: ObjectDef,
    args: Record<string, unknown>,
    info: GraphQLResolveInfo,
    ctx: GraphQLContext
  ): string => {
    // the written form keeps key order; a variable's default value only exists coerced
    const items = orderToSoql(schema, obj, writtenArgument(info, 'orderBy', ctx) ?? args.orderBy);
    return [...items, 'Id ASC'].join(', ');
  };

  const connectionArgs = (obj: ObjectDef, top: boolean): GraphQLFieldConfigArgumentMap => ({
    first: {
      type: GraphQLInt,
      description: `Page size (default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}).`
    },
    after: { type: GraphQLString, description: 'The endCursor of the previous page.' },
    where: { type: filterType(obj) },
    orderBy: { type: orderByType(obj) },
    ...(top && obj.owned ? { scope: { type: c.Scope } } : {})
  });

  const recordQuery = (obj: ObjectDef): GraphQLFieldConfig<unknown, GraphQLContext> => ({
    type: connectionType(obj),
    args: connectionArgs(obj, true),
    resolve: (_src, args: Record<string, unknown>, ctx, info) => {
      if (++ctx.queries > MAX_QUERIES)
        throw filterError(
          `A request can query at most ${MAX_QUERIES} objects; split it into several requests.`
        );
      const conditions: string[] = [];
      const where = whereToSoql(schema, obj, args.where);
      if (where) conditions.push(where);
      if (args.scope === 'MINE') conditions.push(`OwnerId = ${soqlString(ctx.engine.currentUserId)}`);
      if (args.scope === 'TEAM') conditions.push(`Owner.ManagerId = ${soqlString(ctx.engine.currentUserId)}`);
      const whereText = conditions.length ? ` WHERE ${conditions.map(group).join(' AND ')}` : '';
      const rows = select(
        ctx,
        `SELECT Id FROM ${obj.name}${whereText} ORDER BY ${orderClause(obj, args, info, ctx)}`
      );
      return pageOf(obj, rows, args);
    }
  });

  const childConnection = (
    child: ObjectDef,
    fieldName: string
  ): GraphQLFieldConfig<Node, GraphQLContext> => ({
    type: connectionType(child),
    args: connectionArgs(child, false),
    resolve: (node, args: Record<string, unknown>, ctx, info) => {
      const order = orderClause(child, args, info, ctx);
      const where = whereToSoql(schema, child, args.where);
      const key = `${info.fieldName}|${JSON.stringify(args.where ?? null)}|${order}`;
      let grouped = node.batch.children.get(key);
      if (!grouped) {
        const ids = node.batch.recs.map((r) => soqlString(String(r.Id))).join(', ');
        const extra = where ? ` AND ${group(where)}` : '';
        const rows = select(
          ctx,
          `SELECT Id FROM ${child.name} WHERE ${fieldName} IN (${ids})${extra} ORDER BY ${order}`
        );
        grouped = new Map();
        for (const r of rows) {
          const parentId = String(r[fieldName]);
          const list = grouped.get(parentId);
          if (list) list.push(r);
          else grouped.set(parentId, [r]);
        }
        node.batch.children.set(key, grouped);
      }
      return pageOf(child, grouped.get(String(node.rec.Id)) ?? [], args);
    }
  });

  const parentField = (f: FieldDef, target: GraphQLOutputType): GraphQLFieldConfig<Node, GraphQLContext> => ({
    type: target,
    resolve: (node, _args, ctx) => {
      const id = node.rec[f.name];
      if (typeof id !== 'string') return null;
      const hit = ctx.engine.getById(id);
      return hit ? { obj: hit.obj, rec: hit.rec, batch: { recs: [hit.rec], children: new Map() } } : null;
    }
  });

  const unionFor = (obj: ObjectDef, f: FieldDef, parents: ObjectDef[]): GraphQLUnionType => {
    const name = `${obj.name}_${f.relationshipName}`;
    const existing = unions.get(name);
    if (existing) return existing;
    const u = new GraphQLUnionType({
      name,
      types: () => parents.map((p) => objectType(p.name)),
      resolveType: (node: Node) => node.obj.name
    });
    unions.set(name, u);
    return u;
  };

  for (const obj of objects) {
    const t: GraphQLObjectType<Node, GraphQLContext> = new GraphQLObjectType<Node, GraphQLContext>({
      name: obj.name,
      description: obj.label,
      interfaces: [c.Record],
      fields: () => {
        const nameField = obj.fieldMap.get('name');
        const out: GraphQLFieldConfigMap<Node, GraphQLContext> = {
          Id: { type: new GraphQLNonNull(GraphQLID), resolve: (n) => n.rec.Id },
          ApiName: { type: new GraphQLNonNull(GraphQLString), resolve: (n) => n.obj.name },
          WeakEtag: {
            type: new GraphQLNonNull(c.scalars.Long),
            resolve: (n) => Date.parse(String(isoDateTime(n.rec.SystemModstamp))) || 0
          },
          DisplayValue: {
            type: GraphQLString,
            resolve: (n, _a, ctx) => (nameField ? ctx.engine.rawValue(n.obj, nameField, n.rec) : null)
          }
        };
        for (const f of obj.fields) {
          if (f.name === 'Id' || f.name === 'ApiName') continue; // OpportunityStage.ApiName would clash with Record's
          out[f.name] = {
            type: c.values[valueTypeName(f)],
            description: f.label,
            resolve: (n, _a, ctx) => ctx.engine.fieldValue(n.obj, f, n.rec)
          };
        }
        for (const f of obj.fields) {
          if (f.type !== 'reference' || !f.relationshipName || f.relationshipName in out) continue;
          const parents = parentsOf(f);
          if (parents.length === 0) continue;
          const target = isPolymorphic(f) ? unionFor(obj, f, parents) : objectType(parents[0].name);
          out[f.relationshipName] = parentField(f, target);
        }
        for (const rel of obj.childRelationships) {
          if (!rel.relationshipName || rel.relationshipName in out) continue;
          const child = schema.find(rel.childSObject);
          if (!child) continue;
          out[rel.relationshipName] = childConnection(child, rel.field);
        }
        return out;
      }
    });
    objectTypes.set(obj.name.toLowerCase(), t as GraphQLObjectType);
  }

  const RecordQuery = new GraphQLObjectType<unknown, GraphQLContext>({
    name: 'RecordQuery',
    fields: () => Object.fromEntries(objects.map((o) => [o.name, recordQuery(o)]))
  });
  // Object metadata as the context user sees it: the schema here is already that user's view, so
  // createable and updateable are theirs (object permission and field-level security together).
  const FieldInfo = new GraphQLObjectType<FieldDef>({
    name: 'Field',
    fields: {
      ApiName: { type: new GraphQLNonNull(GraphQLString), resolve: (f) => f.name },
      label: { type: GraphQLString, resolve: (f) => f.label },
      dataType: { type: GraphQLString, resolve: (f) => f.type },
      createable: { type: new GraphQLNonNull(GraphQLBoolean), resolve: (f) => f.createable },
      updateable: { type: new GraphQLNonNull(GraphQLBoolean), resolve: (f) => f.updateable },
      required: { type: new GraphQLNonNull(GraphQLBoolean), resolve: (f) => !f.nillable && f.createable },
      relationshipName: { type: GraphQLString, resolve: (f) => f.relationshipName }
    }
  });
  const ObjectInfo = new GraphQLObjectType<ObjectDef>({
    name: 'ObjectInfo',
    fields: {
      ApiName: { type: new GraphQLNonNull(GraphQLString), resolve: (o) => o.name },
      label: { type: GraphQLString, resolve: (o) => o.label },
      labelPlural: { type: GraphQLString, resolve: (o) => o.labelPlural },
      keyPrefix: { type: GraphQLString, resolve: (o) => o.keyPrefix },
      custom: { type: new GraphQLNonNull(GraphQLBoolean), resolve: (o) => o.custom },
      createable: { type: new GraphQLNonNull(GraphQLBoolean), resolve: (o) => o.createable },
      updateable: { type: new GraphQLNonNull(GraphQLBoolean), resolve: (o) => o.updateable },
      deletable: { type: new GraphQLNonNull(GraphQLBoolean), resolve: (o) => o.deletable },
      fields: {
        type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(FieldInfo))),
        resolve: (o) => o.fields
      }
    }
  });
  const UIAPI = new GraphQLObjectType({
    name: 'UIAPI',
    fields: {
      query: { type: new GraphQLNonNull(RecordQuery), resolve: () => ({}) },
      objectInfos: {
        type: new GraphQLList(ObjectInfo),
        args: {
          apiNames: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(GraphQLString))) },
          locale: { type: GraphQLString }
        },
        resolve: (_src, args: { apiNames: string[] }) =>
          args.apiNames.map((name) => {
            const o = schema.find(name);
            if (!o)
              throw filterError(
                `Object ${name} is not supported in UI API or not accessible to the context user`
              );
            return o;
          })
      }
    }
  });
  const Query = new GraphQLObjectType({
    name: 'Query',
    fields: { uiapi: { type: new GraphQLNonNull(UIAPI), resolve: () => ({}) } }
  });

  const Mutations = new GraphQLObjectType<unknown, GraphQLContext>({
    name: 'UIAPIMutations',
    fields: () => {
      const out: GraphQLFieldConfigMap<unknown, GraphQLContext> = {};
      for (const obj of objects) Object.assign(out, mutationFields(c, obj, objectType(obj.name)));
      return out;
    }
  });
  const MutationsInput = new GraphQLInputObjectType({
    name: 'UIAPIMutationsInput',
    fields: { allOrNone: { type: GraphQLBoolean, defaultValue: true } }
  });
  const Mutation = new GraphQLObjectType({
    name: 'Mutation',
    fields: {
      uiapi: {
        type: new GraphQLNonNull(Mutations),
        args: { input: { type: MutationsInput } },
        resolve: () => ({})
      }
    }
  });
  const types: GraphQLNamedType[] = [...Object.values(c.values), ...objectTypes.values()];
  return new GraphQLSchema({ query: Query, mutation: Mutation, types });
}

/** Resolves an Id or an `@{alias}` reference to an earlier operation of the same mutation. */
function resolveRef(ctx: GraphQLContext, value: string, where: string): string {
  const m = REF_RE.exec(value);
  if (!m) return value;
  const alias = m[1];
  const id = ctx.refs.get(alias);
  if (id) return id;
  if (ctx.failed.has(alias)) throw filterError(`${where}: @{${alias}} refers to an operation that failed`);
  throw filterError(`${where}: @{${alias}} must refer to an earlier operation of this mutation`);
}

/** The three mutation fields of one object. */
function mutationFields(
  c: Common,
  obj: ObjectDef,
  recordType: GraphQLObjectType
): GraphQLFieldConfigMap<unknown, GraphQLContext> {
  const out: GraphQLFieldConfigMap<unknown, GraphQLContext> = {};
  if (!obj.createable && !obj.updateable && !obj.deletable) return out;
  const representation = (kind: 'Create' | 'Update', fields: FieldDef[]): GraphQLInputObjectType | null =>
    fields.length
      ? new GraphQLInputObjectType({
          name: `${obj.name}${kind}Representation`,
          fields: Object.fromEntries(
            fields.map((f) => [f.name, { type: inputType(c, f), description: f.label }])
          )
        })
      : null;
  const writable = (mode: 'create' | 'update'): FieldDef[] =>
    obj.fields.filter((f) => f.name !== 'Id' && (mode === 'create' ? f.createable : f.updateable));

  /** Converts a representation into a REST body, resolving @{alias} references. */
  const body = (
    ctx: GraphQLContext,
    rep: Record<string, unknown>,
    alias: string
  ): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(rep)) {
      if (v === undefined) continue;
      const f = obj.fieldMap.get(k.toLowerCase());
      out[k] =
        f && (f.type === 'reference' || f.type === 'id') && typeof v === 'string'
          ? resolveRef(ctx, v, `${alias}.${k}`)
          : v;
    }
    return out;
  };

  /** Runs one operation: atomically on its own, or inside the request's transaction under allOrNone. */
  const run = (ctx: GraphQLContext, info: GraphQLResolveInfo, fn: () => string): string => {
    const alias = String(info.path.key);
    try {
      const id = ctx.engine.transaction(fn);
      ctx.refs.set(alias, id);
      return id;
    } catch (err) {
      ctx.failed.add(alias);
      throw ctx.engine.error(err);
    }
  };
  const node = (ctx: GraphQLContext, id: string) => {
    const rec = ctx.engine.get(obj.name, id);
    return rec ? { obj, rec, batch: { recs: [rec], children: new Map() } } : null;
  };

  const createRep = obj.createable ? representation('Create', writable('create')) : null;
  if (createRep) {
    const input = new GraphQLInputObjectType({
      name: `${obj.name}CreateInput`,
      fields: { [obj.name]: { type: new GraphQLNonNull(createRep) } }
    });
    const payload = new GraphQLObjectType({
      name: `${obj.name}CreatePayload`,
      fields: { Record: { type: recordType } }
    });
    out[`${obj.name}Create`] = {
      type: payload,
      args: { input: { type: new GraphQLNonNull(input) } },
      resolve: (_s, args: { input: Record<string, Record<string, unknown>> }, ctx, info) => {
        const id = run(ctx, info, () =>
          ctx.engine.create(obj.name, body(ctx, args.input[obj.name], String(info.path.key)))
        );
        return { Record: node(ctx, id) };
      }
    };
  }
  const updateRep = obj.updateable ? representation('Update', writable('update')) : null;
  if (updateRep) {
    const input = new GraphQLInputObjectType({
      name: `${obj.name}UpdateInput`,
      fields: {
        Id: { type: new GraphQLNonNull(c.scalars.IdOrRef) },
        [obj.name]: { type: new GraphQLNonNull(updateRep) }
      }
    });
    const payload = new GraphQLObjectType({
      name: `${obj.name}UpdatePayload`,
      fields: { success: { type: GraphQLBoolean }, Record: { type: recordType } }
    });
    out[`${obj.name}Update`] = {
      type: payload,
      args: { input: { type: new GraphQLNonNull(input) } },
      resolve: (_s, args: { input: Record<string, unknown> }, ctx, info) => {
        const alias = String(info.path.key);
        const id = run(ctx, info, () => {
          const target = resolveRef(ctx, String(args.input.Id), `${alias}.Id`);
          ctx.engine.update(
            obj.name,
            target,
            body(ctx, args.input[obj.name] as Record<string, unknown>, alias)
          );
          return String(ctx.engine.get(obj.name, target)?.Id ?? target);
        });
        return { success: true, Record: node(ctx, id) };
      }
    };
  }
  if (obj.deletable) {
    const input = new GraphQLInputObjectType({
      name: `${obj.name}DeleteInput`,
      fields: { Id: { type: new GraphQLNonNull(c.scalars.IdOrRef) } }
    });
    const payload = new GraphQLObjectType({
      name: `${obj.name}DeletePayload`,
      fields: { Id: { type: GraphQLID } }
    });
    out[`${obj.name}Delete`] = {
      type: payload,
      args: { input: { type: new GraphQLNonNull(input) } },
      resolve: (_s, args: { input: { Id: string } }, ctx, info) => {
        const alias = String(info.path.key);
        const id = run(ctx, info, () => {
          const target = resolveRef(ctx, args.input.Id, `${alias}.Id`);
          const rec = ctx.engine.get(obj.name, target);
          ctx.engine.delete(obj.name, target);
          return String(rec?.Id ?? target);
        });
        return { Id: id };
      }
    };
  }
  return out;
}

const cache = new WeakMap<Schema, GraphQLSchema>();

/** The GraphQL schema over an object schema (built once per schema object). */
export function schemaFor(schema: Schema): GraphQLSchema {
  let built = cache.get(schema);
  if (!built) {
    built = build(schema);
    cache.set(schema, built);
  }
  return built;
}

/** Builds the UI API GraphQL schema of the package at a project root (its force-app metadata). */
export function buildGraphQLSchema(root: string): GraphQLSchema {
  return schemaFor(loadSchema({ metadataDir: path.join(root, 'force-app', 'main', 'default') }));
}
