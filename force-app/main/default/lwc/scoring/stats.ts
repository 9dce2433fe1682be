/**
 * Behaviour impact statistics: Spearman rank correlation (ties get average ranks), its 95%
 * interval on the Fisher z scale with the Bonett-Wright standard error, a two-sided p-value, the
 * Benjamini-Hochberg false-discovery-rate adjustment, and the per-role grouping the sync stores in
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
  checkCorrelation(rho, n, 'The Fisher interval');
  const z = Math.atanh(rho);
  const margin = Z_95 / Math.sqrt(n - 3);
  return { low: Math.tanh(z - margin), high: Math.tanh(z + margin) };
}

/** The Bonett-Wright standard error of atanh(rho) for a Spearman rho: sqrt((1 + rho^2 / 2) / (n - 3)). */
export function bonettWrightSe(rho: number, n: number): number {
  checkCorrelation(rho, n, 'The Bonett-Wright interval');
  return Math.sqrt((1 + (rho * rho) / 2) / (n - 3));
}

function checkCorrelation(rho: number, n: number, what: string): void {
  requireFinite(rho, 'Correlation');
  if (rho < -1 || rho > 1) throw new ScoringInputError(`Correlation must be within [-1, 1], got ${rho}`);
  if (!Number.isInteger(n) || n <= 3) {
    throw new ScoringInputError(`${what} needs a whole number of pairs above 3, got ${describe(n)}`);
  }
}

/**
 * 95% interval for a Spearman rho on the Fisher z scale with the Bonett-Wright standard error
 * (more accurate for rank correlations than the Pearson 1 / sqrt(n - 3)):
 * tanh(atanh(rho) -/+ 1.96 * sqrt((1 + rho^2 / 2) / (n - 3))). Needs n > 3.
 */
export function bonettWrightInterval(rho: number, n: number): CorrelationInterval {
  const margin = Z_95 * bonettWrightSe(rho, n);
  const z = Math.atanh(rho);
  return { low: Math.tanh(z - margin), high: Math.tanh(z + margin) };
}

/**
 * Complementary error function (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7),
 * enough for p-values stored with four decimals.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
    );
  return x >= 0 ? r : 2 - r;
}

/**
 * Two-sided p-value of a Spearman rho against no association, from the same z scale as the
 * interval: z = atanh(rho) / Bonett-Wright SE, p = erfc(|z| / sqrt 2). The 95% interval excludes 0
 * exactly when p < 0.05. A perfect correlation gives 0. Needs n > 3.
 */
export function correlationPValue(rho: number, n: number): number {
  const se = bonettWrightSe(rho, n);
  if (Math.abs(rho) === 1) return 0;
  return Math.min(1, erfc(Math.abs(Math.atanh(rho)) / se / Math.SQRT2));
}

/** The Benjamini-Hochberg adjustment of one family of tests. */
export interface FdrResult {
  /** Adjusted p-values (q-values), in input order; null where the input was null. */
  adjusted: (number | null)[];
  /** Whether each test is a discovery at the given false discovery rate. */
  significant: boolean[];
}

/**
 * Benjamini-Hochberg step-up adjustment: with the m p-values sorted ascending, the adjusted value
 * of the i-th is min over j >= i of (m / j) * p(j), capped at 1; a test is a discovery when its
 * adjusted value is at most `rate` (default 0.05). Null p-values (no test) are left out of m.
 */
export function benjaminiHochberg(pValues: readonly (number | null)[], rate = 0.05): FdrResult {
  requireFinite(rate, 'False discovery rate');
  if (rate <= 0 || rate >= 1)
    throw new ScoringInputError(`False discovery rate must be within (0, 1), got ${rate}`);
  const tested: number[] = [];
  pValues.forEach((p, i) => {
    if (p === null) return;
    requireFinite(p, `p-value at position ${i}`);
    if (p < 0 || p > 1)
      throw new ScoringInputError(`p-value at position ${i} must be within [0, 1], got ${p}`);
    tested.push(i);
  });
  const m = tested.length;
  const order = [...tested].sort((a, b) => (pValues[a] as number) - (pValues[b] as number));
  const adjusted: (number | null)[] = pValues.map(() => null);
  let running = 1;
  for (let k = m - 1; k >= 0; k--) {
    const i = order[k];
    running = Math.min(running, ((pValues[i] as number) * m) / (k + 1));
    adjusted[i] = running;
  }
  return { adjusted, significant: adjusted.map((q) => q !== null && q <= rate) };
}

