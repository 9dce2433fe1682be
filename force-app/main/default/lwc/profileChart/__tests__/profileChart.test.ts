import { createElement } from 'lwc';
import ProfileChart, { CHART_WIDTH, scoreText } from 'c/profileChart';
import type { ChartDimension } from 'c/profileChart';

const dimensions: ChartDimension[] = [
  {
    key: 'd1',
    name: 'Customer Insight',
    score: 3.5,
    competencies: [
      { key: 'c1', name: 'Discovery', score: 3.5 },
      { key: 'c2', name: 'Prospecting', score: null }
    ]
  },
  {
    key: 'd2',
    name: 'Deal Execution',
    score: 5,
    competencies: [{ key: 'c3', name: 'Negotiation', score: 5 }]
  }
];

async function mount(data: ChartDimension[]): Promise<HTMLElement> {
  const element = createElement('c-profile-chart', { is: ProfileChart }) as HTMLElement & {
    dimensions: ChartDimension[];
    caption: string;
  };
  element.dimensions = data;
  element.caption = 'Profile of Dana Reyes';
  document.body.appendChild(element);
  await Promise.resolve();
  return element;
}

describe('c-profile-chart', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  });

  it('draws one labelled bar per dimension and competency, scaled to 5, unrated as an empty bar', async () => {
    const element = await mount(dimensions);
    const svg = element.shadowRoot!.querySelector('svg')!;
    expect(svg.getAttribute('aria-hidden')).toBe('true');
    expect(svg.getAttribute('viewBox')).toBe(`0 0 ${CHART_WIDTH} ${5 * 34}`);
    const rows = [...svg.querySelectorAll('[data-id="row"]')];
    expect(rows.map((g) => [...g.querySelectorAll('text')].map((t) => t.textContent))).toEqual([
      ['Customer Insight', '3.50'],
      ['Discovery', '3.50'],
      ['Prospecting', 'unrated'],
      ['Deal Execution', '5.00'],
      ['Negotiation', '5.00']
    ]);
    const bars = rows.map((g) => g.querySelectorAll('rect')[1]);
    expect(bars.map((b) => b.getAttribute('width'))).toEqual(['224', '224', '0', '320', '320']);
    expect(bars.map((b) => b.getAttribute('class'))).toEqual([
      'bar bar_dimension',
      'bar bar_competency',
      'bar bar_competency',
      'bar bar_dimension',
      'bar bar_competency'
    ]);
  });

  it('carries the same figures in a table for screen readers', async () => {
    const element = await mount(dimensions);
    const table = element.shadowRoot!.querySelector('table')!;
    expect(table.querySelector('caption')!.textContent).toBe('Profile of Dana Reyes, on the 1 to 5 scale');
    const cells = [...table.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.children].map((c) => c.textContent).join(' | ')
    );
    expect(cells).toEqual([
      'Customer Insight | All competencies of the dimension | 3.50',
      'Customer Insight | Discovery | 3.50',
      'Customer Insight | Prospecting | unrated',
      'Deal Execution | All competencies of the dimension | 5.00',
      'Deal Execution | Negotiation | 5.00'
    ]);
    await expect(element).toBeAccessible();
  });

  it('draws nothing but its caption without data', async () => {
    const element = await mount([]);
    expect(element.shadowRoot!.querySelector('svg')).toBeNull();
    expect(element.shadowRoot!.querySelector('figcaption')!.textContent).toBe('Profile of Dana Reyes');
    await expect(element).toBeAccessible();
  });

  it('prints unrated, never 0', () => {
    expect(scoreText(null)).toBe('unrated');
    expect(scoreText(1)).toBe('1.00');
  });
});
