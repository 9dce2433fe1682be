/**
 * The Sales Maturity page in a real browser against the harness org, as the sales leader (Manager
 * and Calibrator sets): the page loads with one data request, the leader assesses every dimension,
 * completes, and sees the staged level, the profile and the roadmap; the records are in the org.
 * Set LEADERSHIP_SCREENSHOTS=1 to also write docs/images/maturity-*.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from '../../scripts/preview/build';
import { adminGet, disconnect, expectAxeClean, expectOneDataRequest, openScreen } from './harness';

jest.setTimeout(180000);

const API = '/services/data/v66.0';
const SHOTS = process.env.LEADERSHIP_SCREENSHOTS === '1';
const ROUTE = '/lightning/n/Sales_Maturity';

interface Row {
  attributes: { referenceId: string };
  [field: string]: unknown;
}

function records(object: string): Row[] {
  return (JSON.parse(readFileSync(join(ROOT, 'data', `${object}.json`), 'utf8')) as { records: Row[] })
    .records;
}

const soql = async <T>(q: string): Promise<T[]> =>
  (await adminGet<{ records: T[] }>(`${API}/query?q=${encodeURIComponent(q)}`)).records;

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: join(ROOT, 'docs', 'images', name), fullPage: true });
}

afterAll(disconnect);

it('the leader completes a maturity assessment and sees the level, the profile and the roadmap', async () => {
  const dimensions = records('Maturity_Dimension__c').sort(
    (a, b) => Number(a.Sort_Order__c) - Number(b.Sort_Order__c)
  );
  const descriptors = records('Maturity_Level_Descriptor__c');
  // Levels chosen per dimension, in rubric order: the lowest (2) holds the organisation at Defined.
  const chosen = [3, 2, 3, 4, 2, 3, 3].slice(0, dimensions.length);
  const holding = dimensions.filter((_, i) => chosen[i] === 2);
  const before = await soql<{ Id: string }>('SELECT Id FROM Maturity_Assessment__c');

  const screen = await openScreen(ROUTE, { persona: 'leader' });
  const { page } = screen;
  try {
    await page.waitForSelector('c-maturity-assessment lightning-button[data-id="start"] button', {
      timeout: 60000
    });
    await expectOneDataRequest(screen);
    await expectAxeClean(page);
    await page.locator('c-maturity-assessment lightning-button[data-id="start"] button').click();

    const groups = page.locator('c-maturity-assessment lightning-radio-group');
    await expect(groups.count()).resolves.toBe(dimensions.length);
    for (let i = 0; i < dimensions.length; i++) {
      await groups
        .nth(i)
        .locator('label.slds-radio__label')
        .nth(chosen[i] - 1)
        .click();
    }
    await page
      .locator('c-maturity-assessment lightning-textarea')
      .first()
      .locator('textarea')
      .fill('Stage exit criteria agreed, not yet enforced everywhere.');
    const level = page.locator('c-maturity-assessment [data-id="level"]');
    await expect(level.innerText()).resolves.toBe(
      'Organisation level: 2 Defined. Every dimension reaches at least this level.'
    );
    await shot(page, 'maturity-assessing.png');
    await expectAxeClean(page);

    await page.locator('c-maturity-assessment lightning-button[data-id="complete"] button').click();
    await page.waitForSelector('c-maturity-assessment [data-id="message"]');
    await expect(page.locator('c-maturity-assessment [data-id="message"]').innerText()).resolves.toBe(
      'Assessment completed: the organisation is at level 2 Defined.'
    );
    await page.waitForSelector('c-maturity-assessment [data-id="history-table"]');
    await expect(page.locator('c-maturity-assessment [data-id="heading"]').innerText()).resolves.toMatch(
      /^Maturity assessment completed on /
    );
    await expect(level.innerText()).resolves.toBe(
      'Organisation level: 2 Defined. Every dimension reaches at least this level.'
    );
    const profile = await page
      .locator('c-maturity-assessment [data-id="profile-table"] tbody tr')
      .evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent?.trim()).join(': ')));
    const names = ['Chaos', 'Defined', 'Reportable', 'Manageable', 'Predictable'];
    expect(profile).toEqual(
      dimensions.map((d, i) => `${String(d.Name)}: ${chosen[i]} ${names[chosen[i] - 1]}`)
    );
    const roadmap = await page
      .locator('c-maturity-assessment [data-id="roadmap"] li')
      .evaluateAll((items) =>
        items.map((li) => [...li.querySelectorAll('p')].map((p) => p.textContent?.trim()))
      );
    expect(roadmap).toEqual(
      holding.map((d) => [
        `${String(d.Name)}: from 2 Defined to 3 Reportable`,
        descriptors.find(
          (x) => x.Maturity_Dimension__c === `@${d.attributes.referenceId}` && x.Level__c === 3
        )?.Descriptor__c
      ])
    );
    await shot(page, 'maturity-result.png');
    await expectAxeClean(page);
    expect(screen.errors).toEqual([]);
  } finally {
    await screen.close();
  }

  const after = await soql<{ Id: string; Level__c: number; Assessed_On__c: string | null }>(
    'SELECT Id, Level__c, Assessed_On__c FROM Maturity_Assessment__c'
  );
  const created = after.filter((a) => !before.some((b) => b.Id === a.Id));
  expect(created).toHaveLength(1);
  expect(created[0].Level__c).toBe(2);
  expect(created[0].Assessed_On__c).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  const responses = await soql<{ Level__c: number }>(
    `SELECT Level__c FROM Maturity_Response__c WHERE Maturity_Assessment__c = '${created[0].Id}'`
  );
  expect(responses.map((r) => r.Level__c).sort()).toEqual([...chosen].sort());
});

it('is usable at phone width: nothing scrolls sideways', async () => {
  const screen = await openScreen(ROUTE, { persona: 'leader', width: 360, height: 800 });
  const { page } = screen;
  try {
    await page.waitForSelector('c-maturity-assessment [data-id="results"]', { timeout: 60000 });
    await expectOneDataRequest(screen);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, 'maturity-phone.png');
    await expectAxeClean(page);
  } finally {
    await screen.close();
  }
});
