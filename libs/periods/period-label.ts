import { fromParts, lastDayOfMonth, pad2, toParts } from './iso-date.js';
import {
  academicYear,
  calendarYear,
  financialYear,
  half,
  month,
  periodFromDates,
  periodParts,
  quarter,
  span,
  type Period,
  type PeriodResult,
  type YearType,
} from './period.js';

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The label users know: "2024-25 Q2", "Sep 2024", "2024-25 H1", "2024-25", "2024/25 academic year", "2024". */
export function formatPeriod(period: Period): string {
  const parts = periodParts(period);
  switch (parts.type) {
    case 'month':
      return `${monthName(parts.month).slice(0, 3)} ${parts.year}`;
    case 'quarter':
      return `${yearPair(parts.fyStartYear, '-')} Q${parts.quarter}`;
    case 'half':
      return `${yearPair(parts.fyStartYear, '-')} H${parts.half}`;
    case 'financial_year':
      return yearPair(parts.startYear, '-');
    case 'academic_year':
      return `${yearPair(parts.startYear, '/')} academic year`;
    case 'calendar_year':
      return String(parts.startYear);
    case 'span': {
      // Fingertips writes spans as "2014 - 16" (calendar years) and "2014/15 - 16/17" (financial years).
      const { yearType, firstStartYear: first, lastStartYear: last } = parts;
      // Two consecutive years would read back as a financial year, so they say what they are.
      if (yearType === 'calendar_year') {
        return `${first} - ${pad2(last % 100)}${last === first + 1 ? ' calendar years' : ''}`;
      }
      const label = `${yearPair(first, '/')} - ${pad2(last % 100)}/${pad2((last + 1) % 100)}`;
      return yearType === 'academic_year' ? `${label} academic years` : label;
    }
  }
}

function yearPair(startYear: number, separator: '-' | '/'): string {
  return `${startYear}${separator}${pad2((startYear + 1) % 100)}`;
}

export interface ParsePeriodHint {
  /**
   * How to read a pair of years that names no kind of year ("2024/25", "2024-25", "201617"): a financial
   * year unless told otherwise, since most local performance data is reported by financial year.
   */
  readonly defaultType?: 'financial_year' | 'academic_year';
  /**
   * The `time_identifier` that accompanies a `time_period` in DfE Explore Education Statistics data
   * ("Academic year", "Financial year", "Reporting year", "Calendar year", "Financial year Q2", "Q2",
   * "Part 1 (April to September)", "January" …). When given, the label is read as that column's code.
   */
  readonly timeIdentifier?: string;
}

/** Why a label could not be read; caught in `parsePeriod` and turned into its message. */
class Unreadable extends Error {}

const EXAMPLES = 'expected a period such as 2024-25 Q2, Sep 2024, 2024-25, 2024-25 H1, 2024/25 academic year or 2024';

/**
 * Reads a period as council staff and published data write it. Never throws for bad text: the result
 * carries a plain-English message that quotes it, e.g. "'Q5 2024/25' is not a period: quarter must be Q1–Q4".
 */
export function parsePeriod(label: string, hint: ParsePeriodHint = {}): PeriodResult {
  const shown = label.trim();
  const text = normalise(label);
  try {
    if (text === '') throw new Unreadable('the text is empty');
    const period = hint.timeIdentifier === undefined ? readLabel(text, hint) : readEesCode(text, hint.timeIdentifier);
    return { ok: true, period };
  } catch (error) {
    if (error instanceof Unreadable || error instanceof RangeError) {
      return { ok: false, message: `'${shown}' is not a period: ${error.message}` };
    }
    throw error;
  }
}

function normalise(label: string): string {
  return label
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

const MONTH_NUMBERS: Readonly<Record<string, number>> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};

// Longest names first so that "september" is not read as "sep" followed by "tember".
const MONTH = `(${Object.keys(MONTH_NUMBERS)
  .sort((a, b) => b.length - a.length)
  .join('|')})\\.?`;
