/**
 * Turns UI API GraphQL `where` and `orderBy` inputs into SOQL text, so GraphQL queries are evaluated by
 * the same SOQL engine as REST (same null, case, date literal and parent path semantics).
 */
import { GraphQLError } from 'graphql';
import { canonicalDateTime } from '../metadata/dateTime';
import type { FieldDef, ObjectDef, Schema } from '../metadata/schema';

/** How a field filters: which operators and literal syntax apply; null when it cannot be filtered. */
export type FilterKind = 'text' | 'picklist' | 'num' | 'int' | 'bool' | 'date' | 'datetime' | 'id' | 'multi';

/** The filter kind of a field (long and rich text areas cannot be filtered or sorted, as in Salesforce). */
export function filterKind(f: FieldDef): FilterKind | null {
  if (f.sourceType === 'LongTextArea' || f.sourceType === 'Html') return null;
  switch (f.type) {
    case 'id':
    case 'reference':
      return 'id';
    case 'int':
      return 'int';
    case 'double':
    case 'currency':
    case 'percent':
      return 'num';
    case 'boolean':
      return 'bool';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'picklist':
      return 'picklist';
    case 'multipicklist':
      return 'multi';
    default:
      return 'text';
  }
}

/** Whether a reference is polymorphic in the UI API (Owner always is: a user or a queue). */
export function isPolymorphic(f: FieldDef): boolean {
  return f.type === 'reference' && (f.referenceTo.length > 1 || f.name === 'OwnerId');
}

/** Date literals accepted by `{ literal: ... }` (the SOQL names). */
export const DATE_LITERALS = [
  'YESTERDAY',
  'TODAY',
  'TOMORROW',
  'LAST_WEEK',
  'THIS_WEEK',
  'NEXT_WEEK',
  'LAST_MONTH',
  'THIS_MONTH',
  'NEXT_MONTH',
  'LAST_90_DAYS',
  'NEXT_90_DAYS',
  'LAST_QUARTER',
  'THIS_QUARTER',
  'NEXT_QUARTER',
  'LAST_YEAR',
  'THIS_YEAR',
  'NEXT_YEAR',
  'LAST_FISCAL_QUARTER',
  'THIS_FISCAL_QUARTER',
  'NEXT_FISCAL_QUARTER',
  'LAST_FISCAL_YEAR',
  'THIS_FISCAL_YEAR',
  'NEXT_FISCAL_YEAR'
];

/** Relative ranges accepted by `{ range: { last_n_days: 30 } }` (lower-case SOQL names without the :N). */
export const DATE_RANGES = [
  'last_n_days',
  'next_n_days',
  'n_days_ago',
  'last_n_weeks',
  'next_n_weeks',
  'n_weeks_ago',
  'last_n_months',
  'next_n_months',
  'n_months_ago',
  'last_n_quarters',
  'next_n_quarters',
  'n_quarters_ago',
  'last_n_years',
  'next_n_years',
  'n_years_ago',
  'last_n_fiscal_quarters',
  'next_n_fiscal_quarters',
  'n_fiscal_quarters_ago',
  'last_n_fiscal_years',
  'next_n_fiscal_years'
];

/** A filter problem the schema cannot catch (two date forms at once, a range without a value...). */
export function filterError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { ErrorType: 'ValidationError' } });
}

/** Quotes a value as a SOQL string literal. */
export function soqlString(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return `'${escaped}'`;
}

type Input = Record<string, unknown>;

