/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return --
   the tests read properties of base-component stubs and edit copies of the JSON fixture freely */
import { createElement } from 'lwc';
import CareerPath from 'c/careerPath';
import { executeMutation, graphql } from 'lightning/graphql';

import fixture from './data/careerPathQuery.json';

const emitter = graphql as unknown as {
  emit(data: unknown, filter?: unknown, refresh?: () => Promise<void>): void;
  emitErrors(errors: unknown[]): void;
  getLastConfig(): any;
};
const mutate = executeMutation as unknown as jest.Mock;

/** The signed-in user of the tests (sfdx-lwc-jest's @salesforce/user/Id); the fixture's rep is this user. */
const ME = '005000000000000000';
const MANAGER_VIEWED_REP = '005000000000009AAA';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function data(edit?: (d: any) => void): any {
  const copy = JSON.parse(JSON.stringify(fixture));
  if (edit) edit(copy);
  return copy;
}

async function flush(): Promise<void> {
  await Promise.resolve();
  await Promise.resolve();
  await Promise.resolve();
  await Promise.resolve();
  await Promise.resolve();
}

async function mount(
  d?: unknown,
  options: { recordId?: string; refresh?: () => Promise<void> } = {}
): Promise<HTMLElement> {
  const element = createElement('c-career-path', { is: CareerPath }) as HTMLElement & { recordId?: string };
  if (options.recordId) element.recordId = options.recordId;
  document.body.appendChild(element);
  if (d) {
    emitter.emit(d, undefined, options.refresh);
    await flush();
  }
  return element;
}

function q(element: HTMLElement, selector: string): any {
  return element.shadowRoot!.querySelector(selector);
}

function qa(element: HTMLElement, selector: string): any[] {
  return [...element.shadowRoot!.querySelectorAll(selector)];
}