const YEAR = '(\\d{4}|\\d{2})';
const PAIR = '(\\d{4}|\\d{2}) ?[-/] ?(\\d{4}|\\d{2})';
const TO = ' ?(?:-|to) ?';

/**
 * A two-digit year on its own ("Sep 24", "Q2 24/25") is read as 2000–2069 for 00–69 and 1900–1999 for
 * 70–99, the POSIX strptime %y convention, so recent data reads naturally and old data still parses.
 */
function expandYear(digits: string): number {
  if (digits.length === 4) return Number(digits);
  const yy = Number(digits);
  return yy < 70 ? 2000 + yy : 1900 + yy;
}

/** Whether `digits` (two or four) name the year after `first`, as in 2024-25 or 2024/2025. */
function follows(first: number, digits: string): boolean {
  return digits.length === 4 ? Number(digits) === first + 1 : Number(digits) === (first + 1) % 100;
}

/** The first year after `first` that `digits` can name: "16" after 2014 is 2016, "01" after 1998 is 2001. */
function laterYear(first: number, digits: string): number {
  if (digits.length === 4) return Number(digits);
  const candidate = first - (first % 100) + Number(digits);
  return candidate > first ? candidate : candidate + 100;
}

function monthNumber(name: string): number {
  return MONTH_NUMBERS[name.replace('.', '')]!;
}

function monthName(monthOfYear: number): string {
  return MONTH_NAMES[monthOfYear - 1]!;
}

/** What the year part of a label says before any words such as "Q2" or "academic year" give it a type. */
type YearExpression =
  | { readonly kind: 'year'; readonly year: number }
  | { readonly kind: 'pair'; readonly startYear: number }
  | { readonly kind: 'year-span'; readonly first: number; readonly last: number }
  | { readonly kind: 'pair-span'; readonly first: number; readonly last: number }
  | { readonly kind: 'period'; readonly period: Period };

function readPair(text: string, firstDigits: string, secondDigits: string): number {
  const first = expandYear(firstDigits);
  if (!follows(first, secondDigits)) {
    const example = yearPair(first, text.includes('/') ? '/' : '-');
    throw new Unreadable(
      `${secondDigits} does not follow ${firstDigits}; the years must be consecutive, e.g. ${example}`,
    );
  }
  return first;
}

