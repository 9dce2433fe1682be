/**
 * The sync over a local org seeded with manager assessments: the behaviour impact analysis finds the
 * behaviours the seed ties to skill and finds nothing in the others. Expectations come from the seed's
 * own contract (which competencies are skill-linked), not from the sync's code.
 */
import { SKILL_LINKED_COMPETENCIES } from '../../localOrg/seed';
import { startLocalOrg, type LocalOrg, type Rec } from '../../localOrg/index';
import { main, type CliIo } from '../cli';

const NOW = new Date('2026-05-15T12:00:00Z');

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
});
