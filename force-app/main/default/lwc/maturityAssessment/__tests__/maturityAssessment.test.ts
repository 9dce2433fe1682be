/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return --
   the tests read properties of base-component stubs and edit copies of the JSON fixture freely */
import { createElement } from 'lwc';
import MaturityAssessment from 'c/maturityAssessment';
import { executeMutation, graphql } from 'lightning/graphql';

import fixture from './data/maturityAssessmentQuery.json';

// The axe scan of a page with the full rubric text takes seconds on a busy machine.
jest.setTimeout(30000);

const emitter = graphql as unknown as {
  emit(data: unknown, filter?: unknown, refresh?: () => Promise<void>): void;
  emitErrors(errors: unknown[]): void;
  getLastConfig(): any;
};
const mutate = executeMutation as unknown as jest.Mock;

const PROCESS = 'a0D000000000001AAA';
const MEASURE = 'a0D000000000002AAA';
const ALIGN = 'a0D000000000003AAA';
const DRAFT = 'a0G000000000003AAA';

function data(edit?: (d: any) => void): any {
  const copy = JSON.parse(JSON.stringify(fixture));
  edit?.(copy);
  return copy;
}

async function flush(): Promise<void> {
  await Promise.resolve();
  await Promise.resolve();
  await Promise.resolve();
  await Promise.resolve();
  await Promise.resolve();
}

const refresh = jest.fn(() => Promise.resolve());

async function mount(answer?: unknown): Promise<HTMLElement> {
  const element = createElement('c-maturity-assessment', { is: MaturityAssessment });
  document.body.appendChild(element);
  if (answer) {
    emitter.emit(answer, undefined, refresh);
    await flush();
  }
  return element;
}

function $(element: HTMLElement, selector: string): any {
  return element.shadowRoot!.querySelector(selector);
}

function $$(element: HTMLElement, selector: string): any[] {
  return [...element.shadowRoot!.querySelectorAll(selector)];
}

