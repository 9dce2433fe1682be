/** The environment variables through which the browser harness hands its stage to test files. */
import type { BrowserServer } from 'playwright-core';
import type { Stage } from '../../scripts/preview/stage';

export const ENV = {
  url: 'PREVIEW_HARNESS_URL',
  ws: 'PREVIEW_HARNESS_BROWSER',
  orgUrl: 'PREVIEW_HARNESS_ORG_URL',
  orgToken: 'PREVIEW_HARNESS_ORG_TOKEN'
} as const;

/** What globalSetup keeps for globalTeardown. */
export type Running = typeof globalThis & { __previewHarness?: { stage: Stage; browser: BrowserServer } };
