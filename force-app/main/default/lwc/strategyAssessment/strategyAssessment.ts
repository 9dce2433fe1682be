/**
 * The Sales Strategy page: the leader answers each area's thought starters Yes, No or Unsure and
 * rates its importance 1-5, area by area in the three groups, saves a draft and resumes it, and
 * completes; the page ranks the areas by priority = importance x (1 - readiness) with a chart and
 * lists the top areas' deliverables as next steps. One GraphQL request loads the page.
 */
import { LightningElement, wire } from 'lwc';
import { graphql } from 'lightning/graphql';
import type { GraphQLResult } from 'lightning/graphql';
import { describeLoadErrors } from 'c/errors';
import { fieldAccess } from 'c/uiApi';
import type { StrategyAnswer, StrategyResult } from 'c/scoring';
import { STRATEGY_QUERY, STRATEGY_VARIABLES } from './query';
import type { StrategyData } from './query';
import {
  choicesOf,
  groupProgress,
  missingForCompletion,
  percentText,
  resultOf,
  strategyModel
} from './model';
import type { SavedStrategy, StrategyChoices, StrategyModel } from './model';
import { saveStrategy } from './save';

type Mode = 'none' | 'edit' | 'view';

interface Message {
  kind: 'success' | 'error';
  text: string;
}

const ANSWER_OPTIONS = [
  { label: 'Yes', value: 'Yes' },
  { label: 'No', value: 'No' },
  { label: 'Unsure', value: 'Unsure' }
];
const IMPORTANCE_OPTIONS = ['1', '2', '3', '4', '5'].map((v) => ({ label: v, value: v }));
const CHART_WIDTH = 320;
const ROW_HEIGHT = 34;

