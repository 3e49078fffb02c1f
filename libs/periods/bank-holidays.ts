import { addDays, dayOfWeek, fromParts, isWeekend, lastDayOfMonth, toParts, type IsoDate } from './iso-date.js';

export interface BankHoliday {
  readonly date: IsoDate;
  readonly name: string;
}

// The Banking and Financial Dealings Act 1971 set the pattern in use today once the early May bank holiday
// was added in 1978; earlier years followed other rules, so they are refused rather than guessed.
const FIRST_YEAR = 1978;

// Royal proclamations moving a usual bank holiday (gov.uk/bank-holidays and the London Gazette).
const MOVED: readonly { readonly name: string; readonly from: IsoDate; readonly to: IsoDate }[] = [
  { name: 'Early May bank holiday', from: '1995-05-01', to: '1995-05-08' }, // 50th anniversary of VE Day
  { name: 'Spring bank holiday', from: '2002-05-27', to: '2002-06-04' }, // Golden Jubilee
  { name: 'Spring bank holiday', from: '2012-05-28', to: '2012-06-04' }, // Diamond Jubilee
  { name: 'Early May bank holiday', from: '2020-05-04', to: '2020-05-08' }, // 75th anniversary of VE Day
  { name: 'Spring bank holiday', from: '2022-05-30', to: '2022-06-02' }, // Platinum Jubilee
];

// Royal proclamations of extra, one-off bank holidays.
const ONE_OFF: readonly BankHoliday[] = [
  { date: '1981-07-29', name: 'Royal wedding' },
  { date: '1999-12-31', name: 'Millennium celebrations' },
  { date: '2002-06-03', name: 'Golden Jubilee of Queen Elizabeth II' },
  { date: '2011-04-29', name: 'Royal wedding' },
  { date: '2012-06-05', name: 'Diamond Jubilee of Queen Elizabeth II' },
  { date: '2022-06-03', name: 'Platinum Jubilee of Queen Elizabeth II' },
  { date: '2022-09-19', name: 'State Funeral of Queen Elizabeth II' },
  { date: '2023-05-08', name: 'Coronation of King Charles III' },
];

/** Easter Sunday in the Gregorian calendar, by the Anonymous Gregorian algorithm (Meeus, Astronomical Algorithms, ch. 8). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return fromParts(year, month, day);
}

/** The first `weekday` (0 = Sunday) on or after `date`. */
function onOrAfter(date: IsoDate, weekday: number): IsoDate {
  return addDays(date, (weekday - dayOfWeek(date) + 7) % 7);
}

/** The last `weekday` (0 = Sunday) on or before `date`. */
function onOrBefore(date: IsoDate, weekday: number): IsoDate {
  return addDays(date, -((dayOfWeek(date) - weekday + 7) % 7));
}

const MONDAY = 1;

/**
 * A holiday falling at a weekend is observed on the next weekday that is not already a holiday, so a
 * Sunday Christmas (2022) gives Boxing Day on Monday 26 and a substitute Christmas on Tuesday 27.
 */
function withSubstitutes(holidays: readonly BankHoliday[]): BankHoliday[] {
  const observed = holidays.filter((holiday) => !isWeekend(holiday.date));
  const taken = new Set(observed.map((holiday) => holiday.date));
  for (const holiday of holidays.filter((candidate) => isWeekend(candidate.date))) {
    let date = addDays(holiday.date, 1);
    while (isWeekend(date) || taken.has(date)) date = addDays(date, 1);
    taken.add(date);
    observed.push({ date, name: `${holiday.name} (substitute day)` });
  }
  return observed;
}

function computeYear(year: number): readonly BankHoliday[] {
  const easter = easterSunday(year);
  const usual: BankHoliday[] = [
    ...withSubstitutes([{ date: fromParts(year, 1, 1), name: 'New Year’s Day' }]),
    { date: addDays(easter, -2), name: 'Good Friday' },
    { date: addDays(easter, 1), name: 'Easter Monday' },
    { date: onOrAfter(fromParts(year, 5, 1), MONDAY), name: 'Early May bank holiday' },
    { date: onOrBefore(lastDayOfMonth(year, 5), MONDAY), name: 'Spring bank holiday' },
    { date: onOrBefore(lastDayOfMonth(year, 8), MONDAY), name: 'Summer bank holiday' },
    ...withSubstitutes([
      { date: fromParts(year, 12, 25), name: 'Christmas Day' },
      { date: fromParts(year, 12, 26), name: 'Boxing Day' },
    ]),
  ];
  const moved = usual.map((holiday) => {
    const move = MOVED.find((candidate) => candidate.from === holiday.date && candidate.name === holiday.name);
    return move ? { date: move.to, name: holiday.name } : holiday;
  });
  const extra = ONE_OFF.filter((holiday) => toParts(holiday.date).year === year);
  return Object.freeze([...moved, ...extra].sort((a, b) => (a.date < b.date ? -1 : 1)));
}

const byYear = new Map<number, { readonly list: readonly BankHoliday[]; readonly dates: ReadonlySet<IsoDate> }>();

function holidaysOf(year: number): { readonly list: readonly BankHoliday[]; readonly dates: ReadonlySet<IsoDate> } {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > 9999) {
    throw new RangeError(`bank holidays are known from ${FIRST_YEAR} onwards, not for ${year}`);
  }
  let entry = byYear.get(year);
  if (entry === undefined) {
    const list = computeYear(year);
    entry = { list, dates: new Set(list.map((holiday) => holiday.date)) };
    byYear.set(year, entry);
  }
  return entry;
}

/** The bank holidays in England and Wales in `year`, in date order, named as on gov.uk. */
export function bankHolidaysInYear(year: number): readonly BankHoliday[] {
  return holidaysOf(year).list;
}

/** Whether `date` is a bank holiday in England and Wales (from 1978). */
export function isBankHoliday(date: IsoDate): boolean {
  return holidaysOf(toParts(date).year).dates.has(date);
}
