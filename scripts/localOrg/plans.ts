/**
 * Loads the package's default content (the data/ tree-import plans) into a local org's store, the
 * same records the importer sends to a real org, upserted by Key__c with parents referenced by key.
 */
import { KEY_FIELD, readPlans, toUpsertRecord } from '../data/plan';
import type { Store } from './store';

/** Upserts every plan record (parents first) by its external key; returns how many were loaded. */
export function loadPlans(store: Store, dataDir?: string): number {
  const records = readPlans(dataDir);
  store.transaction(() => {
    for (const r of records) {
      const { attributes, ...body } = toUpsertRecord(r);
      store.upsert(attributes.type, KEY_FIELD, r.key, body);
    }
  });
  return records.length;
}
