/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return --
   the tests read properties of base-component stubs and edit copies of the JSON fixture freely */
import { createElement } from 'lwc';
import RepRating from 'c/repRating';
import { executeMutation, graphql } from 'lightning/graphql';

import fixture from './data/repRatingQuery.json';

const emitter = graphql as unknown as {
  emit(data: unknown): void;
  emitErrors(errors: unknown[]): void;
};
const mutate = executeMutation as unknown as jest.Mock;

/** The current user of the tests (sfdx-lwc-jest's @salesforce/user/Id): the rep's manager in the fixture. */
const ME = '005000000000000000';
const REP = '005000000000001AAA';
const B_OPEN = 'a03000000000011AAA';
const B_PAIN = 'a03000000000012AAA';
const B_TRADE = 'a03000000000021AAA';
const B_WALK = 'a03000000000022AAA';
const B_COMMIT = 'a03000000000031AAA';
const READ_TOKEN = 'e4b1c2d3-5f60-4a71-8b92-a3b4c5d6e7f8';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type Fixture = typeof fixture;

function data(edit?: (d: any) => void): Fixture {
  const copy = JSON.parse(JSON.stringify(fixture));
  if (edit) edit(copy);
  return copy;
}

function assessmentOf(d: any): any {
  return d.uiapi.query.Assessment__c.edges[0].node;
}

async function flush(): Promise<void> {
  await Promise.resolve();
  await Promise.resolve();
  await Promise.resolve();
  await Promise.resolve();
}

