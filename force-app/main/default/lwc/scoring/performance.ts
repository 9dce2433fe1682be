/**
 * Performance scores of the career framework: the eligible score (quota bands or the ramp
 * rule), the check on leadership's final score, and promotion readiness to the next level.
 * Bands are data (Performance_Band__c records), never constants in code.
 */
import { ScoringInputError, describe, requireFinite, requireInteger } from './core';

/** The Scope_Rating__c / Impact_Rating__c picklist values. */
export type ExpectationRating = 'Below' | 'Meeting' | 'Exceeding';

/** A Performance_Band__c record as a plain object. Attainment bounds are in percent (95.5 = 95.5%). */
export interface PerformanceBand {
  score: number;
  /** Inclusive lower bound; null = no floor. */
  minAttainment: number | null;
  /** Exclusive upper bound; null = no ceiling. */
  maxAttainment: number | null;
  /** The band's score needs both expectation areas rated Exceeding. */
  requiresBothExceeding: boolean;
  /** The score when the band requires both areas Exceeding and they are not. */
  fallbackScore: number | null;
  /** Optional record name ("Distinguished Performance") and key, carried through for display. */
  name?: string;
  key?: string;
}

/** What the eligible score depends on. */
export interface EligibleInput {
  /** Quota attainment in percent as Salesforce Percent fields store it; null when not synced yet. */
  attainment: number | null;
  inRamp: boolean;
  scope: ExpectationRating | null;
  impact: ExpectationRating | null;
}

/** The eligible score, how it was reached, and the band that produced it (quota basis only). */
export interface EligibleResult {
  /** 1 (best) to 5, or null when the inputs needed are missing. */
  score: number | null;
  basis: 'Quota' | 'Ramp';
  band: PerformanceBand | null;
  /** One sentence explaining the score, for the screen. */
  reason: string;
}

const EXPECTATIONS: readonly string[] = ['Below', 'Meeting', 'Exceeding'];

function requireExpectation(value: unknown, what: string): ExpectationRating | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string' || !EXPECTATIONS.includes(value)) {
    throw new ScoringInputError(
      `${what} must be 'Below', 'Meeting', 'Exceeding' or null, got ${describe(value)}`
    );
  }
  return value as ExpectationRating;
}

/** The Performance_Band__c fields as the REST API returns them (GraphQL values unwrapped). */
export interface PerformanceBandRecord {
  Name?: string | null;
  Key__c?: string | null;
  Score__c: number | null;
  Min_Attainment__c?: number | null;
  Max_Attainment__c?: number | null;
  Requires_Both_Exceeding__c?: boolean | null;
  Fallback_Score__c?: number | null;
}

/** Maps a Performance_Band__c record to a band, so the screens and the sync read bands alike. */
export function bandFromRecord(record: PerformanceBandRecord): PerformanceBand {
  const band: PerformanceBand = {
    score: record.Score__c as number,
    minAttainment: record.Min_Attainment__c ?? null,
    maxAttainment: record.Max_Attainment__c ?? null,
    requiresBothExceeding: record.Requires_Both_Exceeding__c === true,
    fallbackScore: record.Fallback_Score__c ?? null
  };
  if (record.Name) band.name = record.Name;
  if (record.Key__c) band.key = record.Key__c;
  validateBand(band);
  return band;
}

/** Checks one band record; throws a ScoringInputError naming the band when it cannot be used. */
export function validateBand(band: PerformanceBand): void {
  const label = `Performance band ${band.name ?? band.key ?? `with score ${describe(band.score)}`}`;
  requireInteger(band.score, 1, 5, `${label}: score`);
  if (band.minAttainment !== null) requireFinite(band.minAttainment, `${label}: minimum attainment`);
  if (band.maxAttainment !== null) requireFinite(band.maxAttainment, `${label}: maximum attainment`);
  if (
    band.minAttainment !== null &&
    band.maxAttainment !== null &&
    band.minAttainment >= band.maxAttainment
  ) {
    throw new ScoringInputError(
      `${label}: minimum attainment ${band.minAttainment} must be below maximum ${band.maxAttainment}`
    );
  }
  if (band.requiresBothExceeding) {
    requireInteger(
      band.fallbackScore,
      1,
      5,
      `${label}: fallback score (the band requires both areas Exceeding)`
    );
  }
}

/** The band whose [min, max) range holds the attainment; an error when none or several do. */
export function findBand(attainment: number, bands: readonly PerformanceBand[]): PerformanceBand {
  requireFinite(attainment, 'Quota attainment');
  const matches = bands.filter(
    (band) =>
      (band.minAttainment === null || attainment >= band.minAttainment) &&
      (band.maxAttainment === null || attainment < band.maxAttainment)
  );
  if (matches.length === 0) {
    throw new ScoringInputError(
      `No performance band covers quota attainment ${attainment}%: check the band records`
    );
  }
  if (matches.length > 1) {
    throw new ScoringInputError(
      `Performance bands overlap at quota attainment ${attainment}%: ${matches.map((b) => b.name ?? b.score).join(', ')}`
    );
  }
  return matches[0];
}

