/**
 * The rep's career page: the ladder of their track with the current level, this level and the
 * next side by side with what the latest assessment said, the promotion checklist, strengths and
 * gaps, the latest submitted manager assessment read-only with the rep's acknowledgement, and the
 * history per period. One GraphQL request loads it; the acknowledgement is one mutation. On a
 * User record page it shows that user; on the "My Career" app page, the signed-in user.
 */
import { LightningElement, api, wire } from 'lwc';
import { graphql } from 'lightning/graphql';
import type { GraphQLResult } from 'lightning/graphql';
import USER_ID from '@salesforce/user/Id';
import { describeLoadErrors, reduceThrown } from 'c/errors';
import { CAREER_PATH_QUERY } from './query';
import type { CareerPathData } from './query';
import { isCareerEmpty, readCareer } from './model';
import type { CareerEmpty, CareerView } from './model';
import { COMMENT_MAX_LENGTH, acknowledgeAssessment } from './acknowledge';

export default class CareerPath extends LightningElement {
  /** The User record of the page; blank on an app page, where the signed-in user is shown. */
  @api recordId: string | undefined;

  view: CareerView | null = null;
  empty: CareerEmpty | null = null;
  loadError: string | null = null;
  comment = '';
  saving = false;
  /** The acknowledgement's result: a confirmation or what went wrong. */
  ackMessage = '';
  ackFailed = false;
  commentError = '';
  commentMaxLength = COMMENT_MAX_LENGTH;

  private refreshData: (() => Promise<void>) | undefined;
  private focusPending: string | null = null;

  get variables(): { repId: string } {
    return { repId: this.recordId || USER_ID };
  }

  @wire(graphql, { query: CAREER_PATH_QUERY, variables: '$variables' })
  wiredCareer(result: GraphQLResult<CareerPathData> | undefined): void {
    if (!result) return;
    this.refreshData = result.refresh;
    const { data, errors } = result;
    if (errors && errors.length) {
      this.loadError = describeLoadErrors('The career page', errors);
      return;
    }
    if (!data) return;
    this.loadError = null;
    try {
      const read = readCareer(data, USER_ID);
      if (isCareerEmpty(read)) {
        this.empty = read;
        this.view = null;
      } else {
        this.empty = null;
        this.view = read;
      }
    } catch (error) {
      this.loadError = `The career page could not be shown: ${reduceThrown(error).message}`;
    }
  }

  override renderedCallback(): void {
    if (!this.focusPending) return;
    const target = this.template?.querySelector(`[data-id="${this.focusPending}"]`) as HTMLElement | null;
    this.focusPending = null;
    target?.focus();
  }

  // ----- state panel -----

  get showPanel(): boolean {
    return !this.view;
  }

  get panelState(): string {
    if (this.loadError) return 'error';
    return this.empty ? 'empty' : 'loading';
  }

  get panelHeading(): string {
    if (this.loadError) return 'The career page could not be loaded';
    return this.empty ? this.empty.heading : 'Loading the career page';
  }

  get panelMessage(): string {
    if (this.loadError) return this.loadError;
    return this.empty ? this.empty.message : '';
  }

  get panelNextStep(): string {
    if (this.loadError) return 'Reload the page. If it keeps failing, send this message to your admin.';
    return this.empty ? this.empty.nextStep : '';
  }

  // ----- header -----

  get cardTitle(): string {
    return this.view?.self ? 'My career' : `Career of ${this.view?.rep.name ?? ''}`;
  }

  get levelHeading(): string {
    const v = this.view;
    if (!v) return '';
    const title = v.current.title ? ` ${v.current.title}` : '';
    return `${v.rep.roleLabel}, ${v.current.code}${title}`;
  }

  get levelSummary(): string {
    const v = this.view;
    if (!v) return '';
    const who = v.self ? 'You are' : `${v.rep.name} is`;
    const next = v.next
      ? ` The next step is ${v.next.code}${v.next.title ? ` ${v.next.title}` : ''}.`
      : ' This is the top level of the track.';
    return `${who} at ${v.current.code} of ${v.ladder.length} on the ${v.rep.roleLabel} ladder.${next}`;
  }

  get inRamp(): boolean {
    return this.view?.rep.inRamp === true;
  }

  /** Checklist, strengths, assessment and history: hidden when the org shows the viewer none of them. */
  get showDetails(): boolean {
    return !!this.view && !this.view.nothingVisible;
  }

  get hiddenHeading(): string {
    return `No assessments or metrics of ${this.view?.rep.name ?? 'this rep'} that you can see`;
  }

  get hiddenMessage(): string {
    return 'A rep’s assessments, scores and synced metrics are visible only to the rep and to the managers above them.';
  }

  get hiddenNextStep(): string {
    return 'To see your own, open My Career. If you manage this rep, ask your admin to check the role hierarchy.';
  }

  // ----- this level and the next -----

  get hasNext(): boolean {
    return !!this.view?.next;
  }

  get thisLevelLabel(): string {
    return this.view ? `At ${this.view.current.code} (now)` : '';
  }

  get nextLevelLabel(): string {
    return this.view?.next ? `At ${this.view.next.code} (next)` : '';
  }

  // ----- readiness -----

  get readinessHeading(): string {
    const next = this.view?.next;
    return next ? `Ready for ${next.code}?` : 'Promotion readiness';
  }

