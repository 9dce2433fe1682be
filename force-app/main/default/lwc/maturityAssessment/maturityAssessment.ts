/**
 * The Sales Maturity page: the leader assesses each rubric dimension at one of five levels with
 * notes, saves a draft or completes it, and sees the staged organisation level, the profile, the
 * dimensions holding the level down and the roadmap; completed assessments form a history of the
 * level over time, and any two can be compared side by side. One GraphQL request loads the page.
 */
import { LightningElement, wire } from 'lwc';
import { graphql } from 'lightning/graphql';
import type { GraphQLResult } from 'lightning/graphql';
import { describeLoadErrors } from 'c/errors';
import { fieldAccess } from 'c/uiApi';
import type { MaturityResult } from 'c/scoring';
import { MATURITY_QUERY, MATURITY_VARIABLES } from './query';
import type { MaturityData } from './query';
import {
  CHART_WIDTH,
  HISTORY_HEIGHT,
  choicesOf,
  compareAssessments,
  historyPoints,
  levelText,
  levelY,
  maturityModel,
  profileBars,
  profileHeight,
  resultOf,
  resultSentence
} from './model';
import type {
  ComparisonRow,
  HistoryPoint,
  LevelChoices,
  MaturityModel,
  ProfileBar,
  SavedAssessment
} from './model';
import { saveMaturity } from './save';
import type { MaturityWrite } from './save';

type Mode = 'none' | 'edit' | 'view';

interface Message {
  kind: 'success' | 'error';
  text: string;
}

