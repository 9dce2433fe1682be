/**
 * The calibration view in a real browser against the harness org, after the metrics sync has
 * set eligible scores: the leader sees each manager's distribution against the organisation's
 * (chart and table), and records an override with a reason in one request; the change appears with
 * who made it and when (field history). A manager without the Calibrator set cannot change the
 * reason. Set CALIBRATION_SCREENSHOTS=1 to write docs/images/calibration-*.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from '../../scripts/preview/build';
import { main as syncMain } from '../../scripts/sync/cli';
import { ENV } from './env';
import { adminGet, disconnect, expectAxeClean, expectOneDataRequest, openScreen, personas } from './harness';

jest.setTimeout(300000);

const API = '/services/data/v66.0';
const SHOTS = process.env.CALIBRATION_SCREENSHOTS === '1';
const ROUTE = '/lightning/n/Calibration';
const HOST = 'c-calibration-view';

const soql = async <T>(q: string): Promise<T[]> =>
  (await adminGet<{ records: T[] }>(`${API}/query?q=${encodeURIComponent(q)}`)).records;

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.locator(HOST).screenshot({ path: join(ROOT, 'docs', 'images', name) });
}

interface Target {
  Id: string;
  Period__c: string;
  Eligible_Score__c: number;
  Rep__r: { Name: string };
}

let target: Target;

beforeAll(async () => {
  const synced = await soql<{ Id: string }>(
    'SELECT Id FROM Assessment__c WHERE Eligible_Score__c != null LIMIT 1'
  );
  if (!synced.length) {
    const lines: string[] = [];
    const code = await syncMain(
      [],
      { SF_INSTANCE_URL: process.env[ENV.orgUrl], SF_ACCESS_TOKEN: process.env[ENV.orgToken] },
      { out: (t) => void lines.push(t), err: (t) => void lines.push(t), isTTY: false }
    );
    if (code !== 0) throw new Error(`The metrics sync failed (exit ${code}):\n${lines.join('\n')}`);
  }
  const candidates = await soql<Target>(
    "SELECT Id, Period__c, Eligible_Score__c, Rep__r.Name FROM Assessment__c WHERE Type__c = 'Manager' AND In_Ramp__c = false AND Eligible_Score__c >= 2 AND Final_Score__c = null ORDER BY Rep__r.Name"
  );
  expect(candidates.length).toBeGreaterThan(0);
  target = candidates[0];
});

afterAll(disconnect);

it('shows the leader each manager against the organisation and records an override with its reason and history', async () => {
  const people = await personas();
  const screen = await openScreen(ROUTE, {
    persona: 'leader',
    width: 1440
  });
  const { page } = screen;
  try {
    await page.waitForSelector(`${HOST} [data-id="reps"]`, { timeout: 60000 });
    await expectOneDataRequest(screen, 'calibrationView');
    const bars = await page.locator(`${HOST} [data-id="distribution"] tbody tr`).count();
    expect(bars).toBeGreaterThan(2); // the organisation and at least two managers
    await expect(page.locator(`${HOST} [data-id="chart"] g`).count()).resolves.toBe(bars);
    const organisation = await page.locator(`${HOST} [data-id="distribution"] tbody tr`).first().innerText();
    expect(organisation).toMatch(/^Organisation/);
    await expectAxeClean(page, HOST);
    await shot(page, 'calibration-desktop.png');

    const row = page.locator(`${HOST} [data-id="reps"] tr[data-row="${target.Id}"]`);
    await row.locator('button.calibrate').click();
    const better = String(target.Eligible_Score__c - 1);
    await page.locator(`${HOST} lightning-combobox[data-id="final"] button`).click();
    await page.locator(`${HOST} lightning-combobox[data-id="final"] [data-value="${better}"]`).click();
    await page.locator(`${HOST} [data-id="save"] button`).click();
    await expect(page.locator(`${HOST} [data-id="edit-error"]`).innerText()).resolves.toMatch(
      /override reason/
    );
    await page
      .locator(`${HOST} lightning-textarea[data-id="reason"] textarea`)
      .fill('Carried the region’s largest renewal through a reorganisation.');
    await page.locator(`${HOST} [data-id="save"] button`).click();
    await expect(page.locator(`${HOST} [data-id="message"]`).innerText()).resolves.toMatch(/^Saved: /);
    await expect(row.locator('[data-id="difference"]').innerText()).resolves.toBe(
      '1 better than eligible (override)'
    );
    await expect(row.innerText()).resolves.toContain(
      `Final score blank \u2192 ${better}, ${people.leader.name}`
    );
    await expect(row.innerText()).resolves.toContain('Override reason blank \u2192 Carried');

    const [saved] = await soql<{ Final_Score__c: number; Override_Reason__c: string }>(
      `SELECT Final_Score__c, Override_Reason__c FROM Assessment__c WHERE Id = '${target.Id}'`
    );
    expect(saved.Final_Score__c).toBe(Number(better));
    expect(saved.Override_Reason__c).toMatch(/^Carried/);
    expect(screen.dataRequests.filter((r) => /saveAssessment/.test(r.query))).toHaveLength(1);
    await expectAxeClean(page, HOST);
    expect(screen.errors).toEqual([]);
  } finally {
    await screen.close();
  }
});

it('fits a phone: the page does not scroll sideways', async () => {
  const screen = await openScreen(ROUTE, {
    persona: 'leader',
    width: 360,
    height: 800
  });
  const { page } = screen;
  try {
    await page.waitForSelector(`${HOST} [data-id="reps"]`, { timeout: 60000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, 'calibration-phone.png');
    await expectAxeClean(page, HOST);
  } finally {
    await screen.close();
  }
});
