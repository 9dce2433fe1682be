/**
 * The About-this-model card on the app's home page in a real browser: compiled by the LWC compiler
 * with the real base components and SLDS, laid out from the home FlexiPage, reading the local org's
 * GraphQL API loaded with the shipped content, as the administrator.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../scripts/preview/build';
import { disconnect, expectAxeClean, expectOneDataRequest, openScreen } from './harness';

jest.setTimeout(120000);

function records(object: string): Record<string, unknown>[] {
  const file = join(ROOT, 'data', `${object}.json`);
  return (JSON.parse(readFileSync(file, 'utf8')) as { records: Record<string, unknown>[] }).records;
}

afterAll(disconnect);

it('shows the shipped model: dimensions in order and every count, with one data request and no axe violation', async () => {
  const screen = await openScreen('/lightning/page/home', { persona: 'admin' });
  const { page } = screen;
  try {
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
    await expectOneDataRequest(screen, 'modelOverview');
    await expectAxeClean(page);
    expect(screen.errors).toEqual([]);
  } finally {
    await screen.close();
  }
});
