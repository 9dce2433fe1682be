/**
 * The manager's rating screen on the rep's User record page: rate each observable behaviour of
 * the rep's role, watch competency, dimension and overall scores move, rate the two expectation
 * areas, see the eligible score in words and decide the final score, then save a draft or submit.
 * One GraphQL request loads it; one mutation saves it; a stale save is refused and the edits kept.
 */
import { LightningElement, api, wire } from 'lwc';
import { graphql } from 'lightning/graphql';
import type { GraphQLResult } from 'lightning/graphql';
import USER_ID from '@salesforce/user/Id';
import CALIBRATE_SCORES from '@salesforce/customPermission/Calibrate_Scores';
import {
  RATING_LABELS,
  isPeriodKey,
  lastClosedQuarter,
  scoreAssessment,
  selfManagerAgenda,
  utcDate
} from 'c/scoring';
import type { AgendaItem, AssessmentScores, ExpectationRating, RatingInput } from 'c/scoring';
import { describeLoadErrors } from 'c/errors';
import { saveAssessment } from 'c/assessmentSave';
import type {
  AssessmentFields,
  AssessmentWrite,
  RatingWrite,
  SaveOutcome,
  SavedRating
} from 'c/assessmentSave';
import type { ChartDimension } from 'c/profileChart';
import { REP_RATING_QUERY } from './query';
import type { RepRatingData } from './query';
import { isEmptyReason, readModel } from './model';
import type { EmptyReason, RatingModel, SavedAssessment } from './model';
import {
  RAMP_RULE,
  accessFor,
  draftProblems,
  eligibleView,
  finalScoreOptions,
  percentText,
  submitProblems
} from './rules';
import type { Access, EligibleView, FormState, Problem } from './rules';
import { clearDraft, draftKey, editCount, loadDraft, saveDraft } from './draftStore';
import type { Edits, RatingEdit } from './draftStore';

/** The message shown after a save, a refusal or a conflict. */
interface ScreenMessage {
  kind: 'success' | 'error' | 'conflict' | 'restore';
  title: string;
  text: string;
  problems: Problem[];
}

const RATING_OPTIONS = [
  ...(['1', '2', '3', '4', '5'] as const).map((value) => ({
    label: `${value} ${RATING_LABELS[value]}`,
    value
  })),
  { label: 'N/A', value: 'N/A' }
];

const AREA_OPTIONS = [
  { label: 'Below', value: 'Below' },
  { label: 'Meeting', value: 'Meeting' },
  { label: 'Exceeding', value: 'Exceeding' }
];

/** Scores per screen, outside the component's reactive fields so reading them never re-renders. */
const SCORE_CACHE = new WeakMap<object, { model: RatingModel; edits: Edits; scores: AssessmentScores }>();
/** Opportunity choices per loaded model (the evidence comboboxes share one array). */
const OPPORTUNITY_OPTIONS = new WeakMap<RatingModel, { label: string; value: string }[]>();

function emptyEdits(): Edits {
  return { ratings: {} };
}

/** One row of the one-to-one agenda as the table shows it. */
interface AgendaRow {
  id: string;
  name: string;
  selfText: string;
  managerText: string;
  differenceText: string;
  rowClass: string;
}

/** A rating in words for the agenda: "4 advanced", "N/A", "not rated". */
function ratingText(value: RatingInput): string {
  if (value === null || value === undefined) return 'not rated';
  if (value === 'N/A') return 'N/A';
  return `${value} ${RATING_LABELS[value].toLowerCase()}`;
}

function scoreWords(score: number | null): string {
  return score === null ? 'unrated' : score.toFixed(2);
}

export default class RepRating extends LightningElement {
  /** The rep's User Id (set by the User record page); the current user on an app page. */
  @api recordId: string | undefined;
  /** The period to rate (e.g. 2026-Q3); blank = the last closed fiscal quarter. */
  @api period: string | undefined;
  /** Organization.FiscalYearStartMonth (1-12), for the default period. */
  @api fiscalYearStartMonth = 1;
  /** Organization.UsesStartDateAsFiscalYearName, for the default period. */
  @api fiscalYearNamedByStart = false;
  /** `manager` (default): a manager rates a rep. `self`: the signed-in rep rates themselves. */
  @api mode: string | undefined;

  model: RatingModel | null = null;
  empty: EmptyReason | null = null;
  loadError: string | null = null;
  edits: Edits = emptyEdits();
  message: ScreenMessage | null = null;
  saving = false;
  /** Set by a refused stale save: newer data is held here instead of replacing the screen. */
  conflict = false;
  pendingModel: RatingModel | null = null;
  /** Messages from the last refused save, per behaviour and field. */
  ratingErrors: Record<string, Record<string, string>> = {};
  assessmentErrors: Record<string, string> = {};
  liveText = '';
  ratingType: 'button' | 'radio' = 'button';

