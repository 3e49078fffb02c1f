/** Dates and numbers as people in England write them: 5 December 2026, 12.5, 1,250. */
const DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});
const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
  timeZone: 'Europe/London',
});

function toDate(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value !== 'string' || value === '') return null;
  // A bare ISO date is a calendar day: read it at noon UTC so no time zone moves it to another day.
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatUkDate(value: unknown): string {
  const date = toDate(value);
  return date ? DATE.format(date) : '';
}

/** 5 December 2026 at 2:05pm */
export function formatUkDateTime(value: unknown): string {
  const date = toDate(value);
  if (!date) return '';
  const parts = Object.fromEntries(DATE_TIME.formatToParts(date).map((part) => [part.type, part.value]));
  return `${parts.day} ${parts.month} ${parts.year} at ${parts.hour}:${parts.minute}${String(parts.dayPeriod).toLowerCase()}`;
}

export function formatUkNumber(value: unknown, decimals?: number): string {
  if (value === null || value === undefined || value === '') return '';
  const number = Number(value);
  if (!Number.isFinite(number)) return String(value);
  return number.toLocaleString(
    'en-GB',
    decimals === undefined
      ? { maximumFractionDigits: 6 }
      : {
          minimumFractionDigits: decimals,
          maximumFractionDigits: decimals,
        },
  );
}
