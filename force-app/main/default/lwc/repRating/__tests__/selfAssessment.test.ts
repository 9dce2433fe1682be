/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return --
   the tests read properties of base-component stubs and edit copies of the JSON fixture freely */
import { createElement } from 'lwc';
import RepRating from 'c/repRating';
import { executeMutation, graphql } from 'lightning/graphql';

import fixture from './data/repRatingQuery.json';

const emitter = graphql as unknown as { emit(data: unknown): void };
const mutate = executeMutation as unknown as jest.Mock;

/** The current user of the tests (sfdx-lwc-jest's @salesforce/user/Id). */
const ME = '005000000000000000';
const REP = '005000000000001AAA';
const B_OPEN = 'a03000000000011AAA';
const B_PAIN = 'a03000000000012AAA';
const B_TRADE = 'a03000000000021AAA';
const B_WALK = 'a03000000000022AAA';
const B_COMMIT = 'a03000000000031AAA';

function data(edit?: (d: any) => void): unknown {
  const copy = JSON.parse(JSON.stringify(fixture));
  if (edit) edit(copy);
  return copy;
}

/** The fixture as the rep sees their own page: they are the user, and no self-assessment exists yet. */
function asRep(d: any): void {
  d.uiapi.query.User.edges[0].node.Id = ME;
  d.uiapi.query.Assessment__c.edges = [];
}

/** A submitted self-assessment of the rep with these ratings, as the manager's request returns it. */
function withSelf(ratings: Record<string, string>): (d: any) => void {
  return (d) => {
    d.uiapi.query.SelfAssessment = {
      edges: [
        {
          node: {
            Id: 'a05000000000009AAA',
            Behavior_Ratings__r: {
              edges: Object.entries(ratings).map(([behavior, rating], i) => ({
                node: {
                  Id: `a06000000000${90 + i}AAA`,
                  Job_Behavior__c: { value: behavior },
                  Rating__c: { value: rating }
                }
              }))
            }
          }
        }
      ]
    };
  };
}

async function flush(): Promise<void> {
  await Promise.resolve();
  await Promise.resolve();
  await Promise.resolve();
  await Promise.resolve();
}

async function mount(mode: string | undefined, d: unknown): Promise<HTMLElement> {
  const element = createElement('c-rep-rating', { is: RepRating }) as HTMLElement & {
    recordId?: string;
    period?: string;
    mode?: string;
  };
  if (mode) element.mode = mode;
  else element.recordId = REP;
  element.period = '2026-Q3';
  document.body.appendChild(element);
  emitter.emit(d);
  await flush();
  return element;
}

