const LONG_DATE = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** A date as GOV.UK writes it: "Wednesday 14 October 2026" (no comma). */
export function longDate(date: string): string {
  return LONG_DATE.format(new Date(`${date}T00:00:00Z`)).replace(',', '');
}
