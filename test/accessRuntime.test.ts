/**
 * Access at run time: drives the running local org over HTTP as users who hold one permission set
 * each, and as the seeded personas, and checks every row of docs/access-matrix.md (object
 * operations and each sensitive field) against what the org actually allows. The static test
 * (accessMatrix.test.ts) checks the same table against the permission-set XML.
 */
import { startLocalOrg, PERMISSION_SETS, PROFILES, type LocalOrg, type Persona } from '../scripts/localOrg';
import type { Rec } from '../scripts/localOrg';
import { parseMatrix, SET_PREFIX } from './support/accessMatrix';

const V = 'v66.0';
const matrix = parseMatrix();

let org: LocalOrg;
/** One user per permission set, holding only that set, with no role (so sharing grants them nothing). */
const setUsers = new Map<string, { id: string; token: string }>();
/** A record of each object each set user owns (for field writes that need record access). */
const owned = new Map<string, Map<string, string>>();
let personas: Required<LocalOrg['personas']>;

interface Answer {
  status: number;
  body: unknown;
}

async function call(token: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${org.url}/services/data/${V}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
}

const query = (token: string, soql: string): Promise<Answer> =>
  call(token, 'GET', `/query?q=${encodeURIComponent(soql)}`);

function errorCode(a: Answer): string {
  return Array.isArray(a.body) ? String((a.body[0] as { errorCode?: string }).errorCode) : '';
}

function records(a: Answer): Rec[] {
  if (a.status !== 200) throw new Error(`query failed: ${a.status} ${JSON.stringify(a.body)}`);
  return (a.body as { records: Rec[] }).records;
}

const tokenOf = (p: Persona): string => org.sessionFor(p.username);

/** A plain user holding one permission set: the cleanest way to see what that set alone allows. */
function makeSetUser(set: string): { id: string; token: string } {
  // the minimum-access profile grants nothing on the matrix's objects, so the set alone speaks
  const profile = org.store.table('Profile').rows.find((p) => p.Name === PROFILES.integration);
  const short = set.slice(SET_PREFIX.length).toLowerCase();
  const id = org.store.insertRaw('User', {
    FirstName: 'Only',
    LastName: short,
    Username: `only.${short}@local.org`,
    Email: `only.${short}@local.org`,
    IsActive: true,
    ProfileId: profile?.Id as string
  }).Id as string;
  org.store.assignPermissionSet(id, set);
  return { id, token: org.sessionFor(id) };
}

/** Records the set user owns, created as system code would, so field writes meet no sharing wall. */
function makeOwnedRecords(userId: string): Map<string, string> {
  const s = org.store;
  const out = new Map<string, string>();
  const opts = { system: true };
  const assessment = s.create(
    'Assessment__c',
    {
      Rep__c: userId,
      OwnerId: userId,
      Type__c: 'Manager',
      Period__c: '2026-Q1',
      Status__c: 'Draft',
      Version__c: 1
    },
    opts
  );
  out.set('Assessment__c', assessment);
  const behavior = s.table('Job_Behavior__c').rows[0].Id as string;
  out.set(
    'Behavior_Rating__c',
    s.create(
      'Behavior_Rating__c',
      { Assessment__c: assessment, Job_Behavior__c: behavior, Rating__c: '3' },
      opts
    )
  );
  out.set(
    'Performance_Snapshot__c',
    s.create(
      'Performance_Snapshot__c',
      { Key__c: `${userId}:2026-Q1`, Rep__c: userId, OwnerId: userId, Period__c: '2026-Q1' },
      opts
    )
  );
  out.set(
    'Sales_Quota__c',
    s.create(
      'Sales_Quota__c',
      { Key__c: `quota-${userId}`, User__c: userId, OwnerId: userId, Period__c: '2026-Q1', Amount__c: 1000 },
      opts
    )
  );
  out.set(
    'Behavior_Impact__c',
    s.create(
      'Behavior_Impact__c',
      {
        Key__c: `impact-${userId}`,
        OwnerId: userId,
        Period__c: '2026-Q1',
        Sales_Role__c: 'Account Executive',
        Job_Behavior__c: behavior,
        Metric__c: 'Win Rate'
      },
      opts
    )
  );
  return out;
}

