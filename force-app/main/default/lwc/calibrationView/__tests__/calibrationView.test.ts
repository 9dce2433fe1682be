/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return --
   the tests read properties of base-component stubs and edit copies of the JSON fixture freely */
import { createElement } from 'lwc';
import CalibrationView from 'c/calibrationView';
import { executeMutation, graphql } from 'lightning/graphql';
import { calibrationRows, differenceWords, distributions, tendencyWords } from '../model';
import type { CalibrationData } from '../query';

import fixture from './data/calibrationViewQuery.json';

const mutate = executeMutation as unknown as jest.Mock;
const emitter = graphql as unknown as {
  emit(data: unknown): void;
  emitErrors(e: unknown[]): void;
  getLastConfig(): any;
};
const copy = (): CalibrationData => JSON.parse(JSON.stringify(fixture));
const CLEO = 'a05000000000003AAA';

async function flush(): Promise<void> {
  await Promise.resolve();
  await Promise.resolve();
  await Promise.resolve();
  await Promise.resolve();
}

async function mount(data?: CalibrationData): Promise<HTMLElement> {
  const element = createElement('c-calibration-view', { is: CalibrationView }) as HTMLElement & {
    period?: string;
  };
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
const cells = (tr: Element): string[] =>
  [...tr.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim());

async function edit(element: HTMLElement, id: string, final: string, reason?: string): Promise<void> {
  $(element, `button[data-id="${id}"]`).click();
  await flush();
  $(element, '[data-id="final"]').dispatchEvent(new CustomEvent('change', { detail: { value: final } }));
  if (reason !== undefined)
    $(element, '[data-id="reason"]').dispatchEvent(new CustomEvent('change', { detail: { value: reason } }));
  await flush();
}

async function save(element: HTMLElement): Promise<void> {
  $(element, '[data-id="save"]').click();
  await flush();
  await flush();
}

describe('calibration model', () => {
  it('counts each manager’s behaviour ratings per point of the scale against the organisation, high raters first', () => {
    const { organisation, managers } = distributions(calibrationRows(copy()));
    expect(organisation).toMatchObject({
      name: 'Organisation',
      assessments: 6,
      n: 61,
      counts: [4, 12, 24, 16, 5],
      meanFinal: 2.75
    });
    expect(organisation.mean).toBeCloseTo(189 / 61, 10);
    expect(organisation.meanOverall).toBeCloseTo(3.38, 10);
    expect(managers.map((m) => [m.name, m.n, m.counts, m.words])).toEqual([
      ['Morgan Lee', 37, [1, 3, 14, 14, 5], 'rates 0.42 higher than the organisation'],
      ['Sam Field', 24, [3, 9, 10, 2, 0], 'rates 0.64 lower than the organisation']
    ]);
  });

  it('says a mean within a quarter point is in line, and when nothing is scored', () => {
    expect(tendencyWords(0.19)).toBe('in line with the organisation');
    expect(tendencyWords(-0.2)).toBe('rates 0.20 lower than the organisation');
    expect(tendencyWords(null)).toBe('no scored assessments yet');
  });

  it('puts final against eligible in words and reads who changed what from field history', () => {
    const rows = calibrationRows(copy());
    expect(rows.map(differenceWords)).toEqual([
      '1 better than eligible (override)',
      'as eligible',
      'final score not set',
      '1 worse than eligible',
      'no eligible score yet',
      'as eligible'
    ]);
    expect(rows[0].changes).toEqual([
      {
        id: 'h1',
        field: 'Override reason',
        from: 'blank',
        to: 'Closed the largest renewal.',
        who: 'Vera Quist',
        when: '2026-10-05T09:30:00.000Z'
      },
      {
        id: 'h2',
        field: 'Final score',
        from: '3',
        to: '2',
        who: 'Vera Quist',
        when: '2026-10-05T09:30:00.000Z'
      }
    ]);
  });
});

describe('c-calibration-view', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    mutate.mockReset();
  });

  it('asks for the period in one request and says it is loading', async () => {
    const element = await mount();
    expect(emitter.getLastConfig().variables).toEqual({ period: '2026-Q3' });
    expect($(element, 'c-state-panel').state).toBe('loading');
    await expect(element).toBeAccessible();
  });

  it('draws a bar per manager and the organisation, with a table of the same numbers', async () => {
    const element = await mount(copy());
    expect($$(element, '[data-id="chart"] g')).toHaveLength(3);
    const orgRects = $$(element, '[data-id="chart"] g')[0].querySelectorAll('rect');
    expect([...orgRects].map((r: Element) => Number(r.getAttribute('width')).toFixed(1))).toEqual([
      '26.2',
      '78.7',
      '157.4',
      '104.9',
      '32.8'
    ]);
    expect($$(element, '[data-id="distribution"] tbody tr').map(cells)).toEqual([
      [
        'Organisation',
        '6',
        '61',
        '4 (7%)',
        '12 (20%)',
        '24 (39%)',
        '16 (26%)',
        '5 (8%)',
        '3.10',
        '3.38',
        '2.8',
        '61 ratings in 6 assessments'
      ],
      [
        'Morgan Lee',
        '3',
        '37',
        '1 (3%)',
        '3 (8%)',
        '14 (38%)',
        '14 (38%)',
        '5 (14%)',
        '3.51',
        '3.90',
        '2.0',
        'rates 0.42 higher than the organisation'
      ],
      [
        'Sam Field',
        '3',
        '24',
        '3 (13%)',
        '9 (38%)',
        '10 (42%)',
        '2 (8%)',
        '0 (0%)',
        '2.46',
        '2.60',
        '3.5',
        'rates 0.64 lower than the organisation'
      ]
    ]);
    expect($(element, '[data-id="chart"]').getAttribute('aria-label')).toBe(
      'Behaviour ratings by manager for 2026-Q3; rating higher than the organisation: Morgan Lee; rating lower: Sam Field. The table below has the numbers.'
    );
    await expect(element).toBeAccessible();
  });

  it('lists final against eligible per rep with reasons and changes, and filters to what needs attention', async () => {
    const element = await mount(copy());
    const first = cells($$(element, '[data-id="reps"] tbody tr')[0]);
    expect(first.slice(0, 8)).toEqual([
      'Ada Brooks',
      'Morgan Lee',
      'Submitted',
      '4.20',
      '3',
      '2',
      '1 better than eligible (override)',
      'Closed the largest renewal.'
    ]);
    expect(first[8]).toContain('Final score 3 \u2192 2, Vera Quist, 2026-10-05 09:30');
    expect($$(element, '[data-id="reps"] tbody tr')).toHaveLength(6);
    $(element, '[data-id="attention"]').dispatchEvent(
      new CustomEvent('change', { detail: { checked: true } })
    );
    await flush();
    expect($$(element, '[data-id="reps"] tbody th').map((th) => th.textContent.trim())).toEqual([
      'Ada Brooks',
      'Cleo DiazNeeds calibration',
      'Dev Ek'
    ]);
  });

  it('asks for a reason before an override, then saves final score and reason in one request at the version read', async () => {
    const element = await mount(copy());
    await edit(element, CLEO, '3');
    await save(element);
    expect(mutate).not.toHaveBeenCalled();
    expect($(element, '[data-id="edit-error"]').textContent.trim()).toBe(
      'Final score 3 is better than the eligible score 4: record an override reason.'
    );
    $(element, '[data-id="reason"]').dispatchEvent(
      new CustomEvent('change', { detail: { value: 'Led the launch.' } })
    );
    await flush();
    mutate.mockResolvedValue({ data: { uiapi: { a: { success: true } } } });
    await save(element);
    expect(mutate).toHaveBeenCalledTimes(1);
    const { variables } = mutate.mock.calls[0][0];
    expect(variables.a.Id).toBe(CLEO);
    expect(variables.a.Assessment__c).toEqual({
      Final_Score__c: 3,
      Override_Reason__c: 'Led the launch.',
      Version__c: 4,
      Save_Token__c: expect.any(String),
      Previous_Save_Token__c: 'tok-3'
    });
    expect($(element, '[data-id="message"]').textContent).toBe("Saved: Cleo Diaz's final score is 3.");
    expect($(element, '[data-id="editor"]')).toBeNull();
  });

  it('wants a reason for any final score other than the eligible one', async () => {
    const element = await mount(copy());
    await edit(element, CLEO, '5');
    await save(element);
    expect(mutate).not.toHaveBeenCalled();
    expect($(element, '[data-id="edit-error"]').textContent.trim()).toMatch(
      /^Record why the final score differs/
    );
  });

  it('keeps the entry when someone saved first, and says so', async () => {
    const element = await mount(copy());
    await edit(element, CLEO, '4', 'Matches the numbers.');
    mutate.mockResolvedValue({
      errors: [
        {
          message: 'Someone else saved this assessment after you opened it.',
          extensions: {
            ErrorType: 'DataFetchingException',
            errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
            fields: ['Version__c']
          }
        }
      ]
    });
    await save(element);
    expect($(element, '[data-id="message"]').textContent).toMatch(
      /^Not saved: someone changed Cleo Diaz's assessment/
    );
    expect($(element, '[data-id="message"]').getAttribute('role')).toBe('alert');
    expect($(element, '[data-id="reason"]').value).toBe('Matches the numbers.');
  });

  it('shows a rule’s refusal in the editor, and a failed request above it', async () => {
    const element = await mount(copy());
    await edit(element, CLEO, '4', 'Matches.');
    mutate.mockResolvedValue({
      errors: [
        {
          message: 'Enter a final score from 1 (best) to 5.',
          extensions: {
            ErrorType: 'DataFetchingException',
            errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
            fields: ['Final_Score__c']
          }
        }
      ]
    });
    await save(element);
    expect($(element, '[data-id="edit-error"]').textContent.trim()).toBe(
      'Enter a final score from 1 (best) to 5.'
    );
    mutate.mockRejectedValue(new Error('Failed to fetch'));
    await save(element);
    expect($(element, '[data-id="message"]').textContent).toMatch(/^Not saved: .*save again\.$/);
    $(element, '[data-id="cancel"]').click();
    await flush();
    expect($(element, '[data-id="editor"]')).toBeNull();
  });

  it('offers no calibration to a user who may not change the reason', async () => {
    const data = copy();
    data.uiapi.objectInfos![0].fields![1].updateable = false;
    const element = await mount(data);
    expect($$(element, 'button.calibrate')).toHaveLength(0);
    await expect(element).toBeAccessible();
  });

  it('loads another period with a new request, and explains an empty period and a failure', async () => {
    const element = await mount(copy());
    const period = $(element, '[data-id="period"]');
    const other = period.options.find((o: any) => o.value !== '2026-Q3').value;
    period.dispatchEvent(new CustomEvent('change', { detail: { value: other } }));
    await flush();
    expect(emitter.getLastConfig().variables).toEqual({ period: other });
    const empty = copy();
    empty.uiapi.query.Assessment__c.edges = [];
    emitter.emit(empty);
    await flush();
    expect($(element, 'c-state-panel').heading).toBe(`No manager assessments for ${other}`);
    emitter.emitErrors([{ message: 'No access to Assessment__History' }]);
    await flush();
    expect($(element, 'c-state-panel').state).toBe('error');
  });
});
