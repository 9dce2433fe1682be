/**
 * The metrics sync: for each fiscal period it reads the reps, their closed opportunities, leads and
 * quotas, computes the snapshot metrics, upserts the snapshots that changed, rescores the open
 * assessments with the scoring library and stores the behaviour impact analysis. Every rule of
 * scoring and fiscal time comes from the scoring library; this module only moves data.
 */
import {
  behaviorImpact,
  eligibleScore,
  lastClosedQuarter,
  parsePeriodKey,
  periodRange,
  utcDate,
  type ExpectationRating,
  type FiscalSettings,
  type ImpactRow,
  type PerformanceBand
} from '../../force-app/main/default/lwc/scoring/scoring';
import { ConnectionError } from '../org/connection';
import { ApiError, classify, type SyncApi, type WriteOutcome } from './api';
import { locateFields, parseRecord } from './csv';
import {
  DEFAULT_COUNT_MEASURES,
  epochDay,
  emptyTally,
  snapshotMetrics,
  type CountMeasure,
  type QuotaSource,
  type RepTally,
  type SnapshotMetrics
} from './metrics';
import {
  StageFolder,
  StageFunnel,
  StageTally,
  conversionsFromText,
  stageHistorySoql,
  stageMetrics,
  stageMetricsText,
  type DealState,
  type StageDef
} from './stages';

/** Which parts run. */
export type SyncPart = 'all' | 'metrics' | 'impact';

/** Where quotas come from. */
export type QuotaSourceOption = 'auto' | 'forecasting' | 'custom';

/** Options of one sync run. */
export interface SyncOptions {
  /** Period keys to sync, in order; empty = the last closed fiscal quarter. */
  periods: string[];
  dryRun: boolean;
  only: SyncPart;
  quotaSource: QuotaSourceOption;
  /** "Now", for the default period and the synced-at stamps. */
  now?: Date;
  /** One line per step, for the progress display. */
  progress?: (message: string) => void;
  /** Reps per aggregate chunk (each rep gives at most two groups; default 900). */
  ownersPerChunk?: number;
  /** Rows per Bulk 2.0 results page (default 250,000). */
  bulkPageSize?: number;
  /** Above this many ratings in the period they are read with Bulk 2.0 (default 10,000). */
  ratingsBulkThreshold?: number;
  /** Above this many changed snapshots they are upserted with a Bulk 2.0 ingest job (default 2,000). */
  ingestThreshold?: number;
  /** Sales roles measured by a count quota, and what it counts (default: SDR, leads converted). */
  countMeasures?: Readonly<Record<string, CountMeasure>>;
}

/** One record that could not be written. */
export interface SyncFailure {
  object: string;
  key: string;
  errorCode: string;
  message: string;
}

/** What happened in one period. */
export interface PeriodResult {
  period: string;
  start: string;
  end: string;
  reps: number;
  snapshotsWritten: number;
  snapshotsUnchanged: number;
  assessmentsRescored: number;
  assessmentsUnchanged: number;
  impactsWritten: number;
  impactsUnchanged: number;
  /** Impact results of the period by status (written or unchanged). */
  impactsComputed: number;
  impactsNotEnoughData: number;
  opportunitiesStreamed: number;
  /** Stage history rows streamed (0 when the org offers no stage history). */
  historyRowsStreamed: number;
}

/** An assessment whose final score is better than its newly synced eligible score. */
export interface CalibrationFlag {
  assessmentId: string;
  repId: string;
  period: string;
  finalScore: number;
  eligibleScore: number;
}

/** The closing summary (also the `--json` output). */
export interface SyncSummary {
  dryRun: boolean;
  only: SyncPart;
  quotaSource: QuotaSource | null;
  currency: { corporate: string; multiCurrency: boolean };
  reps: number;
  periods: PeriodResult[];
  snapshotsWritten: number;
  assessmentsRescored: number;
  impactsWritten: number;
  impactsComputed: number;
  impactsNotEnoughData: number;
  /** Assessments flagged Needs_Calibration__c (final score better than the eligible score), all periods. */
  calibration: CalibrationFlag[];
  /** Why some part was left out (no stage history, roles without impact data...). */
  notes: string[];
  failures: SyncFailure[];
  /** What the failures suggest, e.g. a missing permission set when every write was refused. */
  hints: string[];
  apiCalls: number;
  retries: number;
  elapsedMs: number;
  /** Rows streamed from Bulk 2.0 extracts, and the client CPU spent on them (download, parse, tally). */
  bulkRows: number;
  bulkCpuMs: number;
}

/** A fatal, explained problem (bad input, missing package or permission): exit code 1. */
export class SyncError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyncError';
  }
}

/** A rep as the sync sees one. */
interface Rep {
  id: string;
  role: string;
}

/** Snapshot fields compared to decide whether a record changed (never the synced-at stamp). */
const SNAPSHOT_FIELDS = [
  'Rep__c',
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
] as const;

const IMPACT_FIELDS = [
  'N__c',
  'Rho__c',
  'CI_Low__c',
  'CI_High__c',
  'P_Value__c',
  'Q_Value__c',
  'Significant__c',
  'Status__c'
] as const;

/** The outcomes of one rep in one period that the rescoring and the impact analysis use. */
interface Outcome {
  winRate: number | null;
  attainment: number | null;
  velocity: number | null;
  leadConversion: number | null;
  stageConversion: Record<string, number | null>;
}

