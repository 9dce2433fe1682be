/**
 * `npm run preview:screenshot`: renders a component against the local org loaded with the default
 * content and saves a PNG (the README's picture comes from here).
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { startLocalOrg } from '../localOrg/index';
import { buildPreview, ROOT } from './build';
import { startPreview } from './server';
import { launchBrowser } from './browser';

async function main(): Promise<void> {
  const tag = process.argv[2] ?? 'c-model-overview';
  const out = process.argv[3] ?? join(ROOT, 'docs', 'images', `${tag.replace(/^c-/, '')}.png`);
  await buildPreview();
  const org = await startLocalOrg({ plans: true });
  const preview = await startPreview({ orgUrl: org.url, accessToken: org.accessToken });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 960, height: 900 }, deviceScaleFactor: 1 });
    await page.goto(`${preview.url}?c=${tag}`);
    await page.waitForSelector(`${tag} [data-id="counts"], ${tag} [data-id="error"]`, { timeout: 30000 });
    mkdirSync(join(out, '..'), { recursive: true });
    await page.locator('#root').screenshot({ path: out });
    console.log(`Saved ${out}`);
  } finally {
    await browser.close();
    preview.server.close();
    await org.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
