import { describe, expect, it } from 'vitest';
import { addDays } from './iso-date.js';
import {
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
  type Period,
} from './period.js';

const dates = (period: Period) => [period.start, period.end];

describe(financialYear.name, () => {
  it('runs from 1 April to 31 March the next year', () => {
    expect(financialYear(2024)).toEqual({ type: 'financial_year', start: '2024-04-01', end: '2025-03-31' });
  });

  it('refuses a year that is not a whole number', () => {
    expect(() => financialYear(2024.5)).toThrow(RangeError);
  });
});

describe(quarter.name, () => {
  it.each([
    [1, '2024-04-01', '2024-06-30'],
    [2, '2024-07-01', '2024-09-30'],
    [3, '2024-10-01', '2024-12-31'],
    [4, '2025-01-01', '2025-03-31'],
  ])('gives Q%i of 2024-25 as %s to %s', (q, start, end) => {
    expect(quarter(2024, q)).toEqual({ type: 'quarter', start, end });
  });

  it.each([0, 5, 1.5])('refuses quarter %s', (q) => {
    expect(() => quarter(2024, q)).toThrow('quarter must be a whole number from 1 to 4');
  });
});

describe(half.name, () => {
  it('gives H1 as April to September', () => {
    expect(dates(half(2024, 1))).toEqual(['2024-04-01', '2024-09-30']);
  });

  it('gives H2 as October to March of the next calendar year', () => {
    expect(dates(half(2024, 2))).toEqual(['2024-10-01', '2025-03-31']);
  });

  it('refuses H3', () => {
    expect(() => half(2024, 3)).toThrow(RangeError);
  });
});

describe(month.name, () => {
  it('ends February on the 29th in a leap year', () => {
    expect(month(2024, 2)).toEqual({ type: 'month', start: '2024-02-01', end: '2024-02-29' });
  });

  it('ends February on the 28th in a common year', () => {
    expect(month(2023, 2).end).toBe('2023-02-28');
  });

  it('refuses month 13', () => {
    expect(() => month(2024, 13)).toThrow('month must be a whole number from 1 to 12, not 13');
  });
});

describe(academicYear.name, () => {
  it('runs from 1 September to 31 August the next year', () => {
    expect(academicYear(2024)).toEqual({ type: 'academic_year', start: '2024-09-01', end: '2025-08-31' });
  });
});

describe(calendarYear.name, () => {
  it('runs from 1 January to 31 December', () => {
    expect(calendarYear(2024)).toEqual({ type: 'calendar_year', start: '2024-01-01', end: '2024-12-31' });
  });
});

describe(span.name, () => {
  it('covers whole calendar years from the first to the last', () => {
    expect(span('calendar_year', 2014, 2016)).toEqual({ type: 'span', start: '2014-01-01', end: '2016-12-31' });
  });

  it('covers whole financial years from the first to the last', () => {
    expect(dates(span('financial_year', 2014, 2016))).toEqual(['2014-04-01', '2017-03-31']);
  });

  it('covers whole academic years from the first to the last', () => {
    expect(dates(span('academic_year', 2014, 2015))).toEqual(['2014-09-01', '2016-08-31']);
  });

  it('refuses a single year, which is not a span', () => {
    expect(() => span('calendar_year', 2014, 2014)).toThrow(RangeError);
  });

  it('refuses a span that ends before it starts', () => {
    expect(() => span('calendar_year', 2016, 2014)).toThrow(RangeError);
  });
});

describe(periodContaining.name, () => {
  it.each([
    ['month', '2024-09-15', '2024-09-01', '2024-09-30'],
    ['quarter', '2025-02-10', '2025-01-01', '2025-03-31'],
    ['quarter', '2024-04-01', '2024-04-01', '2024-06-30'],
    ['half', '2025-03-31', '2024-10-01', '2025-03-31'],
    ['financial_year', '2025-03-31', '2024-04-01', '2025-03-31'],
    ['financial_year', '2025-04-01', '2025-04-01', '2026-03-31'],
    ['academic_year', '2025-08-31', '2024-09-01', '2025-08-31'],
    ['calendar_year', '2024-02-29', '2024-01-01', '2024-12-31'],
  ] as const)('puts a %s around %s from %s to %s', (type, date, start, end) => {
    expect(periodContaining(type, date)).toEqual({ type, start, end });
  });

  it('refuses text that is not a date', () => {
    expect(() => periodContaining('month', '2024-02-30')).toThrow(RangeError);
  });
});

