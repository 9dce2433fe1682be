/**
 * The sync's metric definitions (product.md, "Metrics"; docs/sync.md), as pure functions over
 * per-rep tallies: win rate, quota attainment (of an amount or a count quota), average won deal
 * size, average cycle days, sales velocity and lead conversion, rounded as the
 * Performance_Snapshot__c fields store them. No I/O, so each rule is one place.
 */
import { roundTo } from '../../force-app/main/default/lwc/scoring/scoring';

/** What the reads gathered for one rep in one period. */
export interface RepTally {
  wonCount: number;
  lostCount: number;
  /** Sum of won Amount, corporate currency. */
  wonAmount: number;
  /** Sum and count of (CloseDate - CreatedDate) in days over won opportunities. */
  cycleDaysSum: number;
  cycleCount: number;
  leadsTotal: number;
  leadsConverted: number;
  /** Quota for the period (corporate currency); null when none was found. */
  quota: number | null;
  /** Count quota for the period (roles measured by a count); null when none was found. */
  quotaQuantity: number | null;
  /** Leads the rep converted in the period (ConvertedDate in it), and those that became opportunities. */
  leadsConvertedInPeriod: number;
  opportunitiesSourced: number;
}

/** What a count quota counts (Performance_Snapshot__c.Quota_Measure__c), besides 'Amount'. */
export type CountMeasure = 'Leads Converted' | 'Opportunities Sourced';

/** Roles measured by a count quota unless the sync is told otherwise (--count-quota). */
export const DEFAULT_COUNT_MEASURES: Readonly<Record<string, CountMeasure>> = { SDR: 'Leads Converted' };

/** Where a quota came from (Performance_Snapshot__c.Quota_Source__c). */
export type QuotaSource = 'Forecasting' | 'Custom' | 'None';

/** The metric fields of a snapshot. Percentages are in percent (62.5 = 62.5%). */
export interface SnapshotMetrics {
  Won_Count__c: number;
  Lost_Count__c: number;
  Won_Amount__c: number;
  Win_Rate__c: number | null;
  Quota__c: number | null;
  Quota_Attainment__c: number | null;
  Avg_Deal_Size__c: number | null;
  Avg_Cycle_Days__c: number | null;
  Leads_Total__c: number | null;
  Leads_Converted__c: number | null;
  Lead_Conversion__c: number | null;
  Quota_Source__c: QuotaSource;
  Quota_Measure__c: 'Amount' | CountMeasure;
  Quota_Quantity__c: number | null;
  Quota_Count__c: number | null;
  Sales_Velocity__c: number | null;
}

/** An empty tally. */
export function emptyTally(): RepTally {
  return {
    wonCount: 0,
    lostCount: 0,
    wonAmount: 0,
    cycleDaysSum: 0,
    cycleCount: 0,
    leadsTotal: 0,
    leadsConverted: 0,
    quota: null,
    quotaQuantity: null,
    leadsConvertedInPeriod: 0,
    opportunitiesSourced: 0
  };
}

/**
 * Days since 1970-01-01 of the 'YYYY-MM-DD' date that starts at `offset` of an API date or
 * datetime text (datetimes are UTC in the API). Plain arithmetic on the digits, no Date objects:
 * it runs once per streamed row.
 */
export function epochDay(text: string, offset = 0): number {
  // No inner closures here: this runs once per streamed row.
  let y =
    (text.charCodeAt(offset) - 48) * 1000 +
    (text.charCodeAt(offset + 1) - 48) * 100 +
    (text.charCodeAt(offset + 2) - 48) * 10 +
    (text.charCodeAt(offset + 3) - 48);
  const m = (text.charCodeAt(offset + 5) - 48) * 10 + (text.charCodeAt(offset + 6) - 48);
  const d = (text.charCodeAt(offset + 8) - 48) * 10 + (text.charCodeAt(offset + 9) - 48);
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= 31 && y >= 0) || text.charCodeAt(offset + 4) !== 45)
    throw new Error(`Unreadable date ${JSON.stringify(text)}: expected YYYY-MM-DD`);
  // days from civil (proleptic Gregorian), after H. Hinnant's algorithm
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Whole days from a CreatedDate (its UTC date) to a CloseDate; the inputs are API date texts. */
export function cycleDays(createdDate: string, closeDate: string): number {
  return epochDay(closeDate) - epochDay(createdDate);
}

/**
 * Turns a tally into snapshot metrics: win rate = won / (won + lost); attainment = won amount /
 * quota, or for a role measured by a count (`measure`) the count achieved / the count quota;
 * average deal size = won amount / won count; average cycle days over won deals; sales velocity =
 * closed deals x win rate x average won deal / average cycle days (blank without a won deal or
 * with a zero-day average cycle); lead conversion = converted / total for SDR reps (blank for
 * other roles). Blank when undefined.
 */
export function snapshotMetrics(
  tally: RepTally,
  isSdr: boolean,
  quotaSource: QuotaSource,
  measure: CountMeasure | null = null
): SnapshotMetrics {
  const closed = tally.wonCount + tally.lostCount;
  const winRate = closed > 0 ? tally.wonCount / closed : null;
  const avgDeal = tally.wonCount > 0 ? tally.wonAmount / tally.wonCount : null;
  const avgCycle = tally.cycleCount > 0 ? tally.cycleDaysSum / tally.cycleCount : null;
  const velocity =
    winRate !== null && avgDeal !== null && avgCycle !== null && avgCycle > 0
      ? (closed * winRate * avgDeal) / avgCycle
      : null;
  let quota: number | null = null;
  let quantity: number | null = null;
  let achieved: number | null = null;
  let attainment: number | null = null;
  if (measure) {
    quantity = tally.quotaQuantity !== null && tally.quotaQuantity > 0 ? tally.quotaQuantity : null;
    achieved = measure === 'Leads Converted' ? tally.leadsConvertedInPeriod : tally.opportunitiesSourced;
    if (quantity !== null) attainment = roundTo((100 * achieved) / quantity, 2);
  } else {
    quota = tally.quota !== null && tally.quota > 0 ? tally.quota : null;
    if (quota !== null) attainment = roundTo((100 * tally.wonAmount) / quota, 2);
  }
  return {
    Won_Count__c: tally.wonCount,
    Lost_Count__c: tally.lostCount,
    Won_Amount__c: roundTo(tally.wonAmount, 2),
    Win_Rate__c: winRate === null ? null : roundTo(100 * winRate, 2),
    Quota__c: quota === null ? null : roundTo(quota, 2),
    Quota_Attainment__c: attainment,
    Avg_Deal_Size__c: avgDeal === null ? null : roundTo(avgDeal, 2),
    Avg_Cycle_Days__c: avgCycle === null ? null : roundTo(avgCycle, 1),
    Leads_Total__c: isSdr ? tally.leadsTotal : null,
    Leads_Converted__c: isSdr ? tally.leadsConverted : null,
    Lead_Conversion__c:
      isSdr && tally.leadsTotal > 0 ? roundTo((100 * tally.leadsConverted) / tally.leadsTotal, 2) : null,
    Quota_Source__c: quota === null && quantity === null ? 'None' : quotaSource,
    Quota_Measure__c: measure ?? 'Amount',
    Quota_Quantity__c: quantity,
    Quota_Count__c: measure ? achieved : null,
    Sales_Velocity__c: velocity === null ? null : roundTo(velocity, 2)
  };
}
