/**
 * The sync's metric definitions (product.md, "Metrics"), as pure functions over per-rep tallies:
 * win rate, quota attainment, average won deal size, average cycle days and lead conversion,
 * rounded as the Performance_Snapshot__c fields store them. No I/O, so each rule is one place.
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
}

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
    quota: null
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
 * quota; average deal size = won amount / won count; average cycle days over won deals; lead
 * conversion = converted / total for SDR reps (blank for other roles). Blank when undefined.
 */
export function snapshotMetrics(tally: RepTally, isSdr: boolean, quotaSource: QuotaSource): SnapshotMetrics {
  const closed = tally.wonCount + tally.lostCount;
  const quota = tally.quota !== null && tally.quota > 0 ? tally.quota : null;
  return {
    Won_Count__c: tally.wonCount,
    Lost_Count__c: tally.lostCount,
    Won_Amount__c: roundTo(tally.wonAmount, 2),
    Win_Rate__c: closed > 0 ? roundTo((100 * tally.wonCount) / closed, 2) : null,
    Quota__c: quota === null ? null : roundTo(quota, 2),
    Quota_Attainment__c: quota === null ? null : roundTo((100 * tally.wonAmount) / quota, 2),
    Avg_Deal_Size__c: tally.wonCount > 0 ? roundTo(tally.wonAmount / tally.wonCount, 2) : null,
    Avg_Cycle_Days__c: tally.cycleCount > 0 ? roundTo(tally.cycleDaysSum / tally.cycleCount, 1) : null,
    Leads_Total__c: isSdr ? tally.leadsTotal : null,
    Leads_Converted__c: isSdr ? tally.leadsConverted : null,
    Lead_Conversion__c:
      isSdr && tally.leadsTotal > 0 ? roundTo((100 * tally.leadsConverted) / tally.leadsTotal, 2) : null,
    Quota_Source__c: quota === null ? 'None' : quotaSource
  };
}
