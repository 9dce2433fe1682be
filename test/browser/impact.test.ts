/**
 * The Behaviour Impact page in a real browser against the harness org, as the sales leader: the
 * results the metrics sync wrote (the sync runs first, as the administrator, when the org has none)
 * appear with rho, n and their 95% intervals, sorted by effect, with one data request per load.
 * Set LEADERSHIP_SCREENSHOTS=1 to also write docs/images/impact-*.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from '../../scripts/preview/build';
import { main as syncMain } from '../../scripts/sync/cli';
import { ENV } from './env';
import { adminGet, disconnect, expectAxeClean, expectOneDataRequest, openScreen } from './harness';

jest.setTimeout(300000);

const API = '/services/data/v66.0';
const SHOTS = process.env.LEADERSHIP_SCREENSHOTS === '1';
const ROUTE = '/lightning/n/Behaviour_Impact';

interface ImpactRecord {
  Rho__c: number;
  N__c: number;
  CI_Low__c: number;
  CI_High__c: number;
  Job_Behavior__r: { Name: string } | null;
}

const soql = async <T>(q: string): Promise<{ totalSize: number; records: T[] }> =>
  adminGet<{ totalSize: number; records: T[] }>(`${API}/query?q=${encodeURIComponent(q)}`);

const fmt = (v: number): string => v.toFixed(2).replace('-', '\u2212');

async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  if (SHOTS) await page.screenshot({ path: join(ROOT, 'docs', 'images', name), fullPage });
}

beforeAll(async () => {
  const existing = await soql<unknown>('SELECT Id FROM Behavior_Impact__c LIMIT 1');
  if (existing.totalSize > 0) return;
  const lines: string[] = [];
  const code = await syncMain(
    [],
    { SF_INSTANCE_URL: process.env[ENV.orgUrl], SF_ACCESS_TOKEN: process.env[ENV.orgToken] },
    { out: (t) => void lines.push(t), err: (t) => void lines.push(t), isTTY: false }
  );
  if (code !== 0) throw new Error(`The metrics sync failed (exit ${code}):\n${lines.join('\n')}`);
});

afterAll(disconnect);

it('shows the synced effects with their intervals, sorted by effect, and the not-causal statement', async () => {
  const computed = (
    await soql<ImpactRecord>(
      "SELECT Rho__c, N__c, CI_Low__c, CI_High__c, Job_Behavior__r.Name FROM Behavior_Impact__c WHERE Status__c = 'Computed'"
    )
  ).records;
  expect(computed.length).toBeGreaterThan(0);

  const screen = await openScreen(ROUTE, { persona: 'leader' });
  const { page } = screen;
  try {
    await page.waitForSelector('c-behavior-impact [data-id="selection"]', { timeout: 60000 });
    await expectOneDataRequest(screen);
    await expect(page.locator('c-behavior-impact [data-id="caution"]').innerText()).resolves.toMatch(
      /They do not show that the behaviour causes the result/
    );
    await page.waitForSelector('c-behavior-impact [data-id="impact-table"]');
    const rows = await page
      .locator('c-behavior-impact [data-id="impact-table"] tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent?.trim() ?? '')));
    expect(rows.length).toBeGreaterThan(0);
    for (const [behavior, , rho, n, interval] of rows) {
      const match = computed.find(
        (r) =>
          r.Job_Behavior__r?.Name === behavior &&
          fmt(r.Rho__c) === rho &&
          String(r.N__c) === n &&
          `${fmt(r.CI_Low__c)} to ${fmt(r.CI_High__c)}` === interval
      );
      expect({ behavior, rho, n, interval, found: match !== undefined }).toEqual({
        behavior,
        rho,
        n,
        interval,
        found: true
      });
      expect(Number(n)).toBeGreaterThanOrEqual(10);
    }
    const rhos = rows.map((r) => Number(r[2].replace('\u2212', '-')));
    expect(rhos).toEqual([...rhos].sort((a, b) => b - a));
    await expect(page.locator('c-behavior-impact [data-id="forest"] line.interval').count()).resolves.toBe(
      rows.length
    );
    await shot(page, 'impact-desktop.png');
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'impact-top.png', false); // the first screen, for the README
    await expectAxeClean(page);
    expect(screen.errors).toEqual([]);
  } finally {
    await screen.close();
  }
});

it('is usable at phone width: nothing scrolls sideways', async () => {
  const screen = await openScreen(ROUTE, { persona: 'leader', width: 360, height: 800 });
  const { page } = screen;
  try {
    await page.waitForSelector('c-behavior-impact [data-id="selection"]', { timeout: 60000 });
    await expectOneDataRequest(screen);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, 'impact-phone.png');
    await expectAxeClean(page);
  } finally {
    await screen.close();
  }
});