  private refreshData: (() => Promise<void>) | undefined;
  private focusPending: string | null = null;
  private readonly beforeUnload = (event: BeforeUnloadEvent): void => {
    if (!this.isDirty) return;
    event.preventDefault();
    event.returnValue = '';
  };

  override connectedCallback(): void {
    window.addEventListener('beforeunload', this.beforeUnload);
    if (typeof window.matchMedia === 'function' && window.matchMedia('(max-width: 30em)').matches) {
      // Six labelled buttons do not fit a phone's width; the same group as a vertical list does.
      this.ratingType = 'radio';
    }
  }

  override disconnectedCallback(): void {
    window.removeEventListener('beforeunload', this.beforeUnload);
  }

  override renderedCallback(): void {
    if (!this.focusPending) return;
    const target = this.template?.querySelector(`[data-id="${this.focusPending}"]`) as HTMLElement | null;
    this.focusPending = null;
    target?.focus();
  }

  get repId(): string {
    return this.isSelf ? USER_ID : this.recordId || USER_ID;
  }

  /** Self mode: type Self, the rep as assessor, no expectation areas, eligible or final score. */
  get isSelf(): boolean {
    return this.mode === 'self';
  }

  get isManagerMode(): boolean {
    return !this.isSelf;
  }

  get ratingPeriod(): string {
    if (this.period && isPeriodKey(this.period)) return this.period;
    return lastClosedQuarter(utcDate(new Date()), {
      startMonth: Number(this.fiscalYearStartMonth) || 1,
      usesStartDateAsFiscalYearName: this.fiscalYearNamedByStart === true
    });
  }

  get variables(): { repId: string; period: string; type: string } {
    return { repId: this.repId, period: this.ratingPeriod, type: this.isSelf ? 'Self' : 'Manager' };
  }

  @wire(graphql, { query: REP_RATING_QUERY, variables: '$variables' })
  wiredRating(result: GraphQLResult<RepRatingData> | undefined): void {
    if (!result) return;
    this.refreshData = result.refresh;
    const { data, errors } = result;
    if (errors && errors.length) {
      this.loadError = describeLoadErrors('The rating screen', errors);
      return;
    }
    if (!data) return;
    this.loadError = null;
    const read = readModel(data, this.ratingPeriod);
    if (isEmptyReason(read)) {
      this.empty = read;
      this.model = null;
      return;
    }
    this.empty = null;
    if (this.conflict) {
      this.pendingModel = read;
      this.message = this.conflictMessage(read.assessment);
      return;
    }
    const firstLoad = !this.model;
    this.model = read;
    if (firstLoad) this.offerStoredEdits();
  }

  /** Edits kept from before a reload: offered back, never applied without asking. */
  private restorable: Edits | null = null;

  private offerStoredEdits(): void {
    if (this.isDirty || this.readOnly) return;
    const stored = loadDraft(this.draftStorageKey);
    if (!stored) return;
    this.restorable = stored;
    const count = editCount(stored);
    this.showMessage({
      kind: 'restore',
      title: 'Unsaved edits from before the page was reloaded',
      text: `${count === 1 ? 'One change you made here was' : `${count} changes you made here were`} not saved. Re-apply ${count === 1 ? 'it' : 'them'} on top of the assessment as it is saved now, then review and save; or drop ${count === 1 ? 'it' : 'them'}.`,
      problems: []
    });
  }

  get canRestore(): boolean {
    return this.restorable !== null;
  }

  handleRestore(): void {
    const stored = this.restorable;
    this.restorable = null;
    if (!stored) return;
    this.setEdits(stored);
    this.showMessage({
      kind: 'success',
      title: 'Your edits are back on screen',
      text: 'Review them, then save.',
      problems: []
    });
  }

  handleDropStored(): void {
    this.restorable = null;
    clearDraft(this.draftStorageKey);
    this.message = null;
  }

  // ---- state of the screen

  get isLoading(): boolean {
    return !this.model && !this.empty && !this.loadError;
  }

  get showPanel(): boolean {
    return !this.model;
  }

  get panelState(): string {
    if (this.loadError) return 'error';
    if (this.empty) return 'empty';
    return 'loading';
  }

  get panelHeading(): string {
    if (this.loadError) return 'The rating screen could not be loaded';
    if (this.empty) return this.empty.heading;
    return 'Loading the rep, the model and the assessment';
  }

  get panelMessage(): string {
    return this.loadError ?? this.empty?.message ?? '';
  }

