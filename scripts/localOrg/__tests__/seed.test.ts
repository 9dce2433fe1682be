/**
 * The sample sales team, the default content loader and the CLI's argument parsing.
 */
import { parseArgs } from '../cli';
import { loadSchema } from '../../metadata/schema';
import { loadPlans } from '../plans';
import { runSoql } from '../soql';
import { PLANTED_BEHAVIOR, prng, seedSalesTeam, SKILL_LINKED_COMPETENCIES } from '../seed';
import { Store, type Rec } from '../store';
import { spearman } from '../../../force-app/main/default/lwc/scoring/scoring';
import { readPlans } from '../../data/plan';
import { NOW } from './helpers';

const schema = loadSchema();
const newStore = (fiscalYearStartMonth = 1) =>
  new Store(schema, { now: () => NOW, organization: { fiscalYearStartMonth } });
const agg = (store: Store, soql: string) => runSoql(store, soql).aggregateRows;

describe('seedSalesTeam', () => {
  it('is deterministic for a seed and different for another', () => {
    const a = newStore();
    const b = newStore();
    const c = newStore();
    seedSalesTeam(a, { reps: 16, seed: 7 });
    seedSalesTeam(b, { reps: 16, seed: 7 });
    seedSalesTeam(c, { reps: 16, seed: 8 });
    const amounts = (s: Store) => s.table('Opportunity').rows.map((r) => r.Amount);
    expect(amounts(a)).toEqual(amounts(b));
    expect(amounts(a)).not.toEqual(amounts(c));
    expect(prng(1)()).toBe(prng(1)());
  });

  it('builds a role hierarchy, reps with the package User fields, quotas per quarter and SDR leads', () => {
    const store = newStore(2);
    const s = seedSalesTeam(store, { reps: 40, quarters: 4 });
    expect(s).toMatchObject({ reps: 40, managers: 5 });
    expect(s.periods).toHaveLength(5);
    expect(s.periods[s.periods.length - 1]).toBe('2027-Q2'); // May 2026 in a February fiscal year
    const current = runSoql(
      store,
      'SELECT StartDate, EndDate, Number FROM Period WHERE StartDate <= TODAY AND EndDate >= TODAY'
    );
    expect(current.rows.map(current.project)).toEqual([
      expect.objectContaining({ StartDate: '2026-05-01', EndDate: '2026-07-31', Number: 2 })
    ]);
    const roles = agg(
      store,
      'SELECT Sales_Role__c, COUNT(Id) FROM User WHERE Sales_Role__c != null GROUP BY Sales_Role__c'
    );
    expect(roles.map((r) => r.Sales_Role__c).sort()).toEqual(['Account Executive', 'Account Manager', 'SDR']);
    expect(roles.reduce((n, r) => n + (r.expr0 as number), 0)).toBe(40);
    const levels = agg(
      store,
      'SELECT MIN(Career_Level__c), MAX(Career_Level__c) FROM User WHERE Sales_Role__c != null'
    )[0];
    expect(levels.expr0).toBeGreaterThanOrEqual(1);
    expect(levels.expr1).toBeLessThanOrEqual(6);
    const managed = runSoql(
      store,
      "SELECT Id FROM User WHERE Sales_Role__c != null AND Manager.Title = 'Sales Manager'"
    );
    expect(managed.rows).toHaveLength(40);
    const sellers = 40 - (roles.find((r) => r.Sales_Role__c === 'SDR')!.expr0 as number);
    // sellers have amount quotas, SDRs count quotas (leads converted), in both quota sources
    expect(runSoql(store, 'SELECT COUNT() FROM ForecastingQuota WHERE IsAmount = true').count).toBe(
      sellers * 5
    );
    expect(runSoql(store, 'SELECT COUNT() FROM ForecastingQuota WHERE IsQuantity = true').count).toBe(
      (40 - sellers) * 5
    );
    expect(runSoql(store, 'SELECT COUNT() FROM Sales_Quota__c WHERE Amount__c != null').count).toBe(
      sellers * 5
    );
    expect(runSoql(store, 'SELECT COUNT() FROM Sales_Quota__c WHERE Quantity__c > 0').count).toBe(
      (40 - sellers) * 5
    );
    const sdrLeads = runSoql(store, "SELECT COUNT() FROM Lead WHERE Owner.Sales_Role__c = 'SDR'").count;
    expect(sdrLeads).toBe(s.leads);
    expect(
      runSoql(store, 'SELECT COUNT() FROM Lead WHERE IsConverted = true AND ConvertedDate = null').count
    ).toBe(0);
  });

  it('closes opportunities with realistic win rates, positive amounts and cycle times', () => {
    const store = newStore();
    seedSalesTeam(store, { reps: 30 });
    const [closed] = agg(store, 'SELECT COUNT(Id) total, SUM(Amount) FROM Opportunity WHERE IsClosed = true');
    const [won] = agg(store, 'SELECT COUNT(Id) total, MIN(Amount) FROM Opportunity WHERE IsWon = true');
    const rate = (won.total as number) / (closed.total as number);
    expect(rate).toBeGreaterThan(0.15);
    expect(rate).toBeLessThan(0.6);
    expect(won.expr0 as number).toBeGreaterThan(0);
    const open = runSoql(
      store,
      'SELECT COUNT() FROM Opportunity WHERE IsClosed = false AND CloseDate < TODAY'
    ).count;
    expect(open).toBe(0);
    const badCycle = store
      .table('Opportunity')
      .rows.filter((r) => String(r.CreatedDate).slice(0, 10) >= String(r.CloseDate));
    expect(badCycle).toHaveLength(0);
  });

  it('refuses a bad team size', () => {
    expect(() => seedSalesTeam(newStore(), { reps: -1 })).toThrow('reps must be a positive whole number');
  });
});

