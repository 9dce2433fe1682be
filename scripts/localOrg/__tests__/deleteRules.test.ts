/**
 * Lookup delete constraints over the package's own objects: Restrict refuses (DELETE_FAILED naming the
 * referencing records), also through a master-detail cascade; SetNull clears; Cascade deletes; and a
 * refused delete changes nothing, alone or inside an all-or-none sObject Collections call.
 */
import { Connection } from 'jsforce';
import { startLocalOrg, type LocalOrg } from '../index';
import { loadSchema } from '../../metadata/schema';
import { loadPlans } from '../plans';
import { seedSalesTeam } from '../seed';
import { SfError, Store, type Rec } from '../store';
import { deleteRuleOf } from '../deletePlan';
import { NOW } from './helpers';

const schema = loadSchema();

function seededStore(): Store {
  const store = new Store(schema, { now: () => NOW });
  loadPlans(store);
  seedSalesTeam(store, { reps: 4, teamSize: 4, opportunities: 8, quarters: 1, assessments: true });
  return store;
}

const live = (store: Store, type: string): Rec[] => store.table(type).rows.filter((r) => !r.IsDeleted);

/** Runs fn and returns the SfError it throws (fails the test when it does not throw one). */
function refusal(fn: () => void): SfError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SfError) return e;
    throw e;
  }
  throw new Error('expected the call to be refused');
}

describe('delete rules from the field metadata', () => {
  it('reads each lookup rule: declared constraints, master-detail cascades, defaults by requiredness', () => {
    const f = (o: string, n: string) => schema.find(o)!.fieldMap.get(n.toLowerCase())!;
    expect(f('Behavior_Rating__c', 'Job_Behavior__c').deleteConstraint).toBe('Restrict');
    expect(deleteRuleOf(f('Behavior_Rating__c', 'Job_Behavior__c'))).toBe('Restrict');
    expect(deleteRuleOf(f('Behavior_Rating__c', 'Evidence_Opportunity__c'))).toBe('SetNull');
    expect(deleteRuleOf(f('Behavior_Rating__c', 'Assessment__c'))).toBe('Cascade');
    expect(deleteRuleOf(f('Job_Behavior__c', 'Competency__c'))).toBe('Cascade');
    // no deleteConstraint: optional lookups are cleared, required ones block
    expect(f('Assessment__c', 'Assessor__c').deleteConstraint).toBeNull();
    expect(deleteRuleOf(f('Assessment__c', 'Assessor__c'))).toBe('SetNull');
    expect(deleteRuleOf(f('Assessment__c', 'Rep__c'))).toBe('Restrict');
    // a required standard lookup goes with its parent (as opportunity history does)
    expect(deleteRuleOf({ ...f('Assessment__c', 'Rep__c'), custom: false })).toBe('Cascade');
  });
});

