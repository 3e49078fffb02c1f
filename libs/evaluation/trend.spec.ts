import { describe, expect, it } from 'vitest';
import type { BenchmarkComparisonResult } from './comparison.js';
import {
  RECENT_TREND_CRITICAL_VALUE,
  recentTrendForProportions,
  recentTrendWithIntervals,
  worseAndWorsening,
  type IntervalTrendPoint,
  type RecentTrend,
} from './trend.js';

// Published Fingertips series with the markers Fingertips shows for them, from
// dhsc-govuk/FingertipsNext TrendMarkerCalculatorTests (oldest first here). The χ² values were computed
// independently in Python from the formulas in PHEindicatormethods R/utils.R.
const diabetesPrevalenceEngland = [
  { count: 3_455_176, denominator: 48_783_947 },
  { count: 3_491_868, denominator: 49_122_259 },
  { count: 3_625_401, denominator: 49_956_777 },
  { count: 3_774_801, denominator: 50_649_129 },
  { count: 3_938_080, denominator: 51_441_896 },
];
const mmrCoverageYorkshire = [
  { count: 57_274, denominator: 61_834 },
  { count: 55_865, denominator: 60_511 },
  { count: 53_681, denominator: 59_074 },
  { count: 51_767, denominator: 57_508 },
  { count: 53_185, denominator: 59_028 },
];
const diabeticEyeDiseaseEngland: IntervalTrendPoint[] = [
  { value: 2.935, lower: 2.7841, upper: 3.0919 },
  { value: 1.93028, lower: 1.8085, upper: 2.058 },
  { value: 2.7567, lower: 2.6113, upper: 2.9082 },
  { value: 2.8701, lower: 2.7225, upper: 3.0237 },
  { value: 3.0121, lower: 2.8616, upper: 3.1683 },
];

describe(recentTrendForProportions.name, () => {
  it('finds Increasing for QOF diabetes prevalence in England, as Fingertips does (indicator 241)', () => {
    const sut = recentTrendForProportions(diabetesPrevalenceEngland, 'no_polarity');
    expect(sut).toMatchObject({ marker: 'increasing', label: 'Increasing', assessment: null });
    expect(sut.chiSquared).toBeCloseTo(16494.755906619033, 6);
  });

  it('finds Decreasing and getting worse for MMR coverage in Yorkshire, as Fingertips does (indicator 30309)', () => {
    const sut = recentTrendForProportions(mmrCoverageYorkshire, 'higher_is_better');
    expect(sut).toMatchObject({
      marker: 'decreasing',
      label: 'Decreasing and getting worse',
      assessment: 'getting_worse',
    });
    expect(sut.chiSquared).toBeCloseTo(405.04790902721055, 8);
    expect(sut.slope).toBeCloseTo(-0.09317961760305422, 12);
  });

  it('calls a decreasing lower-is-better indicator getting better', () => {
    expect(recentTrendForProportions(mmrCoverageYorkshire, 'lower_is_better').label).toBe(
      'Decreasing and getting better',
    );
  });

  it('calls an increasing lower-is-better indicator getting worse', () => {
    expect(recentTrendForProportions(diabetesPrevalenceEngland, 'lower_is_better').label).toBe(
      'Increasing and getting worse',
    );
  });

  it('calls an increasing higher-is-better indicator getting better', () => {
    expect(recentTrendForProportions(diabetesPrevalenceEngland, 'higher_is_better').assessment).toBe('getting_better');
  });

  it('finds no significant change when χ² is below the 99.8% threshold', () => {
    // 10, 12, 11, 13, 12 of 100 each: χ² = 0.2438.
    const points = [10, 12, 11, 13, 12].map((count) => ({ count, denominator: 100 }));
    const sut = recentTrendForProportions(points, 'higher_is_better');
    expect(sut).toMatchObject({ marker: 'no_significant_change', label: 'No significant change', assessment: null });
    expect(sut.chiSquared).toBeCloseTo(0.24379778436573568, 12);
    expect(sut.reasons[0]).toContain('not above 9.54954 (99.8% significance');
  });

  it('finds no significant change when one point reverses the direction (outlier)', () => {
    // 52%, 51%, 50%, 49%, 70% of 10,000: χ² = 466.0, but without the last point the slope is negative.
    const points = [5200, 5100, 5000, 4900, 7000].map((count) => ({ count, denominator: 10_000 }));
    const sut = recentTrendForProportions(points, 'higher_is_better');
    expect(sut.marker).toBe('no_significant_change');
    expect(sut.chiSquared).toBeCloseTo(466.00877192982455, 8);
    expect(sut.reasons[0]).toContain('leaving out period 5 of the five reverses the direction');
  });

  it('uses only the last five periods of a longer series', () => {
    const sut = recentTrendForProportions([{ count: 1, denominator: 2 }, ...mmrCoverageYorkshire], 'higher_is_better');
    expect(sut.chiSquared).toBeCloseTo(405.04790902721055, 8);
  });

  it('cannot be calculated with four periods', () => {
    const sut = recentTrendForProportions(mmrCoverageYorkshire.slice(1), 'higher_is_better');
    expect(sut).toMatchObject({ marker: 'cannot_be_calculated', label: 'Cannot be calculated', chiSquared: null });
    expect(sut.reasons[0]).toBe('Cannot be calculated: the trend needs 5 periods and there are 4.');
  });

  it('cannot be calculated with a suppressed count among the last five', () => {
    const points = [...mmrCoverageYorkshire.slice(0, 4), { count: null, denominator: 59_028 }];
    expect(recentTrendForProportions(points, 'higher_is_better').reasons[0]).toContain('missing or suppressed');
  });

  it('cannot be calculated when a period has no cases', () => {
    const points = [0, 1, 2, 3, 4].map((count) => ({ count, denominator: 50 }));
    expect(recentTrendForProportions(points, 'lower_is_better').reasons[0]).toContain('has no cases');
  });

  it('cannot be calculated when a count exceeds its denominator', () => {
    const points = [...mmrCoverageYorkshire.slice(0, 4), { count: 10, denominator: 5 }];
    expect(recentTrendForProportions(points, 'lower_is_better').reasons[0]).toContain('not a proportion');
  });
});

