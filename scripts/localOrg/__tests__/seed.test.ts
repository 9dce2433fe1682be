/**
 * The sample sales team, the default content loader and the CLI's argument parsing.
 */
import { parseArgs } from '../cli';
import { loadSchema } from '../schema';
import { loadPlans } from '../plans';
import { runSoql } from '../soql';
import { prng, seedSalesTeam } from '../seed';
import { Store } from '../store';
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
    expect(runSoql(store, 'SELECT COUNT() FROM ForecastingQuota').count).toBe(sellers * 5);
    expect(runSoql(store, 'SELECT COUNT() FROM Sales_Quota__c').count).toBe(sellers * 5);
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
