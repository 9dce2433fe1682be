import {
  PERIOD_KEY_PATTERN,
  formatPeriodKey,
  isPeriodKey,
  lastClosedQuarter,
  recentQuarters,
  parseIsoDate,
  parsePeriodKey,
  periodOf,
  periodRange,
  previousPeriod,
  utcDate,
  type FiscalSettings
} from '../scoring';

const fiscal = (startMonth: number, usesStartDateAsFiscalYearName = false): FiscalSettings => ({
  startMonth,
  usesStartDateAsFiscalYearName
});
const calendar = fiscal(1);

/** The day before an ISO date, by plain UTC arithmetic, to check ranges are contiguous. */
function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

describe('period keys', () => {
  it('uses the same pattern as the platform validation rule', () => {
    expect(PERIOD_KEY_PATTERN.source).toBe('^[0-9]{4}(-Q[1-4])?$');
  });

  it.each([
    ['2026', { year: 2026, quarter: null }],
    ['2026-Q1', { year: 2026, quarter: 1 }],
    ['2026-Q4', { year: 2026, quarter: 4 }],
    ['0999-Q2', { year: 999, quarter: 2 }]
  ])('parses %p', (key, expected) => {
    expect(parsePeriodKey(key)).toEqual(expected);
    expect(formatPeriodKey(expected)).toBe(key);
    expect(isPeriodKey(key)).toBe(true);
  });

  it.each(['2026-Q5', '2026-Q0', '26-Q1', '2026Q1', '2026-q1', ' 2026', '2026-Q1 ', '2026-03', '', 'FY2026'])(
    'rejects %p with a clear error',
    (key) => {
      expect(isPeriodKey(key)).toBe(false);
      expect(() => parsePeriodKey(key)).toThrow(
        `Invalid period key ${JSON.stringify(key)}: expected a fiscal year "YYYY" or quarter "YYYY-Qn" (n = 1-4), e.g. "2026-Q3"`
      );
    }
  );

  it('rejects non-strings', () => {
    expect(isPeriodKey(2026)).toBe(false);
    expect(() => parsePeriodKey(null as unknown as string)).toThrow('Invalid period key null');
  });

  it('refuses to format out-of-range periods', () => {
    expect(() => formatPeriodKey({ year: 10000, quarter: null })).toThrow(
      'Fiscal year must be a whole number from 0 to 9999'
    );
    expect(() => formatPeriodKey({ year: 2026, quarter: 5 })).toThrow('Fiscal quarter must be 1 to 4, got 5');
  });

  it.each([
    ['2026-Q3', '2026-Q2'],
    ['2026-Q1', '2025-Q4'],
    ['2026', '2025']
  ])('the period before %p is %p', (key, previous) => {
    expect(previousPeriod(key)).toBe(previous);
  });
});

describe('calendar dates', () => {
  it.each(['2024-02-29', '2000-02-29', '2026-12-31', '2026-04-30'])('accepts %p', (date) => {
    expect(parseIsoDate(date)).toEqual({
      year: Number(date.slice(0, 4)),
      month: Number(date.slice(5, 7)),
      day: Number(date.slice(8))
    });
  });

  it.each([
    '2026-02-29',
    '1900-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-4-01',
    '2026-04-01T00:00:00Z',
    ''
  ])('rejects %p', (date) => {
    expect(() => parseIsoDate(date)).toThrow(
      `Invalid date ${JSON.stringify(date)}: expected a calendar date "YYYY-MM-DD"`
    );
  });

  it('rejects a non-string date', () => {
    expect(() => parseIsoDate(20260401 as unknown as string)).toThrow('Invalid date 20260401');
  });

  it('takes the UTC calendar day of a moment, whatever the local time zone', () => {
    expect(utcDate(new Date('2026-03-31T23:30:00-05:00'))).toBe('2026-04-01');
    expect(utcDate(new Date('2026-04-01T00:30:00+02:00'))).toBe('2026-03-31');
    expect(() => utcDate(new Date('nonsense'))).toThrow('Invalid Date');
  });
});