  get panelNextStep(): string {
    if (this.loadError) return 'Reload the page. If it keeps failing, send this message to your admin.';
    return this.empty?.nextStep ?? '';
  }

  get access(): Access {
    if (!this.model) return { canEdit: false, canOverride: false, reason: '' };
    return accessFor(this.model, USER_ID, CALIBRATE_SCORES === true, this.isSelf);
  }

  get readOnly(): boolean {
    return !this.access.canEdit;
  }

  get readOnlyReason(): string {
    return this.access.reason;
  }

  get controlsDisabled(): boolean {
    return this.readOnly || this.saving;
  }

  // ---- current values: saved values with the edits on top

  private get saved(): SavedAssessment | null {
    return this.model?.assessment ?? null;
  }

  private ratingOf(behaviorId: string): string | null {
    const edit = this.edits.ratings[behaviorId];
    if (edit && edit.rating !== undefined) return edit.rating;
    return this.saved?.ratings[behaviorId]?.rating ?? null;
  }

  private evidenceOf(behaviorId: string): string {
    const edit = this.edits.ratings[behaviorId];
    if (edit && edit.evidence !== undefined) return edit.evidence;
    return this.saved?.ratings[behaviorId]?.evidence ?? '';
  }

  private opportunityOf(behaviorId: string): string | null {
    const edit = this.edits.ratings[behaviorId];
    if (edit && edit.opportunityId !== undefined) return edit.opportunityId;
    return this.saved?.ratings[behaviorId]?.opportunityId ?? null;
  }

  get scope(): ExpectationRating | null {
    const value = this.edits.scope !== undefined ? this.edits.scope : (this.saved?.scope ?? null);
    return (value as ExpectationRating | null) ?? null;
  }

  get impact(): ExpectationRating | null {
    const value = this.edits.impact !== undefined ? this.edits.impact : (this.saved?.impact ?? null);
    return (value as ExpectationRating | null) ?? null;
  }

  get finalScore(): number | null {
    return this.edits.final !== undefined ? this.edits.final : (this.saved?.final ?? null);
  }

  get overrideReason(): string {
    return this.edits.overrideReason ?? this.saved?.overrideReason ?? '';
  }

  get isDirty(): boolean {
    const e = this.edits;
    return (
      Object.keys(e.ratings).length > 0 ||
      e.scope !== undefined ||
      e.impact !== undefined ||
      e.final !== undefined ||
      e.overrideReason !== undefined
    );
  }

  private get allBehaviors(): { id: string; name: string }[] {
    const out: { id: string; name: string }[] = [];
    for (const d of this.model?.dimensions ?? []) {
      for (const c of d.competencies) for (const b of c.behaviors) out.push({ id: b.id, name: b.name });
    }
    return out;
  }

  /** Scores of what is on screen; computed once per change (model and edits are replaced, never mutated). */
  get scores(): AssessmentScores | null {
    const model = this.model;
    if (!model) return null;
    const cached = SCORE_CACHE.get(this);
    if (cached && cached.model === model && cached.edits === this.edits) return cached.scores;
    const ratings: Record<string, RatingInput> = {};
    for (const b of this.allBehaviors) ratings[b.id] = this.ratingOf(b.id) as RatingInput;
    const scores = scoreAssessment(model.scoring, ratings, model.weights);
    SCORE_CACHE.set(this, { model, edits: this.edits, scores });
    return scores;
  }

  // ---- what the template shows

  get cardTitle(): string {
    if (this.isSelf) return `Your self-assessment, ${this.ratingPeriod}`;
    return this.model ? `Rating of ${this.model.rep.name}, ${this.ratingPeriod}` : 'Behaviour rating';
  }

  get repLine(): string {
    if (!this.model) return '';
    const rep = this.model.rep;
    const level = this.model.level;
    const parts = [rep.roleLabel || rep.role || ''];
    if (level) parts.push(`${level.name}${level.title ? ` (${level.title})` : ''}`);
    else if (rep.level !== null) parts.push(`level ${rep.level}`);
    return parts.filter(Boolean).join(', ');
  }

  get inRamp(): boolean {
    return this.saved ? this.saved.inRamp : (this.model?.rep.inRamp ?? false);
  }

  get rampLine(): string {
    const rep = this.model?.rep;
    if (!rep || !this.inRamp) return '';
    return rep.rampEnd ? `In ramp until ${rep.rampEnd}.` : 'In ramp.';
  }

  get statusLine(): string {
    const a = this.saved;
    if (!a) return `No assessment for ${this.ratingPeriod} yet.`;
    const by = a.lastModifiedBy ? ` by ${a.lastModifiedBy}` : '';
    const when = a.lastModifiedText ? ` on ${a.lastModifiedText}` : '';
    return `${a.status}, last saved${by}${when}.`;
  }

