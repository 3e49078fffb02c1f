export {
  addDays,
  dayOfWeek,
  daysBetween,
  isIsoDate,
  isLeapYear,
  isWeekend,
  type DateParts,
  type IsoDate,
} from './iso-date.js';
export {
  academicYear,
  calendarYear,
  compare,
  contains,
  containsDate,
  financialYear,
  financialYearOf,
  half,
  isPeriod,
  month,
  nextPeriod,
  PERIOD_TYPES,
  periodContaining,
  periodFromDates,
  periodParts,
  periodsInFinancialYear,
  positionInFinancialYear,
  previousPeriod,
  quarter,
  quartersOf,
  samePeriodLastYear,
  span,
  YEAR_TYPES,
  type InYearPeriodType,
  type Period,
  type PeriodParts,
  type PeriodResult,
  type PeriodType,
  type SinglePeriodType,
  type YearType,
} from './period.js';
export { parsePeriodKey, periodKey } from './period-key.js';
export { formatPeriod, parsePeriod, type ParsePeriodHint } from './period-label.js';
export { bankHolidaysInYear, easterSunday, isBankHoliday, type BankHoliday } from './bank-holidays.js';
export { addWorkingDays, isWorkingDay, returnsDeadline, workingDaysBetween } from './working-days.js';
export { dateInEngland } from './date-in-england.js';
