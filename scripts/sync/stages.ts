/**
 * Stage metrics from opportunity stage history, in constant memory: the history rows of the deals
 * closed in a period arrive ordered by opportunity and time, each opportunity is folded into
 * per-rep counters as soon as its last row has passed, and only those counters are kept.
 * Definitions (docs/sync.md): a deal reached a funnel stage when its history shows that stage or
 * a later open one, or it was won; conversion out of a stage is the share of the deals that reached
 * it that reached the next funnel stage (for the last one: were won); days in a stage run from the
 * row that entered it to the next row with another stage.
 */
import { roundTo } from '../../force-app/main/default/lwc/scoring/scoring';

/** One OpportunityStage row as the sync reads it. */
export interface StageDef {
  name: string;
  sortOrder: number;
  active: boolean;
  closed: boolean;
  won: boolean;
}

/** The org's sales funnel: its active open stages in order, and where every open stage sits. */
export class StageFunnel {
  /** Active open stages, in sort order: the funnel steps metrics are reported for. */
  readonly stages: string[];
  /** Every open stage (active or not) to its position in sort order. */
  private readonly position = new Map<string, number>();
  /** Funnel stage name to its index in `stages`. */
  readonly index = new Map<string, number>();
  /** Position (among all open stages) of each funnel stage. */
  readonly funnelPosition: number[];
  /** Every stage name the org has, open or closed (to recognise a stage in place, without a copy). */
  readonly names: string[];

  constructor(defs: readonly StageDef[]) {
    this.names = defs.map((d) => d.name);
    const open = defs.filter((d) => !d.closed).sort((a, b) => a.sortOrder - b.sortOrder);
    open.forEach((d, i) => this.position.set(d.name, i));
    const active = open.filter((d) => d.active);
    this.stages = active.map((d) => d.name);
    this.stages.forEach((s, i) => this.index.set(s, i));
    this.funnelPosition = active.map((d) => this.position.get(d.name) as number);
  }

  /** The stage name found between `start` and `end` of a text, without copying it; null when unknown. */
  nameAt(text: string, start: number, end: number): string | null {
    const length = end - start;
    for (const name of this.names) if (name.length === length && text.startsWith(name, start)) return name;
    return null;
  }

  /** Position of an open stage in sort order; -1 for closed or unknown stages. */
  positionOf(stage: string): number {
    return this.position.get(stage) ?? -1;
  }
}

/** Per-rep counters of the funnel (rep-major arrays: rep * stages + stage). */
export class StageTally {
  readonly reached: Int32Array;
  readonly advanced: Int32Array;
  readonly won: Int32Array;
  readonly daysSum: Float64Array;
  readonly stays: Int32Array;
  /** Closed deals seen per rep. */
  readonly deals: Int32Array;

  constructor(
    readonly funnel: StageFunnel,
    readonly reps: number
  ) {
    const size = reps * funnel.stages.length;
    this.reached = new Int32Array(size);
    this.advanced = new Int32Array(size);
    this.won = new Int32Array(size);
    this.daysSum = new Float64Array(size);
    this.stays = new Int32Array(size);
    this.deals = new Int32Array(reps);
  }

  /** Adds another tally's counts (a results page read whole). */
  add(other: StageTally): void {
    for (let i = 0; i < this.reached.length; i++) {
      this.reached[i] += other.reached[i];
      this.advanced[i] += other.advanced[i];
      this.won[i] += other.won[i];
      this.daysSum[i] += other.daysSum[i];
      this.stays[i] += other.stays[i];
    }
    for (let r = 0; r < this.reps; r++) this.deals[r] += other.deals[r];
  }
}

/** The deal being read: its owner, outcome, furthest open stage and the stay in progress. */
export interface DealState {
  id: string;
  rep: number;
  isWon: boolean;
  furthest: number;
  stage: string;
  since: number;
}

/**
 * Folds history rows, ordered by opportunity then time, into a tally. `carry` is the deal still
 * open at the end of the previous page; `finish()` folds the last deal (call it once, at the end).
 */
export class StageFolder {
  deal: DealState | null;

  constructor(
    private readonly tally: StageTally,
    carry: DealState | null
  ) {
    this.deal = carry ? { ...carry } : null;
  }