/** SOQL string literal. */
function lit(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Same value as the org stores it (numbers compared as numbers, blanks as null). */
function same(a: unknown, b: unknown): boolean {
  const na = a === undefined || a === '' ? null : a;
  const nb = b === undefined || b === '' ? null : b;
  if (typeof na === 'number' || typeof nb === 'number')
    return na !== null && nb !== null && Number(na) === Number(nb);
  return na === nb;
}

/** Turns the errors an org gives for a missing package or permission into one clear message. */
export function explain(err: unknown, what: string): Error {
  if (err instanceof SyncError) return err;
  if (err instanceof ConnectionError) return new SyncError(err.message);
  const { code, network } = classify(err);
  const message = (err as Error).message ?? String(err);
  if (code === 'INVALID_SESSION_ID')
    return new SyncError(
      'The org rejected the session (INVALID_SESSION_ID): the access token has expired or was revoked. Log in again (sf org login, or a fresh SF_ACCESS_TOKEN / JWT) and re-run.'
    );
  if (code === 'INVALID_TYPE' || code === 'NOT_FOUND') {
    const object = /'?([A-Za-z_]+__c)'?/.exec(message)?.[1] ?? /([A-Za-z_]+__c)/.exec(what)?.[1];
    return new SyncError(
      `The org does not have the Sales Competency package${object ? ` (INVALID_TYPE on ${object})` : ''}: deploy it first (npm run deploy -- --target-org <alias>), or check that the sync user can see ${object ?? 'its objects'}.`
    );
  }
  if (
    code === 'INVALID_FIELD' ||
    code === 'INSUFFICIENT_ACCESS' ||
    code === 'INSUFFICIENT_ACCESS_OR_READONLY' ||
    code === 'API_DISABLED_FOR_ORG' ||
    code === 'FUNCTIONALITY_NOT_ENABLED'
  )
    return new SyncError(
      `Missing permission while ${what} (${code}: ${message}): assign the Sales_Competency_Sync permission set to the sync user.`
    );
  if (network)
    return new SyncError(`No answer from the org while ${what} (${message}). Re-running the sync is safe.`);
  return new SyncError(`${what} failed: ${code ? `${code}: ` : ''}${message}`);
}

/**
 * Runs an aggregate query over owner id ranges, splitting a range in two whenever its groups
 * would not fit in one non-paging aggregate batch (other owners may share the range).
 */
async function aggregateByOwner<T>(
  api: SyncApi,
  ids: readonly string[],
  size: number,
  build: (range: string) => string,
  field: string
): Promise<T[]> {
  const out: T[] = [];
  // Binary order, as the org compares ids in WHERE (ids are case-sensitive): never trust a
  // server-side ORDER BY to match it.
  const sorted = [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const run = async (slice: readonly string[]): Promise<void> => {
    if (!slice.length) return;
    const range = `${field} >= ${lit(slice[0])} AND ${field} <= ${lit(slice[slice.length - 1])}`;
    try {
      out.push(...(await api.aggregate<T>(build(range))));
    } catch (err) {
      if (classify(err).code === 'EXCEEDED_ID_LIMIT' && slice.length > 1) {
        const mid = Math.ceil(slice.length / 2);
        await run(slice.slice(0, mid));
        await run(slice.slice(mid));
      } else throw err;
    }
  };
  for (let i = 0; i < sorted.length; i += size) await run(sorted.slice(i, i + size));
  return out;
}

/** The Bulk 2.0 extract of a period: every won opportunity closed in it (for cycle days). */
export function wonOpportunitiesSoql(range: { start: string; end: string }): string {
  return `SELECT OwnerId, CreatedDate, CloseDate FROM Opportunity WHERE IsWon = true AND CloseDate >= ${range.start} AND CloseDate <= ${range.end}`;
}

/** Org-wide facts read once per run. */
interface OrgFacts {
  fiscal: FiscalSettings;
  corporateCurrency: string;
  multiCurrency: boolean;
  bands: PerformanceBand[];
  reps: Rep[];
  quotaSource: QuotaSource;
  forecastingTypeId: string | null;
  /** The active quantity forecast type, for count quotas from Collaborative Forecasts. */
  quantityTypeId: string | null;
  /** The org's stage order, or null when OpportunityStage cannot be read (no stage metrics then). */
  funnel: StageFunnel | null;
}

async function step<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw explain(err, what);
  }
}

