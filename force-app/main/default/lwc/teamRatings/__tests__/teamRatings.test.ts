/* eslint-disable @typescript-eslint/no-explicit-any --
   the tests read properties of base-component stubs and edit copies of the JSON fixture freely */
import { createElement } from 'lwc';
import TeamRatings from 'c/teamRatings';
import { graphql } from 'lightning/graphql';

import fixture from './data/teamRatingsQuery.json';

const mockNavigate = jest.fn();
jest.mock('lightning/navigation', () => {
  const Navigate = Symbol('Navigate');
  const GenerateUrl = Symbol('GenerateUrl');
  const NavigationMixin = (Base: new () => object): unknown =>
    class extends Base {
      [Navigate](ref: unknown): void {
        mockNavigate(ref);
      }
      [GenerateUrl](ref: { attributes: { recordId: string } }): Promise<string> {
        return Promise.resolve(`/lightning/r/User/${ref.attributes.recordId}/view`);
      }
    };
  return { NavigationMixin: Object.assign(NavigationMixin, { Navigate, GenerateUrl }) };
});

const emitter = graphql as unknown as {
  emit(data: unknown): void;
  emitErrors(errors: unknown[]): void;
  getLastConfig(): any;
};

async function flush(): Promise<void> {
  await Promise.resolve();
  await Promise.resolve();
  await Promise.resolve();
}

async function mount(data?: unknown): Promise<HTMLElement> {
  const element = createElement('c-team-ratings', { is: TeamRatings }) as HTMLElement & { period?: string };
  element.period = '2026-Q3';
  document.body.appendChild(element);
  if (data) {
    emitter.emit(data);
    await flush();
  }
  return element;
}

function rows(element: HTMLElement): string[] {
  return [...element.shadowRoot!.querySelectorAll('[data-id="reps"] li')].map((li) =>
    [...li.querySelectorAll('a, p, span')].map((n) => (n.textContent ?? '').trim()).join(' | ')
  );
}

function panel(element: HTMLElement): any {
  return element.shadowRoot!.querySelector('c-state-panel');
}

describe('c-team-ratings', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  });

  it('loads the current user’s reps and the period’s assessments in one request', async () => {
    const element = await mount();
    expect(panel(element).state).toBe('loading');
    expect(emitter.getLastConfig().variables).toEqual({ managerId: '005000000000000000', period: '2026-Q3' });
    await expect(element).toBeAccessible();
  });

  it('lists each rep with the status of their assessment', async () => {
    const element = await mount(JSON.parse(JSON.stringify(fixture)));
    expect(rows(element)).toEqual([
      'Dana Reyes | Account Executive | Submitted | overall 3.40, final score 2, saved 30 Nov 2026, 10:00',
      'Eli Novak | Account Executive, in ramp | Draft | overall unrated, final score not set, saved 1 Dec 2026, 08:30',
      'Farah Quinn | SDR/BDR | Not started | no assessment yet'
    ]);
    expect(element.shadowRoot!.querySelector('[data-id="summary"]')!.textContent).toBe(
      '2026-Q3: 1 of 3 assessments submitted, 1 in draft, 1 not started.'
    );
    const links = [...element.shadowRoot!.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('aria-label'))).toEqual([
      'Open the rating of Dana Reyes',
      'Open the rating of Eli Novak',
      'Start rating Farah Quinn'
    ]);
    await flush();
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      '/lightning/r/User/005000000000001AAA/view',
      '/lightning/r/User/005000000000002AAA/view',
      '/lightning/r/User/005000000000003AAA/view'
    ]);
    await expect(element).toBeAccessible();
  });

  it('opens the rep’s User record page through Lightning navigation', async () => {
    const element = await mount(JSON.parse(JSON.stringify(fixture)));
    const link = element.shadowRoot!.querySelectorAll('a')[2];
    const click = new CustomEvent('click', { cancelable: true });
    link.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    expect(mockNavigate).toHaveBeenCalledWith({
      type: 'standard__recordPage',
      attributes: { recordId: '005000000000003AAA', objectApiName: 'User', actionName: 'view' }
    });
  });

  it('tells a manager without reps what to ask for', async () => {
    const empty = JSON.parse(JSON.stringify(fixture));
    empty.uiapi.query.User.edges = [];
    const element = await mount(empty);
    expect(panel(element).state).toBe('empty');
    expect(panel(element).nextStep).toBe('Ask an admin to set Manager on your reps’ user records.');
    await expect(element).toBeAccessible();
  });

  it('shows the reduced error when the request fails', async () => {
    const element = await mount();
    emitter.emitErrors([{ message: 'Request limit reached', extensions: { ErrorType: 'ExecutionAborted' } }]);
    await flush();
    expect(panel(element).state).toBe('error');
    expect(panel(element).message).toBe('Your team could not be loaded: Request limit reached');
    await expect(element).toBeAccessible();
  });
});
