/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return --
   the tests read properties of base-component stubs and edit copies of the JSON fixture freely */
import { createElement } from 'lwc';
import DealCoaching from 'c/dealCoaching';
import { executeMutation, graphql } from 'lightning/graphql';
import { intervalWords, readCoaching } from '../model';
import type { DealCoachingData } from '../query';

import fixture from './data/dealCoachingQuery.json';

const mutate = executeMutation as unknown as jest.Mock;
const emitter = graphql as unknown as {
  emit(data: unknown): void;
  emitErrors(e: unknown[]): void;
  getLastConfig(): any;
};

const OPP = '006000000000001AAA';
const OWNER = '005000000000001AAA';
const ME = '005000000000000000';
const B = (i: number): string => `a03000000000${String(i).padStart(3, '0')}AAA`;

const copy = (): DealCoachingData => JSON.parse(JSON.stringify(fixture));

async function flush(): Promise<void> {
  await Promise.resolve();
  await Promise.resolve();
  await Promise.resolve();
  await Promise.resolve();
}

async function mount(data?: DealCoachingData): Promise<HTMLElement> {
  const element = createElement('c-deal-coaching', { is: DealCoaching }) as HTMLElement & {
    recordId?: string;
  };
  element.recordId = OPP;
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
const card = (element: HTMLElement, behavior: string): any => $(element, `li[data-behavior="${behavior}"]`);

async function rate(element: HTMLElement, behavior: string, value: string, evidence?: string): Promise<void> {
  card(element, behavior).querySelector('[data-id="toggle"]').click();
  await flush();
  const group = card(element, behavior).querySelector('lightning-radio-group');
  group.dispatchEvent(new CustomEvent('change', { detail: { value } }));
  await flush();
  if (evidence !== undefined) {
    const area = card(element, behavior).querySelector('lightning-textarea');
    area.dispatchEvent(new CustomEvent('change', { detail: { value: evidence } }));
    await flush();
  }
}

async function save(element: HTMLElement): Promise<void> {
  $(element, '[data-id="save"]').click();
  await flush();
  await flush();
}

describe('deal coaching model', () => {
  it('lists the role’s behaviours tagged with the deal’s stage, strongest measured link first', () => {
    const c = readCoaching(copy());
    if (c.kind !== 'ready') throw new Error(c.heading);
    expect(c.deal).toMatchObject({
      stage: 'Qualification',
      ownerId: OWNER,
      role: 'AE',
      level: 2,
      levelId: 'a08000000000002AAA'
    });
    expect(c.behaviors.map((b) => [b.name, b.impact?.metric ?? null, b.impact?.rho ?? null])).toEqual([
      ['Keeps stages honest', 'Stage Conversion', 0.52],
      ['Confirms the pain', 'Win Rate', 0.21],
      ['Maps the buying group', null, null]
    ]);
  });

  it('takes the newest 1-5 rating as the latest (N/A says nothing) and says where it came from', () => {
    const c = readCoaching(copy());
    if (c.kind !== 'ready') throw new Error(c.heading);
    const [stages, pain, group] = c.behaviors;
    expect(stages.latest).toMatchObject({
      value: '2',
      label: '2 Developing',
      source: 'manager assessment 2026-Q3'
    });
    expect(pain.latest).toMatchObject({
      value: '4',
      source: 'deal observation on this deal',
      assessor: 'Morgan Lee',
      date: '2026-11-20'
    });
    expect(group.latest).toBeNull();
    expect(stages.expected).toBe(3);
  });

  it('puts the interval in words', () => {
    expect(intervalWords(0.1, 0.6)).toMatch(/^a clear positive link/);
    expect(intervalWords(-0.6, -0.1)).toMatch(/^a clear negative link/);
    expect(intervalWords(-0.2, 0.5)).toMatch(/^not clear yet/);
  });

  it('says why there is nothing to coach: no deal, no role, no behaviour for the stage', () => {
    const none = copy();
    none.uiapi.query.Opportunity.edges = [];
    expect(readCoaching(none)).toMatchObject({
      kind: 'empty',
      heading: 'This opportunity could not be read'
    });
    const noRole = copy();
    noRole.uiapi.query.Opportunity.edges[0].node.Owner!.Sales_Role__c = { value: null };
    expect(readCoaching(noRole)).toMatchObject({
      kind: 'empty',
      heading: 'Dana Reyes has no sales role yet'
    });
    const closed = copy();
    closed.uiapi.query.Opportunity.edges[0].node.StageName = {
      value: 'Closed Lost',
      displayValue: 'Closed Lost'
    };
    expect(readCoaching(closed)).toMatchObject({
      kind: 'empty',
      heading: 'No behaviours are tagged with Closed Lost'
    });
  });
});

describe('c-deal-coaching', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    mutate.mockReset();
  });

  it('asks for everything with the opportunity’s Id alone, in one request', async () => {
    const element = await mount();
    expect(emitter.getLastConfig().variables).toEqual({ opportunityId: OPP });
    expect($(element, 'c-state-panel').state).toBe('loading');
    await expect(element).toBeAccessible();
  });

  it('shows each behaviour with the latest rating, the level’s expectation and the measured link', async () => {
    const element = await mount(copy());
    expect($(element, '[data-id="subtitle"]').textContent).toBe(
      'Qualification: the Account Executive behaviours that matter at this stage, with Dana Reyes’s latest ratings (Account Executive, L2).'
    );
    expect($$(element, 'legend').map((l) => l.textContent)).toEqual([
      'Keeps stages honest',
      'Confirms the pain',
      'Maps the buying group'
    ]);
    const stages = card(element, B(4));
    expect(stages.querySelector('[data-id="latest"]').textContent).toBe(
      'Latest rating: 2 Developing (manager assessment 2026-Q3, Morgan Lee, 2026-09-30).'
    );
    expect(stages.querySelector('[data-id="expected"]').textContent).toBe(
      'Expected at this level: 3.0 on the 1-5 scale (the latest rating is below it).'
    );
    expect(stages.querySelector('[data-id="impact"]').textContent).toBe(
      'Link with conversion out of Qualification (2026-Q3): rho 0.52, n = 24, 95% interval 0.14 to 0.77, a clear positive link: higher ratings go with better results.'
    );
    expect(card(element, B(2)).querySelector('[data-id="impact"]').textContent).toMatch(
      /^No measured link for this role yet: the metrics sync needs at least 10/
    );
    expect($$(element, '[data-id="history"] li').map((li) => li.querySelector('p').textContent)).toEqual([
      'Confirms the pain: 4 Advanced, by Morgan Lee on 2026-11-20'
    ]);
    await expect(element).toBeAccessible();
  });

  it('saves chosen observations in one mutation as a submitted deal observation naming the opportunity', async () => {
    const element = await mount(copy());
    expect($(element, '[data-id="save"]').disabled).toBe(true);
    await rate(element, B(4), '4');
    await rate(element, B(2), '2', 'Only met the champion; the budget owner is unknown.');
    expect($(element, '[data-id="save"]').label).toBe('Save 2 observations');
    expect(card(element, B(4)).querySelector('[data-id="toggle"]').getAttribute('aria-expanded')).toBe(
      'true'
    );
    mutate.mockResolvedValue({
      data: {
        uiapi: {
          a: { Record: { Id: 'a05000000000009AAA' } },
          r0: { Record: { Id: 'r0' } },
          r1: { Record: { Id: 'r1' } }
        }
      }
    });
    await save(element);
    expect(mutate).toHaveBeenCalledTimes(1);
    const { variables } = mutate.mock.calls[0][0];
    expect(variables.a.Assessment__c).toMatchObject({
      Rep__c: OWNER,
      OwnerId: OWNER,
      Assessor__c: ME,
      Type__c: 'Deal Observation',
      Opportunity__c: OPP,
      Sales_Role__c: 'AE',
      Career_Level__c: 'a08000000000002AAA',
      Status__c: 'Submitted',
      Version__c: 1
    });
    expect(variables.a.Assessment__c.Period__c).toMatch(/^\d{4}-Q[1-4]$/);
    expect(variables.a.Assessment__c).not.toHaveProperty('Overall_Score__c');
    expect([variables.r0.Behavior_Rating__c, variables.r1.Behavior_Rating__c]).toEqual([
      expect.objectContaining({
        Job_Behavior__c: B(4),
        Rating__c: '4',
        Evidence__c: null,
        Evidence_Opportunity__c: OPP
      }),
      expect.objectContaining({
        Job_Behavior__c: B(2),
        Rating__c: '2',
        Evidence__c: 'Only met the champion; the budget owner is unknown.',
        Evidence_Opportunity__c: OPP
      })
    ]);
    const message = $(element, '[data-id="message"]');
    expect(message.textContent).toBe(
      'Saved 2 observations on Acme Renewal. Dana Reyes sees them on this deal and in their rating history.'
    );
    expect(message.getAttribute('role')).toBe('status');
    expect($(element, '[data-id="save"]').label).toBe('Save observations');
  });

  it('asks for evidence on a 1 or 2 before sending anything', async () => {
    const element = await mount(copy());
    await rate(element, B(1), '1', '  ');
    await save(element);
    expect(mutate).not.toHaveBeenCalled();
    expect(card(element, B(1)).querySelector('[data-id="error"]').textContent.trim()).toBe(
      'A rating of 1 or 2 needs evidence: say what you saw on this deal.'
    );
    expect($(element, '[data-id="message"]').getAttribute('role')).toBe('alert');
    await expect(element).toBeAccessible();
  });

  it('keeps every entry when the org refuses the save, and shows the refusal beside its behaviour', async () => {
    const element = await mount(copy());
    await rate(element, B(1), '2', 'x');
    mutate.mockResolvedValue({
      data: { uiapi: { a: null, r0: null } },
      errors: [
        {
          message: 'A rating of 1 or 2 needs evidence: describe what you observed.',
          paths: ['uiapi', 'r0'],
          extensions: {
            ErrorType: 'DataFetchingException',
            errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
            fields: ['Evidence__c']
          }
        }
      ]
    });
    await save(element);
    expect(card(element, B(1)).querySelector('[data-id="error"]').textContent.trim()).toBe(
      'A rating of 1 or 2 needs evidence: describe what you observed.'
    );
    expect($(element, '[data-id="message"]').textContent).toMatch(
      /^Not saved: .*Your ratings and evidence are still here\.$/
    );
    expect(card(element, B(1)).querySelector('lightning-radio-group').value).toBe('2');
    expect(card(element, B(1)).querySelector('lightning-textarea').value).toBe('x');
  });

  it('keeps every entry when the request fails', async () => {
    const element = await mount(copy());
    await rate(element, B(4), '5');
    mutate.mockRejectedValue(new Error('Failed to fetch'));
    await save(element);
    expect($(element, '[data-id="message"]').textContent).toMatch(/^Not saved: .*save again\.$/);
    expect($(element, '[data-id="save"]').label).toBe('Save 1 observation');
  });

  it('closing a behaviour drops its entry; Clear drops them all', async () => {
    const element = await mount(copy());
    await rate(element, B(4), '5');
    await rate(element, B(1), '3');
    card(element, B(4)).querySelector('[data-id="toggle"]').click();
    await flush();
    expect($(element, '[data-id="save"]').label).toBe('Save 1 observation');
    $(element, '[data-id="clear"]').click();
    await flush();
    expect($(element, '[data-id="save"]').label).toBe('Save observations');
    expect($$(element, 'lightning-radio-group')).toHaveLength(0);
  });

  it('shows the owner their coaching read-only', async () => {
    const data = copy();
    data.uiapi.query.Opportunity.edges[0].node.OwnerId = { value: ME };
    const element = await mount(data);
    expect($(element, '[data-id="read-only"]').textContent.trim()).toMatch(/only your manager records them/);
    expect($$(element, '[data-id="toggle"], [data-id="save"]')).toHaveLength(0);
    expect($(element, '[data-id="subtitle"]').textContent).toContain('with your latest ratings');
    await expect(element).toBeAccessible();
  });

  it('is read-only for anyone the org does not let create ratings', async () => {
    const data = copy();
    data.uiapi.objectInfos = [
      { ApiName: 'Assessment__c', createable: true },
      { ApiName: 'Behavior_Rating__c', createable: false }
    ];
    const element = await mount(data);
    expect($(element, '[data-id="read-only"]').textContent.trim()).toMatch(
      /needs the Sales Competency Manager permission set/
    );
    expect($$(element, '[data-id="toggle"]')).toHaveLength(0);
  });

  it('shows five behaviours first and the rest on request', async () => {
    const data = copy();
    const behaviors = data.uiapi.query.Competency__c.edges[0].node.Job_Behaviors__r.edges;
    for (let i = 10; i < 15; i++)
      behaviors.push({
        node: {
          Id: B(i),
          Name: { value: `Extra ${i}` },
          Statement__c: { value: 'More.' },
          Stages__c: { value: 'Qualification' }
        }
      });
    const element = await mount(data);
    expect($$(element, 'legend')).toHaveLength(5);
    expect($(element, '[data-id="show-all"]').label).toBe('Show all 8 behaviours for this stage');
    $(element, '[data-id="show-all"]').click();
    await flush();
    expect($$(element, 'legend')).toHaveLength(8);
    expect($(element, '[data-id="show-all"]')).toBeNull();
  });

  it('explains an empty state and a failed load', async () => {
    const data = copy();
    data.uiapi.query.Opportunity.edges = [];
    const element = await mount(data);
    expect($(element, 'c-state-panel').heading).toBe('This opportunity could not be read');
    emitter.emitErrors([{ message: 'Field Stages__c is not accessible' }]);
    await flush();
    expect($(element, 'c-state-panel').state).toBe('error');
    expect($(element, 'c-state-panel').message).toMatch(/Stages__c/);
  });
});
