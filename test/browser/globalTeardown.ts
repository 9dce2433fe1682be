/** Jest globalTeardown of the browser tests: closes the one Chromium, preview and local org. */
import type { Running } from './env';

export default async function globalTeardown(): Promise<void> {
  const running = (globalThis as Running).__previewHarness;
  if (!running) return;
  await running.browser.close();
  await running.stage.close();
}
