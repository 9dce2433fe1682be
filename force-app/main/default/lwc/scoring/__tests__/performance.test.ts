import {
  ScoringInputError,
  bandFromRecord,
  bandRangeText,
  checkFinalScore,
  eligibleScore,
  findBand,
  promotionReadiness,
  rampScore,
  validateBand,
  type CareerLevelInfo,
  type EligibleInput,
  type ExpectationRating,
  type PerformanceBand
} from '../scoring';
import { defaultBands } from './fixtures';

const quota = (
  attainment: number | null,
  scope: ExpectationRating | null = 'Meeting',
  impact = scope
): EligibleInput => ({
  attainment,
  inRamp: false,
  scope,
  impact
});

describe('eligibleScore outside ramp (quota bands as data)', () => {
  const bands = defaultBands();

  it.each([
    [0, 5, 'Unsuccessful'],
    [39.99, 5, 'Unsuccessful'],
    [40, 4, 'Partial'],
    [79.99, 4, 'Partial'],
    [80, 3, 'High Bar'],
    [95.5, 3, 'High Bar'],
    [110.99, 3, 'High Bar'],
    [111, 2, 'Superior'],
    [129.99, 2, 'Superior'],
    [130, 2, 'Distinguished'],
    [250, 2, 'Distinguished']
  ])('attainment %p%% with both areas Meeting gives %p (band %s)', (attainment, score, band) => {
    const result = eligibleScore(quota(attainment), bands);
    expect(result.score).toBe(score);
    expect(result.band?.name).toBe(band);
    expect(result.basis).toBe('Quota');
  });

  it.each([
    ['Exceeding', 'Exceeding', 1],
    ['Exceeding', 'Meeting', 2],
    ['Meeting', 'Exceeding', 2],
    ['Exceeding', null, 2],
    [null, null, 2]
  ] as [ExpectationRating | null, ExpectationRating | null, number][])(
    'at 130%% scope %p and impact %p give %p: 1 needs both areas Exceeding',
    (scope, impact, score) => {
      const result = eligibleScore({ attainment: 130, inRamp: false, scope, impact }, bands);
      expect(result.score).toBe(score);
      expect(result.band?.score).toBe(1);
    }
  );

  it('says why the score is what it is', () => {
    expect(eligibleScore(quota(130, 'Exceeding', 'Meeting'), bands).reason).toBe(
      'Attainment 130% is in band >= 130%, whose score 1 needs both areas Exceeding'
    );
    expect(eligibleScore(quota(95.5), bands).reason).toBe('Attainment 95.5% is in band [80%, 111%)');
    expect(eligibleScore(quota(12), bands).reason).toBe('Attainment 12% is in band < 40%');
  });

  it('both Exceeding only matters in a band that asks for it', () => {
    expect(eligibleScore(quota(120, 'Exceeding', 'Exceeding'), bands).score).toBe(2);
  });

  it('has no score before attainment is synced', () => {
    const result = eligibleScore(quota(null), bands);
    expect(result).toEqual({
      score: null,
      basis: 'Quota',
      band: null,
      reason: 'No quota attainment for the period yet'
    });
  });

  it('follows the band records, not constants: moving a bound moves the score', () => {
    const custom = defaultBands();
    custom[2].minAttainment = 90;
    custom[3].maxAttainment = 90;
    expect(eligibleScore(quota(85), bands).score).toBe(3);
    expect(eligibleScore(quota(85), custom).score).toBe(4);
  });

  it('reports gaps and overlaps in the bands', () => {
    const gap = bands.filter((b) => b.score !== 4);
    expect(() => eligibleScore(quota(50), gap)).toThrow('No performance band covers quota attainment 50%');
    const overlap = [...bands, { ...bands[2], name: 'Duplicate' }];
    expect(() => eligibleScore(quota(90), overlap)).toThrow(
      'Performance bands overlap at quota attainment 90%: High Bar, Duplicate'
    );
    const unnamed = bands.map(({ name: _name, ...band }) => band);
    expect(() => findBand(90, [...unnamed, unnamed[2]])).toThrow(
      'Performance bands overlap at quota attainment 90%: 3, 3'
    );
    expect(() => findBand(NaN, bands)).toThrow('Quota attainment must be a finite number, got NaN');
  });

  it('rejects unusable band records with the band named', () => {
    const bad = (patch: Partial<PerformanceBand>) => ({ ...defaultBands()[1], ...patch });
    expect(() => validateBand(bad({ score: 6 }))).toThrow(
      'Performance band Superior: score must be a whole number from 1 to 5, got 6'
    );
    expect(() => validateBand(bad({ minAttainment: 130, maxAttainment: 111 }))).toThrow(
      'Performance band Superior: minimum attainment 130 must be below maximum 111'
    );
    expect(() => validateBand(bad({ requiresBothExceeding: true, fallbackScore: null }))).toThrow(
      'Performance band Superior: fallback score (the band requires both areas Exceeding) must be a whole number from 1 to 5, got null'
    );
    expect(() => validateBand({ ...bad({}), name: undefined, key: 'B2', maxAttainment: NaN })).toThrow(
      'Performance band B2: maximum attainment must be a finite number'
    );
    expect(() => validateBand({ ...bad({}), name: undefined, minAttainment: Infinity })).toThrow(
      'Performance band with score 2: minimum attainment must be a finite number'
    );
    expect(() => eligibleScore(quota(100), [bad({ score: 0 })])).toThrow(ScoringInputError);
  });

  it('rejects an expectation rating outside the picklist', () => {
    expect(() => eligibleScore(quota(100, 'Great' as ExpectationRating), bands)).toThrow(
      `Scope rating must be 'Below', 'Meeting', 'Exceeding' or null, got "Great"`
    );
  });

  it('describes band ranges', () => {
    expect(bandRangeText({ ...bands[0], minAttainment: null, maxAttainment: null })).toBe('any attainment');
  });
});

