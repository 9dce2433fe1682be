/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return --
   the tests read properties of base-component stubs and edit copies of the JSON fixture freely */
import { createElement } from 'lwc';
import BehaviorImpact from 'c/behaviorImpact';
import { graphql } from 'lightning/graphql';

import fixture from './data/behaviorImpactQuery.json';

jest.setTimeout(30000);

const emitter = graphql as unknown as {
  emit(data: unknown): void;
  emitErrors(errors: unknown[]): void;
  getLastConfig(): any;
};

function data(edit?: (d: any) => void): any {
  const copy = JSON.parse(JSON.stringify(fixture));
  edit?.(copy);
  return copy;
}

async function flush(): Promise<void> {
  await Promise.resolve();
  await Promise.resolve();
  await Promise.resolve();
}

async function mount(answer?: unknown): Promise<HTMLElement> {
  const element = createElement('c-behavior-impact', { is: BehaviorImpact });
  document.body.appendChild(element);
  if (answer) {
    emitter.emit(answer);
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

function table(element: HTMLElement): string[] {
  return $$(element, '[data-id="impact-table"] tbody tr').map((tr) =>
    [...tr.querySelectorAll('th, td')].map((c: any) => c.textContent).join(' | ')
  );
}

async function filter(element: HTMLElement, name: string, value: string): Promise<void> {
  $(element, `lightning-combobox[data-filter="${name}"]`).dispatchEvent(
    new CustomEvent('change', { detail: { value } })
  );
  await flush();
}

describe('c-behavior-impact', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  });

  it('loads the results in one request and shows the loading panel meanwhile', async () => {
    const element = await mount();
    expect($(element, 'c-state-panel').state).toBe('loading');
    expect(emitter.getLastConfig().query).toContain('query behaviorImpact($first: Int)');
    expect(emitter.getLastConfig().variables).toEqual({ first: 2000 });
    await expect(element).toBeAccessible();
  });

  it('shows the reduced error when the request fails', async () => {
    const element = await mount();
    emitter.emitErrors([
      { message: 'No access to Behavior_Impact__c', extensions: { ErrorType: 'ValidationError' } }
    ]);
    await flush();
    expect($(element, 'c-state-panel').state).toBe('error');
    expect($(element, 'c-state-panel').message).toBe(
      'The behaviour impact results could not be loaded: No access to Behavior_Impact__c'
    );
    await expect(element).toBeAccessible();
  });

  it('says the sync has not run when there are no results', async () => {
    const element = await mount(data((d) => (d.uiapi.query.Behavior_Impact__c.edges = [])));
    expect($(element, 'c-state-panel').heading).toBe('No impact results yet');
    expect($(element, 'c-state-panel').nextStep).toMatch(/run the metrics sync/);
    await expect(element).toBeAccessible();
  });

  it('shows the newest period’s first role and metric, sorted by effect, with rho, n and the interval', async () => {
    const element = await mount(data());
    expect($(element, '[data-id="caution"]').textContent).toMatch(
      /They do not show that the behaviour causes/
    );
    expect($(element, 'lightning-combobox[data-filter="period"]').value).toBe('2026-Q3');
    expect($(element, '[data-id="selection"]').textContent).toBe(
      'Account Executive, Win Rate over the whole cycle, 2026-Q3: 3 behaviours with enough data, 1 without.'
    );
    expect($(element, '[data-id="selection"]').getAttribute('aria-live')).toBe('polite');
    expect(table(element)).toEqual([
      'Quantifies the business impact | Discovery | 0.62 | 24 | 0.29 to 0.82 | 0.004, holds after adjustment',
      'Confirms next steps in writing | Deal Execution | 0.21 | 24 | \u22120.20 to 0.56 | 0.310',
      'Leads with product features | Discovery | \u22120.35 | 24 | \u22120.66 to 0.06 | 0.200'
    ]);
    expect($$(element, '[data-id="not-enough"] li').map((li) => li.textContent)).toEqual([
      'Maps the buying committee: not enough data (n = 7, at least 10 reps needed)'
    ]);
    await expect(element).toBeAccessible();
  });

  it('draws the forest plot: intervals as lines on the -1..1 scale, rho as squares, significant ones filled', async () => {
    const element = await mount(data());
    const lines = $$(element, '[data-id="forest"] line.interval');
    expect(lines.map((l) => [l.getAttribute('x1'), l.getAttribute('x2')])).toEqual([
      ['206', '291'],
      ['128', '250'],
      ['54', '170']
    ]);
    const markers = $$(element, '[data-id="forest"] rect');
    expect(markers.map((m) => m.getAttribute('x'))).toEqual(['255', '190', '100']);
    expect(markers.map((m) => m.getAttribute('class'))).toEqual([
      'marker marker_significant',
      'marker',
      'marker'
    ]);
    expect($(element, '[data-id="forest"]').getAttribute('aria-hidden')).toBe('true');
  });

  it('filters by metric, period, role and stage', async () => {
    const element = await mount(data());
    await filter(element, 'metric', 'Quota Attainment');
    expect(table(element)).toEqual([
      'Quantifies the business impact | Discovery | 0.44 | 24 | 0.05 to 0.72 | 0.080'
    ]);
    await filter(element, 'metric', 'Win Rate');
    await filter(element, 'period', '2026-Q2');
    expect(table(element)).toEqual([
      'Quantifies the business impact | Discovery | 0.10 | 20 | \u22120.35 to 0.51 | 0.700'
    ]);
    await filter(element, 'period', '2026-Q3');
    await filter(element, 'metric', 'Stage Conversion');
    await filter(element, 'stage', 'Discovery');
    expect($(element, '[data-id="selection"]').textContent).toBe(
      'Account Executive, Stage Conversion at the Discovery stage, 2026-Q3: 1 behaviours with enough data, 0 without.'
    );
    expect(table(element)).toEqual([
      'Quantifies the business impact | Discovery | 0.51 | 22 | 0.12 to 0.77 | 0.040, holds after adjustment'
    ]);
    await filter(element, 'stage', '__whole__');
    await filter(element, 'role', 'SDR/BDR');
    await filter(element, 'metric', 'Lead Conversion');
    expect(table(element)).toEqual([
      'Researches before reaching out | Prospecting | 0.30 | 12 | \u22120.33 to 0.74 | 0.500'
    ]);
    await expect(element).toBeAccessible();
  });

  it('says when a selection has no behaviour with enough data', async () => {
    const element = await mount(data());
    await filter(element, 'metric', 'Lead Conversion');
    expect($(element, 'c-state-panel').heading).toBe('Not enough data for this selection');
    expect($(element, '[data-id="forest"]')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('treats a computed result below n = 10 as not enough data', async () => {
    const element = await mount(data((d) => (d.uiapi.query.Behavior_Impact__c.edges[0].node.N__c.value = 9)));
    expect(table(element)).toHaveLength(2);
    expect($$(element, '[data-id="not-enough"] li').map((li) => li.textContent)).toContain(
      'Confirms next steps in writing: not enough data (n = 9, at least 10 reps needed)'
    );
  });
});
