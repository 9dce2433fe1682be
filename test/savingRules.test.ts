/**
 * The save rules of docs/saving.md, driven as careless and hostile API clients would: GraphQL
 * mutations and REST calls (jsforce) against a running local org that evaluates the package's own
 * validation rules, each request acting as a seeded persona. Every hole found when assessments were
 * saved straight against the API has a test here that fails if its rule is missing or too weak.
 */
import { randomUUID } from 'node:crypto';
import { Connection } from 'jsforce';
import { startLocalOrg, type LocalOrg, type Persona, type Rec } from '../scripts/localOrg';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const NOW = new Date('2026-05-15T12:00:00Z');
const V = '66.0';

let org: LocalOrg;
let manager: Persona;
let rep: Persona;
let calibrator: Persona;
let syncUser: Persona;
/** Access tokens by persona username. */
const tokens = new Map<string, string>();
/** Job behaviours to rate. */
let behaviors: string[];
let period = 0;

beforeAll(async () => {
  org = await startLocalOrg({
    now: () => NOW,
    seed: { reps: 16, quarters: 1, seed: 3 },
    plans: true,
    validationRules: true
  });
  const p = org.personas;
  if (!p.manager || !p.rep || !p.leader || !p.sync) throw new Error('the seeded team has no personas');
  // the sales leader holds the Calibrator set and sees the rep's assessment through the role hierarchy
  [manager, rep, calibrator, syncUser] = [p.manager, p.rep, p.leader, p.sync];
  for (const who of [manager, rep, calibrator, syncUser, p.admin])
    tokens.set(who.username, org.sessionFor(who.username));
  behaviors = org.store
    .table('Job_Behavior__c')
    .rows.slice(0, 3)
    .map((b) => b.Id as string);
}, 60_000);

afterAll(async () => {
  await org?.close();
});

const tokenOf = (who: Persona): string => tokens.get(who.username) as string;

/** Posts a GraphQL document as a persona; returns the response body. */
async function gql(who: Persona, query: string, variables: Json = {}): Promise<Json> {
  const res = await fetch(`${org.url}/services/data/v${V}/graphql`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${tokenOf(who)}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ query, variables })
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Json;
}

/** A jsforce connection acting as a persona. */
const rest = (who: Persona): Connection =>
  new Connection({ instanceUrl: org.url, accessToken: tokenOf(who), version: V });

/** The validation failures of a GraphQL answer: [errorCode, fields] of each failed operation. */
function failures(body: Json): { code: string; fields: string[]; message: string }[] {
  return ((body.errors ?? []) as Json[])
    .filter((e) => e.extensions?.ErrorType !== 'ExecutionAborted')
    .map((e) => ({
      code: String(e.extensions?.errorCode ?? e.extensions?.ErrorType),
      fields: (e.extensions?.fields ?? []) as string[],
      message: String(e.message)
    }));
}

/**
 * The first failure of a refused GraphQL save (the operation listed first: the assessment's, when it
 * failed), after checking that every failed operation was refused by a validation rule.
 */
function refusal(body: Json): { fields: string[]; message: string } {
  const f = failures(body);
  expect(f.length).toBeGreaterThan(0);
  expect([...new Set(f.map((x) => x.code))]).toEqual(['FIELD_CUSTOM_VALIDATION_EXCEPTION']);
  return { fields: f[0].fields, message: f[0].message };
}

/** What a jsforce call was refused with: [errorCode, fields]. */
async function restRefusal(
  call: Promise<unknown>
): Promise<{ code: string; fields: string[]; message: string }> {
  try {
    const result = (await call) as { success?: boolean; errors?: Json[] };
    if (result && result.success === false) {
      const e = result.errors?.[0] ?? {};
      return {
        code: String(e.statusCode ?? e.errorCode),
        fields: (e.fields ?? []) as string[],
        message: String(e.message)
      };
    }
  } catch (e) {
    const err = e as { errorCode?: string; data?: { fields?: string[] }; message: string };
    return { code: String(err.errorCode), fields: err.data?.fields ?? [], message: err.message };
  }
  throw new Error('expected the write to be refused');
}

