/**
 * SOQL date literals and date functions, honouring the Organization's FiscalYearStartMonth and
 * UsesStartDateAsFiscalYearName. Fiscal periods come from the scoring library's fiscal helpers, so the
 * local org and the sync can never disagree on what a fiscal quarter is. Dates are UTC calendar days.
 */
import {
  formatPeriodKey,
  parsePeriodKey,
  periodOf,
  periodRange,
  type FiscalSettings as ScoringFiscal
} from '../../force-app/main/default/lwc/scoring/fiscal';

/** The fiscal settings of an org (Organization fields). */
export interface FiscalSettings {
  fiscalYearStartMonth: number;
  usesStartDateAsFiscalYearName: boolean;
}

/** A half-open range of calendar days [start, end), as YYYY-MM-DD strings. */
export interface DayRange {
  start: string;
  end: string;
}

/** Formats a UTC date as YYYY-MM-DD. */
export function ymd(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function utc(y: number, m0: number, day: number): Date {
  return new Date(Date.UTC(y, m0, day));
}

function addDays(d: Date, n: number): Date {
  return utc(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + n);
}

function fiscalOf(fs: FiscalSettings): ScoringFiscal {
  return {
    startMonth: fs.fiscalYearStartMonth,
    usesStartDateAsFiscalYearName: fs.usesStartDateAsFiscalYearName
  };
}

/** FISCAL_YEAR() of a date (the scoring library's fiscal year naming). */
export function fiscalYearOf(d: Date, fs: FiscalSettings): number {
  return parsePeriodKey(periodOf(ymd(d), fiscalOf(fs), 'year')).year;
}

/** FISCAL_QUARTER() of a date, 1-4. */
export function fiscalQuarterOf(d: Date, fs: FiscalSettings): number {
  return parsePeriodKey(periodOf(ymd(d), fiscalOf(fs), 'quarter')).quarter as number;
}

/** FISCAL_MONTH() of a date, 1-12. */
export function fiscalMonthOf(d: Date, fs: FiscalSettings): number {
  return ((d.getUTCMonth() - (fs.fiscalYearStartMonth - 1) + 12) % 12) + 1;
}

function monthRange(y: number, m0: number, months: number): DayRange {
  return { start: ymd(utc(y, m0, 1)), end: ymd(utc(y, m0 + months, 1)) };
}

/** Day after an inclusive end date, to make the half-open range date literals use. */
function dayAfter(date: string): string {
  return ymd(addDays(new Date(`${date}T00:00:00Z`), 1));
}

/** The count fiscal quarters starting shift quarters from the one containing today. */
function fiscalQuarterRange(today: Date, fs: FiscalSettings, shift: number, count = 1): DayRange {
  const f = fiscalOf(fs);
  const { year, quarter } = parsePeriodKey(periodOf(ymd(today), f, 'quarter'));
  const idx = year * 4 + ((quarter as number) - 1) + shift;
  const key = (i: number): string => formatPeriodKey({ year: Math.floor(i / 4), quarter: (i % 4) + 1 });
  return { start: periodRange(key(idx), f).start, end: dayAfter(periodRange(key(idx + count - 1), f).end) };
}

/** The count fiscal years starting shift years from the one containing today. */
function fiscalYearRange(today: Date, fs: FiscalSettings, shift: number, count = 1): DayRange {
  const f = fiscalOf(fs);
  const year = parsePeriodKey(periodOf(ymd(today), f, 'year')).year + shift;
  const key = (y: number): string => formatPeriodKey({ year: y, quarter: null });
  return { start: periodRange(key(year), f).start, end: dayAfter(periodRange(key(year + count - 1), f).end) };
}

function calQuarterRange(today: Date, shift: number, count = 1): DayRange {
  const q = Math.floor(today.getUTCMonth() / 3) + shift;
  return monthRange(today.getUTCFullYear(), q * 3, 3 * count);
}

/**
 * Resolves a SOQL date literal (TODAY, LAST_N_DAYS:30, THIS_FISCAL_QUARTER...) to a day range.
 * Weeks start on Sunday (en_US locale). Throws on an unknown literal.
 */
export function dateLiteralRange(literal: string, now: Date, fs: FiscalSettings): DayRange {
  const today = utc(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const [rawName, rawN] = literal.toUpperCase().split(':');
  const name = rawName.trim();
  const n = rawN === undefined ? NaN : Number(rawN);
  const day = (from: number, to: number): DayRange => ({
    start: ymd(addDays(today, from)),
    end: ymd(addDays(today, to))
  });
  const weekStart = addDays(today, -today.getUTCDay());
  const week = (shift: number, count = 1): DayRange => ({
    start: ymd(addDays(weekStart, 7 * shift)),
    end: ymd(addDays(weekStart, 7 * (shift + count)))
  });
  const y = today.getUTCFullYear();
  const m0 = today.getUTCMonth();
  switch (name) {
    case 'YESTERDAY':
      return day(-1, 0);
    case 'TODAY':
      return day(0, 1);
    case 'TOMORROW':
      return day(1, 2);
    case 'LAST_WEEK':
      return week(-1);
    case 'THIS_WEEK':
      return week(0);
    case 'NEXT_WEEK':
      return week(1);
    case 'LAST_MONTH':
      return monthRange(y, m0 - 1, 1);
    case 'THIS_MONTH':
      return monthRange(y, m0, 1);
    case 'NEXT_MONTH':
      return monthRange(y, m0 + 1, 1);
    case 'LAST_90_DAYS':
      return day(-90, 1);
    case 'NEXT_90_DAYS':
      return day(1, 91);
    case 'THIS_QUARTER':
      return calQuarterRange(today, 0);
    case 'LAST_QUARTER':
      return calQuarterRange(today, -1);
    case 'NEXT_QUARTER':
      return calQuarterRange(today, 1);
    case 'THIS_YEAR':
      return monthRange(y, 0, 12);
    case 'LAST_YEAR':
      return monthRange(y - 1, 0, 12);
    case 'NEXT_YEAR':
      return monthRange(y + 1, 0, 12);
    case 'THIS_FISCAL_QUARTER':
      return fiscalQuarterRange(today, fs, 0);
    case 'LAST_FISCAL_QUARTER':
      return fiscalQuarterRange(today, fs, -1);
    case 'NEXT_FISCAL_QUARTER':
      return fiscalQuarterRange(today, fs, 1);
    case 'THIS_FISCAL_YEAR':
      return fiscalYearRange(today, fs, 0);
    case 'LAST_FISCAL_YEAR':
      return fiscalYearRange(today, fs, -1);
    case 'NEXT_FISCAL_YEAR':
      return fiscalYearRange(today, fs, 1);
  }
  if (!Number.isInteger(n) || n < 0) throw new Error(`Invalid date literal: ${literal}`);
  switch (name) {
    case 'LAST_N_DAYS':
      return day(-n, 1);
    case 'NEXT_N_DAYS':
      return day(1, n + 1);
    case 'N_DAYS_AGO':
      return day(-n, -n + 1);
    case 'LAST_N_WEEKS':
      return week(-n, n);
    case 'NEXT_N_WEEKS':
      return week(1, n);
    case 'N_WEEKS_AGO':
      return week(-n);
    case 'LAST_N_MONTHS':
      return monthRange(y, m0 - n, n);
    case 'NEXT_N_MONTHS':
      return monthRange(y, m0 + 1, n);
    case 'N_MONTHS_AGO':
      return monthRange(y, m0 - n, 1);
    case 'LAST_N_QUARTERS':
      return calQuarterRange(today, -n, n);
    case 'NEXT_N_QUARTERS':
      return calQuarterRange(today, 1, n);
    case 'N_QUARTERS_AGO':
      return calQuarterRange(today, -n);
    case 'LAST_N_YEARS':
      return monthRange(y - n, 0, 12 * n);
    case 'NEXT_N_YEARS':
      return monthRange(y + 1, 0, 12 * n);
    case 'N_YEARS_AGO':
      return monthRange(y - n, 0, 12);
    case 'LAST_N_FISCAL_QUARTERS':
      return fiscalQuarterRange(today, fs, -n, n);
    case 'NEXT_N_FISCAL_QUARTERS':
      return fiscalQuarterRange(today, fs, 1, n);
    case 'N_FISCAL_QUARTERS_AGO':
      return fiscalQuarterRange(today, fs, -n);
    case 'LAST_N_FISCAL_YEARS':
      return fiscalYearRange(today, fs, -n, n);
    case 'NEXT_N_FISCAL_YEARS':
      return fiscalYearRange(today, fs, 1, n);
    case 'N_FISCAL_YEARS_AGO':
      return fiscalYearRange(today, fs, -n);
  }
  throw new Error(`Invalid date literal: ${literal}`);
}
