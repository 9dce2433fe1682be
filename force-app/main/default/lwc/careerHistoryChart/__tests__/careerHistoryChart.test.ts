import { createElement } from 'lwc';
import CareerHistoryChart, { scoreY } from 'c/careerHistoryChart';
import type { HistoryPoint } from 'c/careerHistoryChart';

function point(period: string, overall: number | null, attainment: number | null): HistoryPoint {
  return {
    key: period,
    period,
    overall,
    attainment,
    overallText: overall === null ? 'no assessment' : overall.toFixed(2),
    finalText: overall === null ? 'no assessment' : '2',
    eligibleText: overall === null ? 'no assessment' : '3',
    attainmentText: attainment === null ? 'not synced' : `${attainment}%`,
    winRateText: attainment === null ? 'not synced' : '30%'
  };
}

async function mount(rows: HistoryPoint[]): Promise<HTMLElement> {
  const element = createElement('c-career-history-chart', { is: CareerHistoryChart }) as HTMLElement & {
    rows: HistoryPoint[];
  };
  element.rows = rows;
  document.body.appendChild(element);
  await Promise.resolve();
  return element;
}

describe('c-career-history-chart', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  });

  it('places 5 at the top and 1 at the bottom of the score panel', () => {
    expect(scoreY(5)).toBeLessThan(scoreY(3));
    expect(scoreY(3)).toBeLessThan(scoreY(1));
    expect(scoreY(9)).toBe(scoreY(5));
  });

  it('draws one point and one bar per period with their numbers, and a line through the scores', async () => {
    const element = await mount([
      point('2026-Q1', 3, 95),
      point('2026-Q2', 3.5, 134),
      point('2026-Q3', null, 40)
    ]);
    const root = element.shadowRoot!;
    expect(root.querySelectorAll('circle')).toHaveLength(2);
    expect(root.querySelectorAll('rect.bar')).toHaveLength(3);
    expect([...root.querySelectorAll('text.value')].map((t) => t.textContent)).toEqual([
      '3.00',
      '95%',
      '3.50',
      '134%',
      '40%'
    ]);
    const heights = [...root.querySelectorAll('rect.bar')].map((r) => Number(r.getAttribute('height')));
    expect(heights[1]).toBeGreaterThan(heights[0]);
    expect(heights[0]).toBeGreaterThan(heights[2]);
    expect(root.querySelector('[data-id="line"]')!.getAttribute('points')!.split(' ')).toHaveLength(2);
    expect(root.querySelector('svg')!.getAttribute('aria-hidden')).toBe('true');
    await expect(element).toBeAccessible();
  });

  it('carries every figure in the table', async () => {
    const element = await mount([point('2026-Q2', 3.5, 134), point('2026-Q3', null, null)]);
    const rows = [...element.shadowRoot!.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.children].map((c) => c.textContent)
    );
    expect(rows).toEqual([
      ['2026-Q2', '2', '3', '3.50', '134%', '30%'],
      ['2026-Q3', 'no assessment', 'no assessment', 'no assessment', 'not synced', 'not synced']
    ]);
    expect(element.shadowRoot!.querySelector('[data-id="line"]')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('raises the attainment scale above 150% when a period needs it', async () => {
    const element = await mount([point('2026-Q1', 3, 100), point('2026-Q2', 3, 210)]);
    const bars = [...element.shadowRoot!.querySelectorAll('rect.bar')].map((r) =>
      Number(r.getAttribute('height'))
    );
    // 210% on a 250% scale fills 84% of the panel, 100% fills 40%.
    expect(bars[1] / bars[0]).toBeCloseTo(2.1, 1);
  });
});