describe('periodRange and periodOf: worked examples', () => {
  it.each([
    // [start month, named by start year, key, start, end]
    [1, false, '2026-Q3', '2026-07-01', '2026-09-30'],
    [1, true, '2026', '2026-01-01', '2026-12-31'],
    [2, false, '2026', '2025-02-01', '2026-01-31'], // Salesforce default naming: the year it ends in
    [2, false, '2026-Q1', '2025-02-01', '2025-04-30'],
    [2, true, '2026', '2026-02-01', '2027-01-31'],
    [4, true, '2026-Q4', '2027-01-01', '2027-03-31'],
    [10, false, '2027-Q1', '2026-10-01', '2026-12-31'],
    [3, false, '2024-Q4', '2023-12-01', '2024-02-29'], // leap February closes the year
    [3, false, '2023-Q4', '2022-12-01', '2023-02-28'],
    [12, true, '2026-Q1', '2026-12-01', '2027-02-28']
  ])('start month %p, start-year naming %p: %s is %s to %s', (month, byStart, key, start, end) => {
    const settings = fiscal(month, byStart);
    expect(periodRange(key, settings)).toEqual({ start, end });
    const granularity = key.length === 4 ? 'year' : 'quarter';
    expect(periodOf(start, settings, granularity)).toBe(key);
    expect(periodOf(end, settings, granularity)).toBe(key);
  });

  it.each([
    ['2026-07-01', '2026-Q2'],
    ['2026-06-30', '2026-Q1'],
    ['2026-01-15', '2025-Q4'],
    ['2026-12-31', '2026-Q3']
  ])('the last closed quarter on %s (calendar fiscal year) is %s', (date, key) => {
    expect(lastClosedQuarter(date, calendar)).toBe(key);
  });

  it('finds the last closed quarter across a shifted fiscal year', () => {
    // Fiscal year starting February, named by its end: 2026-02-10 is in FY2027 Q1, so FY2026 Q4 closed last.
    expect(periodOf('2026-02-10', fiscal(2))).toBe('2027-Q1');
    expect(lastClosedQuarter('2026-02-10', fiscal(2))).toBe('2026-Q4');
    expect(periodRange('2026-Q4', fiscal(2))).toEqual({ start: '2025-11-01', end: '2026-01-31' });
  });

  it('offers the current quarter and the ones before it, across fiscal years', () => {
    expect(recentQuarters('2026-02-10', calendar, 4)).toEqual([
      '2026-Q1',
      '2025-Q4',
      '2025-Q3',
      '2025-Q2',
      '2025-Q1'
    ]);
    expect(recentQuarters('2026-02-10', fiscal(2), 1)).toEqual(['2027-Q1', '2026-Q4']);
    expect(recentQuarters('2026-02-10', calendar, 0)).toEqual(['2026-Q1']);
  });

  it('rejects bad fiscal settings and out-of-range years', () => {
    expect(() => periodOf('2026-01-01', fiscal(13))).toThrow('Fiscal start month must be 1 to 12, got 13');
    expect(() => periodRange('2026', fiscal(0))).toThrow('Fiscal start month must be 1 to 12, got 0');
    expect(() => periodRange('2026', null as unknown as FiscalSettings)).toThrow(
      'Fiscal start month must be 1 to 12'
    );
    expect(() => periodRange('2026', { startMonth: 1 } as FiscalSettings)).toThrow(
      'Fiscal settings need usesStartDateAsFiscalYearName (true or false)'
    );
    expect(() => periodRange('0000', fiscal(2))).toThrow('Year -1 is outside the supported range 0-9999');
    expect(() => periodOf('9999-12-01', fiscal(2))).toThrow(
      'Fiscal year must be a whole number from 0 to 9999, got 10000'
    );
  });
});

describe('fiscal years starting in any month, with either naming', () => {
  const cases = Array.from({ length: 12 }, (_, i) => i + 1).flatMap((month) => [
    [month, false],
    [month, true]
  ]) as [number, boolean][];

  it.each(cases)('start month %p, start-year naming %p: quarters tile the fiscal year', (month, byStart) => {
    const settings = fiscal(month, byStart);
    const year = periodRange('2026', settings);
    // The fiscal year starts on the first of the start month, in the year its naming implies.
    const startYear = byStart || month === 1 ? 2026 : 2025;
    expect(year.start).toBe(`${startYear}-${String(month).padStart(2, '0')}-01`);
    expect(dayBefore(periodRange('2027', settings).start)).toBe(year.end);

    const quarters = [1, 2, 3, 4].map((q) => periodRange(`2026-Q${q}`, settings));
    expect(quarters[0].start).toBe(year.start);
    expect(quarters[3].end).toBe(year.end);
    for (let q = 1; q < 4; q++) expect(dayBefore(quarters[q].start)).toBe(quarters[q - 1].end);
    quarters.forEach((range, i) => {
      expect(periodOf(range.start, settings)).toBe(`2026-Q${i + 1}`);
      expect(periodOf(range.end, settings)).toBe(`2026-Q${i + 1}`);
      expect(periodOf(range.end, settings, 'year')).toBe('2026');
      expect(lastClosedQuarter(range.start, settings)).toBe(i === 0 ? '2025-Q4' : `2026-Q${i}`);
    });
    expect(periodOf(dayBefore(year.start), settings)).toBe('2025-Q4');
  });
});
