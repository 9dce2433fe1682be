import {
  MIN_IMPACT_N,
  averageRanks,
  behaviorImpact,
  benjaminiHochberg,
  bonettWrightInterval,
  bonettWrightSe,
  correlationPValue,
  erfc,
  fisherInterval,
  pearson,
  spearman,
  type ImpactRow,
  type RatingInput
} from '../scoring';

describe('averageRanks', () => {
  it('gives tied values the mean of the ranks they span', () => {
    // 10 -> 1; the three 20s span ranks 2-4 -> 3; 30 -> 5.
    expect(averageRanks([10, 20, 20, 30, 20])).toEqual([1, 3, 3, 5, 3]);
    expect(averageRanks([2, 2])).toEqual([1.5, 1.5]);
    expect(averageRanks([])).toEqual([]);
  });

  it('rejects non-numbers', () => {
    expect(() => averageRanks([1, NaN])).toThrow('Value at position 1 must be a finite number, got NaN');
  });
});

describe('spearman against published values', () => {
  it('IQ against hours of television (the Wikipedia worked example): rho = -29/165', () => {
    // Sum of squared rank differences is 194, n = 10: 1 - 6 * 194 / (10 * 99) = -29/165 = -0.175757...
    const iq = [106, 100, 86, 101, 99, 103, 97, 113, 112, 110];
    const tv = [7, 27, 2, 50, 28, 29, 20, 12, 6, 17];
    expect(spearman(iq, tv)).toBeCloseTo(-29 / 165, 12);
  });

  it('English against maths marks (the Laerd Statistics worked example): rho = 0.67', () => {
    // Published as 0.67; exactly 1 - 6 * 54 / 990 = 37/55 = 0.672727...
    const english = [56, 75, 45, 71, 62, 64, 58, 80, 76, 61];
    const maths = [66, 70, 40, 60, 65, 56, 59, 77, 67, 63];
    expect(spearman(english, maths)).toBeCloseTo(37 / 55, 12);
    expect(spearman(english, maths)?.toFixed(2)).toBe('0.67');
  });

  it('ties use average ranks and Pearson on ranks (hand computed: 3 / sqrt(10))', () => {
    // x ranks 1, 2.5, 2.5, 4; y ranks 1, 3, 2, 4; both means 2.5.
    // Sxy = 2.25 + 0 + 0 + 2.25 = 4.5, Sxx = 4.5, Syy = 2.25 + 0.25 + 0.25 + 2.25 = 5.
    // rho = 4.5 / sqrt(4.5 * 5) = 3 / sqrt(10) = 0.948683...; scipy.stats.spearmanr agrees.
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(3 / Math.sqrt(10), 12);
  });

  it('heavily tied 1-5 ratings against win rates match scipy.stats.spearmanr (0.9716254134469436)', () => {
    const ratings = [3, 4, 2, 5, 3, 4, 1, 3, 5, 2, 4, 3];
    const winRates = [42.5, 55, 30, 61.2, 38, 50, 22.5, 45, 58, 35, 47.5, 40];
    expect(spearman(ratings, winRates)).toBeCloseTo(0.9716254134469436, 12);
  });

  it('is 1 and -1 for monotone data, null when undefined', () => {
    expect(spearman([1, 2, 3], [10, 100, 1000])).toBe(1);
    expect(spearman([1, 2, 3], [3, 2, 1])).toBe(-1);
    expect(spearman([3, 3, 3], [1, 2, 3])).toBeNull();
    expect(spearman([1], [2])).toBeNull();
    expect(spearman([], [])).toBeNull();
  });

  it('rejects series of different lengths', () => {
    expect(() => spearman([1, 2], [1])).toThrow('Paired series must have the same length, got 2 and 1');
    expect(() => pearson([1], [])).toThrow('Paired series must have the same length, got 1 and 0');
  });
});