describe('seeded assessments', () => {
  /** A store with the default content and the package's validation rules, seeded with assessments. */
  const seeded = (reps: number, seed = 42) => {
    const store = new Store(schema, { now: () => NOW, validationRules: true });
    loadPlans(store);
    return { store, summary: seedSalesTeam(store, { reps, seed, assessments: true }) };
  };
  const live = (store: Store, type: string): Rec[] => store.table(type).rows.filter((r) => !r.IsDeleted);
  /** Every rating as text (behaviour key, rating, evidence), in creation order. */
  const ratingsOf = (store: Store): string[] => {
    const key = new Map(live(store, 'Job_Behavior__c').map((b) => [b.Id, b.Key__c]));
    return live(store, 'Behavior_Rating__c').map(
      (r) => `${String(key.get(r.Job_Behavior__c))}=${String(r.Rating__c)}:${String(r.Evidence__c ?? '')}`
    );
  };

  it("gives every rep a submitted manager assessment of the last closed quarter, rating their role's behaviours", () => {
    const { store, summary } = seeded(40);
    // 15 May 2026 in a calendar fiscal year: the last closed quarter is January to March
    expect(summary.assessmentPeriod).toBe('2026-Q1');
    const reps = live(store, 'User').filter((u) => u.Sales_Role__c);
    const assessments = live(store, 'Assessment__c');
    expect(summary.assessments).toBe(40);
    expect(assessments).toHaveLength(40);
    // the behaviours each role is rated on, from the content's role-to-competency mapping
    const behaviorsOfRole = new Map<string, Set<string>>();
    for (const rc of live(store, 'Role_Competency__c')) {
      const set = behaviorsOfRole.get(rc.Sales_Role__c as string) ?? new Set<string>();
      for (const b of live(store, 'Job_Behavior__c'))
        if (b.Competency__c === rc.Competency__c) set.add(b.Id as string);
      behaviorsOfRole.set(rc.Sales_Role__c as string, set);
    }
    const ratings = live(store, 'Behavior_Rating__c');
    expect(summary.ratings).toBe(ratings.length);
    for (const rep of reps) {
      const mine = assessments.filter((a) => a.Rep__c === rep.Id);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({
        Assessor__c: rep.ManagerId,
        OwnerId: rep.Id,
        Type__c: 'Manager',
        Period__c: '2026-Q1',
        Status__c: 'Submitted',
        Sales_Role__c: rep.Sales_Role__c,
        In_Ramp__c: rep.In_Ramp__c,
        Version__c: 1
      });
      expect(['Below', 'Meeting', 'Exceeding']).toContain(mine[0].Scope_Rating__c);
      expect(['Below', 'Meeting', 'Exceeding']).toContain(mine[0].Impact_Rating__c);
      const rated = ratings.filter((r) => r.Assessment__c === mine[0].Id);
      // one rating per behaviour of the role, written by the manager
      expect(new Set(rated.map((r) => r.Job_Behavior__c))).toEqual(
        behaviorsOfRole.get(rep.Sales_Role__c as string)
      );
      expect(rated).toHaveLength(behaviorsOfRole.get(rep.Sales_Role__c as string)!.size);
      expect(rated.every((r) => r.CreatedById === rep.ManagerId)).toBe(true);
    }
    const values = new Set(ratings.map((r) => r.Rating__c));
    expect([...values].sort()).toEqual(['1', '2', '3', '4', '5', 'N/A']);
    const low = ratings.filter((r) => r.Rating__c === '1' || r.Rating__c === '2');
    expect(low.length).toBeGreaterThan(0);
    expect(low.every((r) => typeof r.Evidence__c === 'string' && r.Evidence__c.length > 20)).toBe(true);
    expect(ratings.filter((r) => r.Rating__c === 'N/A').length).toBeLessThan(ratings.length * 0.1);
  });

  it('writes as the manager through the validation rules and leaves the acting user as it was', () => {
    const { store } = seeded(10);
    const admin = live(store, 'User').find((u) => u.Username === 'admin@local.org')!;
    expect(store.currentUserId).toBe(admin.Id);
    const assessment = live(store, 'Assessment__c')[0];
    const behavior = live(store, 'Behavior_Rating__c').find((r) => r.Assessment__c === assessment.Id)!;
    // the rules are live: the admin is not the assessor, so cannot add a rating
    expect(() =>
      store.create('Behavior_Rating__c', {
        Assessment__c: assessment.Id,
        Job_Behavior__c: behavior.Job_Behavior__c,
        Rating__c: '4'
      })
    ).toThrow(/Only the assessor/);
    // the manager can, and a low rating without evidence is refused
    store.runAs(assessment.Assessor__c as string);
    expect(() =>
      store.create('Behavior_Rating__c', {
        Assessment__c: assessment.Id,
        Job_Behavior__c: behavior.Job_Behavior__c,
        Rating__c: '1'
      })
    ).toThrow(/needs evidence/);
  });

  it('is deterministic, and leaves the rest of the org as it is without assessments', () => {
    const a = seeded(16, 7).store;
    const b = seeded(16, 7).store;
    const c = seeded(16, 8).store;
    expect(ratingsOf(a).length).toBeGreaterThan(16 * 20);
    expect(ratingsOf(a)).toEqual(ratingsOf(b));
    expect(ratingsOf(a)).not.toEqual(ratingsOf(c));
    const plain = new Store(schema, { now: () => NOW });
    loadPlans(plain);
    const summary = seedSalesTeam(plain, { reps: 16, seed: 7 });
    expect(summary).toMatchObject({ assessments: 0, ratings: 0, assessmentPeriod: null });
    expect(live(plain, 'Assessment__c')).toHaveLength(0);
    expect(live(plain, 'Behavior_Rating__c')).toHaveLength(0);
    const deals = (s: Store) => live(s, 'Opportunity').map((o) => `${String(o.OwnerId)}:${String(o.Amount)}`);
    expect(deals(plain)).toEqual(deals(a));
  });

  it('rates the skill-linked behaviours in step with win rate, and the others at random', () => {
    const { store } = seeded(240, 11);
    // each rep's win rate over every closed deal of the seed: a steadier view of skill than one quarter
    const closed = new Map<string, [number, number]>();
    for (const o of live(store, 'Opportunity')) {
      if (!o.IsClosed) continue;
      const c = closed.get(o.OwnerId as string) ?? [0, 0];
      c[0] += o.IsWon ? 1 : 0;
      c[1]++;
      closed.set(o.OwnerId as string, c);
    }
    const repOf = new Map(live(store, 'Assessment__c').map((a) => [a.Id, a.Rep__c as string]));
    const competencyKey = new Map(live(store, 'Competency__c').map((c) => [c.Id, c.Key__c as string]));
    const behaviors = new Map(live(store, 'Job_Behavior__c').map((b) => [b.Id, b]));
    const pairs = new Map<string, [number[], number[]]>();
    for (const r of live(store, 'Behavior_Rating__c')) {
      const rep = repOf.get(r.Assessment__c) as string;
      const won = closed.get(rep);
      if (!won || r.Rating__c === 'N/A') continue;
      const p = pairs.get(r.Job_Behavior__c as string) ?? [[], []];
      p[0].push(Number(r.Rating__c));
      p[1].push(won[0] / won[1]);
      pairs.set(r.Job_Behavior__c as string, p);
    }
    const linked: number[] = [];
    const other: number[] = [];
    for (const [id, [xs, ys]] of pairs) {
      const b = behaviors.get(id) as Rec;
      const rho = spearman(xs, ys) as number;
      const isLinked =
        SKILL_LINKED_COMPETENCIES.includes(competencyKey.get(b.Competency__c) as string) &&
        Number(b.Sort_Order__c) <= 2;
      (isLinked ? linked : other).push(rho);
    }
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(linked.length).toBeGreaterThanOrEqual(6);
    expect(other.length).toBeGreaterThan(linked.length * 4);
    expect(Math.min(...linked)).toBeGreaterThan(0.3);
    expect(mean(linked)).toBeGreaterThan(0.45);
    expect(Math.abs(mean(other))).toBeLessThan(0.05);
  });

  it('has the second manager of every three rate high and the third low, on the noise behaviours only', () => {
    const { store } = seeded(48, 7);
    const assessments = new Map(live(store, 'Assessment__c').map((a) => [a.Id, a]));
    const behaviors = new Map(live(store, 'Job_Behavior__c').map((b) => [b.Id, b]));
    const competencyKey = new Map(live(store, 'Competency__c').map((c) => [c.Id, c.Key__c as string]));
    const managers = [...new Set(live(store, 'Assessment__c').map((a) => a.Assessor__c as string))];
    // mean rating per manager over the behaviours that follow neither skill nor the planted knack
    const sums = new Map<string, [number, number]>();
    for (const r of live(store, 'Behavior_Rating__c')) {
      const b = behaviors.get(r.Job_Behavior__c) as Rec;
      const linked =
        SKILL_LINKED_COMPETENCIES.includes(competencyKey.get(b.Competency__c) as string) &&
        Number(b.Sort_Order__c) <= 2;
      if (r.Rating__c === 'N/A' || linked || b.Key__c === PLANTED_BEHAVIOR) continue;
      const m = assessments.get(r.Assessment__c)?.Assessor__c as string;
      const t = sums.get(m) ?? [0, 0];
      t[0] += Number(r.Rating__c);
      t[1]++;
      sums.set(m, t);
    }
    const mean = (m: string): number =>
      (sums.get(m) as [number, number])[0] / (sums.get(m) as [number, number])[1];
    expect(managers).toHaveLength(6);
    for (let i = 0; i < managers.length; i += 3) {
      const [even, high, low] = managers.slice(i, i + 3).map(mean);
      expect(high - even).toBeGreaterThan(0.2);
      expect(even - low).toBeGreaterThan(0.2);
    }
  });

  it('needs the default content', () => {
    const store = new Store(schema, { now: () => NOW });
    expect(() => seedSalesTeam(store, { reps: 5, assessments: true })).toThrow(
      /Seeding assessments needs the default content .*plans: true/
    );
  });
});

