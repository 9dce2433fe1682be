/**
 * The manager's Team page: every rep under the manager (direct reports and their reports' reports)
 * as a heatmap of competency scores for a period, each cell a number and a colour band, with the
 * overall, eligible and final scores, attainment, assessment status, and the ready-for-promotion
 * and needs-calibration flags; filters by sales role and period, sorts by any column, and each
 * rep's name opens their record page, where the rating screen is. One GraphQL request per load.
 */
import { LightningElement, api, wire } from 'lwc';
import { graphql } from 'lightning/graphql';
import type { GraphQLResult } from 'lightning/graphql';
import { NavigationMixin } from 'lightning/navigation';
import type { PageReference } from 'lightning/navigation';
import USER_ID from '@salesforce/user/Id';
import { RATING_LABELS, isPeriodKey, lastClosedQuarter, recentQuarters, utcDate } from 'c/scoring';
import { describeLoadErrors } from 'c/errors';
import { sameId } from 'c/uiApi';
import { TEAM_HEATMAP_QUERY } from './query';
import type { TeamHeatmapData } from './query';
import { filterRows, scoreBand, sortRows, teamColumns, teamRows } from './model';
import type { TeamColumn, TeamRow, TeamSort } from './model';

/** Earlier closed quarters offered besides the current and the last closed one. */
const EARLIER_PERIODS = 3;

/** A column header of the table. */
interface HeaderView {
  key: string;
  label: string;
  ariaSort: string;
  sortLabel: string;
  /** ▲ or ▼ on the sorted column (hidden from screen readers, which hear aria-sort). */
  arrow: string;
  className: string;
}

/** A cell of the table. */
interface CellView {
  key: string;
  text: string;
  /** Read by screen readers after a dash or an empty cell: what the blank means ('' for a value). */
  hint: string;
  className: string;
}

/** A row of the table. */
interface RowView {
  id: string;
  name: string;
  detail: string;
  url: string;
  linkLabel: string;
  cells: CellView[];
}

const FIXED_COLUMNS: { key: string; label: string; numeric: boolean }[] = [
  { key: 'overall', label: 'Overall', numeric: true },
  { key: 'eligible', label: 'Eligible score', numeric: true },
  { key: 'final', label: 'Final score', numeric: true },
  { key: 'attainment', label: 'Attainment', numeric: true },
  { key: 'status', label: 'Status', numeric: false },
  { key: 'ready', label: 'Ready for promotion', numeric: false },
  { key: 'calibration', label: 'Needs calibration', numeric: false }
];

function heatCell(key: string, score: number | null | undefined): CellView {
  if (score === undefined) {
    return { key, text: '', hint: 'not in this role', className: 'cell cell_none' };
  }
  // The number carries the meaning; the band's colour repeats it. Only a blank needs words.
  const { band } = scoreBand(score);
  return {
    key,
    text: score === null ? '\u2013' : score.toFixed(2),
    hint: score === null ? 'not rated' : '',
    className: `cell cell_heat cell_${band}`
  };
}

function plainCell(key: string, text: string, hint = ''): CellView {
  return { key, text, hint, className: 'cell' };
}

function rowView(row: TeamRow, columns: readonly TeamColumn[], url: string, viewerId: string): RowView {
  const has = (id: string): boolean => Object.prototype.hasOwnProperty.call(row.scores, id);
  return {
    id: row.id,
    name: row.name,
    // The manager is named only for reps of the viewer's managers (second line), not for direct reports.
    detail: [
      row.roleLabel,
      row.inRamp ? 'in ramp' : '',
      row.managerName && !sameId(row.managerId, viewerId) ? `reports to ${row.managerName}` : ''
    ]
      .filter(Boolean)
      .join(' · '),
    url,
    linkLabel: `${row.status === 'Not started' ? 'Start rating' : 'Open the rating of'} ${row.name}`,
    cells: [
      ...columns.map((c) => heatCell(c.id, has(c.id) ? row.scores[c.id] : undefined)),
      heatCell('overall', row.overall),
      plainCell(
        'eligible',
        row.eligible === null ? '\u2013' : String(row.eligible),
        row.eligible === null ? 'not synced' : ''
      ),
      plainCell(
        'final',
        row.final === null ? '\u2013' : String(row.final),
        row.final === null ? 'not set' : ''
      ),
      plainCell(
        'attainment',
        row.attainment === null ? '\u2013' : `${Math.round(row.attainment)}%`,
        row.attainment === null ? 'not synced' : ''
      ),
      plainCell('status', row.status),
      plainCell(
        'ready',
        row.ready === null ? '\u2013' : row.ready ? 'Ready' : 'Not yet',
        row.ready === null ? 'level not set' : ''
      ),
      {
        ...plainCell(
          'calibration',
          row.needsCalibration ? 'Review' : '\u2013',
          row.needsCalibration ? '' : 'no'
        ),
        className: row.needsCalibration ? 'cell cell_flag' : 'cell'
      }
    ]
  };
}

