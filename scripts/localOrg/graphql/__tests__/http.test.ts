/**
 * The GraphQL endpoint of the local org over real HTTP: queries with filters, sorting, paging and
 * relationships, API 66.0 mutations with @{alias} references and allOrNone, and the UI API error shape.
 */
import { Connection } from 'jsforce';
import { startLocalOrg, type LocalOrg } from '../../index';
import { NOW } from '../../__tests__/helpers';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let org: LocalOrg;
let conn: Connection;
const ids: Record<string, string> = {};

/** Posts a GraphQL request and returns the HTTP status and parsed body. */
async function post(
  body: unknown,
  version = '66.0',
  token = org.accessToken
): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${org.url}/services/data/v${version}/graphql`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body)
  });
  return { status: res.status, body: (await res.json()) as Json };
}

/** Runs a query through jsforce (as a client would) and returns the response body. */
async function gql(query: string, variables?: Record<string, unknown>): Promise<Json> {
  return conn.request<Json>({
    method: 'POST',
    url: '/services/data/v66.0/graphql',
    body: JSON.stringify({ query, variables }),
    headers: { 'Content-Type': 'application/json' }
  });
}

/** The node list of `data.uiapi.query.<object>`. */
function nodes(body: Json, object: string): Json[] {
  expect(body.errors).toBeUndefined();
  return (body.data.uiapi.query[object].edges as Json[]).map((e) => e.node as Json);
}

const names = (body: Json, object: string): string[] =>
  nodes(body, object).map((n) => n.Name.value as string);

/** Counts live records of a type in the store. */
const count = (type: string): number => org.store.table(type).size;

beforeAll(async () => {
  org = await startLocalOrg({ now: () => NOW });
  conn = new Connection({ instanceUrl: org.url, accessToken: org.accessToken, version: '66.0' });
  const s = org.store;
  // twelve dimensions, sort orders 1-11 and one without a sort order
  for (let i = 1; i <= 12; i++) {
    ids[`dim${i}`] = s.create('Competency_Dimension__c', {
      Name: `Dimension ${String(i).padStart(2, '0')}`,
      Key__c: `dim-${i}`,
      Sort_Order__c: i === 12 ? null : i
    });
  }
  for (const [key, dim, order] of [
    ['c-a', 'dim1', 2],
    ['c-b', 'dim1', 1],
    ['c-c', 'dim1', 3],
    ['c-d', 'dim2', 1]
  ] as const) {
    ids[key] = s.create('Competency__c', {
      Name: `Competency ${key}`,
      Key__c: key,
      Dimension__c: ids[dim],
      Sort_Order__c: order
    });
  }
  ids.jb1 = s.create('Job_Behavior__c', { Name: 'Behaviour 1', Key__c: 'jb-1', Competency__c: ids['c-a'] });
  ids.jb2 = s.create('Job_Behavior__c', { Name: 'Behaviour 2', Key__c: 'jb-2', Competency__c: ids['c-a'] });
  const account = s.create('Account', { Name: 'Acme' });
  for (const [name, closeDate] of [
    ['Today deal', '2026-05-15'],
    ['Early May deal', '2026-05-01'],
    ['January deal', '2026-01-10'],
    ['Next year deal', '2027-02-01']
  ]) {
    s.create('Opportunity', {
      Name: name,
      CloseDate: closeDate,
      StageName: 'Prospecting',
      AccountId: account
    });
  }
});
afterAll(() => org.close());

describe('queries', () => {
  it('pages with first/after, opaque cursors, pageInfo and totalCount in the requested order', async () => {
    const query = `query Dims($after: String) {
      uiapi { query { Competency_Dimension__c(first: 5, after: $after, orderBy: { Sort_Order__c: { order: DESC, nulls: LAST } }) {
        edges { cursor node { Id Name { value } Sort_Order__c { value displayValue } } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        totalCount } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    const pages: Json[] = [];
    do {
      const body = await gql(query, { after });
      const conn2 = body.data.uiapi.query.Competency_Dimension__c as Json;
      pages.push(conn2);
      seen.push(...names(body, 'Competency_Dimension__c'));
      after = conn2.pageInfo.hasNextPage ? (conn2.pageInfo.endCursor as string) : null;
    } while (after && pages.length < 5);
    expect(pages.map((p) => (p.edges as Json[]).length)).toEqual([5, 5, 2]);
    expect(pages.map((p): unknown => p.totalCount)).toEqual([12, 12, 12]);
    expect(pages.map((p): unknown => [p.pageInfo.hasPreviousPage, p.pageInfo.hasNextPage])).toEqual([
      [false, true],
      [true, true],
      [true, false]
    ]);
    expect(seen).toEqual([
      'Dimension 11',
      'Dimension 10',
      ...[9, 8, 7, 6, 5, 4, 3, 2, 1].map((i) => `Dimension 0${i}`),
      'Dimension 12' // null sort order last
    ]);
    const first = pages[0].edges as Json[];
    expect(first[0].node.Sort_Order__c).toEqual({ value: 11, displayValue: '11' });
    expect(pages[0].pageInfo.startCursor).toBe(first[0].cursor);
    expect(pages[0].pageInfo.endCursor).toBe(first[4].cursor);
    expect(first[0].cursor).not.toMatch(/^\d+$/);
  });

  it('returns 10 records by default and refuses more than 2000 a page', async () => {
    const body = await gql(
      '{ uiapi { query { Competency_Dimension__c { edges { node { Id } } pageInfo { hasNextPage } } } } }'
    );
    expect(body.data.uiapi.query.Competency_Dimension__c.edges).toHaveLength(10);
    expect(body.data.uiapi.query.Competency_Dimension__c.pageInfo.hasNextPage).toBe(true);
    const tooMany = await gql('{ uiapi { query { Competency_Dimension__c(first: 2001) { totalCount } } } }');
    expect(tooMany.errors[0].message).toContain('asks for 2001 records; a subquery returns at most 2000');
    expect(tooMany.errors[0].extensions.ErrorType).toBe('ValidationError');
    expect(tooMany.errors[0].locations).toEqual([{ line: 1, column: 19 }]);
  });

  it('filters with field operators, and/or/not, like, in and nested parent filters', async () => {
    const q = (where: string) =>
      gql(`{ uiapi { query { Competency__c(where: ${where}, orderBy: { Key__c: { order: ASC } }) {
        edges { node { Name { value } } } totalCount } } } }`);
    expect(names(await q('{ Key__c: { in: ["c-a", "c-d"] } }'), 'Competency__c')).toEqual([
      'Competency c-a',
      'Competency c-d'
    ]);
    expect(names(await q('{ Name: { like: "%C-B" } }'), 'Competency__c')).toEqual(['Competency c-b']);
    expect(
      names(
        await q('{ Dimension__r: { Key__c: { eq: "dim-1" } }, Sort_Order__c: { gte: 2 } }'),
        'Competency__c'
      )
    ).toEqual(['Competency c-a', 'Competency c-c']);
    expect(
      names(
        await q(
          '{ or: [{ Key__c: { eq: "c-d" } }, { and: [{ Sort_Order__c: { lt: 2 } }, { not: { Key__c: { eq: "c-d" } } }] }] }'
        ),
        'Competency__c'
      )
    ).toEqual(['Competency c-b', 'Competency c-d']);
    expect(
      names(
        await q('{ Key__c: { nin: ["c-a", "c-b"] }, Dimension__r: { Sort_Order__c: { eq: 2 } } }'),
        'Competency__c'
      )
    ).toEqual(['Competency c-d']);
  });

  it('filters Id and reference fields by a semi-join (inq) or anti-join (ninq) on another object', async () => {
    const q = (where: string) =>
      gql(`{ uiapi { query { Competency__c(where: ${where}, orderBy: { Key__c: { order: ASC } }) {
        edges { node { Name { value } } } } } } }`);
    // Competencies that have a behaviour named "Behaviour 2" (child-to-parent through a reference field).
    expect(
      names(
        await q(
          '{ Id: { inq: { Job_Behavior__c: { Name: { eq: "Behaviour 2" } }, ApiName: "Competency__c" } } }'
        ),
        'Competency__c'
      )
    ).toEqual(['Competency c-a']);
    // A reference field against the parents of other records: dimensions whose competency c-d is.
    expect(
      names(
        await q(
          '{ Dimension__c: { inq: { Competency__c: { Key__c: { eq: "c-d" } }, ApiName: "Dimension__c" } } }'
        ),
        'Competency__c'
      )
    ).toEqual(['Competency c-d']);
    expect(
      names(await q('{ Id: { ninq: { Job_Behavior__c: {}, ApiName: "Competency__c" } } }'), 'Competency__c')
    ).toEqual(['Competency c-b', 'Competency c-c', 'Competency c-d']);
    const bad = await q('{ Id: { inq: { Job_Behavior__c: {}, ApiName: "Name" } } }');
    expect(bad.errors[0].message).toMatch(/ApiName must name an Id or reference field of Job_Behavior__c/);
    const two = await q('{ Id: { inq: { Job_Behavior__c: {}, Competency__c: {}, ApiName: "Id" } } }');
    expect(two.errors[0].message).toMatch(/name exactly one object/);
  });

  it('tests for null with eq and ne', async () => {
    const isNull = await gql(
      '{ uiapi { query { Competency_Dimension__c(where: { Sort_Order__c: { eq: null } }) { edges { node { Name { value } } } totalCount } } } }'
    );
    expect(names(isNull, 'Competency_Dimension__c')).toEqual(['Dimension 12']);
    const notNull = await gql(
      '{ uiapi { query { Competency_Dimension__c(where: { Sort_Order__c: { ne: null } }) { totalCount } } } }'
    );
    expect(notNull.data.uiapi.query.Competency_Dimension__c.totalCount).toBe(11);
  });

  it('filters dates by value, literal and relative range (today is 15 May 2026)', async () => {
    const q = async (where: string) =>
      names(
        await gql(`{ uiapi { query { Opportunity(where: ${where}, orderBy: { CloseDate: { order: ASC } }) {
          edges { node { Name { value } CloseDate { value displayValue } } } } } } }`),
        'Opportunity'
      );
    expect(await q('{ CloseDate: { eq: { literal: TODAY } } }')).toEqual(['Today deal']);
    expect(await q('{ CloseDate: { eq: { literal: THIS_QUARTER } } }')).toEqual([
      'Early May deal',
      'Today deal'
    ]);
    expect(await q('{ CloseDate: { eq: { literal: THIS_YEAR } } }')).toEqual([
      'January deal',
      'Early May deal',
      'Today deal'
    ]);
    expect(await q('{ CloseDate: { eq: { range: { last_n_days: 30 } } } }')).toEqual([
      'Early May deal',
      'Today deal'
    ]);
    expect(await q('{ CloseDate: { gt: { value: "2026-05-15" } } }')).toEqual(['Next year deal']);
    expect(await q('{ CloseDate: { lt: { literal: THIS_MONTH } } }')).toEqual(['January deal']);
    // every record was created at 12:00:00.000Z: datetimes compare to the millisecond, in any zone
    expect(await q('{ CreatedDate: { lt: { value: "2026-05-15T13:00:00.001+01:00" } } }')).toHaveLength(4);
    expect(
      await q(
        '{ CreatedDate: { gt: { value: "2026-05-15T11:59:59.999Z" }, lt: { value: "2026-05-15T12:00:00.001Z" } } }'
      )
    ).toHaveLength(4);
    expect(await q('{ CreatedDate: { gt: { value: "2026-05-15T12:00:00.000Z" } } }')).toEqual([]);
    const shown = await gql(
      '{ uiapi { query { Opportunity(first: 1, orderBy: { CloseDate: { order: ASC } }) { edges { node { CloseDate { value displayValue } } } } } } }'
    );
    expect(nodes(shown, 'Opportunity')[0].CloseDate).toEqual({
      value: '2026-01-10',
      displayValue: '1/10/2026'
    });
  });

  it('follows parent relationships, the polymorphic Owner and child relationships with their own paging', async () => {
    const body = await gql(`{ uiapi { query {
      Competency_Dimension__c(where: { Key__c: { in: ["dim-1", "dim-2", "dim-3"] } }, orderBy: { Key__c: { order: ASC } }) {
        edges { node {
          Key__c { value }
          Owner { ... on User { Name { value } } }
          Competencies__r(first: 2, orderBy: { Sort_Order__c: { order: ASC } }, where: { Key__c: { ne: "c-x" } }) {
            edges { node { Key__c { value } Dimension__r { Key__c { value } } } }
            pageInfo { hasNextPage }
            totalCount
          }
        } } } } } }`);
    const dims = nodes(body, 'Competency_Dimension__c');
    expect(dims.map((d): unknown => d.Key__c.value)).toEqual(['dim-1', 'dim-2', 'dim-3']);
    expect(dims[0].Owner).toEqual({ Name: { value: 'Local Admin' } });
    const kids = dims.map((d) => ({
      keys: (d.Competencies__r.edges as Json[]).map((e): unknown => e.node.Key__c.value),
      parent: (d.Competencies__r.edges as Json[]).map((e): unknown => e.node.Dimension__r.Key__c.value),
      more: d.Competencies__r.pageInfo.hasNextPage,
      total: d.Competencies__r.totalCount
    }));
    expect(kids).toEqual([
      { keys: ['c-b', 'c-a'], parent: ['dim-1', 'dim-1'], more: true, total: 3 },
      { keys: ['c-d'], parent: ['dim-2'], more: false, total: 1 },
      { keys: [], parent: [], more: false, total: 0 }
    ]);
  });

  it('sorts by several fields in the order written, including a parent field', async () => {
    const body =
      await gql(`{ uiapi { query { Competency__c(orderBy: { Dimension__r: { Key__c: { order: DESC } }, Sort_Order__c: { order: DESC } }) {
      edges { node { Key__c { value } } } } } } }`);
    expect(nodes(body, 'Competency__c').map((n): unknown => n.Key__c.value)).toEqual([
      'c-d',
      'c-c',
      'c-a',
      'c-b'
    ]);
  });
});

