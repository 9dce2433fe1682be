/**
 * How the rating screen applies the scoring library and the org's save rules: who may edit (from
 * the org: object infos, the assessor and manager relationships), the eligible score in words,
 * the final scores `checkFinalScore` allows, and what a draft save or a submit still needs.
 */
import { checkFinalScore, eligibleScore, needsEvidence, ScoringInputError } from 'c/scoring';
import type { ExpectationRating, PerformanceBand, RatingInput } from 'c/scoring';
import { fieldAccess, sameId } from 'c/uiApi';
import type { RatingModel } from './model';

/** What the current user may do on this screen, and why not when they may not. */
export interface Access {
  canEdit: boolean;
  canOverride: boolean;
  /** Why the screen is read-only ('' when editable). */
  reason: string;
}

/** Who may edit: the org's object infos when the request carries them, then the relationships. */
export function accessFor(
  model: RatingModel,
  userId: string,
  calibratePermission: boolean,
  self = false
): Access {
  if (self) return selfAccess(model, userId);
  const infos = model.objectInfos;
  const assessment = model.assessment;
  const overrideAccess = fieldAccess(infos, 'Assessment__c', 'Override_Reason__c');
  const canOverride = overrideAccess ? overrideAccess.updateable : calibratePermission;
  const readOnly = (reason: string): Access => ({ canEdit: false, canOverride: false, reason });
  if (assessment && assessment.status === 'Acknowledged') {
    return readOnly(`${model.rep.name} has acknowledged this assessment, so its ratings are final.`);
  }
  if (infos) {
    const object = fieldAccess(infos, 'Assessment__c');
    const scope = fieldAccess(infos, 'Assessment__c', 'Scope_Rating__c');
    const rating = fieldAccess(infos, 'Behavior_Rating__c', 'Rating__c');
    const mayWrite = assessment
      ? object?.updateable === true && scope?.updateable === true
      : object?.createable === true && scope?.createable === true;
    if (!mayWrite || !rating?.createable || !rating.updateable) {
      return readOnly('Your access lets you read this assessment but not change it.');
    }
  }
  if (sameId(model.rep.id, userId)) {
    return readOnly(
      'This is your assessment from your manager: you can read it here, and only they change it.'
    );
  }
  if (assessment) {
    if (sameId(assessment.assessorId, userId)) return { canEdit: true, canOverride, reason: '' };
    return readOnly(
      `Only the assessor${assessment.assessorName ? `, ${assessment.assessorName},` : ''} can change this assessment.`
    );
  }
  if (sameId(model.rep.managerId, userId)) return { canEdit: true, canOverride, reason: '' };
  return readOnly(
    `Only ${model.rep.name}'s manager${model.rep.managerName ? `, ${model.rep.managerName},` : ''} can start their assessment.`
  );
}

/** A self-assessment is the rep's alone: they edit it until they submit it; others read it. */
function selfAccess(model: RatingModel, userId: string): Access {
  const readOnly = (reason: string): Access => ({ canEdit: false, canOverride: false, reason });
  if (!sameId(model.rep.id, userId)) {
    return readOnly(`This is ${model.rep.name}'s self-assessment: only they change it.`);
  }
  const infos = model.objectInfos;
  if (infos) {
    const assessment = fieldAccess(infos, 'Assessment__c', 'Status__c');
    const rating = fieldAccess(infos, 'Behavior_Rating__c', 'Rating__c');
    const mayWrite = model.assessment ? assessment?.updateable : assessment?.createable;
    if (!mayWrite || !rating?.createable || !rating.updateable) {
      return readOnly('Your access lets you read your self-assessment but not change it.');
    }
  }
  if (model.assessment && model.assessment.status !== 'Draft') {
    return readOnly('You have submitted your self-assessment for this period; it is now read-only.');
  }
  return { canEdit: true, canOverride: false, reason: '' };
}

/** A percentage as people write it: 134, 95.5, 112.25. */
export function percentText(value: number): string {
  return `${Number(value.toFixed(2))}%`;
}

