/**
 * The calibration view for calibrators and sales leaders: for a period, each manager's
 * distribution of behaviour ratings against the organisation's (an SVG chart with a table
 * equivalent), and per rep the final score against the eligible score, the override reason and
 * who changed them when (field history). A calibrator records an override (final score and
 * reason) in one request, refused as stale if the assessment changed since it was read.
 */
import { LightningElement, api, wire } from 'lwc';
import { graphql } from 'lightning/graphql';
import type { GraphQLResult } from 'lightning/graphql';
import { checkFinalScore, isPeriodKey, lastClosedQuarter, recentQuarters, utcDate } from 'c/scoring';
import { saveAssessment } from 'c/assessmentSave';
import { describeLoadErrors } from 'c/errors';
import { fieldAccess } from 'c/uiApi';
import { CALIBRATION_QUERY } from './query';
import type { CalibrationData } from './query';
import { IN_LINE_WITHIN, POINT_LABELS, calibrationRows, differenceWords, distributions } from './model';
import type { CalibrationRow, Distribution } from './model';

/** Earlier quarters offered besides the current one. */
const EARLIER_PERIODS = 4;
/** Chart geometry (SVG user units): the label column, the bar's start and width, one row's height. */
const LABEL_WIDTH = 170;
const BAR_X = 180;
const BAR_WIDTH = 400;
const ROW_HEIGHT = 30;

/** A segment of one distribution bar. */
interface SegmentView {
  key: string;
  x: number;
  width: number;
  className: string;
  label: string;
  labelKey: string;
  labelX: number;
  showLabel: boolean;
}

/** One bar of the chart and one row of its table. */
interface BarView {
  key: string;
  name: string;
  y: number;
  textY: number;
  segments: SegmentView[];
  assessments: number;
  n: number;
  counts: { key: string; text: string }[];
  mean: string;
  meanOverall: string;
  meanFinal: string;
  words: string;
  className: string;
}

/** One rep row of the reps table. */
interface RowView {
  id: string;
  repName: string;
  assessorName: string;
  status: string;
  overall: string;
  eligible: string;
  final: string;
  difference: string;
  overrideReason: string;
  changes: { id: string; text: string }[];
  flagged: boolean;
  calibrateLabel: string;
}

const dash = '\u2013';
const num = (v: number | null, digits = 0): string => (v === null ? dash : v.toFixed(digits));

export default class CalibrationView extends LightningElement {
  /** The period shown first (e.g. 2026-Q3); blank = the last closed fiscal quarter. */
  @api period: string | undefined;
  /** Organization.FiscalYearStartMonth (1-12). */
  @api fiscalYearStartMonth = 1;
  /** Organization.UsesStartDateAsFiscalYearName. */
  @api fiscalYearNamedByStart = false;

  data: CalibrationData | null = null;
  rows: CalibrationRow[] = [];
  chosenPeriod: string | null = null;
  onlyAttention = false;
  errorMessage: string | null = null;
  loaded = false;
  editingId: string | null = null;
  draftFinal = '';
  draftReason = '';
  editError = '';
  saving = false;
  message: { kind: 'success' | 'error'; text: string } | null = null;
  private refreshData: (() => Promise<void>) | undefined;

  private get fiscal(): { startMonth: number; usesStartDateAsFiscalYearName: boolean } {
    return {
      startMonth: Number(this.fiscalYearStartMonth) || 1,
      usesStartDateAsFiscalYearName: this.fiscalYearNamedByStart === true
    };
  }

  get shownPeriod(): string {
    if (this.chosenPeriod) return this.chosenPeriod;
    if (this.period && isPeriodKey(this.period)) return this.period;
    return lastClosedQuarter(utcDate(new Date()), this.fiscal);
  }

  get variables(): { period: string } {
    return { period: this.shownPeriod };
  }

  @wire(graphql, { query: CALIBRATION_QUERY, variables: '$variables' })
  wiredCalibration(result: GraphQLResult<CalibrationData> | undefined): void {
    if (!result) return;
    this.refreshData = result.refresh;
    const { data, errors } = result;
    if (errors && errors.length) {
      this.errorMessage = describeLoadErrors('Calibration', errors);
      this.loaded = true;
      return;
    }
    if (!data) return;
    this.errorMessage = null;
    this.data = data;
    this.rows = calibrationRows(data);
    this.loaded = true;
  }

