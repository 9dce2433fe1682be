import { MATURITY_LEVEL_NAMES, maturityLevelName, maturityResult, type MaturityDimension } from '../scoring';

const dimensions: MaturityDimension[] = [
  { key: 'process', name: 'Sales process' },
  { key: 'forecast', name: 'Measurement and forecasting' },
  { key: 'people', name: 'People and talent' }
];
const descriptors = dimensions.flatMap((d) =>
  [1, 2, 3, 4, 5].map((level) => ({ dimensionKey: d.key, level, descriptor: `${d.key} at level ${level}` }))
);

describe('maturityResult', () => {
  it('is the highest level every dimension reaches, with the dimensions holding it down', () => {
    const result = maturityResult(
      dimensions,
      [
        { dimensionKey: 'process', level: 4 },
        { dimensionKey: 'forecast', level: 2 },
        { dimensionKey: 'people', level: 3 }
      ],
      descriptors
    );
    expect(result.level).toBe(2);
    expect(result.levelName).toBe('Defined');
    expect(result.complete).toBe(true);
    expect(result.holdingDown).toEqual(['forecast']);
    expect(result.profile.map((p) => [p.key, p.level, p.levelName])).toEqual([
      ['process', 4, 'Manageable'],
      ['forecast', 2, 'Defined'],
      ['people', 3, 'Reportable']
    ]);
    expect(result.roadmap).toEqual([
      {
        dimensionKey: 'forecast',
        name: 'Measurement and forecasting',
        fromLevel: 2,
        toLevel: 3,
        toLevelName: 'Reportable',
        descriptor: 'forecast at level 3'
      }
    ]);
  });

  it('lists every dimension tied at the lowest level in the roadmap', () => {
    const result = maturityResult(
      dimensions,
      [
        { dimensionKey: 'process', level: 1 },
        { dimensionKey: 'forecast', level: 3 },
        { dimensionKey: 'people', level: 1 }
      ],
      descriptors.filter((d) => !(d.dimensionKey === 'people' && d.level === 2))
    );
    expect(result.level).toBe(1);
    expect(result.holdingDown).toEqual(['process', 'people']);
    expect(result.roadmap.map((s) => [s.dimensionKey, s.descriptor])).toEqual([
      ['process', 'process at level 2'],
      ['people', null]
    ]);
  });

  it('has no roadmap at the top level', () => {
    const result = maturityResult(
      dimensions,
      dimensions.map((d) => ({ dimensionKey: d.key, level: 5 })),
      descriptors
    );
    expect(result).toMatchObject({ level: 5, levelName: 'Predictable', roadmap: [] });
    expect(result.holdingDown).toEqual(['process', 'forecast', 'people']);
  });

  it('gives only a provisional level while dimensions are unassessed', () => {
    const result = maturityResult(
      dimensions,
      [
        { dimensionKey: 'process', level: 3 },
        { dimensionKey: 'people', level: null }
      ],
      descriptors
    );
    expect(result).toMatchObject({
      level: null,
      levelName: null,
      provisionalLevel: 3,
      complete: false,
      unassessed: ['forecast', 'people'],
      holdingDown: ['process']
    });
    expect(result.roadmap[0]).toMatchObject({ dimensionKey: 'process', toLevel: 4 });
  });

  it('is empty for no responses and for no dimensions', () => {
    expect(maturityResult(dimensions, [], descriptors)).toMatchObject({
      level: null,
      provisionalLevel: null,
      holdingDown: [],
      roadmap: [],
      unassessed: ['process', 'forecast', 'people']
    });
    expect(maturityResult([], [], [])).toMatchObject({ level: null, complete: false, profile: [] });
  });

  it('rejects bad responses', () => {
    expect(() => maturityResult(dimensions, [{ dimensionKey: 'x', level: 2 }], [])).toThrow(
      'Maturity response for unknown dimension "x"'
    );
    expect(() =>
      maturityResult(
        dimensions,
        [
          { dimensionKey: 'process', level: 2 },
          { dimensionKey: 'process', level: 3 }
        ],
        []
      )
    ).toThrow('Maturity dimension "process" has more than one response');
    expect(() => maturityResult(dimensions, [{ dimensionKey: 'process', level: 6 }], [])).toThrow(
      'Maturity level must be a whole number from 1 to 5, got 6'
    );
    expect(() => maturityResult([...dimensions, dimensions[0]], [], [])).toThrow(
      'Maturity dimension "process" is listed twice'
    );
  });

  it('names the five levels in order', () => {
    expect([1, 2, 3, 4, 5].map(maturityLevelName)).toEqual([...MATURITY_LEVEL_NAMES]);
    expect(() => maturityLevelName(0)).toThrow('Maturity level must be a whole number from 1 to 5, got 0');
  });
});
