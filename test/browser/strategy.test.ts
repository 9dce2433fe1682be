/**
 * The Sales Strategy page in a real browser against the harness org, as the sales leader: answers
 * part of the statements, saves a draft, comes back and finds it, completes every area, and sees the
 * ranking the scoring library gives for those answers. One data request per load.
 * Set LEADERSHIP_SCREENSHOTS=1 to also write docs/images/strategy-*.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { ROOT } from '../../scripts/preview/build';
import { strategyPriorities } from '../../force-app/main/default/lwc/scoring/strategy';
import type { Polarity, StrategyAnswer } from '../../force-app/main/default/lwc/scoring/strategy';
import { disconnect, expectAxeClean, expectOneDataRequest, openScreen } from './harness';

jest.setTimeout(300000);

const SHOTS = process.env.LEADERSHIP_SCREENSHOTS === '1';
const ROUTE = '/lightning/n/Sales_Strategy';
const ANSWERS = ['Yes', 'No', 'Unsure'];

interface Row {
  attributes: { referenceId: string };
  [field: string]: unknown;
}

function records(object: string): Row[] {
  return (JSON.parse(readFileSync(join(ROOT, 'data', `${object}.json`), 'utf8')) as { records: Row[] })
    .records;
}

const areas = records('Strategy_Area__c').sort((a, b) => Number(a.Sort_Order__c) - Number(b.Sort_Order__c));
const statements = records('Thought_Starter__c');
const statementsOf = (area: Row): Row[] =>
  statements
    .filter((s) => s.Strategy_Area__c === `@${area.attributes.referenceId}`)
    .sort((a, b) => Number(a.Sort_Order__c) - Number(b.Sort_Order__c));

/** What the leader answers: per area name, its importance and the answers to its first statements. */
const plan = new Map<string, { importance: number; answers: string[] }>(
  areas.map((area, i) => [
    String(area.Name),
    i === 0
      ? { importance: 5, answers: ['Yes', 'No', 'Yes'] }
      : { importance: (i % 5) + 1, answers: ['No', 'Yes'] }
  ])
);

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: join(ROOT, 'docs', 'images', name), fullPage: true });
}

function area(page: Page, name: string): Locator {
  return page
    .locator('c-strategy-assessment article[data-id="area"]')
    .filter({ has: page.locator('h3', { hasText: new RegExp(`^${name}$`) }) });
}

async function fill(page: Page, name: string, withAnswers: boolean): Promise<void> {
  const { importance, answers } = plan.get(name)!;
  const groups = area(page, name).locator('lightning-radio-group');
  await groups
    .nth(0)
    .locator('label.slds-radio_button__label')
    .nth(importance - 1)
    .click();
  if (!withAnswers) return;
  for (let k = 0; k < answers.length; k++) {
    await groups
      .nth(k + 1)
      .locator('label.slds-radio_button__label')
      .nth(ANSWERS.indexOf(answers[k]))
      .click();
  }
}

afterAll(disconnect);

it('the leader answers part of the statements, saves, comes back, completes and sees the ranking', async () => {
  const first = String(areas[0].Name);
  let screen = await openScreen(ROUTE, { persona: 'leader' });
  let page = screen.page;
  try {
    await page.waitForSelector('c-strategy-assessment lightning-button[data-id="start"] button', {
      timeout: 60000
    });
    await expectOneDataRequest(screen);
    await page.locator('c-strategy-assessment lightning-button[data-id="start"] button').click();
    await expect(page.locator('c-strategy-assessment article[data-id="area"]').count()).resolves.toBe(
      areas.length
    );
    await fill(page, first, true);
    await expect(page.locator('c-strategy-assessment [data-id="summary"]').innerText()).resolves.toMatch(
      new RegExp(`^1 of ${areas.length} areas ranked; the most urgent is ${first} `)
    );
    await page.locator('c-strategy-assessment lightning-button[data-id="save-draft"] button').click();
    await expect(page.locator('c-strategy-assessment [data-id="message"]').innerText()).resolves.toBe(
      'Draft saved. You can come back and finish it later.'
    );
    await shot(page, 'strategy-draft.png');
    await expectAxeClean(page);
    expect(screen.errors).toEqual([]);
  } finally {
    await screen.close();
  }

  screen = await openScreen(ROUTE, { persona: 'leader' });
  page = screen.page;
  try {
    await page.waitForSelector('c-strategy-assessment [data-id="heading"]', { timeout: 60000 });
    await expectOneDataRequest(screen);
    await expect(page.locator('c-strategy-assessment [data-id="heading"]').innerText()).resolves.toBe(
      'Draft strategy assessment'
    );
    // Locators pierce the base components' shadow roots; querySelector from outside would not.
    const groups = area(page, first).locator('lightning-radio-group');
    const checked: string[] = [];
    for (let k = 0; k < 4; k++) {
      const input = groups.nth(k).locator('input:checked');
      checked.push((await input.count()) ? await input.inputValue() : '');
    }
    expect(checked).toEqual(['5', 'Yes', 'No', 'Yes']);

    await page.locator('c-strategy-assessment lightning-button[data-id="complete"] button').click();
    await expect(page.locator('c-strategy-assessment [data-id="message"]').innerText()).resolves.toMatch(
      /^Before completing, rate the importance of every area/
    );
    for (const a of areas.slice(1)) await fill(page, String(a.Name), true);
    await page.locator('c-strategy-assessment lightning-button[data-id="complete"] button').click();
    await expect(page.locator('c-strategy-assessment [data-id="message"]').innerText()).resolves.toBe(
      'Assessment completed: the areas are ranked by priority below.'
    );
    await page.waitForSelector('c-strategy-assessment [data-id="history-table"]');
    await expect(page.locator('c-strategy-assessment [data-id="heading"]').innerText()).resolves.toMatch(
      /^Strategy assessment completed on /
    );

    const expected = strategyPriorities(
      areas.map((a) => {
        const { importance, answers } = plan.get(String(a.Name))!;
        return {
          key: String(a.Key__c),
          name: String(a.Name),
          importance,
          deliverables: String(a.Deliverables__c),
          statements: statementsOf(a).map((s, k) => ({
            polarity: s.Polarity__c as Polarity,
            answer: (answers[k] ?? null) as StrategyAnswer
          }))
        };
      })
    );
    const shown = await page
      .locator('c-strategy-assessment [data-id="ranking"] tbody tr')
      .evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent?.trim())));
    expect(shown.map((r) => [r[0], r[1], r[4]])).toEqual(
      expected.areas
        .filter((a) => a.rank !== null)
        .map((a) => [String(a.rank), a.name, (a.priority as number).toFixed(2)])
    );
    const steps = await page.locator('c-strategy-assessment [data-id="next-steps"] > li > p').allInnerTexts();
    expect(steps).toEqual(
      expected.nextSteps.map((s, i) => `${i + 1}. ${s.name} (priority ${s.priority.toFixed(2)})`)
    );
    await shot(page, 'strategy-ranking.png');
    await expectAxeClean(page);
    expect(screen.errors).toEqual([]);
  } finally {
    await screen.close();
  }
});