  get readinessBadge(): string {
    return this.view?.readiness.ready ? 'Ready' : 'Not yet';
  }

  get readinessBadgeClass(): string {
    return this.view?.readiness.ready ? 'slds-badge slds-theme_success' : 'slds-badge';
  }

  // ----- strengths and gaps -----

  get hasStandings(): boolean {
    return (this.view?.strengths.length ?? 0) > 0;
  }

  get noGaps(): boolean {
    return (this.view?.gaps.length ?? 0) === 0;
  }

  get standingsIntro(): string {
    const v = this.view;
    if (!v) return '';
    return `Competency scores from the latest assessment, against ${v.benchmarkText}.`;
  }

  // ----- latest assessment -----

  get latest(): CareerView['latest'] {
    return this.view?.latest ?? null;
  }

  get noAssessmentHeading(): string {
    return this.view?.self ? 'No assessment from your manager yet' : 'No submitted assessment to show';
  }

  get noAssessmentMessage(): string {
    return this.view?.self
      ? 'Your manager’s assessment appears here as soon as they submit it. Until then, the expectations above show what each level asks for.'
      : 'Submitted manager assessments of this rep appear here. Assessments are visible to the rep and to the managers above them.';
  }

  get noAssessmentNextStep(): string {
    return this.view?.self
      ? 'Ask your manager when your next assessment is planned.'
      : 'Start an assessment from the rating screen on this page.';
  }

  get latestSummary(): string {
    const l = this.latest;
    if (!l) return '';
    const by = l.assessorName ? ` by ${l.assessorName}` : '';
    return `${l.period}${by}: overall ${l.overallText}, eligible score ${l.eligibleText}, final score ${l.finalText}.`;
  }

  get latestAreas(): string {
    const l = this.latest;
    if (!l) return '';
    return `Role Scope/Execution: ${l.scope ?? 'not rated'}. Team/Cross-Functional Impact: ${l.impact ?? 'not rated'}.`;
  }

  get canAcknowledge(): boolean {
    const l = this.latest;
    return !!this.view?.self && this.view.mayAcknowledge && !!l && l.status === 'Submitted';
  }

  /** The rep's own submitted assessment, but the org does not let them change its status. */
  get acknowledgeBlocked(): boolean {
    const l = this.latest;
    return !!this.view?.self && !this.view.mayAcknowledge && !!l && l.status === 'Submitted';
  }

  get waitingForAcknowledgement(): boolean {
    const l = this.latest;
    return !this.view?.self && !!l && l.status === 'Submitted';
  }

  get waitingText(): string {
    return `Waiting for ${this.view?.rep.name ?? 'the rep'} to acknowledge this assessment.`;
  }

  get acknowledgedText(): string {
    return this.view?.self
      ? 'You acknowledged this assessment.'
      : `${this.view?.rep.name ?? 'The rep'} acknowledged this assessment.`;
  }

  get ackMessageClass(): string {
    return this.ackFailed
      ? 'slds-box slds-box_x-small slds-theme_shade slds-text-color_error slds-var-m-top_small'
      : 'slds-box slds-box_x-small slds-theme_shade slds-var-m-top_small';
  }

  get ackMessageRole(): string {
    return this.ackFailed ? 'alert' : 'status';
  }

  get acknowledgeLabel(): string {
    return this.saving ? 'Acknowledging…' : 'Acknowledge';
  }

  // ----- history -----

  get history(): CareerView['history'] {
    return this.view?.history ?? [];
  }

  get hasHistory(): boolean {
    return this.history.length > 0;
  }

  get neverSynced(): boolean {
    return !!this.view && !this.view.syncedText;
  }

  get syncedLine(): string {
    return this.view?.syncedText
      ? `Attainment and win rate from the metrics sync, last run ${this.view.syncedText}.`
      : '';
  }

  get notSyncedHeading(): string {
    return 'Attainment and win rate are not synced yet';
  }

  get notSyncedMessage(): string {
    return 'They come from Salesforce opportunities once the metrics sync has run for this rep.';
  }

  get notSyncedNextStep(): string {
    return 'Ask your RevOps team or admin to run the metrics sync (npm run sync).';
  }

  // ----- acknowledgement -----

  handleComment(event: CustomEvent<{ value: string }>): void {
    this.comment = event.detail.value ?? '';
    this.commentError = '';
  }

  async handleAcknowledge(): Promise<void> {
    const l = this.latest;
    if (!l || this.saving) return;
    this.saving = true;
    this.ackMessage = '';
    this.commentError = '';
    const outcome = await acknowledgeAssessment({
      assessmentId: l.id,
      versionRead: l.version,
      saveTokenRead: l.saveToken,
      comment: this.comment
    });
    this.saving = false;
    if (outcome.kind === 'acknowledged') {
      this.ackFailed = false;
      this.ackMessage = `Thank you. You acknowledged your ${l.period} assessment${l.assessorName ? `, and ${l.assessorName} can see it` : ''}.`;
      this.comment = '';
      this.focusPending = 'ack-message';
      this.refreshData?.().catch(() => undefined);
      return;
    }
    this.ackFailed = true;
    if (outcome.kind === 'invalid') {
      this.commentError = outcome.fieldErrors.Acknowledgement_Comment__c ?? '';
    }
    this.ackMessage = `Not acknowledged: ${outcome.message}`;
    this.focusPending = 'ack-message';
  }
}