/** The false discovery rate at which impact results are called significant. */
export const IMPACT_FDR = 0.05;

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
  /** Sales velocity (amount per day); null or absent when the rep won nothing. */
  velocity?: number | null;
  /** Lead conversion in percent (SDR reps); null or absent otherwise. */
  leadConversion?: number | null;
  /** Opportunity stages the behaviour is tagged with: each gets a conversion result. */
  stages?: readonly string[];
  /** The rep's conversion out of each stage, in percent (null when no deal reached it). */
  stageConversion?: Readonly<Record<string, number | null>>;
}

/** Behavior_Impact__c.Metric__c values. */
export type ImpactMetric =
  'Win Rate' | 'Quota Attainment' | 'Sales Velocity' | 'Lead Conversion' | 'Stage Conversion';
/** Behavior_Impact__c.Status__c values. */
export type ImpactStatus = 'Computed' | 'Not Enough Data';

/**
 * One Behavior_Impact__c result: role x behaviour x metric (x stage for stage conversion). Rho and
 * bounds have three decimals, p- and q-values four.
 */
export interface ImpactResult {
  role: string;
  behaviorKey: string;
  metric: ImpactMetric;
  /** The stage whose conversion is correlated; null for the other metrics. */
  stage: string | null;
  n: number;
  rho: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  /** Two-sided p-value against no association. */
  pValue: number | null;
  /** Benjamini-Hochberg adjusted p-value within the role and metric. */
  qValue: number | null;
  /** True when the result is a discovery at a false discovery rate of IMPACT_FDR. */
  significant: boolean;
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

/** The result for one group of (rating, outcome) pairs, before the FDR adjustment. */
function impactOf(
  role: string,
  behaviorKey: string,
  metric: ImpactMetric,
  stage: string | null,
  xs: number[],
  ys: number[]
): ImpactResult {
  const n = xs.length;
  const base = { role, behaviorKey, metric, stage, n, pValue: null, qValue: null, significant: false };
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
  const { low, high } = bonettWrightInterval(rho, n);
  return {
    ...base,
    rho: roundTo(rho, 3),
    ciLow: roundTo(low, 3),
    ciHigh: roundTo(high, 3),
    pValue: correlationPValue(rho, n),
    status: 'Computed',
    reason: null
  };
}

/** Paired ratings and outcomes of one metric in one group. */
type Pairs = [number[], number[]];

/** The metrics every group reports, even with no data, in result order. */
const ALWAYS: readonly {
  metric: ImpactMetric;
  of: (row: ImpactRow) => number | null | undefined;
  label: string;
}[] = [
  { metric: 'Quota Attainment', of: (r) => r.attainment, label: 'Quota attainment' },
  { metric: 'Win Rate', of: (r) => r.winRate, label: 'Win rate' }
];
/** Metrics reported only for groups where some rep has a value. */
const WHEN_PRESENT: readonly {
  metric: ImpactMetric;
  of: (row: ImpactRow) => number | null | undefined;
  label: string;
}[] = [
  { metric: 'Sales Velocity', of: (r) => r.velocity, label: 'Sales velocity' },
  { metric: 'Lead Conversion', of: (r) => r.leadConversion, label: 'Lead conversion' }
];

/**
 * Spearman correlation of the latest behaviour rating with win rate and quota attainment (always),
 * with sales velocity and lead conversion (where some rep has a value), and with the conversion
 * out of each stage the behaviour is tagged with (where some rep has one), across the reps of one role. One result per role
 * x behaviour x metric (x stage), sorted by role and behaviour. Each result carries a p-value and
 * the Benjamini-Hochberg verdict within its role and metric (all stages of a role form one family).
 * Each rep may appear once per role and behaviour.
 */
export function behaviorImpact(rows: readonly ImpactRow[], fdr: number = IMPACT_FDR): ImpactResult[] {
  interface Group {
    role: string;
    behaviorKey: string;
    reps: Set<string>;
    pairs: Map<ImpactMetric, Pairs>;
    stages: string[];
    stagePairs: Map<string, Pairs>;
  }
  const groups = new Map<string, Group>();
  const push = (map: Map<string, Pairs>, key: string, x: number, y: number): void => {
    let p = map.get(key);
    if (!p) map.set(key, (p = [[], []]));
    p[0].push(x);
    p[1].push(y);
  };
  for (const row of rows) {
    const rating = ratingNumber(row.rating);
    const id = `${row.role}\u0000${row.behaviorKey}`;
    let group = groups.get(id);
    if (!group) {
      group = {
        role: row.role,
        behaviorKey: row.behaviorKey,
        reps: new Set(),
        pairs: new Map(),
        stages: [],
        stagePairs: new Map()
      };
      groups.set(id, group);
    }
    if (group.reps.has(row.repId)) {
      throw new ScoringInputError(
        `Rep ${row.repId} appears twice for role "${row.role}" and behaviour "${row.behaviorKey}": pass the latest rating only`
      );
    }
    group.reps.add(row.repId);
    for (const stage of row.stages ?? []) if (!group.stages.includes(stage)) group.stages.push(stage);
    if (rating === null) continue;
    for (const m of [...ALWAYS, ...WHEN_PRESENT]) {
      const y = m.of(row);
      if (y !== null && y !== undefined)
        push(group.pairs, m.metric, rating, requireFinite(y, `${m.label} of rep ${row.repId}`));
    }
    for (const stage of row.stages ?? []) {
      const y = row.stageConversion?.[stage];
      if (y !== null && y !== undefined)
        push(
          group.stagePairs,
          stage,
          rating,
          requireFinite(y, `Conversion out of ${stage} of rep ${row.repId}`)
        );
    }
  }
  const results: ImpactResult[] = [];
  // Group ids are unique and "\u0000" sorts first, so this orders by role, then behaviour.
  const ordered = [...groups.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map((entry) => entry[1]);
  for (const g of ordered) {
    const of = (metric: ImpactMetric): Pairs => g.pairs.get(metric) ?? [[], []];
    for (const m of ALWAYS) results.push(impactOf(g.role, g.behaviorKey, m.metric, null, ...of(m.metric)));
    for (const m of WHEN_PRESENT)
      if (g.pairs.has(m.metric))
        results.push(impactOf(g.role, g.behaviorKey, m.metric, null, ...of(m.metric)));
    for (const stage of g.stages) {
      const pairs = g.stagePairs.get(stage);
      if (pairs) results.push(impactOf(g.role, g.behaviorKey, 'Stage Conversion', stage, pairs[0], pairs[1]));
    }
  }
  // Benjamini-Hochberg within each role and metric: many behaviours are tested at once.
  const families = new Map<string, ImpactResult[]>();
  for (const r of results) {
    const key = `${r.role}\u0000${r.metric}`;
    const list = families.get(key) ?? [];
    list.push(r);
    families.set(key, list);
  }
  for (const family of families.values()) {
    const { adjusted, significant } = benjaminiHochberg(
      family.map((r) => r.pValue),
      fdr
    );
    family.forEach((r, i) => {
      const q = adjusted[i];
      r.qValue = q === null ? null : roundTo(q, 4);
      r.pValue = r.pValue === null ? null : roundTo(r.pValue, 4);
      r.significant = significant[i];
    });
  }
  return results;
}
