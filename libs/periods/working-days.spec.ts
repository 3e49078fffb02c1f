import { describe, expect, it } from 'vitest';
import { addDays } from './iso-date.js';
import { month, quarter } from './period.js';
import { addWorkingDays, isWorkingDay, returnsDeadline, workingDaysBetween } from './working-days.js';

describe(isWorkingDay.name, () => {
  it('is true on an ordinary Monday', () => {
    expect(isWorkingDay('2025-01-06')).toBe(true);
  });

  it('is false on a Saturday', () => {
    expect(isWorkingDay('2025-01-04')).toBe(false);
  });

  it('is false on a bank holiday', () => {
    expect(isWorkingDay('2025-05-26')).toBe(false);
  });
});

describe(addWorkingDays.name, () => {
  it('skips the weekend', () => {
    expect(addWorkingDays('2025-01-10', 1)).toBe('2025-01-13');
  });

  it('skips Good Friday and Easter Monday', () => {
    expect(addWorkingDays('2025-04-17', 1)).toBe('2025-04-22');
  });

  it('skips the 2021 Christmas substitute days', () => {
    expect(addWorkingDays('2021-12-24', 1)).toBe('2021-12-29');
  });

  it('skips New Year’s Day into the next year', () => {
    expect(addWorkingDays('2024-12-31', 1)).toBe('2025-01-02');
  });

  it('gives the date itself for 0, even at a weekend', () => {
    expect(addWorkingDays('2025-01-04', 0)).toBe('2025-01-04');
  });

  it('starts counting from a weekend on the next working day', () => {
    expect(addWorkingDays('2025-01-04', 1)).toBe('2025-01-06');
  });

  it('counts backwards for a negative number, skipping Easter', () => {
    expect(addWorkingDays('2025-04-22', -1)).toBe('2025-04-17');
  });

  it('refuses a fractional number of days', () => {
    expect(() => addWorkingDays('2025-01-06', 1.5)).toThrow(RangeError);
  });

  it('refuses text that is not a date', () => {
    expect(() => addWorkingDays('2025-02-29', 1)).toThrow(RangeError);
  });
});

describe(workingDaysBetween.name, () => {
  it('counts the working days after the first date up to and including the second', () => {
    expect(workingDaysBetween('2025-01-06', '2025-01-10')).toBe(4);
  });

  it('gives 0 for the same date', () => {
    expect(workingDaysBetween('2025-01-06', '2025-01-06')).toBe(0);
  });

  it('leaves out the Easter bank holidays', () => {
    expect(workingDaysBetween('2025-04-17', '2025-04-22')).toBe(1);
  });

  it('is negative when the second date is earlier', () => {
    expect(workingDaysBetween('2025-01-10', '2025-01-06')).toBe(-4);
  });

  it.each([
    [2022, 250],
    [2024, 254],
    [2025, 253],
  ])('finds that %i has %i working days', (year, expected) => {
    expect(workingDaysBetween(`${year - 1}-12-31`, `${year}-12-31`)).toBe(expected);
  });

  it('undoes addWorkingDays, forwards and backwards, from every day of 2022', () => {
    const mismatches: string[] = [];
    for (let day = 0; day < 365; day += 1) {
      const date = addDays('2022-01-01', day);
      for (const n of [-12, -3, -1, 1, 3, 12]) {
        const got = workingDaysBetween(date, addWorkingDays(date, n));
        if (got !== n) mismatches.push(`${date} ${n} -> ${got}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe(returnsDeadline.name, () => {
  it('falls 10 working days after Q4 2024-25 ends on 31 March', () => {
    expect(returnsDeadline(quarter(2024, 4), 10)).toBe('2025-04-14');
  });

  it('skips Easter when it falls in the window', () => {
    expect(returnsDeadline(quarter(2024, 4), 15)).toBe('2025-04-23');
  });

  it('skips New Year’s Day after Q3', () => {
    expect(returnsDeadline(quarter(2024, 3), 5)).toBe('2025-01-08');
  });

  it('skips a substitute New Year’s Day after December 2021', () => {
    expect(returnsDeadline(month(2021, 12), 1)).toBe('2022-01-04');
  });

  it('is the last day of the period for 0 working days', () => {
    expect(returnsDeadline(quarter(2024, 1), 0)).toBe('2024-06-30');
  });

  it('refuses a negative number of working days', () => {
    expect(() => returnsDeadline(quarter(2024, 1), -1)).toThrow(RangeError);
  });
});
