/**
 * End-to-end tests of the metrics sync against the embedded local org over HTTP (jsforce as the
 * client). Expected values are computed here straight from the seeded store rows, not through the
 * sync's code; only the scoring library's own rules (period range, eligible score, impact) are reused.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  behaviorImpact,
  eligibleScore,
  lastClosedQuarter,
  periodRange,
  roundTo,
  type ImpactRow,
  type PerformanceBand
} from '../../../force-app/main/default/lwc/scoring/scoring';
import { startLocalOrg, type LocalOrg, type Rec, type Store } from '../../localOrg/index';
import { main, type CliIo } from '../cli';
import { stageCode } from '../sync';

const NOW = new Date('2026-05-15T12:00:00Z');
const FAST_RETRY = { baseMs: 5, maxMs: 20 };

interface Run {
  code: number;
  out: string;
  err: string;
}

async function run(org: LocalOrg, argv: string[], env: Record<string, string> = {}): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => void out.push(t), err: (t) => void err.push(t), isTTY: false };
  const code = await main(argv, { SF_INSTANCE_URL: org.url, SF_ACCESS_TOKEN: org.accessToken, ...env }, io, {
    retry: FAST_RETRY
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const day = (text: string): number => Date.parse(`${text.slice(0, 10)}T00:00:00Z`) / 86_400_000;

/** The open stages in picklist order: the seeded org's funnel (every stage is active). */
const FUNNEL = [
  'Prospecting',
  'Qualification',
  'Needs Analysis',
  'Value Proposition',
  'Id. Decision Makers',
  'Perception Analysis',
  'Proposal/Price Quote',
  'Negotiation/Review'
];

/**
 * Stage figures of a rep's closed deals, straight from their OpportunityHistory rows: for each
 * funnel stage, deals that reached it (that stage or a later open one in their history, or won),
 * moved on (reached the next, or won after the last), were won; and the mean days between entering
 * the stage and the next row with another stage.
 */
function expectedStages(store: Store, deals: Rec[]): Record<string, unknown>[] | null {
  if (!deals.length) return null;
  const historyOf = new Map<string, Rec[]>();
  for (const h of store.table('OpportunityHistory').rows) {
    const list = historyOf.get(h.OpportunityId as string) ?? [];
    list.push(h);
    historyOf.set(h.OpportunityId as string, list);
  }
  const reached = FUNNEL.map(() => 0);
  const advanced = FUNNEL.map(() => 0);
  const won = FUNNEL.map(() => 0);
  const days = FUNNEL.map((): number[] => []);
  for (const deal of deals) {
    const rows = [...(historyOf.get(deal.Id as string) ?? [])].sort((a, b) =>
      String(a.CreatedDate).localeCompare(String(b.CreatedDate))
    );
    const furthest = Math.max(-1, ...rows.map((r) => FUNNEL.indexOf(r.StageName as string)));
    const isWon = deal.IsWon === true;
    const got = (k: number): boolean => isWon || furthest >= k;
    FUNNEL.forEach((_, k) => {
      if (!got(k)) return;
      reached[k]++;
      if (k < FUNNEL.length - 1 ? got(k + 1) : isWon) advanced[k]++;
      if (isWon) won[k]++;
    });
    for (let i = 0; i < rows.length; i++) {
      const k = FUNNEL.indexOf(rows[i].StageName as string);
      if (k < 0 || (i > 0 && rows[i - 1].StageName === rows[i].StageName)) continue;
      const next = rows.slice(i + 1).find((r) => r.StageName !== rows[i].StageName);
      if (next) days[k].push(day(next.CreatedDate as string) - day(rows[i].CreatedDate as string));
    }
  }
  const pct = (a: number, b: number): number | null => (b ? roundTo((100 * a) / b, 2) : null);
  return FUNNEL.map((stage, k) => ({
    stage,
    reached: reached[k],
    advanced: advanced[k],
    won: won[k],
    conversion: pct(advanced[k], reached[k]),
    winRate: pct(won[k], reached[k]),
    avgDays: days[k].length ? roundTo(days[k].reduce((a, b) => a + b, 0) / days[k].length, 1) : null
  })).filter((m, k) => m.reached > 0 || days[k].length > 0);
}