const assessment = (id: string): Rec => org.store.get('Assessment__c', id) as Rec;
const rating = (id: string): Rec => org.store.get('Behavior_Rating__c', id) as Rec;

/** What a client read before saving: the assessment's version and token, each rating's version. */
interface Copy {
  id: string;
  version: number;
  token: string;
  ratings: Map<string, number>;
}

function read(id: string): Copy {
  const a = assessment(id);
  const ratings = new Map(
    org.store
      .table('Behavior_Rating__c')
      .rows.filter((r) => r.Assessment__c === id && !r.IsDeleted)
      .map((r) => [r.Id as string, Number(r.Version__c)])
  );
  return { id, version: Number(a.Version__c), token: String(a.Save_Token__c), ratings };
}

/** One save following docs/saving.md, built from a copy the client read. */
function contractSave(
  copy: Copy,
  fields: Json,
  ratings: Record<string, Json> = {},
  token: string = randomUUID()
): { query: string; variables: Json } {
  const types = ['$a: Assessment__cUpdateInput!'];
  const ops = ['a: Assessment__cUpdate(input: $a) { success }'];
  const variables: Json = {
    a: {
      Id: copy.id,
      Assessment__c: {
        ...fields,
        Version__c: copy.version + 1,
        Save_Token__c: token,
        Previous_Save_Token__c: copy.token
      }
    }
  };
  Object.entries(ratings).forEach(([id, values], i) => {
    types.push(`$u${i}: Behavior_Rating__cUpdateInput!`);
    ops.push(`u${i}: Behavior_Rating__cUpdate(input: $u${i}) { success }`);
    variables[`u${i}`] = {
      Id: id,
      Behavior_Rating__c: {
        ...values,
        Version__c: (copy.ratings.get(id) ?? 0) + 1,
        Save_Token__c: token,
        Previous_Save_Token__c: copy.token
      }
    };
  });
  return {
    query: `mutation save(${types.join(', ')}) { uiapi(input: { allOrNone: true }) { ${ops.join(' ')} } }`,
    variables
  };
}

const send = (who: Persona, save: { query: string; variables: Json }): Promise<Json> =>
  gql(who, save.query, save.variables);

/**
 * Creates an assessment of the rep with three ratings (4, 3, 5) as the manager, in one mutation that
 * follows the contract; returns its id and the rating ids in behaviour order.
 */
async function createAssessment(fields: Json = {}): Promise<{ id: string; ratings: string[] }> {
  period++;
  const token = randomUUID();
  const previous = randomUUID();
  const values = ['4', '3', '5'];
  const types = ['$a: Assessment__cCreateInput!'];
  const ops = ['a: Assessment__cCreate(input: $a) { Record { Id } }'];
  const variables: Json = {
    a: {
      Assessment__c: {
        Rep__c: rep.id,
        OwnerId: rep.id,
        Assessor__c: manager.id,
        Type__c: 'Manager',
        Status__c: 'Draft',
        Period__c: `${2000 + period}-Q1`,
        In_Ramp__c: false,
        Version__c: 1,
        Save_Token__c: token,
        Previous_Save_Token__c: previous,
        ...fields
      }
    }
  };
  behaviors.forEach((behavior, i) => {
    types.push(`$r${i}: Behavior_Rating__cCreateInput!`);
    ops.push(`r${i}: Behavior_Rating__cCreate(input: $r${i}) { Record { Id } }`);
    variables[`r${i}`] = {
      Behavior_Rating__c: {
        Assessment__c: '@{a}',
        Job_Behavior__c: behavior,
        Rating__c: values[i],
        Version__c: 1,
        Save_Token__c: token,
        Previous_Save_Token__c: previous
      }
    };
  });
  const body = await gql(
    manager,
    `mutation create(${types.join(', ')}) { uiapi(input: { allOrNone: true }) { ${ops.join(' ')} } }`,
    variables
  );
  expect(failures(body)).toEqual([]);
  return {
    id: body.data.uiapi.a.Record.Id as string,
    ratings: behaviors.map((_, i) => body.data.uiapi[`r${i}`].Record.Id as string)
  };
}

const ratingValues = (ids: string[]): unknown[] => ids.map((id) => rating(id).Rating__c);