  get metricsLine(): string {
    const s = this.model?.latestSnapshot;
    if (!s) return 'No metrics have been synced for this rep yet.';
    const parts: string[] = [];
    if (s.attainment !== null) parts.push(`quota attainment ${percentText(s.attainment)}`);
    if (s.winRate !== null) parts.push(`win rate ${percentText(s.winRate)}`);
    if (s.won !== null && s.lost !== null) parts.push(`${s.won} won and ${s.lost} lost`);
    const what = parts.length ? parts.join(', ') : 'no figures';
    return `Synced metrics: ${what} in ${s.period}${s.syncedAt ? `, synced ${s.syncedAt}` : ''}.`;
  }

  get overallText(): string {
    const s = this.scores;
    if (!s) return '';
    const total = s.ratedCount + s.notApplicableCount + s.unratedCount;
    return `Overall ${scoreWords(s.overall)}: ${s.ratedCount} of ${total} behaviours rated, ${s.notApplicableCount} N/A, ${s.unratedCount} still to rate.`;
  }

  get ratingOptions(): { label: string; value: string }[] {
    return RATING_OPTIONS;
  }

  get areaOptions(): { label: string; value: string }[] {
    return AREA_OPTIONS;
  }

  /** The same array for as long as the model stands, so a rating change re-renders no combobox. */
  get opportunityOptions(): { label: string; value: string }[] {
    const model = this.model;
    const cached = model && OPPORTUNITY_OPTIONS.get(model);
    if (cached) return cached;
    const options = [
      { label: 'None', value: '' },
      ...(model?.opportunities ?? []).map((o) => ({
        label: [o.name, o.stage, o.closeDate].filter(Boolean).join(', '),
        value: o.id
      }))
    ];
    if (model) OPPORTUNITY_OPTIONS.set(model, options);
    return options;
  }

  get dimensionViews(): unknown[] {
    const model = this.model;
    const scores = this.scores;
    if (!model || !scores) return [];
    const disabled = this.controlsDisabled;
    return model.dimensions.map((d) => ({
      id: d.id,
      name: d.name,
      headingId: `dimension-${d.id}`,
      scoreText: `${d.name}: ${scoreWords(scores.dimensions[d.id] ?? null)}`,
      competencies: d.competencies.map((c) => ({
        id: c.id,
        name: c.name,
        description: c.description,
        scoreText: `${c.name}: ${scoreWords(scores.competencies[c.id] ?? null)} (weight ${c.weight})`,
        behaviors: c.behaviors.map((b) => {
          const rating = this.ratingOf(b.id);
          const evidence = this.evidenceOf(b.id);
          const errors = this.ratingErrors[b.id] ?? {};
          const low = rating === '1' || rating === '2';
          return {
            id: b.id,
            name: b.name,
            statement: b.statement,
            stagesText: b.stages.length ? `Matters in: ${b.stages.join(', ')}` : '',
            groupName: `rating-${b.id}`,
            ratingTarget: `rating-${b.id}`,
            evidenceTarget: `evidence-${b.id}`,
            opportunityTarget: `opportunity-${b.id}`,
            ratingLabel: `Rating for ${b.name}`,
            rating,
            evidence,
            evidenceRequired: low,
            evidenceLabel: low ? 'Evidence (needed for a rating of 1 or 2)' : 'Evidence (optional)',
            evidenceError: errors.Evidence__c ?? '',
            ratingError: errors.Rating__c ?? '',
            opportunityId: this.opportunityOf(b.id) ?? '',
            disabled
          };
        })
      }))
    }));
  }

  /** Self beside manager ratings for the manager, the two-point gaps first (null without a self-assessment). */
  get agenda(): { summary: string; rows: AgendaRow[] } | null {
    const model = this.model;
    if (!model || this.isSelf || !model.selfRatings) return null;
    const manager: Record<string, RatingInput> = {};
    for (const b of this.allBehaviors) manager[b.id] = this.ratingOf(b.id) as RatingInput;
    const { discuss, others } = selfManagerAgenda(
      this.allBehaviors,
      model.selfRatings as Record<string, RatingInput>,
      manager
    );
    const row = (item: AgendaItem, flagged: boolean): AgendaRow => ({
      id: item.id,
      name: flagged ? `${item.name} (talk about this)` : item.name,
      selfText: ratingText(item.self),
      managerText: ratingText(item.manager),
      differenceText:
        item.difference === null
          ? 'not comparable'
          : item.difference === 0
            ? 'same'
            : `${item.difference > 0 ? 'rep higher' : 'you higher'} by ${Math.abs(item.difference)}`,
      rowClass: flagged ? 'agenda-flagged' : ''
    });
    const first = model.rep.name.split(' ')[0] || model.rep.name;
    const summary = discuss.length
      ? `${first}'s self-assessment and your ratings differ by two points or more on ${discuss.length === 1 ? 'one behaviour' : `${discuss.length} behaviours`}: talk about ${discuss.length === 1 ? 'it' : 'them'} first.`
      : `${first}'s self-assessment and your ratings are within one point of each other on every behaviour rated by both.`;
    return { summary, rows: [...discuss.map((i) => row(i, true)), ...others.map((i) => row(i, false))] };
  }