/** Reads the Organization, the bands, the currency setting, the quota source and the reps. */
async function readOrg(api: SyncApi, options: SyncOptions): Promise<OrgFacts> {
  const [org] = await step('reading the Organization', () =>
    api.queryAll<{
      FiscalYearStartMonth: number;
      UsesStartDateAsFiscalYearName: boolean;
      DefaultCurrencyIsoCode?: string;
    }>('SELECT FiscalYearStartMonth, UsesStartDateAsFiscalYearName, DefaultCurrencyIsoCode FROM Organization')
  );
  if (!org)
    throw new SyncError(
      'The Organization record could not be read: check the sync user\'s "View Setup" permission.'
    );
  const fiscal: FiscalSettings = {
    startMonth: Number(org.FiscalYearStartMonth) || 1,
    usesStartDateAsFiscalYearName: org.UsesStartDateAsFiscalYearName === true
  };
  const bandRows = await step('reading Performance_Band__c', () =>
    api.queryAll<Record<string, unknown>>(
      'SELECT Name, Key__c, Score__c, Min_Attainment__c, Max_Attainment__c, Requires_Both_Exceeding__c, Fallback_Score__c FROM Performance_Band__c ORDER BY Score__c'
    )
  );
  const bands: PerformanceBand[] = bandRows.map((b) => ({
    name: b.Name as string,
    key: b.Key__c as string,
    score: Number(b.Score__c),
    minAttainment: b.Min_Attainment__c === null ? null : Number(b.Min_Attainment__c),
    maxAttainment: b.Max_Attainment__c === null ? null : Number(b.Max_Attainment__c),
    requiresBothExceeding: b.Requires_Both_Exceeding__c === true,
    fallbackScore: b.Fallback_Score__c === null ? null : Number(b.Fallback_Score__c)
  }));
  if (options.only !== 'impact' && !bands.length)
    throw new SyncError(
      'No Performance_Band__c records in the org: import the default content first (npm run data:import).'
    );

  // Multi-currency orgs have CurrencyType; aggregate sums come back in the corporate currency.
  let corporateCurrency = org.DefaultCurrencyIsoCode ?? 'USD';
  let multiCurrency = false;
  try {
    const corporate = await api.queryAll<{ IsoCode: string }>(
      'SELECT IsoCode FROM CurrencyType WHERE IsCorporate = true'
    );
    if (corporate[0]) {
      multiCurrency = true;
      corporateCurrency = corporate[0].IsoCode;
    }
  } catch (err) {
    if (classify(err).code !== 'INVALID_TYPE') throw explain(err, 'reading CurrencyType');
  }

  let quotaSource: QuotaSource = 'Custom';
  let forecastingTypeId: string | null = null;
  let quantityTypeId: string | null = null;
  if (options.only !== 'impact' && options.quotaSource !== 'custom') {
    try {
      const types = await api.queryAll<{ Id: string; DeveloperName: string; IsAmount: boolean }>(
        'SELECT Id, DeveloperName, IsAmount FROM ForecastingType WHERE IsActive = true AND (IsAmount = true OR IsQuantity = true)'
      );
      const amounts = types.filter((t) => t.IsAmount === true);
      const chosen = amounts.find((t) => t.DeveloperName === 'OpportunityRevenue') ?? amounts[0];
      if (chosen) {
        quotaSource = 'Forecasting';
        forecastingTypeId = chosen.Id;
      }
      quantityTypeId = types.find((t) => t.IsAmount !== true)?.Id ?? null;
    } catch (err) {
      if (classify(err).code !== 'INVALID_TYPE') throw explain(err, 'reading ForecastingType');
    }
    if (options.quotaSource === 'forecasting' && quotaSource !== 'Forecasting')
      throw new SyncError(
        '--quota-source forecasting: Collaborative Forecasts is not on in this org (no active amount forecast type). Use --quota-source custom to read Sales_Quota__c.'
      );
  }

  const reps = await step('reading the reps (User.Sales_Role__c)', async () =>
    (
      await api.queryAll<{ Id: string; Sales_Role__c: string }>(
        'SELECT Id, Sales_Role__c FROM User WHERE IsActive = true AND Sales_Role__c != null ORDER BY Id'
      )
    ).map((u) => ({ id: u.Id, role: u.Sales_Role__c }))
  );
  if (!reps.length)
    throw new SyncError(
      "No reps: no active user has a Sales_Role__c. Set the sales role on the reps' User records first."
    );
  // The stage order: Setup data every org has; an org that hides it gets no stage metrics.
  let funnel: StageFunnel | null = null;
  try {
    const stages = await api.queryAll<{
      ApiName: string;
      SortOrder: number | null;
      IsActive: boolean;
      IsClosed: boolean;
      IsWon: boolean;
    }>('SELECT ApiName, SortOrder, IsActive, IsClosed, IsWon FROM OpportunityStage');
    const defs: StageDef[] = stages.map((st) => ({
      name: st.ApiName,
      sortOrder: Number(st.SortOrder ?? 0),
      active: st.IsActive === true,
      closed: st.IsClosed === true,
      won: st.IsWon === true
    }));
    if (defs.some((d) => d.active && !d.closed)) funnel = new StageFunnel(defs);
  } catch (err) {
    const { code } = classify(err);
    if (code !== 'INVALID_TYPE' && code !== 'INVALID_FIELD' && code !== 'INSUFFICIENT_ACCESS')
      throw explain(err, 'reading OpportunityStage');
  }
  return {
    fiscal,
    corporateCurrency,
    multiCurrency,
    bands,
    reps,
    quotaSource,
    forecastingTypeId,
    quantityTypeId,
    funnel
  };
}

