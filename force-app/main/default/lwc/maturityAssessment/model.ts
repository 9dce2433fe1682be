/**
 * Turns the maturity request's answer into the page's model (the rubric, the open draft, the
 * completed assessments) and derives what the page shows from it: the result of a set of choices
 * through `c/scoring`, the profile and history charts' rows, and two assessments side by side.
 */
import { maturityLevelName, maturityResult } from 'c/scoring';
import type { MaturityResult } from 'c/scoring';
import { displayOf, nodesOf, numberOf, textOf } from 'c/uiApi';
import type { AssessmentNode, MaturityData } from './query';

/** One level of a dimension's rubric. */
export interface RubricLevel {
  level: number;
  levelName: string;
  descriptor: string;
}

/** A dimension of the rubric with its levels in order. */
export interface RubricDimension {
  id: string;
  key: string;
  name: string;
  description: string;
  levels: RubricLevel[];
}

/** A saved response to one dimension. */
export interface SavedResponse {
  id: string;
  level: number | null;
  comment: string;
}

/** A saved maturity assessment; `assessedOn` null means it is still a draft. */
export interface SavedAssessment {
  id: string;
  name: string;
  assessedOn: string | null;
  assessedOnText: string;
  level: number | null;
  notes: string;
  modifiedText: string;
  /** Version__c as read (0 when blank). */
  version: number;
  /** Responses keyed by dimension Id. */
  responses: Record<string, SavedResponse>;
}

/** What the page works from. */
export interface MaturityModel {
  dimensions: RubricDimension[];
  /** The newest assessment not yet completed, if any. */
  draft: SavedAssessment | null;
  /** Completed assessments, oldest first. */
  completed: SavedAssessment[];
}

/** The level chosen per dimension Id (null = not assessed). */
export type LevelChoices = Record<string, number | null>;

function assessmentOf(node: AssessmentNode): SavedAssessment {
  const responses: Record<string, SavedResponse> = {};
  for (const response of nodesOf(node.Maturity_Responses__r)) {
    const dimensionId = textOf(response.Maturity_Dimension__c);
    if (!dimensionId) continue;
    responses[dimensionId] = {
      id: response.Id,
      level: numberOf(response.Level__c),
      comment: textOf(response.Comment__c)
    };
  }
  const assessedOn = textOf(node.Assessed_On__c) || null;
  return {
    id: node.Id,
    name: textOf(node.Name),
    assessedOn,
    assessedOnText: assessedOn ? displayOf(node.Assessed_On__c) : '',
    level: numberOf(node.Level__c),
    notes: textOf(node.Notes__c),
    modifiedText: displayOf(node.LastModifiedDate),
    version: numberOf(node.Version__c) ?? 0,
    responses
  };
}

/** Builds the model from the request's data. */
export function maturityModel(data: MaturityData): MaturityModel {
  const q = data.uiapi.query;
  const dimensions = nodesOf(q.Maturity_Dimension__c).map((node) => ({
    id: node.Id,
    key: textOf(node.Key__c) || node.Id,
    name: textOf(node.Name),
    description: textOf(node.Description__c),
    levels: nodesOf(node.Level_Descriptors__r)
      .map((d) => ({
        level: numberOf(d.Level__c) ?? 0,
        levelName: displayOf(d.Level_Name__c),
        descriptor: textOf(d.Descriptor__c)
      }))
      .filter((d) => d.level >= 1 && d.level <= 5)
      .sort((a, b) => a.level - b.level)
  }));
  const assessments = nodesOf(q.Maturity_Assessment__c).map(assessmentOf);
  const draft = assessments.find((a) => a.assessedOn === null) ?? null;
  const completed = assessments
    .filter((a) => a.assessedOn !== null)
    .sort((a, b) => (a.assessedOn as string).localeCompare(b.assessedOn as string));
  return { dimensions, draft, completed };
}

/** The levels an assessment chose, per dimension of the rubric. */
export function choicesOf(
  dimensions: readonly RubricDimension[],
  assessment: SavedAssessment | null
): LevelChoices {
  const choices: LevelChoices = {};
  for (const dimension of dimensions)
    choices[dimension.id] = assessment?.responses[dimension.id]?.level ?? null;
  return choices;
}

/** The staged level, profile, weakest dimensions and roadmap of a set of choices (the rule lives in c/scoring). */
export function resultOf(dimensions: readonly RubricDimension[], choices: LevelChoices): MaturityResult {
  return maturityResult(
    dimensions.map((d) => ({ key: d.id, name: d.name })),
    dimensions.map((d) => ({ dimensionKey: d.id, level: choices[d.id] ?? null })),
    dimensions.flatMap((d) =>
      d.levels.map((l) => ({ dimensionKey: d.id, level: l.level, descriptor: l.descriptor }))
    )
  );
}