describe('a save that follows the contract', () => {
  it('creates an assessment with its ratings, then updates both, each save moving version and tokens', async () => {
    const { id, ratings } = await createAssessment();
    expect(ratingValues(ratings)).toEqual(['4', '3', '5']);
    const copy = read(id);
    const token = randomUUID();
    const body = await send(
      manager,
      contractSave(
        copy,
        { Scope_Rating__c: 'Meeting' },
        { [ratings[0]]: { Rating__c: '2', Evidence__c: 'Missed twice' } },
        token
      )
    );
    expect(failures(body)).toEqual([]);
    expect(assessment(id)).toMatchObject({
      Version__c: copy.version + 1,
      Save_Token__c: token,
      Previous_Save_Token__c: copy.token,
      Scope_Rating__c: 'Meeting'
    });
    expect(rating(ratings[0])).toMatchObject({ Rating__c: '2', Version__c: 2, Save_Token__c: token });
  });
});

describe('a stale save never overwrites a newer save', () => {
  it('refuses a save from a copy read before someone else saved, leaving the newer ratings', async () => {
    const { id, ratings } = await createAssessment();
    const mine = read(id);
    const theirs = read(id);
    expect(
      failures(await send(manager, contractSave(theirs, {}, { [ratings[0]]: { Rating__c: '5' } })))
    ).toEqual([]);
    const stale = await send(
      manager,
      contractSave(
        mine,
        { Impact_Rating__c: 'Below' },
        { [ratings[0]]: { Rating__c: '1', Evidence__c: 'Not seen' } }
      )
    );
    expect(refusal(stale).fields).toEqual(['Version__c']);
    expect(refusal(stale).message).toContain('Someone else saved this assessment');
    expect(ratingValues(ratings)).toEqual(['5', '3', '5']);
    expect(assessment(id).Impact_Rating__c).toBeNull();
  });

  it('lets exactly one of 20 concurrent saves from the same copy through, and keeps its ratings', async () => {
    const { id, ratings } = await createAssessment();
    const copy = read(id);
    const plans = Array.from({ length: 20 }, (_, i) => ({
      values: [String(1 + (i % 5)), String(1 + ((i + 1) % 5)), String(1 + ((i + 2) % 5))],
      save: contractSave(
        copy,
        { Overall_Score__c: 1 + i / 10 },
        Object.fromEntries(
          ratings.map((r, j) => [
            r,
            { Rating__c: String(1 + ((i + j) % 5)), Evidence__c: `Observed in call ${i}` }
          ])
        )
      )
    }));
    const answers = await Promise.all(plans.map((p) => send(manager, p.save)));
    const accepted = answers.map((a, i) => (failures(a).length === 0 ? i : -1)).filter((i) => i >= 0);
    expect(accepted).toHaveLength(1);
    for (const [i, a] of answers.entries())
      if (i !== accepted[0]) expect(refusal(a).fields).toEqual(['Version__c']);
    expect(ratingValues(ratings)).toEqual(plans[accepted[0]].values);
    expect(assessment(id)).toMatchObject({
      Version__c: copy.version + 1,
      Overall_Score__c: 1 + accepted[0] / 10
    });
  });

  it('refuses all of 20 concurrent saves that omit the save token, so none overwrites another', async () => {
    const { id, ratings } = await createAssessment();
    const copy = read(id);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        gql(
          manager,
          `mutation save($a: Assessment__cUpdateInput!, $u: Behavior_Rating__cUpdateInput!) { uiapi(input: { allOrNone: true }) {
            a: Assessment__cUpdate(input: $a) { success } u: Behavior_Rating__cUpdate(input: $u) { success } } }`,
          {
            a: { Id: id, Assessment__c: { Version__c: copy.version + 1, Overall_Score__c: 1 + i / 10 } },
            u: {
              Id: ratings[0],
              Behavior_Rating__c: { Rating__c: String(1 + (i % 5)), Evidence__c: `Call ${i}`, Version__c: 2 }
            }
          }
        )
      )
    );
    for (const a of answers) expect(refusal(a).fields).toEqual(['Save_Token__c']);
    expect(assessment(id)).toMatchObject({ Version__c: copy.version, Overall_Score__c: null });
    expect(ratingValues(ratings)).toEqual(['4', '3', '5']);
  });

  it('refuses a save that reuses the token it read, stale or not', async () => {
    const { id, ratings } = await createAssessment();
    const copy = read(id);
    const reuse = contractSave(
      copy,
      { Scope_Rating__c: 'Exceeding' },
      { [ratings[1]]: { Rating__c: '4' } },
      copy.token
    );
    expect(refusal(await send(manager, reuse)).fields).toEqual(['Save_Token__c']);
    expect(
      failures(await send(manager, contractSave(copy, {}, { [ratings[2]]: { Rating__c: '3' } })))
    ).toEqual([]);
    expect(refusal(await send(manager, reuse)).fields).toEqual(['Version__c']);
    expect(ratingValues(ratings)).toEqual(['4', '3', '3']);
    expect(assessment(id).Scope_Rating__c).toBeNull();
  });

  it('refuses ratings-only saves over REST: stale, token reused, token made up, echoed back or left out', async () => {
    const { id, ratings } = await createAssessment();
    const stale = read(id);
    const staleRating = rating(ratings[0]);
    expect(
      failures(
        await send(
          manager,
          contractSave(stale, {}, { [ratings[1]]: { Rating__c: '2', Evidence__c: 'Late' } })
        )
      )
    ).toEqual([]);
    const conn = rest(manager);
    const now = read(id);
    const current = rating(ratings[1]);
    const attempts: Json[] = [
      // stale: the tokens the client read before the newer save
      {
        Save_Token__c: stale.token,
        Previous_Save_Token__c: staleRating.Previous_Save_Token__c,
        Version__c: 2
      },
      // not stale, but the token it read reused as the new one
      { Save_Token__c: now.token, Previous_Save_Token__c: now.token, Version__c: 2 },
      // a new token of its own, the assessment not saved with it
      { Save_Token__c: randomUUID(), Previous_Save_Token__c: now.token, Version__c: 2 },
      // no tokens at all
      { Version__c: 2 }
    ];
    for (const extra of attempts) {
      const refused = await restRefusal(
        conn
          .sobject('Behavior_Rating__c')
          .update({ Id: ratings[0], Rating__c: '1', Evidence__c: 'Overwrite', ...extra })
      );
      expect([extra, refused.code, refused.fields]).toEqual([
        extra,
        'FIELD_CUSTOM_VALIDATION_EXCEPTION',
        ['Version__c']
      ]);
    }
    // echoed back: the rating the newer save wrote, with its own tokens, only value and version changed
    const echo = await restRefusal(
      conn.sobject('Behavior_Rating__c').update({
        Id: ratings[1],
        Rating__c: '5',
        Version__c: Number(current.Version__c) + 1,
        Save_Token__c: current.Save_Token__c,
        Previous_Save_Token__c: current.Previous_Save_Token__c
      })
    );
    expect(echo.fields).toEqual(['Version__c']);
    expect(ratingValues(ratings)).toEqual(['4', '2', '5']);
    expect(read(id).version).toBe(now.version);
  });

  it('keeps a rating written by a client that copied the current tokens from being overwritten by an older copy', async () => {
    const { id, ratings } = await createAssessment();
    // the latest save writes only the first rating, so the third still carries the creation's tokens
    expect(
      failures(await send(manager, contractSave(read(id), {}, { [ratings[0]]: { Rating__c: '3' } })))
    ).toEqual([]);
    const older = read(id);
    const a = assessment(id);
    // a hostile client copies the assessment's current token pair into the third rating
    await rest(manager).sobject('Behavior_Rating__c').update({
      Id: ratings[2],
      Rating__c: '4',
      Version__c: 2,
      Save_Token__c: a.Save_Token__c,
      Previous_Save_Token__c: a.Previous_Save_Token__c
    });
    expect(rating(ratings[2]).Rating__c).toBe('4');
    // a full save from the copy read before that write: its assessment update passes, its rating does not
    const stale = await send(
      manager,
      contractSave(
        older,
        { Scope_Rating__c: 'Meeting' },
        { [ratings[2]]: { Rating__c: '1', Evidence__c: 'x1' } }
      )
    );
    expect(refusal(stale).fields).toEqual(['Version__c']);
    expect(rating(ratings[2]).Rating__c).toBe('4');
    expect(assessment(id).Scope_Rating__c).toBeNull();
  });

  it('gives no one the right to delete a rating (validation rules do not run on delete)', async () => {
    const { ratings } = await createAssessment();
    for (const who of [manager, rep]) {
      const refused = await restRefusal(rest(who).sobject('Behavior_Rating__c').destroy(ratings[0]));
      expect([who.username, refused.code]).toEqual([
        who.username,
        expect.stringMatching(/^INSUFFICIENT_ACCESS/)
      ]);
    }
    expect(rating(ratings[0])).toBeDefined();
  });
});