describe('loadPlans', () => {
  it('imports the default content by key, parents first, and is idempotent', () => {
    const store = newStore();
    const n = loadPlans(store);
    expect(n).toBe(readPlans().length);
    const count = () => [...store.tables.values()].reduce((sum, t) => sum + t.size, 0);
    const before = count();
    loadPlans(store);
    expect(count()).toBe(before);
    const orphans = runSoql(store, 'SELECT COUNT() FROM Competency__c WHERE Dimension__c = null').count;
    expect(orphans).toBe(0);
  });
});

describe('org:start arguments', () => {
  it('parses options and environment', () => {
    const o = parseArgs(['--port', '0', '--reps', '5', '--no-content', '--fiscal-start-month', '2'], {
      SF_ACCESS_TOKEN: 'tok',
      LOCAL_ORG_FAULTS: '[{"kind":"requestLimit","times":2}]'
    });
    expect(o).toMatchObject({
      port: 0,
      plans: false,
      accessToken: 'tok',
      seed: { reps: 5 },
      organization: { fiscalYearStartMonth: 2 }
    });
    expect(o.faults).toEqual([{ kind: 'requestLimit', times: 2 }]);
    expect(parseArgs(['--reps', '0'], {}).seed).toBe(false);
    // assessments by default; they rate the default content, so --no-content drops them
    expect(parseArgs([], {}).seed).toMatchObject({ assessments: true });
    expect(parseArgs(['--no-assessments'], {}).seed).toMatchObject({ assessments: false });
    expect(parseArgs(['--no-content'], {}).seed).toMatchObject({ assessments: false });
  });

  it('rejects bad input with a clear message', () => {
    expect(() => parseArgs(['--port', 'abc'], {})).toThrow(
      '--port needs a whole number from 0 to 65535, got abc'
    );
    expect(() => parseArgs(['--fiscal-start-month', '13'], {})).toThrow('--fiscal-start-month');
    expect(() => parseArgs(['--bogus'], {})).toThrow('Unknown option --bogus');
    expect(() => parseArgs([], { LOCAL_ORG_FAULTS: '{nope' })).toThrow('LOCAL_ORG_FAULTS is not valid JSON');
  });
});
