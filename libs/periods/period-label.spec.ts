import { describe, expect, it } from 'vitest';
import { formatPeriod, parsePeriod, type ParsePeriodHint } from './period-label.js';
import { samplePeriods } from './period-samples.fixture.js';
import { academicYear, calendarYear, financialYear, half, month, quarter, span, type Period } from './period.js';

function parsed(label: string, hint?: ParsePeriodHint): Period {
  const result = parsePeriod(label, hint);
  if (!result.ok) throw new Error(result.message);
  return result.period;
}

function messageFor(label: string, hint?: ParsePeriodHint): string {
  const result = parsePeriod(label, hint);
  if (result.ok) throw new Error(`'${label}' was read as ${JSON.stringify(result.period)}`);
  return result.message;
}

describe(formatPeriod.name, () => {
  it.each([
    [quarter(2024, 2), '2024-25 Q2'],
    [quarter(2024, 4), '2024-25 Q4'],
    [month(2024, 9), 'Sep 2024'],
    [half(2024, 1), '2024-25 H1'],
    [financialYear(2024), '2024-25'],
    [financialYear(1999), '1999-00'],
    [academicYear(2024), '2024/25 academic year'],
    [calendarYear(2024), '2024'],
    [span('calendar_year', 2014, 2016), '2014 - 16'],
    [span('calendar_year', 1998, 2001), '1998 - 01'],
    [span('calendar_year', 2029, 2030), '2029 - 30 calendar years'],
    [span('financial_year', 2014, 2016), '2014/15 - 16/17'],
    [span('academic_year', 2014, 2016), '2014/15 - 16/17 academic years'],
  ])('labels %j as %s', (period, label) => {
    expect(formatPeriod(period)).toBe(label);
  });

  it('refuses a period whose dates do not fit its type', () => {
    expect(() => formatPeriod({ type: 'month', start: '2024-09-01', end: '2024-10-31' })).toThrow(RangeError);
  });
});

