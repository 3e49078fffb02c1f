/** A calendar date written YYYY-MM-DD (ISO 8601), with no time of day and no time zone. */
export type IsoDate = string;

export interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function toParts(date: IsoDate): DateParts {
  if (!isIsoDate(date)) throw new RangeError(`'${date}' is not a date in the form YYYY-MM-DD`);
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

export function fromParts(year: number, month: number, day: number): IsoDate {
  const date = `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
  if (!Number.isInteger(year) || year > 9999 || !isIsoDate(date)) {
    throw new RangeError(`${year}-${month}-${day} is not a calendar date`);
  }
  return date;
}

export function lastDayOfMonth(year: number, month: number): IsoDate {
  return fromParts(year, month, daysInMonth(year, month));
}

// Arithmetic goes through UTC midnight so that no local time zone or daylight-saving change can shift a day.
function toEpochDay(date: IsoDate): number {
  const { year, month, day } = toParts(date);
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

function fromEpochDay(epochDay: number): IsoDate {
  const date = new Date(epochDay * MS_PER_DAY);
  return fromParts(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Whole days from `from` to `to`; negative when `to` is earlier. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** 0 = Sunday … 6 = Saturday, as `Date.prototype.getUTCDay`. */
export function dayOfWeek(date: IsoDate): number {
  const { year, month, day } = toParts(date);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

export function isWeekend(date: IsoDate): boolean {
  const day = dayOfWeek(date);
  return day === 0 || day === 6;
}

export function pad2(value: number): string {
  return String(value).padStart(2, '0');
}