/** A band's range in words: "130% and above", "80% up to 111%", "below 40%". */
export function bandWords(band: PerformanceBand): string {
  if (band.minAttainment !== null && band.maxAttainment !== null) {
    return `${percentText(band.minAttainment)} up to ${percentText(band.maxAttainment)}`;
  }
  if (band.minAttainment !== null) return `${percentText(band.minAttainment)} and above`;
  if (band.maxAttainment !== null) return `below ${percentText(band.maxAttainment)}`;
  return 'any attainment';
}

/** The ramp rule, for a rep in ramp. */
export const RAMP_RULE =
  'In ramp the score comes from the two expectation areas, not from quota: both Exceeding give 1, one Exceeding and one Meeting 2, both Meeting 3, one Below 4, both Below 5.';

/** The eligible score as the screen shows and checks it. */
export interface EligibleView {
  /** The score the final score is checked against (null: none yet). */
  score: number | null;
  /** One or two sentences, in words. */
  sentence: string;
  inRamp: boolean;
  /** A non-ramp rep whose eligible score the metrics sync has not written yet. */
  awaitingSync: boolean;
}

/** Inputs of the eligible view. */
export interface EligibleInputs {
  period: string;
  inRamp: boolean;
  /** Attainment synced onto the assessment, else the period's snapshot; null when none. */
  attainment: number | null;
  /** Eligible_Score__c as the sync wrote it; null when not yet. */
  storedEligible: number | null;
  scope: ExpectationRating | null;
  impact: ExpectationRating | null;
  bands: PerformanceBand[];
  bandError: string | null;
}

/** The eligible score in words, with the band and attainment that produced it. */
export function eligibleView(input: EligibleInputs): EligibleView {
  const { scope, impact } = input;
  if (input.inRamp) {
    const result = eligibleScore({ attainment: null, inRamp: true, scope, impact }, []);
    const sentence =
      result.score === null
        ? 'In ramp: rate both expectation areas to get the eligible score.'
        : `In ramp: scope ${scope} and impact ${impact}, so the eligible score is ${result.score}.`;
    return { score: result.score, sentence, inRamp: true, awaitingSync: false };
  }
  if (input.bandError) {
    return {
      score: input.storedEligible,
      sentence: `The performance bands cannot be used (${input.bandError}). An admin corrects the band records.`,
      inRamp: false,
      awaitingSync: input.storedEligible === null
    };
  }
  if (input.attainment === null) {
    return {
      score: null,
      sentence: `No quota attainment is synced for ${input.period} yet: the metrics sync has not run for this period, so there is no eligible score.`,
      inRamp: false,
      awaitingSync: true
    };
  }
  let live;
  try {
    live = eligibleScore({ attainment: input.attainment, inRamp: false, scope, impact }, input.bands);
  } catch (error) {
    const message = error instanceof ScoringInputError ? error.message : String(error);
    return {
      score: input.storedEligible,
      sentence: message,
      inRamp: false,
      awaitingSync: input.storedEligible === null
    };
  }
  const band = live.band as PerformanceBand;
  const where = `Attainment ${percentText(input.attainment)} is in band ${band.score} (${bandWords(band)})`;
  let sentence: string;
  if (band.requiresBothExceeding && scope === 'Exceeding' && impact === 'Exceeding') {
    sentence = `${where} and both areas are Exceeding, so the eligible score is ${live.score}.`;
  } else if (band.requiresBothExceeding) {
    sentence = `${where}, whose score ${band.score} needs both areas Exceeding; they are not both Exceeding, so the eligible score is ${live.score}.`;
  } else {
    sentence = `${where}, so the eligible score is ${live.score}.`;
  }
  if (input.storedEligible === null) {
    // The org checks a final score against the synced Eligible_Score__c only, so none is offered yet.
    return {
      score: null,
      sentence: `${sentence} The metrics sync has not written it to this assessment yet, so the final score waits for it.`,
      inRamp: false,
      awaitingSync: true
    };
  }
  if (live.score !== null && live.score !== input.storedEligible) {
    const stricter = Math.max(live.score, input.storedEligible);
    return {
      score: stricter,
      sentence: `${sentence} The last sync wrote ${input.storedEligible} before the areas changed; ${stricter} applies until the sync runs again.`,
      inRamp: false,
      awaitingSync: false
    };
  }
  return { score: input.storedEligible, sentence, inRamp: false, awaitingSync: false };
}

