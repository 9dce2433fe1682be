/**
 * The sync over a local org seeded with manager assessments: the behaviour impact analysis finds the
 * behaviours the seed ties to skill and finds nothing in the others. Expectations come from the seed's
 * own contract (which competencies are skill-linked, which behaviour matters at which stage), not
 * from the sync's code.
 */
import { PLANTED_BEHAVIOR, PLANTED_STAGE, SKILL_LINKED_COMPETENCIES } from '../../localOrg/seed';
import { startLocalOrg, type LocalOrg, type Rec } from '../../localOrg/index';
import { main, type CliIo } from '../cli';

const NOW = new Date('2026-05-15T12:00:00Z');

jest.setTimeout(120_000);

describe('behaviour impact over seeded assessments', () => {
  let org: LocalOrg;
  let code: number;
  let out: string;

  beforeAll(async () => {
    org = await startLocalOrg({
      now: () => NOW,
      plans: true,
      seed: { reps: 120, quarters: 4, seed: 5, assessments: true },
      validationRules: true
    });
    const lines: string[] = [];
    const io: CliIo = { out: (t) => void lines.push(t), err: (t) => void lines.push(t), isTTY: false };
    code = await main(
      ['--period', org.seeded?.assessmentPeriod as string, '--json'],
      { SF_INSTANCE_URL: org.url, SF_ACCESS_TOKEN: org.accessToken },
      io
    );
    out = lines.join('\n');
  });
  afterAll(() => org.close());

  it('rescores the seeded assessments and writes computed impact results', () => {
    expect(code).toBe(0);
    const summary = JSON.parse(out).result;
    expect(summary.failures).toEqual([]);
    expect(summary.assessmentsRescored).toBeGreaterThan(0);
    const impacts = org.store.table('Behavior_Impact__c').rows;
    expect(impacts.length).toBe(summary.impactsWritten);
    expect(impacts.some((r) => r.Status__c === 'Computed')).toBe(true);
    expect(impacts.every((r) => r.Period__c === org.seeded?.assessmentPeriod)).toBe(true);
  });

  it('finds positive win rate correlations for the skill-linked behaviours and none for the rest', () => {
    const competencyKey = new Map(
      org.store.table('Competency__c').rows.map((c) => [c.Id as string, c.Key__c as string])
    );
    const behaviors = new Map(org.store.table('Job_Behavior__c').rows.map((b) => [b.Id as string, b]));
    const linked = (r: Rec): boolean => {
      const b = behaviors.get(r.Job_Behavior__c as string) as Rec;
      return (
        SKILL_LINKED_COMPETENCIES.includes(competencyKey.get(b.Competency__c as string) as string) &&
        Number(b.Sort_Order__c) <= 2
      );
    };
    const ae = org.store
      .table('Behavior_Impact__c')
      .rows.filter(
        (r) =>
          r.Sales_Role__c === 'Account Executive' && r.Metric__c === 'Win Rate' && r.Status__c === 'Computed'
      );
    const skill = ae.filter(linked).map((r) => Number(r.Rho__c));
    const noise = ae.filter((r) => !linked(r)).map((r) => Number(r.Rho__c));
    const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(ae.every((r) => Number(r.N__c) >= 10)).toBe(true);
    expect(skill.length).toBeGreaterThanOrEqual(4);
    expect(noise.length).toBeGreaterThan(20);
    // every skill-linked behaviour correlates positively; one is clearly above zero (its interval too)
    expect(Math.min(...skill)).toBeGreaterThan(0);
    expect(mean(skill)).toBeGreaterThan(0.2);
    expect(ae.filter(linked).some((r) => Number(r.Rho__c) > 0.25 && Number(r.CI_Low__c) > 0)).toBe(true);
    // the rest scatter around zero
    expect(Math.abs(mean(noise))).toBeLessThan(0.08);
  });

  it('finds the planted behaviour at its stage, with a positive sign, and not at its other stages', () => {
    const planted = org.store.table('Job_Behavior__c').rows.find((b) => b.Key__c === PLANTED_BEHAVIOR) as Rec;
    const results = org.store
      .table('Behavior_Impact__c')
      .rows.filter(
        (r) =>
          r.Sales_Role__c === 'Account Executive' &&
          r.Job_Behavior__c === planted.Id &&
          r.Metric__c === 'Stage Conversion'
      );
    const tagged = String(planted.Stages__c).split(';');
    expect(tagged).toContain(PLANTED_STAGE);
    expect(results.map((r) => r.Stage__c).sort()).toEqual([...tagged].sort());
    const at = results.find((r) => r.Stage__c === PLANTED_STAGE) as Rec;
    expect(at.Status__c).toBe('Computed');
    expect(Number(at.N__c)).toBeGreaterThanOrEqual(30);
    // clearly positive: the interval is above zero and it survives the false-discovery-rate adjustment
    expect(Number(at.Rho__c)).toBeGreaterThan(0.3);
    expect(Number(at.CI_Low__c)).toBeGreaterThan(0);
    expect(at.Significant__c).toBe(true);
    // its other stages show nothing like it
    for (const other of results.filter((r) => r.Stage__c !== PLANTED_STAGE))
      expect(Math.abs(Number(other.Rho__c))).toBeLessThan(Number(at.Rho__c) - 0.2);
    // and no other AE behaviour beats it at that stage
    const atStage = org.store
      .table('Behavior_Impact__c')
      .rows.filter(
        (r) =>
          r.Sales_Role__c === 'Account Executive' &&
          r.Metric__c === 'Stage Conversion' &&
          r.Stage__c === PLANTED_STAGE &&
          r.Status__c === 'Computed'
      );
    expect(atStage.length).toBeGreaterThan(10);
    expect(Math.max(...atStage.map((r) => Number(r.Rho__c)))).toBe(Number(at.Rho__c));
  });

  it('gives every SDR an attainment from a count quota, and with it an eligible score', () => {
    const sdrAssessments = org.store.table('Assessment__c').rows.filter((a) => a.Sales_Role__c === 'SDR');
    expect(sdrAssessments.length).toBeGreaterThan(10);
    for (const a of sdrAssessments) {
      expect(typeof a.Quota_Attainment__c).toBe('number');
      expect(typeof a.Eligible_Score__c).toBe('number');
    }
    const snapshots = org.store
      .table('Performance_Snapshot__c')
      .rows.filter((s) => sdrAssessments.some((a) => a.Rep__c === s.Rep__c));
    expect(
      snapshots.every((s) => s.Quota_Measure__c === 'Leads Converted' && Number(s.Quota_Quantity__c) > 0)
    ).toBe(true);
    // SDR impact lines exist too: against lead conversion and the count-quota attainment
    const sdrImpact = org.store.table('Behavior_Impact__c').rows.filter((r) => r.Sales_Role__c === 'SDR');
    expect(sdrImpact.some((r) => r.Metric__c === 'Lead Conversion' && r.Status__c === 'Computed')).toBe(true);
    expect(sdrImpact.some((r) => r.Metric__c === 'Quota Attainment' && r.Status__c === 'Computed')).toBe(
      true
    );
  });
});