describe(parsePeriod.name, () => {
  describe('reads every spelling in use', () => {
    it.each([
      ['2024-25 Q2', quarter(2024, 2)],
      ['Q2 2024/25', quarter(2024, 2)],
      ['Q2 2024-25', quarter(2024, 2)],
      ['2024/25 Q2', quarter(2024, 2)],
      ['Q2 24/25', quarter(2024, 2)],
      ['2024-25 Quarter 2', quarter(2024, 2)],
      ['Quarter 2 2024/25', quarter(2024, 2)],
      ['Qtr 2 2024-25', quarter(2024, 2)],
      ['Q2 FY 2024/25', quarter(2024, 2)],
      ['2024/2025 Q2', quarter(2024, 2)],
      ['2016/17 Q3', quarter(2016, 3)],
      ['2024-25 Q4', quarter(2024, 4)],
      ['Sep 2024', month(2024, 9)],
      ['September 2024', month(2024, 9)],
      ['Sept 2024', month(2024, 9)],
      ['Sep. 2024', month(2024, 9)],
      ['2024-09', month(2024, 9)],
      ['09/2024', month(2024, 9)],
      ['Sep-24', month(2024, 9)],
      ['Sep 24', month(2024, 9)],
      ["Sep '24", month(2024, 9)],
      ['September, 2024', month(2024, 9)],
      ['May 2024', month(2024, 5)],
      ['March 2024', month(2024, 3)],
      ['Feb 2024', month(2024, 2)],
      ['2024-25', financialYear(2024)],
      ['2024/25', financialYear(2024)],
      ['24/25', financialYear(2024)],
      ['2024/2025', financialYear(2024)],
      ['2024 to 2025', financialYear(2024)],
      ['FY 2024/25', financialYear(2024)],
      ['FY2024-25', financialYear(2024)],
      ['FY24/25', financialYear(2024)],
      ['Financial year 2024/25', financialYear(2024)],
      ['2024-25 financial year', financialYear(2024)],
      ['1999-00', financialYear(1999)],
      ['2024-25 H1', half(2024, 1)],
      ['H2 2024/25', half(2024, 2)],
      ['2024/25 Half 2', half(2024, 2)],
      ['2024/25 academic year', academicYear(2024)],
      ['AY 2024/25', academicYear(2024)],
      ['academic year 2024/25', academicYear(2024)],
      ['AY2024-25', academicYear(2024)],
      ['school year 2024/25', academicYear(2024)],
      ['2024', calendarYear(2024)],
      ['calendar year 2024', calendarYear(2024)],
      ['CY 2024', calendarYear(2024)],
      ['2015', calendarYear(2015)],
      ['2015/16', financialYear(2015)],
      ['201617', financialYear(2016)],
      ['2014 - 16', span('calendar_year', 2014, 2016)],
      ['2014 to 2016', span('calendar_year', 2014, 2016)],
      ['1998 - 01', span('calendar_year', 1998, 2001)],
      ['2029 - 30 calendar years', span('calendar_year', 2029, 2030)],
      ['2014/15 - 16/17', span('financial_year', 2014, 2016)],
      ['2014/15 to 2016/17', span('financial_year', 2014, 2016)],
      ['2014/15 - 16/17 academic years', span('academic_year', 2014, 2016)],
      ['Apr-Jun 2024', quarter(2024, 1)],
      ['April to June 2024', quarter(2024, 1)],
      ['Jan - Mar 2025', quarter(2024, 4)],
      ['Apr - Jun 2024/25', quarter(2024, 1)],
      ['Jan-Mar 2024/25', quarter(2024, 4)],
      ['Oct - Mar 2025', half(2024, 2)],
      ['Apr 2024 - Mar 2025', financialYear(2024)],
      ['Sep 2024 to Aug 2025', academicYear(2024)],
      ['year ending 31 March 2024', financialYear(2023)],
      ['Year ending March 2024', financialYear(2023)],
      ['year ending 31st August 2024', academicYear(2023)],
      ['12 months to December 2023', calendarYear(2023)],
    ])('reads %j', (label, expected) => {
      expect(parsed(label)).toEqual(expected);
    });
  });

  describe('tolerates case, spacing and dashes', () => {
    it.each([
      ['  q2   2024/25  ', quarter(2024, 2)],
      ['Q2 2024 / 25', quarter(2024, 2)],
      ['2024 - 25 Q2', quarter(2024, 2)],
      ['Q2 2024–25', quarter(2024, 2)],
      ['SEPTEMBER 2024', month(2024, 9)],
      ['2014 – 16', span('calendar_year', 2014, 2016)],
      ['Academic Year 2024/25', academicYear(2024)],
      ['2024-25\tq2', quarter(2024, 2)],
      ['Q2 (2024/25)', quarter(2024, 2)],
    ])('reads %j', (label, expected) => {
      expect(parsed(label)).toEqual(expected);
    });
  });

  describe('round trip', () => {
    it('reads back the label of every sample period', () => {
      const failures = samplePeriods()
        .map((period) => ({ period, label: formatPeriod(period), result: parsePeriod(formatPeriod(period)) }))
        .filter(({ period, result }) => !result.ok || JSON.stringify(result.period) !== JSON.stringify(period));
      expect(failures).toEqual([]);
    });
  });

  describe('with no hint', () => {
    it('reads a pair of years as a financial year', () => {
      expect(parsed('2016/17').type).toBe('financial_year');
    });

    it('reads two consecutive years with a spaced dash as a financial year, not a two-year span', () => {
      expect(parsed('2029 - 30')).toEqual(financialYear(2029));
    });

    it('reads a four-digit year as a calendar year', () => {
      expect(parsed('2016').type).toBe('calendar_year');
    });

    it('reads an ISO month that is also a year pair (2011-12) as the financial year', () => {
      expect(parsed('2011-12')).toEqual(financialYear(2011));
    });

    it('reads a two-digit year from 70 to 99 as the 1900s', () => {
      expect(parsed('Sep 99')).toEqual(month(1999, 9));
    });

    it('reads a two-digit year below 70 as the 2000s', () => {
      expect(parsed('Sep 69')).toEqual(month(2069, 9));
    });
  });

  describe('with a default type', () => {
    it('reads a pair of years as an academic year', () => {
      expect(parsed('2015/16', { defaultType: 'academic_year' })).toEqual(academicYear(2015));
    });

    it('reads a six-digit code as an academic year', () => {
      expect(parsed('201617', { defaultType: 'academic_year' })).toEqual(academicYear(2016));
    });

    it('reads a span of year pairs as academic years', () => {
      expect(parsed('2014/15 - 16/17', { defaultType: 'academic_year' })).toEqual(span('academic_year', 2014, 2016));
    });

    it('lets the label’s own words win over the default', () => {
      expect(parsed('FY 2015/16', { defaultType: 'academic_year' })).toEqual(financialYear(2015));
    });

    it('still reads quarters as financial quarters', () => {
      expect(parsed('Q2 2015/16', { defaultType: 'academic_year' })).toEqual(quarter(2015, 2));
    });
  });

  describe('with an EES time identifier', () => {
    it.each([
      ['201617', 'Academic year', academicYear(2016)],
      ['202122', 'Academic year', academicYear(2021)],
      ['201617', 'Financial year', financialYear(2016)],
      ['2016', 'Calendar year', calendarYear(2016)],
      ['2024', 'Reporting year', financialYear(2023)],
      ['2020', 'Reporting year', financialYear(2019)],
      ['201617', 'Q1', quarter(2016, 1)],
      ['201617', 'Financial year Q3', quarter(2016, 3)],
      ['201617', 'Financial year Q4', quarter(2016, 4)],
      ['201617', 'Part 1 (April to September)', half(2016, 1)],
      ['201617', 'Part 2 (October to March)', half(2016, 2)],
      ['201617', 'Financial year Q1-2', half(2016, 1)],
      ['201617', 'Financial year Q3-4', half(2016, 2)],
      ['201617', 'Financial year Q1-4', financialYear(2016)],
      ['2024', 'Calendar year Q1', quarter(2023, 4)],
      ['2024', 'Calendar year Q2', quarter(2024, 1)],
      ['2024', 'Calendar year Q4', quarter(2024, 3)],
      ['2024', 'May', month(2024, 5)],
      ['2024', 'September', month(2024, 9)],
      ['2016/17', 'Academic year', academicYear(2016)],
      [' 201617 ', '  academic YEAR ', academicYear(2016)],
    ])('reads %j with %j', (code, timeIdentifier, expected) => {
      expect(parsed(code, { timeIdentifier })).toEqual(expected);
    });

    it('reads a reporting year as the year ending 31 March', () => {
      expect(parsed('2024', { timeIdentifier: 'Reporting year' }).end).toBe('2024-03-31');
    });

    it('refuses a time identifier with no matching period type', () => {
      expect(messageFor('201617', { timeIdentifier: 'Tax year' })).toBe(
        "'201617' is not a period: the time identifier 'Tax year' is not supported",
      );
    });

    it('refuses a four-digit year where a six-digit code is due', () => {
      expect(messageFor('2016', { timeIdentifier: 'Academic year' })).toBe(
        "'2016' is not a period: with time identifier 'Academic year' it must be a 6-digit code such as 201617",
      );
    });

    it('refuses a six-digit code where a four-digit year is due', () => {
      expect(messageFor('201617', { timeIdentifier: 'Reporting year' })).toBe(
        "'201617' is not a period: with time identifier 'Reporting year' it must be a 4-digit year such as 2016",
      );
    });

    it('refuses a six-digit code whose years are not consecutive', () => {
      expect(messageFor('201618', { timeIdentifier: 'Academic year' })).toMatch(
        /^'201618' is not a period: 18 does not follow 2016/,
      );
    });
  });

  describe('reads the time periods in the real published files', () => {
    it('reads the DfE KS4 outcomes academic-year codes 201617 to 202122', () => {
      const codes = ['201617', '201718', '201819', '201920', '202021', '202122'];
      const periods = codes.map((code) => parsed(code, { timeIdentifier: 'Academic year' }));
      expect(periods.map(formatPeriod)).toEqual([
        '2016/17 academic year',
        '2017/18 academic year',
        '2018/19 academic year',
        '2019/20 academic year',
        '2020/21 academic year',
        '2021/22 academic year',
      ]);
    });

    it('reads the DfE looked-after-children reporting years 2020 to 2024 as financial years', () => {
      const periods = ['2020', '2021', '2022', '2023', '2024'].map((code) =>
        parsed(code, { timeIdentifier: 'Reporting year' }),
      );
      expect(periods.map(formatPeriod)).toEqual(['2019-20', '2020-21', '2021-22', '2022-23', '2023-24']);
    });

    it('reads the Fingertips time periods 2015 to 2017 as calendar years', () => {
      expect(['2015', '2016', '2017'].map((label) => parsed(label))).toEqual([2015, 2016, 2017].map(calendarYear));
    });
  });

  describe('refuses bad text with a message that quotes it', () => {
    it.each([
      ['Q5 2024/25', "'Q5 2024/25' is not a period: quarter must be Q1–Q4"],
      ['Q0 2024/25', "'Q0 2024/25' is not a period: quarter must be Q1–Q4"],
      ['H3 2024/25', "'H3 2024/25' is not a period: half must be H1 or H2"],
      [
        '2024-26',
        "'2024-26' is not a period: 26 does not follow 2024; write a financial or academic year as 2024-25, or a span of calendar years as 2024 - 26",
      ],
      ['2024/26', "'2024/26' is not a period: 26 does not follow 2024; write a financial or academic year as 2024/25"],
      [
        'Q2 2024/26',
        "'Q2 2024/26' is not a period: 26 does not follow 2024; write a financial or academic year as 2024/25",
      ],
      ['24/26', "'24/26' is not a period: 26 does not follow 24; the years must be consecutive, e.g. 2024/25"],
      ['201618', "'201618' is not a period: 18 does not follow 2016; the years must be consecutive, e.g. 2016-17"],
      ['2014/15 - 16/18', "'2014/15 - 16/18' is not a period: 18 does not follow 16; the years must be consecutive"],
      ['Q2 2024', "'Q2 2024' is not a period: Q2 needs its financial year, e.g. Q2 2024/25 or Q2 2023/24"],
      ['FY2024', "'FY2024' is not a period: a financial year is written with both its years, e.g. 2024/25 or 2023/24"],
      [
        'academic year 2024',
        "'academic year 2024' is not a period: an academic year is written with both its years, e.g. 2024/25 or 2023/24",
      ],
      ['calendar year 2024/25', "'calendar year 2024/25' is not a period: a calendar year is a single year, e.g. 2024"],
      ['Q2 H1 2024/25', "'Q2 H1 2024/25' is not a period: it names both a quarter and a half"],
      [
        'Q2 2024/25 academic year',
        "'Q2 2024/25 academic year' is not a period: quarters and halves are of the financial year, e.g. Q2 2024-25",
      ],
      ['FY 2024/25 academic year', "'FY 2024/25 academic year' is not a period: it names more than one kind of year"],
      ['2014 - 14', "'2014 - 14' is not a period: a span must end after it starts"],
      ['2016 to 2014', "'2016 to 2014' is not a period: a span covers 2 to 100 years, not 2016 to 2014"],
      ['Apr-Jul 2024', "'Apr-Jul 2024' is not a period: April 2024 to July 2024 is not a month, quarter, half or year"],
      [
        'year ending 30 March 2024',
        "'year ending 30 March 2024' is not a period: a year must end on the last day of a month, not 30 March",
      ],
      [
        'year ending June 2024',
        "'year ending June 2024' is not a period: July 2023 to June 2024 is not a month, quarter, half or year",
      ],
      ['2024-13', "'2024-13' is not a period: 13 does not follow 2024; write a financial or academic year as 2024-25"],
      ['13/2024', "'13/2024' is not a period: month must be a whole number from 1 to 12, not 13"],
      [
        'Sepember 2024',
        "'Sepember 2024' is not a period: expected a period such as 2024-25 Q2, Sep 2024, 2024-25, 2024-25 H1, 2024/25 academic year or 2024",
      ],
      [
        'next quarter',
        "'next quarter' is not a period: expected a period such as 2024-25 Q2, Sep 2024, 2024-25, 2024-25 H1, 2024/25 academic year or 2024",
      ],
      ['   ', "'' is not a period: the text is empty"],
    ])('refuses %j', (label, message) => {
      expect(messageFor(label)).toBe(message);
    });

    it('never throws, whatever the text', () => {
      const junk = ['0000', '0999-00', '9999-00', 'Q4 9999/00', 'FY', '-', '//', 'q', 'Sep 0000', '2024-00'];
      expect(junk.map((label) => parsePeriod(label).ok)).toEqual(junk.map(() => false));
    });
  });
});