  get periodOptions(): { label: string; value: string }[] {
    const keys = recentQuarters(utcDate(new Date()), this.fiscal, EARLIER_PERIODS);
    if (!keys.includes(this.shownPeriod)) keys.push(this.shownPeriod);
    return keys.map((k, i) => ({ label: i === 0 ? `${k} (in progress)` : k, value: k }));
  }

  /** The user may change final scores and record override reasons (the Calibrator set). */
  get canCalibrate(): boolean {
    const infos = this.data?.uiapi.objectInfos;
    return (
      fieldAccess(infos, 'Assessment__c', 'Final_Score__c')?.updateable === true &&
      fieldAccess(infos, 'Assessment__c', 'Override_Reason__c')?.updateable === true
    );
  }

  get showPanel(): boolean {
    return !this.loaded || !!this.errorMessage || this.rows.length === 0;
  }

  get panelState(): string {
    return this.errorMessage ? 'error' : this.loaded ? 'empty' : 'loading';
  }

  get panelHeading(): string {
    if (this.errorMessage) return 'Calibration could not be loaded';
    return this.loaded ? `No manager assessments for ${this.shownPeriod}` : 'Loading calibration';
  }

  get panelMessage(): string {
    if (this.errorMessage) return this.errorMessage;
    return 'Calibration compares the manager assessments of a period that you can see through the role hierarchy.';
  }

  get panelNextStep(): string {
    if (this.errorMessage) return 'Reload the page. If it keeps failing, send this message to your admin.';
    return 'Choose another period, or ask your managers to start their assessments.';
  }

  // ---- distributions -------------------------------------------------------------------------

  private get allDistributions(): Distribution[] {
    const { organisation, managers } = distributions(this.rows);
    return [organisation, ...managers];
  }

  get bars(): BarView[] {
    return this.allDistributions.map((d, i) => {
      let x = BAR_X;
      const segments = d.counts.map((count, p) => {
        const width = d.n ? (count / d.n) * BAR_WIDTH : 0;
        const segment = {
          key: `${d.key}-${p + 1}`,
          x,
          width,
          className: `segment band_b${p + 1}`,
          label: String(count),
          labelKey: `${d.key}-${p + 1}-label`,
          labelX: x + width / 2,
          showLabel: width >= 28 && count > 0
        };
        x += width;
        return segment;
      });
      return {
        key: d.key,
        name: d.name,
        y: i * ROW_HEIGHT + 4,
        textY: i * ROW_HEIGHT + 20,
        segments,
        assessments: d.assessments,
        n: d.n,
        counts: d.counts.map((c, p) => ({
          key: `${d.key}-count-${p + 1}`,
          text: d.n ? `${c} (${Math.round((c / d.n) * 100)}%)` : '0'
        })),
        mean: num(d.mean, 2),
        meanOverall: num(d.meanOverall, 2),
        meanFinal: num(d.meanFinal, 1),
        words: d.words,
        className: i === 0 ? 'organisation' : ''
      };
    });
  }

  get chartHeight(): number {
    return this.allDistributions.length * ROW_HEIGHT + 8;
  }

  get viewBox(): string {
    return `0 0 ${BAR_X + BAR_WIDTH + 10} ${this.chartHeight}`;
  }

  get labelX(): number {
    return LABEL_WIDTH;
  }

  get chartTitle(): string {
    const managers = this.allDistributions.slice(1);
    const high = managers.filter((m) => (m.difference ?? 0) >= IN_LINE_WITHIN).map((m) => m.name);
    const low = managers.filter((m) => (m.difference ?? 0) <= -IN_LINE_WITHIN).map((m) => m.name);
    const parts = [
      high.length ? `rating higher than the organisation: ${high.join(', ')}` : '',
      low.length ? `rating lower: ${low.join(', ')}` : ''
    ].filter(Boolean);
    return `Behaviour ratings by manager for ${this.shownPeriod}${parts.length ? `; ${parts.join('; ')}` : '; every manager in line with the organisation'}. The table below has the numbers.`;
  }

  get pointLabels(): { key: string; label: string; className: string }[] {
    return POINT_LABELS.map((label, i) => ({
      key: String(i + 1),
      label,
      className: `swatch band_b${i + 1}`
    }));
  }

  // ---- reps ------------------------------------------------------------------------------------

