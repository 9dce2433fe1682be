/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return --
   the tests read properties of base-component stubs and edit copies of the JSON fixture freely */
import { createElement } from 'lwc';
import TeamHeatmap from 'c/teamHeatmap';
import { graphql } from 'lightning/graphql';
import { filterRows, scoreBand, sortRows, teamColumns, teamRows } from '../model';
import type { TeamHeatmapData } from '../query';

import fixture from './data/teamHeatmapQuery.json';

const mockNavigate = jest.fn();
const mockGenerateUrl = jest.fn((recordId: string) => `/lightning/r/User/${recordId}/view`);
jest.mock('lightning/navigation', () => {
  const Navigate = Symbol('Navigate');
  const GenerateUrl = Symbol('GenerateUrl');
  const NavigationMixin = (Base: new () => object): unknown =>
    class extends Base {
      [Navigate](ref: unknown): void {
        mockNavigate(ref);
      }
      [GenerateUrl](ref: { attributes: { recordId: string } }): Promise<string> {
        return Promise.resolve(mockGenerateUrl(ref.attributes.recordId));
      }
    };
  return { NavigationMixin: Object.assign(NavigationMixin, { Navigate, GenerateUrl }) };
});

const emitter = graphql as unknown as {
  emit(data: unknown): void;
  emitErrors(errors: unknown[]): void;
  getLastConfig(): any;
};

const copy = (): TeamHeatmapData => JSON.parse(JSON.stringify(fixture));

/** Waits for the two frames after which the component adds its links, then for the re-render. */
async function framesPainted(): Promise<void> {
  // eslint-disable-next-line @lwc/lwc/no-async-operation -- waits for the frames the component waits for
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  await flush();
}

async function flush(): Promise<void> {
  await Promise.resolve();
  await Promise.resolve();
  await Promise.resolve();
  await Promise.resolve();
}

async function mount(data?: unknown): Promise<HTMLElement> {
  const element = createElement('c-team-heatmap', { is: TeamHeatmap }) as HTMLElement & { period?: string };
  element.period = '2026-Q3';
  document.body.appendChild(element);
  if (data) {
    emitter.emit(data);
    await flush();
  }
  return element;
}

const $ = (element: HTMLElement, selector: string): any => element.shadowRoot!.querySelector(selector);
const $$ = (element: HTMLElement, selector: string): any[] => [
  ...element.shadowRoot!.querySelectorAll(selector)
];

/** A cell's visible text: its own text, without the screen-reader hint inside it. */
const visible = (td: Element): string =>
  [...td.childNodes]
    .filter((n) => n.nodeType === Node.TEXT_NODE)
    .map((n) => n.textContent ?? '')
    .join('')
    .trim();

/** Each body row as its visible texts: the rep's name then every cell's number or word. */
function table(element: HTMLElement): string[][] {
  return $$(element, '[data-id="heatmap"] tbody tr').map((tr) => [
    tr.querySelector('th a').textContent.trim(),
    ...[...tr.querySelectorAll('td')].map(visible)
  ]);
}

function headerTexts(element: HTMLElement): string[] {
  return $$(element, '[data-id="heatmap"] thead th button > span:first-child').map((n) =>
    n.textContent.trim()
  );
}

const DANA = '005000000000001AAA';
const COMPETENCIES = ['a0C000000000001AAA', 'a0C000000000002AAA', 'a0C000000000003AAA'];

