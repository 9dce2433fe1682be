/**
 * Jest globalSetup of the browser tests: one preview build, one local org with the preview server
 * in front of it, and one Chromium for the whole run. Test files reach them through environment
 * variables (see harness.ts); globalTeardown stops them.
 */
import { buildPreview } from '../../scripts/preview/build';
import { launchBrowserServer } from '../../scripts/preview/browser';
import { startStage } from '../../scripts/preview/stage';
import { ENV, type Running } from './env';

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  await buildPreview();
  const built = Date.now();
  const stage = await startStage();
  const browser = await launchBrowserServer();
  process.env[ENV.url] = stage.preview.url;
  process.env[ENV.ws] = browser.wsEndpoint();
  process.env[ENV.orgUrl] = stage.org.url;
  process.env[ENV.orgToken] = stage.org.accessToken;
  (globalThis as Running).__previewHarness = { stage, browser };
  process.stderr.write(
    `\nBrowser harness: preview built in ${((built - started) / 1000).toFixed(1)} s, org, preview and Chromium up in ${((Date.now() - built) / 1000).toFixed(1)} s\n`
  );
}