  get repRows(): RowView[] {
    const rows = this.onlyAttention
      ? this.rows.filter((r) => r.needsCalibration || (r.difference !== null && r.difference !== 0))
      : this.rows;
    return rows.map((r) => ({
      id: r.id,
      repName: r.repName,
      assessorName: r.assessorName,
      status: r.status,
      overall: num(r.overall, 2),
      eligible: num(r.eligible),
      final: num(r.final),
      difference: differenceWords(r),
      overrideReason: r.overrideReason || dash,
      changes: r.changes.map((c) => ({
        id: c.id,
        text: `${c.field} ${c.from} \u2192 ${c.to}, ${c.who || 'someone'}, ${c.when.slice(0, 16).replace('T', ' ')}`
      })),
      flagged: r.needsCalibration,
      calibrateLabel: `Calibrate ${r.repName}`
    }));
  }

  get hasRepRows(): boolean {
    return this.repRows.length > 0;
  }

  get repsCaption(): string {
    return `Final against eligible score per rep, ${this.shownPeriod}${this.onlyAttention ? ', only overrides, differences and reps flagged for calibration' : ''}.`;
  }

  get editing(): CalibrationRow | null {
    return this.rows.find((r) => r.id === this.editingId) ?? null;
  }

  get editHeading(): string {
    const row = this.editing;
    return row
      ? `Calibrate ${row.repName} (eligible score ${num(row.eligible)}, final ${num(row.final)})`
      : '';
  }

  get finalOptions(): { label: string; value: string }[] {
    return ['1', '2', '3', '4', '5'].map((v) => ({ label: v, value: v }));
  }

  get messageClass(): string {
    return `slds-box slds-box_x-small slds-var-m-vertical_small message message_${this.message?.kind ?? 'success'}`;
  }

  get messageRole(): string {
    return this.message?.kind === 'error' ? 'alert' : 'status';
  }

  handlePeriod(event: CustomEvent<{ value: string }>): void {
    const value = event.detail.value;
    if (!isPeriodKey(value) || value === this.shownPeriod) return;
    this.chosenPeriod = value;
    this.loaded = false;
    this.rows = [];
    this.editingId = null;
  }

  handleAttention(event: CustomEvent<{ checked: boolean }>): void {
    this.onlyAttention = event.detail.checked === true;
  }

  handleCalibrate(event: MouseEvent): void {
    const id = (event.currentTarget as HTMLElement).dataset.id as string;
    const row = this.rows.find((r) => r.id === id);
    if (!row) return;
    this.editingId = id;
    this.draftFinal = row.final === null ? '' : String(row.final);
    this.draftReason = row.overrideReason;
    this.editError = '';
    this.message = null;
  }

  handleFinal(event: CustomEvent<{ value: string }>): void {
    this.draftFinal = event.detail.value;
    this.editError = '';
  }

  handleReason(event: CustomEvent<{ value: string }>): void {
    this.draftReason = event.detail.value ?? '';
    this.editError = '';
  }

  handleCancel(): void {
    this.editingId = null;
    this.editError = '';
  }

  /** Saves the final score and reason in one request at the version read; nothing typed is lost on a refusal. */
  async handleSave(): Promise<void> {
    const row = this.editing;
    if (!row || this.saving) return;
    const final = this.draftFinal === '' ? null : Number(this.draftFinal);
    const reason = this.draftReason.trim();
    const check = checkFinalScore({
      eligibleScore: row.eligible,
      finalScore: final,
      overrideReason: reason,
      canCalibrate: this.canCalibrate
    });
    if (!check.ok) {
      this.editError = `${check.message}.`;
      return;
    }
    if (final !== null && row.eligible !== null && final !== row.eligible && !reason) {
      this.editError =
        'Record why the final score differs from the eligible score; the manager and the rep read it.';
      return;
    }
    this.saving = true;
    const outcome = await saveAssessment({
      kind: 'update',
      assessmentId: row.id,
      versionRead: row.versionRead,
      saveTokenRead: row.saveToken,
      fields: { Final_Score__c: final, Override_Reason__c: reason || null },
      ratings: []
    });
    this.saving = false;
    if (outcome.kind === 'saved') {
      this.editingId = null;
      this.message = { kind: 'success', text: `Saved: ${row.repName}'s final score is ${num(final)}.` };
      await this.refreshData?.().catch(() => undefined);
      return;
    }
    if (outcome.kind === 'conflict') {
      this.message = {
        kind: 'error',
        text: `Not saved: someone changed ${row.repName}'s assessment since this page loaded. Your entry is still here; reload the page to see their change, then save again.`
      };
      return;
    }
    if (outcome.kind === 'invalid') {
      this.editError =
        [...Object.values(outcome.assessmentErrors), ...outcome.formErrors].join(' ') || outcome.message;
      return;
    }
    this.message = {
      kind: 'error',
      text: `Not saved: ${outcome.message} Your entry is still here; save again.`
    };
  }
}