export default class TeamHeatmap extends NavigationMixin(LightningElement) {
  /** The period shown first (e.g. 2026-Q3); blank = the last closed fiscal quarter. */
  @api period: string | undefined;
  /** Organization.FiscalYearStartMonth (1-12), for the default period. */
  @api fiscalYearStartMonth = 1;
  /** Organization.UsesStartDateAsFiscalYearName, for the default period. */
  @api fiscalYearNamedByStart = false;

  data: TeamHeatmapData | null = null;
  allRows: TeamRow[] = [];
  urls: Record<string, string> = {};
  chosenPeriod: string | null = null;
  role = '';
  sort: TeamSort = { key: 'name', ascending: true };
  errorMessage: string | null = null;
  loaded = false;
  /** What the template shows, computed once per change of data, role, sort or links (not per read). */
  headers: HeaderView[] = [];
  /** Every row of the table, in order. */
  rows: RowView[] = [];
  caption = '';
  summary = '';
  /** The table's width: the rep column and one 8 rem column per other header (fixed layout). */
  tableStyle = '';
  roleOptions: { label: string; value: string }[] = [];

  private get fiscal(): { startMonth: number; usesStartDateAsFiscalYearName: boolean } {
    return {
      startMonth: Number(this.fiscalYearStartMonth) || 1,
      usesStartDateAsFiscalYearName: this.fiscalYearNamedByStart === true
    };
  }

  get defaultPeriod(): string {
    if (this.period && isPeriodKey(this.period)) return this.period;
    return lastClosedQuarter(utcDate(new Date()), this.fiscal);
  }

  get teamPeriod(): string {
    return this.chosenPeriod ?? this.defaultPeriod;
  }

  get variables(): { managerId: string; period: string } {
    return { managerId: USER_ID, period: this.teamPeriod };
  }

  @wire(graphql, { query: TEAM_HEATMAP_QUERY, variables: '$variables' })
  wiredTeam(result: GraphQLResult<TeamHeatmapData> | undefined): void {
    if (!result) return;
    const { data, errors } = result;
    if (errors && errors.length) {
      this.errorMessage = describeLoadErrors('Your team', errors);
      this.loaded = true;
      return;
    }
    if (!data) return;
    try {
      this.allRows = teamRows(data);
    } catch (error) {
      this.errorMessage = `Your team's scores could not be computed: ${error instanceof Error ? error.message : String(error)}`;
      this.loaded = true;
      return;
    }
    this.data = data;
    this.errorMessage = null;
    this.loaded = true;
    this.computeView();
    this.generateUrls();
  }

  get periodOptions(): { label: string; value: string }[] {
    const keys = recentQuarters(utcDate(new Date()), this.fiscal, EARLIER_PERIODS + 1);
    if (!keys.includes(this.teamPeriod)) keys.push(this.teamPeriod);
    return keys.map((k, i) => ({ label: i === 0 ? `${k} (in progress)` : k, value: k }));
  }

  /** Recomputes the columns, rows, headers, caption and summary from the current inputs. */
  private computeView(): void {
    const inRole = filterRows(this.allRows, this.role);
    const columns = this.data ? teamColumns(this.data, inRole) : [];
    const all = [
      { key: 'name', label: 'Rep' },
      ...columns.map((c) => ({ key: c.id, label: c.name })),
      ...FIXED_COLUMNS
    ];
    this.tableStyle = `width: ${11 + (all.length - 1) * 8}rem`;
    this.headers = all.map((h) => {
      const active = this.sort.key === h.key;
      const next = active ? !this.sort.ascending : h.key === 'name' || h.key === 'status';
      return {
        key: h.key,
        label: h.label,
        ariaSort: active ? (this.sort.ascending ? 'ascending' : 'descending') : 'none',
        sortLabel: `Sort by ${h.label}, ${next ? 'ascending' : 'descending'}`,
        arrow: active ? (this.sort.ascending ? '\u25B2' : '\u25BC') : '',
        className: `header${h.key === 'name' ? ' header_rep' : ''}${active ? ' header_sorted' : ''}`
      };
    });
    this.rows = sortRows(inRole, this.sort).map((row) =>
      rowView(row, columns, this.urls[row.id] ?? '', USER_ID)
    );
    const sortedBy = all.find((h) => h.key === this.sort.key)?.label ?? 'Rep';
    this.caption = `Competency scores of your team for ${this.teamPeriod}, from 1 (${RATING_LABELS['1'].toLowerCase()}) to 5 (${RATING_LABELS['5'].toLowerCase()}); sorted by ${sortedBy}, ${this.sort.ascending ? 'ascending' : 'descending'}.`;
    const count = (status: string): number => inRole.filter((r) => r.status === status).length;
    const decided = count('Submitted') + count('Acknowledged');
    this.summary = `${this.teamPeriod}: ${[
      `${inRole.length} ${inRole.length === 1 ? 'rep' : 'reps'}`,
      `${decided} submitted or acknowledged, ${count('Draft')} in draft, ${count('Not started')} not started`,
      `${inRole.filter((r) => r.ready === true).length} ready for promotion`,
      `${inRole.filter((r) => r.needsCalibration).length} to review for calibration`
    ].join('; ')}.`;
    const roles = new Map<string, string>();
    for (const row of this.allRows) if (row.role) roles.set(row.role, row.roleLabel);
    this.roleOptions = [
      { label: 'All roles', value: '' },
      ...[...roles].sort((a, b) => a[1].localeCompare(b[1])).map(([value, label]) => ({ label, value }))
    ];
  }

