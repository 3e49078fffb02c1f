import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayOfWeek,
  daysBetween,
  daysInMonth,
  fromParts,
  isIsoDate,
  isLeapYear,
  isWeekend,
  lastDayOfMonth,
  toParts,
} from './iso-date.js';

describe(isLeapYear.name, () => {
  it.each([
    [2024, true],
    [2023, false],
    [2000, true],
    [1900, false],
    [2100, false],
  ])('says %i is a leap year: %s', (year, expected) => {
    expect(isLeapYear(year)).toBe(expected);
  });
});

describe(daysInMonth.name, () => {
  it('gives February 29 days in a leap year and 28 otherwise', () => {
    expect([daysInMonth(2024, 2), daysInMonth(2025, 2)]).toEqual([29, 28]);
  });

  it('gives 30 days to April, June, September and November', () => {
    expect([4, 6, 9, 11].map((month) => daysInMonth(2025, month))).toEqual([30, 30, 30, 30]);
  });
});

describe(isIsoDate.name, () => {
  it('accepts a real date in YYYY-MM-DD form', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
  });

  it.each(['2023-02-29', '2024-13-01', '2024-04-31', '2024-4-1', '24-04-01', '2024-04-01T00:00:00Z', '0999-01-01'])(
    'refuses %s',
    (text) => {
      expect(isIsoDate(text)).toBe(false);
    },
  );
});

describe(toParts.name, () => {
  it('splits a date into numbers', () => {
    expect(toParts('2024-09-05')).toEqual({ year: 2024, month: 9, day: 5 });
  });

  it('throws a RangeError naming text that is not a date', () => {
    expect(() => toParts('5/9/2024')).toThrow(new RangeError("'5/9/2024' is not a date in the form YYYY-MM-DD"));
  });
});

describe(fromParts.name, () => {
  it('pads months and days to two digits', () => {
    expect(fromParts(2024, 4, 1)).toBe('2024-04-01');
  });

  it('refuses a day the month does not have', () => {
    expect(() => fromParts(2025, 2, 29)).toThrow(RangeError);
  });
});

describe(lastDayOfMonth.name, () => {
  it('gives 29 February in a leap year', () => {
    expect(lastDayOfMonth(2024, 2)).toBe('2024-02-29');
  });
});

describe(addDays.name, () => {
  it('crosses a year end', () => {
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
  });

  it('goes back across 29 February', () => {
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('is unaffected by the change to British Summer Time', () => {
    expect(addDays('2025-03-29', 2)).toBe('2025-03-31');
  });
});

describe(daysBetween.name, () => {
  it('counts 366 days across a leap year', () => {
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });

  it('is negative when the second date is earlier', () => {
    expect(daysBetween('2025-01-02', '2025-01-01')).toBe(-1);
  });
});

describe(dayOfWeek.name, () => {
  it('gives 0 for a Sunday and 1 for a Monday', () => {
    expect([dayOfWeek('2024-09-01'), dayOfWeek('2024-09-02')]).toEqual([0, 1]);
  });
});

describe(isWeekend.name, () => {
  it('is true on Saturday and Sunday only', () => {
    const week = ['2024-09-02', '2024-09-03', '2024-09-04', '2024-09-05', '2024-09-06', '2024-09-07', '2024-09-08'];
    expect(week.map(isWeekend)).toEqual([false, false, false, false, false, true, true]);
  });
});