describe(periodFromDates.name, () => {
  it.each([
    ['2024-09-01', '2024-09-30', month(2024, 9)],
    ['2025-01-01', '2025-03-31', quarter(2024, 4)],
    ['2024-10-01', '2025-03-31', half(2024, 2)],
    ['2024-04-01', '2025-03-31', financialYear(2024)],
    ['2024-09-01', '2025-08-31', academicYear(2024)],
    ['2024-01-01', '2024-12-31', calendarYear(2024)],
    ['2014-01-01', '2016-12-31', span('calendar_year', 2014, 2016)],
    ['2014-04-01', '2017-03-31', span('financial_year', 2014, 2016)],
  ])('recognises %s to %s', (start, end, expected) => {
    expect(periodFromDates(start, end)).toEqual(expected);
  });

  it.each([
    ['2024-04-01', '2024-07-31'],
    ['2024-04-02', '2024-06-30'],
    ['2024-05-01', '2026-04-30'],
    ['2024-06-30', '2024-04-01'],
  ])('finds no period from %s to %s', (start, end) => {
    expect(periodFromDates(start, end)).toBeUndefined();
  });
});

describe(periodParts.name, () => {
  it('gives the financial year and number of a Q4', () => {
    expect(periodParts(quarter(2024, 4))).toEqual({ type: 'quarter', fyStartYear: 2024, quarter: 4 });
  });

  it('gives the kind and years of a span', () => {
    expect(periodParts(span('financial_year', 2014, 2016))).toEqual({
      type: 'span',
      yearType: 'financial_year',
      firstStartYear: 2014,
      lastStartYear: 2016,
    });
  });

  it('refuses a quarter whose dates are not a quarter', () => {
    expect(() => periodParts({ type: 'quarter', start: '2024-05-01', end: '2024-07-31' })).toThrow(
      '2024-05-01 to 2024-07-31 is not a whole quarter',
    );
  });

  it('refuses a span that starts mid-year', () => {
    expect(() => periodParts({ type: 'span', start: '2014-02-01', end: '2016-12-31' })).toThrow(RangeError);
  });
});

describe(isPeriod.name, () => {
  it('accepts a constructed period read back as a plain object', () => {
    expect(isPeriod(JSON.parse(JSON.stringify(half(2024, 2))))).toBe(true);
  });

  it.each([
    null,
    '2024-25',
    { type: 'week', start: '2024-04-01', end: '2024-04-07' },
    { type: 'financial_year', start: '2024-04-01', end: '2025-04-30' },
    { type: 'month', start: '2024-09-01' },
  ])('refuses %j', (value) => {
    expect(isPeriod(value)).toBe(false);
  });
});

describe(financialYearOf.name, () => {
  it('puts Q4 (January to March) in the financial year that started the April before', () => {
    expect(financialYearOf(quarter(2024, 4))).toEqual(financialYear(2024));
  });

  it('puts March in the financial year that started the April before', () => {
    expect(financialYearOf(month(2025, 3))).toEqual(financialYear(2024));
  });

  it('puts April in the financial year that starts with it', () => {
    expect(financialYearOf(month(2025, 4))).toEqual(financialYear(2025));
  });

  it('gives a financial year itself', () => {
    expect(financialYearOf(financialYear(2024))).toEqual(financialYear(2024));
  });

  it('refuses an academic year, which straddles two financial years', () => {
    expect(() => financialYearOf(academicYear(2024))).toThrow(RangeError);
  });
});

describe(quartersOf.name, () => {
  it('gives the four quarters of a financial year in order', () => {
    expect(quartersOf(financialYear(2024))).toEqual([1, 2, 3, 4].map((q) => quarter(2024, q)));
  });

  it('gives the two quarters of H2', () => {
    expect(quartersOf(half(2024, 2))).toEqual([quarter(2024, 3), quarter(2024, 4)]);
  });

  it('refuses a calendar year', () => {
    expect(() => quartersOf(calendarYear(2024))).toThrow(RangeError);
  });
});

describe(periodsInFinancialYear.name, () => {
  it('gives twelve months from April to March', () => {
    const months = periodsInFinancialYear(2023, 'month');
    expect(months.map((m) => m.start.slice(0, 7))).toEqual([
      '2023-04',
      '2023-05',
      '2023-06',
      '2023-07',
      '2023-08',
      '2023-09',
      '2023-10',
      '2023-11',
      '2023-12',
      '2024-01',
      '2024-02',
      '2024-03',
    ]);
  });

  it('gives months that cover the year with no gap or overlap, including 29 February', () => {
    const months = periodsInFinancialYear(2023, 'month');
    const gaps = months.slice(1).filter((m, i) => addDays(months[i]!.end, 1) !== m.start);
    expect(gaps).toEqual([]);
    expect([months[0]!.start, months[11]!.end]).toEqual(dates(financialYear(2023)));
    expect(months[10]!.end).toBe('2024-02-29');
  });

  it('gives four quarters, two halves and one year', () => {
    expect(
      (['quarter', 'half', 'financial_year'] as const).map((type) => periodsInFinancialYear(2024, type).length),
    ).toEqual([4, 2, 1]);
  });

  it('refuses academic years, which do not divide a financial year', () => {
    expect(() => periodsInFinancialYear(2024, 'academic_year' as 'month')).toThrow(RangeError);
  });
});