describe('bandFromRecord', () => {
  it('maps record fields to a band, blanks to null', () => {
    expect(
      bandFromRecord({
        Name: 'Superior',
        Key__c: 'band.2',
        Score__c: 2,
        Min_Attainment__c: 111,
        Max_Attainment__c: 130,
        Requires_Both_Exceeding__c: false,
        Fallback_Score__c: null
      })
    ).toEqual({ ...defaultBands()[1], key: 'band.2' });
    expect(bandFromRecord({ Score__c: 5, Max_Attainment__c: 40 })).toEqual({
      score: 5,
      minAttainment: null,
      maxAttainment: 40,
      requiresBothExceeding: false,
      fallbackScore: null
    });
  });

  it('rejects a record without a usable score', () => {
    expect(() => bandFromRecord({ Name: 'Broken', Score__c: null })).toThrow(
      'Performance band Broken: score must be a whole number from 1 to 5, got null'
    );
  });
});

describe('eligibleScore in ramp (not quota-gated)', () => {
  it.each([
    ['Exceeding', 'Exceeding', 1],
    ['Exceeding', 'Meeting', 2],
    ['Meeting', 'Exceeding', 2],
    ['Meeting', 'Meeting', 3],
    ['Below', 'Meeting', 4],
    ['Exceeding', 'Below', 4],
    ['Below', 'Below', 5]
  ] as [ExpectationRating, ExpectationRating, number][])(
    'scope %s and impact %s give %p',
    (scope, impact, score) => {
      expect(rampScore(scope, impact)).toBe(score);
      // Attainment is ignored in ramp, even with no bands at all.
      const result = eligibleScore({ attainment: 5, inRamp: true, scope, impact }, []);
      expect(result).toMatchObject({ score, basis: 'Ramp', band: null });
    }
  );

  it('waits for both areas to be rated', () => {
    expect(
      eligibleScore({ attainment: 150, inRamp: true, scope: 'Exceeding', impact: null }, defaultBands())
    ).toEqual({
      score: null,
      basis: 'Ramp',
      band: null,
      reason: 'In ramp: rate both expectation areas first'
    });
  });
});

describe('checkFinalScore', () => {
  const base = { eligibleScore: 3, overrideReason: null, canCalibrate: false };

  it.each([
    [null, true],
    [3, true],
    [4, true],
    [5, true]
  ])('final %p against eligible 3 without override: ok %p', (finalScore, ok) => {
    expect(checkFinalScore({ ...base, finalScore })).toEqual({ ok, override: false, message: null });
  });

  it('refuses a better final score from a user without the calibration permission', () => {
    const result = checkFinalScore({ ...base, finalScore: 2, overrideReason: 'Big strategic win' });
    expect(result.ok).toBe(false);
    expect(result.message).toBe(
      'Final score 2 is better than the eligible score 3: only a user with the calibration permission can override it'
    );
  });

  it('refuses a better final score without a reason, even from a calibrator', () => {
    for (const overrideReason of [null, undefined, '', '   ']) {
      const result = checkFinalScore({ ...base, finalScore: 1, canCalibrate: true, overrideReason });
      expect(result).toEqual({
        ok: false,
        override: false,
        message: 'Final score 1 is better than the eligible score 3: record an override reason'
      });
    }
  });

  it('accepts a better final score from a calibrator with a reason, flagged as an override', () => {
    expect(
      checkFinalScore({ ...base, finalScore: 2, canCalibrate: true, overrideReason: 'Territory change' })
    ).toEqual({
      ok: true,
      override: true,
      message: null
    });
  });

  it('accepts any final score while there is no eligible score', () => {
    expect(checkFinalScore({ ...base, eligibleScore: null, finalScore: 1 }).ok).toBe(true);
  });

  it.each([0, 6, 2.5, NaN])('rejects final score %p', (finalScore) => {
    expect(checkFinalScore({ ...base, finalScore })).toEqual({
      ok: false,
      override: false,
      message: `Final score must be a whole number from 1 to 5, got ${finalScore}`
    });
  });
});