  get chartDimensions(): ChartDimension[] {
    const model = this.model;
    const scores = this.scores;
    if (!model || !scores) return [];
    return model.dimensions.map((d) => ({
      key: d.id,
      name: d.name,
      score: scores.dimensions[d.id] ?? null,
      competencies: d.competencies.map((c) => ({
        key: c.id,
        name: c.name,
        score: scores.competencies[c.id] ?? null
      }))
    }));
  }

  get levelName(): string {
    return this.model?.level?.name ?? '';
  }

  get scopeMeetingText(): string {
    return this.model?.level?.scopeMeeting || 'No expectation text for this level yet.';
  }

  get scopeExceedingText(): string {
    return this.model?.level?.scopeExceeding || 'No expectation text for this level yet.';
  }

  get impactMeetingText(): string {
    return this.model?.level?.impactMeeting || 'No expectation text for this level yet.';
  }

  get impactExceedingText(): string {
    return this.model?.level?.impactExceeding || 'No expectation text for this level yet.';
  }

  get eligible(): EligibleView {
    const model = this.model as RatingModel;
    return eligibleView({
      period: this.ratingPeriod,
      inRamp: this.inRamp,
      attainment: this.saved?.attainment ?? model.periodSnapshot?.attainment ?? null,
      storedEligible: this.saved?.eligible ?? null,
      scope: this.scope,
      impact: this.impact,
      bands: model.bands,
      bandError: model.bandError
    });
  }

  get eligibleSentence(): string {
    return this.eligible.sentence;
  }

  get rampRule(): string {
    return this.inRamp ? RAMP_RULE : '';
  }

  get finalOptions(): { label: string; value: string }[] {
    return finalScoreOptions(this.eligible.score, this.access.canOverride);
  }

  get hasFinalOptions(): boolean {
    return this.finalOptions.length > 0;
  }

  get finalValue(): string {
    return this.finalScore === null ? '' : String(this.finalScore);
  }

  get showOverride(): boolean {
    return this.access.canOverride;
  }

  get overrideNeeded(): boolean {
    const eligible = this.eligible.score;
    return this.finalScore !== null && eligible !== null && this.finalScore < eligible;
  }

  get scopeError(): string {
    return this.assessmentErrors.Scope_Rating__c ?? '';
  }

  get impactError(): string {
    return this.assessmentErrors.Impact_Rating__c ?? '';
  }

  get finalError(): string {
    return this.assessmentErrors.Final_Score__c ?? '';
  }

  get overrideError(): string {
    return this.assessmentErrors.Override_Reason__c ?? '';
  }

  get isSubmitted(): boolean {
    return this.saved?.status === 'Submitted';
  }

  get submitLabel(): string {
    return this.isSubmitted ? 'Save changes' : 'Submit';
  }

  /** A submitted assessment can go back to draft, e.g. to save while the sync has not run. */
  get saveDraftLabel(): string {
    return this.isSubmitted ? 'Return to draft and save' : 'Save draft';
  }

  get showActions(): boolean {
    return !this.readOnly && !this.conflict && !this.restorable;
  }

  get messageClass(): string {
    return `slds-box slds-theme_default slds-var-m-bottom_medium message message_${this.message?.kind ?? 'error'}`;
  }

  get messageTitleClass(): string {
    const kind = this.message?.kind;
    const colour =
      kind === 'success' ? 'slds-text-color_success' : kind === 'error' ? 'slds-text-color_error' : '';
    return `slds-text-heading_small ${colour}`;
  }

