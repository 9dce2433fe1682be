/**
 * Sales strategy priorities: each area's readiness from its yes/no thought starters (with
 * polarity), its priority from importance and readiness, and the top areas' deliverables as the
 * next steps.
 */
import { ScoringInputError, describe, requireInteger, roundTo } from './core';

/** Thought_Starter__c.Polarity__c: a "Yes" is good, bad, or the statement is descriptive only. */
export type Polarity = 'Positive' | 'Reverse' | 'Context';
/** Strategy_Answer__c.Answer__c, null when not answered. Unsure counts as unanswered. */
export type StrategyAnswer = 'Yes' | 'No' | 'Unsure' | null;

/** One thought starter with its answer. */
export interface StrategyStatement {
  key?: string;
  polarity: Polarity;
  answer: StrategyAnswer;
}

/** One strategy area with its importance (1-5, null when not rated), deliverables and statements. */
export interface StrategyAreaInput {
  key: string;
  name: string;
  importance: number | null;
  /** Deliverables__c as stored (one per line) or already split. */
  deliverables: string | readonly string[];
  statements: readonly StrategyStatement[];
}

/** The scored area. Readiness is a share in [0, 1]; priority is importance x (1 - readiness). */
export interface AreaPriority {
  key: string;
  name: string;
  importance: number | null;
  /** Scored statements (positive or reverse) answered Yes or No. */
  answered: number;
  /** Answered statements whose answer is the good one. */
  favourable: number;
  /** Scored statements still unanswered (null or Unsure). */
  unanswered: number;
  /** favourable / answered, four decimals; null when nothing scored is answered. */
  readiness: number | null;
  /** importance x (1 - readiness), four decimals; null without importance or readiness. */
  priority: number | null;
  /** 1 = most urgent; null when the area has no priority. */
  rank: number | null;
  deliverables: string[];
}

/** A next step: a top area and its deliverables. */
export interface StrategyNextStep {
  areaKey: string;
  name: string;
  priority: number;
  deliverables: string[];
}

/** Areas ranked by priority (unprioritised areas last, in input order) and the next steps. */
export interface StrategyResult {
  areas: AreaPriority[];
  nextSteps: StrategyNextStep[];
}

const POLARITIES: readonly string[] = ['Positive', 'Reverse', 'Context'];
const ANSWERS: readonly string[] = ['Yes', 'No', 'Unsure'];

/** Splits a one-per-line deliverables text into trimmed, non-empty lines. */
export function splitDeliverables(deliverables: string | readonly string[]): string[] {
  const lines = typeof deliverables === 'string' ? deliverables.split(/\r?\n/) : deliverables;
  return lines.map((line) => line.trim()).filter((line) => line !== '');
}

/** Scores one area: counts favourable answers among the answered scored statements. */
export function areaReadiness(area: StrategyAreaInput): AreaPriority {
  const importance =
    area.importance === null ? null : requireInteger(area.importance, 1, 5, `Importance of "${area.key}"`);
  let answered = 0;
  let favourable = 0;
  let unanswered = 0;
  for (const statement of area.statements) {
    if (!POLARITIES.includes(statement.polarity)) {
      throw new ScoringInputError(
        `Polarity of a statement in "${area.key}" must be 'Positive', 'Reverse' or 'Context', got ${describe(statement.polarity)}`
      );
    }
    const answer = statement.answer ?? null;
    if (answer !== null && !ANSWERS.includes(answer)) {
      throw new ScoringInputError(
        `Answer to a statement in "${area.key}" must be 'Yes', 'No', 'Unsure' or null, got ${describe(answer)}`
      );
    }
    if (statement.polarity === 'Context') continue;
    if (answer === null || answer === 'Unsure') {
      unanswered++;
      continue;
    }
    answered++;
    if ((answer === 'Yes') === (statement.polarity === 'Positive')) favourable++;
  }
  const readiness = answered === 0 ? null : roundTo(favourable / answered, 4);
  const priority =
    importance === null || answered === 0
      ? null
      : roundTo((importance * (answered - favourable)) / answered, 4);
  return {
    key: area.key,
    name: area.name,
    importance,
    answered,
    favourable,
    unanswered,
    readiness,
    priority,
    rank: null,
    deliverables: splitDeliverables(area.deliverables)
  };
}

/**
 * Ranks the areas by priority (ties: higher importance, then input order) and returns the top
 * `top` areas with a priority above zero as next steps, with their deliverables.
 */
export function strategyPriorities(areas: readonly StrategyAreaInput[], top = 3): StrategyResult {
  requireInteger(top, 0, Number.MAX_SAFE_INTEGER, 'Number of next steps');
  const scored = areas.map((area, index) => ({ index, result: areaReadiness(area) }));
  scored.sort((a, b) => {
    const pa = a.result.priority;
    const pb = b.result.priority;
    if (pa === null || pb === null) return pa === pb ? a.index - b.index : pa === null ? 1 : -1;
    // A priority implies an importance, so both are numbers here.
    return pb - pa || (b.result.importance as number) - (a.result.importance as number) || a.index - b.index;
  });
  let rank = 0;
  const ranked = scored.map(({ result }) => {
    if (result.priority !== null) result.rank = ++rank;
    return result;
  });
  const nextSteps = ranked
    .filter((area) => area.priority !== null && area.priority > 0)
    .slice(0, top)
    .map((area) => ({
      areaKey: area.key,
      name: area.name,
      priority: area.priority as number,
      deliverables: area.deliverables
    }));
  return { areas: ranked, nextSteps };
}
