/**
 * Fiscal period arithmetic for the org's standard fiscal year: period keys `2026-Q3` (fiscal
 * quarter) and `2026` (fiscal year), dates to periods and periods to inclusive date ranges. All
 * arithmetic is on calendar fields of 'YYYY-MM-DD' strings, so no time zone can shift a day.
 */
import { ScoringInputError, describe } from './core';

/** Organization.FiscalYearStartMonth and Organization.UsesStartDateAsFiscalYearName. */
export interface FiscalSettings {
  /** 1 (January) to 12. */
  startMonth: number;
  /** True: a fiscal year is named by the calendar year it starts in; false: the year it ends in. */
  usesStartDateAsFiscalYearName: boolean;
}

/** A parsed period key: a fiscal year, or a quarter of it. */
export interface PeriodKey {
  year: number;
  /** 1-4, or null for the whole fiscal year. */
  quarter: number | null;
}

/** An inclusive ISO date range. */
export interface DateRange {
  start: string;
  end: string;
}

/** The same pattern as the Period__c validation rule on the platform. */
export const PERIOD_KEY_PATTERN = /^[0-9]{4}(-Q[1-4])?$/;
const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when the text is a well-formed period key (`2026` or `2026-Q3`). */
export function isPeriodKey(key: unknown): key is string {
  return typeof key === 'string' && PERIOD_KEY_PATTERN.test(key);
}

/** Parses a period key, with an error that says what a key looks like. */
export function parsePeriodKey(key: string): PeriodKey {
  if (!isPeriodKey(key)) {
    throw new ScoringInputError(
      `Invalid period key ${describe(key)}: expected a fiscal year "YYYY" or quarter "YYYY-Qn" (n = 1-4), e.g. "2026-Q3"`
    );
  }
  return { year: Number(key.slice(0, 4)), quarter: key.length === 4 ? null : Number(key.slice(6)) };
}

/** Formats a period as its key. */
export function formatPeriodKey(period: PeriodKey): string {
  if (!Number.isInteger(period.year) || period.year < 0 || period.year > 9999) {
    throw new ScoringInputError(
      `Fiscal year must be a whole number from 0 to 9999, got ${describe(period.year)}`
    );
  }
  const year = String(period.year).padStart(4, '0');
  if (period.quarter === null) return year;
  if (!Number.isInteger(period.quarter) || period.quarter < 1 || period.quarter > 4) {
    throw new ScoringInputError(`Fiscal quarter must be 1 to 4, got ${describe(period.quarter)}`);
  }
  return `${year}-Q${period.quarter}`;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Parses a strict 'YYYY-MM-DD' calendar date (a real day, e.g. no 2026-02-30). */
export function parseIsoDate(date: string): { year: number; month: number; day: number } {
  const match = typeof date === 'string' ? ISO_DATE_PATTERN.exec(date) : null;
  const year = match ? Number(match[1]) : NaN;
  const month = match ? Number(match[2]) : NaN;
  const day = match ? Number(match[3]) : NaN;
  if (!match || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new ScoringInputError(`Invalid date ${describe(date)}: expected a calendar date "YYYY-MM-DD"`);
  }
  return { year, month, day };
}

function isoDate(year: number, month: number, day: number): string {
  if (year < 0 || year > 9999)
    throw new ScoringInputError(`Year ${year} is outside the supported range 0-9999`);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The UTC calendar date of a moment, as 'YYYY-MM-DD' (for "today" in the sync). */
export function utcDate(moment: Date): string {
  if (Number.isNaN(moment.getTime())) throw new ScoringInputError('Invalid Date');
  return isoDate(moment.getUTCFullYear(), moment.getUTCMonth() + 1, moment.getUTCDate());
}

function requireFiscal(fiscal: FiscalSettings): FiscalSettings {
  if (!fiscal || !Number.isInteger(fiscal.startMonth) || fiscal.startMonth < 1 || fiscal.startMonth > 12) {
    throw new ScoringInputError(`Fiscal start month must be 1 to 12, got ${describe(fiscal?.startMonth)}`);
  }
  if (typeof fiscal.usesStartDateAsFiscalYearName !== 'boolean') {
    throw new ScoringInputError('Fiscal settings need usesStartDateAsFiscalYearName (true or false)');
  }
  return fiscal;
}

/** The calendar year in which the named fiscal year starts. */
function startYearOf(fiscalYear: number, fiscal: FiscalSettings): number {
  return fiscal.usesStartDateAsFiscalYearName || fiscal.startMonth === 1 ? fiscalYear : fiscalYear - 1;
}

/** The fiscal year name of a fiscal year starting in the given calendar year. */
function nameOf(startYear: number, fiscal: FiscalSettings): number {
  return fiscal.usesStartDateAsFiscalYearName || fiscal.startMonth === 1 ? startYear : startYear + 1;
}

/** The fiscal quarter (default) or fiscal year key that contains the date. */
export function periodOf(
  date: string,
  fiscal: FiscalSettings,
  granularity: 'quarter' | 'year' = 'quarter'
): string {
  requireFiscal(fiscal);
  const { year, month } = parseIsoDate(date);
  const startYear = month >= fiscal.startMonth ? year : year - 1;
  const monthIndex = (month - fiscal.startMonth + 12) % 12;
  const name = nameOf(startYear, fiscal);
  return formatPeriodKey({
    year: name,
    quarter: granularity === 'year' ? null : Math.floor(monthIndex / 3) + 1
  });
}

/** First day of the month that lies `offset` months after the fiscal year's first month. */
function monthAt(startYear: number, startMonth: number, offset: number): { year: number; month: number } {
  const index = startMonth - 1 + offset;
  return { year: startYear + Math.floor(index / 12), month: (index % 12) + 1 };
}

/** The inclusive ISO date range of a period key. */
export function periodRange(key: string, fiscal: FiscalSettings): DateRange {
  requireFiscal(fiscal);
  const { year, quarter } = parsePeriodKey(key);
  const startYear = startYearOf(year, fiscal);
  const firstOffset = quarter === null ? 0 : (quarter - 1) * 3;
  const lastOffset = quarter === null ? 11 : firstOffset + 2;
  const first = monthAt(startYear, fiscal.startMonth, firstOffset);
  const last = monthAt(startYear, fiscal.startMonth, lastOffset);
  return {
    start: isoDate(first.year, first.month, 1),
    end: isoDate(last.year, last.month, daysInMonth(last.year, last.month))
  };
}

/** The period just before: the previous quarter (across fiscal years) or the previous year. */
export function previousPeriod(key: string): string {
  const { year, quarter } = parsePeriodKey(key);
  if (quarter === null) return formatPeriodKey({ year: year - 1, quarter: null });
  return quarter === 1
    ? formatPeriodKey({ year: year - 1, quarter: 4 })
    : formatPeriodKey({ year, quarter: quarter - 1 });
}

/** The most recent fiscal quarter that has fully ended before the given date. */
export function lastClosedQuarter(date: string, fiscal: FiscalSettings): string {
  return previousPeriod(periodOf(date, fiscal, 'quarter'));
}

/**
 * The periods a screen offers: the current fiscal quarter, then the `earlier` quarters before it,
 * newest first (the first of them is the last closed quarter).
 */
export function recentQuarters(date: string, fiscal: FiscalSettings, earlier: number): string[] {
  const keys = [periodOf(date, fiscal, 'quarter')];
  for (let i = 0; i < earlier; i++) keys.push(previousPeriod(keys[keys.length - 1]));
  return keys;
}