/** The final scores the screen offers: only those `checkFinalScore` allows this user. */
export function finalScoreOptions(
  eligible: number | null,
  canOverride: boolean
): { label: string; value: string }[] {
  if (eligible === null) return [];
  const options: { label: string; value: string }[] = [];
  for (let score = 1; score <= 5; score++) {
    const check = checkFinalScore({
      eligibleScore: eligible,
      finalScore: score,
      overrideReason: 'reason given',
      canCalibrate: canOverride
    });
    if (!check.ok) continue;
    const note =
      score === eligible ? ' (the eligible score)' : score < eligible ? ' (override: give a reason)' : '';
    options.push({ label: `${score}${note}`, value: String(score) });
  }
  return options;
}

/** True when text holds nothing visible (spaces, line breaks, zero-width characters). */
export function isBlankText(text: string | null | undefined): boolean {
  return !text || text.replace(/[\s\u00a0\u200b-\u200d\u2060\ufeff]/g, '') === '';
}

/** One thing that stops a save, and the control it concerns. */
export interface Problem {
  /** The control to focus: `rating-<behaviorId>`, `evidence-<behaviorId>`, `scope`, `impact`, `final`, `override`. */
  target: string;
  message: string;
}

/** A behaviour's current values on screen. */
export interface BehaviorState {
  id: string;
  name: string;
  rating: RatingInput;
  evidence: string;
}

/** What the screen holds when the user saves. */
export interface FormState {
  behaviors: BehaviorState[];
  scope: ExpectationRating | null;
  impact: ExpectationRating | null;
  final: number | null;
  overrideReason: string;
  eligible: EligibleView;
  canOverride: boolean;
  period: string;
  /** A self-assessment: no expectation areas, eligible or final score. */
  self?: boolean;
}

/** What any save needs (the platform's rules): evidence for ratings 1-2, a final score it accepts. */
export function draftProblems(state: FormState): Problem[] {
  const problems: Problem[] = [];
  for (const b of state.behaviors) {
    if (needsEvidence(b.rating) && isBlankText(b.evidence)) {
      problems.push({
        target: `evidence-${b.id}`,
        message: `${b.name}: a rating of ${String(b.rating)} needs evidence of what you observed.`
      });
    }
  }
  if (state.final !== null) {
    const check = checkFinalScore({
      eligibleScore: state.eligible.score,
      finalScore: state.final,
      overrideReason: isBlankText(state.overrideReason) ? '' : state.overrideReason,
      canCalibrate: state.canOverride
    });
    if (!check.ok) {
      problems.push({
        target: check.message?.includes('reason') && state.canOverride ? 'override' : 'final',
        message: check.message as string
      });
    }
  }
  return problems;
}

/** What a submit needs on top of a draft: everything rated, both areas, a final score, a synced eligible score. */
export function submitProblems(state: FormState): Problem[] {
  const problems: Problem[] = [];
  const unrated = state.behaviors.filter((b) => b.rating === null || b.rating === undefined);
  if (unrated.length) {
    problems.push({
      target: `rating-${unrated[0].id}`,
      message:
        unrated.length === 1
          ? `Rate ${unrated[0].name}, or choose N/A.`
          : `Rate the ${unrated.length} behaviours still unrated (first: ${unrated[0].name}), or choose N/A.`
    });
  }
  problems.push(...draftProblems(state));
  if (state.self) return problems;
  if (!state.scope) problems.push({ target: 'scope', message: 'Rate Role Scope and Execution.' });
  if (!state.impact) problems.push({ target: 'impact', message: 'Rate Team and Cross-Functional Impact.' });
  if (state.eligible.awaitingSync) {
    problems.push({
      target: 'final',
      message: `The metrics sync has not run for ${state.period} yet, so there is no eligible score to check the final score against. Save a draft and submit once the sync has run.`
    });
  } else if (state.final === null) {
    problems.push({ target: 'final', message: 'Choose the final score.' });
  }
  return problems;
}