describe('promotionReadiness', () => {
  const levels: CareerLevelInfo[] = [1, 2, 3, 4, 5, 6].map((level) => ({
    level,
    expectedProficiency: level === 5 ? null : 2 + level * 0.4
  }));
  const ready = {
    currentLevel: 3,
    levels,
    finalScoresNewestFirst: [2, 1, 4],
    overallScore: 3.6,
    latest: { scope: 'Exceeding', impact: 'Exceeding' } as const
  };

  it('is ready when every line is met, with the numbers on each line', () => {
    const result = promotionReadiness(ready);
    expect(result.ready).toBe(true);
    expect(result.nextLevel).toBe(4);
    expect(result.criteria.map((c) => [c.key, c.met, c.detail])).toEqual([
      ['finalScores', true, 'last two final scores: 2, 1'],
      ['proficiency', true, 'overall score 3.60 against 3.60 expected at L4'],
      ['expectations', true, 'latest assessment: scope Exceeding, impact Exceeding']
    ]);
    expect(result.criteria[0]).toMatchObject({ actual: [2, 1], required: 2 });
    expect(result.criteria[1]).toMatchObject({ actual: [3.6], required: 3.6 });
  });

  it('marks each unmet line on its own', () => {
    const result = promotionReadiness({
      ...ready,
      finalScoresNewestFirst: [null, 3, 1],
      overallScore: 3.59,
      latest: { scope: 'Exceeding', impact: 'Meeting' }
    });
    expect(result.ready).toBe(false);
    expect(result.criteria.map((c) => c.met)).toEqual([false, false, false]);
    expect(result.criteria[0].detail).toBe('last two final scores: 3, 1');
    expect(result.criteria[1].detail).toBe('overall score 3.59 against 3.60 expected at L4');
  });

  it('needs two decided final scores', () => {
    expect(promotionReadiness({ ...ready, finalScoresNewestFirst: [1] }).criteria[0]).toMatchObject({
      met: false,
      detail: 'only one final score so far: 1'
    });
    expect(promotionReadiness({ ...ready, finalScoresNewestFirst: [null] }).criteria[0]).toMatchObject({
      met: false,
      detail: 'no final scores yet'
    });
  });

  it('handles an unrated rep, no assessment and an unset expectation', () => {
    const result = promotionReadiness({ ...ready, currentLevel: 4, overallScore: null, latest: null });
    expect(result.criteria[1]).toMatchObject({
      met: false,
      detail: 'expected proficiency for L5 is not set'
    });
    expect(result.criteria[2]).toMatchObject({
      met: false,
      detail: 'no assessment yet',
      actual: [null, null]
    });
    const unrated = promotionReadiness({
      ...ready,
      overallScore: null,
      latest: { scope: null, impact: 'Exceeding' }
    });
    expect(unrated.criteria[1].detail).toBe('overall score unrated against 3.60 expected at L4');
    expect(unrated.criteria[2].detail).toBe('latest assessment: scope not rated, impact Exceeding');
    const half = promotionReadiness({ ...ready, latest: { scope: 'Exceeding', impact: null } });
    expect(half.criteria[2]).toMatchObject({
      met: false,
      detail: 'latest assessment: scope Exceeding, impact not rated'
    });
  });

  it('has no next level at the top of the track', () => {
    const result = promotionReadiness({ ...ready, currentLevel: 6 });
    expect(result).toEqual({
      currentLevel: 6,
      nextLevel: null,
      ready: false,
      criteria: [
        {
          key: 'nextLevel',
          met: false,
          label: 'A next level exists',
          detail: 'L6 is the top level of this track',
          actual: [6],
          required: null
        }
      ]
    });
  });

  it('rejects bad input', () => {
    expect(() => promotionReadiness({ ...ready, currentLevel: 0 })).toThrow(
      'Current career level must be a whole number'
    );
    expect(() => promotionReadiness({ ...ready, levels: [...levels, levels[0]] })).toThrow(
      'Career level 1 is listed twice'
    );
    expect(() => promotionReadiness({ ...ready, finalScoresNewestFirst: [7, 1] })).toThrow(
      'Final score must be a whole number from 1 to 5, got 7'
    );
    expect(() => promotionReadiness({ ...ready, overallScore: NaN })).toThrow(
      'Overall score must be a finite number'
    );
  });
});
