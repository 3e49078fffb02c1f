import { describe, expect, it } from 'vitest';
import { forecastYearEnd, leastSquaresLine, targetUnlikelyToBeMet, type Forecast } from './forecast.js';
import { evaluateTargetStatus } from './target-status.js';

const quarters = (...values: (number | null)[]) => values.map((value, index) => ({ position: index + 1, value }));

describe(forecastYearEnd.name, () => {
  describe('year-to-date sums', () => {
    it('projects a cumulative total at the run rate', () => {
      // 45 in 2 quarters: 45 / 2 × 4 = 90.
      const sut = forecastYearEnd({
        kind: 'year_to_date_sum',
        returns: 'cumulative',
        points: quarters(20, 45),
        periodsInYear: 4,
      });
      expect(sut).toMatchObject({
        value: 90,
        method: 'run_rate',
        inputs: { method: 'run_rate', yearToDate: 45, periodsElapsed: 2, periodsInYear: 4 },
      });
      expect(sut.reasons[0]).toBe('Run rate: 45 in 2 of 4 periods, so 45 ÷ 2 × 4 = 90 by the year end.');
    });

    it('projects monthly returns over twelve periods', () => {
      // 35 by month 5: 35 / 5 × 12 = 84.
      const points = [{ position: 5, value: 35 }];
      expect(
        forecastYearEnd({ kind: 'year_to_date_sum', returns: 'cumulative', points, periodsInYear: 12 }).value,
      ).toBe(84);
    });

    it('uses the latest present cumulative total when the latest return is suppressed', () => {
      const sut = forecastYearEnd({
        kind: 'year_to_date_sum',
        returns: 'cumulative',
        points: quarters(20, 45, null),
        periodsInYear: 4,
      });
      expect(sut.value).toBe(90);
      expect(sut.reasons[0]).toContain('Period 3 has no value');
    });

    it('sums per-period counts before projecting them', () => {
      // 10 + 12 + 14 = 36 in 3 quarters: 36 / 3 × 4 = 48.
      const sut = forecastYearEnd({
        kind: 'year_to_date_sum',
        returns: 'per_period',
        points: quarters(10, 12, 14),
        periodsInYear: 4,
      });
      expect(sut).toMatchObject({ value: 48, method: 'run_rate' });
    });

    it('gives no forecast when a per-period count is missing', () => {
      const sut = forecastYearEnd({
        kind: 'year_to_date_sum',
        returns: 'per_period',
        points: quarters(10, null, 14),
        periodsInYear: 4,
      });
      expect(sut).toMatchObject({ value: null, inputs: null });
      expect(sut.reasons[0]).toContain('period 2 has no value');
    });

    it('gives no forecast before any value is in', () => {
      const sut = forecastYearEnd({
        kind: 'year_to_date_sum',
        returns: 'cumulative',
        points: quarters(null),
        periodsInYear: 4,
      });
      expect(sut.value).toBeNull();
      expect(sut.reasons[0]).toContain('no year-to-date values yet');
    });

    it('returns the outturn once the year is complete', () => {
      const sut = forecastYearEnd({
        kind: 'year_to_date_sum',
        returns: 'cumulative',
        points: quarters(20, 45, 60, 81),
        periodsInYear: 4,
      });
      expect(sut).toMatchObject({ value: 81, method: 'outturn' });
    });
  });

  describe('rates and percentages', () => {
    it('extends a least-squares line to the year end', () => {
      // Hand computation: (1,70) (2,68) (3,66) has slope −2 and intercept 72, so period 4 is 64.
      const sut = forecastYearEnd({ kind: 'rate', points: quarters(70, 68, 66), periodsInYear: 4 });
      expect(sut.method).toBe('linear_trend');
      expect(sut.value).toBeCloseTo(64, 12);
      expect(sut.inputs).toMatchObject({ slope: -2, intercept: 72, yearEndPosition: 4 });
    });

    it('includes prior periods when they are supplied', () => {
      // Hand computation: x̄ = 0.5, ȳ = 57.5, Sxx = 5, Sxy = −8, so slope −1.6, intercept 58.3, period 4 gives 51.9.
      const sut = forecastYearEnd({
        kind: 'rate',
        points: quarters(57, 55),
        priorPoints: [
          { position: -1, value: 60 },
          { position: 0, value: 58 },
        ],
        periodsInYear: 4,
      });
      expect(sut.value).toBeCloseTo(51.9, 12);
      expect(sut.reasons[0]).toContain('4 values (periods -1, 0, 1, 2)');
    });

    it('gives no forecast with too few points', () => {
      const sut = forecastYearEnd({ kind: 'rate', points: quarters(70, 68), periodsInYear: 4 });
      expect(sut).toMatchObject({ value: null, method: 'linear_trend' });
      expect(sut.reasons[0]).toBe(
        'No forecast: a trend needs at least 3 values and there are 2; supplying earlier periods would allow one.',
      );
    });

    it('does not count suppressed points towards the minimum', () => {
      const sut = forecastYearEnd({ kind: 'rate', points: quarters(70, null, 66), periodsInYear: 4 });
      expect(sut.value).toBeNull();
      expect(sut.reasons[0]).toContain('there are 2 (1 missing or suppressed)');
    });

    it('fits a trend to exactly the minimum number of points', () => {
      expect(
        forecastYearEnd({ kind: 'rate', points: quarters(70, 68), periodsInYear: 4, minimumPoints: 2 }).value,
      ).toBeCloseTo(64, 12);
    });

    it('holds a percentage forecast at its upper bound', () => {
      const sut = forecastYearEnd({
        kind: 'rate',
        points: quarters(90, 95, 99),
        periodsInYear: 4,
        bounds: { min: 0, max: 100 },
      });
      expect(sut.value).toBe(100);
      expect(sut.reasons[1]).toContain('held at 100');
    });

    it('returns the final period as the outturn', () => {
      expect(forecastYearEnd({ kind: 'rate', points: quarters(70, 68, 66, 61), periodsInYear: 4 })).toMatchObject({
        value: 61,
        method: 'outturn',
      });
    });
  });

  describe('invalid input', () => {
    it('rejects an in-year position beyond the year', () => {
      expect(() => forecastYearEnd({ kind: 'rate', points: [{ position: 5, value: 1 }], periodsInYear: 4 })).toThrow(
        RangeError,
      );
    });

    it('rejects a prior point inside the year', () => {
      expect(() =>
        forecastYearEnd({
          kind: 'rate',
          points: quarters(1, 2),
          priorPoints: [{ position: 1, value: 1 }],
          periodsInYear: 4,
        }),
      ).toThrow(RangeError);
    });

    it('rejects a repeated position', () => {
      const points = [
        { position: 1, value: 1 },
        { position: 1, value: 2 },
      ];
      expect(() => forecastYearEnd({ kind: 'rate', points, periodsInYear: 4 })).toThrow(RangeError);
    });
  });
});

