/**
 * Fingertips "recent trend" markers: a test for trend over the five most recent points, flagged at the
 * 99.8% level. Ported from PHEindicatormethods `assign_trend_markers` (dhsc-govuk/PHEindicatormethods,
 * R/TrendMarkers.R, with `calculate_trend_logistic_regression` and `calculate_trend_weighted_regression` in
 * R/utils.R), which reproduces the Fingertips calculator (ukhsa-collaboration/fingertips-open,
 * PholioVisualisation.Analysis.TrendMarkers.TrendMarkerCalculator):
 * - proportions: the chi-squared test for trend on counts and denominators; direction from the slope of
 *   the log-odds;
 * - other values: weighted regression with weights 1/σ², σ taken from the 95% interval; χ² = β² / var(β);
 * - significant when χ² > 9.5495 (qchisq(0.998, 1)) and the slope keeps its sign when any one point is
 *   left out; otherwise "No significant change".
 * Fingertips only applies it to five or more independent, equally spaced (annual) periods with no breaks,
 * so callers pass such a series, oldest first.
 */
import type { BenchmarkComparisonResult } from './comparison.js';
import { chiSquaredQuantile, normalQuantile } from './distributions.js';
import { formatNumber } from './numeric.js';
import type { Polarity } from './polarity.js';

export const RECENT_TREND_POINTS = 5;

/** 9.54953570608324: the constant `ChiSquareConfidence` in Fingertips' TrendMarkerCalculator. */
export const RECENT_TREND_CRITICAL_VALUE = chiSquaredQuantile(0.998, 1);

export type RecentTrendMarker = 'increasing' | 'decreasing' | 'no_significant_change' | 'cannot_be_calculated';

/** Fingertips' wording (fingertips-open TrendMarkerLabelProvider; R assign_trend_markers). */
export type RecentTrendLabel =
  | 'Increasing and getting better'
  | 'Increasing and getting worse'
  | 'Decreasing and getting better'
  | 'Decreasing and getting worse'
  | 'Increasing'
  | 'Decreasing'
  | 'No significant change'
  | 'Cannot be calculated';

export interface RecentTrend {
  marker: RecentTrendMarker;
  label: RecentTrendLabel;
  /** For a significant trend on an indicator with polarity; null otherwise. */
  assessment: 'getting_better' | 'getting_worse' | null;
  chiSquared: number | null;
  /** Log-odds per period for proportions, units per period otherwise. */
  slope: number | null;
  reasons: string[];
}

export interface ProportionTrendPoint {
  /** null when missing or suppressed. */
  count: number | null;
  denominator: number | null;
}

export interface IntervalTrendPoint {
  value: number | null;
  lower: number | null;
  upper: number | null;
}

interface Regression {
  /** Slope fitted to the points at these indexes, for the leave-one-out check. */
  slope: (kept: readonly number[]) => number;
  chiSquared: number;
}

export function recentTrendForProportions(points: readonly ProportionTrendPoint[], polarity: Polarity): RecentTrend {
  const window = lastPoints(points);
  if (!window.ok) return cannotBeCalculated(window.reason);
  const rows = window.points;
  if (rows.some((point) => point.count === null || point.denominator === null)) {
    return cannotBeCalculated('a count or denominator among the last five periods is missing or suppressed');
  }
  const counts = rows.map((point) => point.count as number);
  const denominators = rows.map((point) => point.denominator as number);
  for (let i = 0; i < counts.length; i++) {
    if (!(denominators[i] > 0) || !(counts[i] >= 0) || counts[i] > denominators[i]) {
      return cannotBeCalculated(
        `period ${i + 1} of the five has count ${counts[i]} and denominator ${denominators[i]}, which is not a proportion`,
      );
    }
    if (counts[i] === 0 || counts[i] === denominators[i]) {
      return cannotBeCalculated(
        `period ${i + 1} of the five has ${counts[i] === 0 ? 'no cases' : 'every case'}, so its log-odds, which give the trend direction, are infinite`,
      );
    }
  }

  const t = positions();
  const sumD = sum(denominators);
  const sumC = sum(counts);
  const sumCT = sum(counts.map((c, i) => c * t[i]));
  const sumDT = sum(denominators.map((d, i) => d * t[i]));
  const sumDT2 = sum(denominators.map((d, i) => d * t[i] ** 2));
  // R/utils.R calculate_trend_logistic_regression (the chi-squared test for trend in proportions).
  const chiSquared =
    (sumD * (sumD * sumCT - sumC * sumDT) ** 2) / (sumC * (sumD - sumC) * (sumD * sumDT2 - sumDT ** 2));
  const logOdds = counts.map((c, i) => Math.log(c / denominators[i] / (1 - c / denominators[i])));
  const slope = (kept: readonly number[]): number =>
    olsSlope(
      kept.map((i) => t[i]),
      kept.map((i) => logOdds[i]),
    );
  return decide({ slope, chiSquared }, polarity, 'the chi-squared test for trend in proportions');
}

