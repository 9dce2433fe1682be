import fc from 'fast-check';
import {
  competencyScore,
  eligibleScore,
  fisherInterval,
  maturityResult,
  periodOf,
  periodRange,
  scoreAssessment,
  spearman,
  strategyPriorities,
  type CompetencyModel,
  type ExpectationRating,
  type RatingInput
} from '../scoring';
import { defaultBands } from './fixtures';

const rating = fc.constantFrom<RatingInput>('1', '2', '3', '4', '5', 'N/A', null);
const expectation = fc.constantFrom<ExpectationRating | null>('Below', 'Meeting', 'Exceeding', null);
/** Attainment in percent, biased towards the band boundaries. */
const attainment = fc.oneof(
  fc.double({ min: 0, max: 400, noNaN: true }),
  fc.constantFrom(0, 39.99, 40, 79.99, 80, 110.99, 111, 129.99, 130)
);

/** A random model: up to 6 competencies in up to 3 dimensions, up to 30 behaviours, with ratings and weights. */
const assessment = fc
  .record({
    dims: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 6 }),
    behaviours: fc.array(fc.record({ competency: fc.nat(), rating }), { maxLength: 30 }),
    weights: fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 6, maxLength: 6 })
  })
  .map(({ dims, behaviours, weights }) => {
    const model: CompetencyModel = {
      competencies: dims.map((d, i) => ({ key: `c${i}`, dimensionKey: `d${d}` })),
      behaviors: behaviours.map((b, i) => ({ key: `b${i}`, competencyKey: `c${b.competency % dims.length}` }))
    };
    const ratings: Record<string, RatingInput> = {};
    behaviours.forEach((b, i) => {
      if (b.rating !== null) ratings[`b${i}`] = b.rating;
    });
    const roleWeights = Object.fromEntries(dims.map((_, i) => [`c${i}`, weights[i]]));
    return { model, ratings, weights: roleWeights };
  });

describe('scoring invariants', () => {
  it('more attainment never gives a worse (higher) eligible score', () => {
    const bands = defaultBands();
    fc.assert(
      fc.property(attainment, attainment, expectation, expectation, (a, b, scope, impact) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const lowScore = eligibleScore({ attainment: low, inRamp: false, scope, impact }, bands)
          .score as number;
        const highScore = eligibleScore({ attainment: high, inRamp: false, scope, impact }, bands)
          .score as number;
        expect(highScore).toBeLessThanOrEqual(lowScore);
      })
    );
  });

  it('eligible scores stay within 1-5, in ramp and out', () => {
    const bands = defaultBands();
    fc.assert(
      fc.property(attainment, fc.boolean(), expectation, expectation, (a, inRamp, scope, impact) => {
        const { score } = eligibleScore({ attainment: a, inRamp, scope, impact }, bands);
        const waiting = inRamp && (scope === null || impact === null);
        expect(score).toBe(waiting ? null : Math.min(5, Math.max(1, Math.round(score as number))));
        expect(waiting || Number.isInteger(score)).toBe(true);
      })
    );
  });

  it('adding an N/A never changes a competency score', () => {
    fc.assert(
      fc.property(fc.array(rating), fc.nat(), (ratings, at) => {
        const withNa = [...ratings];
        withNa.splice(at % (ratings.length + 1), 0, 'N/A');
        expect(competencyScore(withNa)).toBe(competencyScore(ratings));
      })
    );
  });

  it('adding an N/A never changes competency, dimension or overall scores', () => {
    fc.assert(
      fc.property(assessment, fc.nat(), ({ model, ratings, weights }, pick) => {
        const before = scoreAssessment(model, ratings, weights);
        // Rate one unrated behaviour N/A, and add a new N/A behaviour to the first competency.
        const unrated = model.behaviors.filter((b) => !(b.key in ratings));
        const extended: CompetencyModel = {
          ...model,
          behaviors: [...model.behaviors, { key: 'extra', competencyKey: model.competencies[0].key }]
        };
        const more: Record<string, RatingInput> = { ...ratings, extra: 'N/A' };
        if (unrated.length > 0) more[unrated[pick % unrated.length].key] = 'N/A';
        const after = scoreAssessment(extended, more, weights);
        expect(after.competencies).toEqual(before.competencies);
        expect(after.dimensions).toEqual(before.dimensions);
        expect(after.overall).toBe(before.overall);
      })
    );
  });

  it('competency, dimension and overall scores stay within 1-5 or unrated', () => {
    fc.assert(
      fc.property(assessment, ({ model, ratings, weights }) => {
        const result = scoreAssessment(model, ratings, weights);
        const all = [
          ...Object.values(result.competencies),
          ...Object.values(result.dimensions),
          result.overall
        ];
        expect(all.filter((score) => score !== null && !(score >= 1 && score <= 5))).toEqual([]);
      })
    );
  });

  it('strategy readiness stays within [0, 1] and priority within [0, importance]', () => {
    const answer = fc.constantFrom<'Yes' | 'No' | 'Unsure' | null>('Yes', 'No', 'Unsure', null);
    const polarity = fc.constantFrom<'Positive' | 'Reverse' | 'Context'>('Positive', 'Reverse', 'Context');
    const area = fc.record({
      importance: fc.option(fc.integer({ min: 1, max: 5 })),
      statements: fc.array(fc.record({ polarity, answer }), { maxLength: 12 })
    });
    fc.assert(
      fc.property(fc.array(area, { maxLength: 14 }), (areas) => {
        const input = areas.map((a, i) => ({ ...a, key: `a${i}`, name: `A${i}`, deliverables: 'Plan' }));
        const { areas: ranked } = strategyPriorities(input);
        const readinessInRange = ranked.every(
          (r) => r.readiness === null || (r.readiness >= 0 && r.readiness <= 1)
        );
        const priorities = ranked.filter((r) => r.priority !== null);
        const priorityInRange = priorities.every(
          (r) => (r.priority as number) >= 0 && (r.priority as number) <= (r.importance as number)
        );
        const descending = priorities.every(
          (r, i) => i === 0 || (r.priority as number) <= (priorities[i - 1].priority as number)
        );
        expect({ readinessInRange, priorityInRange, descending }).toEqual({
          readinessInRange: true,
          priorityInRange: true,
          descending: true
        });
      })
    );
  });

  it('the maturity level never exceeds the lowest dimension', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 1, max: 5 })), { minLength: 1, maxLength: 8 }),
        (levels) => {
          const dimensions = levels.map((_, i) => ({ key: `m${i}`, name: `M${i}` }));
          const responses = levels.map((level, i) => ({ dimensionKey: `m${i}`, level }));
          const result = maturityResult(dimensions, responses, []);
          const assessed = levels.filter((l): l is number => l !== null);
          const lowest = assessed.length > 0 ? Math.min(...assessed) : null;
          expect(result.provisionalLevel).toBe(lowest);
          expect(result.level).toBe(assessed.length === levels.length ? lowest : null);
        }
      )
    );
  });
});