describe(recentTrendWithIntervals.name, () => {
  it('finds Increasing and getting worse for sight loss from diabetic eye disease, as Fingertips does (indicator 41203)', () => {
    const sut = recentTrendWithIntervals(diabeticEyeDiseaseEngland, 'lower_is_better');
    expect(sut).toMatchObject({ marker: 'increasing', label: 'Increasing and getting worse' });
    expect(sut.chiSquared).toBeCloseTo(33.484550066841024, 9);
    expect(sut.slope).toBeCloseTo(0.13984364887629205, 12);
  });

  // With every σ = 1 and periods 1 to 5, var(β) = 5 / (5 × 55 − 15²) = 0.1, so χ² = 10β².
  const straightLine = (slope: number): IntervalTrendPoint[] =>
    [1, 2, 3, 4, 5].map((t) => ({
      value: slope * t,
      lower: slope * t - 1.959963984540054,
      upper: slope * t + 1.959963984540054,
    }));

  it('finds no significant change just below the threshold (β = 0.977, χ² = 9.545)', () => {
    const sut = recentTrendWithIntervals(straightLine(0.977), 'higher_is_better');
    expect(sut.chiSquared).toBeCloseTo(9.54529, 10);
    expect(sut.marker).toBe('no_significant_change');
  });

  it('finds a trend just above the threshold (β = 0.978, χ² = 9.565)', () => {
    const sut = recentTrendWithIntervals(straightLine(0.978), 'higher_is_better');
    expect(sut.chiSquared).toBeCloseTo(9.56484, 10);
    expect(sut.label).toBe('Increasing and getting better');
  });

  it('cannot be calculated without a confidence interval', () => {
    const points = [...diabeticEyeDiseaseEngland.slice(0, 4), { value: 3, lower: null, upper: null }];
    expect(recentTrendWithIntervals(points, 'lower_is_better').reasons[0]).toContain('has no confidence interval');
  });

  it('cannot be calculated with a suppressed value', () => {
    const points = [...diabeticEyeDiseaseEngland.slice(0, 4), { value: null, lower: 1, upper: 2 }];
    expect(recentTrendWithIntervals(points, 'lower_is_better').marker).toBe('cannot_be_calculated');
  });

  it('cannot be calculated with an interval of no width', () => {
    const points = [...diabeticEyeDiseaseEngland.slice(0, 4), { value: 3, lower: 3, upper: 3 }];
    expect(recentTrendWithIntervals(points, 'lower_is_better').reasons[0]).toContain('has no width');
  });
});

describe('RECENT_TREND_CRITICAL_VALUE', () => {
  it("equals Fingertips' ChiSquareConfidence constant 9.54953570608324", () => {
    expect(RECENT_TREND_CRITICAL_VALUE).toBeCloseTo(9.54953570608324, 12);
  });
});

describe(worseAndWorsening.name, () => {
  const comparison = (outcome: BenchmarkComparisonResult['outcome'], label: string): BenchmarkComparisonResult => ({
    outcome,
    label,
    significantAt: outcome === 'similar' ? null : 0.95,
    reasons: [],
  });
  const gettingWorse = recentTrendForProportions(mmrCoverageYorkshire, 'higher_is_better');
  const gettingBetter = recentTrendForProportions(mmrCoverageYorkshire, 'lower_is_better');
  const cannot: RecentTrend = recentTrendForProportions([], 'higher_is_better');

  it('flags worse than England and getting worse', () => {
    const sut = worseAndWorsening(comparison('worse', 'Worse than England'), gettingWorse);
    expect(sut.flagged).toBe(true);
    expect(sut.reasons).toEqual([
      'Worse than the benchmark and getting worse.',
      'Compared with the benchmark: Worse than England.',
      'Recent trend: Decreasing and getting worse.',
    ]);
  });

  it('flags worst at 99.8% and getting worse', () => {
    expect(worseAndWorsening(comparison('worst', 'Worse than England (99.8%)'), gettingWorse).flagged).toBe(true);
  });

  it('does not flag worse but getting better', () => {
    expect(worseAndWorsening(comparison('worse', 'Worse than England'), gettingBetter).flagged).toBe(false);
  });

  it('does not flag similar and getting worse', () => {
    expect(worseAndWorsening(comparison('similar', 'Similar to England'), gettingWorse).flagged).toBe(false);
  });

  it('does not flag worse when the trend cannot be calculated', () => {
    const sut = worseAndWorsening(comparison('worse', 'Worse than England'), cannot);
    expect(sut.flagged).toBe(false);
    expect(sut.reasons[2]).toBe('Recent trend: Cannot be calculated.');
  });
});
