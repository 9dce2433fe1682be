/**
 * Behaviour ratings and the competency, dimension and overall scores built from them.
 * N/A and unrated behaviours never count; a competency with nothing rated stays unrated (null).
 */
import { ScoringInputError, describe, requireFinite, roundTo } from './core';

/** The Behavior_Rating__c.Rating__c picklist values. */
export type RatingValue = '1' | '2' | '3' | '4' | '5' | 'N/A';
/** A rating as it arrives from a record: a picklist value, or null/undefined when not rated yet. */
export type RatingInput = RatingValue | null | undefined;

/** Meaning of each point of the 1-5 behaviour scale, for labels and help text. */
export const RATING_LABELS: Readonly<Record<Exclude<RatingValue, 'N/A'>, string>> = {
  '1': 'Not yet observed',
  '2': 'Developing',
  '3': 'Proficient',
  '4': 'Advanced',
  '5': 'Role model'
};

/** Decimals kept on competency, dimension and overall scores (Overall_Score__c is Number(3,2)). */
export const SCORE_DECIMALS = 2;

/** Turns a picklist rating into its number; N/A and unrated give null, anything else is an error. */
export function ratingValue(rating: RatingInput): number | null {
  if (rating === null || rating === undefined || rating === 'N/A') return null;
  switch (rating) {
    case '1':
      return 1;
    case '2':
      return 2;
    case '3':
      return 3;
    case '4':
      return 4;
    case '5':
      return 5;
    default:
      throw new ScoringInputError(`Invalid rating ${describe(rating)}: expected '1'..'5', 'N/A' or null`);
  }
}

/** True when the rating is 1 or 2, which asks the assessor for evidence. */
export function needsEvidence(rating: RatingInput): boolean {
  const value = ratingValue(rating);
  return value !== null && value <= 2;
}

/** Unrounded mean of the rated values (null when nothing is rated), shared by the public scorers. */
function meanOfRatings(ratings: readonly RatingInput[]): number | null {
  let sum = 0;
  let count = 0;
  for (const rating of ratings) {
    const value = ratingValue(rating);
    if (value === null) continue;
    sum += value;
    count++;
  }
  return count === 0 ? null : sum / count;
}

/** Competency score: the mean of its rated behaviours, rounded to two decimals; null when none rated. */
export function competencyScore(ratings: readonly RatingInput[]): number | null {
  const mean = meanOfRatings(ratings);
  return mean === null ? null : roundTo(mean, SCORE_DECIMALS);
}

/** One score with its weight, the input of a weighted mean. */
export interface WeightedItem {
  score: number | null;
  weight: number;
}

/** Unrounded weighted mean over the scored items; null when no scored item carries weight. */
function weightedMean(items: readonly WeightedItem[]): number | null {
  let sum = 0;
  let total = 0;
  for (const { score, weight } of items) {
    requireFinite(weight, 'Competency weight');
    if (weight < 0) throw new ScoringInputError(`Competency weight must not be negative, got ${weight}`);
    if (score === null) continue;
    requireFinite(score, 'Score');
    sum += score * weight;
    total += weight;
  }
  return total === 0 ? null : sum / total;
}

/**
 * Weighted mean of scores (dimension or overall), rounded to two decimals. Unscored items are
 * left out rather than counted as zero; null when nothing scored carries weight.
 */
export function weightedScore(items: readonly WeightedItem[]): number | null {
  const mean = weightedMean(items);
  return mean === null ? null : roundTo(mean, SCORE_DECIMALS);
}

/** A competency of the model, with the dimension it belongs to. */
export interface ModelCompetency {
  key: string;
  dimensionKey: string;
}

/** A behaviour of the model, with the competency it belongs to. */
export interface ModelBehavior {
  key: string;
  competencyKey: string;
}

/** The part of the competency model that scoring needs: keys and their parents. */
export interface CompetencyModel {
  competencies: readonly ModelCompetency[];
  behaviors: readonly ModelBehavior[];
}

/** Scores of one assessment: per competency, per dimension and overall (null = unrated). */
export interface AssessmentScores {
  competencies: Record<string, number | null>;
  dimensions: Record<string, number | null>;
  overall: number | null;
  /** Behaviours of the role's competencies rated 1-5. */
  ratedCount: number;
  /** Behaviours of the role's competencies rated N/A. */
  notApplicableCount: number;
  /** Behaviours of the role's competencies with no rating yet. */
  unratedCount: number;
  /** Rated behaviour keys that are not in the model (e.g. retired behaviours); they never count. */
  unknownBehaviors: string[];
}

/**
 * Scores an assessment: competency means from behaviour ratings, then dimension and overall
 * means weighted by the role's competency weights. Only competencies present in `weights` (the
 * role's competencies) are scored. Runs in one pass over behaviours and competencies.
 */
export function scoreAssessment(
  model: CompetencyModel,
  ratings: Readonly<Record<string, RatingInput>>,
  weights: Readonly<Record<string, number>>
): AssessmentScores {
  const dimensionOf = new Map<string, string>();
  for (const competency of model.competencies) dimensionOf.set(competency.key, competency.dimensionKey);
  for (const key of Object.keys(weights)) {
    if (!dimensionOf.has(key)) throw new ScoringInputError(`Weight given for unknown competency "${key}"`);
  }

  const sums = new Map<string, { sum: number; count: number }>();
  const known = new Set<string>();
  let ratedCount = 0;
  let notApplicableCount = 0;
  let unratedCount = 0;
  for (const behavior of model.behaviors) {
    known.add(behavior.key);
    if (!dimensionOf.has(behavior.competencyKey)) {
      throw new ScoringInputError(
        `Behaviour "${behavior.key}" belongs to unknown competency "${behavior.competencyKey}"`
      );
    }
    if (!Object.prototype.hasOwnProperty.call(weights, behavior.competencyKey)) continue;
    const rating = Object.prototype.hasOwnProperty.call(ratings, behavior.key) ? ratings[behavior.key] : null;
    const value = ratingValue(rating);
    if (value === null) {
      if (rating === 'N/A') notApplicableCount++;
      else unratedCount++;
      continue;
    }
    ratedCount++;
    const acc = sums.get(behavior.competencyKey) ?? { sum: 0, count: 0 };
    acc.sum += value;
    acc.count++;
    sums.set(behavior.competencyKey, acc);
  }
  const unknownBehaviors = Object.keys(ratings).filter((key) => !known.has(key));
  for (const key of unknownBehaviors) ratingValue(ratings[key]);

  const competencies: Record<string, number | null> = {};
  const byDimension = new Map<string, WeightedItem[]>();
  const overallItems: WeightedItem[] = [];
  for (const [key, weight] of Object.entries(weights)) {
    const acc = sums.get(key);
    const mean = acc ? acc.sum / acc.count : null;
    competencies[key] = mean === null ? null : roundTo(mean, SCORE_DECIMALS);
    const item = { score: mean, weight };
    const dimensionKey = dimensionOf.get(key) as string;
    const list = byDimension.get(dimensionKey) ?? [];
    list.push(item);
    byDimension.set(dimensionKey, list);
    overallItems.push(item);
  }
  const dimensions: Record<string, number | null> = {};
  for (const [key, items] of byDimension) dimensions[key] = weightedScore(items);

  return {
    competencies,
    dimensions,
    overall: weightedScore(overallItems),
    ratedCount,
    notApplicableCount,
    unratedCount,
    unknownBehaviors
  };
}