function readYearExpression(text: string): YearExpression | undefined {
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})$/.exec(text))) return { kind: 'year', year: Number(match[1]) };

  // DfE Explore Education Statistics codes years as six digits: 201617 is 2016/17.
  if ((match = /^(\d{4})(\d{2})$/.exec(text))) {
    return { kind: 'pair', startYear: readPair(text, match[1]!, match[2]!) };
  }

  if ((match = /^(\d{4})( ?)(-|\/|to)( ?)(\d{4}|\d{2})$/.exec(text))) {
    const [, firstDigits, spaceBefore, separator, spaceAfter, secondDigits] = match as unknown as string[];
    const first = Number(firstDigits);
    if (follows(first, secondDigits!)) return { kind: 'pair', startYear: first };
    const spaced = spaceBefore !== '' || spaceAfter !== '';
    // ISO 8601 year-month. Where it collides with a year pair (2011-12) the pair wins, above.
    if (separator === '-' && !spaced && secondDigits!.length === 2) {
      const monthOfYear = Number(secondDigits);
      if (monthOfYear >= 1 && monthOfYear <= 12) return { kind: 'period', period: month(first, monthOfYear) };
    }
    // Fingertips writes a multi-year aggregate with a spaced dash: "2014 - 16".
    if (spaced || separator === 'to') {
      const last = laterYear(first, secondDigits!);
      if (last - first >= 100) throw new Unreadable('a span must end after it starts');
      return { kind: 'year-span', first, last };
    }
    const example = yearPair(first, separator === '/' ? '/' : '-');
    const spanYears = laterYear(first, secondDigits!) - first + 1;
    // Only a span of a plausible length is suggested: "2024-13" is a slip, not 2024 to 2113.
    const spanHint =
      separator === '-' && spanYears >= 3 && spanYears <= 10
        ? `, or a span of calendar years as ${first} - ${secondDigits}`
        : '';
    throw new Unreadable(
      `${secondDigits} does not follow ${first}; write a financial or academic year as ${example}${spanHint}`,
    );
  }

  if ((match = /^(\d{2}) ?[-/] ?(\d{2})$/.exec(text))) {
    return { kind: 'pair', startYear: readPair(text, match[1]!, match[2]!) };
  }

  if ((match = /^(\d{1,2})\/(\d{4})$/.exec(text))) {
    return { kind: 'period', period: month(Number(match[2]), Number(match[1])) };
  }

  if ((match = new RegExp(`^${PAIR}${TO}${PAIR}$`).exec(text))) {
    const [, a, b, c, d] = match as unknown as string[];
    const first = readPair(`${a}/${b}`, a!, b!);
    const last = laterYear(first, c!);
    if (last - first >= 100) throw new Unreadable('a span must end after it starts');
    if (!follows(last, d!)) throw new Unreadable(`${d} does not follow ${c}; the years must be consecutive`);
    return { kind: 'pair-span', first, last };
  }

  if ((match = new RegExp(`^${MONTH} ?[-,']? ?'?${YEAR}$`).exec(text))) {
    return { kind: 'period', period: month(expandYear(match[2]!), monthNumber(match[1]!)) };
  }

  if ((match = new RegExp(`^${MONTH}(?: ${YEAR})?${TO}${MONTH} ${YEAR}$`).exec(text))) {
    const [, firstName, firstYearDigits, lastName, lastYearDigits] = match as unknown as (string | undefined)[];
    const [firstMonth, lastMonth] = [monthNumber(firstName!), monthNumber(lastName!)];
    const lastYear = expandYear(lastYearDigits!);
    const firstYear =
      firstYearDigits === undefined ? (firstMonth <= lastMonth ? lastYear : lastYear - 1) : expandYear(firstYearDigits);
    return { kind: 'period', period: monthRange(firstYear, firstMonth, lastYear, lastMonth) };
  }

  // "Apr - Jun 2024/25": months of a financial year.
  if ((match = new RegExp(`^${MONTH}${TO}${MONTH} ${PAIR}$`).exec(text))) {
    const [, firstName, lastName, a, b] = match as unknown as string[];
    const fyStartYear = readPair(`${a}/${b}`, a!, b!);
    const [firstMonth, lastMonth] = [monthNumber(firstName!), monthNumber(lastName!)];
    const yearOf = (monthOfYear: number) => (monthOfYear >= 4 ? fyStartYear : fyStartYear + 1);
    return { kind: 'period', period: monthRange(yearOf(firstMonth), firstMonth, yearOf(lastMonth), lastMonth) };
  }

  // DfE titles such as "year ending 31 March 2024".
  if (
    (match = new RegExp(
      `^(?:the )?(?:year|12 months) (?:ending|ended|to) (?:(\\d{1,2})(?:st|nd|rd|th)? )?${MONTH} (\\d{4})$`,
    ).exec(text))
  ) {
    const [, dayDigits, name, yearDigits] = match as unknown as (string | undefined)[];
    const [lastMonth, lastYear] = [monthNumber(name!), Number(yearDigits)];
    const end = lastDayOfMonth(lastYear, lastMonth);
    if (dayDigits !== undefined && Number(dayDigits) !== toParts(end).day) {
      throw new Unreadable(`a year must end on the last day of a month, not ${dayDigits} ${monthName(lastMonth)}`);
    }
    const period = monthRange(lastYear - 1, lastMonth + 1, lastYear, lastMonth);
    return { kind: 'period', period };
  }

  return undefined;
}

function monthRange(firstYear: number, firstMonth: number, lastYear: number, lastMonth: number): Period {
  const start = firstMonth === 13 ? fromParts(firstYear + 1, 1, 1) : fromParts(firstYear, firstMonth, 1);
  const end = lastDayOfMonth(lastYear, lastMonth);
  const period = end > start ? periodFromDates(start, end) : undefined;
  if (period === undefined) {
    const from = `${monthName(toParts(start).month)} ${toParts(start).year}`;
    throw new Unreadable(`${from} to ${monthName(lastMonth)} ${lastYear} is not a month, quarter, half or year`);
  }
  return period;
}

