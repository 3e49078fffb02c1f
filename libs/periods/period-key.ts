import { pad2 } from './iso-date.js';
import {
  academicYear,
  calendarYear,
  financialYear,
  half,
  month,
  periodParts,
  quarter,
  span,
  type Period,
  type PeriodResult,
  type YearType,
} from './period.js';

const YEAR_KEY_PREFIX: Readonly<Record<YearType, string>> = {
  financial_year: 'FY',
  academic_year: 'AY',
  calendar_year: 'CY',
};

function yearPair(startYear: number): string {
  return `${startYear}-${pad2((startYear + 1) % 100)}`;
}

function yearKey(yearType: YearType, startYear: number): string {
  const prefix = YEAR_KEY_PREFIX[yearType];
  return yearType === 'calendar_year' ? `${prefix}${startYear}` : `${prefix}${yearPair(startYear)}`;
}

/**
 * A stable, unique text key for storage, URLs and job ids: `2024-09`, `2024-25-Q2`, `2024-25-H1`,
 * `FY2024-25`, `AY2024-25`, `CY2024`, and for spans the first and last years' keys joined by `..`
 * (`CY2014..CY2016`).
 */
export function periodKey(period: Period): string {
  const parts = periodParts(period);
  switch (parts.type) {
    case 'month':
      return `${parts.year}-${pad2(parts.month)}`;
    case 'quarter':
      return `${yearPair(parts.fyStartYear)}-Q${parts.quarter}`;
    case 'half':
      return `${yearPair(parts.fyStartYear)}-H${parts.half}`;
    case 'span':
      return `${yearKey(parts.yearType, parts.firstStartYear)}..${yearKey(parts.yearType, parts.lastStartYear)}`;
    default:
      return yearKey(parts.type, parts.startYear);
  }
}

interface YearKey {
  readonly yearType: YearType;
  readonly startYear: number;
}

function readYearKey(key: string): YearKey | undefined {
  const match = /^(FY|AY)(\d{4})-\d{2}$|^CY(\d{4})$/.exec(key);
  if (!match) return undefined;
  if (match[3] !== undefined) return { yearType: 'calendar_year', startYear: Number(match[3]) };
  return { yearType: match[1] === 'FY' ? 'financial_year' : 'academic_year', startYear: Number(match[2]) };
}

const YEAR_CONSTRUCTORS: Readonly<Record<YearType, (startYear: number) => Period>> = {
  financial_year: financialYear,
  academic_year: academicYear,
  calendar_year: calendarYear,
};

function readKey(key: string): Period | undefined {
  const spanMatch = /^([^.]+)\.\.([^.]+)$/.exec(key);
  if (spanMatch) {
    const first = readYearKey(spanMatch[1]!);
    const last = readYearKey(spanMatch[2]!);
    if (!first || !last || first.yearType !== last.yearType) return undefined;
    return span(first.yearType, first.startYear, last.startYear);
  }
  const inYear = /^(\d{4})-(\d{2})(?:-([QH])(\d))?$/.exec(key);
  if (inYear) {
    const [year, second, kind, index] = [Number(inYear[1]), Number(inYear[2]), inYear[3], Number(inYear[4])];
    if (kind === undefined) return month(year, second);
    return kind === 'Q' ? quarter(year, index) : half(year, index);
  }
  const yearKeyParts = readYearKey(key);
  return yearKeyParts && YEAR_CONSTRUCTORS[yearKeyParts.yearType](yearKeyParts.startYear);
}

/** Reads a key written by `periodKey`; any other text, however close, is refused. */
export function parsePeriodKey(key: string): PeriodResult {
  try {
    const period = readKey(key);
    // Rebuilding the key rejects what the patterns let through, such as FY2024-26 or 2024-25-Q2 with a bad year pair.
    if (period && periodKey(period) === key) return { ok: true, period };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  return {
    ok: false,
    message: `'${key}' is not a period key: expected one such as 2024-09, 2024-25-Q2, 2024-25-H1, FY2024-25, AY2024-25, CY2024 or CY2014..CY2016`,
  };
}