beforeAll(async () => {
  org = await startLocalOrg({
    seed: { reps: 16, teamSize: 8, opportunities: 400, assessments: true },
    plans: true,
    now: () => new Date('2026-05-15T12:00:00Z')
  });
  personas = org.personas as Required<LocalOrg['personas']>;
  for (const set of matrix.sets) {
    const user = makeSetUser(set);
    setUsers.set(set, user);
    owned.set(set, makeOwnedRecords(user.id));
  }
}, 60_000);

afterAll(async () => {
  await org?.close();
});

describe('object permissions as the org enforces them', () => {
  const rows = [...matrix.objects].flatMap(([object, bySet]) =>
    [...bySet].map(([set, flags]) => ({ object, set, flags: new Set(flags.split(' ').filter(Boolean)) }))
  );

  it.each(rows)(
    '$set on $object: read, create, edit and delete as documented',
    async ({ object, set, flags }) => {
      const { token } = setUsers.get(set) as { token: string };
      const q = await query(token, `SELECT Id FROM ${object} LIMIT 1`);
      if (!flags.has('Read')) {
        expect(q.status).toBe(400);
        expect(errorCode(q)).toBe('INVALID_TYPE');
        const d = await call(token, 'GET', `/sobjects/${object}/describe`);
        expect(d.status).toBe(404);
        return;
      }
      expect(q.status).toBe(200);
      const d = await call(token, 'GET', `/sobjects/${object}/describe`);
      expect(d.status).toBe(200);
      const describe = d.body as { createable: boolean; updateable: boolean; deletable: boolean };
      expect({ create: describe.createable, edit: describe.updateable, delete: describe.deletable }).toEqual({
        create: flags.has('Create'),
        edit: flags.has('Edit') || flags.has('ModifyAll'),
        delete: flags.has('Delete') || flags.has('ModifyAll')
      });
    }
  );

  it.each(rows.filter((r) => ['Assessment__c', 'Sales_Quota__c', 'Opportunity', 'Lead'].includes(r.object)))(
    '$set on $object: sees records it does not own only with View All',
    async ({ object, set, flags }) => {
      const { token, id } = setUsers.get(set) as { token: string; id: string };
      const all = org.store.table(object).rows.filter((r) => !r.IsDeleted && r.OwnerId !== id).length;
      expect(all).toBeGreaterThan(0);
      const q = await query(token, `SELECT COUNT() FROM ${object} WHERE OwnerId != '${id}'`);
      if (!flags.has('Read')) {
        expect(errorCode(q)).toBe('INVALID_TYPE');
        return;
      }
      const seen = (q.body as { totalSize: number }).totalSize;
      expect(seen).toBe(flags.has('ViewAll') || flags.has('ModifyAll') ? all : 0);
    }
  );

  it.each(rows.filter((r) => r.object === 'Assessment__c'))(
    "$set on Assessment__c: creates, edits others' records and deletes as documented",
    async ({ set, flags }) => {
      const { token, id } = setUsers.get(set) as { token: string; id: string };
      const created = await call(token, 'POST', '/sobjects/Assessment__c', {
        Rep__c: id,
        Type__c: 'Self',
        Period__c: '2026-Q2',
        Status__c: 'Draft',
        Version__c: 1
      });
      if (flags.has('Create')) expect(created.status).toBe(201);
      else {
        expect(created.status).toBe(400);
        expect(JSON.stringify(created.body)).toMatch(/no Create permission on Assessment__c/);
      }
      const other = org.store
        .table('Assessment__c')
        .rows.find((r) => r.OwnerId !== id && !r.IsDeleted) as Rec;
      const edit = await call(token, 'PATCH', `/sobjects/Assessment__c/${String(other.Id)}`, {
        Version__c: Number(other.Version__c) + 1
      });
      expect(edit.status).toBe(flags.has('ModifyAll') ? 204 : flags.has('ViewAll') ? 400 : 404);
      const throwaway = org.store.create(
        'Assessment__c',
        { Rep__c: id, OwnerId: id, Type__c: 'Self', Period__c: '2026-Q3', Status__c: 'Draft', Version__c: 1 },
        { system: true }
      );
      const del = await call(token, 'DELETE', `/sobjects/Assessment__c/${throwaway}`);
      expect(del.status).toBe(flags.has('Delete') ? 204 : 400);
    }
  );
});