const isObject = (v: unknown): v is Input => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One literal (not a date literal or range) for a field kind. */
function literal(kind: FilterKind, value: unknown, path: string): string {
  switch (kind) {
    case 'num':
    case 'int':
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw filterError(`${path}: expected a number`);
      return String(value);
    case 'bool':
      if (typeof value !== 'boolean') throw filterError(`${path}: expected true or false`);
      return value ? 'true' : 'false';
    case 'date':
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value))
        throw filterError(`${path}: expected a date as YYYY-MM-DD, got ${JSON.stringify(value)}`);
      return value;
    case 'datetime': {
      const c = typeof value === 'string' ? canonicalDateTime(value) : null;
      if (!c) throw filterError(`${path}: expected an ISO 8601 date and time, got ${JSON.stringify(value)}`);
      return c.replace(/\+0000$/, 'Z');
    }
    default:
      return soqlString(String(value));
  }
}

/** A date operand: `{ value }`, `{ literal }` or `{ range }`; returns null for `{ value: null }`. */
function dateOperand(kind: FilterKind, input: unknown, path: string): string | null {
  if (!isObject(input)) throw filterError(`${path}: expected { value }, { literal } or { range }`);
  const forms = Object.keys(input).filter((k) => input[k] !== undefined);
  if (forms.length !== 1) throw filterError(`${path}: give exactly one of value, literal or range`);
  if ('value' in input && input.value !== undefined) {
    return input.value === null ? null : literal(kind, input.value, path);
  }
  if (input.literal !== undefined) {
    const name = input.literal;
    if (typeof name !== 'string' || !DATE_LITERALS.includes(name))
      throw filterError(`${path}: unknown date literal ${JSON.stringify(name)}`);
    return name;
  }
  const range = input.range;
  if (!isObject(range)) throw filterError(`${path}: range must be an object such as { last_n_days: 30 }`);
  const keys = Object.keys(range).filter((k) => range[k] !== undefined && range[k] !== null);
  if (keys.length !== 1 || !DATE_RANGES.includes(keys[0]))
    throw filterError(`${path}: range takes exactly one of ${DATE_RANGES.join(', ')}`);
  const n = range[keys[0]];
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
    throw filterError(`${path}: ${keys[0]} must be a whole number of at least 0`);
  return `${keys[0].toUpperCase()}:${n}`;
}

const COMPARISONS: Record<string, string> = { eq: '=', ne: '!=', lt: '<', gt: '>', lte: '<=', gte: '>=' };

/** Compiles one field's operators (AND-ed together) to SOQL conditions. */
function fieldConditions(f: FieldDef, kind: FilterKind, ops: Input, column: string): string[] {
  const out: string[] = [];
  const isDate = kind === 'date' || kind === 'datetime';
  for (const [op, value] of Object.entries(ops)) {
    if (value === undefined) continue;
    const where = `${column}.${op}`;
    if (op in COMPARISONS) {
      const operand =
        value === null ? null : isDate ? dateOperand(kind, value, where) : literal(kind, value, where);
      if (operand === null) {
        if (op !== 'eq' && op !== 'ne') throw filterError(`${where}: only eq and ne can compare with null`);
        out.push(`${column} ${COMPARISONS[op]} null`);
      } else {
        out.push(`${column} ${COMPARISONS[op]} ${operand}`);
      }
      continue;
    }
    if (op === 'in' || op === 'nin') {
      if (!Array.isArray(value)) throw filterError(`${where}: expected a list`);
      const items = value.map((v) => {
        if (v === null) return 'null';
        if (!isDate) return literal(kind, v, where);
        const operand = dateOperand(kind, v, where);
        if (operand !== null && !/^\d/.test(operand))
          throw filterError(`${where}: lists take dates as { value }`);
        return operand ?? 'null';
      });
      // an empty list matches nothing (in) or everything (nin)
      if (items.length === 0) out.push(op === 'in' ? 'Id = null' : 'Id != null');
      else out.push(`${column} ${op === 'in' ? 'IN' : 'NOT IN'} (${items.join(', ')})`);
      continue;
    }
    if (op === 'like') {
      if (typeof value !== 'string') throw filterError(`${where}: like takes a string pattern`);
      out.push(`${column} LIKE ${soqlString(value)}`);
      continue;
    }
    if (op === 'includes' || op === 'excludes') {
      if (!Array.isArray(value) || value.length === 0)
        throw filterError(`${where}: expected a non-empty list`);
      out.push(`${column} ${op.toUpperCase()} (${value.map((v) => soqlString(String(v))).join(', ')})`);
      continue;
    }
    throw filterError(`${where}: unsupported operator ${op} for ${f.name}`);
  }
  return out;
}