/** The snapshot every rep should get, from the raw rows of the store. */
function expectedSnapshots(store: Store, period: string): Map<string, Record<string, unknown>> {
  const fiscalRaw = store.fiscal();
  const range = periodRange(period, {
    startMonth: fiscalRaw.fiscalYearStartMonth,
    usesStartDateAsFiscalYearName: fiscalRaw.usesStartDateAsFiscalYearName
  });
  const inRange = (d: string): boolean => d.slice(0, 10) >= range.start && d.slice(0, 10) <= range.end;
  const reps = store.table('User').rows.filter((u) => u.IsActive === true && u.Sales_Role__c);
  const out = new Map<string, Record<string, unknown>>();
  for (const rep of reps) {
    const id = rep.Id as string;
    const closed = store
      .table('Opportunity')
      .rows.filter((o) => o.OwnerId === id && o.IsClosed === true && inRange(o.CloseDate as string));
    const won = closed.filter((o) => o.IsWon === true);
    // Currency fields hold cents: sum in whole cents so no float drift enters the comparison.
    const wonAmount = won.reduce((s, o) => s + Math.round(Number(o.Amount ?? 0) * 100), 0) / 100;
    const quotaRows = store
      .table('ForecastingQuota')
      .rows.filter((q) => q.QuotaOwnerId === id && inRange(q.StartDate as string));
    const sdr = rep.Sales_Role__c === 'SDR';
    // SDRs are measured by a count quota (leads converted in the period), the others by amount
    const amountRows = quotaRows.filter((q) => q.IsAmount === true);
    const quota =
      !sdr && amountRows.length ? amountRows.reduce((s, q) => s + Number(q.QuotaAmount), 0) : null;
    const quantityRows = quotaRows.filter((q) => q.IsQuantity === true);
    const quantity =
      sdr && quantityRows.length ? quantityRows.reduce((s, q) => s + Number(q.QuotaQuantity), 0) : null;
    const convertedInPeriod = store
      .table('Lead')
      .rows.filter(
        (l) => l.OwnerId === id && l.IsConverted === true && inRange(String(l.ConvertedDate ?? ''))
      ).length;
    const attainment = sdr
      ? quantity
        ? roundTo((convertedInPeriod / quantity) * 100, 2)
        : null
      : quota
        ? roundTo((wonAmount / quota) * 100, 2)
        : null;
    const leads = store
      .table('Lead')
      .rows.filter((l) => l.OwnerId === id && inRange(l.CreatedDate as string));
    const converted = leads.filter((l) => l.IsConverted === true).length;
    const cycle = won.map((o) => day(o.CloseDate as string) - day(o.CreatedDate as string));
    const avgCycle = cycle.length ? cycle.reduce((a, b) => a + b, 0) / cycle.length : 0;
    // velocity: closed deals x win rate x average won deal / average cycle days
    const velocity =
      won.length && avgCycle > 0
        ? roundTo((closed.length * (won.length / closed.length) * (wonAmount / won.length)) / avgCycle, 2)
        : null;
    const stages = expectedStages(store, closed);
    out.set(`${id}:${period}`, {
      Rep__c: id,
      OwnerId: id,
      Period__c: period,
      Period_Start__c: range.start,
      Period_End__c: range.end,
      Won_Count__c: won.length,
      Lost_Count__c: closed.length - won.length,
      Won_Amount__c: roundTo(wonAmount, 2),
      Win_Rate__c: closed.length ? roundTo((won.length / closed.length) * 100, 2) : null,
      Quota__c: quota,
      Quota_Attainment__c: attainment,
      Avg_Deal_Size__c: won.length ? roundTo(wonAmount / won.length, 2) : null,
      Avg_Cycle_Days__c: cycle.length ? roundTo(cycle.reduce((a, b) => a + b, 0) / cycle.length, 1) : null,
      Leads_Total__c: sdr ? leads.length : null,
      Leads_Converted__c: sdr ? converted : null,
      Lead_Conversion__c: sdr && leads.length ? roundTo((converted / leads.length) * 100, 2) : null,
      Quota_Source__c: quota || quantity ? 'Forecasting' : 'None',
      Quota_Measure__c: sdr ? 'Leads Converted' : 'Amount',
      Quota_Quantity__c: quantity,
      Quota_Count__c: sdr ? convertedInPeriod : null,
      Sales_Velocity__c: velocity,
      Stage_Metrics__c: stages
    });
  }
  return out;
}

function pick(rec: Rec, fields: string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f, rec[f] ?? null]));
}