async function mount(d?: unknown): Promise<HTMLElement & { period?: string }> {
  const element = createElement('c-rep-rating', { is: RepRating }) as HTMLElement & {
    recordId?: string;
    period?: string;
  };
  element.recordId = REP;
  element.period = '2026-Q3';
  document.body.appendChild(element);
  if (d) {
    emitter.emit(d);
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

async function change(element: HTMLElement, dataId: string, value: string): Promise<void> {
  const control = q(element, `[data-id="${dataId}"]`);
  if (!control) throw new Error(`no control ${dataId}`);
  control.dispatchEvent(new CustomEvent('change', { detail: { value } }));
  await flush();
}

async function click(element: HTMLElement, dataId: string): Promise<void> {
  const button = q(element, `[data-id="${dataId}"]`);
  if (!button) throw new Error(`no button ${dataId}`);
  button.dispatchEvent(new CustomEvent('click'));
  await flush();
  await flush();
}

function panelText(element: HTMLElement): string {
  const panel = q(element, 'c-state-panel');
  return (panel?.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

describe('c-rep-rating', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    mutate.mockReset();
    window.sessionStorage.clear();
  });

  describe('loading, error and empty states', () => {
    it('shows the loading panel until the query answers', async () => {
      const element = await mount();
      const panel = q(element, 'c-state-panel');
      expect(panel.state).toBe('loading');
      expect(panel.shadowRoot.querySelector('lightning-spinner')).not.toBeNull();
      await expect(element).toBeAccessible();
    });

    it('asks for one request with the rep and the period as variables', async () => {
      const element = await mount();
      const config = (graphql as unknown as { getLastConfig(): any }).getLastConfig();
      expect(config.variables).toEqual({ repId: REP, period: '2026-Q3', type: 'Manager' });
      expect(config.query).toContain('query repRating($repId: ID, $period: String, $type: Picklist)');
      expect(q(element, 'c-state-panel')).not.toBeNull();
    });

    it('reduces GraphQL errors into one message with what to do next', async () => {
      const element = await mount();
      emitter.emitErrors([
        { message: 'No such column Stages__c', extensions: { ErrorType: 'ValidationError' } },
        { message: 'No such column Stages__c', extensions: { ErrorType: 'ValidationError' } }
      ]);
      await flush();
      const panel = q(element, 'c-state-panel');
      expect(panel.state).toBe('error');
      expect(panelText(element)).toContain('The rating screen could not be loaded: No such column Stages__c');
      expect(panelText(element)).toContain('Reload the page');
      expect(panel.shadowRoot.querySelector('[role="alert"]')).not.toBeNull();
      await expect(element).toBeAccessible();
    });

    it('says so when the rep cannot be read', async () => {
      const element = await mount(data((d) => (d.uiapi.query.User.edges = [])));
      expect(q(element, 'c-state-panel').state).toBe('empty');
      expect(panelText(element)).toContain('Open the rep from the Team page');
      await expect(element).toBeAccessible();
    });

    it('tells the admin to set a sales role when the rep has none', async () => {
      const element = await mount(
        data((d) => (d.uiapi.query.User.edges[0].node.Sales_Role__c = { value: null, displayValue: null }))
      );
      expect(panelText(element)).toContain('Dana Reyes has no sales role');
      expect(panelText(element)).toContain('An admin sets Sales Role');
    });

    it('tells the admin to weight competencies when the role has none', async () => {
      const element = await mount(data((d) => (d.uiapi.query.Role_Competency__c.edges = [])));
      expect(panelText(element)).toContain('No competencies are weighted for the Account Executive role');
      await expect(element).toBeAccessible();
    });
  });

  describe('with data', () => {
    it('shows the rep, the behaviours of the role grouped by dimension, and their scores', async () => {
      const element = await mount(data());
      expect(text(element, '[data-id="rep-line"]')).toBe(
        'Account Executive, AE L3 (Senior Account Executive)'
      );
      expect(text(element, '[data-id="status-line"]')).toBe(
        'Draft, last saved by Morgan Lee on 30 Nov 2026, 10:00.'
      );
      expect(text(element, '[data-id="metrics-line"]')).toBe(
        'Synced metrics: quota attainment 134%, win rate 31%, 9 won and 20 lost in 2026-Q3, synced 2 Dec 2026, 06:00.'
      );
      expect(qa(element, 'h2').map((h) => h.textContent)).toEqual([
        'Customer Insight: 3.50',
        'Deal Execution: 2.00',
        'Expectations at AE L3',
        'Performance score'
      ]);
      expect(qa(element, 'h3').map((h) => h.textContent)).toEqual([
        'Discovery: 3.50 (weight 2)',
        'Negotiation: 2.00 (weight 1)',
        'Forecasting: unrated (weight 1)'
      ]);
      // The SDR competency of the same model is not offered to an Account Executive.
      expect(qa(element, 'fieldset legend').map((l) => l.textContent)).toEqual([
        'Asks open questions',
        'Confirms the pain',
        'Trades rather than concedes',
        'Knows the walk-away point',
        'Commits only what is backed'
      ]);
      expect(text(element, '[data-id="overall"]')).toBe(
        'Overall 3.00: 3 of 5 behaviours rated, 0 N/A, 2 still to rate.'
      );
      await expect(element).toBeAccessible();
    });

    it('offers each behaviour the 1-5 scale with labels and N/A, evidence and an opportunity', async () => {
      const element = await mount(data());
      const group = q(element, `[data-id="rating-${B_TRADE}"]`);
      expect(group.type).toBe('button');
      expect(group.label).toBe('Rating for Trades rather than concedes');
      expect(group.options.map((o: { label: string }) => o.label)).toEqual([
        '1 Not yet observed',
        '2 Developing',
        '3 Proficient',
        '4 Advanced',
        '5 Role model',
        'N/A'
      ]);
      expect(group.value).toBe('2');
      const evidence = q(element, `[data-id="evidence-${B_TRADE}"]`);
      expect(evidence.required).toBe(true);
      expect(evidence.value).toBe('Gave a discount twice without asking for a longer term.');
      expect(q(element, `[data-id="evidence-${B_OPEN}"]`).required).toBe(false);
      const opportunity = q(element, `[data-id="opportunity-${B_TRADE}"]`);
      expect(opportunity.value).toBe('006000000000001AAA');
      expect(opportunity.options.map((o: { label: string }) => o.label)).toEqual([
        'None',
        'Northwind renewal, Closed Won, 2026-09-20',
        'Contoso expansion, Negotiation/Review, 2026-12-15'
      ]);
      const stages = q(element, `[data-id="rating-${B_OPEN}"]`)
        .closest('fieldset')
        .querySelector('.slds-text-color_weak');
      expect(stages.textContent).toBe('Matters in: Qualification, Needs Analysis');
    });

    it('rescores live as ratings change and announces the change politely', async () => {
      const element = await mount(data());
      await change(element, `rating-${B_COMMIT}`, '5');
      expect(qa(element, 'h3').map((h) => h.textContent)[2]).toBe('Forecasting: 5.00 (weight 1)');
      expect(qa(element, 'h2').map((h) => h.textContent)[1]).toBe('Deal Execution: 3.50');
      expect(text(element, '[data-id="overall"]')).toBe(
        'Overall 3.50: 4 of 5 behaviours rated, 0 N/A, 1 still to rate.'
      );
      const live = q(element, '[data-id="live"]');
      expect(live.getAttribute('aria-live')).toBe('polite');
      expect(live.textContent).toBe('Forecasting 5.00, Deal Execution 3.50, overall 3.50.');
      // N/A leaves the competency unrated, never 0.
      await change(element, `rating-${B_COMMIT}`, 'N/A');
      expect(qa(element, 'h3').map((h) => h.textContent)[2]).toBe('Forecasting: unrated (weight 1)');
      const chart = q(element, 'c-profile-chart');
      expect(chart.dimensions[1].competencies[1]).toEqual({
        key: 'a02000000000003AAA',
        name: 'Forecasting',
        score: null
      });
    });

    it('shows the expectation areas beside the level texts, and the eligible score in words', async () => {
      const element = await mount(data());
      expect(q(element, '[data-id="scope"]').value).toBe('Exceeding');
      expect(text(element, '[data-id="scope-meeting"]')).toBe(
        'Runs mid-size deals end to end with little help.'
      );
      expect(text(element, '[data-id="impact-exceeding"]')).toBe(
        'Coaches newer reps and improves the team playbook.'
      );
      expect(text(element, '[data-id="eligible"]')).toBe(
        'Attainment 134% is in band 1 (130% and above) and both areas are Exceeding, so the eligible score is 1.'
      );
      await change(element, 'impact', 'Meeting');
      expect(text(element, '[data-id="eligible"]')).toBe(
        'Attainment 134% is in band 1 (130% and above), whose score 1 needs both areas Exceeding; they are not both Exceeding, so the eligible score is 2. The last sync wrote 1 before the areas changed; 2 applies until the sync runs again.'
      );
      expect(q(element, '[data-id="final"]').options.map((o: { value: string }) => o.value)).toEqual([
        '2',
        '3',
        '4',
        '5'
      ]);
      expect(q(element, '[data-id="ramp-rule"]')).toBeNull();
    });

    it('offers only final scores that checkFinalScore allows, and no override to a manager', async () => {
      const element = await mount(
        data((d) => {
          assessmentOf(d).Quota_Attainment__c.value = 95.5;
          assessmentOf(d).Eligible_Score__c.value = 3;
        })
      );
      expect(text(element, '[data-id="eligible"]')).toBe(
        'Attainment 95.5% is in band 3 (80% up to 111%), so the eligible score is 3.'
      );
      expect(q(element, '[data-id="final"]').options).toEqual([
        { label: '3 (the eligible score)', value: '3' },
        { label: '4', value: '4' },
        { label: '5', value: '5' }
      ]);
      expect(q(element, '[data-id="override"]')).toBeNull();
    });

    it('explains the ramp rule for a rep in ramp', async () => {
      const element = await mount(
        data((d) => {
          assessmentOf(d).In_Ramp__c.value = true;
          assessmentOf(d).Impact_Rating__c.value = 'Meeting';
          d.uiapi.query.User.edges[0].node.In_Ramp__c.value = true;
          d.uiapi.query.User.edges[0].node.Ramp_End_Date__c = {
            value: '2027-03-31',
            displayValue: '31 Mar 2027'
          };
        })
      );
      expect(text(element, '[data-id="ramp-line"]')).toBe('In ramp until 31 Mar 2027.');
      expect(text(element, '[data-id="eligible"]')).toBe(
        'In ramp: scope Exceeding and impact Meeting, so the eligible score is 2.'
      );
      expect(text(element, '[data-id="ramp-rule"]')).toContain('both Exceeding give 1');
      await expect(element).toBeAccessible();
    });

    it('says the metrics sync has not run when nothing is synced for the period', async () => {
      const element = await mount(
        data((d) => {
          assessmentOf(d).Quota_Attainment__c.value = null;
          assessmentOf(d).Eligible_Score__c.value = null;
          d.uiapi.query.Performance_Snapshot__c.edges = [];
        })
      );
      expect(text(element, '[data-id="eligible"]')).toBe(
        'No quota attainment is synced for 2026-Q3 yet: the metrics sync has not run for this period, so there is no eligible score.'
      );
      expect(q(element, '[data-id="final"]')).toBeNull();
      expect(text(element, '[data-id="final-unavailable"]')).toContain('once there is an eligible score');
      expect(text(element, '[data-id="metrics-line"]')).toBe('No metrics have been synced for this rep yet.');
    });

    it('is read-only for the rep, with the reason, whatever their field access', async () => {
      const element = await mount(
        data((d) => {
          d.uiapi.query.User.edges[0].node.Id = ME;
          d.uiapi.query.User.edges[0].node.ManagerId.value = '005000000000009AAA';
          assessmentOf(d).Assessor__c.value = '005000000000009AAA';
        })
      );
      expect(text(element, '[data-id="read-only"]')).toBe(
        'This is your assessment from your manager: you can read it here, and only they change it.'
      );
      expect(q(element, '[data-id="actions"]')).toBeNull();
      expect(q(element, `[data-id="rating-${B_OPEN}"]`).disabled).toBe(true);
      expect(q(element, '[data-id="scope"]').disabled).toBe(true);
      await expect(element).toBeAccessible();
    });

    it('is read-only for a peer manager who is not the assessor', async () => {
      const element = await mount(data((d) => (assessmentOf(d).Assessor__c.value = '005000000000007AAA')));
      expect(text(element, '[data-id="read-only"]')).toBe(
        'Only the assessor, Morgan Lee, can change this assessment.'
      );
      expect(q(element, '[data-id="submit"]')).toBeNull();
    });

    it('lets only the rep’s manager start an assessment', async () => {
      const element = await mount(
        data((d) => {
          d.uiapi.query.Assessment__c.edges = [];
          d.uiapi.query.User.edges[0].node.ManagerId.value = '005000000000008AAA';
        })
      );
      expect(text(element, '[data-id="read-only"]')).toBe(
        "Only Dana Reyes's manager, Morgan Lee, can start their assessment."
      );
    });

    it('lets the manager start one when the org lets them create assessments and ratings', async () => {
      const element = await mount(
        data((d) => {
          d.uiapi.query.Assessment__c.edges = [];
          d.uiapi.objectInfos = [
            {
              ApiName: 'Assessment__c',
              createable: true,
              updateable: true,
              fields: [{ ApiName: 'Scope_Rating__c', createable: true, updateable: true }]
            },
            {
              ApiName: 'Behavior_Rating__c',
              createable: true,
              updateable: true,
              fields: [{ ApiName: 'Rating__c', createable: true, updateable: true }]
            }
          ];
        })
      );
      expect(q(element, '[data-id="read-only"]')).toBeNull();
      expect(q(element, '[data-id="submit"]').label).toBe('Submit');
    });

    it('says what is wrong with the band records instead of guessing a score', async () => {
      const overlapping = await mount(
        data((d) => (d.uiapi.query.Performance_Band__c.edges[1].node.Max_Attainment__c.value = 135))
      );
      expect(text(overlapping, '[data-id="eligible"]')).toBe(
        'Performance bands overlap at quota attainment 134%: Distinguished, Strong'
      );
      document.body.removeChild(overlapping);
      const broken = await mount(
        data((d) => (d.uiapi.query.Performance_Band__c.edges[0].node.Fallback_Score__c.value = null))
      );
      expect(text(broken, '[data-id="eligible"]')).toBe(
        'The performance bands cannot be used (Performance band Distinguished: fallback score (the band requires both areas Exceeding) must be a whole number from 1 to 5, got null). An admin corrects the band records.'
      );
    });

    it('is read-only once the rep has acknowledged the assessment', async () => {
      const element = await mount(data((d) => (assessmentOf(d).Status__c.value = 'Acknowledged')));
      expect(text(element, '[data-id="read-only"]')).toBe(
        'Dana Reyes has acknowledged this assessment, so its ratings are final.'
      );
    });

    it('is read-only when the org says the user may not edit assessments', async () => {
      const element = await mount(
        data((d) => {
          d.uiapi.objectInfos = [
            {
              ApiName: 'Assessment__c',
              createable: true,
              updateable: false,
              fields: [{ ApiName: 'Scope_Rating__c', createable: true, updateable: false }]
            },
            {
              ApiName: 'Behavior_Rating__c',
              createable: true,
              updateable: true,
              fields: [{ ApiName: 'Rating__c', createable: true, updateable: true }]
            }
          ];
        })
      );
      expect(text(element, '[data-id="read-only"]')).toBe(
        'Your access lets you read this assessment but not change it.'
      );
    });

    it('lets a user whom the org lets edit Override_Reason__c record an override with a reason', async () => {
      const element = await mount(
        data((d) => {
          assessmentOf(d).Quota_Attainment__c.value = 95.5;
          assessmentOf(d).Eligible_Score__c.value = 3;
          d.uiapi.objectInfos = [
            {
              ApiName: 'Assessment__c',
              createable: true,
              updateable: true,
              fields: [
                { ApiName: 'Scope_Rating__c', createable: true, updateable: true },
                { ApiName: 'Override_Reason__c', createable: true, updateable: true }
              ]
            },
            {
              ApiName: 'Behavior_Rating__c',
              createable: true,
              updateable: true,
              fields: [{ ApiName: 'Rating__c', createable: true, updateable: true }]
            }
          ];
        })
      );
      expect(q(element, '[data-id="final"]').options.map((o: { label: string }) => o.label)).toEqual([
        '1 (override: give a reason)',
        '2 (override: give a reason)',
        '3 (the eligible score)',
        '4',
        '5'
      ]);
      await change(element, 'final', '2');
      expect(q(element, '[data-id="override"]').required).toBe(true);
      await click(element, 'save-draft');
      expect(mutate).not.toHaveBeenCalled();
      expect(text(element, '[data-id="override-error"]')).toBe(
        'Final score 2 is better than the eligible score 3: record an override reason'
      );
      await change(element, 'override', 'Closed the largest deal of the region in the last week.');
      mutate.mockResolvedValue({ data: { uiapi: { a: { success: true } } } });
      await click(element, 'save-draft');
      const fields = mutate.mock.calls[0][0].variables.a.Assessment__c;
      expect(fields.Final_Score__c).toBe(2);
      expect(fields.Override_Reason__c).toBe('Closed the largest deal of the region in the last week.');
    });
  });

  describe('saving', () => {
    it('saves a draft as one mutation: the assessment update first, version + 1, a fresh token, then the changed ratings', async () => {
      const element = await mount(data());
      await change(element, `rating-${B_WALK}`, '4');
      await change(element, `evidence-${B_OPEN}`, 'Asked five open questions on the Northwind call.');
      mutate.mockResolvedValue({
        data: {
          uiapi: { a: { success: true }, r0: { Record: { Id: 'a06000000000099AAA' } }, u1: { success: true } }
        }
      });
      await click(element, 'save-draft');
      expect(mutate).toHaveBeenCalledTimes(1);
      const { query, variables, operationName } = mutate.mock.calls[0][0];
      expect(operationName).toBe('saveAssessment');
      expect(query).toContain('uiapi(input: { allOrNone: true })');
      const assessmentAt = query.indexOf('a: Assessment__cUpdate(input: $a) { success }');
      expect(assessmentAt).toBeGreaterThan(0);
      expect(assessmentAt).toBeLessThan(query.indexOf('Behavior_Rating__cCreate(input:'));
      expect(assessmentAt).toBeLessThan(query.indexOf('Behavior_Rating__cUpdate(input:'));
      expect(variables.a.Id).toBe('a05000000000001AAA');
      expect(variables.a.Assessment__c).toEqual({
        Status__c: 'Draft',
        Scope_Rating__c: 'Exceeding',
        Impact_Rating__c: 'Exceeding',
        Final_Score__c: null,
        Overall_Score__c: 3.33,
        Save_Token__c: expect.stringMatching(UUID),
        Previous_Save_Token__c: READ_TOKEN,
        Version__c: 4
      });
      const token = variables.a.Assessment__c.Save_Token__c;
      const ratingVariables = Object.keys(variables).filter((k) => k !== 'a');
      expect(ratingVariables).toHaveLength(2);
      const update = ratingVariables.map((k) => variables[k]).find((v) => v.Id);
      expect(update).toEqual({
        Id: 'a06000000000011AAA',
        Behavior_Rating__c: {
          Rating__c: '3',
          Evidence__c: 'Asked five open questions on the Northwind call.',
          Evidence_Opportunity__c: null,
          Save_Token__c: token,
          Previous_Save_Token__c: READ_TOKEN,
          Version__c: 2
        }
      });
      const create = ratingVariables.map((k) => variables[k]).find((v) => !v.Id);
      expect(create.Behavior_Rating__c).toEqual({
        Assessment__c: 'a05000000000001AAA',
        Job_Behavior__c: B_WALK,
        Rating__c: '4',
        Evidence__c: null,
        Evidence_Opportunity__c: null,
        Save_Token__c: token,
        Previous_Save_Token__c: READ_TOKEN,
        Version__c: 1
      });
      const message = q(element, '[data-id="message"]');
      expect(message.textContent).toContain('Draft saved');
      expect(message.textContent).toContain('Submit them when they are ready for Dana Reyes to acknowledge.');
      expect(element.shadowRoot!.activeElement).toBe(message);
      await expect(element).toBeAccessible();
    });

    it('a second save updates what the first created, at the next version', async () => {
      const element = await mount(data());
      await change(element, `rating-${B_WALK}`, '4');
      mutate.mockResolvedValue({
        data: { uiapi: { a: { success: true }, r0: { Record: { Id: 'a06000000000099AAA' } } } }
      });
      await click(element, 'save-draft');
      await change(element, `rating-${B_WALK}`, '5');
      mutate.mockResolvedValue({ data: { uiapi: { a: { success: true }, u0: { success: true } } } });
      await click(element, 'save-draft');
      const second = mutate.mock.calls[1][0].variables;
      expect(second.a.Assessment__c.Version__c).toBe(5);
      expect(second.a.Assessment__c.Save_Token__c).not.toBe(
        mutate.mock.calls[0][0].variables.a.Assessment__c.Save_Token__c
      );
      const firstToken = mutate.mock.calls[0][0].variables.a.Assessment__c.Save_Token__c;
      expect(second.a.Assessment__c.Previous_Save_Token__c).toBe(firstToken);
      expect(second.u0).toEqual({
        Id: 'a06000000000099AAA',
        Behavior_Rating__c: {
          Rating__c: '5',
          Evidence__c: null,
          Evidence_Opportunity__c: null,
          Save_Token__c: second.a.Assessment__c.Save_Token__c,
          Previous_Save_Token__c: firstToken,
          Version__c: 2
        }
      });
    });

    it('creates the assessment and its ratings in one mutation, the ratings referring to @{a}', async () => {
      const element = await mount(data((d) => (d.uiapi.query.Assessment__c.edges = [])));
      expect(text(element, '[data-id="status-line"]')).toBe('No assessment for 2026-Q3 yet.');
      await change(element, `rating-${B_OPEN}`, '4');
      await change(element, 'scope', 'Meeting');
      mutate.mockResolvedValue({
        data: {
          uiapi: { a: { Record: { Id: 'a05000000000002AAA' } }, r0: { Record: { Id: 'a06000000000100AAA' } } }
        }
      });
      await click(element, 'save-draft');
      const { query, variables } = mutate.mock.calls[0][0];
      expect(query).toContain('a: Assessment__cCreate(input: $a) { Record { Id } }');
      expect(variables.a.Assessment__c).toMatchObject({
        Rep__c: REP,
        OwnerId: REP,
        Assessor__c: ME,
        Type__c: 'Manager',
        Period__c: '2026-Q3',
        Sales_Role__c: 'Account Executive',
        Career_Level__c: 'a08000000000003AAA',
        In_Ramp__c: false,
        Status__c: 'Draft',
        Scope_Rating__c: 'Meeting',
        Overall_Score__c: 4,
        Version__c: 1
      });
      expect(variables.r0.Behavior_Rating__c).toMatchObject({
        Assessment__c: '@{a}',
        Job_Behavior__c: B_OPEN
      });
      expect(text(element, '[data-id="status-line"]')).toBe('Draft, last saved by you.');
    });

    it('refuses a save whose low rating has no visible evidence, beside the field, without calling the org', async () => {
      const element = await mount(data());
      await change(element, `rating-${B_PAIN}`, '1');
      await change(element, `evidence-${B_PAIN}`, ' \n\t\u200b');
      await click(element, 'save-draft');
      expect(mutate).not.toHaveBeenCalled();
      const fieldset = q(element, `[data-id="evidence-${B_PAIN}"]`).closest('fieldset');
      expect(fieldset.querySelector('[data-id="evidence-error"]').textContent.trim()).toBe(
        'Confirms the pain: a rating of 1 needs evidence of what you observed.'
      );
      const message = q(element, '[data-id="message"]');
      expect(message.getAttribute('role')).toBe('alert');
      expect(element.shadowRoot!.activeElement).toBe(message);
      expect(qa(element, '[data-id="problems"] lightning-button').map((b) => b.label)).toEqual([
        'Go to the evidence for Confirms the pain'
      ]);
      await expect(element).toBeAccessible();
    });

    it('shows a validation rule refusal beside the field it names', async () => {
      const element = await mount(data());
      await change(element, `rating-${B_WALK}`, '2');
      await change(element, `evidence-${B_WALK}`, 'x');
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
          },
          {
            message: 'a was rolled back because another operation failed and allOrNone is true',
            paths: ['uiapi', 'a'],
            extensions: { ErrorType: 'ExecutionAborted' }
          }
        ]
      });
      await click(element, 'save-draft');
      const fieldset = q(element, `[data-id="evidence-${B_WALK}"]`).closest('fieldset');
      expect(fieldset.querySelector('[data-id="evidence-error"]').textContent.trim()).toBe(
        'A rating of 1 or 2 needs evidence: describe what you observed.'
      );
      expect(text(element, '[data-id="message"]')).toContain('Salesforce refused the save');
      expect(text(element, '[data-id="message"]')).not.toContain('rolled back');
      // The edit is still on screen.
      expect(q(element, `[data-id="rating-${B_WALK}"]`).value).toBe('2');
    });

    it('says what failed and keeps the edits when the request itself fails', async () => {
      const element = await mount(data());
      await change(element, `rating-${B_WALK}`, '4');
      mutate.mockRejectedValue(new Error('Failed to fetch'));
      await click(element, 'save-draft');
      expect(text(element, '[data-id="message"]')).toContain(
        'Failed to fetch Nothing was saved; your edits are still here.'
      );
      expect(q(element, `[data-id="rating-${B_WALK}"]`).value).toBe('4');
    });

    it('lists what a submit still needs, each a button to the field', async () => {
      const element = await mount(data());
      await click(element, 'submit');
      expect(mutate).not.toHaveBeenCalled();
      const problems = qa(element, '[data-id="problem"]').map((b) => b.textContent);
      expect(problems).toEqual([
        'Rate the 2 behaviours still unrated (first: Knows the walk-away point), or choose N/A.',
        'Choose the final score.'
      ]);
      const buttons = qa(element, '[data-id="problems"] lightning-button');
      expect(buttons.map((b) => b.label)).toEqual([
        'Go to Knows the walk-away point',
        'Go to the final score'
      ]);
      expect(buttons[0].dataset.target).toBe(`rating-${B_WALK}`);
      // The button takes focus to the field it names.
      const group = q(element, `[data-id="rating-${B_WALK}"]`);
      group.focus = jest.fn();
      buttons[0].dispatchEvent(new CustomEvent('click'));
      expect(group.focus).toHaveBeenCalled();
      await expect(element).toBeAccessible();
    });

    it('will not submit a non-ramp rep before the sync has written the eligible score', async () => {
      const element = await mount(data((d) => (assessmentOf(d).Eligible_Score__c.value = null)));
      await change(element, `rating-${B_WALK}`, 'N/A');
      await change(element, `rating-${B_COMMIT}`, 'N/A');
      expect(text(element, '[data-id="eligible"]')).toBe(
        'Attainment 134% is in band 1 (130% and above) and both areas are Exceeding, so the eligible score is 1. The metrics sync has not written it to this assessment yet, so the final score waits for it.'
      );
      // The org checks a final score only against the synced eligible score: none is offered before it.
      expect(q(element, '[data-id="final"]')).toBeNull();
      await click(element, 'submit');
      expect(mutate).not.toHaveBeenCalled();
      expect(qa(element, '[data-id="problem"]').map((b) => b.textContent)).toEqual([
        'The metrics sync has not run for 2026-Q3 yet, so there is no eligible score to check the final score against. Save a draft and submit once the sync has run.'
      ]);
    });

    it('submits a complete assessment', async () => {
      const element = await mount(data());
      await change(element, `rating-${B_WALK}`, 'N/A');
      await change(element, `rating-${B_COMMIT}`, 'N/A');
      await change(element, 'final', '1');
      mutate.mockResolvedValue({ data: { uiapi: { a: { success: true } } } });
      await click(element, 'submit');
      const fields = mutate.mock.calls[0][0].variables.a.Assessment__c;
      expect(fields.Status__c).toBe('Submitted');
      expect(fields.Final_Score__c).toBe(1);
      expect(text(element, '[data-id="message"]')).toContain('Assessment submitted');
      expect(q(element, '[data-id="save-draft"]').label).toBe('Return to draft and save');
      expect(q(element, '[data-id="submit"]').label).toBe('Save changes');
    });
  });

  describe('two managers at once', () => {
    it('refuses the stale save, keeps the edits, names who saved and when, and re-applies the edits on their version', async () => {
      const element = await mount(data());
      await change(element, `rating-${B_WALK}`, '5');
      mutate.mockResolvedValue({
        data: { uiapi: { a: null } },
        errors: [
          {
            message:
              'Someone else saved this assessment after you opened it, so your changes were not saved.',
            paths: ['uiapi', 'a'],
            extensions: {
              ErrorType: 'DataFetchingException',
              errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
              fields: ['Version__c']
            }
          }
        ]
      });
      await click(element, 'save-draft');
      const message = q(element, '[data-id="message"]');
      expect(message.textContent).toContain('Not saved: someone else saved this assessment first');
      expect(element.shadowRoot!.activeElement).toBe(message);
      expect(q(element, '[data-id="actions"]')).toBeNull();
      // The refresh brings their version: the message names them, the screen keeps the edits.
      emitter.emit(
        data((d) => {
          const a = assessmentOf(d);
          a.Version__c.value = 4;
          a.LastModifiedBy.Name.value = 'Avery Park';
          a.LastModifiedDate = { value: '2026-12-02T09:15:00.000Z', displayValue: '2 Dec 2026, 09:15' };
          a.Behavior_Ratings__r.edges[0].node.Rating__c.value = '5';
        })
      );
      await flush();
      expect(text(element, '[data-id="message"]')).toContain(
        'Avery Park saved this assessment on 2 Dec 2026, 09:15, after you opened it.'
      );
      expect(q(element, `[data-id="rating-${B_WALK}"]`).value).toBe('5');
      expect(q(element, `[data-id="rating-${B_OPEN}"]`).value).toBe('3');
      await expect(element).toBeAccessible();

      await click(element, 'reapply');
      expect(q(element, `[data-id="rating-${B_OPEN}"]`).value).toBe('5');
      expect(q(element, `[data-id="rating-${B_WALK}"]`).value).toBe('5');
      expect(text(element, '[data-id="message"]')).toContain(
        'Their version is loaded with your edits on top'
      );
      mutate.mockResolvedValue({
        data: { uiapi: { a: { success: true }, r0: { Record: { Id: 'a06000000000101AAA' } } } }
      });
      await click(element, 'save-draft');
      expect(mutate.mock.calls[1][0].variables.a.Assessment__c.Version__c).toBe(5);
    });

    it('can drop the edits and load their version instead', async () => {
      const element = await mount(data());
      await change(element, `rating-${B_WALK}`, '5');
      mutate.mockResolvedValue({
        errors: [
          {
            message: 'Someone else saved first.',
            extensions: {
              ErrorType: 'DataFetchingException',
              errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
              fields: ['Version__c']
            }
          }
        ]
      });
      await click(element, 'save-draft');
      expect(text(element, '[data-id="message"]')).toContain(
        'Someone else saved this assessment, after you opened it.'
      );
      emitter.emit(data((d) => (assessmentOf(d).Version__c.value = 4)));
      await flush();
      await click(element, 'discard');
      expect(q(element, `[data-id="rating-${B_WALK}"]`).value).toBeNull();
      expect(q(element, '[data-id="actions"]')).not.toBeNull();
    });
  });

  describe('after a reload', () => {
    it('offers back the edits that were not saved, and re-applies them only when asked', async () => {
      const first = await mount(data());
      await change(first, `rating-${B_WALK}`, '5');
      await change(first, `evidence-${B_OPEN}`, 'Opened with three open questions.');
      document.body.removeChild(first);

      const element = await mount(data());
      const message = q(element, '[data-id="message"]');
      expect(message.textContent).toContain('Unsaved edits from before the page was reloaded');
      expect(message.textContent).toContain('2 changes you made here were not saved. Re-apply them');
      expect(message.getAttribute('role')).toBe('status');
      expect(element.shadowRoot!.activeElement).toBe(message);
      expect(q(element, `[data-id="rating-${B_WALK}"]`).value).toBeNull();
      expect(q(element, '[data-id="actions"]')).toBeNull();
      await expect(element).toBeAccessible();

      await click(element, 'restore');
      expect(q(element, `[data-id="rating-${B_WALK}"]`).value).toBe('5');
      expect(q(element, `[data-id="evidence-${B_OPEN}"]`).value).toBe('Opened with three open questions.');
      expect(text(element, '[data-id="message"]')).toContain('Your edits are back on screen');
      expect(q(element, '[data-id="actions"]')).not.toBeNull();
    });

    it('drops them when asked, and forgets them once saved', async () => {
      const first = await mount(data());
      await change(first, `rating-${B_WALK}`, '5');
      document.body.removeChild(first);
      const second = await mount(data());
      expect(text(second, '[data-id="message"]')).toContain(
        'One change you made here was not saved. Re-apply it'
      );
      await click(second, 'drop-stored');
      expect(q(second, '[data-id="message"]')).toBeNull();
      document.body.removeChild(second);
      expect(q(await mount(data()), '[data-id="message"]')).toBeNull();
      document.body.removeChild(document.body.firstChild!);

      const saving = await mount(data());
      await change(saving, `rating-${B_WALK}`, '4');
      mutate.mockResolvedValue({
        data: { uiapi: { a: { success: true }, r0: { Record: { Id: 'a06000000000120AAA' } } } }
      });
      await click(saving, 'save-draft');
      document.body.removeChild(saving);
      expect(q(await mount(data()), '[data-id="message"]')).toBeNull();
    });

    it('never offers stored edits to someone who may not edit', async () => {
      const first = await mount(data());
      await change(first, `rating-${B_WALK}`, '5');
      document.body.removeChild(first);
      const element = await mount(data((d) => (assessmentOf(d).Assessor__c.value = '005000000000007AAA')));
      expect(q(element, '[data-id="message"]')).toBeNull();
    });
  });

  it('guards against leaving with unsaved changes', async () => {
    const element = await mount(data());
    const clean = new CustomEvent('beforeunload', { cancelable: true });
    window.dispatchEvent(clean);
    expect(clean.defaultPrevented).toBe(false);
    await change(element, `rating-${B_WALK}`, '3');
    const dirty = new CustomEvent('beforeunload', { cancelable: true });
    window.dispatchEvent(dirty);
    expect(dirty.defaultPrevented).toBe(true);
  });
});