  get legend(): { key: string; label: string; className: string }[] {
    return (['1', '2', '3', '4', '5'] as const).map((point) => ({
      key: point,
      label: `${point} ${RATING_LABELS[point]}`,
      className: `swatch cell_b${point}`
    }));
  }

  handlePeriod(event: CustomEvent<{ value: string }>): void {
    const value = event.detail.value;
    if (!isPeriodKey(value) || value === this.teamPeriod) return;
    this.chosenPeriod = value;
    this.loaded = false;
    this.data = null;
    this.allRows = [];
    this.computeView();
  }

  handleRole(event: CustomEvent<{ value: string }>): void {
    this.role = event.detail.value ?? '';
    this.computeView();
  }

  handleSort(event: MouseEvent): void {
    const key = (event.currentTarget as HTMLElement).dataset.key as string;
    if (this.sort.key === key) this.sort = { key, ascending: !this.sort.ascending };
    else this.sort = { key, ascending: key === 'name' || key === 'status' };
    this.computeView();
  }

  private pageOf(repId: string): PageReference {
    return {
      type: 'standard__recordPage',
      attributes: { recordId: repId, objectApiName: 'User', actionName: 'view' }
    };
  }

  /**
   * Real links (open in a new tab, copy address) for each rep's record page. Links already made
   * are kept across answers; new ones are patched in once the table has painted (two frames
   * later), so they never delay the heatmap. Until then a name opens the rep through handleOpen.
   */
  private generateUrls(): void {
    const missing = this.allRows.filter((row) => !this.urls[row.id]);
    if (!missing.length) return;
    const generate = (this as unknown as Record<symbol, (ref: PageReference) => Promise<string>>)[
      NavigationMixin.GenerateUrl
    ];
    Promise.all(missing.map((row) => generate.call(this, this.pageOf(row.id))))
      .then(
        (urls) =>
          new Promise<string[]>((resolve) =>
            // eslint-disable-next-line @lwc/lwc/no-async-operation -- after the frame that paints the table
            requestAnimationFrame(() =>
              // eslint-disable-next-line @lwc/lwc/no-async-operation -- see above
              requestAnimationFrame(() => resolve(urls))
            )
          )
      )
      .then((urls) => {
        const map = { ...this.urls };
        missing.forEach((row, i) => (map[row.id] = urls[i]));
        this.urls = map;
        // Only the links change: the rows keep their cells, so LWC patches hrefs alone.
        this.rows = this.rows.map((row) => (row.url ? row : { ...row, url: map[row.id] ?? '' }));
      })
      .catch(() => undefined);
  }

  handleOpen(event: MouseEvent): void {
    event.preventDefault();
    const repId = (event.currentTarget as HTMLElement).dataset.rep as string;
    const navigate = (this as unknown as Record<symbol, (ref: PageReference) => void>)[
      NavigationMixin.Navigate
    ];
    navigate.call(this, this.pageOf(repId));
  }

  get showPanel(): boolean {
    return !this.loaded || !!this.errorMessage || filterRows(this.allRows, this.role).length === 0;
  }

  get panelState(): string {
    return this.errorMessage ? 'error' : this.loaded ? 'empty' : 'loading';
  }

  get panelHeading(): string {
    if (this.errorMessage) return 'Your team could not be loaded';
    if (!this.loaded) return 'Loading your team';
    if (this.role && this.allRows.length) return 'No reps in this role';
    return 'No reps report to you';
  }

  get panelMessage(): string {
    if (this.errorMessage) return this.errorMessage;
    if (this.role && this.allRows.length) return 'None of your reps has this sales role.';
    return 'Reps appear here when their user record names you, or one of your managers, as their manager.';
  }

  get panelNextStep(): string {
    if (this.errorMessage) return 'Reload the page. If it keeps failing, send this message to your admin.';
    if (this.role && this.allRows.length) return 'Choose All roles to see the whole team.';
    return 'Ask an admin to set Manager on your reps’ user records.';
  }
}