describe('fisherInterval', () => {
  it('rho 0.5, n 28: (0.156028, 0.735818)', () => {
    // atanh(0.5) = 0.549306; se = 1 / sqrt(25) = 0.2; 1.959964 * 0.2 = 0.391993.
    // tanh(0.157313) = 0.156028; tanh(0.941299) = 0.735818.
    const { low, high } = fisherInterval(0.5, 28);
    expect(low).toBeCloseTo(0.156028, 6);
    expect(high).toBeCloseTo(0.735818, 6);
  });

  it('rho 0.3, n 50: (0.023625, 0.533775)', () => {
    // atanh(0.3) = 0.309520; se = 1 / sqrt(47) = 0.145865; margin 0.285890.
    // tanh(0.023630) = 0.023625; tanh(0.595410) = 0.533775.
    const { low, high } = fisherInterval(0.3, 50);
    expect(low).toBeCloseTo(0.023625, 6);
    expect(high).toBeCloseTo(0.533775, 6);
  });

  it('rho 0, n 13 is symmetric: +/- tanh(1.959964 / sqrt(10)) = +/- 0.550985', () => {
    const { low, high } = fisherInterval(0, 13);
    expect(high).toBeCloseTo(0.550985, 6);
    expect(low).toBeCloseTo(-high, 12);
  });

  it('collapses to the point at a perfect correlation', () => {
    expect(fisherInterval(1, 10)).toEqual({ low: 1, high: 1 });
    expect(fisherInterval(-1, 10)).toEqual({ low: -1, high: -1 });
  });

  it('rejects impossible input', () => {
    expect(() => fisherInterval(1.2, 20)).toThrow('Correlation must be within [-1, 1], got 1.2');
    expect(() => fisherInterval(0.5, 3)).toThrow(
      'The Fisher interval needs a whole number of pairs above 3, got 3'
    );
    expect(() => fisherInterval(0.5, 10.5)).toThrow('got 10.5');
    expect(() => fisherInterval(NaN, 20)).toThrow('Correlation must be a finite number');
  });
});