/** Ramp rule: both Exceeding 1, Exceeding+Meeting 2, both Meeting 3, one Below 4, both Below 5. */
export function rampScore(scope: ExpectationRating, impact: ExpectationRating): number {
  const below = (scope === 'Below' ? 1 : 0) + (impact === 'Below' ? 1 : 0);
  if (below === 2) return 5;
  if (below === 1) return 4;
  const exceeding = (scope === 'Exceeding' ? 1 : 0) + (impact === 'Exceeding' ? 1 : 0);
  return 3 - exceeding;
}

/**
 * The eligible performance score. Outside ramp it comes from the quota band holding the
 * attainment (a band that requires both areas Exceeding gives its fallback otherwise); in ramp it
 * comes from the two expectation ratings alone.
 */
export function eligibleScore(input: EligibleInput, bands: readonly PerformanceBand[]): EligibleResult {
  const scope = requireExpectation(input.scope, 'Scope rating');
  const impact = requireExpectation(input.impact, 'Impact rating');
  if (input.inRamp) {
    if (scope === null || impact === null) {
      return { score: null, basis: 'Ramp', band: null, reason: 'In ramp: rate both expectation areas first' };
    }
    return {
      score: rampScore(scope, impact),
      basis: 'Ramp',
      band: null,
      reason: `In ramp, not quota-gated: scope ${scope}, impact ${impact}`
    };
  }
  for (const band of bands) validateBand(band);
  if (input.attainment === null || input.attainment === undefined) {
    return { score: null, basis: 'Quota', band: null, reason: 'No quota attainment for the period yet' };
  }
  const band = findBand(input.attainment, bands);
  const range = bandRangeText(band);
  if (band.requiresBothExceeding && !(scope === 'Exceeding' && impact === 'Exceeding')) {
    return {
      score: band.fallbackScore,
      basis: 'Quota',
      band,
      reason: `Attainment ${input.attainment}% is in band ${range}, whose score ${band.score} needs both areas Exceeding`
    };
  }
  return {
    score: band.score,
    basis: 'Quota',
    band,
    reason: `Attainment ${input.attainment}% is in band ${range}`
  };
}

/** A band's range in words, e.g. "[80%, 111%)" or ">= 130%". */
export function bandRangeText(band: PerformanceBand): string {
  if (band.minAttainment === null && band.maxAttainment === null) return 'any attainment';
  if (band.minAttainment === null) return `< ${band.maxAttainment}%`;
  if (band.maxAttainment === null) return `>= ${band.minAttainment}%`;
  return `[${band.minAttainment}%, ${band.maxAttainment}%)`;
}

/** What the final-score rule looks at (mirrors the Assessment__c validation rule). */
export interface FinalScoreInput {
  eligibleScore: number | null;
  finalScore: number | null;
  overrideReason: string | null | undefined;
  /** The saving user holds the Calibrate_Scores custom permission. */
  canCalibrate: boolean;
}

/** Outcome of the final-score check: ok, whether it is an override, and the message when not ok. */
export interface FinalScoreCheck {
  ok: boolean;
  /** The final score is better (numerically lower) than eligible, allowed by a recorded override. */
  override: boolean;
  message: string | null;
}

/**
 * Leadership's final score may be worse than (numerically above) the eligible score, never
 * better, unless a user with the calibration permission records an override reason.
 */
export function checkFinalScore(input: FinalScoreInput): FinalScoreCheck {
  const { eligibleScore: eligible, finalScore: final } = input;
  if (final === null || final === undefined) return { ok: true, override: false, message: null };
  if (!Number.isInteger(final) || final < 1 || final > 5) {
    return {
      ok: false,
      override: false,
      message: `Final score must be a whole number from 1 to 5, got ${final}`
    };
  }
  if (eligible === null || eligible === undefined || final >= eligible) {
    return { ok: true, override: false, message: null };
  }
  const hasReason = typeof input.overrideReason === 'string' && input.overrideReason.trim() !== '';
  if (!input.canCalibrate) {
    return {
      ok: false,
      override: false,
      message: `Final score ${final} is better than the eligible score ${eligible}: only a user with the calibration permission can override it`
    };
  }
  if (!hasReason) {
    return {
      ok: false,
      override: false,
      message: `Final score ${final} is better than the eligible score ${eligible}: record an override reason`
    };
  }
  return { ok: true, override: true, message: null };
}