describe('query options', () => {
  it('limits records to the current user (MINE) or the users reporting to them (TEAM)', async () => {
    const s = org.store;
    const rep = s.create('User', {
      LastName: 'Report',
      Username: 'report@local.org',
      Email: 'report@local.org',
      ManagerId: s.currentUserId
    });
    s.create('Account', { Name: 'Team account', OwnerId: rep });
    const scoped = async (scope: string) =>
      names(
        await gql(
          `{ uiapi { query { Account(scope: ${scope}, orderBy: { Name: { order: ASC } }) { edges { node { Name { value } } } } } } }`
        ),
        'Account'
      );
    expect(await scoped('MINE')).toEqual(['Acme']);
    expect(await scoped('TEAM')).toEqual(['Team account']);
    expect(await scoped('EVERYTHING')).toEqual(['Acme', 'Team account']);
  });

  it('keeps the written key order of an orderBy variable and applies its default value', async () => {
    const query = `query Sorted($order: Competency__c_OrderBy = { Sort_Order__c: { order: DESC }, Key__c: { order: DESC } }) {
      uiapi { query { Competency__c(orderBy: $order) { edges { node { Key__c { value } } } } } } }`;
    const keys = async (variables: Record<string, unknown>) =>
      nodes(await gql(query, variables), 'Competency__c').map((n): unknown => n.Key__c.value);
    expect(await keys({ order: { Key__c: { order: 'DESC' }, Sort_Order__c: { order: 'ASC' } } })).toEqual([
      'c-d',
      'c-c',
      'c-b',
      'c-a'
    ]);
    expect(await keys({ order: { Sort_Order__c: { order: 'ASC' }, Key__c: { order: 'DESC' } } })).toEqual([
      'c-d',
      'c-b',
      'c-a',
      'c-c'
    ]);
    expect(await keys({})).toEqual(['c-c', 'c-a', 'c-d', 'c-b']);
  });

  it('allows at most 10 record queries in one request, refusing more before running any', async () => {
    const fields = Array.from({ length: 11 }, (_, i) => `q${i}: Competency__c { totalCount }`).join(' ');
    const body = await gql(`{ uiapi { query { ${fields} } } }`);
    expect(body.data).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].message).toContain('can contain up to 10');
  });
});

