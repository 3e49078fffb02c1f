import {
  financialYearOf,
  formatPeriod,
  nextPeriod,
  periodFromDates,
  periodKey,
  positionInFinancialYear,
  previousPeriod,
  samePeriodLastYear,
  type Period,
  type PeriodType,
} from '../periods/index.js';

/** A period with everything the rules ask of it, worked out once: a run sees only a few dozen periods. */
export interface PeriodInfo {
  readonly period: Period;
  readonly key: string;
  readonly label: string;
  /** Months, quarters and halves: the financial year they sit in and where. null for other types. */
  readonly financialYear: Period | null;
  readonly position: number | null;
  readonly of: number | null;
}

const IN_YEAR: ReadonlySet<PeriodType> = new Set(['month', 'quarter', 'half']);
const cache = new Map<string, PeriodInfo>();
const previous = new Map<string, PeriodInfo>();
const next = new Map<string, PeriodInfo>();
const lastYear = new Map<string, PeriodInfo>();

function cacheKey(type: string, start: string): string {
  return `${type}|${start}`;
}

export function periodInfo(period: Period): PeriodInfo {
  const id = cacheKey(period.type, period.start);
  let info = cache.get(id);
  if (!info) {
    const inYear = IN_YEAR.has(period.type);
    const place = inYear ? positionInFinancialYear(period) : null;
    info = {
      period: { type: period.type, start: period.start, end: period.end },
      key: periodKey(period),
      label: formatPeriod(period),
      financialYear: inYear ? financialYearOf(period) : null,
      position: place?.position ?? null,
      of: place?.of ?? null,
    };
    cache.set(id, info);
  }
  return info;
}

/** From stored columns; throws when the dates are not a whole period of the type. */
export function periodInfoOf(type: string, start: string, end: string): PeriodInfo {
  const cached = cache.get(cacheKey(type, start));
  if (cached && cached.period.end === end) return cached;
  const period = { type: type as PeriodType, start, end };
  if (periodFromDates(start, end) === undefined && type !== 'span') {
    throw new RangeError(`${start} to ${end} is not a whole ${type}`);
  }
  return periodInfo(period);
}

function memo(store: Map<string, PeriodInfo>, info: PeriodInfo, step: (period: Period) => Period): PeriodInfo {
  const id = cacheKey(info.period.type, info.period.start);
  let found = store.get(id);
  if (!found) {
    found = periodInfo(step(info.period));
    store.set(id, found);
  }
  return found;
}

export function previousOf(info: PeriodInfo): PeriodInfo {
  return memo(previous, info, previousPeriod);
}

export function nextOf(info: PeriodInfo): PeriodInfo {
  return memo(next, info, nextPeriod);
}

export function samePeriodLastYearOf(info: PeriodInfo): PeriodInfo {
  return memo(lastYear, info, samePeriodLastYear);
}
