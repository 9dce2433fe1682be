/**
 * Deal coaching on the Opportunity record page: the behaviours of the owner's sales role that
 * matter at the deal's stage, strongest measured link first, each with the owner's latest rating
 * and what their level expects; and "observed on this deal", a quick rating of one or more of
 * them with evidence, saved in one request as a Deal Observation assessment that names the
 * opportunity. The owner sees the card and the observations on their deal read-only.
 */
import { LightningElement, api, wire } from 'lwc';
import { graphql } from 'lightning/graphql';
import type { GraphQLResult } from 'lightning/graphql';
import USER_ID from '@salesforce/user/Id';
import { MIN_IMPACT_N, needsEvidence, periodOf, utcDate } from 'c/scoring';
import { saveAssessment } from 'c/assessmentSave';
import type { RatingWrite, SavedRating } from 'c/assessmentSave';
import { describeLoadErrors } from 'c/errors';
import { fieldAccess, nodesOf, sameId, textOf, valueOf } from 'c/uiApi';
import { DEAL_COACHING_QUERY } from './query';
import type { DealCoachingData } from './query';
import { impactText, ratingLabel, readCoaching } from './model';
import type { Coaching, CoachingBehavior } from './model';

/** Behaviours shown before "Show all": the ones with the strongest measured link come first. */
export const FIRST_SHOWN = 5;

const RATING_OPTIONS = (['1', '2', '3', '4', '5'] as const).map((value) => ({
  label: ratingLabel(value),
  value
}));

/** What the user has entered for one behaviour. */
interface Observation {
  rating: SavedRating | null;
  evidence: string;
}

/** A behaviour as the template shows it. */
interface BehaviorView {
  id: string;
  name: string;
  competencyName: string;
  statement: string;
  latestText: string;
  expectedText: string;
  impactText: string;
  rating: string | null;
  evidence: string;
  /** The rating controls are open (the user chose to record this behaviour). */
  open: boolean;
  /** aria-expanded wants the text "true" or "false"; a boolean attribute would render as "". */
  expanded: string;
  toggleLabel: string;
  controlsId: string;
  showEvidence: boolean;
  evidenceRequired: boolean;
  evidenceLabel: string;
  ratingLabel: string;
  error: string;
  groupName: string;
}

/** An observation already saved on this deal. */
interface HistoryView {
  id: string;
  text: string;
  evidence: string;
}

export default class DealCoaching extends LightningElement {
  /** The Opportunity's Id, set by the record page. */
  @api recordId: string | undefined;
  /** Organization.FiscalYearStartMonth (1-12): an observation belongs to the fiscal quarter it is made in. */
  @api fiscalYearStartMonth = 1;
  /** Organization.UsesStartDateAsFiscalYearName. */
  @api fiscalYearNamedByStart = false;

  data: DealCoachingData | null = null;
  coaching: Coaching | null = null;
  errorMessage: string | null = null;
  observations: Record<string, Observation> = {};
  opened: Record<string, boolean> = {};
  showAll = false;
  errors: Record<string, string> = {};
  saving = false;
  message: { kind: 'success' | 'error'; text: string } | null = null;
  ratingType: 'button' | 'radio' = 'button';
  private refreshData: (() => Promise<void>) | undefined;

  override connectedCallback(): void {
    if (typeof window.matchMedia === 'function' && window.matchMedia('(max-width: 30em)').matches) {
      // Five labelled buttons do not fit a phone's width; the same group as a vertical list does.
      this.ratingType = 'radio';
    }
  }

  get variables(): { opportunityId: string | undefined } {
    return { opportunityId: this.recordId };
  }

  @wire(graphql, { query: DEAL_COACHING_QUERY, variables: '$variables' })
  wiredCoaching(result: GraphQLResult<DealCoachingData> | undefined): void {
    if (!result) return;
    this.refreshData = result.refresh;
    const { data, errors } = result;
    if (errors && errors.length) {
      this.errorMessage = describeLoadErrors('Deal coaching', errors);
      return;
    }
    if (!data) return;
    this.errorMessage = null;
    this.data = data;
    this.coaching = readCoaching(data);
  }

  get loaded(): boolean {
    return this.coaching !== null || this.errorMessage !== null;
  }

  get ready(): Extract<Coaching, { kind: 'ready' }> | null {
    return this.coaching?.kind === 'ready' ? this.coaching : null;
  }

  get showPanel(): boolean {
    return !this.ready;
  }

  get panelState(): string {
    if (this.errorMessage) return 'error';
    return this.loaded ? 'empty' : 'loading';
  }

  get panelHeading(): string {
    if (this.errorMessage) return 'Deal coaching could not be loaded';
    if (this.coaching?.kind === 'empty') return this.coaching.heading;
    return 'Loading deal coaching';
  }

  get panelMessage(): string {
    if (this.errorMessage) return this.errorMessage;
    return this.coaching?.kind === 'empty' ? this.coaching.message : '';
  }

  get panelNextStep(): string {
    if (this.errorMessage) return 'Reload the page. If it keeps failing, send this message to your admin.';
    return this.coaching?.kind === 'empty' ? this.coaching.nextStep : '';
  }