describe('mutations', () => {
  const createAssessment = (ratingB: string, allOrNone = true) => `mutation {
    uiapi(input: { allOrNone: ${allOrNone} }) {
      a: Assessment__cCreate(input: { Assessment__c: { Rep__c: "${org.store.currentUserId}", Type__c: "Manager", Status__c: "Draft", Period__c: "2026-Q2" } }) {
        Record { Id Name { value } Status__c { value } }
      }
      r1: Behavior_Rating__cCreate(input: { Behavior_Rating__c: { Assessment__c: "@{a}", Job_Behavior__c: "${ids.jb1}", Rating__c: "4" } }) {
        Record { Id Rating__c { value } Assessment__r { Id } }
      }
      r2: Behavior_Rating__cCreate(input: { Behavior_Rating__c: { Assessment__c: "@{a}", Job_Behavior__c: "${ids.jb2}", Rating__c: "${ratingB}" } }) {
        Record { Id Rating__c { value } }
      }
    }
  }`;

  it('creates an assessment and two ratings in one request, the ratings pointing at it through @{a}', async () => {
    const before = [count('Assessment__c'), count('Behavior_Rating__c')];
    const { status, body } = await post({ query: createAssessment('3') });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const a = body.data.uiapi.a.Record as Json;
    expect(a.Name.value).toMatch(/^A-\d{6}$/);
    expect(body.data.uiapi.r1.Record.Assessment__r.Id).toBe(a.Id);
    expect(body.data.uiapi.r2.Record.Rating__c.value).toBe('3');
    expect([count('Assessment__c'), count('Behavior_Rating__c')]).toEqual([before[0] + 1, before[1] + 2]);
    const read = await gql(
      `query A($id: ID) { uiapi { query { Assessment__c(where: { Id: { eq: $id } }) { edges { node { Rating_Count__c { value }
        Behavior_Ratings__r(orderBy: { Rating__c: { order: ASC } }) { edges { node { Rating__c { value label } } } } } } } } } }`,
      { id: a.Id }
    );
    const node = nodes(read, 'Assessment__c')[0];
    expect(node.Rating_Count__c.value).toBe(2);
    expect((node.Behavior_Ratings__r.edges as Json[]).map((e): unknown => e.node.Rating__c.value)).toEqual([
      '3',
      '4'
    ]);
  });

  it('rolls every operation back when one fails under allOrNone (the default)', async () => {
    const before = [count('Assessment__c'), count('Behavior_Rating__c')];
    const { status, body } = await post({ query: createAssessment('7') });
    expect(status).toBe(200);
    expect([count('Assessment__c'), count('Behavior_Rating__c')]).toEqual(before);
    expect(body.data.uiapi).toEqual({ a: null, r1: null, r2: null });
    const failed = (body.errors as Json[]).find((e) => e.extensions.ErrorType === 'DataFetchingException');
    expect(failed).toMatchObject({
      paths: ['uiapi', 'r2'],
      extensions: { errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', fields: ['Rating__c'] }
    });
    expect(failed?.message).toContain('bad value for restricted picklist field: 7');
    const aborted = (body.errors as Json[]).filter((e) => e.extensions.ErrorType === 'ExecutionAborted');
    expect(aborted.map((e): unknown => e.paths)).toEqual([
      ['uiapi', 'a'],
      ['uiapi', 'r1']
    ]);
  });

  it('commits the operations that succeed when allOrNone is false, and fails those that depend on a failure', async () => {
    const before = [count('Assessment__c'), count('Behavior_Rating__c')];
    const { body } = await post({ query: createAssessment('7', false) });
    expect([count('Assessment__c'), count('Behavior_Rating__c')]).toEqual([before[0] + 1, before[1] + 1]);
    expect(body.data.uiapi.a.Record.Id).toMatch(/^[a-zA-Z0-9]{18}$/);
    expect(body.data.uiapi.r2).toBeNull();
    expect(body.errors).toHaveLength(1);

    const dependent = await post({
      query: `mutation { uiapi(input: { allOrNone: false }) {
        bad: Assessment__cCreate(input: { Assessment__c: { Type__c: "Manager" } }) { Record { Id } }
        child: Behavior_Rating__cCreate(input: { Behavior_Rating__c: { Assessment__c: "@{bad}", Job_Behavior__c: "${ids.jb1}", Rating__c: "2" } }) { Record { Id } }
      } }`
    });
    expect(
      (dependent.body.errors as Json[]).map((e): unknown => [
        e.paths[1],
        e.extensions.errorCode ?? e.extensions.ErrorType
      ])
    ).toEqual([
      ['bad', 'REQUIRED_FIELD_MISSING'],
      ['child', 'ValidationError']
    ]);
    expect(dependent.body.errors[1].message).toContain('@{bad} refers to an operation that failed');
  });

  it('updates and deletes records, resolving @{alias} in Id', async () => {
    const created = await post({ query: createAssessment('5') });
    const a = created.body.data.uiapi.a.Record.Id as string;
    const r1 = created.body.data.uiapi.r1.Record.Id as string;
    const { body } = await post({
      query: `mutation Edit($id: IdOrRef!, $rating: IdOrRef!) { uiapi {
        u: Assessment__cUpdate(input: { Id: $id, Assessment__c: { Status__c: "Submitted", Overall_Score__c: 3.5 } }) {
          success Record { Id Status__c { value displayValue } Overall_Score__c { value } }
        }
        d: Behavior_Rating__cDelete(input: { Id: $rating }) { Id }
        again: Assessment__cUpdate(input: { Id: "@{u}", Assessment__c: { In_Ramp__c: true } }) { Record { In_Ramp__c { value } } }
      } }`,
      variables: { id: a, rating: r1 }
    });
    expect(body.errors).toBeUndefined();
    expect(body.data.uiapi.u).toEqual({
      success: true,
      Record: {
        Id: a,
        Status__c: { value: 'Submitted', displayValue: 'Submitted' },
        Overall_Score__c: { value: 3.5 }
      }
    });
    expect(body.data.uiapi.d).toEqual({ Id: r1 });
    expect(body.data.uiapi.again.Record.In_Ramp__c.value).toBe(true);
    expect(org.store.get('Behavior_Rating__c', r1)).toBeUndefined();
    expect(org.store.get('Assessment__c', a)).toMatchObject({
      Status__c: 'Submitted',
      Overall_Score__c: 3.5,
      In_Ramp__c: true
    });
  });

  it('applies the store rules: duplicate external id, master-detail parent required, unknown record', async () => {
    const { body } = await post({
      query: `mutation { uiapi(input: { allOrNone: false }) {
        dup: Competency_Dimension__cCreate(input: { Competency_Dimension__c: { Name: "Copy", Key__c: "dim-1" } }) { Record { Id } }
        orphan: Behavior_Rating__cCreate(input: { Behavior_Rating__c: { Job_Behavior__c: "${ids.jb1}", Rating__c: "3" } }) { Record { Id } }
        gone: Competency__cDelete(input: { Id: "${ids.dim1}" }) { Id }
      } }`
    });
    expect((body.errors as Json[]).map((e): unknown => [e.paths[1], e.extensions.errorCode])).toEqual([
      ['dup', 'DUPLICATE_VALUE'],
      ['orphan', 'REQUIRED_FIELD_MISSING'],
      ['gone', 'ENTITY_IS_DELETED']
    ]);
    expect(body.errors[1].extensions.fields).toEqual(['Assessment__c']);
  });

  it('refuses a reference to a later operation', async () => {
    const before = count('Behavior_Rating__c');
    const { body } = await post({
      query: `mutation { uiapi {
        r: Behavior_Rating__cCreate(input: { Behavior_Rating__c: { Assessment__c: "@{a}", Job_Behavior__c: "${ids.jb1}", Rating__c: "3" } }) { Record { Id } }
        a: Assessment__cCreate(input: { Assessment__c: { Rep__c: "${org.store.currentUserId}" } }) { Record { Id } }
      } }`
    });
    expect(body.errors[0].message).toContain('@{a} must refer to an earlier operation');
    expect(count('Behavior_Rating__c')).toBe(before);
  });
});

describe('errors', () => {
  it('answers an unknown field with HTTP 200 and a ValidationError with its location', async () => {
    const { status, body } = await post({
      query: '{ uiapi { query { Competency__c { edges { node { Nope__c { value } } } } } } }'
    });
    expect(status).toBe(200);
    expect(body.data).toBeNull();
    expect(body.errors).toEqual([
      {
        message: 'Cannot query field "Nope__c" on type "Competency__c". Did you mean "Scope__c"?',
        locations: [{ line: 1, column: 50 }],
        paths: [],
        extensions: { ErrorType: 'ValidationError' }
      }
    ]);
  });

  it('classifies syntax errors, wrongly typed input, bad variables and old API versions', async () => {
    const syntax = await post({ query: '{ uiapi { query {' });
    expect(syntax.body.errors[0].extensions.ErrorType).toBe('InvalidSyntax');
    const wrongType = await post({
      query: `mutation { uiapi { a: Assessment__cCreate(input: { Assessment__c: { Rep__c: "${org.store.currentUserId}", Overall_Score__c: "high" } }) { Record { Id } } } }`
    });
    expect(wrongType.body.errors[0].extensions.ErrorType).toBe('ValidationError');
    expect(wrongType.body.errors[0].message).toContain('Double cannot represent a non-numeric value');
    const badVariable = await post({
      query: 'query Q($n: Int) { uiapi { query { Competency__c(first: $n) { totalCount } } } }',
      variables: { n: 'many' }
    });
    expect(badVariable.status).toBe(200);
    expect(badVariable.body.errors[0].extensions.ErrorType).toBe('ValidationError');
    const old = await post(
      { query: `mutation { uiapi { d: Competency__cDelete(input: { Id: "${ids['c-d']}" }) { Id } } }` },
      '60.0'
    );
    expect(old.body.errors[0].extensions.ErrorType).toBe('OperationNotSupported');
    expect(org.store.get('Competency__c', ids['c-d'])).toBeDefined();
    const noQuery = await post({ variables: {} });
    expect(noQuery.body.errors[0]).toMatchObject({
      message: 'The request must have a query string',
      extensions: { ErrorType: 'InvalidSyntax' }
    });
  });

  it('runs the operation named by operationName and asks for one when a document has several', async () => {
    const query = `query Dims { uiapi { query { Competency_Dimension__c { totalCount } } } }
      query Comps { uiapi { query { Competency__c { totalCount } } } }`;
    const picked = await post({ query, operationName: 'Comps' });
    expect(picked.body).toEqual({ data: { uiapi: { query: { Competency__c: { totalCount: 4 } } } } });
    const unnamed = await post({ query });
    expect(unnamed.body.errors[0]).toMatchObject({ extensions: { ErrorType: 'ValidationError' } });
    expect(unnamed.body.errors[0].message).toContain('several operations');
  });

  it('rejects two date forms at once and a cursor it did not issue', async () => {
    const both = await gql(
      '{ uiapi { query { Opportunity(where: { CloseDate: { eq: { value: "2026-05-15", literal: TODAY } } }) { totalCount } } } }'
    );
    expect(both.errors[0].message).toContain('give exactly one of value, literal or range');
    const cursor = await gql('{ uiapi { query { Opportunity(after: "bm9wZQ==") { totalCount } } } }');
    expect(cursor.errors[0]).toMatchObject({
      message: 'Invalid cursor: bm9wZQ==',
      extensions: { ErrorType: 'ValidationError' }
    });
  });

  it('needs a valid session like every other route', async () => {
    const res = await fetch(`${org.url}/services/data/v66.0/graphql`, {
      method: 'POST',
      headers: { Authorization: 'Bearer wrong', 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: '{ uiapi { query { Competency__c { totalCount } } } }' })
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual([
      { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }
    ]);
  });
});
