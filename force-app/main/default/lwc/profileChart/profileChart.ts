/**
 * The rep's profile as a bar chart drawn in SVG from computed properties (no chart library),
 * one bar per dimension and competency on the 1-5 scale, each with its number; an equivalent
 * table carries the same figures for screen readers. Unrated items show "unrated", never 0.
 */
import { LightningElement, api } from 'lwc';

/** One competency of the chart. */
export interface ChartCompetency {
  key: string;
  name: string;
  score: number | null;
}

/** One dimension of the chart, with its competencies. */
export interface ChartDimension {
  key: string;
  name: string;
  score: number | null;
  competencies: ChartCompetency[];
}

/** One drawn row (a dimension or a competency). */
export interface ChartRow {
  key: string;
  label: string;
  valueText: string;
  textY: number;
  barY: number;
  barWidth: number;
  trackWidth: number;
  barClass: string;
  labelClass: string;
}

/** Width of the drawing in SVG units; it scales to the container. */
export const CHART_WIDTH = 320;
const ROW_HEIGHT = 34;
const SCALE_MAX = 5;

/** The score as the chart prints it. */
export function scoreText(score: number | null): string {
  return score === null ? 'unrated' : score.toFixed(2);
}

export default class ProfileChart extends LightningElement {
  /** Dimensions in display order, each with its competencies. */
  @api dimensions: ChartDimension[] = [];
  /** The caption of the chart and of its table. */
  @api caption = 'Competency profile';

  get rows(): ChartRow[] {
    const rows: ChartRow[] = [];
    for (const dimension of this.dimensions ?? []) {
      rows.push(this.row(`d-${dimension.key}`, dimension.name, dimension.score, true, rows.length));
      for (const competency of dimension.competencies) {
        rows.push(this.row(`c-${competency.key}`, competency.name, competency.score, false, rows.length));
      }
    }
    return rows;
  }

  private row(key: string, label: string, score: number | null, dimension: boolean, index: number): ChartRow {
    const top = index * ROW_HEIGHT;
    return {
      key,
      label,
      valueText: scoreText(score),
      textY: top + 14,
      barY: top + 19,
      barWidth: score === null ? 0 : Math.round((Math.min(score, SCALE_MAX) / SCALE_MAX) * CHART_WIDTH),
      trackWidth: CHART_WIDTH,
      barClass: dimension ? 'bar bar_dimension' : 'bar bar_competency',
      labelClass: dimension ? 'label label_dimension' : 'label'
    };
  }

  get hasRows(): boolean {
    return (this.dimensions ?? []).length > 0;
  }

  get height(): number {
    return Math.max(1, this.rows.length) * ROW_HEIGHT;
  }

  get viewBox(): string {
    return `0 0 ${CHART_WIDTH} ${this.height}`;
  }

  get valueX(): number {
    return CHART_WIDTH;
  }

  /** The table rows: every competency with its dimension. */
  get tableRows(): { key: string; dimension: string; competency: string; score: string }[] {
    const out: { key: string; dimension: string; competency: string; score: string }[] = [];
    for (const dimension of this.dimensions ?? []) {
      out.push({
        key: `d-${dimension.key}`,
        dimension: dimension.name,
        competency: 'All competencies of the dimension',
        score: scoreText(dimension.score)
      });
      for (const competency of dimension.competencies) {
        out.push({
          key: `c-${competency.key}`,
          dimension: dimension.name,
          competency: competency.name,
          score: scoreText(competency.score)
        });
      }
    }
    return out;
  }
}
