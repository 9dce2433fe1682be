/**
 * The GraphQL API's query limits, checked before anything runs so an abusive request is refused in
 * milliseconds instead of holding up the org: nesting and size guards on the raw text and variables
 * (so no parser, validator or resolver recursion can overflow the stack), then the documented limits
 * (10 subqueries a request, 2000 records a subquery, one level of child relationships, five levels of
 * child-to-parent relationships, 55 child-to-parent and 20 parent-to-child relationships a query).
 */
import {
  GraphQLError,
  GraphQLObjectType,
  getNamedType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  Kind,
  OperationTypeNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode
} from 'graphql';

/** Subqueries (top-level record queries) one request may hold. */
export const MAX_SUBQUERIES = 10;
/** Records one subquery (or child relationship) may return. */
export const MAX_RECORDS_PER_SUBQUERY = 2000;
/** Levels of child relationships: the UI API serves them on the records of a top-level query only. */
export const MAX_CHILD_LEVELS = 1;
/** Levels of a child-to-parent path, counting the field at its end (Contact.Account.Owner.FirstName is 3). */
export const MAX_PARENT_LEVELS = 5;
/** Distinct child-to-parent relationships one query may name. */
export const MAX_PARENT_RELATIONSHIPS = 55;
/** Distinct parent-to-child relationships one query may name. */
export const MAX_CHILD_RELATIONSHIPS = 20;
/**
 * Bracket nesting ({, [ and ( together) the local org accepts in a query text or a variables value.
 * Not a documented platform number: a guard far above any real query (the package's deepest is ~20).
 */
export const MAX_NESTING = 100;
/** Lexical tokens a query text may have (a guard on parse cost; real queries use a few hundred). */
export const MAX_TOKENS = 10_000;
/** Selections visited, fragments expanded, before a request counts as too complex. */
const MAX_VISITS = 20_000;
/**
 * Times one response name may be selected in one selection set. Repeats are legal GraphQL, but
 * checking that they merge costs quadratic time, so thousands of them would stall the org.
 */
export const MAX_REPEATS = 20;

/** A refusal in the UI API's error shape. */
function refusal(message: string, node?: { loc?: FieldNode['loc'] }): GraphQLError {
  return new GraphQLError(message, {
    nodes: node?.loc ? [node as FieldNode] : undefined,
    extensions: { ErrorType: 'ValidationError' }
  });
}

/**
 * The deepest bracket nesting of a GraphQL text, skipping strings, block strings and comments.
 * Stops early once past the limit, so a hostile text costs one linear scan at most.
 */
export function textNesting(text: string, limit = MAX_NESTING): number {
  let depth = 0;
  let max = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text[i];
    if (c === '#') {
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (c === '"') {
      if (text.startsWith('"""', i)) {
        i += 3;
        while (i < n && !text.startsWith('"""', i))
          i += text[i] === '\\' && text.startsWith('"""', i + 1) ? 4 : 1;
        i += 2;
      } else {
        i++;
        while (i < n && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      }
    } else if (c === '{' || c === '[' || c === '(') {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === '}' || c === ']' || c === ')') {
      depth--;
    }
  }
  return max;
}

/** The nesting depth of a JSON value, without recursion; stops early once past the limit. */
export function valueNesting(value: unknown, limit = MAX_NESTING): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    const depth = d + 1;
    if (depth > max) {
      max = depth;
      if (max > limit) return max;
    }
    for (const item of Array.isArray(v) ? v : Object.values(v)) stack.push([item, depth]);
  }
  return max;
}

/** Checks the raw request before parsing: text nesting and variables nesting. */
export function checkRawRequest(query: string, variables: Record<string, unknown>): GraphQLError | null {
  const depth = textNesting(query);
  if (depth > MAX_NESTING)
    return refusal(
      `The query nests brackets more than ${MAX_NESTING} levels deep; flatten its filters and selections.`
    );
  // the variables object itself is one level
  if (valueNesting(variables, MAX_NESTING + 1) > MAX_NESTING + 1)
    return refusal(`The variables nest more than ${MAX_NESTING} levels deep; flatten the filter.`);
  return null;
}

function isRecordType(schema: GraphQLSchema, t: GraphQLNamedType | undefined): boolean {
  const record = schema.getType('Record');
  if (!t || !record || !isInterfaceType(record)) return false;
  if (isObjectType(t)) return t.getInterfaces().includes(record);
  if (isUnionType(t)) return t.getTypes().every((m) => m.getInterfaces().includes(record));
  return false;
}

function isConnection(t: GraphQLNamedType): boolean {
  return isObjectType(t) && t.name.endsWith('Connection') && 'edges' in t.getFields();
}

interface Frame {
  set: SelectionSetNode;
  type: GraphQLNamedType;
  /** Child relationships passed on the way here. */
  childLevels: number;
  /** Parent relationships passed since the last record query or child relationship. */
  parentLevels: number;
  /** Whether the records here were reached through a parent relationship. */
  viaParent: boolean;
}