describe('statistics invariants', () => {
  const series = fc.array(
    fc.tuple(fc.integer({ min: 1, max: 5 }), fc.double({ min: 0, max: 100, noNaN: true })),
    {
      minLength: 2,
      maxLength: 60
    }
  );

  it('Spearman is symmetric and within [-1, 1]', () => {
    fc.assert(
      fc.property(series, (pairs) => {
        const xs = pairs.map((p) => p[0]);
        const ys = pairs.map((p) => p[1]);
        const rho = spearman(xs, ys);
        expect(spearman(ys, xs)).toBe(rho);
        return rho === null || (rho >= -1 && rho <= 1);
      })
    );
  });

  it('Spearman is 1 for strictly increasing data, whatever the spacing', () => {
    const steps = fc.array(
      fc.tuple(fc.integer({ min: 1, max: 1000 }), fc.double({ min: 0.001, max: 1e4, noNaN: true })),
      {
        minLength: 2,
        maxLength: 60
      }
    );
    fc.assert(
      fc.property(steps, fc.double({ min: -1e6, max: 1e6, noNaN: true }), (increments, offset) => {
        // Both series climb by positive steps, so their order agrees exactly.
        let x = -500;
        let y = offset;
        const xs: number[] = [];
        const ys: number[] = [];
        for (const [dx, dy] of increments) {
          xs.push((x += dx));
          ys.push((y += dy));
        }
        if (ys.some((v, i) => i > 0 && v <= ys[i - 1])) return; // a step lost to float rounding
        expect(spearman(xs, ys)).toBe(1);
        expect(spearman(xs, [...ys].reverse())).toBe(-1);
      })
    );
  });

  it('the Fisher interval contains rho and stays within [-1, 1]', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.integer({ min: 4, max: 5000 }),
        (rho, n) => {
          const { low, high } = fisherInterval(rho, n);
          expect(low).toBeLessThanOrEqual(rho + 1e-12);
          expect(high).toBeGreaterThanOrEqual(rho - 1e-12);
          expect(low).toBeGreaterThanOrEqual(-1);
          expect(high).toBeLessThanOrEqual(1);
        }
      )
    );
  });
});

describe('fiscal invariants', () => {
  it('every date lies inside the range of its own quarter and year', () => {
    const date = fc
      .date({
        min: new Date('1901-01-01T00:00:00Z'),
        max: new Date('2998-12-31T00:00:00Z'),
        noInvalidDate: true
      })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, fc.integer({ min: 1, max: 12 }), fc.boolean(), (day, startMonth, byStart) => {
        const settings = { startMonth, usesStartDateAsFiscalYearName: byStart };
        for (const granularity of ['quarter', 'year'] as const) {
          const { start, end } = periodRange(periodOf(day, settings, granularity), settings);
          expect(start <= day && day <= end).toBe(true);
        }
      })
    );
  });
});