  /** Each problem with a button that takes focus to its field, named after that field. */
  get problemViews(): { key: string; message: string; target: string; goLabel: string }[] {
    const names = new Map(this.allBehaviors.map((b) => [b.id, b.name]));
    const fields: Record<string, string> = {
      scope: 'Role Scope and Execution',
      impact: 'Team and Cross-Functional Impact',
      final: 'the final score',
      override: 'the override reason'
    };
    return (this.message?.problems ?? []).map((p, index) => {
      const dash = p.target.indexOf('-');
      const behavior = dash > 0 ? names.get(p.target.slice(dash + 1)) : undefined;
      const kind = dash > 0 ? p.target.slice(0, dash) : '';
      const name = behavior
        ? `${kind === 'evidence' ? 'the evidence for ' : ''}${behavior}`
        : (fields[p.target] ?? '');
      return {
        key: `${index}-${p.target}`,
        message: p.message,
        target: p.target,
        goLabel: name ? `Go to ${name}` : ''
      };
    });
  }

  get messageRole(): string {
    const kind = this.message?.kind;
    return kind === 'success' || kind === 'restore' ? 'status' : 'alert';
  }

  get isConflictMessage(): boolean {
    return this.message?.kind === 'conflict';
  }

  get canReapply(): boolean {
    return this.conflict && this.pendingModel !== null;
  }

  get hasProblems(): boolean {
    return (this.message?.problems.length ?? 0) > 0;
  }

  // ---- editing

  /** Every change of the edits goes through here, so the session copy follows the screen. */
  private setEdits(edits: Edits): void {
    this.edits = edits;
    saveDraft(this.draftStorageKey, edits);
  }

  private get draftStorageKey(): string {
    return draftKey(this.isSelf ? `self-${this.repId}` : this.repId, this.ratingPeriod);
  }

  private editRating(behaviorId: string, change: RatingEdit): void {
    const ratings = { ...this.edits.ratings, [behaviorId]: { ...this.edits.ratings[behaviorId], ...change } };
    this.setEdits({ ...this.edits, ratings });
  }

  private announce(behaviorId: string): void {
    const model = this.model;
    const scores = this.scores;
    if (!model || !scores) return;
    for (const d of model.dimensions) {
      for (const c of d.competencies) {
        if (!c.behaviors.some((b) => b.id === behaviorId)) continue;
        this.liveText = `${c.name} ${scoreWords(scores.competencies[c.id] ?? null)}, ${d.name} ${scoreWords(
          scores.dimensions[d.id] ?? null
        )}, overall ${scoreWords(scores.overall)}.`;
        return;
      }
    }
  }

  handleRating(event: CustomEvent<{ value: string }>): void {
    const behaviorId = (event.currentTarget as HTMLElement).dataset.behavior as string;
    this.editRating(behaviorId, { rating: event.detail.value });
    this.announce(behaviorId);
  }

  handleEvidence(event: CustomEvent<{ value: string }>): void {
    const behaviorId = (event.currentTarget as HTMLElement).dataset.behavior as string;
    this.editRating(behaviorId, { evidence: event.detail.value ?? '' });
  }

  handleOpportunity(event: CustomEvent<{ value: string }>): void {
    const behaviorId = (event.currentTarget as HTMLElement).dataset.behavior as string;
    this.editRating(behaviorId, { opportunityId: event.detail.value || null });
  }

  handleScope(event: CustomEvent<{ value: string }>): void {
    this.setEdits({ ...this.edits, scope: event.detail.value });
  }

  handleImpact(event: CustomEvent<{ value: string }>): void {
    this.setEdits({ ...this.edits, impact: event.detail.value });
  }

  handleFinal(event: CustomEvent<{ value: string }>): void {
    const value = event.detail.value;
    this.setEdits({ ...this.edits, final: value ? Number(value) : null });
  }

  handleOverride(event: CustomEvent<{ value: string }>): void {
    this.setEdits({ ...this.edits, overrideReason: event.detail.value ?? '' });
  }

  handleProblem(event: Event): void {
    const target = (event.currentTarget as HTMLElement).dataset.target as string;
    const control = this.template?.querySelector(`[data-id="${target}"]`) as HTMLElement | null;
    control?.focus();
  }

  // ---- saving

  private formState(): FormState {
    return {
      behaviors: this.allBehaviors.map((b) => ({
        id: b.id,
        name: b.name,
        rating: this.ratingOf(b.id) as RatingInput,
        evidence: this.evidenceOf(b.id)
      })),
      scope: this.scope,
      impact: this.impact,
      final: this.finalScore,
      overrideReason: this.overrideReason,
      eligible: this.eligible,
      canOverride: this.access.canOverride,
      period: this.ratingPeriod,
      self: this.isSelf
    };
  }

