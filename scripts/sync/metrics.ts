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

/** Whole days from a CreatedDate (date part, UTC) to a CloseDate; the inputs are API date texts. */
export function cycleDays(createdDate: string, closeDate: string): number {
  const created = Date.UTC(
    Number(createdDate.slice(0, 4)),
    Number(createdDate.slice(5, 7)) - 1,
    Number(createdDate.slice(8, 10))
  );
  const closed = Date.UTC(
    Number(closeDate.slice(0, 4)),
    Number(closeDate.slice(5, 7)) - 1,
    Number(closeDate.slice(8, 10))
  );
  const days = (closed - created) / 86_400_000;
  if (!Number.isFinite(days))
    throw new Error(`Unreadable dates: CreatedDate ${createdDate}, CloseDate ${closeDate}`);
  return days;
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
