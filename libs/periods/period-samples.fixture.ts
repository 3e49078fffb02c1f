import {
  academicYear,
  calendarYear,
  financialYear,
  half,
  month,
  quarter,
  span,
  YEAR_TYPES,
  type Period,
} from './period.js';

/** Every kind of period over a run of years that crosses a century and includes leap years; for round-trip tests. */
export function samplePeriods(firstYear = 1997, lastYear = 2031): Period[] {
  const periods: Period[] = [];
  for (let year = firstYear; year <= lastYear; year += 1) {
    for (let m = 1; m <= 12; m += 1) periods.push(month(year, m));
    for (let q = 1; q <= 4; q += 1) periods.push(quarter(year, q));
    periods.push(half(year, 1), half(year, 2), financialYear(year), academicYear(year), calendarYear(year));
    for (const yearType of YEAR_TYPES) {
      for (const length of [2, 3, 5]) periods.push(span(yearType, year, year + length - 1));
    }
  }
  return periods;
}
