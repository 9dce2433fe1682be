import { createElement } from 'lwc';
import ModelOverview from 'c/modelOverview';
import { graphql } from 'lightning/graphql';

import mockData from './data/graphql.json';

const emitter = graphql as unknown as {
  emit(data: unknown): void;
  emitErrors(errors: unknown[]): void;
};

function mount(): HTMLElement {
  const element = createElement('c-model-overview', { is: ModelOverview });
  document.body.appendChild(element);
  return element;
}

function q(element: HTMLElement, selector: string): Element | null {
  return element.shadowRoot!.querySelector(selector);
}

describe('c-model-overview', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  });

  it('shows a spinner until the query answers', () => {
    const element = mount();
    expect(q(element, 'lightning-spinner')).not.toBeNull();
  });

  it('lists dimensions in order with the model counts', async () => {
    const element = mount();
    emitter.emit(mockData);
    await Promise.resolve();
    const names = [
      ...element.shadowRoot!.querySelectorAll('[data-id="dimensions"] .slds-text-title_bold')
    ].map((n) => n.textContent);
    expect(names).toEqual(['Customer Insight', 'Deal Execution']);
    const counts = [...element.shadowRoot!.querySelectorAll('[data-id="counts"] li')].map((li) =>
      [...li.querySelectorAll('p')].map((p) => p.textContent).join(' ')
    );
    expect(counts).toEqual([
      '2 Dimensions',
      '14 Competencies',
      '71 Job behaviours',
      '6 Career levels',
      '5 Performance bands'
    ]);
    expect(q(element, 'lightning-spinner')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('tells the admin how to load content when the model is empty', async () => {
    const element = mount();
    const empty = JSON.parse(JSON.stringify(mockData));
    empty.uiapi.query.Competency_Dimension__c = { edges: [], totalCount: 0 };
    emitter.emit(empty);
    await Promise.resolve();
    expect(q(element, '[data-id="empty"]')!.textContent).toContain('npm run data:import');
  });

  it('shows each distinct GraphQL error once', async () => {
    const element = mount();
    emitter.emitErrors([
      { message: 'No such column Sort_Order__c', extensions: { ErrorType: 'ValidationError' } },
      { message: 'No such column Sort_Order__c', extensions: { ErrorType: 'ValidationError' } }
    ]);
    await Promise.resolve();
    expect(q(element, '[data-id="error"]')!.textContent).toBe(
      'The model could not be loaded: No such column Sort_Order__c'
    );
  });
});