  /** The owner only reads; so does anyone the org does not let create ratings. */
  get canObserve(): boolean {
    const ready = this.ready;
    if (!ready || sameId(ready.deal.ownerId, USER_ID)) return false;
    const infos = this.data?.uiapi.objectInfos;
    return (
      fieldAccess(infos, 'Assessment__c')?.createable === true &&
      fieldAccess(infos, 'Behavior_Rating__c')?.createable === true
    );
  }

  get isOwner(): boolean {
    const ready = this.ready;
    return !!ready && sameId(ready.deal.ownerId, USER_ID);
  }

  get subtitle(): string {
    const ready = this.ready;
    if (!ready) return '';
    const d = ready.deal;
    const who = this.isOwner ? 'your' : `${d.ownerName}’s`;
    const level = d.level === null ? '' : `, L${d.level}`;
    return `${d.stageLabel}: the ${d.roleLabel} behaviours that matter at this stage, with ${who} latest ratings (${d.roleLabel}${level}${d.inRamp ? ', in ramp' : ''}).`;
  }

  get readOnlyNote(): string {
    if (this.isOwner)
      return 'Your manager’s observations on this deal appear here. You can read them; only your manager records them.';
    return 'You can read this coaching; recording observations needs the Sales Competency Manager permission set.';
  }

  get behaviors(): BehaviorView[] {
    const ready = this.ready;
    if (!ready) return [];
    const shown = this.showAll ? ready.behaviors : ready.behaviors.slice(0, FIRST_SHOWN);
    return shown.map((b) => this.viewOf(b));
  }

  get hiddenCount(): number {
    const ready = this.ready;
    return ready && !this.showAll ? Math.max(0, ready.behaviors.length - FIRST_SHOWN) : 0;
  }

  get showAllLabel(): string {
    return `Show all ${this.ready?.behaviors.length ?? 0} behaviours for this stage`;
  }

  handleShowAll(): void {
    this.showAll = true;
  }

  private viewOf(b: CoachingBehavior): BehaviorView {
    const o = this.observations[b.id] ?? { rating: null, evidence: '' };
    const latest = b.latest
      ? `Latest rating: ${b.latest.label} (${b.latest.source}${b.latest.assessor ? `, ${b.latest.assessor}` : ''}${b.latest.date ? `, ${b.latest.date}` : ''}).`
      : 'Not rated yet.';
    return {
      id: b.id,
      name: b.name,
      competencyName: b.competencyName,
      statement: b.statement,
      latestText: latest,
      expectedText:
        b.expected === null
          ? ''
          : `Expected at this level: ${b.expected.toFixed(1)} on the 1-5 scale${b.latest && Number(b.latest.value) < b.expected ? ' (the latest rating is below it)' : ''}.`,
      impactText: b.impact
        ? impactText(b.impact)
        : `No measured link for this role yet: the metrics sync needs at least ${MIN_IMPACT_N} rated reps of the role.`,
      rating: o.rating,
      evidence: o.evidence,
      open: this.opened[b.id] === true || o.rating !== null,
      expanded: this.opened[b.id] === true || o.rating !== null ? 'true' : 'false',
      toggleLabel: this.opened[b.id] === true || o.rating !== null ? 'Close' : 'Rate what you saw',
      controlsId: `controls-${b.id}`,
      showEvidence: o.rating !== null,
      evidenceRequired: needsEvidence(o.rating),
      evidenceLabel: needsEvidence(o.rating)
        ? 'What you saw on this deal (needed for 1 or 2)'
        : 'What you saw on this deal',
      ratingLabel: `Observed on this deal: ${b.name}`,
      error: this.errors[b.id] ?? '',
      groupName: `observed-${b.id}`
    };
  }

  /** Observations already recorded on this deal, newest first. */
  get history(): HistoryView[] {
    const ready = this.ready;
    if (!ready || !this.data) return [];
    const names = new Map(ready.behaviors.map((b) => [b.id.slice(0, 15), b.name]));
    return nodesOf(this.data.uiapi.query.Behavior_Rating__c)
      .filter(
        (r) =>
          textOf(r.Assessment__r?.Type__c) === 'Deal Observation' &&
          sameId(valueOf(r.Assessment__r?.Opportunity__c), ready.deal.id)
      )
      .map((r) => {
        const rating = textOf(r.Rating__c);
        const label = ratingLabel(rating);
        const behavior =
          names.get((valueOf(r.Job_Behavior__c) ?? '').slice(0, 15)) ?? 'A behaviour of another stage';
        const who = textOf(r.Assessment__r?.Assessor__r?.Name);
        const date = (valueOf(r.LastModifiedDate) ?? '').slice(0, 10);
        return {
          id: r.Id,
          text: `${behavior}: ${label}${who ? `, by ${who}` : ''}${date ? ` on ${date}` : ''}`,
          evidence: textOf(r.Evidence__c)
        };
      });
  }

  get hasHistory(): boolean {
    return this.history.length > 0;
  }