describe(leastSquaresLine.name, () => {
  it('fits a line exactly through collinear points', () => {
    expect(
      leastSquaresLine([
        { position: 0, value: 1 },
        { position: 2, value: 5 },
      ]),
    ).toEqual({ slope: 2, intercept: 1 });
  });

  it('rejects points that all share one position', () => {
    expect(() =>
      leastSquaresLine([
        { position: 1, value: 1 },
        { position: 1, value: 2 },
      ]),
    ).toThrow(RangeError);
  });
});

describe(targetUnlikelyToBeMet.name, () => {
  const trendForecast = (value: number): Forecast => ({
    value,
    method: 'linear_trend',
    inputs: null,
    reasons: ['forecast working'],
  });

  it('flags the annual target while the latest quarter is green', () => {
    // Q1–Q3 at 70, 68, 66 trend to 64 at Q4; Q3's own target of 65 is met, the annual target of 70 is not.
    const forecast = forecastYearEnd({ kind: 'rate', points: quarters(70, 68, 66), periodsInYear: 4 });
    const latestQuarter = evaluateTargetStatus({ value: 66, target: 65, polarity: 'higher_is_better' });
    const sut = targetUnlikelyToBeMet(forecast, 70, { kind: 'absolute', amount: 2 }, 'higher_is_better', {
      decimalPlaces: 1,
    });
    expect(latestQuarter.rag).toBe('green');
    expect(sut).toMatchObject({ unlikely: true, forecastRag: 'red' });
    expect(sut.reasons[0]).toBe(
      'Target unlikely to be met: the year-end forecast of 64.0 misses the annual target beyond tolerance.',
    );
  });

  it('does not flag a forecast exactly on the tolerance edge', () => {
    const sut = targetUnlikelyToBeMet(trendForecast(68), 70, { kind: 'absolute', amount: 2 }, 'higher_is_better');
    expect(sut).toMatchObject({ unlikely: false, forecastRag: 'amber' });
    expect(sut.reasons[0]).toContain('within tolerance');
  });

  it('flags a lower-is-better forecast above the target beyond tolerance', () => {
    const sut = targetUnlikelyToBeMet(trendForecast(110.1), 100, { kind: 'relative', amount: 0.1 }, 'lower_is_better');
    expect(sut.unlikely).toBe(true);
  });

  it('does not flag a forecast that meets the target', () => {
    expect(targetUnlikelyToBeMet(trendForecast(100), 100, null, 'lower_is_better').forecastRag).toBe('green');
  });

  it('flags a forecast outside an in-range annual target beyond tolerance', () => {
    const sut = targetUnlikelyToBeMet(
      trendForecast(25),
      { low: 10, high: 20 },
      { kind: 'absolute', amount: 2 },
      'no_polarity',
    );
    expect(sut.unlikely).toBe(true);
  });

  it('cannot flag anything without a forecast and says why', () => {
    const forecast = forecastYearEnd({ kind: 'rate', points: quarters(70), periodsInYear: 4 });
    const sut = targetUnlikelyToBeMet(forecast, 70, null, 'higher_is_better');
    expect(sut).toMatchObject({ unlikely: false, forecastRag: null, forecastStatus: null });
    expect(sut.reasons[1]).toContain('a trend needs at least 3 values');
  });
});
