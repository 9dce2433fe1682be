import {
  areaReadiness,
  splitDeliverables,
  strategyPriorities,
  type Polarity,
  type StrategyAnswer,
  type StrategyAreaInput
} from '../scoring';

const s = (polarity: Polarity, answer: StrategyAnswer) => ({ polarity, answer });

describe('areaReadiness', () => {
  it('counts favourable answers by polarity and leaves context and unsure out', () => {
    const area: StrategyAreaInput = {
      key: 'accounts',
      name: 'Accounts',
      importance: 5,
      deliverables: 'Account tiers\n\n  Named account list  \r\nWhite-space map',
      statements: [
        s('Positive', 'Yes'), // favourable
        s('Positive', 'No'), // unfavourable
        s('Reverse', 'No'), // favourable: a "no" to a bad practice
        s('Reverse', 'Yes'), // unfavourable
        s('Positive', 'Unsure'), // unanswered
        s('Reverse', null), // unanswered
        s('Context', 'Yes') // unscored
      ]
    };
    const result = areaReadiness(area);
    expect(result).toMatchObject({
      answered: 4,
      favourable: 2,
      unanswered: 2,
      readiness: 0.5,
      priority: 2.5
    });
    expect(result.deliverables).toEqual(['Account tiers', 'Named account list', 'White-space map']);
  });

  it.each([
    // [favourable, answered, importance, readiness, priority]
    [1, 3, 4, 0.3333, 2.6667], // 4 * 2/3 = 2.6666.. -> 2.6667
    [2, 3, 5, 0.6667, 1.6667],
    [7, 10, 3, 0.7, 0.9], // 3 * 0.3 without the 0.30000000000000004 float artefact
    [0, 2, 1, 0, 1],
    [4, 4, 5, 1, 0]
  ])(
    '%p favourable of %p at importance %p: readiness %p, priority %p',
    (fav, answered, importance, readiness, priority) => {
      const statements = Array.from({ length: answered }, (_, i) => s('Positive', i < fav ? 'Yes' : 'No'));
      const result = areaReadiness({ key: 'a', name: 'A', importance, deliverables: [], statements });
      expect(result.readiness).toBe(readiness);
      expect(result.priority).toBe(priority);
    }
  );

  it('has no readiness when nothing scored is answered, and no priority without importance', () => {
    const none = areaReadiness({
      key: 'a',
      name: 'A',
      importance: 3,
      deliverables: [],
      statements: [s('Context', 'Yes'), s('Positive', 'Unsure')]
    });
    expect(none).toMatchObject({ readiness: null, priority: null, answered: 0, unanswered: 1 });
    const noImportance = areaReadiness({
      key: 'a',
      name: 'A',
      importance: null,
      deliverables: [],
      statements: [s('Positive', 'No')]
    });
    expect(noImportance).toMatchObject({ readiness: 0, priority: null });
  });

  it('rejects values outside the picklists', () => {
    const base = { key: 'crm', name: 'Tech stack', importance: 3, deliverables: [] };
    expect(() => areaReadiness({ ...base, statements: [s('Maybe' as Polarity, 'Yes')] })).toThrow(
      `Polarity of a statement in "crm" must be 'Positive', 'Reverse' or 'Context', got "Maybe"`
    );
    expect(() => areaReadiness({ ...base, statements: [s('Positive', 'yes' as StrategyAnswer)] })).toThrow(
      `Answer to a statement in "crm" must be 'Yes', 'No', 'Unsure' or null, got "yes"`
    );
    expect(() => areaReadiness({ ...base, importance: 0, statements: [] })).toThrow(
      'Importance of "crm" must be a whole number from 1 to 5, got 0'
    );
  });
});

describe('strategyPriorities', () => {
  const area = (key: string, importance: number | null, yes: number, no: number): StrategyAreaInput => ({
    key,
    name: key.toUpperCase(),
    importance,
    deliverables: [`${key} plan`],
    statements: [
      ...Array.from({ length: yes }, () => s('Positive', 'Yes')),
      ...Array.from({ length: no }, () => s('Positive', 'No'))
    ]
  });

  it('ranks by priority, then importance, then input order, and lists the top deliverables', () => {
    const result = strategyPriorities(
      [
        area('quota', 5, 8, 2), // readiness 0.8, priority 1
        area('territory', 4, 1, 3), // readiness 0.25, priority 3
        area('enablement', 2, 1, 1), // priority 1, lower importance than quota
        area('partners', 3, 0, 0), // nothing answered: unranked
        area('revops', 5, 4, 0), // priority 0
        area('coverage', 3, 0, 1), // priority 3, lower importance than territory
        area('comp', 1, 0, 1) // priority 1, importance 1
      ],
      3
    );
    expect(result.areas.map((a) => [a.key, a.priority, a.rank])).toEqual([
      ['territory', 3, 1],
      ['coverage', 3, 2],
      ['quota', 1, 3],
      ['enablement', 1, 4],
      ['comp', 1, 5],
      ['revops', 0, 6],
      ['partners', null, null]
    ]);
    expect(result.nextSteps).toEqual([
      { areaKey: 'territory', name: 'TERRITORY', priority: 3, deliverables: ['territory plan'] },
      { areaKey: 'coverage', name: 'COVERAGE', priority: 3, deliverables: ['coverage plan'] },
      { areaKey: 'quota', name: 'QUOTA', priority: 1, deliverables: ['quota plan'] }
    ]);
  });

  it('never proposes an area with nothing to improve', () => {
    const result = strategyPriorities([area('revops', 5, 4, 0), area('x', 2, 0, 0)], 3);
    expect(result.nextSteps).toEqual([]);
    expect(result.areas.map((a) => a.rank)).toEqual([1, null]);
  });

  it('handles no areas and a zero top', () => {
    expect(strategyPriorities([])).toEqual({ areas: [], nextSteps: [] });
    expect(strategyPriorities([area('a', 5, 0, 1)], 0).nextSteps).toEqual([]);
    expect(() => strategyPriorities([], -1)).toThrow('Number of next steps must be a whole number');
  });

  it('keeps unprioritised areas in input order at the end', () => {
    const result = strategyPriorities([area('b', null, 1, 1), area('a', 2, 0, 0), area('c', 1, 0, 2)]);
    expect(result.areas.map((a) => a.key)).toEqual(['c', 'b', 'a']);
  });

  it('splits deliverables given as a list as well', () => {
    expect(splitDeliverables([' one ', '', 'two'])).toEqual(['one', 'two']);
  });
});