describe('every person saves under the same contract', () => {
  it('the rep acknowledges a submitted assessment with a new token, and not without one', async () => {
    const { id } = await createAssessment();
    expect(failures(await send(manager, contractSave(read(id), { Status__c: 'Submitted' })))).toEqual([]);
    const bare = await restRefusal(
      rest(rep)
        .sobject('Assessment__c')
        .update({ Id: id, Status__c: 'Acknowledged', Version__c: read(id).version + 1 })
    );
    expect(bare.fields).toEqual(['Save_Token__c']);
    expect(failures(await send(rep, contractSave(read(id), { Status__c: 'Acknowledged' })))).toEqual([]);
    expect(assessment(id).Status__c).toBe('Acknowledged');
  });
});

describe('the version', () => {
  it('cannot be written blank, which would switch the version check off', async () => {
    const { id } = await createAssessment();
    const conn = rest(manager);
    for (const body of [
      { Version__c: null },
      { Version__c: null, Scope_Rating__c: 'Below', Save_Token__c: randomUUID() }
    ]) {
      const refused = await restRefusal(conn.sobject('Assessment__c').update({ Id: id, ...body }));
      expect([body, refused.fields, refused.message]).toEqual([
        body,
        ['Version__c'],
        expect.stringContaining('cannot be blank')
      ]);
    }
    expect(assessment(id)).toMatchObject({ Version__c: 1, Scope_Rating__c: null });
    const answer = await gql(
      manager,
      'mutation { uiapi { a: Assessment__cUpdate(input: { Id: "' +
        id +
        '", Assessment__c: { Version__c: null } }) { success } } }'
    );
    expect(refusal(answer).fields).toEqual(['Version__c']);
  });

  it('of a rating cannot be written blank either', async () => {
    const { id, ratings } = await createAssessment();
    const copy = read(id);
    const save = contractSave(copy, {}, { [ratings[0]]: { Rating__c: '3' } });
    save.variables.u0.Behavior_Rating__c.Version__c = null;
    expect(refusal(await send(manager, save)).fields).toEqual(['Version__c']);
    expect(read(id).version).toBe(copy.version);
  });
});