/** Gathers every rep's tally for one period: aggregates, the Bulk 2.0 stream, quotas. */
async function readTallies(
  api: SyncApi,
  facts: OrgFacts,
  range: { start: string; end: string },
  period: string,
  options: SyncOptions
): Promise<{
  tallies: Map<string, RepTally>;
  streamed: number;
  stageTally: StageTally | null;
  historyRows: number;
  repIndex: Map<string, number>;
}> {
  const tallies = new Map<string, RepTally>();
  for (const r of facts.reps) tallies.set(r.id, emptyTally());
  const ids = facts.reps.map((r) => r.id);
  const chunk = options.ownersPerChunk ?? 900;
  const progress = options.progress ?? (() => undefined);

  // The extract first, while the heap is small: its cost is then parsing, not collecting garbage.
  progress(`${period}: cycle days from a Bulk 2.0 extract of won opportunities`);
  const reps = facts.reps;
  const repIndex = new Map(reps.map((r, i) => [r.id, i]));
  const result = await step('streaming won opportunities (Bulk 2.0)', () =>
    api.bulkQuery(
      wonOpportunitiesSoql(range),
      (header) => {
        const owner = header.indexOf('OwnerId');
        const created = header.indexOf('CreatedDate');
        const close = header.indexOf('CloseDate');
        if (owner < 0 || created < 0 || close < 0)
          throw new ApiError(`Unexpected Bulk 2.0 columns: ${header.join(', ')}`, 'BULK_COLUMNS');
        // Per-page sums, merged only when the page was read whole; one map lookup per row.
        const sums = new Float64Array(reps.length);
        const counts = new Int32Array(reps.length);
        const count = Math.max(owner, created, close) + 1;
        const starts = new Int32Array(count);
        const ends = new Int32Array(count);
        const add = (id: string, days: number): void => {
          const i = repIndex.get(id);
          if (i === undefined) return;
          sums[i] += days;
          counts[i]++;
        };
        return {
          row: (record, quoted) => {
            // Bulk 2.0 quotes every value: find the three columns in place, no split, no copies.
            if (
              locateFields(record, count, starts, ends) &&
              ends[created] - starts[created] >= 10 &&
              ends[close] - starts[close] >= 10
            ) {
              add(
                record.slice(starts[owner], ends[owner]),
                epochDay(record, starts[close]) - epochDay(record, starts[created])
              );
              return;
            }
            const v = parseRecord(record, quoted);
            add(v[owner], epochDay(v[close]) - epochDay(v[created]));
          },
          commit: () => {
            for (let i = 0; i < reps.length; i++) {
              if (!counts[i]) continue;
              const t = tallies.get(reps[i].id) as RepTally;
              t.cycleDaysSum += sums[i];
              t.cycleCount += counts[i];
            }
          }
        };
      },
      { maxRecords: options.bulkPageSize }
    )
  );
  // Stage history of the deals closed in the period, grouped by deal: one deal's state at a time.
  let stageTally: StageTally | null = null;
  let historyRows = 0;
  if (facts.funnel) {
    progress(`${period}: stage history (Bulk 2.0)`);
    const total = new StageTally(facts.funnel, reps.length);
    let carry: DealState | null = null;
    const history = await step('streaming OpportunityHistory (Bulk 2.0)', () =>
      api.bulkQuery(
        stageHistorySoql(range),
        (header) => {
          const col = (name: string): number => {
            const i = header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
            if (i < 0) throw new ApiError(`Bulk 2.0 result lacks the column ${name}`, 'BULK_COLUMNS');
            return i;
          };
          const c = [
            col('OpportunityId'),
            col('StageName'),
            col('CreatedDate'),
            col('Opportunity.OwnerId'),
            col('Opportunity.IsWon')
          ];
          const count = Math.max(...c) + 1;
          const starts = new Int32Array(count);
          const ends = new Int32Array(count);
          // A page adds to its own tally, merged only when it was read whole (a retried page never counts twice).
          const page = new StageTally(facts.funnel as StageFunnel, reps.length);
          const folder = new StageFolder(page, carry);
          const funnel = facts.funnel as StageFunnel;
          const [idAt, stageAt, createdAt, ownerAt, wonAt] = c;
          return {
            row: (record, quoted) => {
              // Millions of rows: read the five columns in place and copy only a new deal's id and
              // owner; the stage is matched against the org's stage names.
              if (locateFields(record, count, starts, ends) && ends[createdAt] - starts[createdAt] >= 10) {
                const current = folder.deal;
                const idStart = starts[idAt];
                const idLength = ends[idAt] - idStart;
                const same =
                  current !== null &&
                  current.id.length === idLength &&
                  record.startsWith(current.id, idStart);
                const id = same ? current.id : record.slice(idStart, ends[idAt]);
                const rep = same
                  ? current.rep
                  : (repIndex.get(record.slice(starts[ownerAt], ends[ownerAt])) ?? -1);
                const isWon = ends[wonAt] - starts[wonAt] === 4 && record.charCodeAt(starts[wonAt]) === 116;
                const stage =
                  funnel.nameAt(record, starts[stageAt], ends[stageAt]) ??
                  record.slice(starts[stageAt], ends[stageAt]);
                folder.row(id, rep, isWon, stage, epochDay(record, starts[createdAt]));
                return;
              }
              const v = parseRecord(record, quoted);
              if ((v[createdAt] ?? '').length < 10) return;
              folder.row(
                v[idAt],
                repIndex.get(v[ownerAt]) ?? -1,
                v[wonAt] === 'true',
                v[stageAt],
                epochDay(v[createdAt])
              );
            },
            commit: () => {
              total.add(page);
              carry = folder.deal;
            }
          };
        },
        { maxRecords: options.bulkPageSize }
      )
    );
    const last = new StageFolder(total, carry);
    last.finish();
    stageTally = total;
    historyRows = history.rows;
  }

  progress(`${period}: won and lost opportunities by owner`);
  const closed = await step('counting won and lost opportunities', () =>
    aggregateByOwner<{ OwnerId: string; IsWon: boolean; n: number; amount: number | null }>(
      api,
      ids,
      chunk,
      (owners) =>
        `SELECT OwnerId, IsWon, COUNT(Id) n, SUM(Amount) amount FROM Opportunity WHERE IsClosed = true AND CloseDate >= ${range.start} AND CloseDate <= ${range.end} AND ${owners} GROUP BY OwnerId, IsWon`,
      'OwnerId'
    )
  );
  for (const g of closed) {
    const t = tallies.get(g.OwnerId);
    if (!t) continue;
    if (g.IsWon) {
      t.wonCount += Number(g.n);
      t.wonAmount += Number(g.amount ?? 0);
    } else t.lostCount += Number(g.n);
  }

  const sdrIds = facts.reps.filter((r) => r.role === 'SDR').map((r) => r.id);
  if (sdrIds.length) {
    progress(`${period}: lead conversion for ${sdrIds.length} SDR reps`);
    const leads = await step('counting leads', () =>
      aggregateByOwner<{ OwnerId: string; IsConverted: boolean; n: number }>(
        api,
        sdrIds,
        chunk,
        (owners) =>
          `SELECT OwnerId, IsConverted, COUNT(Id) n FROM Lead WHERE CreatedDate >= ${range.start}T00:00:00Z AND CreatedDate <= ${range.end}T23:59:59Z AND ${owners} GROUP BY OwnerId, IsConverted`,
        'OwnerId'
      )
    );
    for (const g of leads) {
      const t = tallies.get(g.OwnerId);
      if (!t) continue;
      t.leadsTotal += Number(g.n);
      if (g.IsConverted) t.leadsConverted += Number(g.n);
    }
  }

  progress(
    `${period}: quotas (${facts.quotaSource === 'Forecasting' ? 'ForecastingQuota' : 'Sales_Quota__c'})`
  );
  const quotaChunk = Math.max(1, Math.min(chunk * 2, 1900));
  const quotas =
    facts.quotaSource === 'Forecasting'
      ? await step('reading ForecastingQuota', () =>
          aggregateByOwner<{ QuotaOwnerId: string; amount: number | null }>(
            api,
            ids,
            quotaChunk,
            (owners) =>
              `SELECT QuotaOwnerId, SUM(QuotaAmount) amount FROM ForecastingQuota WHERE ForecastingTypeId = ${lit(facts.forecastingTypeId as string)} AND StartDate >= ${range.start} AND StartDate <= ${range.end} AND ${owners} GROUP BY QuotaOwnerId`,
            'QuotaOwnerId'
          )
        ).then((rows) => rows.map((r) => ({ owner: r.QuotaOwnerId, amount: r.amount })))
      : await step('reading Sales_Quota__c', () =>
          aggregateByOwner<{ User__c: string; amount: number | null }>(
            api,
            ids,
            quotaChunk,
            (owners) =>
              `SELECT User__c, SUM(Amount__c) amount FROM Sales_Quota__c WHERE Period__c = ${lit(period)} AND ${owners} GROUP BY User__c`,
            'User__c'
          )
        ).then((rows) => rows.map((r) => ({ owner: r.User__c, amount: r.amount })));
  for (const q of quotas) {
    const t = tallies.get(q.owner);
    if (t && q.amount !== null) t.quota = (t.quota ?? 0) + Number(q.amount);
  }

  // Count quotas: what the reps of count-measured roles achieved, and their quantity quotas.
  const measures = options.countMeasures ?? DEFAULT_COUNT_MEASURES;
  const countIds = facts.reps.filter((r) => measures[r.role]).map((r) => r.id);
  if (countIds.length) {
    progress(`${period}: count quotas for ${countIds.length} reps`);
    const converted = await step('counting converted leads', () =>
      aggregateByOwner<{ OwnerId: string; n: number; opportunities: number }>(
        api,
        countIds,
        quotaChunk,
        (owners) =>
          `SELECT OwnerId, COUNT(Id) n, COUNT(ConvertedOpportunityId) opportunities FROM Lead WHERE IsConverted = true AND ConvertedDate >= ${range.start} AND ConvertedDate <= ${range.end} AND ${owners} GROUP BY OwnerId`,
        'OwnerId'
      )
    );
    for (const g of converted) {
      const t = tallies.get(g.OwnerId);
      if (!t) continue;
      t.leadsConvertedInPeriod += Number(g.n);
      t.opportunitiesSourced += Number(g.opportunities ?? 0);
    }
    const quantities =
      facts.quotaSource === 'Forecasting' && facts.quantityTypeId
        ? await step('reading ForecastingQuota quantities', () =>
            aggregateByOwner<{ QuotaOwnerId: string; quantity: number | null }>(
              api,
              countIds,
              quotaChunk,
              (owners) =>
                `SELECT QuotaOwnerId, SUM(QuotaQuantity) quantity FROM ForecastingQuota WHERE ForecastingTypeId = ${lit(facts.quantityTypeId as string)} AND StartDate >= ${range.start} AND StartDate <= ${range.end} AND ${owners} GROUP BY QuotaOwnerId`,
              'QuotaOwnerId'
            )
          ).then((rows) => rows.map((r) => ({ owner: r.QuotaOwnerId, quantity: r.quantity })))
        : await step('reading Sales_Quota__c quantities', () =>
            aggregateByOwner<{ User__c: string; quantity: number | null }>(
              api,
              countIds,
              quotaChunk,
              (owners) =>
                `SELECT User__c, SUM(Quantity__c) quantity FROM Sales_Quota__c WHERE Period__c = ${lit(period)} AND ${owners} GROUP BY User__c`,
              'User__c'
            )
          ).then((rows) => rows.map((r) => ({ owner: r.User__c, quantity: r.quantity })));
    for (const q of quantities) {
      const t = tallies.get(q.owner);
      if (t && q.quantity !== null) t.quotaQuantity = (t.quotaQuantity ?? 0) + Number(q.quantity);
    }
  }

  return { tallies, streamed: result.rows, stageTally, historyRows, repIndex };
}