describe('Store.delete', () => {
  it('refuses to delete a job behavior that ratings reference through a Restrict lookup, naming them', () => {
    const store = seededStore();
    const rating = live(store, 'Behavior_Rating__c')[0];
    const behaviorId = rating.Job_Behavior__c as string;
    const behavior = store.get('Job_Behavior__c', behaviorId)!;
    const referencing = live(store, 'Behavior_Rating__c').filter((r) => r.Job_Behavior__c === behaviorId);
    expect(referencing.length).toBeGreaterThan(0);
    const stamp = behavior.SystemModstamp;

    const err = refusal(() => store.delete('Job_Behavior__c', behaviorId));
    expect(err.status).toBe(400);
    expect(err.errors[0].errorCode).toBe('DELETE_FAILED');
    expect(err.errors[0].message).toMatch(
      new RegExp(
        `^Your attempt to delete ${String(behavior.Name)} could not be completed because it is associated with the following behavior ratings\\.: `
      )
    );
    expect(err.errors[0].message).toContain(String(referencing[0].Name));
    // nothing changed
    expect(store.get('Job_Behavior__c', behaviorId)).toBe(behavior);
    expect(behavior.SystemModstamp).toBe(stamp);
    expect(live(store, 'Behavior_Rating__c').filter((r) => r.Job_Behavior__c === behaviorId)).toHaveLength(
      referencing.length
    );
  });

  it('refuses to delete a competency whose cascaded job behaviors are rated, and deletes nothing', () => {
    const store = seededStore();
    const behaviorId = live(store, 'Behavior_Rating__c')[0].Job_Behavior__c as string;
    const competencyId = store.get('Job_Behavior__c', behaviorId)!.Competency__c as string;
    const behaviors = live(store, 'Job_Behavior__c').length;
    const err = refusal(() => store.delete('Competency__c', competencyId));
    expect(err.errors[0].errorCode).toBe('DELETE_FAILED');
    expect(err.errors[0].message).toContain('behavior ratings');
    expect(store.get('Competency__c', competencyId)).toBeDefined();
    expect(live(store, 'Job_Behavior__c')).toHaveLength(behaviors);
  });

  it('cascades an unrated competency to its job behaviors and clears SetNull lookups to both', () => {
    const store = seededStore();
    const rated = new Set(live(store, 'Behavior_Rating__c').map((r) => r.Job_Behavior__c));
    const competency = live(store, 'Competency__c').find((c) =>
      live(store, 'Job_Behavior__c').every((b) => b.Competency__c !== c.Id || !rated.has(b.Id))
    )!;
    const behavior = live(store, 'Job_Behavior__c').find((b) => b.Competency__c === competency.Id)!;
    const impactId = store.create('Behavior_Impact__c', {
      Key__c: 'impact-1',
      Competency__c: competency.Id,
      Job_Behavior__c: behavior.Id
    });

    store.delete('Competency__c', competency.Id as string);
    expect(store.get('Competency__c', competency.Id as string)).toBeUndefined();
    expect(live(store, 'Job_Behavior__c').filter((b) => b.Competency__c === competency.Id)).toHaveLength(0);
    const impact = store.get('Behavior_Impact__c', impactId)!;
    expect(impact).toMatchObject({ Competency__c: null, Job_Behavior__c: null });
  });

  it('clears optional lookups to a deleted opportunity on assessments and ratings', () => {
    const store = seededStore();
    const assessment = live(store, 'Assessment__c')[0];
    const rating = live(store, 'Behavior_Rating__c').find((r) => r.Assessment__c === assessment.Id)!;
    const opp = live(store, 'Opportunity')[0];
    store.update('Assessment__c', assessment.Id as string, { Opportunity__c: opp.Id });
    store.update('Behavior_Rating__c', rating.Id as string, { Evidence_Opportunity__c: opp.Id });
    store.delete('Opportunity', opp.Id as string);
    expect(store.get('Assessment__c', assessment.Id as string)!.Opportunity__c).toBeNull();
    expect(store.get('Behavior_Rating__c', rating.Id as string)!.Evidence_Opportunity__c).toBeNull();
  });

  it('undoes cleared lookups when the surrounding transaction fails', () => {
    const store = seededStore();
    const assessment = live(store, 'Assessment__c')[0];
    const opp = live(store, 'Opportunity')[0];
    store.update('Assessment__c', assessment.Id as string, { Opportunity__c: opp.Id });
    const behaviorId = live(store, 'Behavior_Rating__c')[0].Job_Behavior__c as string;
    expect(() =>
      store.transaction(() => {
        store.delete('Opportunity', opp.Id as string);
        store.delete('Job_Behavior__c', behaviorId);
      })
    ).toThrow(/DELETE_FAILED/);
    expect(store.get('Opportunity', opp.Id as string)).toBeDefined();
    expect(store.get('Assessment__c', assessment.Id as string)!.Opportunity__c).toBe(opp.Id);
  });

  it('cascades a declared Cascade lookup (an account deletes its opportunities)', () => {
    const store = seededStore();
    const opp = live(store, 'Opportunity').find((o) => o.AccountId)!;
    store.delete('Account', opp.AccountId as string);
    expect(store.get('Opportunity', opp.Id as string)).toBeUndefined();
  });
});

describe('over the REST API', () => {
  let org: LocalOrg;
  let conn: Connection;
  beforeAll(async () => {
    org = await startLocalOrg({
      plans: true,
      seed: { reps: 4, teamSize: 4, quarters: 1, assessments: true }
    });
    conn = new Connection({ instanceUrl: org.url, accessToken: org.accessToken, version: '66.0' });
  });
  afterAll(() => org.close());

  it('answers DELETE_FAILED for a restricted delete, and rolls an all-or-none collection back', async () => {
    const rating = live(org.store, 'Behavior_Rating__c')[0];
    const behaviorId = rating.Job_Behavior__c as string;
    await expect(conn.sobject('Job_Behavior__c').destroy(behaviorId)).rejects.toMatchObject({
      errorCode: 'DELETE_FAILED'
    });

    const assessment = live(org.store, 'Assessment__c')[0];
    const opp = live(org.store, 'Opportunity')[0];
    org.store.update('Assessment__c', assessment.Id as string, { Opportunity__c: opp.Id });
    const res = await fetch(
      `${org.url}/services/data/v66.0/composite/sobjects?allOrNone=true&ids=${String(opp.Id)},${behaviorId}`,
      { method: 'DELETE', headers: { Authorization: `Bearer ${org.accessToken}` } }
    );
    const body = (await res.json()) as { success: boolean; errors: { statusCode: string }[] }[];
    expect(body.map((r) => r.success)).toEqual([false, false]);
    expect(body[1].errors[0].statusCode).toBe('DELETE_FAILED');
    expect(org.store.get('Opportunity', opp.Id as string)).toBeDefined();
    expect(org.store.get('Assessment__c', assessment.Id as string)!.Opportunity__c).toBe(opp.Id);
  });

  it('describes the restricting child relationship', async () => {
    const d = await conn.describe('Job_Behavior__c');
    const rel = d.childRelationships.find((c) => c.childSObject === 'Behavior_Rating__c')!;
    expect(rel.restrictedDelete).toBe(true);
    const impact = d.childRelationships.find((c) => c.childSObject === 'Behavior_Impact__c')!;
    expect(impact.restrictedDelete).toBe(false);
  });
});
