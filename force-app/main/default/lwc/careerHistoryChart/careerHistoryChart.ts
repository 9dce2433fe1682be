/**
 * The rep's history per period drawn in SVG from computed properties (no chart library): the
 * overall competency score as a line on the 1-5 scale, quota attainment as bars against the 100%
 * line, each point and bar with its number. The table below carries every figure (final and
 * eligible scores, overall score, attainment, win rate) for everyone, screen readers included.
 */
import { LightningElement, api } from 'lwc';

/** One period as the chart reads it. */
export interface HistoryPoint {
  key: string;
  period: string;
  overall: number | null;
  attainment: number | null;
  overallText: string;
  finalText: string;
  eligibleText: string;
  attainmentText: string;
  winRateText: string;
}

/** A drawn period. */
export interface DrawnPeriod {
  key: string;
  period: string;
  x: number;
  periodX: number;
  hasOverall: boolean;
  overallY: number;
  overallLabelY: number;
  overallLabel: string;
  hasBar: boolean;
  barX: number;
  barY: number;
  barHeight: number;
  barLabelY: number;
  barLabel: string;
}

/** Horizontal room per period, in SVG units. */
export const PERIOD_WIDTH = 64;
const LEFT = 36;
const SCORE_TOP = 18;
const SCORE_HEIGHT = 90;
const BAR_TOP = 140;
const BAR_HEIGHT = 70;
const PERIOD_Y = 232;
/** The drawing's height in SVG units. */
export const CHART_HEIGHT = 240;
const BAR_WIDTH = 26;
const PIXELS_PER_UNIT = 1.5;

/** Y of a 1-5 score in the score panel (5 at the top). */
export function scoreY(score: number): number {
  const clamped = Math.min(5, Math.max(1, score));
  return Math.round(SCORE_TOP + ((5 - clamped) / 4) * SCORE_HEIGHT);
}

export default class CareerHistoryChart extends LightningElement {
  /** The periods, oldest first. */
  @api rows: HistoryPoint[] = [];

  get width(): number {
    return LEFT + Math.max(1, (this.rows ?? []).length) * PERIOD_WIDTH;
  }

  /** Drawn at 1.5 CSS pixels per SVG unit; the stylesheet lets it shrink to a narrow container. */
  get pixelWidth(): number {
    return Math.round(this.width * PIXELS_PER_UNIT);
  }

  get pixelHeight(): number {
    return Math.round(CHART_HEIGHT * PIXELS_PER_UNIT);
  }

  get viewBox(): string {
    return `0 0 ${this.width} ${CHART_HEIGHT}`;
  }

  /** The attainment scale's top: at least 150%, else the highest attainment rounded up to 50. */
  get attainmentMax(): number {
    const highest = Math.max(0, ...(this.rows ?? []).map((r) => r.attainment ?? 0));
    return Math.max(150, Math.ceil(highest / 50) * 50);
  }

  get periods(): DrawnPeriod[] {
    const max = this.attainmentMax;
    return (this.rows ?? []).map((row, index) => {
      const x = LEFT + index * PERIOD_WIDTH + PERIOD_WIDTH / 2;
      const overallY = row.overall === null ? 0 : scoreY(row.overall);
      const attainment = row.attainment === null ? null : Math.max(0, row.attainment);
      const barHeight = attainment === null ? 0 : Math.round((Math.min(attainment, max) / max) * BAR_HEIGHT);
      return {
        key: row.key,
        period: row.period,
        x,
        periodX: x,
        hasOverall: row.overall !== null,
        overallY,
        overallLabelY: overallY - 6,
        overallLabel: row.overall === null ? '' : row.overall.toFixed(2),
        hasBar: attainment !== null,
        barX: x - BAR_WIDTH / 2,
        barY: BAR_TOP + BAR_HEIGHT - barHeight,
        barHeight,
        barLabelY: BAR_TOP + BAR_HEIGHT - barHeight - 4,
        barLabel: row.attainmentText
      };
    });
  }

  /** The overall score line through the periods that have one. */
  get linePoints(): string {
    return this.periods
      .filter((p) => p.hasOverall)
      .map((p) => `${p.x},${p.overallY}`)
      .join(' ');
  }

  get hasLine(): boolean {
    return this.periods.filter((p) => p.hasOverall).length > 1;
  }

  get gridRight(): number {
    return this.width;
  }

  get gridLeft(): number {
    return LEFT;
  }

  get scoreTicks(): { key: string; y: number; textY: number; label: string }[] {
    return [5, 3, 1].map((s) => ({ key: `s${s}`, y: scoreY(s), textY: scoreY(s) + 4, label: String(s) }));
  }

  get hundredY(): number {
    return BAR_TOP + BAR_HEIGHT - Math.round((100 / this.attainmentMax) * BAR_HEIGHT);
  }

  get hundredTextY(): number {
    return this.hundredY + 4;
  }

  get barBaseY(): number {
    return BAR_TOP + BAR_HEIGHT;
  }

  get periodY(): number {
    return PERIOD_Y;
  }

  get scoreCaptionY(): number {
    return SCORE_TOP - 8;
  }

  get barCaptionY(): number {
    return BAR_TOP - 12;
  }
}
