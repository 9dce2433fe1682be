/**
 * The GraphQL endpoint under hostile or oversized queries: deep filters and selections, too many
 * subqueries, child relationships nested through records, more than 2000 records a subquery. Each is
 * refused before it runs with HTTP 200 and a ValidationError, in well under a second, while a small
 * query sent alongside is served promptly.
 */
import * as path from 'node:path';
import { getOperationAST, parse } from 'graphql';
import { findQueries } from '../../../validate/checks/graphqlQueries';
import { loadProject } from '../../../validate/project';
import { startLocalOrg, type LocalOrg } from '../../index';
import {
  MAX_NESTING,
  MAX_SUBQUERIES,
  checkQueryLimits,
  checkRawRequest,
  textNesting,
  valueNesting
} from '../limits';
import { buildGraphQLSchema } from '../../../uiapi/schema';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let org: LocalOrg;

async function post(body: unknown): Promise<{ status: number; body: Json; ms: number }> {
  const started = Date.now();
  const res = await fetch(`${org.url}/services/data/v66.0/graphql`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${org.accessToken}`, 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body)
  });
  const parsed = (await res.json()) as Json;
  return { status: res.status, body: parsed, ms: Date.now() - started };
}

/** Asserts a refusal: 200, no data, one or more ValidationErrors, and returns the messages. */
function refused(res: { status: number; body: Json }): string[] {
  expect(res.status).toBe(200);
  expect(res.body.data).toBeNull();
  expect(res.body.errors.length).toBeGreaterThan(0);
  for (const e of res.body.errors as Json[]) expect(e.extensions.ErrorType).toBe('ValidationError');
  return (res.body.errors as Json[]).map((e) => String(e.message));
}

const SMALL = '{ uiapi { query { Competency__c(first: 5) { edges { node { Id } } } } } }';

beforeAll(async () => {
  org = await startLocalOrg({ plans: true, seed: { reps: 8, quarters: 1, assessments: true } });
  // the first request builds the user's GraphQL schema; time the refusals, not that
  expect((await post({ query: SMALL })).body.errors).toBeUndefined();
});
afterAll(() => org.close());

describe('nesting guards', () => {
  it('measures nesting outside strings and comments, and of JSON values without recursion', () => {
    expect(textNesting('{ a(x: "{{{{") { b { c } } } # {{{{')).toBe(3);
    expect(textNesting('{ a(x: """ {{{ \\""" {{ """) }')).toBe(2);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { and: [deep] };
    expect(valueNesting(deep, 50)).toBe(51);
  });

  it('refuses a filter nested 1,000 deep, in the text or in a variable', async () => {
    let where = '{ Name: { eq: "x" } }';
    for (let i = 0; i < 1000; i++) where = `{ and: [${where}] }`;
    const text = await post({
      query: `{ uiapi { query { Competency__c(where: ${where}) { edges { node { Id } } } } } }`
    });
    expect(refused(text)[0]).toContain(`more than ${MAX_NESTING} levels`);
    expect(text.ms).toBeLessThan(1000);

    let filter: unknown = { Name: { eq: 'x' } };
    for (let i = 0; i < 1000; i++) filter = { and: [filter] };
    const variable = await post({
      query:
        'query q($w: Competency__c_Filter) { uiapi { query { Competency__c(where: $w) { edges { node { Id } } } } } }',
      variables: { w: filter }
    });
    expect(refused(variable)[0]).toContain('variables nest more than');
  });

  it('refuses 2,000 nested selections', async () => {
    let sel = 'Id';
    for (let i = 0; i < 2000; i++) sel = `Owner { ... on User { ${sel} } }`;
    const res = await post({ query: `{ uiapi { query { Competency__c { edges { node { ${sel} } } } } } }` });
    refused(res);
    expect(res.ms).toBeLessThan(1000);
  });

  it('answers malformed JSON and a parse failure with 200 and errors', async () => {
    const bad = await post('{"query": ');
    expect(bad.status).toBe(200);
    expect(bad.body.errors[0].extensions.ErrorType).toBe('InvalidSyntax');
    const tokens = await post({
      query: `{ uiapi { query { ${'Competency__c { totalCount } '.repeat(5000)} } } }`
    });
    expect(tokens.status).toBe(200);
    expect(tokens.body.errors[0].extensions.ErrorType).toBe('InvalidSyntax');
    expect(tokens.body.errors[0].message).toMatch(/contains more tha[nt] 10000 tokens/);
  });
});

describe('documented query limits', () => {
  it('refuses a child relationship nested through its records (ratings, their assessment, its ratings) in milliseconds, serving a small query meanwhile', async () => {
    const query = `{ uiapi { query { Assessment__c(first: 2000) { edges { node { Id
      Behavior_Ratings__r(first: 2000) { edges { node { Id Assessment__r { Id
        Behavior_Ratings__r(first: 2000) { edges { node { Id Assessment__r { Id
          Behavior_Ratings__r(first: 2000) { edges { node { Id } } } } } } } } } } } } } } } } }`;
    expect(Buffer.byteLength(query)).toBeLessThan(400);
    const [abusive, small] = await Promise.all([post({ query }), post({ query: SMALL })]);
    const messages = refused(abusive);
    expect(messages[0]).toMatch(
      /^Child relationship Assessment__c\.Behavior_Ratings__r is nested inside a parent relationship/
    );
    expect(abusive.body.errors[0].locations[0]).toEqual({ line: 3, column: 9 });
    expect(abusive.ms).toBeLessThan(1000);
    expect(small.status).toBe(200);
    expect(small.body.errors).toBeUndefined();
    expect(small.body.data.uiapi.query.Competency__c.edges).toHaveLength(5);
    expect(small.ms).toBeLessThan(1000);
  });

  it('refuses a child relationship directly inside another one', async () => {
    const res = await post({
      query: `{ uiapi { query { Competency_Dimension__c { edges { node {
        Competencies__r { edges { node { Job_Behaviors__r { edges { node { Id } } } } } } } } } } } }`
    });
    expect(refused(res)[0]).toContain('nested inside another child relationship');
  });

  it('still serves one level of child relationships and parent paths of five levels', async () => {
    const res = await post({
      query: `{ uiapi { query { Assessment__c(first: 3) { edges { node { Id
        Rep__r { Manager { Manager { Manager { Name { value } } } } }
        Behavior_Ratings__r(first: 2) { edges { node { Job_Behavior__r { Competency__r { Name { value } } } } } } } } } } } }`
    });
    expect(res.body.errors).toBeUndefined();
    const first = res.body.data.uiapi.query.Assessment__c.edges[0].node;
    expect(first.Behavior_Ratings__r.edges).toHaveLength(2);
    expect(first.Behavior_Ratings__r.edges[0].node.Job_Behavior__r.Competency__r.Name.value).toEqual(
      expect.any(String)
    );
  });

  it('refuses a child-to-parent path of more than five levels', async () => {
    const res = await post({
      query: `{ uiapi { query { User(first: 1) { edges { node {
        Manager { Manager { Manager { Manager { Manager { Name { value } } } } } } } } } } } }`
    });
    expect(refused(res)[0]).toBe(
      'Parent relationship User.Manager goes past 5 levels of child-to-parent relationship.'
    );
  });

  it('refuses more than 10 subqueries, counting aliases and fragments, before running any', async () => {
    const fields = Array.from({ length: 9 }, (_, i) => `q${i}: Competency__c { totalCount }`).join(' ');
    const res = await post({
      query: `{ uiapi { query { ${fields} ...two } } } fragment two on RecordQuery { a: Account { totalCount } b: User { totalCount } }`
    });
    expect(refused(res)).toEqual([
      `The request has 11 subqueries; a GraphQL query can contain up to ${MAX_SUBQUERIES}. Split it into several requests.`
    ]);
    const ten = await post({ query: `{ uiapi { query { ${fields} x: Account { totalCount } } } }` });
    expect(ten.body.errors).toBeUndefined();
  });

  it('refuses more than 2000 records a subquery, written or from a variable', async () => {
    const literal = await post({
      query: '{ uiapi { query { Competency__c(first: 2001) { totalCount } } } }'
    });
    expect(refused(literal)[0]).toBe('Competency__c asks for 2001 records; a subquery returns at most 2000.');
    const variable = await post({
      query:
        'query q($n: Int) { uiapi { query { Assessment__c { edges { node { Behavior_Ratings__r(first: $n) { totalCount } } } } } } }',
      variables: { n: 5000 }
    });
    expect(refused(variable)[0]).toContain('Behavior_Ratings__r asks for 5000 records');
  });
});

describe('the package components', () => {
  it('keep every GraphQL query within the platform limits', () => {
    const root = path.resolve(__dirname, '../../../..');
    const schema = buildGraphQLSchema(root);
    const queries = findQueries(loadProject(root));
    expect(queries.length).toBeGreaterThan(0);
    const problems = queries.flatMap((q) => {
      const raw = checkRawRequest(q.source, {});
      if (raw) return [`${q.file}: ${raw.message}`];
      const document = parse(q.source);
      const op = getOperationAST(document);
      return op ? checkQueryLimits(schema, document, op, {}).map((e) => `${q.file}: ${e.message}`) : [];
    });
    expect(problems).toEqual([]);
  });
});
