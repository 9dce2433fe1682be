/**
 * Turns the impact results into what the page shows: the filter choices (role, metric, period,
 * stage), the selected results sorted by effect with their forest-plot geometry, and the results
 * with too few reps kept apart ("not enough data" below the scoring library's minimum n).
 */
import { MIN_IMPACT_N } from 'c/scoring';
import { booleanOf, displayOf, nodesOf, numberOf, textOf } from 'c/uiApi';
import type { ImpactData } from './query';

/** One impact result. */
export interface ImpactEntry {
  id: string;
  period: string;
  role: string;
  roleLabel: string;
  metric: string;
  metricLabel: string;
  /** '' = over the whole cycle; else the stage the result is for. */
  stage: string;
  behavior: string;
  competency: string;
  n: number | null;
  rho: number | null;
  low: number | null;
  high: number | null;
  q: number | null;
  significant: boolean;
  /** Computed with n at or above the minimum, and an interval. */
  computed: boolean;
}

/** A filter's choices. */
export interface Option {
  label: string;
  value: string;
}

/** The stage filter's value for results over the whole cycle. */
export const WHOLE_CYCLE = '__whole__';

/** Reads every result of the request. */
export function impactEntries(data: ImpactData): ImpactEntry[] {
  return nodesOf(data.uiapi.query.Behavior_Impact__c).map((node) => {
    const n = numberOf(node.N__c);
    const rho = numberOf(node.Rho__c);
    const low = numberOf(node.CI_Low__c);
    const high = numberOf(node.CI_High__c);
    return {
      id: node.Id,
      period: textOf(node.Period__c),
      role: textOf(node.Sales_Role__c),
      roleLabel: displayOf(node.Sales_Role__c),
      metric: textOf(node.Metric__c),
      metricLabel: displayOf(node.Metric__c),
      stage: textOf(node.Stage__c),
      behavior: textOf(node.Job_Behavior__r?.Name) || 'Behaviour not readable',
      competency: textOf(node.Competency__r?.Name),
      n,
      rho,
      low,
      high,
      q: numberOf(node.Q_Value__c),
      significant: booleanOf(node.Significant__c),
      computed:
        textOf(node.Status__c) === 'Computed' &&
        n !== null &&
        n >= MIN_IMPACT_N &&
        rho !== null &&
        low !== null &&
        high !== null
    };
  });
}

function distinct(values: Option[]): Option[] {
  const seen = new Map<string, Option>();
  for (const v of values) if (v.value && !seen.has(v.value)) seen.set(v.value, v);
  return [...seen.values()];
}

/** The choices of each filter, from the results present (periods newest first). */
export function filterOptions(entries: readonly ImpactEntry[]): {
  roles: Option[];
  metrics: Option[];
  periods: Option[];
  stages: Option[];
} {
  return {
    roles: distinct(entries.map((e) => ({ label: e.roleLabel || e.role, value: e.role }))).sort((a, b) =>
      a.label.localeCompare(b.label)
    ),
    metrics: distinct(entries.map((e) => ({ label: e.metricLabel || e.metric, value: e.metric }))),
    periods: distinct(entries.map((e) => ({ label: e.period, value: e.period }))).sort((a, b) =>
      b.value.localeCompare(a.value)
    ),
    stages: [
      { label: 'Whole sales cycle', value: WHOLE_CYCLE },
      ...distinct(entries.filter((e) => e.stage).map((e) => ({ label: e.stage, value: e.stage }))).sort(
        (a, b) => a.label.localeCompare(b.label)
      )
    ]
  };
}

/** The filter values. */
export interface ImpactFilter {
  role: string;
  metric: string;
  period: string;
  stage: string;
}

/** The results of a filter: computed ones sorted by effect (rho, strongest positive first), and the rest. */
export function selectEntries(
  entries: readonly ImpactEntry[],
  filter: ImpactFilter
): { computed: ImpactEntry[]; notEnough: ImpactEntry[] } {
  const picked = entries.filter(
    (e) =>
      e.role === filter.role &&
      e.metric === filter.metric &&
      e.period === filter.period &&
      (filter.stage === WHOLE_CYCLE ? e.stage === '' : e.stage === filter.stage)
  );
  return {
    computed: picked
      .filter((e) => e.computed)
      .sort((a, b) => (b.rho as number) - (a.rho as number) || a.behavior.localeCompare(b.behavior)),
    notEnough: picked.filter((e) => !e.computed).sort((a, b) => a.behavior.localeCompare(b.behavior))
  };
}

/** One row of the forest plot. */
export interface ForestRow {
  key: string;
  label: string;
  valueText: string;
  textY: number;
  lineY: number;
  x1: number;
  x2: number;
  cx: number;
  markerClass: string;
}

/** Geometry of the forest plot, in SVG units (it scales to its container). */
export const FOREST_WIDTH = 320;
export const FOREST_ROW = 36;
const AXIS_TOP = 24;

/** Horizontal position of a correlation in [-1, 1]. */
export function xOf(value: number): number {
  const clamped = Math.max(-1, Math.min(1, value));
  return Math.round(((clamped + 1) / 2) * FOREST_WIDTH);
}

/** A correlation with two decimals and a true minus sign. */
export function rhoText(value: number | null): string {
  if (value === null) return 'n/a';
  return value.toFixed(2).replace('-', '\u2212');
}

/** The forest plot's rows: the interval as a line, rho as a square, significant results filled. */
export function forestRows(entries: readonly ImpactEntry[]): ForestRow[] {
  return entries.map((e, i) => ({
    key: e.id,
    label: e.behavior,
    valueText: `${rhoText(e.rho)} [${rhoText(e.low)}, ${rhoText(e.high)}]`,
    textY: AXIS_TOP + i * FOREST_ROW + 12,
    lineY: AXIS_TOP + i * FOREST_ROW + 24,
    x1: xOf(e.low as number),
    x2: xOf(e.high as number),
    cx: xOf(e.rho as number) - 4,
    markerClass: e.significant ? 'marker marker_significant' : 'marker'
  }));
}

/** Height of the forest plot for a number of rows. */
export function forestHeight(rows: number): number {
  return AXIS_TOP + Math.max(1, rows) * FOREST_ROW + 4;
}
