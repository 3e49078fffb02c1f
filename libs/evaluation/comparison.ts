import { formatNumber } from './numeric.js';
import type { Polarity } from './polarity.js';

/**
 * Comparison with a benchmark (England, region) as Fingertips makes it (ukhsa-collaboration/fingertips-open,
 * PholioVisualisation.Analysis `SingleOverlappingCIsComparer` and `SingleOverlappingCIsForTwoCILevelsComparer`):
 * the benchmark VALUE is tested against the area's confidence interval; ends of the interval count as inside.
 * - benchmark inside the 95% interval: similar;
 * - outside it: better or worse by polarity (higher or lower with no polarity);
 * - with a 99.8% interval too, outside that: best or worst, i.e. different at 99.8% confidence.
 * Which side the area is on is read from where the benchmark falls against the interval. Fingertips reads it
 * from value < benchmark, which is the same whenever the value lies inside its own interval; its two-level
 * comparer also returns the opposite side for a benchmark between the 95% and 99.8% limits (its own tests
 * TestLower95 and TestHigher95 expect that), which we do not copy: an area above the benchmark at 95% is
 * better for higher-is-better, whichever level is asked.
 */
export type BenchmarkComparison =
  'better' | 'worse' | 'similar' | 'best' | 'worst' | 'higher' | 'lower' | 'not_compared';

export interface IntervalLimits {
  lower: number | null;
  upper: number | null;
}

export interface BenchmarkComparisonInput {
  value: number | null;
  ci95?: IntervalLimits | null;
  ci998?: IntervalLimits | null;
  /** The benchmark's value, e.g. England's. */
  benchmark: number | null;
  polarity: Polarity;
  /** Used in labels and reasons, e.g. "England". */
  benchmarkName?: string;
}

export interface BenchmarkComparisonResult {
  outcome: BenchmarkComparison;
  label: string;
  /** The confidence level at which the difference was found; null when similar at every level or not compared. */
  significantAt: 0.95 | 0.998 | null;
  reasons: string[];
}

export function compareWithBenchmark(input: BenchmarkComparisonInput): BenchmarkComparisonResult {
  const name = input.benchmarkName ?? 'the benchmark';
  if (input.value === null) return notCompared('there is no value for the area (missing or suppressed)');
  if (input.benchmark === null) return notCompared(`there is no value for ${name}`);
  const ci95 = complete(input.ci95);
  const ci998 = complete(input.ci998);
  if (!ci95 && !ci998) return notCompared('the value has no confidence interval');

  const benchmark = input.benchmark;
  const b = formatNumber(benchmark);
  const describe = (ci: { lower: number; upper: number }, level: string): string =>
    `the ${level} confidence interval ${formatNumber(ci.lower)} to ${formatNumber(ci.upper)}`;

  if (ci95 && benchmark >= ci95.lower && benchmark <= ci95.upper) {
    return similar(name, `${name} (${b}) lies within ${describe(ci95, '95%')}, so the difference could be chance.`);
  }
  if (!ci95 && ci998 && benchmark >= ci998.lower && benchmark <= ci998.upper) {
    return similar(
      name,
      `${name} (${b}) lies within ${describe(ci998, '99.8%')}; no 95% interval was given, so a difference significant only at 95% cannot be seen.`,
    );
  }

  // Only one interval can be missing here: the checks above returned when both were.
  const outer = ci95 ?? (ci998 as { lower: number; upper: number });
  const areaHigher = benchmark < outer.lower;
  const beyond998 = ci998 !== null && (areaHigher ? benchmark < ci998.lower : benchmark > ci998.upper);
  const significantAt = beyond998 ? 0.998 : 0.95;
  const side = areaHigher ? 'below' : 'above';
  const higherOrLower = areaHigher ? 'higher' : 'lower';
  const reasons = [
    beyond998 && ci998
      ? capitalise(
          `${name} (${b}) lies ${side} ${describe(ci998, '99.8%')}, so the area is significantly ${higherOrLower} at 99.8% confidence.`,
        )
      : capitalise(
          `${name} (${b}) lies ${side} ${describe(outer, '95%')}${ci998 ? ` but within ${describe(ci998, '99.8%')}` : ''}, so the area is significantly ${higherOrLower} at 95% confidence.`,
        ),
  ];
  const levelSuffix = ci998 ? ` (${beyond998 ? '99.8%' : '95%'})` : '';

  if (input.polarity === 'no_polarity') {
    reasons.push('The indicator has no polarity, so higher or lower is neither better nor worse.');
    return {
      outcome: areaHigher ? 'higher' : 'lower',
      label: `${areaHigher ? 'Higher than' : 'Lower than'} ${name}${levelSuffix}`,
      significantAt,
      reasons,
    };
  }
  const better = areaHigher === (input.polarity === 'higher_is_better');
  const outcome: BenchmarkComparison = better ? (beyond998 ? 'best' : 'better') : beyond998 ? 'worst' : 'worse';
  reasons.push(`${input.polarity === 'higher_is_better' ? 'Higher' : 'Lower'} is better for this indicator.`);
  return { outcome, label: `${better ? 'Better than' : 'Worse than'} ${name}${levelSuffix}`, significantAt, reasons };
}

function complete(ci: IntervalLimits | null | undefined): { lower: number; upper: number } | null {
  if (!ci || ci.lower === null || ci.upper === null || !Number.isFinite(ci.lower) || !Number.isFinite(ci.upper)) {
    return null;
  }
  if (ci.lower > ci.upper)
    throw new RangeError(`a confidence interval needs lower <= upper, got ${ci.lower} to ${ci.upper}`);
  return { lower: ci.lower, upper: ci.upper };
}

function notCompared(why: string): BenchmarkComparisonResult {
  return { outcome: 'not_compared', label: 'Not compared', significantAt: null, reasons: [`Not compared: ${why}.`] };
}

function similar(name: string, reason: string): BenchmarkComparisonResult {
  return { outcome: 'similar', label: `Similar to ${name}`, significantAt: null, reasons: [capitalise(reason)] };
}

function capitalise(sentence: string): string {
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}