const q = (element: HTMLElement, selector: string): any => element.shadowRoot!.querySelector(selector);
const qa = (element: HTMLElement, selector: string): any[] => [
  ...element.shadowRoot!.querySelectorAll(selector)
];
const text = (element: HTMLElement, selector: string): string =>
  (q(element, selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();

async function change(element: HTMLElement, dataId: string, value: string): Promise<void> {
  q(element, `[data-id="${dataId}"]`).dispatchEvent(new CustomEvent('change', { detail: { value } }));
  await flush();
}

async function click(element: HTMLElement, dataId: string): Promise<void> {
  q(element, `[data-id="${dataId}"]`).click();
  await flush();
}

afterEach(() => {
  while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  mutate.mockReset();
  sessionStorage.clear();
});

describe('c-rep-rating in self mode', () => {
  it('asks for the signed-in rep and type Self, and shows no expectation areas, metrics or final score', async () => {
    const element = await mount('self', data(asRep));
    const config = (graphql as unknown as { getLastConfig(): { variables: unknown } }).getLastConfig();
    expect(config.variables).toEqual({ repId: ME, period: '2026-Q3', type: 'Self' });
    expect(q(element, 'lightning-card').title).toBe('Your self-assessment, 2026-Q3');
    expect(q(element, '[data-id="read-only"]')).toBeNull();
    expect(q(element, '[data-id="scope"]')).toBeNull();
    expect(q(element, '[data-id="final"]')).toBeNull();
    expect(q(element, '[data-id="eligible"]')).toBeNull();
    expect(q(element, '[data-id="metrics-line"]')).toBeNull();
    expect(q(element, '[data-id="agenda"]')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('submits once every behaviour is rated, creating a Self assessment with only the fields a rep may set', async () => {
    const element = await mount('self', data(asRep));
    await click(element, 'submit');
    expect(mutate).not.toHaveBeenCalled();
    expect(text(element, '[data-id="message"]')).toContain('Rate the 5 behaviours still unrated');
    await change(element, `rating-${B_OPEN}`, '4');
    await change(element, `rating-${B_PAIN}`, '4');
    await change(element, `rating-${B_TRADE}`, '4');
    await change(element, `rating-${B_WALK}`, '4');
    await change(element, `rating-${B_COMMIT}`, 'N/A');
    mutate.mockResolvedValue({
      data: {
        uiapi: {
          a: { Record: { Id: 'a05000000000077AAA' } },
          ...Object.fromEntries(
            [0, 1, 2, 3, 4].map((i) => [`r${i}`, { Record: { Id: `a0600000000007${i}AAA` } }])
          )
        }
      }
    });
    await click(element, 'submit');
    expect(mutate).toHaveBeenCalledTimes(1);
    const fields = mutate.mock.calls[0][0].variables.a.Assessment__c;
    expect(fields).toEqual(
      expect.objectContaining({
        Type__c: 'Self',
        Rep__c: ME,
        Assessor__c: ME,
        OwnerId: ME,
        Status__c: 'Submitted'
      })
    );
    for (const locked of [
      'In_Ramp__c',
      'Scope_Rating__c',
      'Impact_Rating__c',
      'Final_Score__c',
      'Overall_Score__c'
    ])
      expect([locked, locked in fields]).toEqual([locked, false]);
    expect(text(element, '[data-id="message"]')).toContain('submitted');
    expect(q(element, '[data-id="read-only"]').textContent).toContain('submitted your self-assessment');
    await expect(element).toBeAccessible();
  });

  it('follows the object infos of the request: without edit access the rep reads their draft only', async () => {
    const infos = (updateable: boolean): unknown[] => [
      {
        ApiName: 'Assessment__c',
        createable: true,
        updateable,
        fields: [{ ApiName: 'Status__c', createable: true, updateable }]
      },
      {
        ApiName: 'Behavior_Rating__c',
        createable: true,
        updateable: true,
        fields: [{ ApiName: 'Rating__c', createable: true, updateable: true }]
      }
    ];
    const ownDraft = (updateable: boolean) => (d: any) => {
      d.uiapi.query.User.edges[0].node.Id = ME;
      d.uiapi.objectInfos = infos(updateable);
    };
    const locked = await mount('self', data(ownDraft(false)));
    expect(text(locked, '[data-id="read-only"]')).toBe(
      'Your access lets you read your self-assessment but not change it.'
    );
    document.body.removeChild(locked);
    const open = await mount('self', data(ownDraft(true)));
    expect(q(open, '[data-id="read-only"]')).toBeNull();
    expect(q(open, '[data-id="actions"]')).not.toBeNull();
  });

  it("shows a manager the rep's self-assessment read-only", async () => {
    const element = await mount(
      'self',
      data((d) => (d.uiapi.query.Assessment__c.edges = []))
    );
    expect(text(element, '[data-id="read-only"]')).toBe(
      "This is Dana Reyes's self-assessment: only they change it."
    );
    expect(q(element, '[data-id="actions"]')).toBeNull();
  });
});

describe("c-rep-rating's one-to-one agenda for the manager", () => {
  it('lists the behaviours where self and manager differ by two or more first, the largest gap first', async () => {
    // The manager's saved ratings in the fixture: open 3, pain 4, trade 2.
    const element = await mount(undefined, data(withSelf({ [B_OPEN]: '5', [B_PAIN]: '1', [B_TRADE]: '3' })));
    expect(text(element, '[data-id="agenda-summary"]')).toBe(
      "Dana's self-assessment and your ratings differ by two points or more on 2 behaviours: talk about them first."
    );
    const rows = qa(element, '[data-id="agenda-row"]').map((tr) =>
      [...tr.children].map((cell: Element) => (cell.textContent ?? '').trim())
    );
    expect(rows[0]).toEqual([
      expect.stringContaining('(talk about this)'),
      '1 not yet observed',
      '4 advanced',
      'you higher by 3'
    ]);
    expect(rows[1]).toEqual([
      expect.stringContaining('(talk about this)'),
      '5 role model',
      '3 proficient',
      'rep higher by 2'
    ]);
    expect(rows[2][3]).toBe('rep higher by 1');
    expect(rows[3]).toEqual([expect.any(String), 'not rated', 'not rated', 'not comparable']);
    expect(rows).toHaveLength(5);
    await expect(element).toBeAccessible();
  });

  it("follows the manager's unsaved edits and says when nothing differs by two", async () => {
    const element = await mount(undefined, data(withSelf({ [B_OPEN]: '3', [B_PAIN]: '4' })));
    expect(text(element, '[data-id="agenda-summary"]')).toContain('within one point of each other');
    await change(element, `rating-${B_OPEN}`, '1');
    expect(text(element, '[data-id="agenda-summary"]')).toContain('on one behaviour: talk about it first.');
  });

  it('is not shown without a submitted self-assessment', async () => {
    const element = await mount(undefined, data());
    expect(q(element, '[data-id="agenda"]')).toBeNull();
  });
});