/**
 * Parenthesizes a condition. The local SOQL parser cannot read a NOT right after an opening
 * parenthesis, so such a group starts with a condition that always holds (`Id != null`).
 */
export function group(condition: string): string {
  return condition.startsWith('NOT ') ? `(Id != null AND ${condition})` : `(${condition})`;
}

/** Joins conditions with AND or OR into one SOQL expression (or null when empty). */
function join(parts: string[], operator: 'AND' | 'OR' = 'AND'): string | null {
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0] : parts.map(group).join(` ${operator} `);
}

/**
 * Compiles `inq` / `ninq` on an Id or reference field to a SOQL semi-join or anti-join:
 * `column IN (SELECT ApiName FROM Object WHERE filter)`. The subquery names exactly one object and
 * selects an Id or reference field of it, as SOQL requires.
 */
function semiJoin(
  schema: Schema,
  f: FieldDef,
  column: string,
  op: 'inq' | 'ninq',
  value: unknown,
  where: string
): string {
  if (f.type !== 'id' && f.type !== 'reference')
    throw filterError(`${where}: semi-joins filter Id and reference fields only`);
  if (!isObject(value)) throw filterError(`${where}: expected { <Object>: filter, ApiName: field }`);
  const { ApiName: apiName, ...rest } = value;
  const objects = Object.entries(rest).filter(([, v]) => v !== undefined && v !== null);
  if (objects.length !== 1) throw filterError(`${where}: name exactly one object to select from`);
  const [typeName, sub] = objects[0];
  const inner = schema.find(typeName);
  if (!inner) throw filterError(`${where}: no object ${typeName}`);
  const selected = typeof apiName === 'string' ? inner.fieldMap.get(apiName.toLowerCase()) : undefined;
  if (!selected || selected.name !== apiName || (selected.type !== 'id' && selected.type !== 'reference'))
    throw filterError(`${where}: ApiName must name an Id or reference field of ${inner.name}`);
  const condition = whereToSoql(schema, inner, sub);
  const subquery = `SELECT ${selected.name} FROM ${inner.name}${condition ? ` WHERE ${condition}` : ''}`;
  return `${column} ${op === 'inq' ? 'IN' : 'NOT IN'} (${subquery})`;
}

/**
 * Compiles a `<Object>_Filter` value to a SOQL condition (without WHERE), or null when it filters
 * nothing. `prefix` is the relationship path for nested parent filters.
 */
