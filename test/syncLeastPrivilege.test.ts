/**
 * The metrics sync needs nothing beyond its permission set: run as the seeded integration user
 * (minimum-access profile plus Sales_Competency_Sync, no role) against one org, and as the
 * all-powerful administrator against an identical twin, it writes the same snapshots, eligible
 * scores and impact results. If the set lost a permission the sync relies on, the two would differ.
 */
import { startLocalOrg, type LocalOrg, type Rec } from '../scripts/localOrg';
import { main, type CliIo } from '../scripts/sync/cli';

const NOW = new Date('2026-05-15T12:00:00Z');

async function twin(): Promise<LocalOrg> {
  return startLocalOrg({
    now: () => NOW,
    seed: { reps: 24, quarters: 3, seed: 11, assessments: true },
    plans: true,
    validationRules: true
  });
}

async function sync(org: LocalOrg, token: string): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const io: CliIo = { out: () => undefined, err: (t) => void err.push(t), isTTY: false };
  // the period the seeded assessments rate (the org's clock, not the machine's, decides it)
  const period = org.seeded?.assessmentPeriod ?? '';
  const code = await main(['--period', period], { SF_INSTANCE_URL: org.url, SF_ACCESS_TOKEN: token }, io, {
    retry: { baseMs: 5, maxMs: 20 }
  });
  return { code, err: err.join('\n') };
}

/** The values the sync writes, keyed so the twins compare record by record (ids are deterministic). */
function written(org: LocalOrg): Record<string, unknown> {
  const strip = (r: Rec): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(r).filter(
        ([k]) =>
          ![
            'CreatedById',
            'LastModifiedById',
            'SystemModstamp',
            'LastModifiedDate',
            'CreatedDate',
            'Synced_At__c'
          ].includes(k)
      )
    );
  const live = (type: string): Record<string, unknown>[] =>
    org.store
      .table(type)
      .rows.filter((r) => !r.IsDeleted)
      .map(strip);
  return {
    snapshots: live('Performance_Snapshot__c'),
    assessments: live('Assessment__c').map((a) => ({
      Id: a.Id,
      Eligible_Score__c: a.Eligible_Score__c,
      Win_Rate__c: a.Win_Rate__c,
      Quota_Attainment__c: a.Quota_Attainment__c,
      Version__c: a.Version__c
    })),
    // impact results belong to whoever wrote them; everything else must match
    impact: live('Behavior_Impact__c').map(({ OwnerId: _owner, ...rest }) => rest)
  };
}

let asAdmin: LocalOrg;
let asSyncUser: LocalOrg;

beforeAll(async () => {
  [asAdmin, asSyncUser] = await Promise.all([twin(), twin()]);
}, 60_000);

afterAll(async () => {
  await Promise.all([asAdmin?.close(), asSyncUser?.close()]);
});

it('writes as the integration user exactly what it writes as the administrator', async () => {
  const syncUser = asSyncUser.personas.sync;
  expect(syncUser).toBeDefined();
  const byAdmin = await sync(asAdmin, asAdmin.accessToken);
  expect(byAdmin).toEqual({ code: 0, err: '' });
  const bySyncUser = await sync(asSyncUser, asSyncUser.sessionFor(syncUser?.username ?? ''));
  expect(bySyncUser).toEqual({ code: 0, err: '' });
  const a = written(asAdmin);
  const b = written(asSyncUser);
  expect((a.snapshots as unknown[]).length).toBe(24);
  expect((a.impact as unknown[]).length).toBeGreaterThan(0);
  expect(b).toEqual(a);
  // the integration user's own name is on what it wrote
  const snapshot = asSyncUser.store.table('Performance_Snapshot__c').rows[0];
  expect(snapshot.CreatedById).toBe(syncUser?.id);
  const impact = asSyncUser.store.table('Behavior_Impact__c').rows[0];
  expect(impact.OwnerId).toBe(syncUser?.id);
}, 120_000);