describe('behaviorImpact', () => {
  const ratings = [1, 2, 2, 3, 3, 3, 4, 4, 5, 5];
  const winRates = [20, 35, 25, 40, 30, 45, 50, 42, 60, 55];
  const attainments = [60, 70, 95, 80, 110, 85, 90, 120, 100, 130];
  const rows = (role: string, behaviorKey: string, count = 10): ImpactRow[] =>
    ratings.slice(0, count).map((rating, i) => ({
      repId: `${role}-${i}`,
      role,
      behaviorKey,
      rating: String(rating) as RatingInput,
      winRate: winRates[i],
      attainment: attainments[i]
    }));

  it('correlates ratings with both outcomes, with n and a 95% interval (checked against scipy)', () => {
    const [attainment, winRate] = behaviorImpact(rows('Account Executive', 'discovery.questions'));
    // scipy.stats.spearmanr: 0.9166239485112054 (win rate), 0.7432086069009773 (attainment);
    // intervals by tanh(atanh(rho) -/+ 1.959964 * sqrt((1 + rho^2 / 2) / 7)) and p-values by
    // erfc(|atanh(rho)| / se / sqrt 2), computed with Python's math module.
    expect(winRate).toEqual({
      role: 'Account Executive',
      behaviorKey: 'discovery.questions',
      metric: 'Win Rate',
      stage: null,
      n: 10,
      rho: 0.917,
      ciLow: 0.595,
      ciHigh: 0.985,
      pValue: 0.0005,
      qValue: 0.0005,
      significant: true,
      status: 'Computed',
      reason: null
    });
    expect(attainment).toMatchObject({
      metric: 'Quota Attainment',
      n: 10,
      rho: 0.743,
      ciLow: 0.12,
      ciHigh: 0.946,
      pValue: 0.0249,
      significant: true
    });
  });

  it(`reports "Not Enough Data" below n = ${MIN_IMPACT_N}`, () => {
    const results = behaviorImpact(rows('SDR', 'b', 9));
    expect(results).toHaveLength(2);
    for (const result of results) {
      expect(result).toMatchObject({ n: 9, rho: null, ciLow: null, ciHigh: null, status: 'Not Enough Data' });
      expect(result.reason).toBe('9 reps, at least 10 needed');
    }
  });

  it('groups by role and behaviour, sorted, and never mixes roles', () => {
    const mixed = [
      ...rows('SDR', 'b', 5),
      ...rows('Account Executive', 'b', 5),
      ...rows('Account Executive', 'a')
    ];
    const results = behaviorImpact(mixed);
    expect(results.map((r) => [r.role, r.behaviorKey, r.metric, r.n])).toEqual([
      ['Account Executive', 'a', 'Quota Attainment', 10],
      ['Account Executive', 'a', 'Win Rate', 10],
      ['Account Executive', 'b', 'Quota Attainment', 5],
      ['Account Executive', 'b', 'Win Rate', 5],
      ['SDR', 'b', 'Quota Attainment', 5],
      ['SDR', 'b', 'Win Rate', 5]
    ]);
  });

  it('leaves out N/A and unrated reps, and a missing outcome only for that metric', () => {
    const input = rows('AE', 'b');
    input[0] = { ...input[0], rating: 'N/A' };
    input[1] = { ...input[1], rating: null };
    input[2] = { ...input[2], winRate: null };
    input.push({ ...input[3], repId: 'extra', rating: 4, attainment: null });
    const [attainment, winRate] = behaviorImpact(input);
    expect(attainment.n).toBe(8);
    expect(winRate.n).toBe(8);
  });

  it('has no result when ratings do not vary', () => {
    const flat = rows('AE', 'b').map((row): ImpactRow => ({ ...row, rating: '3' }));
    expect(behaviorImpact(flat)[0]).toMatchObject({
      n: 10,
      rho: null,
      status: 'Not Enough Data',
      reason: 'no variation in the ratings or the outcome'
    });
  });

  it('rejects a rep listed twice and bad values', () => {
    const twice = rows('AE', 'b');
    twice.push({ ...twice[0] });
    expect(() => behaviorImpact(twice)).toThrow(
      'Rep AE-0 appears twice for role "AE" and behaviour "b": pass the latest rating only'
    );
    expect(() => behaviorImpact([{ ...rows('AE', 'b')[0], rating: 6 }])).toThrow(
      'Invalid rating 6: expected a number from 1 to 5'
    );
    expect(() => behaviorImpact([{ ...rows('AE', 'b')[0], rating: NaN }])).toThrow('Invalid rating NaN');
    expect(() => behaviorImpact([{ ...rows('AE', 'b')[0], winRate: NaN }])).toThrow(
      'Win rate of rep AE-0 must be a finite number'
    );
    expect(() => behaviorImpact([{ ...rows('AE', 'b')[0], attainment: Infinity }])).toThrow(
      'Quota attainment of rep AE-0 must be a finite number'
    );
  });

  it('accepts decimal scores, for impact per competency', () => {
    // Ratings 1, 2, 2, 3, ... turned into distinct competency scores (1, 1.91, 1.92, 2.83, ...):
    // the ties are broken, so rho differs from the tied case; scipy.stats.spearmanr gives 0.8909090909.
    const competency = rows('AE', 'discovery').map((row, i): ImpactRow => ({
      ...row,
      rating: 1 + (ratings[i] - 1) * 0.9 + i / 100
    }));
    expect(behaviorImpact(competency)[1]).toMatchObject({ metric: 'Win Rate', n: 10, rho: 0.891 });
  });

  it('is empty for no rows', () => {
    expect(behaviorImpact([])).toEqual([]);
  });

  it('adds velocity and lead conversion only where some rep has a value, and one result per tagged stage', () => {
    const input = rows('AE', 'b').map((row, i): ImpactRow => ({
      ...row,
      velocity: i === 0 ? null : winRates[i] * 10,
      stages: ['Qualification', 'Needs Analysis', 'Closed Won'],
      stageConversion: { Qualification: attainments[i], 'Needs Analysis': i < 5 ? null : 50 }
    }));
    const results = behaviorImpact(input);
    expect(results.map((r) => [r.metric, r.stage, r.n, r.status])).toEqual([
      ['Quota Attainment', null, 10, 'Computed'],
      ['Win Rate', null, 10, 'Computed'],
      ['Sales Velocity', null, 9, 'Not Enough Data'],
      ['Stage Conversion', 'Qualification', 10, 'Computed'],
      ['Stage Conversion', 'Needs Analysis', 5, 'Not Enough Data']
    ]);
    // Closed Won has no conversion for anyone, so it gets no result; conversion out of Qualification
    // is the attainment series: the same rho
    expect(results[3].rho).toBe(results[0].rho);
    expect(() =>
      behaviorImpact([{ ...input[0], stageConversion: { Qualification: NaN, 'Needs Analysis': null } }])
    ).toThrow('Conversion out of Qualification of rep AE-0 must be a finite number');
    expect(() => behaviorImpact([{ ...input[1], velocity: Infinity }])).toThrow(
      'Sales velocity of rep AE-1 must be a finite number'
    );
    const sdr = rows('SDR', 'b').map((row): ImpactRow => ({ ...row, leadConversion: row.winRate }));
    expect(behaviorImpact(sdr).map((r) => r.metric)).toEqual([
      'Quota Attainment',
      'Win Rate',
      'Lead Conversion'
    ]);
  });

  it('adjusts p-values within each role and metric (Benjamini-Hochberg), so chance findings drop out', () => {
    // Three behaviours of one role: a strong one, a weaker one and noise. Alone, the weaker one
    // (p = 0.0249) would pass 0.05; among three tests its q-value is 0.0249 * 3 / 2 = 0.0374.
    const strong = rows('AE', 'a');
    const weaker = rows('AE', 'b');
    const noiseRatings = [2, 4, 5, 1, 3, 4, 2, 3, 5, 1];
    const noise = rows('AE', 'c').map((row, i): ImpactRow => ({
      ...row,
      rating: String(noiseRatings[i]) as RatingInput
    }));
    const results = behaviorImpact([...strong, ...weaker, ...noise]);
    const attainment = results.filter((r) => r.metric === 'Quota Attainment');
    const byKey = new Map(attainment.map((r) => [r.behaviorKey, r]));
    // a and b carry the same series: both p = 0.0249; c is tested too, so m = 3
    // c has rho 0 against attainment (Python), so p = 1
    expect(byKey.get('c')).toMatchObject({ rho: 0, pValue: 1 });
    expect(byKey.get('a')?.pValue).toBe(0.0249);
    expect(byKey.get('a')?.qValue).toBe(0.0374);
    expect(byKey.get('a')?.significant).toBe(true);
    expect(byKey.get('c')?.qValue).toBe(1);
    expect(byKey.get('c')?.significant).toBe(false);
    // the win-rate family is separate: its q-values do not mix with attainment's
    expect(results.filter((r) => r.metric === 'Win Rate').find((r) => r.behaviorKey === 'a')?.qValue).toBe(
      0.0008
    );
    // a stricter rate turns the weaker discovery off
    const strict = behaviorImpact([...strong, ...weaker, ...noise], 0.01);
    expect(strict.find((r) => r.metric === 'Quota Attainment' && r.behaviorKey === 'a')?.significant).toBe(
      false
    );
  });
});