  /** The ratings the save writes: on a new assessment every rated one, else the changed ones. */
  private ratingWrites(): RatingWrite[] {
    const saved = this.saved;
    const writes: RatingWrite[] = [];
    for (const b of this.allBehaviors) {
      const rating = this.ratingOf(b.id);
      if (rating === null) continue;
      const record = saved?.ratings[b.id];
      const evidence = this.evidenceOf(b.id);
      const opportunityId = this.opportunityOf(b.id);
      const changed =
        !record ||
        record.rating !== rating ||
        record.evidence !== evidence ||
        record.opportunityId !== opportunityId;
      if (!changed) continue;
      writes.push({
        behaviorId: b.id,
        ratingId: record?.id ?? null,
        versionRead: record?.version ?? null,
        rating: rating as SavedRating,
        evidence: evidence.trim() ? evidence : null,
        evidenceOpportunityId: opportunityId
      });
    }
    return writes;
  }

  private buildWrite(status: 'Draft' | 'Submitted'): AssessmentWrite {
    const model = this.model as RatingModel;
    const fields: AssessmentFields = this.isSelf
      ? { Status__c: status }
      : {
          Status__c: status,
          Scope_Rating__c: this.scope,
          Impact_Rating__c: this.impact,
          Final_Score__c: this.finalScore,
          Overall_Score__c: this.scores?.overall ?? null,
          ...(this.access.canOverride
            ? { Override_Reason__c: this.overrideReason.trim() ? this.overrideReason : null }
            : {})
        };
    const saved = this.saved;
    if (saved) {
      return {
        kind: 'update',
        assessmentId: saved.id,
        versionRead: saved.version,
        saveTokenRead: saved.saveToken,
        fields,
        ratings: this.ratingWrites()
      };
    }
    return {
      kind: 'create',
      header: {
        repId: model.rep.id,
        assessorId: USER_ID,
        period: this.ratingPeriod,
        salesRole: model.rep.role,
        careerLevelId: model.level?.id ?? null,
        inRamp: model.rep.inRamp,
        type: this.isSelf ? 'Self' : 'Manager'
      },
      fields,
      ratings: this.ratingWrites()
    };
  }

  handleSaveDraft(): Promise<void> {
    return this.save('Draft');
  }

  handleSubmit(): Promise<void> {
    return this.save('Submitted');
  }

  private showMessage(message: ScreenMessage): void {
    this.message = message;
    this.focusPending = 'message';
  }

  private async save(status: 'Draft' | 'Submitted'): Promise<void> {
    if (this.readOnly || this.saving || !this.model) return;
    const state = this.formState();
    const problems = status === 'Submitted' ? submitProblems(state) : draftProblems(state);
    this.ratingErrors = {};
    this.assessmentErrors = {};
    if (problems.length) {
      for (const p of problems) {
        if (p.target.startsWith('evidence-')) {
          const id = p.target.slice('evidence-'.length);
          this.ratingErrors = {
            ...this.ratingErrors,
            [id]: { ...this.ratingErrors[id], Evidence__c: p.message }
          };
        } else if (p.target === 'final')
          this.assessmentErrors = { ...this.assessmentErrors, Final_Score__c: p.message };
        else if (p.target === 'override')
          this.assessmentErrors = { ...this.assessmentErrors, Override_Reason__c: p.message };
        else if (p.target === 'scope')
          this.assessmentErrors = { ...this.assessmentErrors, Scope_Rating__c: p.message };
        else if (p.target === 'impact')
          this.assessmentErrors = { ...this.assessmentErrors, Impact_Rating__c: p.message };
      }
      this.showMessage({
        kind: 'error',
        title: status === 'Submitted' ? 'Not submitted yet' : 'Not saved yet',
        text:
          problems.length === 1
            ? 'One thing needs your attention:'
            : `${problems.length} things need your attention:`,
        problems
      });
      return;
    }
    const write = this.buildWrite(status);
    this.saving = true;
    const outcome = await saveAssessment(write);
    this.saving = false;
    this.applyOutcome(outcome, write, status);
  }