export function recentTrendWithIntervals(
  points: readonly IntervalTrendPoint[],
  polarity: Polarity,
  options: { confidence?: number } = {},
): RecentTrend {
  const confidence = options.confidence ?? 0.95;
  const window = lastPoints(points);
  if (!window.ok) return cannotBeCalculated(window.reason);
  const rows = window.points;
  if (rows.some((point) => point.value === null)) {
    return cannotBeCalculated('a value among the last five periods is missing or suppressed');
  }
  if (rows.some((point) => point.lower === null || point.upper === null)) {
    return cannotBeCalculated('a value among the last five periods has no confidence interval');
  }
  // R/utils.R calculate_trend_weighted_regression: σ = (upper − lower) / (2 z).
  const zTimesTwo = normalQuantile(1 - (1 - confidence) / 2) * 2;
  const variances = rows.map((point) => (((point.upper as number) - (point.lower as number)) / zTimesTwo) ** 2);
  if (variances.some((variance) => !(variance > 0))) {
    return cannotBeCalculated(
      'a confidence interval among the last five periods has no width, so it cannot weight the trend',
    );
  }
  const t = positions();
  const values = rows.map((point) => point.value as number);
  const fit = (kept: readonly number[]): { slope: number; chiSquared: number } => {
    const w = kept.map((i) => 1 / variances[i]);
    const s1 = sum(w);
    const sT = sum(kept.map((i, k) => w[k] * t[i]));
    const sV = sum(kept.map((i, k) => w[k] * values[i]));
    const sVT = sum(kept.map((i, k) => w[k] * values[i] * t[i]));
    const sT2 = sum(kept.map((i, k) => w[k] * t[i] ** 2));
    const determinant = s1 * sT2 - sT ** 2;
    const slope = (s1 * sVT - sT * sV) / determinant;
    return { slope, chiSquared: slope ** 2 / (s1 / determinant) };
  };
  const all = fit([0, 1, 2, 3, 4]);
  return decide(
    { slope: (kept) => fit(kept).slope, chiSquared: all.chiSquared },
    polarity,
    'weighted regression on the values and their confidence intervals',
  );
}

/** A benchmark comparison that is worse and a recent trend that is getting worse: the case that most needs attention. */
export function worseAndWorsening(
  comparison: BenchmarkComparisonResult,
  trend: RecentTrend,
): { flagged: boolean; reasons: string[] } {
  const flagged =
    (comparison.outcome === 'worse' || comparison.outcome === 'worst') && trend.assessment === 'getting_worse';
  return {
    flagged,
    reasons: [
      flagged
        ? 'Worse than the benchmark and getting worse.'
        : 'Not flagged: that needs both a worse comparison with the benchmark and a recent trend getting worse.',
      `Compared with the benchmark: ${comparison.label}.`,
      `Recent trend: ${trend.label}.`,
    ],
  };
}

function decide(regression: Regression, polarity: Polarity, method: string): RecentTrend {
  const all = [0, 1, 2, 3, 4];
  const slope = regression.slope(all);
  const { chiSquared } = regression;
  const statistic = `χ² = ${formatNumber(chiSquared)} by ${method}`;
  if (!Number.isFinite(chiSquared) || !Number.isFinite(slope)) {
    return cannotBeCalculated(`the test statistic could not be computed (${statistic})`);
  }
  if (!(chiSquared > RECENT_TREND_CRITICAL_VALUE)) {
    return {
      ...noChange(chiSquared, slope),
      reasons: [
        `No significant change: ${statistic}, not above ${formatNumber(RECENT_TREND_CRITICAL_VALUE)} (99.8% significance, 1 degree of freedom).`,
      ],
    };
  }
  for (const left of all) {
    const without = regression.slope(all.filter((i) => i !== left));
    if (Math.sign(without) !== Math.sign(slope)) {
      return {
        ...noChange(chiSquared, slope),
        reasons: [
          `No significant change: ${statistic} is above ${formatNumber(RECENT_TREND_CRITICAL_VALUE)}, but leaving out period ${left + 1} of the five reverses the direction, so one point drives the trend (outlier found).`,
        ],
      };
    }
  }
  const increasing = slope > 0;
  const marker: RecentTrendMarker = increasing ? 'increasing' : 'decreasing';
  const assessment =
    polarity === 'no_polarity'
      ? null
      : increasing === (polarity === 'higher_is_better')
        ? 'getting_better'
        : 'getting_worse';
  const label = labelFor(marker, assessment);
  return {
    marker,
    label,
    assessment,
    chiSquared,
    slope,
    reasons: [
      `${label}: ${statistic} is above ${formatNumber(RECENT_TREND_CRITICAL_VALUE)} (99.8% significance), and the direction holds when any one of the five points is left out.`,
    ],
  };
}

function labelFor(marker: 'increasing' | 'decreasing', assessment: RecentTrend['assessment']): RecentTrendLabel {
  const direction = marker === 'increasing' ? 'Increasing' : 'Decreasing';
  if (assessment === null) return direction;
  return `${direction} and getting ${assessment === 'getting_better' ? 'better' : 'worse'}`;
}

function noChange(chiSquared: number, slope: number): Omit<RecentTrend, 'reasons'> {
  return { marker: 'no_significant_change', label: 'No significant change', assessment: null, chiSquared, slope };
}

function cannotBeCalculated(why: string): RecentTrend {
  return {
    marker: 'cannot_be_calculated',
    label: 'Cannot be calculated',
    assessment: null,
    chiSquared: null,
    slope: null,
    reasons: [`Cannot be calculated: ${why}.`],
  };
}

function lastPoints<T>(points: readonly T[]): { ok: true; points: readonly T[] } | { ok: false; reason: string } {
  if (points.length < RECENT_TREND_POINTS) {
    return {
      ok: false,
      reason: `the trend needs ${RECENT_TREND_POINTS} periods and there ${points.length === 1 ? 'is' : 'are'} ${points.length}`,
    };
  }
  return { ok: true, points: points.slice(-RECENT_TREND_POINTS) };
}

/** Periods are numbered 1 to 5; the test is unchanged by shifting them, so years give the same answer. */
function positions(): number[] {
  return [1, 2, 3, 4, 5];
}

function olsSlope(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  return (n * sum(x.map((xi, i) => xi * y[i])) - sum(x) * sum(y)) / (n * sum(x.map((xi) => xi ** 2)) - sum(x) ** 2);
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