describe(positionInFinancialYear.name, () => {
  it.each([
    [quarter(2024, 2), 2, 4],
    [quarter(2024, 4), 4, 4],
    [month(2024, 4), 1, 12],
    [month(2024, 9), 6, 12],
    [month(2025, 3), 12, 12],
    [half(2024, 1), 1, 2],
    [financialYear(2024), 1, 1],
  ])('places %j at %i of %i', (period, position, of) => {
    expect(positionInFinancialYear(period)).toEqual({ position, of });
  });

  it('refuses a calendar year', () => {
    expect(() => positionInFinancialYear(calendarYear(2024))).toThrow(RangeError);
  });
});

describe(previousPeriod.name, () => {
  it('goes from Q1 back to Q4 of the previous financial year', () => {
    expect(previousPeriod(quarter(2024, 1))).toEqual(quarter(2023, 4));
  });

  it('goes from Q4 (January to March) back to Q3 of the same financial year', () => {
    expect(previousPeriod(quarter(2024, 4))).toEqual(quarter(2024, 3));
  });

  it('goes from January back to December', () => {
    expect(previousPeriod(month(2025, 1))).toEqual(month(2024, 12));
  });

  it('goes from March back to a leap-year February', () => {
    expect(previousPeriod(month(2024, 3))).toEqual(month(2024, 2));
  });

  it('goes from H1 back to H2 of the previous financial year', () => {
    expect(previousPeriod(half(2024, 1))).toEqual(half(2023, 2));
  });

  it.each([financialYear, academicYear, calendarYear])('goes back one whole year for %o', (year) => {
    expect(previousPeriod(year(2024))).toEqual(year(2023));
  });

  it('goes from a span to the span of the same length just before it', () => {
    expect(previousPeriod(span('calendar_year', 2014, 2016))).toEqual(span('calendar_year', 2011, 2013));
  });

  it('ends the day before the period starts', () => {
    const period = quarter(2024, 1);
    expect(previousPeriod(period).end).toBe('2024-03-31');
  });
});

describe(nextPeriod.name, () => {
  it('goes from Q4 to Q1 of the next financial year', () => {
    expect(nextPeriod(quarter(2024, 4))).toEqual(quarter(2025, 1));
  });

  it('goes from December to January', () => {
    expect(nextPeriod(month(2024, 12))).toEqual(month(2025, 1));
  });

  it('goes from a span to the span of the same length just after it', () => {
    expect(nextPeriod(span('financial_year', 2014, 2016))).toEqual(span('financial_year', 2017, 2019));
  });
});

describe(samePeriodLastYear.name, () => {
  it('gives the same quarter of the previous financial year', () => {
    expect(samePeriodLastYear(quarter(2024, 2))).toEqual(quarter(2023, 2));
  });

  it('gives a common-year February for a leap-year February', () => {
    expect(samePeriodLastYear(month(2024, 2))).toEqual(month(2023, 2));
  });

  it('gives the previous rolling span, one year earlier', () => {
    expect(samePeriodLastYear(span('calendar_year', 2014, 2016))).toEqual(span('calendar_year', 2013, 2015));
  });

  it('gives the previous academic year', () => {
    expect(samePeriodLastYear(academicYear(2024))).toEqual(academicYear(2023));
  });
});

describe(compare.name, () => {
  it('sorts periods by start date', () => {
    const sorted = [quarter(2024, 4), month(2024, 12), quarter(2024, 1)].sort(compare);
    expect(sorted).toEqual([quarter(2024, 1), month(2024, 12), quarter(2024, 4)]);
  });

  it('puts the shorter period first when two start together', () => {
    const sorted = [financialYear(2024), half(2024, 1), quarter(2024, 1), month(2024, 4)].sort(compare);
    expect(sorted.map((p) => p.type)).toEqual(['month', 'quarter', 'half', 'financial_year']);
  });

  it('gives 0 for equal periods', () => {
    expect(compare(quarter(2024, 2), quarter(2024, 2))).toBe(0);
  });

  it('gives 1 when the first period is later', () => {
    expect(compare(quarter(2024, 2), quarter(2024, 1))).toBe(1);
  });
});

describe(contains.name, () => {
  it('finds Q4 inside its financial year', () => {
    expect(contains(financialYear(2024), quarter(2024, 4))).toBe(true);
  });

  it('finds a period inside itself', () => {
    expect(contains(month(2024, 9), month(2024, 9))).toBe(true);
  });

  it('does not find a financial year inside the calendar year it overlaps', () => {
    expect(contains(calendarYear(2024), financialYear(2024))).toBe(false);
  });

  it('does not find the next April inside a financial year', () => {
    expect(contains(financialYear(2024), month(2025, 4))).toBe(false);
  });
});

describe(containsDate.name, () => {
  it('includes the last day of the period', () => {
    expect(containsDate(financialYear(2024), '2025-03-31')).toBe(true);
  });

  it('excludes the day after the period', () => {
    expect(containsDate(financialYear(2024), '2025-04-01')).toBe(false);
  });
});