describe('the final score', () => {
  /** Writes synced metrics as the sync user does: eligible score and version plus one. */
  async function syncWrites(id: string, values: Json): Promise<void> {
    const res = await rest(syncUser)
      .sobject('Assessment__c')
      .update({ Id: id, Version__c: Number(assessment(id).Version__c) + 1, ...values });
    expect(res).toMatchObject({ success: true });
  }

  it('cannot be set before the sync has written an eligible score (outside ramp), and not better than it', async () => {
    const { id } = await createAssessment({ Scope_Rating__c: 'Meeting', Impact_Rating__c: 'Meeting' });
    const early = await send(manager, contractSave(read(id), { Final_Score__c: 1 }));
    expect(refusal(early)).toEqual({
      fields: ['Final_Score__c'],
      message: expect.stringContaining('needs an eligible score')
    });
    expect(assessment(id).Final_Score__c).toBeNull();

    await syncWrites(id, { Quota_Attainment__c: 95, Eligible_Score__c: 3 });
    expect(refusal(await send(manager, contractSave(read(id), { Final_Score__c: 2 }))).fields).toEqual([
      'Final_Score__c'
    ]);
    expect(failures(await send(manager, contractSave(read(id), { Final_Score__c: 3 })))).toEqual([]);

    // the sync later writes a worse eligible score: its write stands and it flags the assessment
    await syncWrites(id, { Quota_Attainment__c: 30, Eligible_Score__c: 5, Needs_Calibration__c: true });
    expect(assessment(id)).toMatchObject({
      Final_Score__c: 3,
      Eligible_Score__c: 5,
      Needs_Calibration__c: true
    });
    // only the sync sets or clears the flag
    const cleared = await send(manager, contractSave(read(id), { Needs_Calibration__c: false }));
    expect(failures(cleared)).not.toEqual([]);
    expect(assessment(id).Needs_Calibration__c).toBe(true);
    // the manager may only score at or below the new eligible score; a calibrator may go above it with a reason
    expect(refusal(await send(manager, contractSave(read(id), { Final_Score__c: 4 }))).fields).toEqual([
      'Final_Score__c'
    ]);
    expect(refusal(await send(calibrator, contractSave(read(id), { Final_Score__c: 4 }))).fields).toEqual([
      'Final_Score__c'
    ]);
    const reason = 'A large renewal slipped by a week; agreed in calibration.';
    expect(
      failures(
        await send(calibrator, contractSave(read(id), { Final_Score__c: 4, Override_Reason__c: reason }))
      )
    ).toEqual([]);
    expect(assessment(id)).toMatchObject({ Final_Score__c: 4, Override_Reason__c: reason });
  });

  it('in ramp needs both expectation areas and is never better than they allow without an override', async () => {
    const { id } = await createAssessment({ In_Ramp__c: true });
    expect(refusal(await send(manager, contractSave(read(id), { Final_Score__c: 3 }))).fields).toEqual([
      'Final_Score__c'
    ]);
    const cases: [string, string, number, boolean][] = [
      ['Below', 'Below', 4, false],
      ['Below', 'Below', 5, true],
      ['Exceeding', 'Below', 3, false],
      ['Exceeding', 'Below', 4, true],
      ['Meeting', 'Meeting', 2, false],
      ['Meeting', 'Meeting', 3, true],
      ['Exceeding', 'Meeting', 1, false],
      ['Exceeding', 'Meeting', 2, true],
      ['Exceeding', 'Exceeding', 1, true]
    ];
    for (const [scope, impact, final, ok] of cases) {
      const answer = await send(
        manager,
        contractSave(read(id), { Scope_Rating__c: scope, Impact_Rating__c: impact, Final_Score__c: final })
      );
      expect([scope, impact, final, failures(answer).length === 0]).toEqual([scope, impact, final, ok]);
    }
    // lowering an area below what the final score needs is refused too
    expect(refusal(await send(manager, contractSave(read(id), { Scope_Rating__c: 'Below' }))).fields).toEqual(
      ['Final_Score__c']
    );
    expect(
      failures(
        await send(
          manager,
          contractSave(read(id), { Scope_Rating__c: 'Below', Impact_Rating__c: 'Below', Final_Score__c: 5 })
        )
      )
    ).toEqual([]);
    // a calibrator may score better than the areas allow, with a reason only
    expect(refusal(await send(calibrator, contractSave(read(id), { Final_Score__c: 2 }))).fields).toEqual([
      'Final_Score__c'
    ]);
    expect(
      failures(
        await send(
          calibrator,
          contractSave(read(id), { Final_Score__c: 2, Override_Reason__c: 'Covered a vacant territory.' })
        )
      )
    ).toEqual([]);
  });
});