  private applyOutcome(outcome: SaveOutcome, write: AssessmentWrite, status: 'Draft' | 'Submitted'): void {
    if (outcome.kind === 'saved') {
      this.commitLocally(outcome, write, status);
      this.showMessage({
        kind: 'success',
        title: status === 'Submitted' ? 'Assessment submitted' : 'Draft saved',
        text:
          status === 'Submitted'
            ? `${this.model?.rep.name ?? 'The rep'} can now read the assessment and acknowledge it.`
            : `Your ratings are saved as a draft. Submit them when they are ready for ${this.model?.rep.name ?? 'the rep'} to acknowledge.`,
        problems: []
      });
      this.reload();
      return;
    }
    if (outcome.kind === 'conflict') {
      this.conflict = true;
      this.pendingModel = null;
      this.showMessage(this.conflictMessage(null));
      this.reload();
      return;
    }
    if (outcome.kind === 'invalid') {
      this.ratingErrors = outcome.ratingErrors;
      this.assessmentErrors = outcome.assessmentErrors;
      const names = new Map(this.allBehaviors.map((b) => [b.id, b.name]));
      const problems: Problem[] = [];
      for (const [behaviorId, fields] of Object.entries(outcome.ratingErrors)) {
        for (const [field, message] of Object.entries(fields)) {
          const target = field === 'Evidence__c' ? `evidence-${behaviorId}` : `rating-${behaviorId}`;
          problems.push({ target, message: `${names.get(behaviorId) ?? 'A behaviour'}: ${message}` });
        }
      }
      const targets: Record<string, string> = {
        Scope_Rating__c: 'scope',
        Impact_Rating__c: 'impact',
        Final_Score__c: 'final',
        Override_Reason__c: 'override'
      };
      for (const [field, message] of Object.entries(outcome.assessmentErrors)) {
        problems.push({ target: targets[field] ?? 'message', message });
      }
      this.showMessage({
        kind: 'error',
        title: 'Salesforce refused the save',
        text: outcome.formErrors.length
          ? outcome.formErrors.join(' ')
          : 'Nothing was saved. Correct these and save again:',
        problems
      });
      return;
    }
    this.showMessage({
      kind: 'error',
      title: 'Not saved',
      text: `${outcome.message} Nothing was saved; your edits are still here.`,
      problems: []
    });
  }

  /** After a save, the screen shows what was saved without waiting for the re-read. */
  private commitLocally(
    saved: Extract<SaveOutcome, { kind: 'saved' }>,
    write: AssessmentWrite,
    status: 'Draft' | 'Submitted'
  ): void {
    const { assessmentId, version, ratingIds } = saved;
    const model = this.model as RatingModel;
    const before = model.assessment;
    const ratings = { ...(before?.ratings ?? {}) };
    for (const r of write.ratings) {
      ratings[r.behaviorId] = {
        id: r.ratingId ?? ratingIds[r.behaviorId] ?? '',
        rating: r.rating,
        evidence: r.evidence ?? '',
        opportunityId: r.evidenceOpportunityId,
        version: r.ratingId ? (r.versionRead ?? 0) + 1 : 1
      };
    }
    const assessment: SavedAssessment = {
      id: assessmentId,
      name: before?.name ?? '',
      status,
      assessorId: before?.assessorId ?? USER_ID,
      assessorName: before?.assessorName ?? '',
      scope: write.fields.Scope_Rating__c ?? null,
      impact: write.fields.Impact_Rating__c ?? null,
      inRamp: before?.inRamp ?? model.rep.inRamp,
      attainment: before?.attainment ?? null,
      eligible: before?.eligible ?? null,
      final: write.fields.Final_Score__c ?? null,
      overrideReason: write.fields.Override_Reason__c ?? before?.overrideReason ?? '',
      version,
      saveToken: saved.saveToken,
      metricsSyncedAt: before?.metricsSyncedAt ?? '',
      lastModifiedDate: before?.lastModifiedDate ?? null,
      lastModifiedText: '',
      lastModifiedBy: 'you',
      ratings
    };
    this.model = { ...model, assessment };
    this.setEdits(emptyEdits());
  }

  /** Re-reads through the wire; a failed re-read leaves the screen as it is. */
  private reload(): void {
    this.refreshData?.().catch(() => undefined);
  }

  private conflictMessage(newer: SavedAssessment | null): ScreenMessage {
    const who = newer?.lastModifiedBy || 'Someone else';
    const when = newer?.lastModifiedText ? ` on ${newer.lastModifiedText}` : '';
    return {
      kind: 'conflict',
      title: 'Not saved: someone else saved this assessment first',
      text: `${who} saved this assessment${when}, after you opened it. Nothing of yours was saved and nothing of theirs was overwritten; your edits are still on screen. Load their version, then re-apply your edits and review them before saving again.`,
      problems: []
    };
  }

  /** Loads the newer version and puts the user's edits back on top of it. */
  handleReapply(): void {
    this.resolveConflict(true);
  }

  /** Loads the newer version and drops the user's edits. */
  handleDiscard(): void {
    this.resolveConflict(false);
  }

  private resolveConflict(keepEdits: boolean): void {
    if (!this.pendingModel) return;
    this.model = this.pendingModel;
    this.pendingModel = null;
    this.conflict = false;
    if (!keepEdits) this.setEdits(emptyEdits());
    this.showMessage({
      kind: 'success',
      title: keepEdits ? 'Their version is loaded with your edits on top' : 'Their version is loaded',
      text: keepEdits
        ? 'Review the ratings, then save again.'
        : 'Your edits were dropped; the screen shows the assessment as saved.',
      problems: []
    });
  }
}