function text(element: HTMLElement, selector: string): string {
  return ($(element, selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

function radio(element: HTMLElement, dimensionId: string): any {
  return $(element, `lightning-radio-group[data-dimension="${dimensionId}"]`);
}

async function choose(element: HTMLElement, dimensionId: string, level: number): Promise<void> {
  radio(element, dimensionId).dispatchEvent(new CustomEvent('change', { detail: { value: String(level) } }));
  await flush();
}

async function click(element: HTMLElement, id: string): Promise<void> {
  $(element, `lightning-button[data-id="${id}"]`).dispatchEvent(new CustomEvent('click'));
  await flush();
}

describe('c-maturity-assessment', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    mutate.mockReset();
    refresh.mockClear();
  });

  it('loads the rubric and the assessments in one request and shows the loading panel meanwhile', async () => {
    const element = await mount();
    expect($(element, 'c-state-panel').state).toBe('loading');
    const config = emitter.getLastConfig();
    expect(config.query).toContain('query maturityAssessment($dimensions: Int, $assessments: Int)');
    expect(config.variables).toEqual({ dimensions: 50, assessments: 50 });
    await expect(element).toBeAccessible();
  });

  it('shows the reduced error when the request fails', async () => {
    const element = await mount();
    emitter.emitErrors([{ message: 'No such column', extensions: { ErrorType: 'ValidationError' } }]);
    await flush();
    const panel = $(element, 'c-state-panel');
    expect(panel.state).toBe('error');
    expect(panel.message).toBe('The maturity assessments could not be loaded: No such column');
    await expect(element).toBeAccessible();
  });

  it('says what to do when the rubric is empty', async () => {
    const element = await mount(data((d) => (d.uiapi.query.Maturity_Dimension__c.edges = [])));
    const panel = $(element, 'c-state-panel');
    expect(panel.state).toBe('empty');
    expect(panel.nextStep).toBe('Ask your admin to import the maturity rubric (data/maturity-plan.json).');
    await expect(element).toBeAccessible();
  });

  it('offers to start the first assessment when there is none', async () => {
    const element = await mount(data((d) => (d.uiapi.query.Maturity_Assessment__c.edges = [])));
    expect($(element, 'c-state-panel').heading).toBe('No maturity assessment yet');
    expect($(element, 'lightning-button[data-id="start"]')).not.toBeNull();
    await click(element, 'start');
    expect(text(element, '[data-id="heading"]')).toBe('New maturity assessment');
    expect($$(element, 'lightning-radio-group').map((g) => g.value)).toEqual(['', '', '']);
    await expect(element).toBeAccessible();
  });

  it('resumes the draft: its levels and notes, every level descriptor as a choice, a provisional result', async () => {
    const element = await mount(data());
    expect(text(element, '[data-id="heading"]')).toBe('Draft maturity assessment');
    const groups = $$(element, 'lightning-radio-group');
    expect(groups.map((g) => g.label)).toEqual([
      'Sales Process',
      'Measurement and Forecasting',
      'Sales and Marketing Alignment'
    ]);
    expect(groups.map((g) => g.value)).toEqual(['3', '', '']);
    expect(groups[0].options).toHaveLength(5);
    expect(groups[0].options[1].label).toMatch(/^2 Defined: A sales process exists on paper/);
    const comments = $$(element, 'lightning-textarea');
    expect(comments[0].label).toBe('Notes or evidence for Sales Process');
    expect(comments[0].value).toBe('Stages agreed in October');
    expect(comments[3].value).toBe('Leadership offsite');
    expect(text(element, '[data-id="level"]')).toBe(
      'Provisional level 3 Reportable: 1 of 3 dimensions assessed.'
    );
    expect($(element, '[data-id="level"]').getAttribute('aria-live')).toBe('polite');
    expect(text(element, '[data-id="roadmap-note"]')).toBe(
      'The roadmap is provisional until every dimension is assessed.'
    );
    await expect(element).toBeAccessible();
  });

  it('rescores live: the staged level, the profile chart and table, the dimensions holding it down and the roadmap', async () => {
    const element = await mount(data());
    await choose(element, MEASURE, 2);
    await choose(element, ALIGN, 4);
    expect(text(element, '[data-id="level"]')).toBe(
      'Organisation level: 2 Defined. Every dimension reaches at least this level.'
    );
    const rows = $$(element, '[data-id="profile-table"] tbody tr').map((tr) => tr.textContent.trim());
    expect(rows).toEqual([
      'Sales Process3 Reportable',
      'Measurement and Forecasting2 Defined',
      'Sales and Marketing Alignment4 Manageable'
    ]);
    const bars = $$(element, '[data-id="profile-chart"] rect.bar');
    expect(bars.map((b) => b.getAttribute('width'))).toEqual(['192', '128', '256']);
    expect(bars.map((b) => b.getAttribute('class'))).toEqual(['bar', 'bar bar_holding', 'bar']);
    expect($$(element, '[data-id="holding"] li').map((li) => li.textContent)).toEqual([
      'Measurement and Forecasting (2 Defined)'
    ]);
    const steps = $$(element, '[data-id="roadmap"] li');
    expect(steps).toHaveLength(1);
    expect(steps[0].querySelector('.slds-text-title_bold').textContent).toBe(
      'Measurement and Forecasting: from 2 Defined to 3 Reportable'
    );
    expect(steps[0].querySelectorAll('p')[1].textContent).toMatch(/^Quantitative targets drive/);
    await expect(element).toBeAccessible();
  });

  it('saves the draft in one allOrNone mutation: the assessment updated, its response updated, new responses created', async () => {
    mutate.mockResolvedValue({ data: { uiapi: { a: { success: true } } } });
    const element = await mount(data());
    await choose(element, MEASURE, 2);
    await click(element, 'save-draft');
    expect(mutate).toHaveBeenCalledTimes(1);
    const call = mutate.mock.calls[0][0];
    expect(call.operationName).toBe('saveMaturityAssessment');
    expect(call.query).toContain('uiapi(input: { allOrNone: true })');
    expect(call.variables).toEqual({
      a: {
        Id: DRAFT,
        Maturity_Assessment__c: {
          Notes__c: 'Leadership offsite',
          Assessed_On__c: null,
          Level__c: null,
          Version__c: 1
        }
      },
      u0: {
        Id: 'a0F0030AAA',
        Maturity_Response__c: { Level__c: 3, Comment__c: 'Stages agreed in October' }
      },
      r1: {
        Maturity_Response__c: {
          Maturity_Assessment__c: DRAFT,
          Maturity_Dimension__c: MEASURE,
          Level__c: 2,
          Comment__c: null
        }
      }
    });
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(text(element, '[data-id="message"]')).toBe('Draft saved. You can come back and finish it later.');
    expect(element.shadowRoot!.activeElement).toBe($(element, '[data-id="message"]'));
    await expect(element).toBeAccessible();
  });

  it('refuses to complete with a dimension unassessed, naming it, without a request', async () => {
    const element = await mount(data());
    await choose(element, MEASURE, 2);
    await click(element, 'complete');
    expect(mutate).not.toHaveBeenCalled();
    expect(text(element, '[data-id="message"]')).toBe(
      'Choose a level for every dimension before completing: Sales and Marketing Alignment.'
    );
    expect($(element, '[data-id="message"]').getAttribute('role')).toBe('alert');
    await expect(element).toBeAccessible();
  });

  it('completes a new assessment with the date and the staged level, created with @{a} references', async () => {
    mutate.mockResolvedValue({ data: { uiapi: { a: { Record: { Id: 'a0G000000000009AAA' } } } } });
    const element = await mount(data((d) => d.uiapi.query.Maturity_Assessment__c.edges.shift()));
    expect(text(element, '[data-id="heading"]')).toBe('Maturity assessment completed on 30 Jun 2026');
    await click(element, 'start');
    await choose(element, PROCESS, 4);
    await choose(element, MEASURE, 3);
    await choose(element, ALIGN, 3);
    await click(element, 'complete');
    const vars = mutate.mock.calls[0][0].variables;
    expect(vars.a.Maturity_Assessment__c).toEqual({
      Name: expect.stringMatching(/^Sales maturity \d{4}-\d{2}-\d{2}$/),
      Notes__c: null,
      Assessed_On__c: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      Level__c: 3,
      Version__c: 1
    });
    expect(Object.keys(vars)).toEqual(['a', 'r0', 'r1', 'r2']);
    expect(vars.r2.Maturity_Response__c.Maturity_Assessment__c).toBe('@{a}');
    expect(text(element, '[data-id="message"]')).toBe(
      'Assessment completed: the organisation is at level 3 Reportable.'
    );
  });

  it('shows a field error beside its dimension and keeps the choices when the org rejects the save', async () => {
    mutate.mockResolvedValue({
      errors: [
        {
          message: 'A maturity level runs from 1 to 5.',
          paths: ['uiapi', 'r1'],
          extensions: { errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', fields: ['Level__c'] }
        }
      ]
    });
    const element = await mount(data());
    await choose(element, MEASURE, 2);
    await click(element, 'save-draft');
    expect(text(element, '[data-id="dimension-error"]')).toBe('A maturity level runs from 1 to 5.');
    expect(text(element, '[data-id="message"]')).toBe(
      'Nothing was saved: A maturity level runs from 1 to 5.'
    );
    expect(radio(element, MEASURE).value).toBe('2');
    expect(refresh).not.toHaveBeenCalled();
    await expect(element).toBeAccessible();
  });

  it('turns read-only when the org refuses the save for lack of access', async () => {
    mutate.mockResolvedValue({
      errors: [
        {
          message: 'insufficient access rights on object id',
          extensions: { errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY' }
        }
      ]
    });
    const element = await mount(data());
    await click(element, 'save-draft');
    expect(text(element, '[data-id="read-only"]')).toBe(
      'Your access lets you read maturity assessments but not save them (insufficient access rights on object id).'
    );
    expect($$(element, 'lightning-radio-group').every((g) => g.disabled)).toBe(true);
    expect($(element, 'lightning-button[data-id="complete"]').disabled).toBe(true);
    await expect(element).toBeAccessible();
  });

  it('is read-only from the start when the object info says the responses are not editable', async () => {
    const element = await mount(
      data((d) => {
        d.uiapi.objectInfos = [
          { ApiName: 'Maturity_Response__c', createable: false, updateable: false, fields: [] }
        ];
      })
    );
    expect(text(element, '[data-id="read-only"]')).toBe(
      'Your access lets you read maturity assessments but not change them.'
    );
    expect(radio(element, PROCESS).disabled).toBe(true);
  });

  it('lists the history with the level over time and compares two assessments side by side', async () => {
    const element = await mount(data());
    expect(
      $$(element, '[data-id="history-table"] tbody tr').map((tr) =>
        [...tr.querySelectorAll('th, td')]
          .slice(0, 2)
          .map((c: any) => c.textContent)
          .join(' | ')
      )
    ).toEqual(['30 Jun 2026 | 2 Defined', '15 Jan 2026 | 1 Chaos']);
    const points = $$(element, '[data-id="history-chart"] circle');
    expect(points.map((p) => [p.getAttribute('cx'), p.getAttribute('cy')])).toEqual([
      ['30', '120'],
      ['290', '94']
    ]);
    expect($(element, 'lightning-combobox[data-id="compare-first"]').value).toBe('a0G000000000001AAA');
    expect(
      $$(element, '[data-id="comparison"] tbody tr').map((tr) =>
        [...tr.querySelectorAll('th, td')].map((c: any) => c.textContent).join(' | ')
      )
    ).toEqual([
      'Sales Process | 2 Defined | 3 Reportable | up 1',
      'Measurement and Forecasting | 1 Chaos | 2 Defined | up 1',
      'Sales and Marketing Alignment | 2 Defined | 4 Manageable | up 2',
      'Organisation level | 1 Chaos | 2 Defined | up 1'
    ]);
    $(element, 'lightning-combobox[data-id="compare-first"]').dispatchEvent(
      new CustomEvent('change', { detail: { value: 'a0G000000000002AAA' } })
    );
    await flush();
    expect(text(element, '[data-id="comparison"] tbody tr')).toBe(
      'Sales Process3 Reportable3 Reportablesame'
    );
    await expect(element).toBeAccessible();
  });

  it('shows a completed assessment read-only from the history', async () => {
    const element = await mount(data());
    $(element, 'lightning-button[data-id="a0G000000000001AAA"]').dispatchEvent(new CustomEvent('click'));
    await flush();
    expect(text(element, '[data-id="heading"]')).toBe('Maturity assessment completed on 15 Jan 2026');
    expect($(element, 'lightning-radio-group')).toBeNull();
    expect(text(element, '[data-id="level"]')).toBe(
      'Organisation level: 1 Chaos. Every dimension reaches at least this level.'
    );
    await expect(element).toBeAccessible();
  });
});