describe('evidence for ratings of 1 and 2', () => {
  it.each([
    ['spaces, a line break and a tab', '   \n\t'],
    ['a zero-width space', '\u200b'],
    ['no-break and em spaces', '\u00a0\u2003\u3000'],
    ['punctuation only', '... -- !?'],
    ['a byte-order mark and a soft hyphen', '\ufeff\u00ad']
  ])('is refused when it holds %s', async (_, evidence) => {
    const { id, ratings } = await createAssessment();
    const answer = await send(
      manager,
      contractSave(read(id), {}, { [ratings[0]]: { Rating__c: '2', Evidence__c: evidence } })
    );
    expect(refusal(answer).fields).toEqual(['Evidence__c']);
    expect(rating(ratings[0]).Rating__c).toBe('4');
  });

  it.each([
    ['a sentence', 'Skipped discovery on two calls.'],
    ['a number', '  3 \n'],
    ['another script', '观察到两次'],
    ['an accented word', '  Écoute  ']
  ])('is accepted when it holds %s', async (_, evidence) => {
    const { id, ratings } = await createAssessment();
    const answer = await send(
      manager,
      contractSave(read(id), {}, { [ratings[0]]: { Rating__c: '1', Evidence__c: evidence } })
    );
    expect(failures(answer)).toEqual([]);
    expect(rating(ratings[0])).toMatchObject({ Rating__c: '1', Evidence__c: evidence });
  });

  it('is refused over REST when only invisible characters are sent with a new low rating', async () => {
    const { id } = await createAssessment();
    const a = assessment(id);
    const refused = await restRefusal(
      rest(manager).sobject('Behavior_Rating__c').create({
        Assessment__c: id,
        Job_Behavior__c: behaviors[0],
        Rating__c: '1',
        Evidence__c: '\u200b\u200b',
        Version__c: 1,
        Save_Token__c: a.Save_Token__c,
        Previous_Save_Token__c: a.Previous_Save_Token__c
      })
    );
    expect(refused.fields).toEqual(['Evidence__c']);
  });
});

