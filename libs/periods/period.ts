import { addDays, fromParts, lastDayOfMonth, toParts, type IsoDate } from './iso-date.js';

export type PeriodType =
  | 'month'
  | 'quarter'
  | 'half'
  | 'financial_year'
  | 'academic_year'
  | 'calendar_year'
  /** Two or more consecutive whole years of one kind, as published aggregates such as Fingertips' "2014 - 16". */
  | 'span';

/** The kinds of year: financial (April–March), academic (September–August) and calendar. */
export type YearType = 'financial_year' | 'academic_year' | 'calendar_year';

/** Every period type except `span`, i.e. those that a single date falls in exactly one of. */
export type SinglePeriodType = Exclude<PeriodType, 'span'>;

/** The period types that sit inside one financial year. */
export type InYearPeriodType = 'month' | 'quarter' | 'half' | 'financial_year';

/** A period: its type and its first and last days (both inclusive). */
export interface Period {
  readonly type: PeriodType;
  readonly start: IsoDate;
  readonly end: IsoDate;
}

/** What parsing a label or key gives: a period, or a message for the person who wrote the text. */
export type PeriodResult =
  { readonly ok: true; readonly period: Period } | { readonly ok: false; readonly message: string };

/** The numbers that identify a period, as its constructor takes them. */
export type PeriodParts =
  | { readonly type: 'month'; readonly year: number; readonly month: number }
  | { readonly type: 'quarter'; readonly fyStartYear: number; readonly quarter: number }
  | { readonly type: 'half'; readonly fyStartYear: number; readonly half: number }
  | { readonly type: YearType; readonly startYear: number }
  | {
      readonly type: 'span';
      readonly yearType: YearType;
      readonly firstStartYear: number;
      readonly lastStartYear: number;
    };

export const PERIOD_TYPES: readonly PeriodType[] = [
  'month',
  'quarter',
  'half',
  'financial_year',
  'academic_year',
  'calendar_year',
  'span',
];

export const YEAR_TYPES: readonly YearType[] = ['financial_year', 'academic_year', 'calendar_year'];

const SINGLE_PERIOD_TYPES: readonly SinglePeriodType[] = [
  'month',
  'quarter',
  'half',
  'financial_year',
  'academic_year',
  'calendar_year',
];

const YEAR_START_MONTH: Readonly<Record<YearType, number>> = {
  financial_year: 4,
  academic_year: 9,
  calendar_year: 1,
};

// A year's end can fall in the next calendar year; this keeps every date a four-digit ISO year.
const MIN_YEAR = 1000;
const MAX_YEAR = 9998;
// A span's last year is written with two digits ("2014 - 16"), which can only name the next 99 years.
const MAX_SPAN_YEARS = 100;