describe('bonettWrightInterval', () => {
  it('matches the reference: rho 0.87, n 15 gives about 0.584 to 0.964', () => {
    const { low, high } = bonettWrightInterval(0.87, 15);
    expect(low).toBeCloseTo(0.584188, 5);
    expect(high).toBeCloseTo(0.963841, 5);
  });

  it('is wider than the Pearson-formula interval, and the standard error follows the formula', () => {
    expect(bonettWrightSe(0.5, 28)).toBeCloseTo(Math.sqrt(1.125 / 25), 12);
    const bw = bonettWrightInterval(0.5, 28);
    const fisher = fisherInterval(0.5, 28);
    expect(bw.low).toBeLessThan(fisher.low);
    expect(bw.high).toBeGreaterThan(fisher.high);
    // rho = -0.5, n = 20 (Python: -0.7831644, -0.0450790)
    const neg = bonettWrightInterval(-0.5, 20);
    expect(neg.low).toBeCloseTo(-0.783164, 5);
    expect(neg.high).toBeCloseTo(-0.045079, 5);
  });

  it('collapses to the point at a perfect correlation and rejects impossible input', () => {
    expect(bonettWrightInterval(1, 10)).toEqual({ low: 1, high: 1 });
    expect(() => bonettWrightInterval(0.5, 3)).toThrow(
      'The Bonett-Wright interval needs a whole number of pairs above 3, got 3'
    );
    expect(() => bonettWrightInterval(-1.1, 20)).toThrow('Correlation must be within [-1, 1], got -1.1');
  });
});