/** Refusals that point at the sync user's access rather than at the data. */
const ACCESS_CODES = new Set([
  'FIELD_CUSTOM_VALIDATION_EXCEPTION',
  'INSUFFICIENT_ACCESS_OR_READONLY',
  'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY',
  'INVALID_FIELD_FOR_INSERT_UPDATE'
]);

/** A hint when every write of an object was refused for access reasons. */
function accessHint(object: string, outcomes: WriteOutcome[]): string | null {
  if (!outcomes.length || outcomes.some((o) => o.ok || !ACCESS_CODES.has(o.errorCode ?? ''))) return null;
  return `Every ${object} write was refused (${outcomes[0].errorCode}): the sync user probably lacks the Sales_Competency_Sync permission set (its Sync_Metrics custom permission guards the synced fields).`;
}

function addHint(summary: SyncSummary, hint: string | null): void {
  if (hint && !summary.hints.includes(hint)) summary.hints.push(hint);
}

function addNote(summary: SyncSummary, note: string): void {
  if (!summary.notes.includes(note)) summary.notes.push(note);
}

function failuresOf(object: string, outcomes: WriteOutcome[]): SyncFailure[] {
  return outcomes
    .filter((o) => !o.ok)
    .map((o) => ({ object, key: o.key, errorCode: o.errorCode ?? 'UNKNOWN', message: o.message ?? '' }));
}

/** The period keys a run covers: the given ones, or the last closed fiscal quarter. */
export function resolvePeriods(periods: string[], fiscal: FiscalSettings, now: Date): string[] {
  if (!periods.length) return [lastClosedQuarter(utcDate(now), fiscal)];
  return periods;
}