/** Today's date as YYYY-MM-DD in the user's time zone. */
function today(): string {
  const now = new Date();
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export default class MaturityAssessment extends LightningElement {
  model: MaturityModel | null = null;
  errorMessage: string | null = null;
  mode: Mode = 'none';
  /** The assessment being edited (null = new) or viewed. */
  currentId: string | null = null;
  /** Version__c of the assessment being edited, as last read or saved. */
  private version = 0;
  choices: LevelChoices = {};
  comments: Record<string, string> = {};
  notes = '';
  dirty = false;
  saving = false;
  message: Message | null = null;
  dimensionErrors: Record<string, string> = {};
  /** Set when the org refused a save for lack of access: the form turns read-only. */
  refusedReason = '';
  compareFirst: string | null = null;
  compareSecond: string | null = null;
  private refreshData: (() => Promise<void>) | undefined;
  private focusPending = false;

  readonly variables = MATURITY_VARIABLES;

  @wire(graphql, { query: MATURITY_QUERY, variables: '$variables' })
  wiredMaturity(result: GraphQLResult<MaturityData> | undefined): void {
    if (!result) return;
    this.refreshData = result.refresh;
    const { data, errors } = result;
    if (errors && errors.length) {
      this.errorMessage = describeLoadErrors('The maturity assessments', errors);
      return;
    }
    if (!data) return;
    this.errorMessage = null;
    this.model = maturityModel(data);
    const access = fieldAccess(data.uiapi.objectInfos, 'Maturity_Response__c', 'Level__c');
    if (access && !(access.createable && access.updateable)) {
      this.refusedReason = 'Your access lets you read maturity assessments but not change them.';
    }
    if (!this.dirty) this.showLatest();
    this.pickComparison();
  }

  /** Opens the draft for editing, else shows the latest completed assessment. */
  private showLatest(): void {
    const model = this.model as MaturityModel;
    if (model.draft) this.edit(model.draft);
    else if (model.completed.length) this.view(model.completed[model.completed.length - 1]);
    else this.mode = 'none';
  }

  private edit(assessment: SavedAssessment | null): void {
    const model = this.model as MaturityModel;
    this.mode = 'edit';
    this.currentId = assessment?.id ?? null;
    this.version = assessment?.version ?? 0;
    this.choices = choicesOf(model.dimensions, assessment);
    this.comments = Object.fromEntries(
      model.dimensions.map((d) => [d.id, assessment?.responses[d.id]?.comment ?? ''])
    );
    this.notes = assessment?.notes ?? '';
    this.dimensionErrors = {};
    this.dirty = false;
  }

  private view(assessment: SavedAssessment): void {
    const model = this.model as MaturityModel;
    this.mode = 'view';
    this.currentId = assessment.id;
    this.choices = choicesOf(model.dimensions, assessment);
    this.comments = Object.fromEntries(
      model.dimensions.map((d) => [d.id, assessment.responses[d.id]?.comment ?? ''])
    );
    this.notes = assessment.notes;
    this.dirty = false;
  }

  private pickComparison(): void {
    const completed = this.model?.completed ?? [];
    const ids = completed.map((a) => a.id);
    if (!this.compareFirst || !ids.includes(this.compareFirst)) {
      this.compareFirst = completed.length > 1 ? completed[completed.length - 2].id : null;
    }
    if (!this.compareSecond || !ids.includes(this.compareSecond)) {
      this.compareSecond = completed.length > 1 ? completed[completed.length - 1].id : null;
    }
  }

  // ----- states -----

  get showPanel(): boolean {
    return this.errorMessage !== null || this.model === null || this.model.dimensions.length === 0;
  }

  get panelState(): string {
    if (this.errorMessage) return 'error';
    return this.model ? 'empty' : 'loading';
  }

  get panelHeading(): string {
    if (this.errorMessage) return 'The Sales Maturity page could not be loaded';
    if (this.model) return 'The maturity rubric is empty';
    return 'Loading the maturity rubric';
  }

  get panelMessage(): string {
    if (this.errorMessage) return this.errorMessage;
    return 'No maturity dimensions are loaded in this org, so there is nothing to assess yet.';
  }

  get panelNextStep(): string {
    if (this.errorMessage) return 'Reload the page. If it keeps failing, send this message to your admin.';
    return 'Ask your admin to import the maturity rubric (data/maturity-plan.json).';
  }

  get isNone(): boolean {
    return this.mode === 'none';
  }

  get isEditing(): boolean {
    return this.mode === 'edit';
  }

  get isViewing(): boolean {
    return this.mode === 'view';
  }

  get readOnly(): boolean {
    return this.refusedReason !== '';
  }

  get canStart(): boolean {
    return !this.readOnly && !this.model?.draft && this.mode !== 'edit';
  }

  get formDisabled(): boolean {
    return this.readOnly || this.saving;
  }

  get viewedAssessment(): SavedAssessment | null {
    return this.model?.completed.find((a) => a.id === this.currentId) ?? null;
  }

  get heading(): string {
    if (this.mode === 'edit') return this.currentId ? 'Draft maturity assessment' : 'New maturity assessment';
    const viewed = this.viewedAssessment;
    return viewed ? `Maturity assessment completed on ${viewed.assessedOnText}` : 'Sales maturity';
  }

  // ----- the form -----

  get dimensionRows(): {
    id: string;
    name: string;
    description: string;
    value: string;
    options: { label: string; value: string }[];
    comment: string;
    commentLabel: string;
    chosen: string;
    error: string;
  }[] {
    const model = this.model;
    if (!model) return [];
    return model.dimensions.map((d) => {
      const level = this.choices[d.id] ?? null;
      const chosen = d.levels.find((l) => l.level === level);
      return {
        id: d.id,
        name: d.name,
        description: d.description,
        value: level === null ? '' : String(level),
        options: d.levels.map((l) => ({
          label: `${l.level} ${l.levelName}: ${l.descriptor}`,
          value: String(l.level)
        })),
        comment: this.comments[d.id] ?? '',
        commentLabel: `Notes or evidence for ${d.name}`,
        chosen: chosen ? `${levelText(chosen.level)}: ${chosen.descriptor}` : 'Not assessed',
        error: this.dimensionErrors[d.id] ?? ''
      };
    });
  }

  handleLevel(event: CustomEvent<{ value: string }>): void {
    const id = (event.currentTarget as HTMLElement).dataset.dimension as string;
    this.choices = { ...this.choices, [id]: Number(event.detail.value) };
    this.dirty = true;
    this.message = null;
  }

  handleComment(event: CustomEvent<{ value: string }>): void {
    const id = (event.currentTarget as HTMLElement).dataset.dimension as string;
    this.comments = { ...this.comments, [id]: event.detail.value ?? '' };
    this.dirty = true;
  }

  handleNotes(event: CustomEvent<{ value: string }>): void {
    this.notes = event.detail.value ?? '';
    this.dirty = true;
  }

  handleStart(): void {
    this.edit(null);
    this.message = null;
  }

  handleSaveDraft(): Promise<void> {
    return this.save(false);
  }

  handleComplete(): Promise<void> {
    return this.save(true);
  }

  private async save(complete: boolean): Promise<void> {
    const model = this.model;
    if (!model || this.saving || this.readOnly) return;
    const result = this.result;
    if (complete && !result.complete) {
      const missing = model.dimensions.filter((d) => result.unassessed.includes(d.id)).map((d) => d.name);
      this.showMessage({
        kind: 'error',
        text: `Choose a level for every dimension before completing: ${missing.join(', ')}.`
      });
      return;
    }
    const existing = this.currentId ? (model.draft?.id === this.currentId ? model.draft : null) : null;
    const write: MaturityWrite = {
      assessmentId: this.currentId,
      versionRead: this.version,
      name: `Sales maturity ${today()}`,
      notes: this.notes,
      assessedOn: complete ? today() : null,
      level: complete ? result.level : null,
      responses: model.dimensions.map((d) => ({
        dimensionId: d.id,
        responseId: existing?.responses[d.id]?.id ?? null,
        level: this.choices[d.id] ?? null,
        comment: this.comments[d.id] ?? ''
      }))
    };
    this.saving = true;
    const outcome = await saveMaturity(write);
    this.saving = false;
    if (outcome.kind === 'saved') {
      this.dirty = false;
      this.dimensionErrors = {};
      this.currentId = outcome.assessmentId;
      this.version = write.assessmentId ? write.versionRead + 1 : 1;
      this.showMessage({
        kind: 'success',
        text: complete
          ? `Assessment completed: the organisation is at level ${levelText(result.level)}.`
          : 'Draft saved. You can come back and finish it later.'
      });
      await this.refreshData?.().catch(() => undefined);
      return;
    }
    if (outcome.kind === 'access') {
      this.refusedReason = outcome.message;
      this.showMessage({ kind: 'error', text: outcome.message });
      return;
    }
    if (outcome.kind === 'invalid') this.dimensionErrors = outcome.dimensionErrors;
    this.showMessage({ kind: 'error', text: `Nothing was saved: ${outcome.message}` });
  }

  private showMessage(message: Message): void {
    this.message = message;
    this.focusPending = true;
  }

  /** Focus moves to the message after a save so keyboard and screen-reader users hear the outcome. */
  override renderedCallback(): void {
    if (!this.focusPending) return;
    this.focusPending = false;
    (this.template?.querySelector('[data-id="message"]') as HTMLElement | null)?.focus();
  }

  get messageClass(): string {
    return this.message?.kind === 'success'
      ? 'slds-box slds-var-m-bottom_small message message_success'
      : 'slds-box slds-var-m-bottom_small message message_error';
  }

  get messageRole(): string {
    return this.message?.kind === 'error' ? 'alert' : 'status';
  }

  get saveDisabled(): boolean {
    return this.formDisabled;
  }

  // ----- results -----

  get result(): MaturityResult {
    return resultOf(this.model?.dimensions ?? [], this.choices);
  }

  get resultText(): string {
    return resultSentence(this.result, this.model?.dimensions.length ?? 0);
  }

  get hasResult(): boolean {
    return this.mode !== 'none' && this.result.provisionalLevel !== null;
  }

  get bars(): ProfileBar[] {
    return profileBars(this.result);
  }

  get profileViewBox(): string {
    return `0 0 ${CHART_WIDTH} ${profileHeight(this.result.profile.length)}`;
  }

  get chartWidth(): number {
    return CHART_WIDTH;
  }

  get holdingDown(): { key: string; name: string; level: string }[] {
    const result = this.result;
    return result.profile
      .filter((p) => result.holdingDown.includes(p.key))
      .map((p) => ({ key: p.key, name: p.name, level: levelText(p.level) }));
  }

  get roadmap(): { key: string; heading: string; descriptor: string }[] {
    return this.result.roadmap.map((step) => ({
      key: step.dimensionKey,
      heading: `${step.name}: from ${levelText(step.fromLevel)} to ${levelText(step.toLevel)}`,
      descriptor: step.descriptor ?? 'The rubric has no descriptor for this level yet.'
    }));
  }

  get hasRoadmap(): boolean {
    return this.roadmap.length > 0;
  }

  get roadmapNote(): string {
    const result = this.result;
    if (result.provisionalLevel === 5) return 'Every assessed dimension is at the top level: keep it there.';
    return result.complete ? '' : 'The roadmap is provisional until every dimension is assessed.';
  }

  // ----- history and comparison -----

  get completed(): SavedAssessment[] {
    return this.model?.completed ?? [];
  }

  get hasHistory(): boolean {
    return this.completed.length > 0;
  }

  get historyRows(): { key: string; date: string; level: string; open: string }[] {
    return [...this.completed].reverse().map((a) => ({
      key: a.id,
      date: a.assessedOnText,
      level: levelText(a.level),
      open: `Show the assessment of ${a.assessedOnText}`
    }));
  }

  get points(): HistoryPoint[] {
    return historyPoints(this.completed);
  }

  get linePoints(): string {
    return this.points.map((p) => `${p.x},${p.y}`).join(' ');
  }

  get gridLines(): { key: string; y: number; label: string; labelY: number }[] {
    return [1, 2, 3, 4, 5].map((level) => ({
      key: `g${level}`,
      y: levelY(level),
      label: String(level),
      labelY: levelY(level) + 4
    }));
  }

  get historyViewBox(): string {
    return `0 0 ${CHART_WIDTH} ${HISTORY_HEIGHT}`;
  }

  handleOpenHistory(event: Event): void {
    const id = (event.currentTarget as HTMLElement).dataset.id as string;
    const assessment = this.completed.find((a) => a.id === id);
    if (!assessment || this.dirty) return;
    this.view(assessment);
    this.message = null;
  }

  get canCompare(): boolean {
    return this.completed.length > 1;
  }

  get compareOptions(): { label: string; value: string }[] {
    return [...this.completed].reverse().map((a) => ({
      label: `${a.assessedOnText}, level ${levelText(a.level)}`,
      value: a.id
    }));
  }

  handleCompareFirst(event: CustomEvent<{ value: string }>): void {
    this.compareFirst = event.detail.value;
  }

  handleCompareSecond(event: CustomEvent<{ value: string }>): void {
    this.compareSecond = event.detail.value;
  }

  get comparison(): ComparisonRow[] {
    const first = this.completed.find((a) => a.id === this.compareFirst);
    const second = this.completed.find((a) => a.id === this.compareSecond);
    if (!first || !second || !this.model) return [];
    return compareAssessments(this.model.dimensions, first, second);
  }

  get compareFirstLabel(): string {
    return this.completed.find((a) => a.id === this.compareFirst)?.assessedOnText ?? '';
  }

  get compareSecondLabel(): string {
    return this.completed.find((a) => a.id === this.compareSecond)?.assessedOnText ?? '';
  }
}
