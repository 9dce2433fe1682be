/**
 * Launches Debian's Chromium headless through playwright-core (never a downloaded browser), with
 * the flags that keep it quiet on a closed network.
 */
import { chromium, type Browser, type BrowserServer } from 'playwright-core';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** True when the system Chromium is installed (`apt-get install chromium`). */
export function hasChromium(): boolean {
  return existsSync(CHROMIUM);
}

function launchOptions(): Parameters<typeof chromium.launch>[0] {
  if (!hasChromium()) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install it with apt-get install chromium, or set CHROMIUM_PATH.`
    );
  }
  return {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync'
    ]
  };
}

/** Starts a fresh headless Chromium (Playwright gives each launch a new temporary profile). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch(launchOptions());
}

/** Starts one Chromium that several processes (the test workers) connect to by its wsEndpoint. */
export function launchBrowserServer(): Promise<BrowserServer> {
  return chromium.launchServer(launchOptions());
}

/** Connects to a Chromium started by launchBrowserServer. */
export function connectBrowser(wsEndpoint: string): Promise<Browser> {
  return chromium.connect(wsEndpoint);
}

/**
 * Browser context options for a window of this size: below 768 px (Salesforce's Small form factor)
 * the page opens as on a phone, with touch and no hover, so SLDS's touch sizes apply as they do in
 * the Salesforce mobile app.
 */
export function windowOptions(
  width: number,
  height: number
): { viewport: { width: number; height: number }; isMobile: boolean; hasTouch: boolean } {
  const phone = width < 768;
  return { viewport: { width, height }, isMobile: phone, hasTouch: phone };
}