/** The `first` a connection field asks for: a literal, a variable's value, or the default. */
function firstOf(field: FieldNode, variables: Record<string, unknown>): unknown {
  const arg = field.arguments?.find((a) => a.name.value === 'first');
  if (!arg) return undefined;
  const v: ValueNode = arg.value;
  if (v.kind === Kind.INT) return Number(v.value);
  if (v.kind === Kind.VARIABLE) return variables[v.name.value];
  return undefined;
}

/**
 * Checks a parsed, valid operation against the platform's query limits; returns the refusals (empty
 * when it may run). Walks selections with an explicit stack and a visit budget, expanding fragments.
 */
export function checkQueryLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  op: OperationDefinitionNode,
  variables: Record<string, unknown>
): GraphQLError[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const root = op.operation === OperationTypeNode.MUTATION ? schema.getMutationType() : schema.getQueryType();
  if (!root) return [];
  const errors: GraphQLError[] = [];
  const parentRels = new Set<string>();
  const childRels = new Set<string>();
  let subqueries = 0;
  let visits = 0;
  const stack: Frame[] = [
    { set: op.selectionSet, type: root, childLevels: 0, parentLevels: 0, viaParent: false }
  ];
  while (stack.length) {
    const frame = stack.pop() as Frame;
    const seen = new Map<string, number>();
    for (const sel of frame.set.selections) {
      if (sel.kind !== Kind.FIELD) continue;
      const key = (sel.alias ?? sel.name).value;
      const times = (seen.get(key) ?? 0) + 1;
      seen.set(key, times);
      if (times > MAX_REPEATS)
        return [refusal(`${key} is selected more than ${MAX_REPEATS} times in one selection set.`, sel)];
    }
    for (const sel of frame.set.selections) {
      if (++visits > MAX_VISITS) {
        return [refusal(`The query is too complex: it expands to more than ${MAX_VISITS} selections.`)];
      }
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        const cond = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : frame.type;
        stack.push({ ...frame, set: sel.selectionSet, type: cond ?? frame.type });
        continue;
      }
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const frag = fragments.get(sel.name.value);
        if (!frag) continue; // validation reports it
        const cond = schema.getType(frag.typeCondition.name.value);
        stack.push({ ...frame, set: frag.selectionSet, type: cond ?? frame.type });
        continue;
      }
      if (!sel.selectionSet) continue;
      const owner = frame.type;
      if (!(owner instanceof GraphQLObjectType) && !isInterfaceType(owner)) continue;
      const def = owner.getFields()[sel.name.value];
      if (!def) continue;
      const target = getNamedType(def.type);
      const next: Frame = { ...frame, set: sel.selectionSet, type: target };
      const ownerIsRecord = isRecordType(schema, owner);
      if (owner.name === 'RecordQuery') {
        subqueries++;
        next.childLevels = 0;
        next.parentLevels = 0;
        next.viaParent = false;
      } else if (ownerIsRecord && isConnection(target)) {
        const name = `${owner.name}.${sel.name.value}`;
        childRels.add(name);
        next.childLevels = frame.childLevels + 1;
        next.parentLevels = 0;
        next.viaParent = false;
        if (next.childLevels > MAX_CHILD_LEVELS || frame.viaParent) {
          errors.push(
            refusal(
              `Child relationship ${name} is nested inside ${
                frame.viaParent ? 'a parent relationship' : 'another child relationship'
              }: the UI API serves child relationships only on the records of a top-level query, one level deep.`,
              sel
            )
          );
          continue;
        }
      } else if (ownerIsRecord && isRecordType(schema, target)) {
        parentRels.add(`${owner.name}.${sel.name.value}`);
        next.parentLevels = frame.parentLevels + 1;
        next.viaParent = true;
        // the path's levels are its relationships plus the field read at its end
        if (next.parentLevels + 1 > MAX_PARENT_LEVELS) {
          errors.push(
            refusal(
              `Parent relationship ${owner.name}.${sel.name.value} goes past ${MAX_PARENT_LEVELS} levels of child-to-parent relationship.`,
              sel
            )
          );
          continue;
        }
      }
      if (isConnection(target)) {
        const first = firstOf(sel, variables);
        if (typeof first === 'number' && first > MAX_RECORDS_PER_SUBQUERY)
          errors.push(
            refusal(
              `${sel.name.value} asks for ${first} records; a subquery returns at most ${MAX_RECORDS_PER_SUBQUERY}.`,
              sel
            )
          );
      }
      stack.push(next);
    }
  }
  if (subqueries > MAX_SUBQUERIES)
    errors.push(
      refusal(
        `The request has ${subqueries} subqueries; a GraphQL query can contain up to ${MAX_SUBQUERIES}. Split it into several requests.`
      )
    );
  if (parentRels.size > MAX_PARENT_RELATIONSHIPS)
    errors.push(
      refusal(
        `The query names ${parentRels.size} child-to-parent relationships; at most ${MAX_PARENT_RELATIONSHIPS} are allowed.`
      )
    );
  if (childRels.size > MAX_CHILD_RELATIONSHIPS)
    errors.push(
      refusal(
        `The query names ${childRels.size} parent-to-child relationships; at most ${MAX_CHILD_RELATIONSHIPS} are allowed.`
      )
    );
  return errors;
}