function assertWhole(value: number, name: string, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be a whole number from ${min} to ${max}, not ${value}`);
  }
}

function assertYear(year: number): void {
  assertWhole(year, 'year', MIN_YEAR, MAX_YEAR);
}

/** `count` whole months from the month numbered `firstMonth` of `year` (which may run past 12 into later years). */
function months(type: PeriodType, year: number, firstMonth: number, count: number): Period {
  const first = year * 12 + firstMonth - 1;
  const last = first + count - 1;
  return {
    type,
    start: fromParts(Math.floor(first / 12), (first % 12) + 1, 1),
    end: lastDayOfMonth(Math.floor(last / 12), (last % 12) + 1),
  };
}

export function month(year: number, monthOfYear: number): Period {
  assertYear(year);
  assertWhole(monthOfYear, 'month', 1, 12);
  return months('month', year, monthOfYear, 1);
}

/** Quarter `q` of the financial year starting in April `fyStartYear`: Q1 Apr–Jun … Q4 Jan–Mar. */
export function quarter(fyStartYear: number, q: number): Period {
  assertYear(fyStartYear);
  assertWhole(q, 'quarter', 1, 4);
  return months('quarter', fyStartYear, 4 + 3 * (q - 1), 3);
}

/** Half `h` of the financial year starting in April `fyStartYear`: H1 Apr–Sep, H2 Oct–Mar. */
export function half(fyStartYear: number, h: number): Period {
  assertYear(fyStartYear);
  assertWhole(h, 'half', 1, 2);
  return months('half', fyStartYear, 4 + 6 * (h - 1), 6);
}

/** The UK financial year 1 April `startYear` to 31 March the next year. */
export function financialYear(startYear: number): Period {
  return yearOf('financial_year', startYear);
}

/** The academic year 1 September `startYear` to 31 August the next year. */
export function academicYear(startYear: number): Period {
  return yearOf('academic_year', startYear);
}

export function calendarYear(year: number): Period {
  return yearOf('calendar_year', year);
}

/** The whole years of `yearType` starting in `firstStartYear` through `lastStartYear`. */
export function span(yearType: YearType, firstStartYear: number, lastStartYear: number): Period {
  assertYear(firstStartYear);
  assertYear(lastStartYear);
  const years = lastStartYear - firstStartYear + 1;
  if (years < 2 || years > MAX_SPAN_YEARS) {
    throw new RangeError(`a span covers 2 to ${MAX_SPAN_YEARS} years, not ${firstStartYear} to ${lastStartYear}`);
  }
  return months('span', firstStartYear, YEAR_START_MONTH[yearType], 12 * years);
}

function yearOf(yearType: YearType, startYear: number): Period {
  assertYear(startYear);
  return months(yearType, startYear, YEAR_START_MONTH[yearType], 12);
}

function fyStartYearOf(year: number, monthOfYear: number): number {
  return monthOfYear >= 4 ? year : year - 1;
}

/** 0 for April … 11 for March. */
function monthIndexInFinancialYear(monthOfYear: number): number {
  return (monthOfYear + 8) % 12;
}

function yearTypeStartingIn(monthOfYear: number): YearType | undefined {
  return YEAR_TYPES.find((yearType) => YEAR_START_MONTH[yearType] === monthOfYear);
}

/** The period of `type` that `date` falls in. */
export function periodContaining(type: SinglePeriodType, date: IsoDate): Period {
  const { year, month: monthOfYear } = toParts(date);
  const fyStartYear = fyStartYearOf(year, monthOfYear);
  switch (type) {
    case 'month':
      return month(year, monthOfYear);
    case 'quarter':
      return quarter(fyStartYear, Math.floor(monthIndexInFinancialYear(monthOfYear) / 3) + 1);
    case 'half':
      return half(fyStartYear, Math.floor(monthIndexInFinancialYear(monthOfYear) / 6) + 1);
    case 'financial_year':
      return financialYear(fyStartYear);
    case 'academic_year':
      return academicYear(monthOfYear >= 9 ? year : year - 1);
    case 'calendar_year':
      return calendarYear(year);
    default:
      throw new RangeError(`'${String(type)}' is not a period type`);
  }
}

/** The period whose first and last days are exactly `start` and `end`, if there is one. */
export function periodFromDates(start: IsoDate, end: IsoDate): Period | undefined {
  for (const type of SINGLE_PERIOD_TYPES) {
    const candidate = periodContaining(type, start);
    if (candidate.start === start && candidate.end === end) return candidate;
  }
  const yearType = yearTypeStartingIn(toParts(start).month);
  if (yearType === undefined || end <= start) return undefined;
  const first = periodContaining(yearType, start);
  const last = periodContaining(yearType, end);
  if (first.start !== start || last.end !== end || last.start === first.start) return undefined;
  try {
    return span(yearType, toParts(first.start).year, toParts(last.start).year);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/**
 * The numbers that identify `period`; throws a RangeError when its dates do not fit its type
 * (for example a quarter starting in May), so this doubles as validation of stored periods.
 */
export function periodParts(period: Period): PeriodParts {
  const { year, month: monthOfYear } = toParts(period.start);
  let parts: PeriodParts;
  let expected: Period;
  switch (period.type) {
    case 'month':
      parts = { type: 'month', year, month: monthOfYear };
      expected = month(year, monthOfYear);
      break;
    case 'quarter': {
      expected = periodContaining('quarter', period.start);
      parts = {
        type: 'quarter',
        fyStartYear: fyStartYearOf(year, monthOfYear),
        quarter: Math.floor(monthIndexInFinancialYear(monthOfYear) / 3) + 1,
      };
      break;
    }
    case 'half':
      expected = periodContaining('half', period.start);
      parts = {
        type: 'half',
        fyStartYear: fyStartYearOf(year, monthOfYear),
        half: Math.floor(monthIndexInFinancialYear(monthOfYear) / 6) + 1,
      };
      break;
    case 'financial_year':
    case 'academic_year':
    case 'calendar_year':
      expected = periodContaining(period.type, period.start);
      parts = { type: period.type, startYear: toParts(expected.start).year };
      break;
    case 'span': {
      const yearType = yearTypeStartingIn(monthOfYear);
      if (yearType === undefined) throw new RangeError(`a span cannot start on ${period.start}`);
      const lastStartYear = toParts(periodContaining(yearType, period.end).start).year;
      expected = span(yearType, year, lastStartYear);
      parts = { type: 'span', yearType, firstStartYear: year, lastStartYear };
      break;
    }
    default:
      throw new RangeError(`'${String(period.type)}' is not a period type`);
  }
  if (expected.start !== period.start || expected.end !== period.end) {
    throw new RangeError(`${period.start} to ${period.end} is not a whole ${period.type.replace('_', ' ')}`);
  }
  return parts;
}

/** Whether `value` is a well-formed period, e.g. one read back from storage or a request. */
export function isPeriod(value: unknown): value is Period {
  if (typeof value !== 'object' || value === null) return false;
  const { type, start, end } = value as Record<string, unknown>;
  if (typeof type !== 'string' || typeof start !== 'string' || typeof end !== 'string') return false;
  if (!(PERIOD_TYPES as readonly string[]).includes(type)) return false;
  try {
    periodParts({ type: type as PeriodType, start, end });
    return true;
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
}

function describePeriod(period: Period): string {
  return `${period.type.replace('_', ' ')} ${period.start} to ${period.end}`;
}

function isInYear(period: Period): period is Period & { type: InYearPeriodType } {
  return ['month', 'quarter', 'half', 'financial_year'].includes(period.type);
}

/** The financial year that a month, quarter, half or financial year belongs to. */
export function financialYearOf(period: Period): Period {
  if (!isInYear(period)) throw new RangeError(`${describePeriod(period)} does not lie within one financial year`);
  return periodContaining('financial_year', period.start);
}

/** The quarters of a financial year or of a half, in order. */
export function quartersOf(period: Period): Period[] {
  if (period.type !== 'financial_year' && period.type !== 'half') {
    throw new RangeError(`${describePeriod(period)} is not a financial year or half`);
  }
  const first = periodContaining('quarter', period.start);
  const count = period.type === 'financial_year' ? 4 : 2;
  const quarters = [first];
  while (quarters.length < count) quarters.push(nextPeriod(quarters[quarters.length - 1]!));
  return quarters;
}

/** Every period of `type` in the financial year starting in April `fyStartYear`, in order. */
export function periodsInFinancialYear(fyStartYear: number, type: InYearPeriodType): Period[] {
  const fy = financialYear(fyStartYear);
  if (!['month', 'quarter', 'half', 'financial_year'].includes(type)) {
    throw new RangeError(`a financial year is not divided into ${String(type)} periods`);
  }
  const periods = [periodContaining(type, fy.start)];
  while (periods[periods.length - 1]!.end < fy.end) periods.push(nextPeriod(periods[periods.length - 1]!));
  return periods;
}

/**
 * Where a month, quarter or half falls in its financial year, e.g. Q2 is 2 of 4 and September is 6 of 12;
 * a year-end forecast scales a year-to-date figure by `of / position`.
 */
export function positionInFinancialYear(period: Period): { position: number; of: number } {
  const parts = periodParts(period);
  switch (parts.type) {
    case 'month':
      return { position: monthIndexInFinancialYear(parts.month) + 1, of: 12 };
    case 'quarter':
      return { position: parts.quarter, of: 4 };
    case 'half':
      return { position: parts.half, of: 2 };
    case 'financial_year':
      return { position: 1, of: 1 };
    default:
      throw new RangeError(`${describePeriod(period)} does not lie within one financial year`);
  }
}

function shiftSpan(period: Period, years: number): Period {
  const parts = periodParts(period);
  if (parts.type !== 'span') throw new RangeError(`${describePeriod(period)} is not a span`);
  return span(parts.yearType, parts.firstStartYear + years, parts.lastStartYear + years);
}

function spanLength(period: Period): number {
  const parts = periodParts(period);
  return parts.type === 'span' ? parts.lastStartYear - parts.firstStartYear + 1 : 1;
}

/**
 * The period of the same type that ends the day before `period` starts. For a span that is the span of
 * the same length just before it (2011 - 13 for 2014 - 16); the previous value of a rolling series is
 * `samePeriodLastYear` instead.
 */
export function previousPeriod(period: Period): Period {
  if (period.type === 'span') return shiftSpan(period, -spanLength(period));
  periodParts(period);
  return periodContaining(period.type, addDays(period.start, -1));
}

/** The period of the same type that starts the day after `period` ends. */
export function nextPeriod(period: Period): Period {
  if (period.type === 'span') return shiftSpan(period, spanLength(period));
  periodParts(period);
  return periodContaining(period.type, addDays(period.end, 1));
}

/** The same period one year earlier (Q2 2023-24 for Q2 2024-25; 2013 - 15 for the rolling span 2014 - 16). */
export function samePeriodLastYear(period: Period): Period {
  if (period.type === 'span') return shiftSpan(period, -1);
  periodParts(period);
  const { year, month: monthOfYear } = toParts(period.start);
  return periodContaining(period.type, fromParts(year - 1, monthOfYear, 1));
}

/** Orders by start, then end (so a month sorts before the quarter that starts with it), then type. */
export function compare(a: Period, b: Period): -1 | 0 | 1 {
  if (a.start !== b.start) return a.start < b.start ? -1 : 1;
  if (a.end !== b.end) return a.end < b.end ? -1 : 1;
  if (a.type !== b.type) return a.type < b.type ? -1 : 1;
  return 0;
}

/** Whether every day of `inner` is in `outer`. */
export function contains(outer: Period, inner: Period): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

export function containsDate(period: Period, date: IsoDate): boolean {
  toParts(date);
  return period.start <= date && date <= period.end;
}