function bandsOf(store: Store): PerformanceBand[] {
  return store.table('Performance_Band__c').rows.map((b) => ({
    score: Number(b.Score__c),
    minAttainment: b.Min_Attainment__c === null ? null : Number(b.Min_Attainment__c),
    maxAttainment: b.Max_Attainment__c === null ? null : Number(b.Max_Attainment__c),
    requiresBothExceeding: b.Requires_Both_Exceeding__c === true,
    fallbackScore: b.Fallback_Score__c === null ? null : Number(b.Fallback_Score__c)
  }));
}

/** Open assessments with ratings for every AE, and a newer second rating for a few of them. */
function addAssessments(store: Store, period: string): void {
  const behaviors = store.table('Job_Behavior__c').rows.slice(0, 2);
  const aes = store.table('User').rows.filter((u) => u.Sales_Role__c === 'Account Executive');
  const levels = ['Below', 'Meeting', 'Exceeding'];
  aes.forEach((rep, i) => {
    const assessment = store.insertRaw('Assessment__c', {
      Rep__c: rep.Id,
      OwnerId: rep.Id,
      Assessor__c: rep.ManagerId ?? null,
      Type__c: 'Manager',
      Period__c: period,
      Status__c: i % 5 === 4 ? 'Acknowledged' : i % 2 ? 'Submitted' : 'Draft',
      Sales_Role__c: 'Account Executive',
      Scope_Rating__c: levels[i % 3],
      Impact_Rating__c: levels[(i + 1) % 3],
      In_Ramp__c: i % 7 === 3,
      Version__c: 2
    });
    behaviors.forEach((b, k) => {
      store.insertRaw('Behavior_Rating__c', {
        Assessment__c: assessment.Id,
        Job_Behavior__c: b.Id,
        Rating__c: String(((i * (k + 2)) % 5) + 1)
      });
    });
  });
  // A later rating of the first behaviour for three reps: the analysis must use it.
  aes.slice(0, 3).forEach((rep) => {
    const self = store.insertRaw('Assessment__c', {
      Rep__c: rep.Id,
      OwnerId: rep.Id,
      Assessor__c: rep.Id,
      Type__c: 'Self',
      Period__c: period,
      Status__c: 'Acknowledged',
      Sales_Role__c: 'Account Executive',
      Version__c: 0
    });
    store.insertRaw('Behavior_Rating__c', {
      Assessment__c: self.Id,
      Job_Behavior__c: behaviors[0].Id,
      Rating__c: '5'
    });
  });
}

const SNAPSHOT_FIELDS = [
  'Rep__c',
  'OwnerId',
  'Period__c',
  'Period_Start__c',
  'Period_End__c',
  'Won_Count__c',
  'Lost_Count__c',
  'Won_Amount__c',
  'Win_Rate__c',
  'Quota__c',
  'Quota_Attainment__c',
  'Avg_Deal_Size__c',
  'Avg_Cycle_Days__c',
  'Leads_Total__c',
  'Leads_Converted__c',
  'Lead_Conversion__c',
  'Quota_Source__c',
  'Quota_Measure__c',
  'Quota_Quantity__c',
  'Quota_Count__c',
  'Sales_Velocity__c',
  'Stage_Metrics__c'
];

/** A stored snapshot's fields for comparison (the stage figures parsed from their JSON text). */
function snapshotOf(rec: Rec): Record<string, unknown> {
  const out = pick(rec, SNAPSHOT_FIELDS);
  out.Stage_Metrics__c = rec.Stage_Metrics__c ? JSON.parse(String(rec.Stage_Metrics__c)) : null;
  return out;
}

// Each test runs the sync over HTTP against a seeded org: generous on a loaded two-core machine.
jest.setTimeout(60_000);

