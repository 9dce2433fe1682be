/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return --
   the tests read properties of base-component stubs and edit copies of the JSON fixture freely */
import { createElement } from 'lwc';
import StrategyAssessment from 'c/strategyAssessment';
import { executeMutation, graphql } from 'lightning/graphql';

import fixture from './data/strategyAssessmentQuery.json';

// The axe scan of a page with the full framework text takes seconds on a busy machine.
jest.setTimeout(30000);

const emitter = graphql as unknown as {
  emit(data: unknown, filter?: unknown, refresh?: () => Promise<void>): void;
  emitErrors(errors: unknown[]): void;
  getLastConfig(): any;
};
const mutate = executeMutation as unknown as jest.Mock;

const REVENUE = 'a0H000000000001AAA';
const ACCOUNTS = 'a0H000000000002AAA';
const PROSPECTING = 'a0H000000000003AAA';
const DRAFT = 'a0L000000000002AAA';

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
  const element = createElement('c-strategy-assessment', { is: StrategyAssessment });
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

async function change(element: HTMLElement, selector: string, value: string): Promise<void> {
  $(element, selector).dispatchEvent(new CustomEvent('change', { detail: { value } }));
  await flush();
}

const answer = (element: HTMLElement, statement: string, value: string): Promise<void> =>
  change(element, `lightning-radio-group[data-statement="${statement}"]`, value);
const importance = (element: HTMLElement, area: string, value: number): Promise<void> =>
  change(element, `lightning-radio-group[data-area="${area}"]`, String(value));

async function click(element: HTMLElement, id: string): Promise<void> {
  $(element, `lightning-button[data-id="${id}"]`).dispatchEvent(new CustomEvent('click'));
  await flush();
}

function ranking(element: HTMLElement): string[] {
  return $$(element, '[data-id="ranking"] tbody tr').map((tr) =>
    [...tr.querySelectorAll('th, td')].map((c: any) => c.textContent).join(' | ')
  );
}

