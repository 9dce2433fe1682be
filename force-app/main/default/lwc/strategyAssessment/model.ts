/**
 * Turns the strategy request's answer into the page's model (areas by group, the open draft, the
 * completed assessments) and derives what the page shows: progress per group, readiness and
 * priority per area and the ranking, all computed by `c/scoring`.
 */
import { strategyPriorities } from 'c/scoring';
import type { Polarity, StrategyAnswer, StrategyResult } from 'c/scoring';
import { displayOf, nodesOf, numberOf, textOf } from 'c/uiApi';
import type { StrategyAssessmentNode, StrategyData } from './query';

/** A thought starter. */
export interface Statement {
  id: string;
  text: string;
  polarity: Polarity;
}

/** A strategy area with its statements. */
export interface Area {
  id: string;
  name: string;
  group: string;
  description: string;
  benefit: string;
  deliverables: string;
  statements: Statement[];
}

/** A saved strategy assessment; `assessedOn` null means a draft. */
export interface SavedStrategy {
  id: string;
  name: string;
  assessedOn: string | null;
  assessedOnText: string;
  notes: string;
  /** Version__c as read (0 when blank). */
  version: number;
  /** Answer record Id and value per thought starter Id. */
  answers: Record<string, { id: string; answer: StrategyAnswer }>;
  /** Rating record Id and importance per area Id. */
  importance: Record<string, { id: string; importance: number | null }>;
}

/** What the page works from. */
export interface StrategyModel {
  areas: Area[];
  groups: string[];
  draft: SavedStrategy | null;
  /** Completed assessments, newest first. */
  completed: SavedStrategy[];
}

/** The answers and importances being edited. */
export interface StrategyChoices {
  answers: Record<string, StrategyAnswer>;
  importance: Record<string, number | null>;
}

const POLARITIES: readonly string[] = ['Positive', 'Reverse', 'Context'];
const ANSWERS: readonly string[] = ['Yes', 'No', 'Unsure'];

function savedOf(node: StrategyAssessmentNode): SavedStrategy {
  const answers: SavedStrategy['answers'] = {};
  for (const a of nodesOf(node.Strategy_Answers__r)) {
    const value = textOf(a.Answer__c);
    answers[textOf(a.Thought_Starter__c)] = {
      id: a.Id,
      answer: ANSWERS.includes(value) ? (value as StrategyAnswer) : null
    };
  }
  const importance: SavedStrategy['importance'] = {};
  for (const r of nodesOf(node.Area_Ratings__r)) {
    importance[textOf(r.Strategy_Area__c)] = { id: r.Id, importance: numberOf(r.Importance__c) };
  }
  const assessedOn = textOf(node.Assessed_On__c) || null;
  return {
    id: node.Id,
    name: textOf(node.Name),
    assessedOn,
    assessedOnText: assessedOn ? displayOf(node.Assessed_On__c) : '',
    notes: textOf(node.Notes__c),
    version: numberOf(node.Version__c) ?? 0,
    answers,
    importance
  };
}

/** Builds the model from the request's data; statements of an unknown polarity count as context. */
export function strategyModel(data: StrategyData): StrategyModel {
  const q = data.uiapi.query;
  const areas = nodesOf(q.Strategy_Area__c).map((node) => ({
    id: node.Id,
    name: textOf(node.Name),
    group: displayOf(node.Group__c) || 'Other',
    description: textOf(node.Description__c),
    benefit: textOf(node.Benefit__c),
    deliverables: textOf(node.Deliverables__c),
    statements: nodesOf(node.Thought_Starters__r).map((s) => {
      const polarity = textOf(s.Polarity__c);
      return {
        id: s.Id,
        text: textOf(s.Statement__c),
        polarity: (POLARITIES.includes(polarity) ? polarity : 'Context') as Polarity
      };
    })
  }));
  const groups = [...new Set(areas.map((a) => a.group))];
  const saved = nodesOf(q.Strategy_Assessment__c).map(savedOf);
  return {
    areas,
    groups,
    draft: saved.find((s) => s.assessedOn === null) ?? null,
    completed: saved
      .filter((s) => s.assessedOn !== null)
      .sort((a, b) => (b.assessedOn as string).localeCompare(a.assessedOn as string))
  };
}

/** The choices stored in an assessment (empty for a new one). */
export function choicesOf(model: StrategyModel, saved: SavedStrategy | null): StrategyChoices {
  const answers: Record<string, StrategyAnswer> = {};
  const importance: Record<string, number | null> = {};
  for (const area of model.areas) {
    importance[area.id] = saved?.importance[area.id]?.importance ?? null;
    for (const s of area.statements) answers[s.id] = saved?.answers[s.id]?.answer ?? null;
  }
  return { answers, importance };
}

/** Readiness, priority and ranking of a set of choices (the rules live in c/scoring). */
export function resultOf(areas: readonly Area[], choices: StrategyChoices, top = 3): StrategyResult {
  return strategyPriorities(
    areas.map((area) => ({
      key: area.id,
      name: area.name,
      importance: choices.importance[area.id] ?? null,
      deliverables: area.deliverables,
      statements: area.statements.map((s) => ({
        key: s.id,
        polarity: s.polarity,
        answer: choices.answers[s.id] ?? null
      }))
    })),
    top
  );
}

/** Progress of a group: statements answered (Unsure counts as answered here: the question was seen) and areas rated. */
export function groupProgress(areas: readonly Area[], choices: StrategyChoices): string {
  const statements = areas.flatMap((a) => a.statements);
  const answered = statements.filter((s) => (choices.answers[s.id] ?? null) !== null).length;
  const rated = areas.filter((a) => (choices.importance[a.id] ?? null) !== null).length;
  return `${answered} of ${statements.length} statements answered, ${rated} of ${areas.length} areas rated for importance`;
}

/** What still blocks completion: areas with no importance, or with no answered statement. */
export function missingForCompletion(areas: readonly Area[], choices: StrategyChoices): string[] {
  return areas
    .filter(
      (a) =>
        (choices.importance[a.id] ?? null) === null ||
        (a.statements.length > 0 && a.statements.every((s) => (choices.answers[s.id] ?? null) === null))
    )
    .map((a) => a.name);
}

/** A share as a whole percentage, or "not scored". */
export function percentText(share: number | null): string {
  return share === null ? 'not scored' : `${Math.round(share * 100)}%`;
}
