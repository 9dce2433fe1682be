/**
 * Behaviour impact statistics: Spearman rank correlation (ties get average ranks), its 95%
 * interval by the Fisher z transform, and the per-role grouping the sync stores in
 * Behavior_Impact__c. A correlation across reps, never a claim of cause.
 */
import { ScoringInputError, describe, requireFinite, roundTo } from './core';
import { ratingValue, type RatingInput } from './ratings';

/** Below this many reps no correlation is reported. */
export const MIN_IMPACT_N = 10;
/** The two-sided 95% normal quantile used by the Fisher interval. */
export const Z_95 = 1.959963984540054;

/** 1-based ranks of the values; tied values share the mean of the ranks they span. O(n log n). */
export function averageRanks(values: readonly number[]): number[] {
  values.forEach((v, i) => requireFinite(v, `Value at position ${i}`));
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]] === values[order[start]]) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k]] = rank;
    start = end + 1;
  }
  return ranks;
}

/** Pearson correlation; null when either series has no variation. */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  requireSameLength(xs, ys);
  const n = xs.length;
  if (n < 2) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i];
    my += ys[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i] - mx;
    const dy = ys[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  // Clamp the last-bit rounding error so the result stays in [-1, 1].
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

function requireSameLength(xs: readonly number[], ys: readonly number[]): void {
  if (xs.length !== ys.length) {
    throw new ScoringInputError(`Paired series must have the same length, got ${xs.length} and ${ys.length}`);
  }
}

/** Spearman rank correlation: Pearson on average ranks. Null when n < 2 or a series is constant. */
export function spearman(xs: readonly number[], ys: readonly number[]): number | null {
  requireSameLength(xs, ys);
  return pearson(averageRanks(xs), averageRanks(ys));
}

/** A confidence interval for a correlation. */
export interface CorrelationInterval {
  low: number;
  high: number;
}

/** 95% interval for a correlation by Fisher z: tanh(atanh(rho) -/+ 1.96 / sqrt(n - 3)). Needs n > 3. */
export function fisherInterval(rho: number, n: number): CorrelationInterval {
  requireFinite(rho, 'Correlation');
  if (rho < -1 || rho > 1) throw new ScoringInputError(`Correlation must be within [-1, 1], got ${rho}`);
  if (!Number.isInteger(n) || n <= 3) {
    throw new ScoringInputError(
      `The Fisher interval needs a whole number of pairs above 3, got ${describe(n)}`
    );
  }
  const z = Math.atanh(rho);
  const margin = Z_95 / Math.sqrt(n - 3);
  return { low: Math.tanh(z - margin), high: Math.tanh(z + margin) };
}

/** One rep's latest rating on one behaviour, with the rep's outcomes in the period. */
export interface ImpactRow {
  repId: string;
  role: string;
  behaviorKey: string;
  /**
   * The latest rating: a picklist value, or a number from 1 to 5 (for instance a competency score,
   * to measure impact per competency with the competency key as behaviorKey). N/A and null rows
   * are left out.
   */
  rating: RatingInput | number;
  /** Win rate in percent; null when the rep closed nothing. */
  winRate: number | null;
  /** Quota attainment in percent; null when the rep had no quota. */
  attainment: number | null;
}

/** Behavior_Impact__c.Metric__c values. */
export type ImpactMetric = 'Win Rate' | 'Quota Attainment';
/** Behavior_Impact__c.Status__c values. */
export type ImpactStatus = 'Computed' | 'Not Enough Data';

/** One Behavior_Impact__c result: role x behaviour x metric. Rho and bounds have three decimals. */
export interface ImpactResult {
  role: string;
  behaviorKey: string;
  metric: ImpactMetric;
  n: number;
  rho: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  status: ImpactStatus;
  /** Why there is no result, when status is 'Not Enough Data'. */
  reason: string | null;
}

function ratingNumber(rating: RatingInput | number): number | null {
  if (typeof rating === 'number') {
    if (!Number.isFinite(rating) || rating < 1 || rating > 5) {
      throw new ScoringInputError(`Invalid rating ${rating}: expected a number from 1 to 5`);
    }
    return rating;
  }
  return ratingValue(rating);
}

/** The result for one group of (rating, outcome) pairs. */
function impactOf(
  role: string,
  behaviorKey: string,
  metric: ImpactMetric,
  xs: number[],
  ys: number[]
): ImpactResult {
  const n = xs.length;
  const base = { role, behaviorKey, metric, n };
  const notEnough = (reason: string): ImpactResult => ({
    ...base,
    rho: null,
    ciLow: null,
    ciHigh: null,
    status: 'Not Enough Data',
    reason
  });
  if (n < MIN_IMPACT_N) return notEnough(`${n} reps, at least ${MIN_IMPACT_N} needed`);
  const rho = spearman(xs, ys);
  if (rho === null) return notEnough('no variation in the ratings or the outcome');
  const { low, high } = fisherInterval(rho, n);
  return {
    ...base,
    rho: roundTo(rho, 3),
    ciLow: roundTo(low, 3),
    ciHigh: roundTo(high, 3),
    status: 'Computed',
    reason: null
  };
}

/**
 * Spearman correlation of the latest behaviour rating with win rate and with quota attainment,
 * across the reps of one role: one result per role x behaviour x metric, sorted by role,
 * behaviour and metric. Each rep may appear once per role and behaviour.
 */
export function behaviorImpact(rows: readonly ImpactRow[]): ImpactResult[] {
  const groups = new Map<
    string,
    {
      role: string;
      behaviorKey: string;
      reps: Set<string>;
      win: [number[], number[]];
      att: [number[], number[]];
    }
  >();
  for (const row of rows) {
    const rating = ratingNumber(row.rating);
    const id = `${row.role}\u0000${row.behaviorKey}`;
    let group = groups.get(id);
    if (!group) {
      group = { role: row.role, behaviorKey: row.behaviorKey, reps: new Set(), win: [[], []], att: [[], []] };
      groups.set(id, group);
    }
    if (group.reps.has(row.repId)) {
      throw new ScoringInputError(
        `Rep ${row.repId} appears twice for role "${row.role}" and behaviour "${row.behaviorKey}": pass the latest rating only`
      );
    }
    group.reps.add(row.repId);
    if (rating === null) continue;
    if (row.winRate !== null && row.winRate !== undefined) {
      group.win[0].push(rating);
      group.win[1].push(requireFinite(row.winRate, `Win rate of rep ${row.repId}`));
    }
    if (row.attainment !== null && row.attainment !== undefined) {
      group.att[0].push(rating);
      group.att[1].push(requireFinite(row.attainment, `Quota attainment of rep ${row.repId}`));
    }
  }
  const results: ImpactResult[] = [];
  // Group ids are unique and "\u0000" sorts first, so this orders by role, then behaviour.
  const ordered = [...groups.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map((entry) => entry[1]);
  for (const group of ordered) {
    results.push(impactOf(group.role, group.behaviorKey, 'Quota Attainment', group.att[0], group.att[1]));
    results.push(impactOf(group.role, group.behaviorKey, 'Win Rate', group.win[0], group.win[1]));
  }
  return results;
}