  get ratingOptions(): { label: string; value: string }[] {
    return RATING_OPTIONS;
  }

  get chosenCount(): number {
    return Object.values(this.observations).filter((o) => o.rating !== null).length;
  }

  get saveLabel(): string {
    const n = this.chosenCount;
    return n === 0 ? 'Save observations' : `Save ${n} ${n === 1 ? 'observation' : 'observations'}`;
  }

  get saveDisabled(): boolean {
    return this.saving || this.chosenCount === 0;
  }

  /** A refusal interrupts (alert); a success is announced politely (status). */
  get messageRole(): string {
    return this.message?.kind === 'error' ? 'alert' : 'status';
  }

  get messageClass(): string {
    return `slds-box slds-box_x-small slds-var-m-vertical_small message message_${this.message?.kind ?? 'success'}`;
  }

  handleToggle(event: MouseEvent): void {
    const id = (event.currentTarget as HTMLElement).dataset.behavior as string;
    const open = this.opened[id] === true || (this.observations[id]?.rating ?? null) !== null;
    this.opened = { ...this.opened, [id]: !open };
    if (open) {
      // Closing drops what was entered for this behaviour: it will not be saved.
      const rest = { ...this.observations };
      delete rest[id];
      this.observations = rest;
    }
  }

  handleRating(event: CustomEvent<{ value: SavedRating }>): void {
    const id = (event.currentTarget as HTMLElement).dataset.behavior as string;
    const current = this.observations[id] ?? { rating: null, evidence: '' };
    this.observations = { ...this.observations, [id]: { ...current, rating: event.detail.value } };
    this.message = null;
  }

  handleEvidence(event: CustomEvent<{ value: string }>): void {
    const id = (event.currentTarget as HTMLElement).dataset.behavior as string;
    const current = this.observations[id] ?? { rating: null, evidence: '' };
    this.observations = { ...this.observations, [id]: { ...current, evidence: event.detail.value ?? '' } };
    if (this.errors[id]) this.errors = { ...this.errors, [id]: '' };
  }

  handleClear(): void {
    this.observations = {};
    this.opened = {};
    this.errors = {};
    this.message = null;
  }

  /** Saves every chosen observation in one request; on any refusal nothing is written and nothing typed is lost. */
  async handleSave(): Promise<void> {
    const ready = this.ready;
    if (!ready || !this.canObserve || this.saving) return;
    const chosen = Object.entries(this.observations).filter(
      (entry): entry is [string, Observation & { rating: SavedRating }] => entry[1].rating !== null
    );
    const missing: Record<string, string> = {};
    for (const [id, o] of chosen) {
      if (needsEvidence(o.rating) && !/[\p{L}\p{N}]/u.test(o.evidence))
        missing[id] = 'A rating of 1 or 2 needs evidence: say what you saw on this deal.';
    }
    if (Object.keys(missing).length) {
      this.errors = missing;
      this.message = { kind: 'error', text: 'Add evidence to the ratings of 1 or 2, then save again.' };
      return;
    }
    const d = ready.deal;
    const ratings: RatingWrite[] = chosen.map(([behaviorId, o]) => ({
      behaviorId,
      ratingId: null,
      rating: o.rating,
      evidence: o.evidence.trim() || null,
      evidenceOpportunityId: d.id
    }));
    this.saving = true;
    this.errors = {};
    this.message = null;
    const outcome = await saveAssessment({
      kind: 'create',
      header: {
        repId: d.ownerId,
        assessorId: USER_ID,
        period: periodOf(utcDate(new Date()), {
          startMonth: Number(this.fiscalYearStartMonth) || 1,
          usesStartDateAsFiscalYearName: this.fiscalYearNamedByStart === true
        }),
        salesRole: d.role,
        careerLevelId: d.levelId,
        inRamp: d.inRamp,
        type: 'Deal Observation',
        opportunityId: d.id
      },
      fields: { Status__c: 'Submitted' },
      ratings
    });
    this.saving = false;
    if (outcome.kind === 'saved') {
      this.observations = {};
      this.opened = {};
      this.message = {
        kind: 'success',
        text: `Saved ${ratings.length} ${ratings.length === 1 ? 'observation' : 'observations'} on ${d.name}. ${d.ownerName} sees them on this deal and in their rating history.`
      };
      await this.refreshData?.().catch(() => undefined);
      return;
    }
    if (outcome.kind === 'invalid') {
      const placed: Record<string, string> = {};
      for (const [behaviorId, fields] of Object.entries(outcome.ratingErrors)) {
        placed[behaviorId] = Object.values(fields).join(' ');
      }
      this.errors = placed;
      const general = [...outcome.formErrors, ...Object.values(outcome.assessmentErrors)];
      this.message = {
        kind: 'error',
        text: `Not saved: ${general.length ? general.join(' ') : outcome.message} Your ratings and evidence are still here.`
      };
      return;
    }
    this.message = {
      kind: 'error',
      text: `Not saved: ${outcome.message} Your ratings and evidence are still here; save again.`
    };
  }
}
