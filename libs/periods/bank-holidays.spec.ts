import { describe, expect, it } from 'vitest';
import { bankHolidaysInYear, easterSunday, isBankHoliday } from './bank-holidays.js';
import { dayOfWeek, isWeekend } from './iso-date.js';

const datesIn = (year: number) => bankHolidaysInYear(year).map((holiday) => holiday.date);

describe(easterSunday.name, () => {
  it.each([
    [1818, '1818-03-22'],
    [1943, '1943-04-25'],
    [1981, '1981-04-19'],
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2011, '2011-04-24'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2038, '2038-04-25'],
    [2100, '2100-03-28'],
    [2285, '2285-03-22'],
  ])('puts Easter %i on %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });

  it('always falls on a Sunday between 22 March and 25 April', () => {
    const wrong = Array.from({ length: 700 }, (_, i) => 1900 + i)
      .map(easterSunday)
      .filter((date) => dayOfWeek(date) !== 0 || date.slice(5) < '03-22' || date.slice(5) > '04-25');
    expect(wrong).toEqual([]);
  });
});

describe(bankHolidaysInYear.name, () => {
  // England and Wales, as published at https://www.gov.uk/bank-holidays.
  it.each([
    [
      2019,
      ['2019-01-01', '2019-04-19', '2019-04-22', '2019-05-06', '2019-05-27', '2019-08-26', '2019-12-25', '2019-12-26'],
    ],
    [
      2020,
      ['2020-01-01', '2020-04-10', '2020-04-13', '2020-05-08', '2020-05-25', '2020-08-31', '2020-12-25', '2020-12-28'],
    ],
    [
      2021,
      ['2021-01-01', '2021-04-02', '2021-04-05', '2021-05-03', '2021-05-31', '2021-08-30', '2021-12-27', '2021-12-28'],
    ],
    [
      2022,
      [
        '2022-01-03',
        '2022-04-15',
        '2022-04-18',
        '2022-05-02',
        '2022-06-02',
        '2022-06-03',
        '2022-08-29',
        '2022-09-19',
        '2022-12-26',
        '2022-12-27',
      ],
    ],
    [
      2023,
      [
        '2023-01-02',
        '2023-04-07',
        '2023-04-10',
        '2023-05-01',
        '2023-05-08',
        '2023-05-29',
        '2023-08-28',
        '2023-12-25',
        '2023-12-26',
      ],
    ],
    [
      2024,
      ['2024-01-01', '2024-03-29', '2024-04-01', '2024-05-06', '2024-05-27', '2024-08-26', '2024-12-25', '2024-12-26'],
    ],
    [
      2025,
      ['2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26'],
    ],
    [
      2026,
      ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28'],
    ],
  ])('matches gov.uk for %i', (year, expected) => {
    expect(datesIn(year)).toEqual(expected);
  });

  it('names 2022’s holidays as gov.uk does', () => {
    expect(bankHolidaysInYear(2022).map((holiday) => holiday.name)).toEqual([
      'New Year’s Day (substitute day)',
      'Good Friday',
      'Easter Monday',
      'Early May bank holiday',
      'Spring bank holiday',
      'Platinum Jubilee of Queen Elizabeth II',
      'Summer bank holiday',
      'State Funeral of Queen Elizabeth II',
      'Boxing Day',
      'Christmas Day (substitute day)',
    ]);
  });

  it('substitutes Monday 27 and Tuesday 28 December for a weekend Christmas and Boxing Day (2021)', () => {
    expect(bankHolidaysInYear(2021).slice(-2)).toEqual([
      { date: '2021-12-27', name: 'Christmas Day (substitute day)' },
      { date: '2021-12-28', name: 'Boxing Day (substitute day)' },
    ]);
  });

  it('keeps Boxing Day on Monday 26 and moves a Sunday Christmas to Tuesday 27 (2016)', () => {
    expect(datesIn(2016).slice(-2)).toEqual(['2016-12-26', '2016-12-27']);
  });

  it('moves a Saturday New Year’s Day to Monday 3 January (2011)', () => {
    expect(datesIn(2011)[0]).toBe('2011-01-03');
  });

  it('moves a Sunday New Year’s Day to Monday 2 January (2017)', () => {
    expect(datesIn(2017)[0]).toBe('2017-01-02');
  });

  it('moves the early May bank holiday to Monday 8 May for VE Day in 1995', () => {
    expect(datesIn(1995)).toContain('1995-05-08');
    expect(datesIn(1995)).not.toContain('1995-05-01');
  });

  it('moves the early May bank holiday to Friday 8 May for VE Day in 2020', () => {
    expect(datesIn(2020)).toContain('2020-05-08');
    expect(datesIn(2020)).not.toContain('2020-05-04');
  });

  it('moves the spring bank holiday to Tuesday 4 June beside the Golden Jubilee in 2002', () => {
    expect(datesIn(2002).filter((date) => date >= '2002-05-01' && date <= '2002-06-30')).toEqual([
      '2002-05-06',
      '2002-06-03',
      '2002-06-04',
    ]);
  });

  it('moves the spring bank holiday to Monday 4 June beside the Diamond Jubilee in 2012', () => {
    expect(datesIn(2012).filter((date) => date >= '2012-05-01' && date <= '2012-06-30')).toEqual([
      '2012-05-07',
      '2012-06-04',
      '2012-06-05',
    ]);
  });

  it('adds the 2011 royal wedding between Easter and the early May bank holiday', () => {
    expect(datesIn(2011).slice(1, 5)).toEqual(['2011-04-22', '2011-04-25', '2011-04-29', '2011-05-02']);
  });

  it('adds the millennium holiday after the Christmas substitutes in 1999', () => {
    expect(datesIn(1999).slice(-3)).toEqual(['1999-12-27', '1999-12-28', '1999-12-31']);
  });

  it('adds the 1981 royal wedding', () => {
    expect(datesIn(1981)).toContain('1981-07-29');
  });

  it('predicts 2027 by the usual rules', () => {
    expect(datesIn(2027)).toEqual([
      '2027-01-01',
      '2027-03-26',
      '2027-03-29',
      '2027-05-03',
      '2027-05-31',
      '2027-08-30',
      '2027-12-27',
      '2027-12-28',
    ]);
  });

  it('gives only weekdays, in order and without repeats, from 1978 to 2100', () => {
    const problems: string[] = [];
    for (let year = 1978; year <= 2100; year += 1) {
      const dates = datesIn(year);
      if (dates.length < 8) problems.push(`${year} has ${dates.length}`);
      if (dates.some(isWeekend)) problems.push(`${year} has a weekend date`);
      if (dates.some((date, i) => i > 0 && date <= dates[i - 1]!)) problems.push(`${year} is out of order`);
    }
    expect(problems).toEqual([]);
  });

  it('refuses years before 1978, when other rules applied', () => {
    expect(() => bankHolidaysInYear(1977)).toThrow('bank holidays are known from 1978 onwards, not for 1977');
  });
});

describe(isBankHoliday.name, () => {
  it('is true on Good Friday', () => {
    expect(isBankHoliday('2025-04-18')).toBe(true);
  });

  it('is true on the 2023 coronation', () => {
    expect(isBankHoliday('2023-05-08')).toBe(true);
  });

  it('is false on a Sunday Christmas Day, whose holiday is observed later', () => {
    expect(isBankHoliday('2022-12-25')).toBe(false);
  });

  it('is false on an ordinary weekday', () => {
    expect(isBankHoliday('2025-04-17')).toBe(false);
  });

  it('refuses text that is not a date', () => {
    expect(() => isBankHoliday('25/12/2025')).toThrow(RangeError);
  });
});
