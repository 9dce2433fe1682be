/**
 * Deal coaching on an Opportunity in a real browser against the harness org: the manager, at phone
 * width, records two observations (one low, with evidence) in one request; they land as one Deal
 * Observation assessment naming the opportunity, and appear on the deal for the rep, who reads
 * them and cannot record any. Set DEAL_SCREENSHOTS=1 to write docs/images/deal-*.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from '../../scripts/preview/build';
import {
  adminGet,
  disconnect,
  expectAxeClean,
  expectOneDataRequest,
  openScreen,
  personas,
  smallTargets
} from './harness';

jest.setTimeout(300000);

const API = '/services/data/v66.0';
const SHOTS = process.env.DEAL_SCREENSHOTS === '1';
const HOST = 'c-deal-coaching';

const soql = async <T>(q: string): Promise<T[]> =>
  (await adminGet<{ records: T[] }>(`${API}/query?q=${encodeURIComponent(q)}`)).records;

async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  if (SHOTS) await page.screenshot({ path: join(ROOT, 'docs', 'images', name), fullPage });
}

let opportunity: { Id: string; Name: string; StageName: string };

beforeAll(async () => {
  const people = await personas();
  const open = await soql<{ Id: string; Name: string; StageName: string }>(
    `SELECT Id, Name, StageName FROM Opportunity WHERE OwnerId = '${people.rep.id}' AND IsClosed = false ORDER BY Name`
  );
  expect(open.length).toBeGreaterThan(0);
  opportunity = open[0];
});

afterAll(disconnect);

const route = (): string => `/lightning/r/Opportunity/${opportunity.Id}/view`;

it('lets the manager record observations on a phone in one request; they land as one deal observation', async () => {
  const people = await personas();
  const screen = await openScreen(route(), { persona: 'manager', width: 360, height: 800 });
  const { page } = screen;
  try {
    await page.waitForSelector(`${HOST} [data-id="behaviors"]`, { timeout: 60000 });
    await expectOneDataRequest(screen, 'dealCoaching');
    await expect(page.locator(`${HOST} [data-id="subtitle"]`).innerText()).resolves.toContain(
      `${opportunity.StageName}:`
    );
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAxeClean(page, HOST);

    const cards = page.locator(`${HOST} [data-id="behaviors"] > li`);
    const first = cards.nth(0);
    const second = cards.nth(1);
    const ids = [
      await first.getAttribute('data-behavior'),
      await second.getAttribute('data-behavior')
    ] as string[];
    await first.locator('[data-id="toggle"]').click();
    await first.locator('lightning-radio-group label', { hasText: '4 Advanced' }).click();
    await second.locator('[data-id="toggle"]').click();
    await second.locator('lightning-radio-group label', { hasText: '2 Developing' }).click();
    const small = await smallTargets(page, HOST);
    expect(small).toEqual([]);
    // What a thumb sees: the card scrolled to its first behaviour, one phone screen high.
    await first.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.evaluate(() => window.scrollBy(0, -16));
    await shot(page, 'deal-phone.png', false);

    // A 2 needs evidence: the screen says so before sending anything.
    await page.locator(`${HOST} [data-id="save"] button`).click();
    await expect(second.locator('[data-id="error"]').innerText()).resolves.toMatch(/needs evidence/);
    expect(screen.dataRequests.filter((r) => /saveAssessment/.test(r.query))).toHaveLength(0);
    await second
      .locator('lightning-textarea textarea')
      .fill('Sent the proposal before confirming the budget owner.');
    await page.locator(`${HOST} [data-id="save"] button`).click();
    await expect(page.locator(`${HOST} [data-id="message"]`).innerText()).resolves.toMatch(
      /^Saved 2 observations/
    );
    expect(screen.dataRequests.filter((r) => /saveAssessment/.test(r.query))).toHaveLength(1);
    await page.locator(`${HOST} [data-id="history"]`).waitFor();
    await expect(page.locator(`${HOST} [data-id="history"] li`).count()).resolves.toBe(2);

    const saved = await soql<{
      Id: string;
      Rep__c: string;
      Assessor__c: string;
      Status__c: string;
      Opportunity__c: string;
    }>(
      `SELECT Id, Rep__c, Assessor__c, Status__c, Opportunity__c FROM Assessment__c WHERE Type__c = 'Deal Observation' AND Opportunity__c = '${opportunity.Id}'`
    );
    expect(saved.map((a) => [a.Rep__c, a.Assessor__c, a.Status__c])).toEqual([
      [people.rep.id, people.manager.id, 'Submitted']
    ]);
    const ratings = await soql<{
      Job_Behavior__c: string;
      Rating__c: string;
      Evidence_Opportunity__c: string;
    }>(
      `SELECT Job_Behavior__c, Rating__c, Evidence_Opportunity__c FROM Behavior_Rating__c WHERE Assessment__c = '${saved[0].Id}' ORDER BY Rating__c`
    );
    expect(ratings.map((r) => [r.Job_Behavior__c, r.Rating__c, r.Evidence_Opportunity__c])).toEqual([
      [ids[1], '2', opportunity.Id],
      [ids[0], '4', opportunity.Id]
    ]);
    await expectAxeClean(page, HOST);
    expect(screen.errors).toEqual([]);
  } finally {
    await screen.close();
  }
});

it('shows the rep the observations on their deal read-only, as their latest ratings', async () => {
  const screen = await openScreen(route(), { persona: 'rep' });
  const { page } = screen;
  try {
    await page.waitForSelector(`${HOST} [data-id="history"]`, { timeout: 60000 });
    await expectOneDataRequest(screen, 'dealCoaching');
    await expect(page.locator(`${HOST} [data-id="read-only"]`).innerText()).resolves.toMatch(
      /only your manager records them/
    );
    await expect(
      page.locator(`${HOST} lightning-radio-group, ${HOST} [data-id="save"]`).count()
    ).resolves.toBe(0);
    await expect(page.locator(`${HOST} [data-id="history"] li`).count()).resolves.toBe(2);
    const latest = await page.locator(`${HOST} [data-id="latest"]`).allInnerTexts();
    expect(latest.filter((t) => t.includes('deal observation on this deal'))).toHaveLength(2);
    await shot(page, 'deal-rep.png');
    await expectAxeClean(page, HOST);
  } finally {
    await screen.close();
  }
});

it('fits the rep’s phone and the manager’s desktop: one request each, axe clean, nothing scrolls sideways', async () => {
  for (const [persona, width, shotName] of [
    ['rep', 360, 'deal-rep-phone.png'],
    ['manager', 1280, 'deal-desktop.png']
  ] as const) {
    const screen = await openScreen(route(), { persona, width, height: 900 });
    const { page } = screen;
    try {
      await page.waitForSelector(`${HOST} [data-id="behaviors"]`, { timeout: 60000 });
      await expectOneDataRequest(screen, 'dealCoaching');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await shot(page, shotName);
      await expectAxeClean(page, HOST);
    } finally {
      await screen.close();
    }
  }
});
