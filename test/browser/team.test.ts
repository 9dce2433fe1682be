/**
 * The Team page in a real browser against the harness org: the manager's heatmap at phone width
 * (nothing but the table's own region scrolls sideways, touch targets, axe), and a rep who opens
 * the page's address sees no one else's scores. Filtering, sorting and opening a rep to rate are
 * in rating.test.ts, which rates from here. Set TEAM_SCREENSHOTS=1 to write docs/images/team-*.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from '../../scripts/preview/build';
import {
  disconnect,
  expectAxeClean,
  expectOneDataRequest,
  openScreen,
  personas,
  smallTargets
} from './harness';

jest.setTimeout(300000);

const SHOTS = process.env.TEAM_SCREENSHOTS === '1';
const ROUTE = '/lightning/n/Sales_Competency_Team';

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.locator('c-team-heatmap').screenshot({ path: join(ROOT, 'docs', 'images', name) });
}

afterAll(disconnect);

it('shows the manager’s heatmap on a desktop: one request, a caption, a header per column, axe clean', async () => {
  const screen = await openScreen(ROUTE, { persona: 'manager', width: 1440, height: 1000 });
  const { page } = screen;
  try {
    await page.waitForSelector('c-team-heatmap [data-id="heatmap"]', { timeout: 60000 });
    await expectOneDataRequest(screen, 'teamHeatmap');
    const caption = await page.locator('c-team-heatmap [data-id="caption"]').innerText();
    // The table's own caption says the same to screen readers.
    await expect(page.locator('c-team-heatmap caption').textContent()).resolves.toBe(caption);
    expect(caption).toMatch(/^Competency scores of your team for \d{4}-Q[1-4]/);
    const heads = await page.locator('c-team-heatmap thead th[scope="col"]').count();
    const firstRow = page.locator('c-team-heatmap tbody tr').first();
    await expect(firstRow.locator('th[scope="row"], td').count()).resolves.toBe(heads);
    // Every heat cell shows its number; a blank one says what it means to screen readers.
    const heat = await page.locator('c-team-heatmap td.cell_heat').evaluateAll((cells) =>
      cells.map((c) => [
        [...c.childNodes]
          .filter((n) => n.nodeType === Node.TEXT_NODE)
          .map((n) => n.textContent ?? '')
          .join('')
          .trim(),
        c.querySelector('.slds-assistive-text')?.textContent ?? ''
      ])
    );
    expect(heat.length).toBeGreaterThan(10);
    for (const [value, hint] of heat) {
      expect(value === '\u2013' ? hint === 'not rated' : /^[1-5]\.\d\d$/.test(value) && hint === '').toBe(
        true
      );
    }
    await shot(page, 'team-desktop.png');
    await expectAxeClean(page, 'c-team-heatmap');
    expect(screen.errors).toEqual([]);
  } finally {
    await screen.close();
  }
});

it('is usable at phone width: the page does not scroll sideways, the heatmap scrolls in its own region', async () => {
  const screen = await openScreen(ROUTE, { persona: 'manager', width: 360, height: 800 });
  const { page } = screen;
  try {
    await page.waitForSelector('c-team-heatmap [data-id="heatmap"]', { timeout: 60000 });
    await expectOneDataRequest(screen, 'teamHeatmap');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const scroller = page.locator('c-team-heatmap [data-id="scroller"]');
    const [scrollWidth, clientWidth] = await scroller.evaluate((el) => [el.scrollWidth, el.clientWidth]);
    expect(scrollWidth).toBeGreaterThan(clientWidth);
    // The rep names stay in view while the scores scroll under them.
    await scroller.evaluate((el) => el.scrollTo({ left: 400 }));
    const nameLeft = await page
      .locator('c-team-heatmap tbody th[scope="row"]')
      .first()
      .evaluate((el) => el.getBoundingClientRect().left);
    const scrollerLeft = await scroller.evaluate((el) => el.getBoundingClientRect().left);
    expect(Math.abs(nameLeft - scrollerLeft)).toBeLessThan(2);
    await scroller.evaluate((el) => el.scrollTo({ left: 0 }));
    const small = await smallTargets(page, 'c-team-heatmap');
    // lightning-combobox fixes its own input height at 32 px; the screen cannot change it.
    expect(small.filter((t) => !t.what.includes('slds-combobox__input'))).toEqual([]);
    await shot(page, 'team-phone.png');
    await expectAxeClean(page, 'c-team-heatmap');
  } finally {
    await screen.close();
  }
});

it('shows a rep who opens the page’s address no one else’s scores', async () => {
  const people = await personas();
  const screen = await openScreen(ROUTE, { persona: 'rep' });
  const { page } = screen;
  try {
    const panel = page.locator('c-team-heatmap c-state-panel');
    await panel.waitFor({ timeout: 60000 });
    await screen.dataSettled();
    await expect(panel.innerText()).resolves.toMatch(/No reps report to you/);
    await expect(page.locator('c-team-heatmap tbody tr').count()).resolves.toBe(0);
    const request = screen.dataRequests.find((r) => /query teamHeatmap/.test(r.query));
    expect((request?.variables as { managerId: string }).managerId).toBe(people.rep.id);
  } finally {
    await screen.close();
  }
});