describe('team heatmap model', () => {
  it('scores each competency with the scoring library and decides the flags per rep', () => {
    const rows = teamRows(copy());
    expect(
      rows.map((r) => [
        r.name,
        r.status,
        r.scores,
        r.overall,
        r.eligible,
        r.final,
        r.attainment,
        r.ready,
        r.needsCalibration
      ])
    ).toEqual([
      [
        'Dana Reyes',
        'Submitted',
        { [COMPETENCIES[0]]: 4.5, [COMPETENCIES[1]]: 4, [COMPETENCIES[2]]: 4 },
        4.17,
        2,
        2,
        112.4,
        true,
        false
      ],
      [
        'Eli Novak',
        'Draft',
        { [COMPETENCIES[0]]: 2, [COMPETENCIES[1]]: 1.5, [COMPETENCIES[2]]: null },
        1.75,
        4,
        null,
        61,
        false,
        false
      ],
      [
        'Farah Quinn',
        'Acknowledged',
        { [COMPETENCIES[0]]: 3, [COMPETENCIES[1]]: 3 },
        3,
        3,
        1,
        95,
        false,
        true
      ],
      [
        'Gus Ortega',
        'Not started',
        { [COMPETENCIES[0]]: null, [COMPETENCIES[1]]: null },
        null,
        null,
        null,
        null,
        null,
        false
      ]
    ]);
  });

  it('needs two decided final scores of 2 or better for readiness: one earlier period counts', () => {
    const data = copy();
    data.uiapi.query.Decided.edges = [];
    expect(teamRows(data).find((r) => r.id === DANA)!.ready).toBe(false);
  });

  it('a blank status counts as a draft, and a level outside the scale leaves readiness undecided', () => {
    const data = copy();
    data.uiapi.query.Assessment__c.edges[0].node.Status__c.value = null;
    data.uiapi.query.User.edges[0].node.Career_Level__c.value = 2.5;
    data.uiapi.query.Career_Level__c.edges.push({
      node: {
        Id: 'x',
        Track__c: { value: 'AE' },
        Level__c: { value: 2.5 },
        Expected_Proficiency__c: { value: 3 }
      }
    });
    const dana = teamRows(data).find((r) => r.id === DANA)!;
    expect(dana.status).toBe('Draft');
    expect(dana.ready).toBeNull();
  });

  it('lists the competency columns the shown reps use, in model order, and filters by role', () => {
    const rows = teamRows(copy());
    expect(teamColumns(copy(), rows).map((c) => c.name)).toEqual(['Prospecting', 'Discovery', 'Negotiation']);
    const sdr = filterRows(rows, 'SDR');
    expect(sdr.map((r) => r.name)).toEqual(['Farah Quinn', 'Gus Ortega']);
    expect(teamColumns(copy(), sdr).map((c) => c.name)).toEqual(['Prospecting', 'Discovery']);
    expect(filterRows(rows, '')).toHaveLength(4);
  });

  it('leaves out a manager with no sales role of their own, but not a rep without one', () => {
    const data = copy();
    const users = data.uiapi.query.User.edges;
    const manager = JSON.parse(JSON.stringify(users[0]));
    manager.node.Id = '005000000000008AAA';
    manager.node.Name.value = 'Mona Manager';
    manager.node.Sales_Role__c = { value: null, displayValue: null };
    users[1].node.ManagerId.value = '005000000000008';
    const roleless = JSON.parse(JSON.stringify(users[3]));
    roleless.node.Id = '005000000000007AAA';
    roleless.node.Name.value = 'Rory Noroll';
    roleless.node.Sales_Role__c = { value: null, displayValue: null };
    users.push(manager, roleless);
    const names = teamRows(data).map((r) => r.name);
    expect(names).not.toContain('Mona Manager');
    expect(names).toContain('Rory Noroll');
    expect(names).toContain('Eli Novak');
  });

  it('sorts by any column, blanks last in both directions, ties by name', () => {
    const rows = teamRows(copy());
    const names = (key: string, ascending: boolean): string[] =>
      sortRows(rows, { key, ascending }).map((r) => r.name.split(' ')[0]);
    expect(names('overall', false)).toEqual(['Dana', 'Farah', 'Eli', 'Gus']);
    expect(names('overall', true)).toEqual(['Eli', 'Farah', 'Dana', 'Gus']);
    expect(names(COMPETENCIES[2], false)).toEqual(['Dana', 'Eli', 'Farah', 'Gus']);
    expect(names('name', false)).toEqual(['Gus', 'Farah', 'Eli', 'Dana']);
    expect(names('status', true)).toEqual(['Gus', 'Eli', 'Dana', 'Farah']);
    expect(names('ready', false)).toEqual(['Dana', 'Eli', 'Farah', 'Gus']);
    expect(names('calibration', false)).toEqual(['Farah', 'Dana', 'Eli', 'Gus']);
    expect(names('attainment', true)).toEqual(['Eli', 'Farah', 'Dana', 'Gus']);
    expect(names('eligible', true)).toEqual(['Dana', 'Farah', 'Eli', 'Gus']);
    expect(names('final', true)).toEqual(['Farah', 'Dana', 'Eli', 'Gus']);
  });

  it('gives every score a band and the scale word, so colour is never the only cue', () => {
    expect([null, 1, 1.99, 2.5, 3, 4.49, 5].map((s) => scoreBand(s))).toEqual([
      { band: 'none', word: 'not rated' },
      { band: 'b1', word: 'Not yet observed' },
      { band: 'b1', word: 'Not yet observed' },
      { band: 'b2', word: 'Developing' },
      { band: 'b3', word: 'Proficient' },
      { band: 'b4', word: 'Advanced' },
      { band: 'b5', word: 'Role model' }
    ]);
  });
});