/** Runs the sync over the periods; per-record failures are collected, anything else throws. */
export async function runSync(api: SyncApi, options: SyncOptions): Promise<SyncSummary> {
  const started = Date.now();
  const now = options.now ?? new Date();
  const stamp = now.toISOString();
  const progress = options.progress ?? (() => undefined);
  for (const p of options.periods) {
    try {
      parsePeriodKey(p);
    } catch (e) {
      throw new SyncError((e as Error).message);
    }
  }
  progress('reading the org settings and the reps');
  const facts = await readOrg(api, options);
  const roleOf = new Map(facts.reps.map((r) => [r.id, r.role]));
  const measures = options.countMeasures ?? DEFAULT_COUNT_MEASURES;
  const summary: SyncSummary = {
    dryRun: options.dryRun,
    only: options.only,
    quotaSource: options.only === 'impact' ? null : facts.quotaSource,
    currency: { corporate: facts.corporateCurrency, multiCurrency: facts.multiCurrency },
    reps: facts.reps.length,
    periods: [],
    snapshotsWritten: 0,
    assessmentsRescored: 0,
    impactsWritten: 0,
    impactsComputed: 0,
    impactsNotEnoughData: 0,
    calibration: [],
    notes: [],
    failures: [],
    hints: [],
    apiCalls: 0,
    retries: 0,
    elapsedMs: 0,
    bulkRows: 0,
    bulkCpuMs: 0
  };

  for (const period of resolvePeriods(options.periods, facts.fiscal, now)) {
    const range = periodRange(period, facts.fiscal);
    if (range.start > utcDate(now))
      throw new SyncError(
        `Period ${period} (${range.start} to ${range.end}) has not started yet in this org's fiscal calendar: nothing to sync`
      );
    const result: PeriodResult = {
      period,
      start: range.start,
      end: range.end,
      reps: facts.reps.length,
      snapshotsWritten: 0,
      snapshotsUnchanged: 0,
      assessmentsRescored: 0,
      assessmentsUnchanged: 0,
      impactsWritten: 0,
      impactsUnchanged: 0,
      impactsComputed: 0,
      impactsNotEnoughData: 0,
      opportunitiesStreamed: 0,
      historyRowsStreamed: 0
    };
    summary.periods.push(result);

    // Win rate and attainment per rep, for rescoring and the impact analysis.
    const outcomes = new Map<string, Outcome>();
    let tallies: Map<string, RepTally> | null = null;
    let stageTally: StageTally | null = null;
    let repIndex = new Map<string, number>();
    if (options.only !== 'impact') {
      const read = await readTallies(api, facts, range, period, options);
      tallies = read.tallies;
      stageTally = read.stageTally;
      repIndex = read.repIndex;
      result.opportunitiesStreamed = read.streamed;
      result.historyRowsStreamed = read.historyRows;
      if (!stageTally)
        addNote(
          summary,
          'No stage metrics: the org has no readable OpportunityStage with active open stages.'
        );
    }
    progress(`${period}: existing snapshots`);
    const existing = new Map<string, Record<string, unknown>>();
    await step('reading Performance_Snapshot__c', () =>
      api.queryPages<Record<string, unknown>>(
        `SELECT Key__c, ${SNAPSHOT_FIELDS.join(', ')} FROM Performance_Snapshot__c WHERE Period__c = ${lit(period)}`,
        (records) => {
          for (const r of records) existing.set(r.Key__c as string, r);
        }
      )
    );

    if (tallies) {
      const changed: Record<string, unknown>[] = [];
      for (const rep of facts.reps) {
        const metrics: SnapshotMetrics = snapshotMetrics(
          tallies.get(rep.id) as RepTally,
          rep.role === 'SDR',
          facts.quotaSource,
          measures[rep.role] ?? null
        );
        const stages = stageTally ? stageMetrics(stageTally, repIndex.get(rep.id) as number) : null;
        const stageConversion: Record<string, number | null> = {};
        for (const m of stages ?? []) stageConversion[m.stage] = m.conversion;
        outcomes.set(rep.id, {
          winRate: metrics.Win_Rate__c,
          attainment: metrics.Quota_Attainment__c,
          velocity: metrics.Sales_Velocity__c,
          leadConversion: metrics.Lead_Conversion__c,
          stageConversion
        });
        const key = `${rep.id}:${period}`;
        const record: Record<string, unknown> = {
          Rep__c: rep.id,
          Period_Start__c: range.start,
          Period_End__c: range.end,
          ...metrics,
          Stage_Metrics__c: stageMetricsText(stages)
        };
        const before = existing.get(key);
        if (before && SNAPSHOT_FIELDS.every((f) => same(before[f], record[f]))) {
          result.snapshotsUnchanged++;
          continue;
        }
        changed.push({
          Key__c: key,
          Period__c: period,
          ...record,
          ...(before ? {} : { OwnerId: rep.id }),
          ...(facts.multiCurrency ? { CurrencyIsoCode: facts.corporateCurrency } : {}),
          Synced_At__c: stamp
        });
      }
      if (!options.dryRun && changed.length) {
        const viaBulk = changed.length > (options.ingestThreshold ?? 2000);
        progress(`${period}: upserting ${changed.length} snapshots${viaBulk ? ' (Bulk 2.0 ingest)' : ''}`);
        const written = await step('writing Performance_Snapshot__c', async () => {
          // Many changes: one ingest job; an org without the ingest endpoint falls back to collections.
          const bulk = viaBulk ? await api.bulkUpsert('Performance_Snapshot__c', 'Key__c', changed) : null;
          return (
            bulk ??
            api.collection(
              changed,
              { type: 'Performance_Snapshot__c', externalIdField: 'Key__c' },
              (r) => r.Key__c as string,
              'safe'
            )
          );
        });
        summary.failures.push(...failuresOf('Performance_Snapshot__c', written));
        addHint(summary, accessHint('Performance_Snapshot__c', written));
        result.snapshotsWritten = written.filter((o) => o.ok).length;
      } else result.snapshotsWritten = changed.length;

      // ---- rescore the open assessments of the period
      progress(`${period}: rescoring open assessments`);
      const assessments = await step('reading Assessment__c', () =>
        api.queryAll<Record<string, unknown>>(
          `SELECT Id, Rep__c, In_Ramp__c, Scope_Rating__c, Impact_Rating__c, Quota_Attainment__c, Win_Rate__c, Eligible_Score__c, Final_Score__c, Override_Reason__c, Needs_Calibration__c, Version__c FROM Assessment__c WHERE Period__c = ${lit(period)} AND Status__c IN ('Draft', 'Submitted')`
        )
      );
      const updates: Record<string, unknown>[] = [];
      for (const a of assessments) {
        const metrics = outcomes.get(a.Rep__c as string);
        if (!metrics) continue;
        let score: number | null;
        try {
          score = eligibleScore(
            {
              attainment: metrics.attainment,
              inRamp: a.In_Ramp__c === true,
              scope: (a.Scope_Rating__c as ExpectationRating | null) ?? null,
              impact: (a.Impact_Rating__c as ExpectationRating | null) ?? null
            },
            facts.bands
          ).score;
        } catch (e) {
          throw new SyncError(`Cannot score assessment ${String(a.Id)}: ${(e as Error).message}`);
        }
        // A final score set while the eligible score was blank stands; if the newly synced eligible
        // score is worse (higher), a calibrator must look at it (unless an override reason explains it).
        const final =
          a.Final_Score__c === null || a.Final_Score__c === undefined ? null : Number(a.Final_Score__c);
        const flagged =
          final !== null &&
          score !== null &&
          final < score &&
          a.In_Ramp__c !== true &&
          !(typeof a.Override_Reason__c === 'string' && a.Override_Reason__c.trim());
        if (flagged && final !== null && score !== null)
          summary.calibration.push({
            assessmentId: String(a.Id),
            repId: String(a.Rep__c),
            period,
            finalScore: final,
            eligibleScore: score
          });
        const next = {
          Quota_Attainment__c: metrics.attainment,
          Win_Rate__c: metrics.winRate,
          Eligible_Score__c: score,
          Needs_Calibration__c: flagged
        };
        if (
          same(a.Quota_Attainment__c, next.Quota_Attainment__c) &&
          same(a.Win_Rate__c, next.Win_Rate__c) &&
          same(a.Eligible_Score__c, next.Eligible_Score__c) &&
          (a.Needs_Calibration__c === true) === flagged
        ) {
          result.assessmentsUnchanged++;
          continue;
        }
        updates.push({
          Id: a.Id,
          ...next,
          Metrics_Synced_At__c: stamp,
          Version__c: Number(a.Version__c ?? 0) + 1
        });
      }
      if (!options.dryRun && updates.length) {
        // A version bump is not the same write twice: repeat only what the org refused outright.
        const written = await step('writing Assessment__c', () =>
          api.collection(
            updates,
            { type: 'Assessment__c', update: true },
            (r) => r.Id as string,
            'refusedOnly'
          )
        );
        summary.failures.push(...failuresOf('Assessment__c', written));
        addHint(summary, accessHint('Assessment__c', written));
        result.assessmentsRescored = written.filter((o) => o.ok).length;
      } else result.assessmentsRescored = updates.length;
    } else {
      const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
      for (const [key, snap] of existing) {
        const repId = key.slice(0, key.indexOf(':'));
        outcomes.set(repId, {
          winRate: num(snap.Win_Rate__c),
          attainment: num(snap.Quota_Attainment__c),
          velocity: num(snap.Sales_Velocity__c),
          leadConversion: num(snap.Lead_Conversion__c),
          stageConversion: conversionsFromText(snap.Stage_Metrics__c)
        });
      }
    }

    if (options.only !== 'metrics') {
      progress(`${period}: behaviour impact`);
      await runImpact(
        api,
        period,
        roleOf,
        outcomes,
        new Set(facts.funnel?.stages ?? []),
        options,
        result,
        summary
      );
    }
    summary.snapshotsWritten += result.snapshotsWritten;
    summary.assessmentsRescored += result.assessmentsRescored;
    summary.impactsWritten += result.impactsWritten;
    summary.impactsComputed += result.impactsComputed;
    summary.impactsNotEnoughData += result.impactsNotEnoughData;
  }
  summary.apiCalls = api.callsUsed();
  summary.retries = api.stats.retries;
  summary.elapsedMs = Date.now() - started;
  summary.bulkRows = api.stats.bulkRows;
  summary.bulkCpuMs = Math.round(api.stats.bulkCpuMicros / 1000);
  return summary;
}

