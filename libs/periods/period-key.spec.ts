import { describe, expect, it } from 'vitest';
import { parsePeriodKey, periodKey } from './period-key.js';
import { samplePeriods } from './period-samples.fixture.js';
import { academicYear, calendarYear, financialYear, half, month, quarter, span, type Period } from './period.js';

describe(periodKey.name, () => {
  it.each([
    [month(2024, 9), '2024-09'],
    [quarter(2024, 2), '2024-25-Q2'],
    [quarter(2024, 4), '2024-25-Q4'],
    [half(2024, 1), '2024-25-H1'],
    [financialYear(2024), 'FY2024-25'],
    [financialYear(1999), 'FY1999-00'],
    [academicYear(2024), 'AY2024-25'],
    [calendarYear(2024), 'CY2024'],
    [span('calendar_year', 2014, 2016), 'CY2014..CY2016'],
    [span('financial_year', 2014, 2016), 'FY2014-15..FY2016-17'],
    [span('academic_year', 2014, 2015), 'AY2014-15..AY2015-16'],
  ])('keys %j as %s', (period, key) => {
    expect(periodKey(period)).toBe(key);
  });

  it('gives every sample period a different key', () => {
    const periods = samplePeriods();
    expect(new Set(periods.map(periodKey)).size).toBe(periods.length);
  });

  it('refuses a period whose dates do not fit its type', () => {
    expect(() => periodKey({ type: 'half', start: '2024-04-01', end: '2024-06-30' })).toThrow(RangeError);
  });
});

describe(parsePeriodKey.name, () => {
  it('reads back the key of every sample period', () => {
    const failures = samplePeriods().filter((period: Period) => {
      const result = parsePeriodKey(periodKey(period));
      return !result.ok || JSON.stringify(result.period) !== JSON.stringify(period);
    });
    expect(failures).toEqual([]);
  });

  it.each([
    'FY2024-26',
    '2024-26-Q2',
    '2024-25-Q5',
    '2024-25-H3',
    '2024-13',
    'fy2024-25',
    'FY2024/25',
    'CY2016..CY2014',
    'CY2014..CY2014',
    'CY2014..FY2015-16',
    'CY2014..CY2015..CY2016',
    ' CY2024',
    '',
  ])('refuses %j', (key) => {
    expect(parsePeriodKey(key).ok).toBe(false);
  });

  it('names the bad key in its message', () => {
    expect(parsePeriodKey('FY2024-26')).toEqual({
      ok: false,
      message:
        "'FY2024-26' is not a period key: expected one such as 2024-09, 2024-25-Q2, 2024-25-H1, FY2024-25, AY2024-25, CY2024 or CY2014..CY2016",
    });
  });
});