describe('field-level security as the org enforces it', () => {
  const rows = [...matrix.sensitiveFields].flatMap(([field, bySet]) =>
    [...bySet].map(([set, access]) => ({ field, set, access }))
  );

  it.each(rows)('$set on $field: $access', async ({ field, set, access }) => {
    const [object, name] = field.split('.');
    const { token } = setUsers.get(set) as { token: string };
    const q = await query(token, `SELECT ${name} FROM ${object} LIMIT 1`);
    if (access === 'none') {
      expect(q.status).toBe(400);
      expect(['INVALID_FIELD', 'INVALID_TYPE']).toContain(errorCode(q));
      return;
    }
    expect(q.status).toBe(200);
    if (object === 'User') {
      // Editing users takes an administrator's Manage Users power, which no permission set here
      // grants: a set user can never write a User; the admin persona's write is checked below.
      const write = await call(token, 'PATCH', `/sobjects/User/${setUsers.get(set)?.id}`, { [name]: null });
      expect(write.status).toBe(400);
      return;
    }
    const target =
      owned.get(set)?.get(object) ??
      (org.store.table(object).rows.find((r) => !r.IsDeleted)?.Id as string | undefined);
    expect(target).toBeDefined();
    // writing the value already there still needs the right to edit the field
    const current = org.store.get(object, String(target))?.[name] ?? null;
    const write = await call(token, 'PATCH', `/sobjects/${object}/${String(target)}`, { [name]: current });
    if (access === 'edit')
      expect({ status: write.status, body: write.body }).toEqual({ status: 204, body: null });
    else expect(write.status).toBe(400);
  });

  it('lets the administrator persona edit the User fields the Admin set documents as editable', async () => {
    const editable = [...matrix.sensitiveFields]
      .filter(([f, bySet]) => f.startsWith('User.') && bySet.get(PERMISSION_SETS.admin) === 'edit')
      .map(([f]) => f.split('.')[1]);
    expect(editable.length).toBeGreaterThan(0);
    const rep = personas.rep;
    for (const name of editable) {
      const write = await call(tokenOf(personas.admin), 'PATCH', `/sobjects/User/${rep.id}`, {
        [name]: null
      });
      expect(write.status).toBe(204);
    }
    const byManager = await call(tokenOf(personas.manager), 'PATCH', `/sobjects/User/${rep.id}`, {
      Sales_Role__c: 'SDR'
    });
    expect(byManager.status).toBe(400);
  });
});

