import type { IsoDate } from './iso-date.js';

const ENGLAND_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The calendar date in England at an instant (Europe/London, so an hour ahead of UTC in summer):
 * deadlines are English working days, and staff read dates in UK time.
 */
export function dateInEngland(instant: Date): IsoDate {
  return ENGLAND_DATE.format(instant);
}
