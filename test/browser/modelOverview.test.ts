/**
 * The About-this-model card in a real browser: compiled by the LWC compiler with the real base
 * components and SLDS, reading the local org's GraphQL API loaded with the shipped content.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startLocalOrg, type LocalOrg } from '../../scripts/localOrg/index';
import { buildPreview, ROOT } from '../../scripts/preview/build';
import { startPreview } from '../../scripts/preview/server';
import { launchBrowser } from '../../scripts/preview/browser';

jest.setTimeout(180000);

function records(object: string): Record<string, unknown>[] {
  const file = join(ROOT, 'data', `${object}.json`);
  return (JSON.parse(readFileSync(file, 'utf8')) as { records: Record<string, unknown>[] }).records;
}

let org: LocalOrg;
let preview: Awaited<ReturnType<typeof startPreview>>;
let browser: Browser;

beforeAll(async () => {
  await buildPreview();
  org = await startLocalOrg({ plans: true });
  preview = await startPreview({ orgUrl: org.url, accessToken: org.accessToken });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  preview?.server.close();
  await org?.close();
});

it('shows the shipped model: dimensions in order and every count', async () => {
  const page = await browser.newPage();
  const failures: string[] = [];
  page.on('pageerror', (e) => failures.push(e.message));
  const apiCalls: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/services/')) apiCalls.push(r.url());
  });
  await page.goto(`${preview.url}?c=c-model-overview`);
  await page.waitForSelector('c-model-overview [data-id="counts"]', { timeout: 30000 });

  const dimensions = records('Competency_Dimension__c')
    .sort((a, b) => Number(a.Sort_Order__c) - Number(b.Sort_Order__c))
    .map((r) => r.Name);
  const shown = await page
    .locator('c-model-overview [data-id="dimensions"] .slds-text-title_bold')
    .allTextContents();
  expect(shown).toEqual(dimensions);

  const counts = await page
    .locator('c-model-overview [data-id="counts"] li')
    .evaluateAll((items) =>
      items.map((li) => [...li.querySelectorAll('p')].map((p) => p.textContent).join(' '))
    );
  expect(counts).toEqual([
    `${records('Competency_Dimension__c').length} Dimensions`,
    `${records('Competency__c').length} Competencies`,
    `${records('Job_Behavior__c').length} Job behaviours`,
    `${records('Career_Level__c').length} Career levels`,
    `${records('Performance_Band__c').length} Performance bands`
  ]);
  // The real lightning-card rendered its title (a stub would not).
  expect(await page.locator('c-model-overview lightning-card').innerText()).toContain('About this model');
  expect(failures).toEqual([]);
  // One data request per screen load.
  expect(apiCalls).toHaveLength(1);
});
