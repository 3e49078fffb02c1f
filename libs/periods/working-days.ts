import { isBankHoliday } from './bank-holidays.js';
import { addDays, isWeekend, toParts, type IsoDate } from './iso-date.js';
import { periodParts, type Period } from './period.js';

/** Monday to Friday and not a bank holiday in England and Wales. */
export function isWorkingDay(date: IsoDate): boolean {
  return !isWeekend(date) && !isBankHoliday(date);
}

/**
 * The `n`th working day after `date` (before it when `n` is negative); `date` itself when `n` is 0,
 * whether or not it is a working day.
 */
export function addWorkingDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`the number of working days must be a whole number, not ${n}`);
  toParts(date);
  const step = n < 0 ? -1 : 1;
  let current = date;
  for (let remaining = Math.abs(n); remaining > 0;) {
    current = addDays(current, step);
    if (isWorkingDay(current)) remaining -= 1;
  }
  return current;
}

/**
 * The working days after `from` up to and including `to`; when `to` is earlier, minus those from `to` up to
 * but excluding `from`. Either way `workingDaysBetween(d, addWorkingDays(d, n)) === n`.
 */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  toParts(from);
  toParts(to);
  const [first, last, sign] = to < from ? [addDays(to, -1), addDays(from, -1), -1] : [from, to, 1];
  let count = 0;
  for (let current = addDays(first, 1); current <= last; current = addDays(current, 1)) {
    if (isWorkingDay(current)) count += 1;
  }
  return sign * count;
}

/** The day a return for `period` is due: `workingDays` working days after the period ends. */
export function returnsDeadline(period: Period, workingDays: number): IsoDate {
  periodParts(period);
  if (!Number.isInteger(workingDays) || workingDays < 0) {
    throw new RangeError(`a returns deadline is a whole number of working days after the period, not ${workingDays}`);
  }
  return addWorkingDays(period.end, workingDays);
}