describe('sync against a seeded local org', () => {
  let org: LocalOrg;
  let period: string;
  // the connected app's key pair for the JWT bearer login test
  const jwtKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });

  beforeAll(async () => {
    org = await startLocalOrg({
      now: () => NOW,
      organization: { fiscalYearStartMonth: 2 },
      seed: { reps: 60, quarters: 4, seed: 7 },
      plans: true,
      // the package's own validation rules (version concurrency, sync-only fields) judge every write
      validationRules: true,
      jwtBearer: {
        clientId: 'client-123',
        publicKeyPem: jwtKeys.publicKey.export({ type: 'spki', format: 'pem' }) as string,
        usernames: ['sync@local.org']
      }
    });
    period = lastClosedQuarter('2026-05-15', { startMonth: 2, usesStartDateAsFiscalYearName: false });
    addAssessments(org.store, period);
  });
  afterAll(() => org.close());

  it('writes nothing on a dry run, and says what it would write', async () => {
    const r = await run(org, ['--period', period, '--dry-run', '--json']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out).result;
    expect(summary.dryRun).toBe(true);
    expect(summary.snapshotsWritten).toBe(60);
    expect(summary.assessmentsRescored).toBeGreaterThan(0);
    expect(org.store.table('Performance_Snapshot__c').rows).toHaveLength(0);
    expect(org.store.table('Behavior_Impact__c').rows).toHaveLength(0);
    expect(
      org.store
        .table('Assessment__c')
        .rows.every((a) => a.Eligible_Score__c === null || a.Eligible_Score__c === undefined)
    ).toBe(true);
  });

  it('syncs every rep: each snapshot equals the values computed from the seeded rows', async () => {
    const r = await run(org, ['--period', period, '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out).result;
    expect(summary).toMatchObject({
      reps: 60,
      snapshotsWritten: 60,
      failures: [],
      quotaSource: 'Forecasting'
    });
    expect(summary.apiCalls).toBeGreaterThan(5);
    expect(summary.apiCalls).toBeLessThan(40);
    const expected = expectedSnapshots(org.store, period);
    const rows = org.store.table('Performance_Snapshot__c').rows;
    expect(rows).toHaveLength(expected.size);
    for (const rec of rows) {
      expect({ key: rec.Key__c, ...snapshotOf(rec) }).toEqual({
        key: rec.Key__c,
        ...expected.get(rec.Key__c as string)
      });
    }
    // the seed gives SDRs leads and sellers closed deals: the comparison covered real numbers
    expect(rows.some((s) => Number(s.Lead_Conversion__c) > 0)).toBe(true);
    expect(rows.some((s) => Number(s.Avg_Cycle_Days__c) > 0)).toBe(true);
    expect(rows.some((s) => Number(s.Sales_Velocity__c) > 0)).toBe(true);
    expect(rows.filter((s) => s.Stage_Metrics__c).length).toBeGreaterThan(30);
    expect(summary.periods[0].historyRowsStreamed).toBe(
      org.store.table('OpportunityHistory').rows.filter((h) => {
        const o = org.store.get('Opportunity', h.OpportunityId as string) as Rec;
        return (
          o.IsClosed === true &&
          String(o.CloseDate) >= summary.periods[0].start &&
          String(o.CloseDate) <= summary.periods[0].end
        );
      }).length
    );
    // every SDR gets an attainment (and with it an eligible score) from a count quota
    const sdrs = rows.filter((s) => s.Quota_Measure__c === 'Leads Converted');
    expect(sdrs.length).toBeGreaterThan(5);
    expect(sdrs.every((s) => typeof s.Quota_Attainment__c === 'number')).toBe(true);
  });

  it('rescored the open assessments with the bands from the org and raised their version', () => {
    const expected = expectedSnapshots(org.store, period);
    const bands = bandsOf(org.store);
    const assessments = org.store.table('Assessment__c').rows.filter((a) => a.Type__c === 'Manager');
    for (const a of assessments) {
      const snap = expected.get(`${String(a.Rep__c)}:${period}`) as Record<string, number | null>;
      if (a.Status__c === 'Acknowledged') {
        expect(a.Version__c).toBe(2);
        expect(a.Eligible_Score__c ?? null).toBeNull();
        continue;
      }
      const score = eligibleScore(
        {
          attainment: snap.Quota_Attainment__c,
          inRamp: a.In_Ramp__c === true,
          scope: a.Scope_Rating__c as 'Below',
          impact: a.Impact_Rating__c as 'Below'
        },
        bands
      ).score;
      expect(pick(a, ['Quota_Attainment__c', 'Win_Rate__c', 'Eligible_Score__c', 'Version__c'])).toEqual({
        Quota_Attainment__c: snap.Quota_Attainment__c,
        Win_Rate__c: snap.Win_Rate__c,
        Eligible_Score__c: score,
        Version__c: 3
      });
      expect(a.Metrics_Synced_At__c).toBeTruthy();
    }
  });

  it('stored the behaviour impact of the latest ratings per rep', () => {
    const expected = expectedSnapshots(org.store, period);
    const byId = new Map(org.store.table('Assessment__c').rows.map((a) => [a.Id, a]));
    const behaviors = new Map(org.store.table('Job_Behavior__c').rows.map((b) => [b.Id, b]));
    const latest = new Map<string, ImpactRow>();
    for (const r of org.store.table('Behavior_Rating__c').rows) {
      const a = byId.get(r.Assessment__c) as Rec;
      const repId = a.Rep__c as string;
      const key = (behaviors.get(r.Job_Behavior__c) as Rec).Key__c as string;
      const snap = expected.get(`${repId}:${period}`) as Record<string, number | null>;
      const stageFigures = (snap.Stage_Metrics__c ?? []) as unknown as {
        stage: string;
        conversion: number | null;
      }[];
      const tagged = String((behaviors.get(r.Job_Behavior__c) as Rec).Stages__c ?? '').split(';');
      // rows were inserted oldest first, so a later row replaces an earlier one
      latest.set(`${repId}|${key}`, {
        repId,
        role: a.Sales_Role__c as string,
        behaviorKey: key,
        rating: r.Rating__c as '1',
        winRate: snap.Win_Rate__c,
        attainment: snap.Quota_Attainment__c,
        velocity: snap.Sales_Velocity__c,
        leadConversion: snap.Lead_Conversion__c,
        stages: tagged.filter((st) => FUNNEL.includes(st)),
        stageConversion: Object.fromEntries(stageFigures.map((m) => [m.stage, m.conversion]))
      });
    }
    const results = behaviorImpact([...latest.values()]);
    expect(results.some((x) => x.status === 'Computed')).toBe(true);
    const stored = new Map(org.store.table('Behavior_Impact__c').rows.map((r) => [r.Key__c, r]));
    expect(stored.size).toBe(results.length);
    expect(results.some((x) => x.metric === 'Stage Conversion' && x.status === 'Computed')).toBe(true);
    for (const x of results) {
      const key = x.stage
        ? `${period}:${x.role}:${x.behaviorKey}:SC:${stageCode(x.stage)}`
        : `${period}:${x.role}:${x.behaviorKey}:${x.metric}`;
      const rec = stored.get(key) as Rec;
      expect(
        pick(rec, [
          'N__c',
          'Rho__c',
          'CI_Low__c',
          'CI_High__c',
          'P_Value__c',
          'Q_Value__c',
          'Significant__c',
          'Status__c',
          'Sales_Role__c',
          'Metric__c',
          'Stage__c'
        ])
      ).toEqual({
        N__c: x.n,
        Rho__c: x.rho,
        CI_Low__c: x.ciLow,
        CI_High__c: x.ciHigh,
        P_Value__c: x.pValue,
        Q_Value__c: x.qValue,
        Significant__c: x.significant,
        Status__c: x.status,
        Sales_Role__c: x.role,
        Metric__c: x.metric,
        Stage__c: x.stage
      });
    }
  });

  it('writes nothing on a second run', async () => {
    const stamps = org.store.table('Performance_Snapshot__c').rows.map((r) => r.SystemModstamp);
    const versions = org.store.table('Assessment__c').rows.map((r) => r.Version__c);
    const r = await run(org, ['--period', period, '--json']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out).result;
    expect(summary).toMatchObject({ snapshotsWritten: 0, assessmentsRescored: 0, impactsWritten: 0 });
    expect(summary.periods[0].snapshotsUnchanged).toBe(60);
    expect(org.store.table('Performance_Snapshot__c').rows.map((r) => r.SystemModstamp)).toEqual(stamps);
    expect(org.store.table('Assessment__c').rows.map((r) => r.Version__c)).toEqual(versions);
  });

  it('retries injected 503 and REQUEST_LIMIT_EXCEEDED answers and still writes everything', async () => {
    // change the data so the run has writes to make
    const snap = org.store.table('Performance_Snapshot__c').rows[0];
    org.store.update('Performance_Snapshot__c', snap.Id as string, { Won_Count__c: 999 });
    org.faults.unavailable(2, { path: '/composite/sobjects' });
    org.faults.requestLimitExceeded(1, { path: '/query' });
    org.faults.unavailable(1, { path: '/jobs/query' });
    const r = await run(org, ['--period', period, '--json']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out).result;
    expect(summary.retries).toBeGreaterThanOrEqual(4);
    expect(summary.snapshotsWritten).toBe(1);
    expect(org.faults.pending()).toEqual([]);
    const expected = expectedSnapshots(org.store, period);
    expect(org.store.get('Performance_Snapshot__c', snap.Id as string)?.Won_Count__c).toBe(
      expected.get(snap.Key__c as string)?.Won_Count__c
    );
  });

  it('lists every per-record failure and exits 2', async () => {
    const rows = org.store.table('Performance_Snapshot__c').rows.slice(0, 2);
    for (const s of rows)
      org.store.update('Performance_Snapshot__c', s.Id as string, { Lost_Count__c: 12345 });
    for (const s of rows)
      org.faults.failRecord({
        object: 'Performance_Snapshot__c',
        field: 'Key__c',
        value: s.Key__c,
        errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
        message: 'Blocked by a test rule'
      });
    const r = await run(org, ['--period', period]);
    expect(r.code).toBe(2);
    for (const s of rows)
      expect(r.out).toContain(
        `FAILED Performance_Snapshot__c ${String(s.Key__c)}: FIELD_CUSTOM_VALIDATION_EXCEPTION: Blocked by a test rule`
      );
    expect(r.out).toMatch(/Failures: 2\./);
    // a clean re-run repairs them
    expect((await run(org, ['--period', period])).code).toBe(0);
  });

  it('sends a record again when it failed on a locked row, and an assessment too', async () => {
    const snap = org.store.table('Performance_Snapshot__c').rows[3];
    org.store.update('Performance_Snapshot__c', snap.Id as string, { Won_Amount__c: 1 });
    const open = org.store.table('Assessment__c').rows.find((a) => a.Status__c === 'Draft') as Rec;
    // an edit that raises the version by one, as the concurrency rule requires
    const version = Number(open.Version__c) + 1;
    org.store.update('Assessment__c', open.Id as string, { Win_Rate__c: 0.5, Version__c: version });
    org.faults.failRecord({
      object: 'Performance_Snapshot__c',
      field: 'Key__c',
      value: snap.Key__c,
      errorCode: 'UNABLE_TO_LOCK_ROW'
    });
    org.faults.failRecord({
      object: 'Assessment__c',
      field: 'Id',
      value: open.Id,
      errorCode: 'UNABLE_TO_LOCK_ROW'
    });
    const r = await run(org, ['--period', period, '--json', '--only', 'metrics']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out).result;
    expect(summary).toMatchObject({ snapshotsWritten: 1, assessmentsRescored: 1, failures: [] });
    expect(summary.retries).toBe(2);
    expect(org.store.get('Performance_Snapshot__c', snap.Id as string)?.Won_Amount__c).toBe(
      expectedSnapshots(org.store, period).get(snap.Key__c as string)?.Won_Amount__c
    );
    // raised by one exactly once, although it was sent twice
    expect(org.store.get('Assessment__c', open.Id as string)?.Version__c).toBe(version + 1);
  });

  it('upserts through a Bulk 2.0 ingest job above the threshold, listing its failed records', async () => {
    const rows = org.store.table('Performance_Snapshot__c').rows.slice(5, 15);
    for (const s of rows)
      org.store.update('Performance_Snapshot__c', s.Id as string, {
        Won_Count__c: 777,
        Avg_Cycle_Days__c: null
      });
    const [blocked, locked] = rows;
    org.faults.failRecord({
      object: 'Performance_Snapshot__c',
      field: 'Key__c',
      value: blocked.Key__c,
      errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
      message: 'Blocked, with a comma'
    });
    org.faults.failRecord({
      object: 'Performance_Snapshot__c',
      field: 'Key__c',
      value: locked.Key__c,
      errorCode: 'UNABLE_TO_LOCK_ROW'
    });
    // a 503 on the CSV upload proves the ingest path ran (and that the upload is retried)
    org.faults.unavailable(1, { method: 'PUT', path: '/jobs/ingest/' });
    const calls = org.apiUsage().used;
    const r = await run(org, ['--period', period, '--only', 'metrics', '--ingest-threshold', '0', '--json']);
    expect(org.faults.pending()).toEqual([]);
    expect(r.code).toBe(2);
    const summary = JSON.parse(r.out).result;
    expect(summary.failures).toEqual([
      {
        object: 'Performance_Snapshot__c',
        key: blocked.Key__c,
        errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
        message: 'Blocked, with a comma'
      }
    ]);
    expect(summary.snapshotsWritten).toBe(9);
    expect(summary.retries).toBe(2); // the upload, and the locked record sent again
    expect(summary.apiCalls).toBe(org.apiUsage().used - calls);
    const expected = expectedSnapshots(org.store, period);
    for (const s of rows.slice(1)) {
      const now = org.store.get('Performance_Snapshot__c', s.Id as string) as Rec;
      expect(snapshotOf(now)).toEqual(expected.get(s.Key__c as string));
    }
    expect(org.store.get('Performance_Snapshot__c', blocked.Id as string)?.Won_Count__c).toBe(777);
    expect((await run(org, ['--period', period, '--only', 'metrics', '--ingest-threshold', '0'])).code).toBe(
      0
    );
  });

  it('flags an assessment whose final score is now better than its eligible score, lists it, and clears the flag once resolved', async () => {
    // A final score recorded while the eligible score was blank: here written directly, as the
    // validation rule would have let it through then.
    const open = org.store
      .table('Assessment__c')
      .rows.filter(
        (a) =>
          a.Type__c === 'Manager' &&
          a.Status__c !== 'Acknowledged' &&
          a.In_Ramp__c !== true &&
          Number(a.Eligible_Score__c) >= 2
      );
    expect(open.length).toBeGreaterThan(1);
    const [target, fine] = open;
    const eligible = Number(target.Eligible_Score__c);
    org.store.update(
      'Assessment__c',
      target.Id as string,
      { Final_Score__c: eligible - 1 },
      { system: true }
    );
    org.store.update(
      'Assessment__c',
      fine.Id as string,
      { Final_Score__c: Number(fine.Eligible_Score__c) },
      { system: true }
    );
    const version = Number(target.Version__c);
    const r = await run(org, ['--period', period, '--json']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out).result;
    expect(summary.calibration).toEqual([
      {
        assessmentId: target.Id,
        repId: target.Rep__c,
        period,
        finalScore: eligible - 1,
        eligibleScore: eligible
      }
    ]);
    expect(org.store.get('Assessment__c', target.Id as string)).toMatchObject({
      Needs_Calibration__c: true,
      Version__c: version + 1
    });
    expect(org.store.get('Assessment__c', fine.Id as string)?.Needs_Calibration__c).toBe(false);
    const text = await run(org, ['--period', period]);
    expect(text.out).toContain(
      `CALIBRATE Assessment__c ${String(target.Id)} (${period}): final score ${eligible - 1} is better than the eligible score ${eligible}`
    );
    expect(text.out).toContain('Needing calibration: 1.');
    // resolved (the final score raised to the eligible one): the next run clears the flag
    org.store.update('Assessment__c', target.Id as string, { Final_Score__c: eligible }, { system: true });
    const again = JSON.parse((await run(org, ['--period', period, '--json'])).out).result;
    expect(again.calibration).toEqual([]);
    expect(org.store.get('Assessment__c', target.Id as string)?.Needs_Calibration__c).toBe(false);
  });

  it('recomputes only the impact analysis with --only impact, from the snapshots in the org', async () => {
    const before = org.store
      .table('Behavior_Impact__c')
      .rows.map((r) => pick(r, ['Key__c', 'N__c', 'Rho__c', 'Status__c']));
    for (const r of [...org.store.table('Behavior_Impact__c').rows])
      org.store.delete('Behavior_Impact__c', r.Id as string);
    const stamps = org.store.table('Performance_Snapshot__c').rows.map((r) => r.SystemModstamp);
    // and through the Bulk 2.0 path for ratings this time
    const r = await run(org, [
      '--period',
      period,
      '--only',
      'impact',
      '--json',
      '--ratings-bulk-threshold',
      '0'
    ]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out).result;
    expect(summary).toMatchObject({
      snapshotsWritten: 0,
      assessmentsRescored: 0,
      impactsWritten: before.length
    });
    expect(
      org.store
        .table('Behavior_Impact__c')
        .rows.map((x) => pick(x, ['Key__c', 'N__c', 'Rho__c', 'Status__c']))
    ).toEqual(expect.arrayContaining(before));
    expect(org.store.table('Performance_Snapshot__c').rows.map((x) => x.SystemModstamp)).toEqual(stamps);
  });

  it('stops with a clear message and exit 1 on an expired token, never printing it', async () => {
    org.faults.expireSession(1);
    const r = await run(org, ['--period', period]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/INVALID_SESSION_ID.*expired.*Log in again/);
    expect(r.out + r.err).not.toContain(org.accessToken);
    const wrong = await run(org, ['--period', period, '--json'], {
      SF_ACCESS_TOKEN: 'an-old-token-value-123'
    });
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.out)).toMatchObject({
      status: 1,
      message: expect.stringMatching(/INVALID_SESSION_ID/)
    });
    expect(wrong.out).not.toContain('an-old-token-value-123');
  });

  it('rejects bad periods with a specific message', async () => {
    const malformed = await run(org, ['--period', '2026-Q5']);
    expect(malformed.code).toBe(1);
    expect(malformed.err).toMatch(/--period 2026-Q5: expected a fiscal quarter "YYYY-Qn"/);
    const future = await run(org, ['--period', '2031-Q1']);
    expect(future.code).toBe(1);
    expect(future.err).toMatch(/Period 2031-Q1 .* has not started yet/);
    const unknown = await run(org, ['--perod', '2026-Q1']);
    expect(unknown.err).toMatch(/Unknown argument --perod/);
  });

  it('logs in with the JWT bearer flow and never prints the token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sync-jwt-'));
    const keyFile = join(dir, 'server.key');
    writeFileSync(keyFile, jwtKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    try {
      const jwt = ['--client-id', 'client-123', '--username', 'sync@local.org', '--jwt-key-file', keyFile];
      const ok = await run(org, [...jwt, '--login-url', org.url, '--period', period, '--json'], {
        SF_ACCESS_TOKEN: ''
      });
      expect(ok.err).toBe('');
      expect(ok.code).toBe(0);
      expect(JSON.parse(ok.out).result.reps).toBe(60);
      expect(ok.out).not.toContain(org.accessToken);
      const refused = await run(
        org,
        [
          '--client-id',
          'client-123',
          '--username',
          'someone@else.org',
          '--jwt-key-file',
          keyFile,
          '--login-url',
          org.url
        ],
        { SF_ACCESS_TOKEN: '' }
      );
      expect(refused.code).toBe(1);
      expect(refused.err).toMatch(/JWT bearer login for someone@else.org .* was refused \(invalid_grant/);
      const incomplete = await run(org, ['--client-id', 'client-123'], { SF_ACCESS_TOKEN: '' });
      expect(incomplete.err).toMatch(/needs --username, --jwt-key-file as well/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('orgs that cannot be synced', () => {
  it('explains an org without the package and an org without reps', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sync-nopkg-'));
    const bare = await startLocalOrg({ metadataDir: dir });
    try {
      const r = await run(bare, ['--period', '2026-Q1']);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(
        /does not have the Sales Competency package \(INVALID_TYPE on Performance_\w+__c\).*npm run deploy/
      );
    } finally {
      await bare.close();
      rmSync(dir, { recursive: true, force: true });
    }
    const empty = await startLocalOrg({ plans: true });
    try {
      const r = await run(empty, ['--period', '2026-Q1']);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/No reps: no active user has a Sales_Role__c/);
    } finally {
      await empty.close();
    }
  });

  it('hints at the missing permission set when the org refuses every synced write', async () => {
    const org = await startLocalOrg({
      seed: { reps: 6, quarters: 2, seed: 5 },
      plans: true,
      validationRules: true,
      permissions: []
    });
    try {
      const r = await run(org, ['--period', org.seeded?.periods[0] as string]);
      expect(r.code).toBe(2);
      expect(r.out.match(/^FAILED Performance_Snapshot__c /gm)).toHaveLength(6);
      expect(r.out).toMatch(
        /HINT Every Performance_Snapshot__c write was refused .*Sales_Competency_Sync permission set/
      );
      expect(org.store.table('Performance_Snapshot__c').rows).toHaveLength(0);
    } finally {
      await org.close();
    }
  });

  it('uses Sales_Quota__c when asked, and refuses forecasting quotas where Collaborative Forecasts is off', async () => {
    const org = await startLocalOrg({
      seed: { reps: 12, quarters: 2, seed: 3 },
      plans: true,
      bulkIngest: false
    });
    try {
      const periodKey = org.seeded?.periods[0] as string;
      const r = await run(org, [
        '--period',
        periodKey,
        '--quota-source',
        'custom',
        '--only',
        'metrics',
        // no ingest endpoint on this org: above the threshold the sync falls back to collections
        '--ingest-threshold',
        '0',
        '--json'
      ]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out).result.quotaSource).toBe('Custom');
      for (const s of org.store.table('Performance_Snapshot__c').rows) {
        const quota = org.store
          .table('Sales_Quota__c')
          .rows.find((q) => q.User__c === s.Rep__c && q.Period__c === periodKey);
        expect(s.Quota__c ?? null).toBe(quota ? quota.Amount__c : null);
        expect(s.Quota_Source__c).toBe(quota ? 'Custom' : 'None');
      }
      for (const t of org.store.table('ForecastingType').rows)
        org.store.update('ForecastingType', t.Id as string, { IsActive: false });
      const refused = await run(org, ['--period', periodKey, '--quota-source', 'forecasting']);
      expect(refused.code).toBe(1);
      expect(refused.err).toMatch(/Collaborative Forecasts is not on/);
    } finally {
      await org.close();
    }
  });
});