/** Today's date as YYYY-MM-DD in the user's time zone. */
function today(): string {
  const now = new Date();
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export default class StrategyAssessment extends LightningElement {
  model: StrategyModel | null = null;
  errorMessage: string | null = null;
  mode: Mode = 'none';
  currentId: string | null = null;
  /** Version__c of the assessment being edited, as last read or saved. */
  private version = 0;
  choices: StrategyChoices = { answers: {}, importance: {} };
  notes = '';
  dirty = false;
  saving = false;
  message: Message | null = null;
  refusedReason = '';
  private refreshData: (() => Promise<void>) | undefined;
  private focusPending = false;

  readonly variables = STRATEGY_VARIABLES;

  @wire(graphql, { query: STRATEGY_QUERY, variables: '$variables' })
  wiredStrategy(result: GraphQLResult<StrategyData> | undefined): void {
    if (!result) return;
    this.refreshData = result.refresh;
    const { data, errors } = result;
    if (errors && errors.length) {
      this.errorMessage = describeLoadErrors('The strategy assessments', errors);
      return;
    }
    if (!data) return;
    this.errorMessage = null;
    this.model = strategyModel(data);
    const access = fieldAccess(data.uiapi.objectInfos, 'Strategy_Answer__c', 'Answer__c');
    if (access && !(access.createable && access.updateable)) {
      this.refusedReason = 'Your access lets you read strategy assessments but not change them.';
    }
    if (!this.dirty) this.showLatest();
  }

  private showLatest(): void {
    const model = this.model as StrategyModel;
    if (model.draft) this.open(model.draft, 'edit');
    else if (model.completed.length) this.open(model.completed[0], 'view');
    else this.mode = 'none';
  }

  private open(saved: SavedStrategy | null, mode: Mode): void {
    this.mode = mode;
    this.currentId = saved?.id ?? null;
    this.version = saved?.version ?? 0;
    this.choices = choicesOf(this.model as StrategyModel, saved);
    this.notes = saved?.notes ?? '';
    this.dirty = false;
  }

  // ----- states -----

  get showPanel(): boolean {
    return this.errorMessage !== null || this.model === null || this.model.areas.length === 0;
  }

  get panelState(): string {
    if (this.errorMessage) return 'error';
    return this.model ? 'empty' : 'loading';
  }

  get panelHeading(): string {
    if (this.errorMessage) return 'The Sales Strategy page could not be loaded';
    if (this.model) return 'The strategy framework is empty';
    return 'Loading the strategy framework';
  }

  get panelMessage(): string {
    if (this.errorMessage) return this.errorMessage;
    return 'No strategy areas are loaded in this org, so there is nothing to assess yet.';
  }

  get panelNextStep(): string {
    if (this.errorMessage) return 'Reload the page. If it keeps failing, send this message to your admin.';
    return 'Ask your admin to import the strategy areas (data/strategy-plan.json).';
  }

  get isNone(): boolean {
    return this.mode === 'none';
  }

  get showGroups(): boolean {
    return this.mode !== 'none';
  }

  get isEditing(): boolean {
    return this.mode === 'edit';
  }

  get readOnly(): boolean {
    return this.refusedReason !== '';
  }

  get formDisabled(): boolean {
    return this.readOnly || this.saving || this.mode !== 'edit';
  }

  get canStart(): boolean {
    return !this.readOnly && !this.model?.draft && this.mode !== 'edit';
  }

  get heading(): string {
    if (this.mode === 'edit') return this.currentId ? 'Draft strategy assessment' : 'New strategy assessment';
    const viewed = this.model?.completed.find((c) => c.id === this.currentId);
    return viewed ? `Strategy assessment completed on ${viewed.assessedOnText}` : 'Sales strategy';
  }

  // ----- the form -----

  get groups(): {
    key: string;
    name: string;
    progress: string;
    areas: {
      id: string;
      name: string;
      description: string;
      benefit: string;
      deliverables: string[];
      importance: string;
      importanceLabel: string;
      readiness: string;
      statements: { id: string; label: string; value: string }[];
    }[];
  }[] {
    const model = this.model;
    if (!model) return [];
    const scored = new Map(this.result.areas.map((a) => [a.key, a]));
    return model.groups.map((group) => {
      const areas = model.areas.filter((a) => a.group === group);
      return {
        key: group,
        name: group,
        progress: `${group}: ${groupProgress(areas, this.choices)}`,
        areas: areas.map((area) => {
          const score = scored.get(area.id);
          const importance = this.choices.importance[area.id] ?? null;
          return {
            id: area.id,
            name: area.name,
            description: area.description,
            benefit: area.benefit,
            deliverables: score?.deliverables ?? [],
            importance: importance === null ? '' : String(importance),
            importanceLabel: `Importance of ${area.name} (1 low, 5 high)`,
            readiness: `Readiness ${percentText(score?.readiness ?? null)}, priority ${
              score?.priority === null || score?.priority === undefined
                ? 'not scored'
                : score.priority.toFixed(2)
            }`,
            statements: area.statements.map((s) => ({
              id: s.id,
              label: s.polarity === 'Context' ? `${s.text} (for context, not scored)` : s.text,
              value: this.choices.answers[s.id] ?? ''
            }))
          };
        })
      };
    });
  }

  get answerOptions(): { label: string; value: string }[] {
    return ANSWER_OPTIONS;
  }

  get importanceOptions(): { label: string; value: string }[] {
    return IMPORTANCE_OPTIONS;
  }

  handleAnswer(event: CustomEvent<{ value: string }>): void {
    const id = (event.currentTarget as HTMLElement).dataset.statement as string;
    this.choices = {
      ...this.choices,
      answers: { ...this.choices.answers, [id]: (event.detail.value || null) as StrategyAnswer }
    };
    this.dirty = true;
    this.message = null;
  }

  handleImportance(event: CustomEvent<{ value: string }>): void {
    const id = (event.currentTarget as HTMLElement).dataset.area as string;
    this.choices = {
      ...this.choices,
      importance: { ...this.choices.importance, [id]: Number(event.detail.value) }
    };
    this.dirty = true;
    this.message = null;
  }

  handleNotes(event: CustomEvent<{ value: string }>): void {
    this.notes = event.detail.value ?? '';
    this.dirty = true;
  }

  handleStart(): void {
    this.open(null, 'edit');
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
    if (complete) {
      const missing = missingForCompletion(model.areas, this.choices);
      if (missing.length) {
        this.showMessage({
          kind: 'error',
          text: `Before completing, rate the importance of every area and answer at least one statement in each. Still open: ${missing.join(', ')}.`
        });
        return;
      }
    }
    const saved = model.draft && model.draft.id === this.currentId ? model.draft : null;
    this.saving = true;
    const versionRead = this.version;
    const outcome = await saveStrategy({
      assessmentId: this.currentId,
      versionRead,
      name: `Sales strategy ${today()}`,
      notes: this.notes,
      assessedOn: complete ? today() : null,
      answers: model.areas.flatMap((a) =>
        a.statements.map((s) => ({
          statementId: s.id,
          answerId: saved?.answers[s.id]?.id ?? null,
          answer: this.choices.answers[s.id] ?? null
        }))
      ),
      importance: model.areas.map((a) => ({
        areaId: a.id,
        ratingId: saved?.importance[a.id]?.id ?? null,
        importance: this.choices.importance[a.id] ?? null
      }))
    });
    this.saving = false;
    if (outcome.kind === 'saved') {
      this.dirty = false;
      this.version = this.currentId ? versionRead + 1 : 1;
      this.currentId = outcome.assessmentId;
      this.showMessage({
        kind: 'success',
        text: complete
          ? 'Assessment completed: the areas are ranked by priority below.'
          : 'Draft saved. You can come back and finish it later.'
      });
      await this.refreshData?.().catch(() => undefined);
      return;
    }
    if (outcome.kind === 'access') this.refusedReason = outcome.message;
    this.showMessage({
      kind: 'error',
      text: outcome.kind === 'access' ? outcome.message : `Nothing was saved: ${outcome.message}`
    });
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

  // ----- results -----

  get result(): StrategyResult {
    return resultOf(this.model?.areas ?? [], this.choices);
  }

  get hasRanking(): boolean {
    return this.mode !== 'none' && this.result.areas.some((a) => a.rank !== null);
  }

  get rankingSummary(): string {
    const ranked = this.result.areas.filter((a) => a.rank !== null);
    const total = this.model?.areas.length ?? 0;
    const top = ranked[0];
    return top
      ? `${ranked.length} of ${total} areas ranked; the most urgent is ${top.name} (priority ${(top.priority as number).toFixed(2)}).`
      : '';
  }

  get ranking(): {
    key: string;
    rank: string;
    name: string;
    importance: string;
    readiness: string;
    priority: string;
    textY: number;
    barY: number;
    barWidth: number;
    valueText: string;
  }[] {
    return this.result.areas
      .filter((a) => a.rank !== null)
      .map((a, i) => ({
        key: a.key,
        rank: String(a.rank),
        name: a.name,
        importance: String(a.importance),
        readiness: `${percentText(a.readiness)} (${a.favourable} of ${a.answered})`,
        priority: (a.priority as number).toFixed(2),
        textY: i * ROW_HEIGHT + 14,
        barY: i * ROW_HEIGHT + 19,
        barWidth: Math.round(((a.priority as number) / 5) * CHART_WIDTH),
        valueText: (a.priority as number).toFixed(2)
      }));
  }

  get chartViewBox(): string {
    return `0 0 ${CHART_WIDTH} ${Math.max(1, this.ranking.length) * ROW_HEIGHT}`;
  }

  get chartWidth(): number {
    return CHART_WIDTH;
  }

  get nextSteps(): { key: string; heading: string; deliverables: { key: string; text: string }[] }[] {
    return this.result.nextSteps.map((step, i) => ({
      key: step.areaKey,
      heading: `${i + 1}. ${step.name} (priority ${step.priority.toFixed(2)})`,
      deliverables: step.deliverables.map((text, j) => ({ key: `${step.areaKey}-${j}`, text }))
    }));
  }

  get hasNextSteps(): boolean {
    return this.result.nextSteps.length > 0;
  }

  // ----- history -----

  get hasHistory(): boolean {
    return (this.model?.completed.length ?? 0) > 0;
  }

  get historyRows(): { key: string; date: string; top: string }[] {
    const model = this.model as StrategyModel;
    return model.completed.map((c) => {
      const result = resultOf(model.areas, choicesOf(model, c), 3);
      return {
        key: c.id,
        date: c.assessedOnText,
        top: result.nextSteps.map((s) => s.name).join(', ') || 'no area needs work'
      };
    });
  }

  handleOpenHistory(event: Event): void {
    const id = (event.currentTarget as HTMLElement).dataset.id as string;
    const saved = this.model?.completed.find((c) => c.id === id);
    if (!saved || this.dirty) return;
    this.open(saved, 'view');
    this.message = null;
  }
}