describe('correlationPValue and erfc', () => {
  it('erfc matches known values to 1e-7', () => {
    expect(erfc(0)).toBeCloseTo(1, 7);
    expect(erfc(1)).toBeCloseTo(0.157299207, 7);
    expect(erfc(-0.5)).toBeCloseTo(1.520499878, 7);
    expect(erfc(3)).toBeCloseTo(0.0000220905, 9);
  });

  it('gives p on the interval scale (Python: 8.3806e-5 for rho 0.87, n 15; 0.06551 for rho 0.3, n 40)', () => {
    expect(correlationPValue(0.87, 15)).toBeCloseTo(0.0000838, 6);
    expect(correlationPValue(0.3, 40)).toBeCloseTo(0.0655116, 5);
    expect(correlationPValue(0, 40)).toBeCloseTo(1, 6);
    expect(correlationPValue(-1, 12)).toBe(0);
    // p < 0.05 exactly when the 95% interval leaves out 0
    expect(correlationPValue(-0.5, 20)).toBeLessThan(0.05);
    expect(bonettWrightInterval(-0.5, 20).high).toBeLessThan(0);
    expect(bonettWrightInterval(0.3, 40).low).toBeLessThan(0);
  });
});

describe('benjaminiHochberg', () => {
  it('adjusts step-up with monotone q-values (worked example in docs/scoring.md)', () => {
    const { adjusted, significant } = benjaminiHochberg([0.01, 0.04, 0.03, 0.005, null, 0.2]);
    // sorted: 0.005, 0.01, 0.03, 0.04, 0.2 (m = 5): 0.025, 0.025, 0.05, 0.05, 0.2
    expect(adjusted.map((q) => (q === null ? null : Math.round(q * 1e6) / 1e6))).toEqual([
      0.025,
      0.05,
      0.05,
      0.025,
      null,
      0.2
    ]);
    expect(significant).toEqual([true, true, true, true, false, false]);
    expect(benjaminiHochberg([0.01, 0.04, 0.03, 0.005, 0.2], 0.03).significant).toEqual([
      true,
      false,
      false,
      true,
      false
    ]);
  });

  it('caps at 1, keeps an empty family empty, and rejects bad input', () => {
    expect(benjaminiHochberg([0.9, 0.8]).adjusted).toEqual([0.9, 0.9]);
    expect(benjaminiHochberg([])).toEqual({ adjusted: [], significant: [] });
    expect(benjaminiHochberg([null])).toEqual({ adjusted: [null], significant: [false] });
    expect(() => benjaminiHochberg([1.5])).toThrow('p-value at position 0 must be within [0, 1], got 1.5');
    expect(() => benjaminiHochberg([NaN])).toThrow('p-value at position 0 must be a finite number');
    expect(() => benjaminiHochberg([0.1], 0)).toThrow('False discovery rate must be within (0, 1), got 0');
  });
});