/** A level as the page prints it: "2 Defined", or "not assessed". */
export function levelText(level: number | null): string {
  return level === null ? 'not assessed' : `${level} ${maturityLevelName(level)}`;
}

/** The sentence the results region announces. */
export function resultSentence(result: MaturityResult, total: number): string {
  if (total === 0) return 'The rubric has no dimensions yet.';
  if (result.complete && result.level !== null) {
    return `Organisation level: ${levelText(result.level)}. Every dimension reaches at least this level.`;
  }
  const assessed = total - result.unassessed.length;
  if (result.provisionalLevel === null)
    return `No dimension assessed yet: choose a level for each of the ${total}.`;
  return `Provisional level ${levelText(result.provisionalLevel)}: ${assessed} of ${total} dimensions assessed.`;
}

/** One bar of the profile chart. */
export interface ProfileBar {
  key: string;
  name: string;
  valueText: string;
  textY: number;
  barY: number;
  barWidth: number;
  barClass: string;
}

/** Width of the charts in SVG units; they scale to their container. */
export const CHART_WIDTH = 320;
const ROW_HEIGHT = 34;

/** The profile's bars: each dimension's level on the 1-5 scale, the ones holding the level down marked. */
export function profileBars(result: MaturityResult): ProfileBar[] {
  const holding = new Set(result.holdingDown);
  return result.profile.map((entry, index) => ({
    key: entry.key,
    name: entry.name,
    valueText: levelText(entry.level),
    textY: index * ROW_HEIGHT + 14,
    barY: index * ROW_HEIGHT + 19,
    barWidth: entry.level === null ? 0 : Math.round((entry.level / 5) * CHART_WIDTH),
    barClass: holding.has(entry.key) ? 'bar bar_holding' : 'bar'
  }));
}

/** Height of the profile chart for a number of dimensions. */
export function profileHeight(count: number): number {
  return Math.max(1, count) * ROW_HEIGHT;
}

/** One point of the history chart. */
export interface HistoryPoint {
  key: string;
  dateText: string;
  level: number;
  levelText: string;
  x: number;
  y: number;
  labelY: number;
}

/** Height of the history chart's plot area, and its top and bottom margins. */
export const HISTORY_HEIGHT = 150;
const PLOT_TOP = 16;
const PLOT_BOTTOM = 120;

/** The level over time: one point per completed assessment with a level, oldest on the left. */
export function historyPoints(completed: readonly SavedAssessment[]): HistoryPoint[] {
  const withLevel = completed.filter((a) => a.level !== null);
  const step = withLevel.length > 1 ? (CHART_WIDTH - 60) / (withLevel.length - 1) : 0;
  return withLevel.map((a, i) => {
    const level = a.level as number;
    return {
      key: a.id,
      dateText: a.assessedOnText || (a.assessedOn as string),
      level,
      levelText: levelText(level),
      x: Math.round(30 + i * step),
      y: Math.round(PLOT_BOTTOM - ((level - 1) / 4) * (PLOT_BOTTOM - PLOT_TOP)),
      labelY: PLOT_BOTTOM + 22
    };
  });
}

/** The y position of a level's grid line in the history chart. */
export function levelY(level: number): number {
  return Math.round(PLOT_BOTTOM - ((level - 1) / 4) * (PLOT_BOTTOM - PLOT_TOP));
}

/** One line of the side-by-side comparison. */
export interface ComparisonRow {
  key: string;
  name: string;
  first: string;
  second: string;
  change: string;
}

/** Two assessments side by side, dimension by dimension, with the change from the first to the second. */
export function compareAssessments(
  dimensions: readonly RubricDimension[],
  first: SavedAssessment,
  second: SavedAssessment
): ComparisonRow[] {
  const rows = dimensions.map((d) => {
    const a = first.responses[d.id]?.level ?? null;
    const b = second.responses[d.id]?.level ?? null;
    const change =
      a === null || b === null ? 'n/a' : b === a ? 'same' : b > a ? `up ${b - a}` : `down ${a - b}`;
    return { key: d.id, name: d.name, first: levelText(a), second: levelText(b), change };
  });
  const a = first.level;
  const b = second.level;
  rows.push({
    key: 'overall',
    name: 'Organisation level',
    first: levelText(a),
    second: levelText(b),
    change: a === null || b === null ? 'n/a' : b === a ? 'same' : b > a ? `up ${b - a}` : `down ${a - b}`
  });
  return rows;
}