function text(element: HTMLElement, selector: string): string {
  return (q(element, selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The visible words of a node: its text nodes trimmed and joined by one space. */
function words(node: Node): string {
  const out: string[] = [];
  const walk = (n: Node): void => {
    if (n.nodeType === 3) out.push((n.textContent ?? '').trim());
    n.childNodes.forEach(walk);
    if ((n as Element).shadowRoot) (n as Element).shadowRoot!.childNodes.forEach(walk);
  };
  walk(node);
  return out.filter(Boolean).join(' ').replace(/\s+/g, ' ');
}

function texts(element: HTMLElement, selector: string): string[] {
  return qa(element, selector).map(words);
}

function panel(element: HTMLElement): any {
  return q(element, 'c-state-panel');
}

describe('c-career-path', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    mutate.mockReset();
  });

  it('loads everything in one request for the signed-in user on an app page', async () => {
    const element = await mount();
    expect(panel(element).state).toBe('loading');
    expect(emitter.getLastConfig().variables).toEqual({ repId: ME });
    await expect(element).toBeAccessible();
  });

  it('loads the record page’s user when it has a record id', async () => {
    await mount(undefined, { recordId: MANAGER_VIEWED_REP });
    expect(emitter.getLastConfig().variables).toEqual({ repId: MANAGER_VIEWED_REP });
  });

  it('shows the rep their ladder with the current and the next level marked', async () => {
    const element = await mount(data());
    expect(q(element, 'lightning-card').title).toBe('My career');
    expect(text(element, '[data-id="level-heading"]')).toBe('Account Executive, L3 Senior Account Executive');
    expect(text(element, '[data-id="level-summary"]')).toBe(
      'You are at L3 of 6 on the Account Executive ladder. The next step is L4 Principal Account Executive.'
    );
    const steps = qa(element, '[data-id="ladder"] li');
    // The SDR level of the fixture is another track and stays out.
    expect(steps.map((li) => li.dataset.state)).toEqual([
      'done',
      'done',
      'current',
      'next',
      'later',
      'later'
    ]);
    expect(steps.map((li) => li.getAttribute('aria-current'))).toEqual([
      null,
      null,
      'step',
      null,
      null,
      null
    ]);
    expect(texts(element, '[data-id="ladder"] li')[2]).toBe(
      'L3 Senior Account Executive expected proficiency 3.30 Current level'
    );
    await expect(element).toBeAccessible();
  });

  it('puts this level’s and the next level’s expectations next to what the latest assessment said', async () => {
    const element = await mount(data());
    const areas = qa(element, '[data-id="area"]');
    expect(areas).toHaveLength(2);
    const scope = (areas[0].textContent as string).replace(/\s+/g, ' ');
    expect(scope).toContain('Role Scope/Execution');
    expect(scope).toContain('Latest assessment (2026-Q3): Exceeding');
    expect(scope).toContain('At L3 (now)');
    expect(scope).toContain('Meeting: Runs deals of L3 size on their own');
    expect(scope).toContain('Exceeding: Runs deals a level above L3 with light guidance');
    expect(scope).toContain('At L4 (next)');
    expect(scope).toContain('Meeting: Runs deals of L4 size on their own');
    const impact = (areas[1].textContent as string).replace(/\s+/g, ' ');
    expect(impact).toContain('Team/Cross-Functional Impact');
    expect(impact).toContain('Latest assessment (2026-Q3): Meeting');
    expect(impact).toContain('Exceeding: Coaches peers and shapes how the team sells at L4');
  });

  it('lists the promotion checklist from promotionReadiness with its numbers and says what is missing', async () => {
    const element = await mount(data());
    expect(text(element, '[data-id="readiness-badge"]')).toBe('Not yet');
    const lines = qa(element, '[data-id="checklist"] li');
    expect(lines.map((li) => li.dataset.met)).toEqual(['true', 'true', 'false']);
    expect(texts(element, '[data-id="checklist"] li')).toEqual([
      'Last two final scores are 1 or 2 : Met last two final scores: 2, 1',
      'Overall competency score reaches the L4 expectation : Met overall score 3.70 against 3.70 expected at L4',
      'Latest assessment rates both areas Exceeding : Not yet latest assessment: scope Exceeding, impact Meeting'
    ]);
    expect(qa(element, '[data-id="checklist"] lightning-icon').map((i) => i.alternativeText)).toEqual([
      'Met',
      'Met',
      'Not yet met'
    ]);
    expect(text(element, '[data-id="missing"]')).toBe(
      'To be ready for L4 Principal Account Executive, you still need both areas rated Exceeding in the latest assessment (latest assessment: scope Exceeding, impact Meeting). Each line you meet brings you closer.'
    );
    await expect(element).toBeAccessible();
  });

  it('says so when every line is met', async () => {
    const element = await mount(
      data((d) => (d.uiapi.query.Assessment__c.edges[0].node.Impact_Rating__c.value = 'Exceeding'))
    );
    expect(text(element, '[data-id="readiness-badge"]')).toBe('Ready');
    expect(text(element, '[data-id="missing"]')).toBe(
      'You meet every line for L4 Principal Account Executive. Talk with your manager about your promotion.'
    );
  });

  it('names the gap in numbers when the overall score is short of the next level', async () => {
    const element = await mount(
      data((d) => {
        const ratings = d.uiapi.query.Assessment__c.edges[0].node.Behavior_Ratings__r.edges;
        ratings[1].node.Rating__c.value = '3'; // Discovery 3.5: overall (3.5*2 + 2 + 4 + 3.5) / 5 = 3.30
      })
    );
    expect(text(element, '[data-id="missing"]')).toContain(
      'an overall competency score of 3.70, 0.40 above your current 3.30'
    );
  });

  it('shows the three strongest and the weakest competencies against the next level', async () => {
    const element = await mount(data());
    expect(text(element, '[data-id="standings"] p')).toBe(
      'Competency scores from the latest assessment, against the L4 expectation of 3.70.'
    );
    expect(texts(element, '[data-id="strengths"] li')).toEqual([
      'Discovery 4.50 (0.80 above the expectation)',
      'Forecasting 4.00 (0.30 above the expectation)',
      'Account planning 3.50 (0.20 below the expectation)'
    ]);
    expect(texts(element, '[data-id="gaps"] li')).toEqual(['Negotiation 2.00 (1.70 below the expectation)']);
    expect(q(element, '[data-id="no-gaps"]')).toBeNull();
  });

  it('says when too few competencies are rated to name any gap', async () => {
    const element = await mount(
      data((d) => {
        const edges = d.uiapi.query.Assessment__c.edges[0].node.Behavior_Ratings__r.edges;
        d.uiapi.query.Assessment__c.edges[0].node.Behavior_Ratings__r.edges = edges.slice(0, 2);
      })
    );
    expect(texts(element, '[data-id="strengths"] li')).toEqual([
      'Discovery 4.50 (0.80 above the expectation)'
    ]);
    expect(text(element, '[data-id="no-gaps"]')).toBe(
      'Too few competencies are rated yet to name any; they appear after a fuller assessment.'
    );
    await expect(element).toBeAccessible();
  });

  it('shows the latest submitted assessment read-only, grouped by competency with evidence', async () => {
    const element = await mount(data());
    expect(text(element, '[data-id="latest-summary"]')).toBe(
      '2026-Q3 by Morgan Lee: overall 3.70, eligible score 2, final score 2.'
    );
    expect(texts(element, '[data-id="competency"] h3')).toEqual([
      'Discovery: 4.50',
      'Negotiation: 2.00',
      'Forecasting: 4.00',
      'Account planning: 3.50'
    ]);
    const negotiation = qa(element, '[data-id="competency"]')[1].textContent.replace(/\s+/g, ' ');
    expect(negotiation).toContain('Trades, never gives: 2, developing');
    expect(negotiation).toContain('Evidence: Gave the discount before asking for anything in return.');
    expect(negotiation).toContain('Seen on: Acme renewal');
    expect(negotiation).toContain('Prepares walk-away points: N/A, does not apply');
    // Read-only: nothing to rate, only the acknowledgement.
    expect(qa(element, 'lightning-radio-group')).toHaveLength(0);
    expect(qa(element, 'lightning-textarea')).toHaveLength(1);
  });

  it('acknowledges with the comment in one mutation under the save contract, then re-reads', async () => {
    const refresh = jest.fn(() => Promise.resolve());
    mutate.mockResolvedValue({ data: { uiapi: { a: { success: true } } }, errors: undefined });
    const element = await mount(data(), { refresh });
    const textarea = q(element, '[data-id="ack-comment-input"]');
    expect(textarea.label).toBe('Comment for your manager (optional)');
    textarea.dispatchEvent(new CustomEvent('change', { detail: { value: '  Agreed on negotiation.  ' } }));
    q(element, '[data-id="acknowledge-button"]').dispatchEvent(new CustomEvent('click'));
    await flush();
    expect(mutate).toHaveBeenCalledTimes(1);
    const call = mutate.mock.calls[0][0];
    expect(call.operationName).toBe('acknowledgeAssessment');
    expect(call.query).toContain('uiapi(input: { allOrNone: true })');
    expect(call.variables.a.Id).toBe('a06000000000Q3AAA');
    expect(call.variables.a.Assessment__c).toEqual({
      Status__c: 'Acknowledged',
      Acknowledgement_Comment__c: 'Agreed on negotiation.',
      Version__c: 5,
      Save_Token__c: expect.stringMatching(UUID),
      Previous_Save_Token__c: 'token-q3-saved'
    });
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(text(element, '[data-id="ack-message"]')).toBe(
      'Thank you. You acknowledged your 2026-Q3 assessment, and Morgan Lee can see it.'
    );
    expect(q(element, '[data-id="ack-message"]').getAttribute('role')).toBe('status');
    expect(element.shadowRoot!.activeElement).toBe(q(element, '[data-id="ack-message"]'));
    await expect(element).toBeAccessible();
  });

  it('keeps the comment and says to reload when the assessment changed meanwhile', async () => {
    mutate.mockResolvedValue({
      data: undefined,
      errors: [
        {
          message: 'This assessment was changed by someone else.',
          extensions: { errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', fields: ['Version__c'] },
          paths: ['uiapi', 'a']
        }
      ]
    });
    const element = await mount(data());
    q(element, '[data-id="ack-comment-input"]').dispatchEvent(
      new CustomEvent('change', { detail: { value: 'Seen' } })
    );
    q(element, '[data-id="acknowledge-button"]').dispatchEvent(new CustomEvent('click'));
    await flush();
    expect(text(element, '[data-id="ack-message"]')).toBe(
      'Not acknowledged: This assessment changed after you opened it. Reload the page to see the latest version, then acknowledge it.'
    );
    expect(q(element, '[data-id="ack-message"]').getAttribute('role')).toBe('alert');
    expect(q(element, '[data-id="ack-comment-input"]').value).toBe('Seen');
    await expect(element).toBeAccessible();
  });

  it('shows a refusal by the org’s rules beside the comment', async () => {
    mutate.mockResolvedValue({
      data: undefined,
      errors: [
        {
          message: 'Only the rep can acknowledge an assessment, and only after it has been submitted.',
          extensions: { errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', fields: ['Status__c'] },
          paths: ['uiapi', 'a']
        }
      ]
    });
    const element = await mount(data());
    q(element, '[data-id="acknowledge-button"]').dispatchEvent(new CustomEvent('click'));
    await flush();
    expect(text(element, '[data-id="ack-message"]')).toBe(
      'Not acknowledged: Only the rep can acknowledge an assessment, and only after it has been submitted.'
    );
  });

  it('offers no acknowledgement when the org does not let the user change the status', async () => {
    const element = await mount(
      data((d) => {
        const status = d.uiapi.objectInfos[0].fields.find((f: any) => f.ApiName === 'Status__c');
        status.updateable = false;
      })
    );
    expect(q(element, '[data-id="acknowledge"]')).toBeNull();
    expect(text(element, '[data-id="ack-blocked"]')).toContain(
      'Your access lets you read this assessment but not acknowledge it.'
    );
    await expect(element).toBeAccessible();
  });

  it('shows an acknowledged assessment with the rep’s comment and no form', async () => {
    const element = await mount(
      data((d) => {
        const node = d.uiapi.query.Assessment__c.edges[0].node;
        node.Status__c.value = 'Acknowledged';
        node.Acknowledgement_Comment__c.value = 'Fair and useful.';
      })
    );
    expect(words(q(element, '[data-id="acknowledged"]'))).toBe(
      'Acknowledged You acknowledged this assessment. Comment: Fair and useful.'
    );
    expect(q(element, '[data-id="acknowledge"]')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('shows a manager the rep’s page with their name, and no acknowledgement to give', async () => {
    const element = await mount(
      data((d) => (d.uiapi.query.User.edges[0].node.Id = MANAGER_VIEWED_REP)),
      { recordId: MANAGER_VIEWED_REP }
    );
    expect(q(element, 'lightning-card').title).toBe('Career of Dana Reyes');
    expect(text(element, '[data-id="level-summary"]')).toContain('Dana Reyes is at L3 of 6');
    expect(text(element, '[data-id="missing"]')).toContain(
      'For L4 Principal Account Executive, Dana Reyes still needs'
    );
    expect(q(element, '[data-id="acknowledge"]')).toBeNull();
    expect(text(element, '[data-id="waiting"]')).toBe(
      'Waiting for Dana Reyes to acknowledge this assessment.'
    );
    await expect(element).toBeAccessible();
  });

  it('draws the history chart with its table: scores per period and the synced metrics', async () => {
    const element = await mount(data());
    expect(text(element, '[data-id="synced"]')).toBe(
      'Attainment and win rate from the metrics sync, last run 2 Dec 2026, 06:00.'
    );
    const chart = q(element, 'c-career-history-chart');
    expect(
      chart.rows.map((r: any) => [
        r.period,
        r.finalText,
        r.eligibleText,
        r.overallText,
        r.attainmentText,
        r.winRateText
      ])
    ).toEqual([
      ['2026-Q2', '1', '1', '3.00', '134%', '36%'],
      ['2026-Q3', '2', '2', '3.70', '118.5%', '31%']
    ]);
  });

  it('tells a rep without a level whom to ask', async () => {
    const element = await mount(data((d) => (d.uiapi.query.User.edges[0].node.Career_Level__c.value = null)));
    expect(panel(element).state).toBe('empty');
    expect(panel(element).heading).toBe('Your career level is not set yet');
    expect(panel(element).nextStep).toBe(
      'Ask your manager or your Salesforce admin to set Career Level on your user record.'
    );
    await expect(element).toBeAccessible();
  });

  it('tells a rep without a sales role whom to ask', async () => {
    const element = await mount(
      data((d) => (d.uiapi.query.User.edges[0].node.Sales_Role__c = { value: null }))
    );
    expect(panel(element).heading).toBe('Your sales role is not set yet');
  });

  it('says the levels of the track are missing when the level is not on the ladder', async () => {
    const element = await mount(data((d) => (d.uiapi.query.User.edges[0].node.Career_Level__c.value = 7)));
    expect(panel(element).heading).toBe('No L7 on the Account Executive ladder');
    expect(panel(element).nextStep).toContain('load the career levels');
  });

  it('shows another viewer the ladder only, when the org shows them no assessment or metric of the rep', async () => {
    const element = await mount(
      data((d) => {
        d.uiapi.query.User.edges[0].node.Id = MANAGER_VIEWED_REP;
        d.uiapi.query.Assessment__c.edges = [];
        d.uiapi.query.Performance_Snapshot__c.edges = [];
      }),
      { recordId: MANAGER_VIEWED_REP }
    );
    expect(qa(element, '[data-id="ladder"] li')).toHaveLength(6);
    expect(q(element, '[data-id="checklist"]')).toBeNull();
    expect(q(element, '[data-id="latest"]')).toBeNull();
    expect(q(element, '[data-id="history"]')).toBeNull();
    const hidden = q(element, '[data-id="hidden"] c-state-panel');
    expect(hidden.heading).toBe('No assessments or metrics of Dana Reyes that you can see');
    await expect(element).toBeAccessible();
  });

  it('says the page is not available when the user cannot be read', async () => {
    const element = await mount(
      data((d) => (d.uiapi.query.User.edges = [])),
      { recordId: MANAGER_VIEWED_REP }
    );
    expect(panel(element).heading).toBe('This career page is not available');
  });

  it('encourages a rep with no assessment yet and keeps the ladder and expectations', async () => {
    const element = await mount(data((d) => (d.uiapi.query.Assessment__c.edges = [])));
    expect(qa(element, '[data-id="ladder"] li')).toHaveLength(6);
    const latestPanel = q(element, '[data-id="latest"] c-state-panel');
    expect(latestPanel.heading).toBe('No assessment from your manager yet');
    expect(latestPanel.nextStep).toBe('Ask your manager when your next assessment is planned.');
    expect(text(element, '[data-id="no-standings"]')).toBe(
      'Strengths and gaps appear once a submitted assessment has rated some behaviours.'
    );
    expect(texts(element, '[data-id="checklist"] li')[0]).toBe(
      'Last two final scores are 1 or 2 : Not yet no final scores yet'
    );
    await expect(element).toBeAccessible();
  });

  it('says the metrics sync has not run when there are no snapshots', async () => {
    const element = await mount(data((d) => (d.uiapi.query.Performance_Snapshot__c.edges = [])));
    const syncPanel = q(element, '[data-id="history"] c-state-panel');
    expect(syncPanel.heading).toBe('Attainment and win rate are not synced yet');
    expect(syncPanel.nextStep).toBe('Ask your RevOps team or admin to run the metrics sync (npm run sync).');
    expect(q(element, 'c-career-history-chart').rows.map((r: any) => r.attainmentText)).toEqual([
      'not synced',
      'not synced'
    ]);
    await expect(element).toBeAccessible();
  });

  it('says the top level has no next step', async () => {
    const element = await mount(data((d) => (d.uiapi.query.User.edges[0].node.Career_Level__c.value = 6)));
    expect(text(element, '[data-id="level-summary"]')).toContain('This is the top level of the track.');
    expect(text(element, '[data-id="missing"]')).toBe(
      'You are at the top level of the Account Executive track: keep setting the example for others.'
    );
    expect(texts(element, '[data-id="strengths"] li')[0]).toBe('Discovery 4.50 (right at the expectation)');
  });

  it('shows the reduced error when the request fails', async () => {
    const element = await mount();
    emitter.emitErrors([{ message: 'Request limit reached', extensions: { ErrorType: 'ExecutionAborted' } }]);
    await flush();
    expect(panel(element).state).toBe('error');
    expect(panel(element).message).toBe('The career page could not be loaded: Request limit reached');
    await expect(element).toBeAccessible();
  });

  it('reports a rating the scoring library cannot read instead of showing wrong scores', async () => {
    const element = await mount(
      data(
        (d) =>
          (d.uiapi.query.Assessment__c.edges[0].node.Behavior_Ratings__r.edges[0].node.Rating__c.value = '7')
      )
    );
    expect(panel(element).state).toBe('error');
    expect(panel(element).message).toContain('The career page could not be shown');
  });
});
