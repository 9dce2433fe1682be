import { createElement } from 'lwc';
import StatePanel from 'c/statePanel';

type Panel = HTMLElement & { state: string; heading: string; message: string; nextStep: string };

async function mount(props: Partial<Panel>): Promise<Panel> {
  const element = createElement('c-state-panel', { is: StatePanel }) as Panel;
  Object.assign(element, props);
  document.body.appendChild(element);
  await Promise.resolve();
  return element;
}

function text(element: HTMLElement, id: string): string | null {
  return element.shadowRoot!.querySelector(`[data-id="${id}"]`)?.textContent ?? null;
}

describe('c-state-panel', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  });

  it('shows a spinner with its reason while loading', async () => {
    const element = await mount({ state: 'loading', heading: 'Loading the team' });
    const spinner = element.shadowRoot!.querySelector('lightning-spinner') as HTMLElement & {
      alternativeText: string;
    };
    expect(spinner.alternativeText).toBe('Loading the team');
    expect(element.shadowRoot!.querySelector('[data-id="loading"]')!.getAttribute('role')).toBe('status');
    await expect(element).toBeAccessible();
  });

  it('says "Loading" when no reason is given', async () => {
    const element = await mount({ state: 'loading' });
    expect(element.shadowRoot!.querySelector('.slds-assistive-text')!.textContent).toBe('Loading');
  });

  it('announces an error at once, with what to do next', async () => {
    const element = await mount({
      state: 'error',
      heading: 'Could not load',
      message: 'The request failed.',
      nextStep: 'Reload the page.'
    });
    const box = element.shadowRoot!.querySelector('[data-id="error"]')!;
    expect(box.getAttribute('role')).toBe('alert');
    expect(text(element, 'heading')).toBe('Could not load');
    expect(text(element, 'message')).toBe('The request failed.');
    expect(text(element, 'next-step')).toBe('Reload the page.');
    await expect(element).toBeAccessible();
  });

  it('shows an empty state politely, leaving out a missing next step', async () => {
    const element = await mount({
      state: 'empty',
      heading: 'Nothing yet',
      message: 'No reps report to you.'
    });
    expect(element.shadowRoot!.querySelector('[data-id="empty"]')!.getAttribute('role')).toBe('status');
    expect(text(element, 'next-step')).toBeNull();
    await expect(element).toBeAccessible();
  });
});
