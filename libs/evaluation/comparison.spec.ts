import { describe, expect, it } from 'vitest';
import { compareWithBenchmark, type BenchmarkComparisonInput } from './comparison.js';

const twoLevels = (benchmark: number, polarity: BenchmarkComparisonInput['polarity']): BenchmarkComparisonInput => ({
  value: 3.1,
  ci998: { lower: 2.6, upper: 3.6 },
  ci95: { lower: 2.8, upper: 3.4 },
  benchmark,
  polarity,
  benchmarkName: 'England',
});

describe(compareWithBenchmark.name, () => {
  describe('one 95% interval (fingertips-open SingleOverlappingCIsComparatorTest cases)', () => {
    it('is similar when the benchmark equals the value (TestSameExactly)', () => {
      const sut = compareWithBenchmark({
        value: 11,
        ci95: { lower: 10, upper: 12 },
        benchmark: 11,
        polarity: 'higher_is_better',
      });
      expect(sut).toMatchObject({ outcome: 'similar', label: 'Similar to the benchmark', significantAt: null });
      expect(sut.reasons[0]).toBe(
        'The benchmark (11) lies within the 95% confidence interval 10 to 12, so the difference could be chance.',
      );
    });

    it('is similar when the benchmark is inside the interval (TestSame)', () => {
      const sut = compareWithBenchmark({
        value: 3.05,
        ci95: { lower: 2.7, upper: 3.1 },
        benchmark: 3,
        polarity: 'lower_is_better',
      });
      expect(sut.outcome).toBe('similar');
    });

    it('is better for higher-is-better when the interval is above the benchmark (TestHigher)', () => {
      const sut = compareWithBenchmark({
        value: 3.3,
        ci95: { lower: 3.2, upper: 3.5 },
        benchmark: 3,
        polarity: 'higher_is_better',
      });
      expect(sut).toMatchObject({ outcome: 'better', label: 'Better than the benchmark', significantAt: 0.95 });
    });

    it('is worse for lower-is-better when the interval is above the benchmark (TestHigher)', () => {
      const sut = compareWithBenchmark({
        value: 3.3,
        ci95: { lower: 3.2, upper: 3.5 },
        benchmark: 3,
        polarity: 'lower_is_better',
      });
      expect(sut.outcome).toBe('worse');
    });

    it('is better for lower-is-better when the interval is below the benchmark (TestLower)', () => {
      const sut = compareWithBenchmark({
        value: 2.5,
        ci95: { lower: 2.2, upper: 2.8 },
        benchmark: 3,
        polarity: 'lower_is_better',
      });
      expect(sut.outcome).toBe('better');
    });

    it('is worse for higher-is-better when the interval is below the benchmark (TestLower)', () => {
      const sut = compareWithBenchmark({
        value: 2.5,
        ci95: { lower: 2.2, upper: 2.8 },
        benchmark: 3,
        polarity: 'higher_is_better',
      });
      expect(sut.outcome).toBe('worse');
    });

    it('counts a benchmark exactly on the lower limit as similar', () => {
      const sut = compareWithBenchmark({
        value: 3.3,
        ci95: { lower: 3, upper: 3.5 },
        benchmark: 3,
        polarity: 'higher_is_better',
      });
      expect(sut.outcome).toBe('similar');
    });

    it('counts a benchmark exactly on the upper limit as similar', () => {
      const sut = compareWithBenchmark({
        value: 2.7,
        ci95: { lower: 2.5, upper: 3 },
        benchmark: 3,
        polarity: 'higher_is_better',
      });
      expect(sut.outcome).toBe('similar');
    });
  });

  describe('the published Fingertips export (shared/data/real, Campylobacter 2017, lower is better, England 96.6109)', () => {
    const england = 96.6109417215551;
    const area = (lower: number, upper: number): BenchmarkComparisonInput => ({
      value: (lower + upper) / 2,
      ci95: { lower, upper },
      benchmark: england,
      polarity: 'lower_is_better',
      benchmarkName: 'England',
    });

    it('gives Worse for Milton Keynes, whose lower limit is 0.07 above England', () => {
      expect(compareWithBenchmark(area(96.6788854616036, 122.223764133115)).outcome).toBe('worse');
    });

    it('gives Similar for Essex, whose lower limit is 0.17 below England', () => {
      expect(compareWithBenchmark(area(96.4449010730664, 106.869767754545)).outcome).toBe('similar');
    });

    it('gives Better for Blackburn with Darwen, whose upper limit is below England', () => {
      const sut = compareWithBenchmark(area(64.566433092606, 93.8735481591143));
      expect(sut).toMatchObject({ outcome: 'better', label: 'Better than England' });
      expect(sut.reasons).toEqual([
        'England (96.6109) lies above the 95% confidence interval 64.5664 to 93.8735, so the area is significantly lower at 95% confidence.',
        'Lower is better for this indicator.',
      ]);
    });
  });

  describe('95% and 99.8% intervals (fingertips-open SingleOverlappingCIsForTwoCILevelsComparer)', () => {
    it('is similar inside the 95% interval (TestSame)', () => {
      const sut = compareWithBenchmark({
        value: 3,
        ci998: { lower: 2.5, upper: 3.7 },
        ci95: { lower: 2.7, upper: 3.3 },
        benchmark: 3,
        polarity: 'higher_is_better',
      });
      expect(sut.outcome).toBe('similar');
    });

    it('is best for lower-is-better when the benchmark is above the 99.8% interval (TestLower99_8)', () => {
      const sut = compareWithBenchmark({
        value: 3.5,
        ci998: { lower: 3.2, upper: 3.8 },
        ci95: { lower: 3.4, upper: 3.6 },
        benchmark: 4,
        polarity: 'lower_is_better',
      });
      expect(sut).toMatchObject({ outcome: 'best', significantAt: 0.998, label: 'Better than the benchmark (99.8%)' });
    });

    it('is worst for higher-is-better when the benchmark is above the 99.8% interval (TestLower99_8)', () => {
      expect(compareWithBenchmark(twoLevels(3.7, 'higher_is_better')).outcome).toBe('worst');
    });

    it('is best for higher-is-better when the benchmark is below the 99.8% interval', () => {
      expect(compareWithBenchmark(twoLevels(2.5, 'higher_is_better')).outcome).toBe('best');
    });

    it('is better, not best, for a benchmark exactly on the 99.8% lower limit', () => {
      const sut = compareWithBenchmark(twoLevels(2.6, 'higher_is_better'));
      expect(sut).toMatchObject({ outcome: 'better', significantAt: 0.95, label: 'Better than England (95%)' });
      expect(sut.reasons[0]).toBe(
        'England (2.6) lies below the 95% confidence interval 2.8 to 3.4 but within the 99.8% confidence interval 2.6 to 3.6, so the area is significantly higher at 95% confidence.',
      );
    });

    it('is worse for lower-is-better between the 95% and 99.8% lower limits, where Fingertips returns the opposite (TestLower95)', () => {
      // The area (2.8 to 3.4) is above England (2.7): higher, and lower is better, so worse.
      expect(compareWithBenchmark(twoLevels(2.7, 'lower_is_better')).outcome).toBe('worse');
    });

    it('is worse for higher-is-better between the 95% and 99.8% upper limits', () => {
      expect(compareWithBenchmark(twoLevels(3.5, 'higher_is_better')).outcome).toBe('worse');
    });

    it('is worst for lower-is-better when the benchmark is just below the 99.8% lower limit', () => {
      expect(compareWithBenchmark(twoLevels(2.59, 'lower_is_better')).outcome).toBe('worst');
    });
  });

  describe('a 99.8% interval alone', () => {
    it('is worst outside it', () => {
      const sut = compareWithBenchmark({
        value: 5,
        ci998: { lower: 4, upper: 6 },
        benchmark: 7,
        polarity: 'higher_is_better',
      });
      expect(sut).toMatchObject({ outcome: 'worst', significantAt: 0.998 });
    });

    it('is similar inside it and says a 95% difference cannot be seen', () => {
      const sut = compareWithBenchmark({
        value: 5,
        ci998: { lower: 4, upper: 6 },
        benchmark: 5.9,
        polarity: 'higher_is_better',
      });
      expect(sut.outcome).toBe('similar');
      expect(sut.reasons[0]).toContain('no 95% interval was given');
    });
  });

  describe('no polarity', () => {
    it('says higher when the interval is above the benchmark', () => {
      const sut = compareWithBenchmark({
        value: 3.3,
        ci95: { lower: 3.2, upper: 3.5 },
        benchmark: 3,
        polarity: 'no_polarity',
        benchmarkName: 'the region',
      });
      expect(sut).toMatchObject({ outcome: 'higher', label: 'Higher than the region' });
      expect(sut.reasons[1]).toContain('neither better nor worse');
    });

    it('says lower beyond the 99.8% interval, with the level', () => {
      const sut = compareWithBenchmark(twoLevels(3.7, 'no_polarity'));
      expect(sut).toMatchObject({ outcome: 'lower', significantAt: 0.998, label: 'Lower than England (99.8%)' });
    });

    it('says similar inside the interval', () => {
      expect(compareWithBenchmark(twoLevels(3, 'no_polarity')).outcome).toBe('similar');
    });
  });

  describe('not compared', () => {
    it('does not compare without a confidence interval', () => {
      const sut = compareWithBenchmark({ value: 3, benchmark: 2, polarity: 'higher_is_better' });
      expect(sut).toMatchObject({ outcome: 'not_compared', label: 'Not compared', significantAt: null });
      expect(sut.reasons[0]).toBe('Not compared: the value has no confidence interval.');
    });

    it('does not compare with only one limit of the interval', () => {
      const sut = compareWithBenchmark({
        value: 3,
        ci95: { lower: null, upper: 4 },
        benchmark: 2,
        polarity: 'higher_is_better',
      });
      expect(sut.outcome).toBe('not_compared');
    });

    it('does not compare a suppressed value', () => {
      const sut = compareWithBenchmark({
        value: null,
        ci95: { lower: 1, upper: 2 },
        benchmark: 2,
        polarity: 'higher_is_better',
      });
      expect(sut.reasons[0]).toContain('missing or suppressed');
    });

    it('does not compare without a benchmark value', () => {
      const sut = compareWithBenchmark({ ...twoLevels(3, 'higher_is_better'), benchmark: null });
      expect(sut.reasons[0]).toBe('Not compared: there is no value for England.');
    });
  });

  it('rejects an interval whose lower limit is above its upper limit', () => {
    expect(() =>
      compareWithBenchmark({ value: 3, ci95: { lower: 4, upper: 2 }, benchmark: 3, polarity: 'higher_is_better' }),
    ).toThrow(RangeError);
  });
});