export function whereToSoql(schema: Schema, obj: ObjectDef, filter: unknown, prefix = ''): string | null {
  if (filter === undefined || filter === null) return null;
  if (!isObject(filter)) throw filterError(`${obj.name}_Filter: expected an object`);
  const parts: string[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null) continue;
    if (key === 'and' || key === 'or') {
      if (!Array.isArray(value)) throw filterError(`${key} takes a list of filters`);
      const subs = value
        .map((v) => whereToSoql(schema, obj, v, prefix))
        .filter((s): s is string => s !== null);
      if (subs.length === 0) continue;
      parts.push(join(subs, key === 'and' ? 'AND' : 'OR') as string);
      continue;
    }
    if (key === 'not') {
      const sub = whereToSoql(schema, obj, value, prefix);
      if (sub !== null) parts.push(`NOT ${group(sub)}`);
      continue;
    }
    const f = obj.fieldMap.get(key.toLowerCase());
    if (f && f.name === key) {
      const kind = filterKind(f);
      if (!kind) throw filterError(`${obj.name}.${key} cannot be filtered`);
      if (!isObject(value)) throw filterError(`${obj.name}.${key}: expected operators such as { eq: ... }`);
      const { inq, ninq, ...plain } = value;
      for (const [op, joinValue] of [
        ['inq', inq],
        ['ninq', ninq]
      ] as const) {
        if (joinValue !== undefined && joinValue !== null)
          parts.push(semiJoin(schema, f, `${prefix}${f.name}`, op, joinValue, `${obj.name}.${key}.${op}`));
      }
      const c = join(fieldConditions(f, kind, plain, `${prefix}${f.name}`));
      if (c) parts.push(c);
      continue;
    }
    const rel = obj.relationshipMap.get(key.toLowerCase());
    if (!rel || rel.relationshipName !== key) throw filterError(`${obj.name}_Filter has no field ${key}`);
    const relPrefix = `${prefix}${rel.relationshipName}.`;
    if (isPolymorphic(rel)) {
      if (!isObject(value)) throw filterError(`${obj.name}.${key}: expected { <Object>: filter }`);
      const alternatives: string[] = [];
      for (const [typeName, sub] of Object.entries(value)) {
        const parent = schema.find(typeName);
        if (!parent || !rel.referenceTo.includes(parent.name))
          throw filterError(`${obj.name}.${key} cannot point at ${typeName}`);
        const c = whereToSoql(schema, parent, sub, relPrefix);
        if (c) alternatives.push(c);
      }
      const either = join(alternatives, 'OR');
      if (either) parts.push(either);
      continue;
    }
    const parent = schema.find(rel.referenceTo[0]);
    if (!parent)
      throw filterError(`${obj.name}.${key}: parent object ${rel.referenceTo[0]} is not available`);
    const c = whereToSoql(schema, parent, value, relPrefix);
    if (c) parts.push(c);
  }
  return join(parts);
}

/**
 * Compiles a `<Object>_OrderBy` value to SOQL ORDER BY items, in the order the keys were written
 * (pass the untyped literal so key order survives).
 */
export function orderToSoql(schema: Schema, obj: ObjectDef, orderBy: unknown, prefix = ''): string[] {
  if (orderBy === undefined || orderBy === null) return [];
  if (!isObject(orderBy)) throw filterError(`${obj.name}_OrderBy: expected an object`);
  const out: string[] = [];
  for (const [key, value] of Object.entries(orderBy)) {
    if (value === undefined || value === null) continue;
    if (!isObject(value)) throw filterError(`${obj.name}_OrderBy.${key}: expected { order, nulls }`);
    const f = obj.fieldMap.get(key.toLowerCase());
    if (f && f.name === key) {
      if (!filterKind(f) || f.type === 'multipicklist')
        throw filterError(`${obj.name}.${key} cannot be sorted`);
      const order = value.order ?? 'ASC';
      if (order !== 'ASC' && order !== 'DESC')
        throw filterError(`${obj.name}_OrderBy.${key}.order must be ASC or DESC`);
      let item = `${prefix}${f.name} ${order}`;
      if (value.nulls !== undefined && value.nulls !== null) {
        const nulls = value.nulls;
        if (nulls !== 'FIRST' && nulls !== 'LAST')
          throw filterError(`${obj.name}_OrderBy.${key}.nulls must be FIRST or LAST`);
        item += ` NULLS ${nulls}`;
      }
      out.push(item);
      continue;
    }
    const rel = obj.relationshipMap.get(key.toLowerCase());
    if (!rel || rel.relationshipName !== key || isPolymorphic(rel))
      throw filterError(`${obj.name}_OrderBy has no field ${key}`);
    const parent = schema.find(rel.referenceTo[0]);
    if (!parent)
      throw filterError(`${obj.name}.${key}: parent object ${rel.referenceTo[0]} is not available`);
    out.push(...orderToSoql(schema, parent, value, `${prefix}${rel.relationshipName}.`));
  }
  return out;
}