describe('c-team-heatmap', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    mockNavigate.mockReset();
    mockGenerateUrl.mockClear();
  });

  it('asks for the manager’s team and the period in one request, and says it is loading', async () => {
    const element = await mount();
    expect($(element, 'c-state-panel').state).toBe('loading');
    expect(emitter.getLastConfig().variables).toEqual({ managerId: '005000000000000000', period: '2026-Q3' });
    await expect(element).toBeAccessible();
  });

  it('shows reps by competencies with numbers, colour bands, scale words, status and flags', async () => {
    const data = copy();
    data.uiapi.query.User.edges[3].node.ManagerId.value = '005000000000000000'; // Gus reports to the viewer
    const element = await mount(data);
    expect($$(element, 'th[scope="row"] div').map((d) => d.textContent)).toEqual([
      'Account Executive · reports to Morgan Lee',
      'Account Executive · in ramp · reports to Morgan Lee',
      'SDR/BDR · reports to Morgan Lee',
      'SDR/BDR'
    ]);
    expect(headerTexts(element)).toEqual([
      'Rep',
      'Prospecting',
      'Discovery',
      'Negotiation',
      'Overall',
      'Eligible score',
      'Final score',
      'Attainment',
      'Status',
      'Ready for promotion',
      'Needs calibration'
    ]);
    expect(table(element)).toEqual([
      ['Dana Reyes', '4.50', '4.00', '4.00', '4.17', '2', '2', '112%', 'Submitted', 'Ready', '\u2013'],
      ['Eli Novak', '2.00', '1.50', '\u2013', '1.75', '4', '\u2013', '61%', 'Draft', 'Not yet', '\u2013'],
      ['Farah Quinn', '3.00', '3.00', '', '3.00', '3', '1', '95%', 'Acknowledged', 'Not yet', 'Review'],
      [
        'Gus Ortega',
        '\u2013',
        '\u2013',
        '',
        '\u2013',
        '\u2013',
        '\u2013',
        '\u2013',
        'Not started',
        '\u2013',
        '\u2013'
      ]
    ]);
    const dana = $$(element, 'tbody tr')[0];
    expect(dana.querySelector('td[data-key="a0C000000000001AAA"]').className).toBe('cell cell_heat cell_b4');
    // A number needs no words; a blank says what it means.
    expect(dana.querySelector('td[data-key="a0C000000000001AAA"] .slds-assistive-text')).toBeNull();
    expect(
      $$(element, 'tbody tr')[1].querySelector('td[data-key="a0C000000000003AAA"] .slds-assistive-text')
        .textContent
    ).toBe('not rated');

    const farah = $$(element, 'tbody tr')[2];
    expect(farah.querySelector('td[data-key="a0C000000000003AAA"] .slds-assistive-text').textContent).toBe(
      'not in this role'
    );
    expect($(element, '[data-id="caption"]').textContent.trim()).toBe(
      'Competency scores of your team for 2026-Q3, from 1 (not yet observed) to 5 (role model); sorted by Rep, ascending.'
    );
    expect($(element, '[data-id="summary"]').textContent).toBe(
      '2026-Q3: 4 reps; 2 submitted or acknowledged, 1 in draft, 1 not started; 1 ready for promotion; 1 to review for calibration.'
    );
    expect($$(element, 'th[scope="row"]')).toHaveLength(4);
    expect($$(element, 'thead th[scope="col"]')).toHaveLength(11);
    expect($(element, '[data-id="scroller"]').getAttribute('tabindex')).toBe('0');
    await expect(element).toBeAccessible();
  });

  it('renders every row at once, and adds real links to them once the table has painted', async () => {
    const data = copy();
    const template = data.uiapi.query.User.edges[3];
    for (let i = 10; i < 31; i++) {
      const clone = JSON.parse(JSON.stringify(template));
      clone.node.Id = `0050000000000${i}AAA`;
      clone.node.Name.value = `Zed ${i}`;
      data.uiapi.query.User.edges.push(clone);
    }
    const element = await mount(data);
    expect($$(element, 'tbody tr')).toHaveLength(25);
    expect($(element, '[data-id="summary"]').textContent).toMatch(/^2026-Q3: 25 reps;/);
    // The links wait for the frame that paints the table; a name still opens the rep meanwhile.
    expect($(element, `a[data-rep="${DANA}"]`).getAttribute('href')).toBe('');
    await framesPainted();
    expect($$(element, 'tbody a').map((a: HTMLAnchorElement) => a.getAttribute('href'))).toEqual(
      $$(element, 'tbody a').map((a: HTMLAnchorElement) => `/lightning/r/User/${a.dataset.rep}/view`)
    );
    expect(mockGenerateUrl).toHaveBeenCalledTimes(25);
    // A new answer for the same reps (a refresh) keeps the links it has: none is made again.
    emitter.emit(data);
    await flush();
    expect($(element, `a[data-rep="${DANA}"]`).getAttribute('href')).toBe(`/lightning/r/User/${DANA}/view`);
    await framesPainted();
    expect(mockGenerateUrl).toHaveBeenCalledTimes(25);
  });

  it('sorts by a column header and says so with aria-sort', async () => {
    const element = await mount(copy());
    const overall = (): any => $(element, 'button[data-key="overall"]');
    expect(overall().closest('th').getAttribute('aria-sort')).toBe('none');
    overall().click();
    await flush();
    expect(table(element).map((r) => r[0])).toEqual(['Dana Reyes', 'Farah Quinn', 'Eli Novak', 'Gus Ortega']);
    expect(overall().closest('th').getAttribute('aria-sort')).toBe('descending');
    expect($(element, 'button[data-key="name"]').closest('th').getAttribute('aria-sort')).toBe('none');
    overall().click();
    await flush();
    expect(overall().closest('th').getAttribute('aria-sort')).toBe('ascending');
    expect(table(element).map((r) => r[0])).toEqual(['Eli Novak', 'Farah Quinn', 'Dana Reyes', 'Gus Ortega']);
    expect($(element, '[data-id="caption"]').textContent.trim()).toMatch(/sorted by Overall, ascending\.$/);
    await expect(element).toBeAccessible();
  });

  it('filters by sales role, and says when a role has nobody', async () => {
    const element = await mount(copy());
    const role = $(element, 'lightning-combobox[data-id="role"]');
    expect(role.options.map((o: any) => o.label)).toEqual(['All roles', 'Account Executive', 'SDR/BDR']);
    role.dispatchEvent(new CustomEvent('change', { detail: { value: 'SDR' } }));
    await flush();
    expect(table(element).map((r) => r[0])).toEqual(['Farah Quinn', 'Gus Ortega']);
    expect(headerTexts(element)).not.toContain('Negotiation');
    role.dispatchEvent(new CustomEvent('change', { detail: { value: 'AM' } }));
    await flush();
    expect($(element, 'c-state-panel').heading).toBe('No reps in this role');
    expect($(element, 'c-state-panel').nextStep).toBe('Choose All roles to see the whole team.');
  });

  it('loads another period with a new request', async () => {
    const element = await mount(copy());
    const period = $(element, 'lightning-combobox[data-id="period"]');
    expect(period.options.map((o: any) => o.value)).toContain('2026-Q3');
    const other = period.options.find((o: any) => o.value !== '2026-Q3').value;
    period.dispatchEvent(new CustomEvent('change', { detail: { value: other } }));
    await flush();
    expect(emitter.getLastConfig().variables).toEqual({ managerId: '005000000000000000', period: other });
    expect($(element, 'c-state-panel').state).toBe('loading');
  });

  it('opens a rep’s record page (the rating screen) from their name, with a real link', async () => {
    const element = await mount(copy());
    await framesPainted();
    const link = $(element, `a[data-rep="${DANA}"]`);
    expect(link.getAttribute('href')).toBe(`/lightning/r/User/${DANA}/view`);
    expect(link.getAttribute('aria-label')).toBe('Open the rating of Dana Reyes');
    expect($(element, 'a[data-rep="005000000000004AAA"]').getAttribute('aria-label')).toBe(
      'Start rating Gus Ortega'
    );
    link.click();
    expect(mockNavigate).toHaveBeenCalledWith({
      type: 'standard__recordPage',
      attributes: { recordId: DANA, objectApiName: 'User', actionName: 'view' }
    });
  });

  it('says what to do when nobody reports to the manager, or the request fails', async () => {
    const empty = copy();
    empty.uiapi.query.User.edges = [];
    const element = await mount(empty);
    expect($(element, 'c-state-panel').heading).toBe('No reps report to you');
    emitter.emitErrors([{ message: 'Field Quota_Attainment__c is not accessible' }]);
    await flush();
    expect($(element, 'c-state-panel').state).toBe('error');
    expect($(element, 'c-state-panel').message).toMatch(/Quota_Attainment__c/);
    await expect(element).toBeAccessible();
  });

  it('reports a rating the scoring library refuses instead of showing wrong numbers', async () => {
    const bad = copy();
    bad.uiapi.query.Assessment__c.edges[0].node.Behavior_Ratings__r.edges[0].node.Rating__c.value = '7';
    const element = await mount(bad);
    expect($(element, 'c-state-panel').state).toBe('error');
    expect($(element, 'c-state-panel').message).toMatch(/could not be computed: Invalid rating "7"/);
  });
});