describe('c-strategy-assessment', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    mutate.mockReset();
    refresh.mockClear();
  });

  it('loads the areas and the assessments in one request and shows the loading panel meanwhile', async () => {
    const element = await mount();
    expect($(element, 'c-state-panel').state).toBe('loading');
    expect(emitter.getLastConfig().query).toContain(
      'query strategyAssessment($areas: Int, $assessments: Int)'
    );
    expect(emitter.getLastConfig().variables).toEqual({ areas: 50, assessments: 20 });
    await expect(element).toBeAccessible();
  });

  it('shows the reduced error when the request fails', async () => {
    const element = await mount();
    emitter.emitErrors([{ message: 'Too many rows', extensions: { ErrorType: 'ValidationError' } }]);
    await flush();
    expect($(element, 'c-state-panel').state).toBe('error');
    expect($(element, 'c-state-panel').message).toBe(
      'The strategy assessments could not be loaded: Too many rows'
    );
    await expect(element).toBeAccessible();
  });

  it('says what to do when no strategy areas are loaded', async () => {
    const element = await mount(data((d) => (d.uiapi.query.Strategy_Area__c.edges = [])));
    expect($(element, 'c-state-panel').state).toBe('empty');
    expect($(element, 'c-state-panel').nextStep).toBe(
      'Ask your admin to import the strategy areas (data/strategy-plan.json).'
    );
    await expect(element).toBeAccessible();
  });

  it('offers to start when there is no assessment', async () => {
    const element = await mount(data((d) => (d.uiapi.query.Strategy_Assessment__c.edges = [])));
    expect($(element, 'c-state-panel').heading).toBe('No strategy assessment yet');
    await click(element, 'start');
    expect(text(element, '[data-id="heading"]')).toBe('New strategy assessment');
    expect($$(element, '[data-id="progress"]').map((p) => p.textContent)).toEqual([
      'Sales Planning: 0 of 6 statements answered, 0 of 2 areas rated for importance',
      'Execution: 0 of 3 statements answered, 0 of 1 areas rated for importance'
    ]);
    await expect(element).toBeAccessible();
  });

  it('resumes the draft by group: each area with description, benefit, deliverables, importance and statements', async () => {
    const element = await mount(data());
    expect(text(element, '[data-id="heading"]')).toBe('Draft strategy assessment');
    const area = $(element, `[data-area="${REVENUE}"]`);
    expect(area.querySelector('h3').textContent).toBe('Revenue Plan');
    expect(area.querySelectorAll('li')[0].textContent).toBe('Bottom-up revenue model by segment and channel');
    const groups = [...area.querySelectorAll('lightning-radio-group')] as any[];
    expect(groups[0].label).toBe('Importance of Revenue Plan (1 low, 5 high)');
    expect(groups[0].value).toBe('5');
    expect(groups[0].type).toBe('button');
    expect(groups.slice(1).map((g) => g.value)).toEqual(['Yes', 'Yes', '']);
    expect(groups[3].label).toMatch(/\(for context, not scored\)$/);
    expect(groups[1].options.map((o: any) => o.label)).toEqual(['Yes', 'No', 'Unsure']);
    expect(area.querySelector('[data-id="readiness"]').textContent).toBe('Readiness 50%, priority 2.50');
    expect(text(element, '[data-id="summary"]')).toBe(
      '1 of 3 areas ranked; the most urgent is Revenue Plan (priority 2.50).'
    );
    expect($(element, '[data-id="summary"]').getAttribute('aria-live')).toBe('polite');
    await expect(element).toBeAccessible();
  });

  it('ranks live: readiness is polarity-aware and priority = importance x (1 - readiness), with chart, table and next steps', async () => {
    const element = await mount(data());
    await importance(element, ACCOUNTS, 2);
    await answer(element, 'a0I000000000021AAA', 'Yes');
    await answer(element, 'a0I000000000022AAA', 'No');
    await importance(element, PROSPECTING, 3);
    await answer(element, 'a0I000000000031AAA', 'No');
    await answer(element, 'a0I000000000032AAA', 'Unsure');
    await answer(element, 'a0I000000000033AAA', 'Yes');
    expect(ranking(element)).toEqual([
      '1 | Prospecting | 3 | 0% (0 of 2) | 3.00',
      '2 | Revenue Plan | 5 | 50% (1 of 2) | 2.50',
      '3 | Accounts | 2 | 100% (2 of 2) | 0.00'
    ]);
    expect($$(element, '[data-id="ranking-chart"] rect.bar').map((r) => r.getAttribute('width'))).toEqual([
      '192',
      '160',
      '0'
    ]);
    const steps = $$(element, '[data-id="next-steps"] > li');
    expect(steps.map((li) => li.querySelector('p').textContent)).toEqual([
      '1. Prospecting (priority 3.00)',
      '2. Revenue Plan (priority 2.50)'
    ]);
    expect(steps[0].querySelectorAll('li')[0].textContent).toBe('Relationship management process');
    expect($$(element, '[data-id="progress"]')[1].textContent).toBe(
      'Execution: 3 of 3 statements answered, 1 of 1 areas rated for importance'
    );
    await expect(element).toBeAccessible();
  });

  it('saves the draft in one allOrNone mutation: updates what exists, creates what is new', async () => {
    mutate.mockResolvedValue({ data: { uiapi: { a: { success: true } } } });
    const element = await mount(data());
    await answer(element, 'a0I000000000012AAA', 'No');
    await importance(element, ACCOUNTS, 3);
    await click(element, 'save-draft');
    expect(mutate).toHaveBeenCalledTimes(1);
    const call = mutate.mock.calls[0][0];
    expect(call.operationName).toBe('saveStrategyAssessment');
    expect(call.query).toContain('uiapi(input: { allOrNone: true })');
    expect(call.variables).toEqual({
      a: { Id: DRAFT, Strategy_Assessment__c: { Notes__c: null, Assessed_On__c: null, Version__c: 1 } },
      s0: { Id: 'a0J00200AAA', Strategy_Answer__c: { Answer__c: 'Yes' } },
      s1: { Id: 'a0J00201AAA', Strategy_Answer__c: { Answer__c: 'No' } },
      i0: { Id: 'a0K00200AAA', Strategy_Area_Rating__c: { Importance__c: 5 } },
      i1: {
        Strategy_Area_Rating__c: {
          Strategy_Assessment__c: DRAFT,
          Strategy_Area__c: ACCOUNTS,
          Importance__c: 3
        }
      }
    });
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(text(element, '[data-id="message"]')).toBe('Draft saved. You can come back and finish it later.');
    await expect(element).toBeAccessible();
  });

  it('refuses to complete while an area lacks importance or any answer, naming them, without a request', async () => {
    const element = await mount(data());
    await click(element, 'complete');
    expect(mutate).not.toHaveBeenCalled();
    expect(text(element, '[data-id="message"]')).toBe(
      'Before completing, rate the importance of every area and answer at least one statement in each. Still open: Accounts, Prospecting.'
    );
    await expect(element).toBeAccessible();
  });

  it('completes with the date and shows the completed assessment with its ranking', async () => {
    mutate.mockResolvedValue({ data: { uiapi: { a: { success: true } } } });
    const element = await mount(data());
    await importance(element, ACCOUNTS, 1);
    await answer(element, 'a0I000000000021AAA', 'Yes');
    await importance(element, PROSPECTING, 4);
    await answer(element, 'a0I000000000031AAA', 'No');
    await click(element, 'complete');
    expect(mutate.mock.calls[0][0].variables.a.Strategy_Assessment__c.Assessed_On__c).toMatch(
      /^\d{4}-\d{2}-\d{2}$/
    );
    expect(text(element, '[data-id="message"]')).toBe(
      'Assessment completed: the areas are ranked by priority below.'
    );
  });

  it('turns read-only when the org refuses the save for lack of access', async () => {
    mutate.mockResolvedValue({
      errors: [
        { message: 'insufficient access', extensions: { errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY' } }
      ]
    });
    const element = await mount(data());
    await click(element, 'save-draft');
    expect(text(element, '[data-id="read-only"]')).toBe(
      'Your access lets you read strategy assessments but not save them (insufficient access).'
    );
    expect($$(element, 'lightning-radio-group').every((g) => g.disabled)).toBe(true);
    await expect(element).toBeAccessible();
  });

  it('keeps the answers and says nothing was saved when the save fails', async () => {
    mutate.mockResolvedValue({
      errors: [
        {
          message: 'Importance runs from 1 to 5.',
          extensions: { errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', fields: ['Importance__c'] }
        }
      ]
    });
    const element = await mount(data());
    await answer(element, 'a0I000000000012AAA', 'No');
    await click(element, 'save-draft');
    expect(text(element, '[data-id="message"]')).toBe('Nothing was saved: Importance runs from 1 to 5.');
    expect($(element, 'lightning-radio-group[data-statement="a0I000000000012AAA"]').value).toBe('No');
    expect(refresh).not.toHaveBeenCalled();
  });

  it('lists completed assessments with their top priorities and shows one read-only', async () => {
    const element = await mount(data());
    expect(
      $$(element, '[data-id="history-table"] tbody tr').map((tr) =>
        [...tr.querySelectorAll('th, td')]
          .slice(0, 2)
          .map((c: any) => c.textContent)
          .join(' | ')
      )
    ).toEqual(['1 May 2026 | Revenue Plan, Prospecting, Accounts']);
    $(element, 'lightning-button[data-id="a0L000000000001AAA"]').dispatchEvent(new CustomEvent('click'));
    await flush();
    expect(text(element, '[data-id="heading"]')).toBe('Strategy assessment completed on 1 May 2026');
    expect(ranking(element)).toEqual([
      '1 | Revenue Plan | 4 | 50% (1 of 2) | 2.00',
      '2 | Prospecting | 3 | 33% (1 of 3) | 2.00',
      '3 | Accounts | 2 | 50% (1 of 2) | 1.00'
    ]);
    expect($$(element, 'lightning-radio-group').every((g) => g.disabled)).toBe(true);
    expect($(element, 'lightning-button[data-id="complete"]')).toBeNull();
    await expect(element).toBeAccessible();
  });
});
