/**
 * Opportunity stage history in the local org: the seeded history agrees with each opportunity's
 * stage and dates, and API writes add OpportunityHistory rows as Salesforce does.
 */
import { loadSchema, OPPORTUNITY_STAGES } from '../../metadata/schema';
import { runSoql } from '../soql';
import { seedSalesTeam } from '../seed';
import { Store, type Rec } from '../store';
import { NOW } from './helpers';

const schema = loadSchema();
const newStore = (): Store => new Store(schema, { now: () => NOW });
const order = new Map(OPPORTUNITY_STAGES.map((s, i) => [s.name, i]));

describe('seeded opportunity history', () => {
  const store = newStore();
  const summary = seedSalesTeam(store, { reps: 30 });
  const history = new Map<string, Rec[]>();
  for (const h of store.table('OpportunityHistory').rows) {
    const list = history.get(h.OpportunityId as string) ?? [];
    list.push(h);
    history.set(h.OpportunityId as string, list);
  }

  it('writes about five rows per opportunity, for every opportunity', () => {
    const opportunities = store.table('Opportunity').rows;
    expect(summary.historyRows).toBe(store.table('OpportunityHistory').rows.length);
    expect(history.size).toBe(opportunities.length);
    const perOpportunity = summary.historyRows / opportunities.length;
    expect(perOpportunity).toBeGreaterThan(3.5);
    expect(perOpportunity).toBeLessThan(6.5);
  });

  it('agrees with each opportunity: starts at creation, moves forward, ends at its stage (on its close date when closed)', () => {
    const problems: string[] = [];
    for (const opp of store.table('Opportunity').rows) {
      const rows = [...(history.get(opp.Id as string) ?? [])].sort((a, b) =>
        String(a.CreatedDate) < String(b.CreatedDate) ? -1 : 1
      );
      const id = String(opp.Id);
      if (rows[0].CreatedDate !== opp.CreatedDate) problems.push(`${id}: first row not at creation`);
      if (rows[rows.length - 1].StageName !== opp.StageName) problems.push(`${id}: ends elsewhere`);
      if (opp.IsClosed && String(rows[rows.length - 1].CreatedDate).slice(0, 10) !== opp.CloseDate)
        problems.push(`${id}: closing row not on the close date`);
      for (let i = 1; i < rows.length; i++) {
        if (
          (order.get(rows[i].StageName as string) ?? -1) <= (order.get(rows[i - 1].StageName as string) ?? -1)
        )
          problems.push(`${id}: stage moves back or repeats`);
        if (rows[i].FromOpportunityStageName !== rows[i - 1].StageName)
          problems.push(`${id}: wrong from-stage`);
      }
      if (rows.some((r) => r.Amount !== opp.Amount)) problems.push(`${id}: amount differs`);
    }
    expect(problems).toEqual([]);
  });

  it('has the OpportunityStage rows in stage order, read-only through the API', () => {
    const stages = runSoql(
      store,
      'SELECT ApiName, SortOrder, IsClosed, IsWon FROM OpportunityStage ORDER BY SortOrder'
    );
    expect(stages.rows.map(stages.project).map((r) => r.ApiName)).toEqual(
      OPPORTUNITY_STAGES.map((s) => s.name)
    );
    expect(() => store.create('OpportunityStage', { ApiName: 'X' })).toThrow('does not support insert');
    expect(() =>
      store.create('OpportunityHistory', { OpportunityId: store.table('Opportunity').rows[0].Id })
    ).toThrow('does not support insert');
  });

  it('can be read by relationship, as the sync reads it', () => {
    const result = runSoql(
      store,
      'SELECT OpportunityId, StageName, CreatedDate, Opportunity.OwnerId, Opportunity.IsWon FROM OpportunityHistory WHERE Opportunity.IsClosed = true ORDER BY OpportunityId, CreatedDate'
    );
    const closed = store
      .table('Opportunity')
      .rows.filter((o) => o.IsClosed)
      .map((o) => o.Id);
    expect(new Set(result.rows.map((r) => r.OpportunityId))).toEqual(new Set(closed));
  });
});

describe('history written by API saves', () => {
  const rowsOf = (store: Store, id: string): Rec[] =>
    store.table('OpportunityHistory').rows.filter((r) => r.OpportunityId === id);

  it('adds a row on create and on each change of stage, amount, close date or probability, none otherwise', () => {
    const store = newStore();
    const id = store.create('Opportunity', {
      Name: 'Deal',
      StageName: 'Prospecting',
      CloseDate: '2026-06-30',
      Amount: 1000
    });
    expect(rowsOf(store, id)).toEqual([
      expect.objectContaining({
        StageName: 'Prospecting',
        FromOpportunityStageName: null,
        Amount: 1000,
        Probability: 10,
        ForecastCategory: 'Pipeline',
        CreatedDate: '2026-05-15T12:00:00.000+0000'
      })
    ]);
    store.update('Opportunity', id, { Name: 'Renamed deal' });
    expect(rowsOf(store, id)).toHaveLength(1);
    store.update('Opportunity', id, { StageName: 'Qualification' });
    store.update('Opportunity', id, { Amount: 2000 });
    store.update('Opportunity', id, { StageName: 'Closed Won', Probability: 100 });
    expect(rowsOf(store, id).map((r) => [r.StageName, r.FromOpportunityStageName, r.Amount])).toEqual([
      ['Prospecting', null, 1000],
      ['Qualification', 'Prospecting', 1000],
      ['Qualification', null, 2000],
      ['Closed Won', 'Qualification', 2000]
    ]);
    expect(rowsOf(store, id)[3].ForecastCategory).toBe('Closed');
  });

  it('rolls the row back with a failed transaction', () => {
    const store = newStore();
    const before = store.table('OpportunityHistory').rows.length;
    expect(() =>
      store.transaction(() => {
        store.create('Opportunity', { Name: 'Deal', StageName: 'Prospecting', CloseDate: '2026-06-30' });
        throw new Error('all or none');
      })
    ).toThrow('all or none');
    expect(store.table('OpportunityHistory').rows).toHaveLength(before);
  });
});