/**
 * A short, stable code for a stage name in Behavior_Impact__c keys (Key__c holds 80 characters):
 * FNV-1a over the name, 8 hex digits. The stage itself is in Stage__c.
 */
export function stageCode(stage: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < stage.length; i++) {
    h ^= stage.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** One rating as the impact analysis needs it (blank texts for missing values). */
interface FlatRating {
  id: string;
  rating: string;
  /** LastModifiedDate as the API returned it (UTC, comparable as text within one read). */
  modified: string;
  behaviorId: string;
  behaviorKey: string;
  competencyId: string;
  /** The behaviour's tagged stages (multi-select picklist text, ';'-separated). */
  stages: string;
  repId: string;
  role: string;
}

/** Behaviour impact for one period: latest rating per rep and behaviour within a role. */
async function runImpact(
  api: SyncApi,
  period: string,
  roleOf: Map<string, string>,
  outcomes: Map<string, Outcome>,
  stageNames: ReadonlySet<string>,
  options: SyncOptions,
  result: PeriodResult,
  summary: SyncSummary
): Promise<void> {
  const progress = options.progress ?? (() => undefined);
  // Latest rating per role, behaviour and rep: newest LastModifiedDate, then the higher Id.
  const latest = new Map<string, FlatRating>();
  const consider = (r: FlatRating): void => {
    if (!r.repId || !r.behaviorKey) return;
    const role = r.role || roleOf.get(r.repId);
    if (!role) return;
    const id = `${role}\u0000${r.behaviorKey}\u0000${r.repId}`;
    const seen = latest.get(id);
    if (!seen || r.modified > seen.modified || (r.modified === seen.modified && r.id > seen.id))
      latest.set(id, { ...r, role });
  };
  const where = `Assessment__r.Period__c = ${lit(period)}`;
  const fields =
    'Id, Rating__c, LastModifiedDate, Job_Behavior__c, Job_Behavior__r.Key__c, Job_Behavior__r.Competency__c, Job_Behavior__r.Stages__c, Assessment__r.Rep__c, Assessment__r.Sales_Role__c';
  const total = await step('counting Behavior_Rating__c', () =>
    api.count(`SELECT COUNT() FROM Behavior_Rating__c WHERE ${where}`)
  );
  if (total > (options.ratingsBulkThreshold ?? 10_000)) {
    // Many ratings: one Bulk 2.0 extract instead of a REST page per 2,000 ratings.
    progress(`${period}: ${total} ratings through Bulk 2.0`);
    await step('streaming Behavior_Rating__c (Bulk 2.0)', () =>
      api.bulkQuery(`SELECT ${fields} FROM Behavior_Rating__c WHERE ${where}`, (header) => {
        const col = (name: string): number => {
          const i = header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
          if (i < 0) throw new ApiError(`Bulk 2.0 result lacks the column ${name}`, 'BULK_COLUMNS');
          return i;
        };
        const c = {
          id: col('Id'),
          rating: col('Rating__c'),
          modified: col('LastModifiedDate'),
          behavior: col('Job_Behavior__c'),
          key: col('Job_Behavior__r.Key__c'),
          competency: col('Job_Behavior__r.Competency__c'),
          stages: col('Job_Behavior__r.Stages__c'),
          rep: col('Assessment__r.Rep__c'),
          role: col('Assessment__r.Sales_Role__c')
        };
        const page: FlatRating[] = [];
        return {
          row: (record, quoted) => {
            const v = parseRecord(record, quoted);
            page.push({
              id: v[c.id],
              rating: v[c.rating],
              modified: v[c.modified],
              behaviorId: v[c.behavior],
              behaviorKey: v[c.key],
              competencyId: v[c.competency],
              stages: v[c.stages],
              repId: v[c.rep],
              role: v[c.role]
            });
          },
          commit: () => page.forEach(consider)
        };
      })
    );
  } else {
    await step('reading Behavior_Rating__c', () =>
      api.queryPages<{
        Id: string;
        Rating__c: string;
        LastModifiedDate: string;
        Job_Behavior__c: string;
        Job_Behavior__r: { Key__c: string; Competency__c: string | null; Stages__c: string | null } | null;
        Assessment__r: { Rep__c: string | null; Sales_Role__c: string | null } | null;
      }>(`SELECT ${fields} FROM Behavior_Rating__c WHERE ${where}`, (records) => {
        for (const r of records)
          consider({
            id: r.Id,
            rating: r.Rating__c,
            modified: r.LastModifiedDate,
            behaviorId: r.Job_Behavior__c,
            behaviorKey: r.Job_Behavior__r?.Key__c ?? '',
            competencyId: r.Job_Behavior__r?.Competency__c ?? '',
            stages: r.Job_Behavior__r?.Stages__c ?? '',
            repId: r.Assessment__r?.Rep__c ?? '',
            role: r.Assessment__r?.Sales_Role__c ?? ''
          });
      })
    );
  }
  const rows: ImpactRow[] = [];
  const behaviorOf = new Map<string, { id: string; competency: string }>();
  for (const r of latest.values()) {
    behaviorOf.set(r.behaviorKey, { id: r.behaviorId, competency: r.competencyId });
    const o = outcomes.get(r.repId);
    rows.push({
      repId: r.repId,
      role: r.role,
      behaviorKey: r.behaviorKey,
      rating: r.rating as ImpactRow['rating'],
      winRate: o?.winRate ?? null,
      attainment: o?.attainment ?? null,
      velocity: o?.velocity ?? null,
      leadConversion: o?.leadConversion ?? null,
      // Only open stages have a conversion out of them; Closed Won tags have nothing to test.
      stages: r.stages ? r.stages.split(';').filter((st) => stageNames.has(st)) : [],
      stageConversion: o?.stageConversion ?? {}
    });
  }
  const existing = new Map<string, Record<string, unknown>>();
  for (const r of await step('reading Behavior_Impact__c', () =>
    api.queryAll<Record<string, unknown>>(
      `SELECT Key__c, ${IMPACT_FIELDS.join(', ')} FROM Behavior_Impact__c WHERE Period__c = ${lit(period)}`
    )
  ))
    existing.set(r.Key__c as string, r);
  const changed: Record<string, unknown>[] = [];
  for (const res of behaviorImpact(rows)) {
    // Keys of the whole-period metrics are unchanged; a stage result adds its stage.
    const key = res.stage
      ? `${period}:${res.role}:${res.behaviorKey}:SC:${stageCode(res.stage)}`
      : `${period}:${res.role}:${res.behaviorKey}:${res.metric}`;
    if (res.status === 'Computed') result.impactsComputed++;
    else result.impactsNotEnoughData++;
    const values: Record<string, unknown> = {
      N__c: res.n,
      Rho__c: res.rho,
      CI_Low__c: res.ciLow,
      CI_High__c: res.ciHigh,
      P_Value__c: res.pValue,
      Q_Value__c: res.qValue,
      Significant__c: res.significant,
      Status__c: res.status
    };
    const before = existing.get(key);
    if (before && IMPACT_FIELDS.every((f) => same(before[f], values[f]))) {
      result.impactsUnchanged++;
      continue;
    }
    const behavior = behaviorOf.get(res.behaviorKey);
    changed.push({
      Key__c: key,
      Period__c: period,
      Sales_Role__c: res.role,
      Job_Behavior__c: behavior?.id ?? null,
      Competency__c: behavior?.competency || null,
      Metric__c: res.metric,
      Stage__c: res.stage,
      ...values
    });
  }
  if (!options.dryRun && changed.length) {
    const written = await step('writing Behavior_Impact__c', () =>
      api.collection(
        changed,
        { type: 'Behavior_Impact__c', externalIdField: 'Key__c' },
        (r) => r.Key__c as string,
        'safe'
      )
    );
    summary.failures.push(...failuresOf('Behavior_Impact__c', written));
    addHint(summary, accessHint('Behavior_Impact__c', written));
    result.impactsWritten = written.filter((o) => o.ok).length;
  } else result.impactsWritten = changed.length;
}