describe('performance bands', () => {
  const band = (fields: Json): Json => ({
    Name: 'Test band',
    Key__c: `band.test.${randomUUID()}`,
    Score__c: 1,
    Min_Attainment__c: 500,
    Requires_Both_Exceeding__c: true,
    ...fields
  });

  it('refuse a fallback score that is not worse than the band score, which would undo the both-Exceeding gate', async () => {
    const admin = rest(org.personas.admin);
    for (const fallback of [1, 0]) {
      const refused = await restRefusal(
        admin.sobject('Performance_Band__c').create(band({ Fallback_Score__c: fallback }))
      );
      expect(refused.fields).toEqual(['Fallback_Score__c']);
    }
    const refusedSame = await restRefusal(
      admin.sobject('Performance_Band__c').create(band({ Score__c: 3, Fallback_Score__c: 3 }))
    );
    expect(refusedSame.message).toContain('worse');
    const created = (await admin.sobject('Performance_Band__c').create(band({ Fallback_Score__c: 2 }))) as {
      id: string;
    };
    const lowered = await restRefusal(
      admin.sobject('Performance_Band__c').update({ Id: created.id, Fallback_Score__c: 1 })
    );
    expect(lowered.fields).toEqual(['Fallback_Score__c']);
    expect(org.store.get('Performance_Band__c', created.id)?.Fallback_Score__c).toBe(2);
    await admin.sobject('Performance_Band__c').destroy(created.id);
  });
});

describe.each(['Maturity_Assessment__c', 'Strategy_Assessment__c'])('%s saves carry a version', (object) => {
  it('refuses a stale save (the version read plus one, again) and a blank version, changing nothing', async () => {
    const conn = rest(manager);
    const created = (await conn.sobject(object).create({ Notes__c: 'first', Version__c: 1 })) as {
      id: string;
    };
    const id = created.id;
    const first = (await conn.sobject(object).update({ Id: id, Notes__c: 'second', Version__c: 2 })) as {
      success: boolean;
    };
    expect(first.success).toBe(true);
    // A second leader who also read version 1 saves: refused, the first save stands.
    const stale = await restRefusal(
      conn.sobject(object).update({ Id: id, Notes__c: 'stale', Version__c: 2 })
    );
    expect(stale).toEqual(
      expect.objectContaining({ code: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', fields: ['Version__c'] })
    );
    expect(stale.message).toContain('Someone else saved this assessment after you opened it');
    const blank = await restRefusal(
      conn.sobject(object).update({ Id: id, Notes__c: 'blank', Version__c: null })
    );
    expect(blank.fields).toEqual(['Version__c']);
    expect(org.store.get(object, id)).toEqual(expect.objectContaining({ Notes__c: 'second', Version__c: 2 }));
  });
});
