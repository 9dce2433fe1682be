/**
 * Self-assessment in a real browser against the harness org: the rep rates themselves on My Career
 * (the rating screen in self mode), saves a draft, finds it after a reload, submits; the org holds a
 * Self assessment whose assessor is the rep. Then the rep's manager opens the rep's page and finds
 * the one-to-one agenda: the rep's own ratings beside the manager's, the two-point gaps first.
 * Set SELF_SCREENSHOTS=1 to also write docs/images/self-*.png and agenda-*.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from '../../scripts/preview/build';
import { RATING_LABELS } from '../../force-app/main/default/lwc/scoring/ratings';
import { adminGet, disconnect, expectAxeClean, expectOneDataRequest, openScreen, personas } from './harness';

jest.setTimeout(240000);

const API = '/services/data/v66.0';
const SHOTS = process.env.SELF_SCREENSHOTS === '1';

const soql = async <T>(q: string): Promise<T[]> =>
  (await adminGet<{ records: T[] }>(`${API}/query?q=${encodeURIComponent(q)}`)).records;

/** A window-sized picture with `top` (a selector) scrolled to the top of the window. */
async function shot(page: Page, name: string, top: string): Promise<void> {
  if (!SHOTS) return;
  await page
    .locator(top)
    .first()
    .evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: join(ROOT, 'docs', 'images', name), fullPage: false });
}

const groups = (page: Page) => page.locator('c-rep-rating lightning-radio-group[data-behavior]');

/** Clicks the option with this value ('3', '5', ...) in the n-th behaviour's group. */
async function rate(page: Page, n: number, value: '3' | '4' | '5'): Promise<void> {
  await groups(page).nth(n).getByText(`${value} ${RATING_LABELS[value]}`, { exact: true }).click();
}

afterAll(disconnect);

it('the rep self-assesses on My Career: draft, reload, submit, and the org holds a Self assessment by the rep', async () => {
  const { rep } = await personas();
  let screen = await openScreen('/lightning/n/My_Career', { persona: 'rep' });
  let page = screen.page;
  const values: ('3' | '4' | '5')[] = [];
  try {
    await page.locator('c-rep-rating lightning-card').first().waitFor({ timeout: 60000 });
    await groups(page).first().waitFor({ timeout: 60000 });
    await expectOneDataRequest(screen, 'repRating');
    await expectOneDataRequest(screen, 'careerPath');
    await expect(page.locator('c-rep-rating [data-id="agenda"]').count()).resolves.toBe(0);
    await expect(page.locator('c-rep-rating [data-id="final"]').count()).resolves.toBe(0);
    const count = await groups(page).count();
    expect(count).toBeGreaterThan(10);
    for (let i = 0; i < count; i++) values.push((['3', '4', '5'] as const)[i % 3]);
    // A draft with the first three, found again after a reload.
    for (let i = 0; i < 3; i++) await rate(page, i, values[i]);
    await page.locator('c-rep-rating lightning-button[data-id="save-draft"] button').click();
    await page.locator('c-rep-rating [data-id="message"]').filter({ hasText: 'Draft saved' }).waitFor();
    await expectAxeClean(page, 'c-rep-rating');
    expect(screen.errors).toEqual([]);
  } finally {
    await screen.close();
  }

  screen = await openScreen('/lightning/n/My_Career', { persona: 'rep' });
  page = screen.page;
  try {
    await groups(page).first().waitFor({ timeout: 60000 });
    await expectOneDataRequest(screen, 'repRating');
    for (let i = 0; i < 3; i++) {
      await expect(groups(page).nth(i).locator('input:checked').inputValue()).resolves.toBe(values[i]);
    }
    const count = await groups(page).count();
    for (let i = 3; i < count; i++) await rate(page, i, values[i]);
    await shot(page, 'self-assessment.png', 'c-rep-rating lightning-card');
    await page.locator('c-rep-rating lightning-button[data-id="submit"] button').click();
    await page
      .locator('c-rep-rating [data-id="read-only"]')
      .filter({ hasText: 'submitted your self-assessment' })
      .waitFor();
    expect(screen.errors).toEqual([]);
  } finally {
    await screen.close();
  }

  const saved = await soql<{ Id: string; Status__c: string; Assessor__c: string; OwnerId: string }>(
    `SELECT Id, Status__c, Assessor__c, OwnerId FROM Assessment__c WHERE Rep__c = '${rep.id}' AND Type__c = 'Self'`
  );
  expect(saved).toHaveLength(1);
  expect(saved[0]).toEqual(
    expect.objectContaining({ Status__c: 'Submitted', Assessor__c: rep.id, OwnerId: rep.id })
  );
  const ratings = await soql<{ Rating__c: string }>(
    `SELECT Rating__c FROM Behavior_Rating__c WHERE Assessment__c = '${saved[0].Id}'`
  );
  expect(ratings.map((r) => r.Rating__c).sort()).toEqual([...values].sort());
});

it("the manager sees the rep's self ratings beside their own, the gaps of two or more first", async () => {
  const { rep } = await personas();
  const screen = await openScreen(`/lightning/r/User/${rep.id}/view`, { persona: 'manager' });
  const { page } = screen;
  try {
    await page.locator('c-rep-rating [data-id="agenda"]').waitFor({ timeout: 60000 });
    const rows = await page
      .locator('c-rep-rating [data-id="agenda-row"]')
      .evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (c) => (c.textContent ?? '').trim())));
    expect(rows.length).toBeGreaterThan(10);
    const point = (text: string): number | null => (/^[1-5] /.test(text) ? Number(text[0]) : null);
    const gap = (row: string[]): number => {
      const s = point(row[1]);
      const m = point(row[2]);
      return s === null || m === null ? 0 : Math.abs(s - m);
    };
    const flagged = rows.filter((r) => r[0].endsWith('(talk about this)'));
    // Flagged exactly where the two differ by 2 or more, listed first, the largest gap first.
    expect(rows.map((r) => r[0].endsWith('(talk about this)'))).toEqual(rows.map((r) => gap(r) >= 2));
    expect(rows.slice(0, flagged.length)).toEqual(flagged);
    expect(flagged.map(gap)).toEqual([...flagged.map(gap)].sort((a, b) => b - a));
    // The self column is what the rep submitted: every row rated 3, 4 or 5 by the rep.
    expect(rows.every((r) => /^[345] /.test(r[1]))).toBe(true);
    const summary = await page.locator('c-rep-rating [data-id="agenda-summary"]').innerText();
    expect(summary).toContain(flagged.length ? 'talk about' : 'within one point');
    await shot(page, 'agenda-manager.png', 'c-rep-rating [data-id="agenda"]');
    await expectAxeClean(page, 'c-rep-rating');
    expect(screen.errors).toEqual([]);
  } finally {
    await screen.close();
  }
});