interface Markers {
  quarter?: number;
  half?: number;
  yearType?: YearType;
  /** "calendar years" rather than "calendar year": two consecutive years are then a span, not a year pair. */
  plural?: boolean;
}

/** Takes the words that give a label its type ("Q2", "H1", "academic year", "FY") out of `text`. */
function takeMarkers(text: string): { markers: Markers; rest: string } {
  let rest = text;
  const take = (pattern: RegExp): RegExpExecArray | undefined => {
    const match = pattern.exec(rest);
    if (!match) return undefined;
    rest = `${rest.slice(0, match.index)} ${rest.slice(match.index + match[0].length)}`;
    return match;
  };
  const markers: Markers = {};
  // The look-behinds stop "h" matching inside "march" and "ay" inside "may".
  const quarterMatch = take(/(?<![a-z])(?:quarter|qtr|q)\.? ?(\d{1,2})(?!\d)/);
  if (quarterMatch) markers.quarter = Number(quarterMatch[1]);
  const halfMatch = take(/(?<![a-z])(?:half|h)\.? ?(\d{1,2})(?!\d)/);
  if (halfMatch) markers.half = Number(halfMatch[1]);
  const yearTypes: YearType[] = [];
  if (take(/(?<![a-z])(?:academic years?|school years?|ay)(?![a-z])/)) yearTypes.push('academic_year');
  if (take(/(?<![a-z])(?:financial years?|fiscal years?|fy)(?![a-z])/)) yearTypes.push('financial_year');
  const calendarMatch = take(/(?<![a-z])(?:calendar year(s?)|cy)(?![a-z])/);
  if (calendarMatch) yearTypes.push('calendar_year');
  if (calendarMatch?.[1] === 's') markers.plural = true;
  if (yearTypes.length > 1) throw new Unreadable('it names more than one kind of year');
  if (yearTypes[0] !== undefined) markers.yearType = yearTypes[0];
  rest = rest
    .replace(/[(),:]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return { markers, rest };
}

const YEAR_OF_TYPE: Readonly<Record<YearType, (startYear: number) => Period>> = {
  financial_year: financialYear,
  academic_year: academicYear,
  calendar_year: calendarYear,
};

function readLabel(text: string, hint: ParsePeriodHint): Period {
  const { markers, rest } = takeMarkers(text);
  const expression = readYearExpression(rest);

  if (markers.quarter !== undefined || markers.half !== undefined) {
    if (markers.quarter !== undefined && markers.half !== undefined) {
      throw new Unreadable('it names both a quarter and a half');
    }
    const part = markers.quarter !== undefined ? `Q${markers.quarter}` : `H${markers.half}`;
    if (markers.quarter !== undefined && (markers.quarter < 1 || markers.quarter > 4)) {
      throw new Unreadable('quarter must be Q1–Q4');
    }
    if (markers.half !== undefined && (markers.half < 1 || markers.half > 2)) {
      throw new Unreadable('half must be H1 or H2');
    }
    if (markers.yearType === 'academic_year' || markers.yearType === 'calendar_year') {
      throw new Unreadable(`quarters and halves are of the financial year, e.g. ${part} 2024-25`);
    }
    if (expression?.kind === 'pair') {
      return markers.quarter !== undefined
        ? quarter(expression.startYear, markers.quarter)
        : half(expression.startYear, markers.half!);
    }
    if (expression?.kind === 'year') {
      throw new Unreadable(
        `${part} needs its financial year, e.g. ${part} ${yearPair(expression.year, '/')} or ${part} ${yearPair(expression.year - 1, '/')}`,
      );
    }
    throw new Unreadable(EXAMPLES);
  }

  if (expression === undefined) throw new Unreadable(EXAMPLES);
  const yearType = markers.yearType;
  if (yearType === undefined) {
    const pairType = hint.defaultType ?? 'financial_year';
    switch (expression.kind) {
      case 'year':
        return calendarYear(expression.year);
      case 'pair':
        return YEAR_OF_TYPE[pairType](expression.startYear);
      case 'year-span':
        return span('calendar_year', expression.first, expression.last);
      case 'pair-span':
        return span(pairType, expression.first, expression.last);
      case 'period':
        return expression.period;
    }
  }

  const kind = yearType === 'academic_year' ? 'an academic year' : 'a financial year';
  if (yearType === 'calendar_year') {
    if (expression.kind === 'year') return calendarYear(expression.year);
    if (expression.kind === 'year-span') return span('calendar_year', expression.first, expression.last);
    if (expression.kind === 'pair' && markers.plural) {
      return span('calendar_year', expression.startYear, expression.startYear + 1);
    }
    throw new Unreadable(`a calendar year is a single year, e.g. 2024`);
  }
  if (expression.kind === 'pair') return YEAR_OF_TYPE[yearType](expression.startYear);
  if (expression.kind === 'pair-span') return span(yearType, expression.first, expression.last);
  if (expression.kind === 'year') {
    throw new Unreadable(
      `${kind} is written with both its years, e.g. ${yearPair(expression.year, '/')} or ${yearPair(expression.year - 1, '/')}`,
    );
  }
  throw new Unreadable(`${kind} is written with both its years, e.g. 2024/25`);
}

/**
 * Reads an EES `time_period` code given its `time_identifier`. Identifiers with no matching period type
 * (tax years, terms, weeks, academic-year quarters) are refused rather than approximated.
 */
function readEesCode(text: string, timeIdentifier: string): Period {
  const identifier = normalise(timeIdentifier);
  const yearPairCode = (): number => {
    const expression = /^\d{4}$/.test(text) ? undefined : readYearExpression(text);
    if (expression?.kind !== 'pair') {
      throw new Unreadable(`with time identifier '${timeIdentifier.trim()}' it must be a 6-digit code such as 201617`);
    }
    return expression.startYear;
  };
  const fourDigitYear = (): number => {
    if (!/^\d{4}$/.test(text)) {
      throw new Unreadable(`with time identifier '${timeIdentifier.trim()}' it must be a 4-digit year such as 2016`);
    }
    return Number(text);
  };

  if (identifier === 'calendar year') return calendarYear(fourDigitYear());
  // DfE's children-looked-after "reporting year" 2024 is the year ending 31 March 2024, the SSDA903 collection
  // year, so it is the financial year 2023-24.
  if (identifier === 'reporting year') return financialYear(fourDigitYear() - 1);
  if (identifier === 'academic year') return academicYear(yearPairCode());
  if (identifier === 'financial year') return financialYear(yearPairCode());

  let match: RegExpExecArray | null;
  if ((match = /^(?:financial year )?q([1-4])$/.exec(identifier))) {
    return quarter(yearPairCode(), Number(match[1]));
  }
  if ((match = /^(?:financial year )?part ([12])\b/.exec(identifier))) {
    return half(yearPairCode(), Number(match[1]));
  }
  // A calendar quarter is also a financial quarter: January–March 2024 is Q4 of 2023-24.
  if ((match = /^calendar year q([1-4])$/.exec(identifier))) {
    const year = fourDigitYear();
    const q = Number(match[1]);
    return q === 1 ? quarter(year - 1, 4) : quarter(year, q - 1);
  }
  // EES "Financial year Q1-2" is the first half, "Q3-4" the second and "Q1-4" the whole year.
  if ((match = /^financial year q([13])-([24])$/.exec(identifier))) {
    const [first, last] = [Number(match[1]), Number(match[2])];
    if (first === 1 && last === 4) return financialYear(yearPairCode());
    if (last === first + 1) return half(yearPairCode(), (first + 1) / 2);
  }
  const monthIndex = MONTH_NAMES.findIndex((name) => name.toLowerCase() === identifier);
  if (monthIndex >= 0) return month(fourDigitYear(), monthIndex + 1);

  throw new Unreadable(`the time identifier '${timeIdentifier.trim()}' is not supported`);
}
