import { scoreAssessment } from 'c/scoring';
import { NO_DIMENSION, competencyModelOf, ratingsOf, roleWeightsOf } from 'c/scoringInputs';

const v = <T>(value: T | null): { value: T | null } => ({ value });
const connection = <N>(nodes: N[]): { edges: { node: N }[] } => ({ edges: nodes.map((node) => ({ node })) });

const competencies = [
  { Id: 'c1', Dimension__c: v('d1'), Job_Behaviors__r: connection([{ Id: 'b1' }, { Id: 'b2' }]) },
  { Id: 'c2', Dimension__c: v<string>(null), Job_Behaviors__r: connection([{ Id: 'b3' }]) },
  { Id: 'c3', Dimension__c: v('d1'), Job_Behaviors__r: null }
];

describe('competencyModelOf', () => {
  it('keys competencies and behaviours by record Id in the answer order', () => {
    expect(competencyModelOf(competencies)).toEqual({
      competencies: [
        { key: 'c1', dimensionKey: 'd1' },
        { key: 'c2', dimensionKey: NO_DIMENSION },
        { key: 'c3', dimensionKey: 'd1' }
      ],
      behaviors: [
        { key: 'b1', competencyKey: 'c1' },
        { key: 'b2', competencyKey: 'c1' },
        { key: 'b3', competencyKey: 'c2' }
      ]
    });
  });
});

describe('roleWeightsOf', () => {
  const model = competencyModelOf(competencies);
  const rc = (role: string | null, competency: string | null, weight: number | null) => ({
    Sales_Role__c: v(role),
    Competency__c: v(competency),
    Weight__c: v(weight)
  });

  it("groups weights by role, a blank weight counting as 1 (the field's default)", () => {
    const roles = roleWeightsOf([rc('AE', 'c1', 2), rc('AE', 'c2', null), rc('SDR', 'c1', 0.5)], model);
    expect(Object.fromEntries(roles)).toEqual({ AE: { c1: 2, c2: 1 }, SDR: { c1: 0.5 } });
  });

  it('leaves out competencies the user cannot read and rows without a role or competency', () => {
    const roles = roleWeightsOf(
      [rc('AE', 'hidden', 3), rc(null, 'c1', 1), rc('AE', null, 1), rc('AE', 'c3', 1)],
      model
    );
    expect(Object.fromEntries(roles)).toEqual({ AE: { c3: 1 } });
  });

  it('gives weights the scoring library accepts: a blank-weight competency is scored, not dropped', () => {
    const weights = roleWeightsOf([rc('AE', 'c1', 3), rc('AE', 'c2', null)], model).get('AE') ?? {};
    const scored = scoreAssessment(model, { b1: '4', b2: '4', b3: '1' }, weights);
    expect(scored.competencies.c2).toBe(1);
    expect(scored.overall).toBeCloseTo((4 * 3 + 1 * 1) / 4, 2);
  });
});

describe('ratingsOf', () => {
  it('maps behaviour Ids to ratings, keeping blanks as unrated and skipping rows without a behaviour', () => {
    const ratings = connection([
      { Job_Behavior__c: v('b1'), Rating__c: v('4') },
      { Job_Behavior__c: v('b2'), Rating__c: v<string>(null) },
      { Job_Behavior__c: v<string>(null), Rating__c: v('5') }
    ]);
    expect(ratingsOf(ratings)).toEqual({ b1: '4', b2: null });
    expect(ratingsOf(null)).toEqual({});
  });
});