/** A Career_Level__c of the rep's track, reduced to what readiness needs. */
export interface CareerLevelInfo {
  level: number;
  /** Expected overall competency score at this level, on the 1-5 behaviour scale; null if unset. */
  expectedProficiency: number | null;
  title?: string;
}

/** Inputs of promotion readiness. */
export interface PromotionInput {
  currentLevel: number;
  /** The career levels of the rep's track (any order). */
  levels: readonly CareerLevelInfo[];
  /** Final scores of past assessments, newest first; null entries (not decided yet) are skipped. */
  finalScoresNewestFirst: readonly (number | null)[];
  /** The rep's current overall competency score (null when unrated). */
  overallScore: number | null;
  /** The two expectation ratings of the latest assessment; null when there is none. */
  latest: { scope: ExpectationRating | null; impact: ExpectationRating | null } | null;
}

/** The criteria of the promotion checklist. */
export type ReadinessKey = 'finalScores' | 'proficiency' | 'expectations' | 'nextLevel';

/** One line of the promotion checklist, with its numbers. */
export interface ReadinessCriterion {
  key: ReadinessKey;
  met: boolean;
  label: string;
  /** The figures behind the line, in words ("last two final scores: 2, 1"). */
  detail: string;
  /** The rep's values: final scores, the overall score, or the two expectation ratings. */
  actual: (number | string | null)[];
  /** The bar: the worst final score allowed, the expected proficiency, or null. */
  required: number | string | null;
}

/** The checklist for promotion to the next level; `ready` when every line is met. */
export interface PromotionReadiness {
  currentLevel: number;
  nextLevel: number | null;
  ready: boolean;
  criteria: ReadinessCriterion[];
}

/** Promotion readiness to level L+1 as a checklist: last two final scores, proficiency, expectations. */
export function promotionReadiness(input: PromotionInput): PromotionReadiness {
  const current = requireInteger(input.currentLevel, 1, 9, 'Current career level');
  const levels = new Map<number, CareerLevelInfo>();
  for (const info of input.levels) {
    requireInteger(info.level, 1, 9, 'Career level');
    if (levels.has(info.level)) throw new ScoringInputError(`Career level ${info.level} is listed twice`);
    levels.set(info.level, info);
  }
  const next = levels.get(current + 1);
  if (!next) {
    return {
      currentLevel: current,
      nextLevel: null,
      ready: false,
      criteria: [
        {
          key: 'nextLevel',
          met: false,
          label: 'A next level exists',
          detail: `L${current} is the top level of this track`,
          actual: [current],
          required: null
        }
      ]
    };
  }

  const decided = input.finalScoresNewestFirst.filter((s): s is number => s !== null && s !== undefined);
  for (const score of decided) requireInteger(score, 1, 5, 'Final score');
  const lastTwo = decided.slice(0, 2);
  const scoresMet = lastTwo.length === 2 && lastTwo.every((s) => s <= 2);
  const scoresDetail =
    lastTwo.length === 0
      ? 'no final scores yet'
      : lastTwo.length === 1
        ? `only one final score so far: ${lastTwo[0]}`
        : `last two final scores: ${lastTwo.join(', ')}`;

  const overall = input.overallScore;
  if (overall !== null) requireFinite(overall, 'Overall score');
  const expected = next.expectedProficiency;
  const proficiencyMet = overall !== null && expected !== null && overall >= expected;
  const proficiencyDetail =
    expected === null
      ? `expected proficiency for L${next.level} is not set`
      : `overall score ${overall === null ? 'unrated' : overall.toFixed(2)} against ${expected.toFixed(2)} expected at L${next.level}`;

  const scope = requireExpectation(input.latest?.scope ?? null, 'Scope rating');
  const impact = requireExpectation(input.latest?.impact ?? null, 'Impact rating');
  const expectationsMet = scope === 'Exceeding' && impact === 'Exceeding';
  const expectationsDetail =
    input.latest === null
      ? 'no assessment yet'
      : `latest assessment: scope ${scope ?? 'not rated'}, impact ${impact ?? 'not rated'}`;

  const criteria: ReadinessCriterion[] = [
    {
      key: 'finalScores',
      met: scoresMet,
      label: 'Last two final scores are 1 or 2',
      detail: scoresDetail,
      actual: lastTwo,
      required: 2
    },
    {
      key: 'proficiency',
      met: proficiencyMet,
      label: `Overall competency score reaches the L${next.level} expectation`,
      detail: proficiencyDetail,
      actual: [overall],
      required: expected
    },
    {
      key: 'expectations',
      met: expectationsMet,
      label: 'Latest assessment rates both areas Exceeding',
      detail: expectationsDetail,
      actual: [scope, impact],
      required: 'Exceeding'
    }
  ];
  return { currentLevel: current, nextLevel: next.level, ready: criteria.every((c) => c.met), criteria };
}
