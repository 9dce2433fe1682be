/** Shared fixtures for the local org tests: a small metadata tree and a pinned clock. */
import * as path from 'node:path';
import { loadSchema } from '../../metadata/schema';
import { Store } from '../store';

/** Test metadata (Parent__c, Child__c, a global value set, a custom User field). */
export const FIXTURE_DIR = path.join(__dirname, 'fixtures');

/** Friday 15 May 2026, noon UTC. */
export const NOW = new Date('2026-05-15T12:00:00Z');

/** A store over the fixture schema with the pinned clock. */
export function fixtureStore(fiscalYearStartMonth = 1): Store {
  return new Store(loadSchema({ metadataDir: FIXTURE_DIR }), {
    now: () => NOW,
    organization: { fiscalYearStartMonth }
  });
}