describe('the personas', () => {
  const assessmentsOf = async (token: string): Promise<Rec[]> =>
    records(await query(token, 'SELECT Id, Rep__c, OwnerId, Version__c FROM Assessment__c'));

  it('a rep reads only their own assessments and the ratings in them', async () => {
    const token = tokenOf(personas.rep);
    const mine = await assessmentsOf(token);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((a) => a.OwnerId === personas.rep.id)).toBe(true);
    const ratings = records(await query(token, 'SELECT Id, Assessment__c FROM Behavior_Rating__c'));
    const ids = new Set(mine.map((a) => a.Id));
    expect(ratings.length).toBeGreaterThan(0);
    expect(ratings.every((r) => ids.has(r.Assessment__c))).toBe(true);
    const others = org.store.table('Assessment__c').rows.find((a) => a.OwnerId !== personas.rep.id) as Rec;
    const get = await call(token, 'GET', `/sobjects/Assessment__c/${String(others.Id)}`);
    expect(get.status).toBe(404);
  });

  it("a manager reads and edits their team's assessments, not another team's", async () => {
    const token = tokenOf(personas.manager);
    const team = new Set(
      org.store
        .table('User')
        .rows.filter((u) => u.ManagerId === personas.manager.id)
        .map((u) => u.Id)
    );
    const seen = await assessmentsOf(token);
    expect(seen.length).toBe(
      org.store.table('Assessment__c').rows.filter((a) => !a.IsDeleted && team.has(a.OwnerId)).length
    );
    expect(seen.every((a) => team.has(a.OwnerId))).toBe(true);
    const ownTeam = seen[0];
    const edit = await call(token, 'PATCH', `/sobjects/Assessment__c/${String(ownTeam.Id)}`, {
      Scope_Rating__c: 'Exceeding',
      Version__c: Number(ownTeam.Version__c) + 1
    });
    expect(edit.status).toBe(204);
    const other = org.store
      .table('Assessment__c')
      .rows.find((a) => !a.IsDeleted && !team.has(a.OwnerId) && a.OwnerId !== personas.manager.id) as Rec;
    const refused = await call(token, 'PATCH', `/sobjects/Assessment__c/${String(other.Id)}`, {
      Scope_Rating__c: 'Below'
    });
    expect(refused.status).toBe(404);
    expect(other.Scope_Rating__c).not.toBe('Below');
  });

  it('a manager without Calibrator cannot set Override_Reason__c; a calibrator can, on their team', async () => {
    const [mine] = await assessmentsOf(tokenOf(personas.manager));
    const refused = await call(
      tokenOf(personas.manager),
      'PATCH',
      `/sobjects/Assessment__c/${String(mine.Id)}`,
      {
        Override_Reason__c: 'Exceptional quarter'
      }
    );
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual([
      expect.objectContaining({
        errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
        fields: ['Override_Reason__c']
      })
    ]);
    expect(org.store.get('Assessment__c', mine.Id as string)?.Override_Reason__c).toBeNull();
    const [theirs] = await assessmentsOf(tokenOf(personas.calibrator));
    const allowed = await call(
      tokenOf(personas.calibrator),
      'PATCH',
      `/sobjects/Assessment__c/${String(theirs.Id)}`,
      { Override_Reason__c: 'Exceptional quarter' }
    );
    expect(allowed.status).toBe(204);
  });

  it('only the sync user writes synced metrics', async () => {
    const target = org.store.table('Assessment__c').rows.find((a) => a.OwnerId === personas.rep.id) as Rec;
    for (const p of [personas.rep, personas.manager, personas.calibrator, personas.leader]) {
      const write = await call(tokenOf(p), 'PATCH', `/sobjects/Assessment__c/${String(target.Id)}`, {
        Win_Rate__c: 99
      });
      expect(write.status).toBe(p === personas.rep ? 400 : p === personas.calibrator ? 404 : 400);
    }
    expect(target.Win_Rate__c).not.toBe(99);
    const bySync = await call(
      tokenOf(personas.sync),
      'PATCH',
      `/sobjects/Assessment__c/${String(target.Id)}`,
      {
        Win_Rate__c: 42,
        Version__c: Number(target.Version__c) + 1
      }
    );
    expect(bySync.status).toBe(204);
    const snapshot = await call(tokenOf(personas.manager), 'POST', '/sobjects/Performance_Snapshot__c', {
      Key__c: 'x:2026-Q1',
      Rep__c: personas.rep.id,
      Period__c: '2026-Q1'
    });
    expect(snapshot.status).toBe(400);
  });

  it('Bulk 2.0: a query job returns only what its creator may read, and no one else sees the job', async () => {
    const rep = tokenOf(personas.rep);
    const job = await call(rep, 'POST', '/jobs/query', {
      operation: 'query',
      query: 'SELECT Id, OwnerId FROM Assessment__c'
    });
    expect(job.status).toBe(200);
    const id = (job.body as { id: string }).id;
    expect((await call(rep, 'GET', `/jobs/query/${id}`)).status).toBe(200);
    const res = await fetch(`${org.url}/services/data/${V}/jobs/query/${id}/results`, {
      headers: { Authorization: `Bearer ${rep}` }
    });
    const lines = (await res.text()).trim().split('\n').slice(1);
    const own = org.store
      .table('Assessment__c')
      .rows.filter((a) => !a.IsDeleted && a.OwnerId === personas.rep.id);
    expect(lines.length).toBe(own.length);
    expect(lines.every((l) => l.includes(personas.rep.id))).toBe(true);
    expect((await call(tokenOf(personas.manager), 'GET', `/jobs/query/${id}`)).status).toBe(404);
    const hidden = await call(rep, 'POST', '/jobs/query', {
      operation: 'query',
      query: 'SELECT Id FROM Maturity_Assessment__c'
    });
    expect(errorCode(hidden)).toBe('INVALID_TYPE');
  });

  it('the sync user reads every opportunity; a rep only their own', async () => {
    const total = org.store.table('Opportunity').rows.filter((o) => !o.IsDeleted).length;
    const bySync = await query(tokenOf(personas.sync), 'SELECT COUNT() FROM Opportunity');
    expect((bySync.body as { totalSize: number }).totalSize).toBe(total);
    const own = org.store.table('Opportunity').rows.filter((o) => o.OwnerId === personas.rep.id).length;
    const byRep = await query(tokenOf(personas.rep), 'SELECT COUNT() FROM Opportunity');
    expect((byRep.body as { totalSize: number }).totalSize).toBe(own);
  });

  it('GraphQL offers each user only what they can read, and refuses writes to fields they cannot edit', async () => {
    const gql = async (p: Persona, q: string): Promise<{ data: unknown; errors?: { message: string }[] }> => {
      const res = await fetch(`${org.url}/services/data/${V}/graphql`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${tokenOf(p)}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ query: q })
      });
      expect(res.status).toBe(200);
      return (await res.json()) as { data: unknown; errors?: { message: string }[] };
    };
    const impact = await gql(
      personas.rep,
      '{ uiapi { query { Maturity_Assessment__c { edges { node { Id } } } } } }'
    );
    expect(impact.errors?.[0].message).toMatch(/Maturity_Assessment__c/);
    const own = await gql(
      personas.rep,
      '{ uiapi { query { Assessment__c(first: 100) { edges { node { Id OwnerId { value } } } } } } }'
    );
    const edges = (
      own.data as {
        uiapi: { query: { Assessment__c: { edges: { node: { OwnerId: { value: string } } }[] } } };
      }
    ).uiapi.query.Assessment__c.edges;
    expect(edges.length).toBeGreaterThan(0);
    expect(edges.every((e) => e.node.OwnerId.value === personas.rep.id)).toBe(true);
    const infoQuery =
      '{ uiapi { objectInfos(apiNames: ["Assessment__c"]) { ApiName updateable fields { ApiName updateable } } } }';
    const overrideEditable = async (p: Persona): Promise<boolean | undefined> => {
      const r = await gql(p, infoQuery);
      const info = (
        r.data as { uiapi: { objectInfos: { fields: { ApiName: string; updateable: boolean }[] }[] } }
      ).uiapi.objectInfos[0];
      return info.fields.find((f) => f.ApiName === 'Override_Reason__c')?.updateable;
    };
    expect(await overrideEditable(personas.manager)).toBe(false);
    expect(await overrideEditable(personas.calibrator)).toBe(true);
    expect(await overrideEditable(personas.rep)).toBe(false);
    const [mine] = await assessmentsOf(tokenOf(personas.manager));
    const write = await gql(
      personas.manager,
      `mutation { uiapi(input: { allOrNone: true }) { Assessment__cUpdate(input: { Id: "${String(mine.Id)}", Assessment__c: { Override_Reason__c: "x" } }) { Record { Id } } } }`
    );
    expect(write.errors?.length).toBeGreaterThan(0);
    expect(org.store.get('Assessment__c', mine.Id as string)?.Override_Reason__c).toBeNull();
  });
});
