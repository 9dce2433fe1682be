/**
 * The Behaviour Impact page: for a role, a metric, a period and (where the sync computed them) a
 * stage, which behaviours' ratings go with better outcomes, each with rho, n and the 95% interval as
 * a forest plot with a table alternative, sorted by effect; results with too few reps are listed as
 * "not enough data". Correlations within this org's data, never causes. One request loads the page.
 */
import { LightningElement, wire } from 'lwc';
import { graphql } from 'lightning/graphql';
import type { GraphQLResult } from 'lightning/graphql';
import { describeLoadErrors } from 'c/errors';
import { MIN_IMPACT_N } from 'c/scoring';
import { IMPACT_QUERY, IMPACT_VARIABLES } from './query';
import type { ImpactData } from './query';
import {
  FOREST_WIDTH,
  WHOLE_CYCLE,
  filterOptions,
  forestHeight,
  forestRows,
  impactEntries,
  rhoText,
  selectEntries,
  xOf
} from './model';
import type { ForestRow, ImpactEntry, ImpactFilter, Option } from './model';

export default class BehaviorImpact extends LightningElement {
  entries: ImpactEntry[] = [];
  loaded = false;
  truncated = false;
  errorMessage: string | null = null;
  filter: ImpactFilter = { role: '', metric: '', period: '', stage: WHOLE_CYCLE };

  readonly variables = IMPACT_VARIABLES;

  @wire(graphql, { query: IMPACT_QUERY, variables: '$variables' })
  wiredImpact(result: GraphQLResult<ImpactData> | undefined): void {
    if (!result) return;
    const { data, errors } = result;
    if (errors && errors.length) {
      this.errorMessage = describeLoadErrors('The behaviour impact results', errors);
      this.loaded = true;
      return;
    }
    if (!data) return;
    this.errorMessage = null;
    this.entries = impactEntries(data);
    this.truncated = data.uiapi.query.Behavior_Impact__c.pageInfo?.hasNextPage === true;
    this.loaded = true;
    const options = filterOptions(this.entries);
    const keep = (value: string, choices: Option[]): string => {
      return choices.some((c) => c.value === value) ? value : (choices[0]?.value ?? '');
    };
    this.filter = {
      role: keep(this.filter.role, options.roles),
      metric: keep(this.filter.metric, options.metrics),
      period: keep(this.filter.period, options.periods),
      stage: keep(this.filter.stage, options.stages)
    };
  }

  get showPanel(): boolean {
    return !this.loaded || this.errorMessage !== null || this.entries.length === 0;
  }

  get panelState(): string {
    if (this.errorMessage) return 'error';
    return this.loaded ? 'empty' : 'loading';
  }

  get panelHeading(): string {
    if (this.errorMessage) return 'The Behaviour Impact page could not be loaded';
    if (this.loaded) return 'No impact results yet';
    return 'Loading the impact results';
  }

  get panelMessage(): string {
    if (this.errorMessage) return this.errorMessage;
    return 'The metrics sync computes these results from submitted ratings and synced outcomes, and it has not written any yet.';
  }

  get panelNextStep(): string {
    if (this.errorMessage) return 'Reload the page. If it keeps failing, send this message to your admin.';
    return 'Ask RevOps to run the metrics sync (npm run sync) after the quarter’s assessments are submitted.';
  }

  get options(): ReturnType<typeof filterOptions> {
    return filterOptions(this.entries);
  }

  get roleOptions(): Option[] {
    return this.options.roles;
  }

  get metricOptions(): Option[] {
    return this.options.metrics;
  }

  get periodOptions(): Option[] {
    return this.options.periods;
  }

  get stageOptions(): Option[] {
    return this.options.stages;
  }

  get hasStages(): boolean {
    return this.stageOptions.length > 1;
  }

  handleFilter(event: CustomEvent<{ value: string }>): void {
    const name = (event.currentTarget as HTMLElement).dataset.filter as keyof ImpactFilter;
    this.filter = { ...this.filter, [name]: event.detail.value };
  }

  get selection(): { computed: ImpactEntry[]; notEnough: ImpactEntry[] } {
    return selectEntries(this.entries, this.filter);
  }

  private label(options: Option[], value: string): string {
    return options.find((o) => o.value === value)?.label ?? value;
  }

  get selectionText(): string {
    const { computed, notEnough } = this.selection;
    const stage =
      this.filter.stage === WHOLE_CYCLE ? 'over the whole cycle' : `at the ${this.filter.stage} stage`;
    return `${this.label(this.roleOptions, this.filter.role)}, ${this.label(this.metricOptions, this.filter.metric)} ${stage}, ${this.filter.period}: ${computed.length} behaviours with enough data, ${notEnough.length} without.`;
  }

  get hasComputed(): boolean {
    return this.selection.computed.length > 0;
  }

  get rows(): ForestRow[] {
    return forestRows(this.selection.computed);
  }

  get viewBox(): string {
    return `0 0 ${FOREST_WIDTH} ${forestHeight(this.rows.length)}`;
  }

  get plotHeight(): number {
    return forestHeight(this.rows.length);
  }

  get axis(): { key: string; x: number; label: string; anchor: string }[] {
    return [-1, -0.5, 0, 0.5, 1].map((v) => ({
      key: `t${v}`,
      x: xOf(v),
      label: rhoText(v).replace('.00', ''),
      anchor: v === -1 ? 'start' : v === 1 ? 'end' : 'middle'
    }));
  }

  get zeroX(): number {
    return xOf(0);
  }

  get tableRows(): {
    key: string;
    behavior: string;
    competency: string;
    rho: string;
    n: string;
    interval: string;
    q: string;
  }[] {
    return this.selection.computed.map((e) => ({
      key: e.id,
      behavior: e.behavior,
      competency: e.competency,
      rho: rhoText(e.rho),
      n: String(e.n),
      interval: `${rhoText(e.low)} to ${rhoText(e.high)}`,
      q:
        e.q === null
          ? 'not computed'
          : `${e.q < 0.001 ? '< 0.001' : e.q.toFixed(3)}${e.significant ? ', holds after adjustment' : ''}`
    }));
  }

  get hasNotEnough(): boolean {
    return this.selection.notEnough.length > 0;
  }

  get notEnoughRows(): { key: string; text: string }[] {
    return this.selection.notEnough.map((e) => ({
      key: e.id,
      text: `${e.behavior}: not enough data (n = ${e.n ?? 0}, at least ${MIN_IMPACT_N} reps needed)`
    }));
  }

  get minN(): number {
    return MIN_IMPACT_N;
  }
}