  /** One history row: the opportunity, its owner's rep index (-1: not a rep), outcome, stage, day. */
  row(opportunityId: string, rep: number, isWon: boolean, stage: string, day: number): void {
    let d = this.deal;
    if (!d || d.id !== opportunityId) {
      this.finish();
      d = this.deal = { id: opportunityId, rep, isWon, furthest: -1, stage: '', since: day };
    }
    const funnel = this.tally.funnel;
    const position = funnel.positionOf(stage);
    if (position > d.furthest) d.furthest = position;
    if (stage !== d.stage) {
      this.closeStay(d, day);
      d.stage = stage;
      d.since = day;
    }
  }

  private closeStay(d: DealState, day: number): void {
    if (d.rep < 0 || !d.stage) return;
    const k = this.tally.funnel.index.get(d.stage);
    if (k === undefined) return;
    const i = d.rep * this.tally.funnel.stages.length + k;
    this.tally.daysSum[i] += day - d.since;
    this.tally.stays[i]++;
  }

  /** Folds the deal in progress into the tally. */
  finish(): void {
    const d = this.deal;
    this.deal = null;
    if (!d || d.rep < 0) return;
    const t = this.tally;
    const positions = t.funnel.funnelPosition;
    const n = positions.length;
    const base = d.rep * n;
    t.deals[d.rep]++;
    // Runs once per deal (millions): no closure here, as the TypeScript runner names every closure
    // it creates, which cost more than the loop itself.
    for (let k = 0; k < n; k++) {
      if (!d.isWon && d.furthest < positions[k]) break;
      t.reached[base + k]++;
      if (k + 1 < n ? d.isWon || d.furthest >= positions[k + 1] : d.isWon) t.advanced[base + k]++;
      if (d.isWon) t.won[base + k]++;
    }
  }
}

/** One stage's figures for one rep, as stored in Performance_Snapshot__c.Stage_Metrics__c. */
export interface StageMetric {
  stage: string;
  reached: number;
  advanced: number;
  won: number;
  /** advanced / reached, percent, 2 decimals. */
  conversion: number | null;
  /** won / reached, percent, 2 decimals. */
  winRate: number | null;
  /** Mean days per stay in the stage, 1 decimal; null without a finished stay. */
  avgDays: number | null;
}

/** A rep's figures for every funnel stage their closed deals reached; null without closed deals. */
export function stageMetrics(tally: StageTally, rep: number): StageMetric[] | null {
  if (!tally.deals[rep]) return null;
  const n = tally.funnel.stages.length;
  const out: StageMetric[] = [];
  for (let k = 0; k < n; k++) {
    const i = rep * n + k;
    const reached = tally.reached[i];
    if (!reached && !tally.stays[i]) continue;
    out.push({
      stage: tally.funnel.stages[k],
      reached,
      advanced: tally.advanced[i],
      won: tally.won[i],
      conversion: reached ? roundTo((100 * tally.advanced[i]) / reached, 2) : null,
      winRate: reached ? roundTo((100 * tally.won[i]) / reached, 2) : null,
      avgDays: tally.stays[i] ? roundTo(tally.daysSum[i] / tally.stays[i], 1) : null
    });
  }
  return out;
}

/** The JSON text stored in Stage_Metrics__c (stage order, fixed key order, so unchanged values compare equal). */
export function stageMetricsText(metrics: StageMetric[] | null): string | null {
  return metrics === null ? null : JSON.stringify(metrics);
}

/** Conversion out of each stage from a stored Stage_Metrics__c text (for impact-only runs). */
export function conversionsFromText(text: unknown): Record<string, number | null> {
  if (typeof text !== 'string' || !text) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {};
  }
  const out: Record<string, number | null> = {};
  if (Array.isArray(parsed))
    for (const m of parsed as Partial<StageMetric>[])
      if (typeof m?.stage === 'string') out[m.stage] = typeof m.conversion === 'number' ? m.conversion : null;
  return out;
}

/** The Bulk 2.0 extract of a period's stage history: rows of the deals closed in it, grouped by deal. */
export function stageHistorySoql(range: { start: string; end: string }): string {
  return `SELECT OpportunityId, StageName, CreatedDate, Opportunity.OwnerId, Opportunity.IsWon FROM OpportunityHistory WHERE Opportunity.IsClosed = true AND Opportunity.CloseDate >= ${range.start} AND Opportunity.CloseDate <= ${range.end} ORDER BY OpportunityId, CreatedDate`;
}
