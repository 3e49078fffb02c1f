/**
 * Confidence intervals for proportions and rates (SPEC 4.6), ported from the PHEindicatormethods R package
 * (ukhsa-collaboration/PHEindicatormethods) so our limits match the ones Fingertips publishes:
 * - `R/utils.R`: `wilson_lower`, `wilson_upper`, `byars_lower`, `byars_upper`;
 * - `R/Proportions.R` `phe_proportion`: Wilson score limits, × 100 for percentages;
 * - `R/Rates.R` `phe_rate`: exact Poisson limits via the chi-squared quantile when x < 10, Byar's otherwise.
 * The expressions keep R's form (e.g. `confidence + (1 - confidence) / 2`) so floating point agrees too.
 */
import { chiSquaredQuantile, normalQuantile } from './distributions.js';
import { formatNumber } from './numeric.js';

export type IntervalMethod = 'wilson' | 'byars' | 'exact';

/** The two levels Fingertips publishes. Any level from 0.9 up to (not including) 1 is accepted. */
export const CONFIDENCE_95 = 0.95;
export const CONFIDENCE_99_8 = 0.998;

/** `phe_rate` switches from the exact method to Byar's at 10 events (`if_else(x < 10, exact, byars)`). */
export const EXACT_METHOD_BELOW_EVENTS = 10;

export interface ConfidenceInterval {
  value: number;
  lower: number;
  upper: number;
  level: number;
  method: IntervalMethod;
  reasons: string[];
}

/** R/utils.R `wilson_lower`: lower Wilson score limit of the proportion x / n. */
export function wilsonLower(x: number, n: number, level = CONFIDENCE_95): number {
  assertProportion(x, n);
  const z = zFor(level);
  return (2 * x + z ** 2 - z * Math.sqrt(z ** 2 + 4 * x * (1 - x / n))) / 2 / (n + z ** 2);
}

/** R/utils.R `wilson_upper`. */
export function wilsonUpper(x: number, n: number, level = CONFIDENCE_95): number {
  assertProportion(x, n);
  const z = zFor(level);
  return (2 * x + z ** 2 + z * Math.sqrt(z ** 2 + 4 * x * (1 - x / n))) / 2 / (n + z ** 2);
}

/**
 * R/utils.R `byars_lower`: lower limit for an observed count. Byar's approximation goes negative for very
 * small counts at high confidence; R returns NA there, and so do we (null).
 */
export function byarsLower(x: number, level = CONFIDENCE_95): number | null {
  assertCount(x);
  const z = zFor(level);
  const lower = x * (1 - 1 / (9 * x) - z / (3 * Math.sqrt(x))) ** 3;
  return lower < 0 || Number.isNaN(lower) ? null : lower;
}

/** R/utils.R `byars_upper`. */
export function byarsUpper(x: number, level = CONFIDENCE_95): number {
  assertCount(x);
  const z = zFor(level);
  return (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * Math.sqrt(x + 1))) ** 3;
}

/**
 * R/Rates.R `phe_rate`, exact branch: `qchisq((1-confidence)/2, 2*x)/2`, the Poisson limit by its
 * relation to the chi-squared (gamma) distribution (Armitage & Berry 2002). 0 events gives 0.
 */
export function exactPoissonLower(x: number, level = CONFIDENCE_95): number {
  assertCount(x);
  assertLevel(level);
  return chiSquaredQuantile((1 - level) / 2, 2 * x) / 2;
}

/** R/Rates.R `phe_rate`, exact branch: `qchisq(confidence+(1-confidence)/2, 2*x+2)/2`. */
export function exactPoissonUpper(x: number, level = CONFIDENCE_95): number {
  assertCount(x);
  assertLevel(level);
  return chiSquaredQuantile(level + (1 - level) / 2, 2 * x + 2) / 2;
}

/**
 * R/Proportions.R `phe_proportion`: the proportion with Wilson score limits. `multiplier` 100 gives
 * a percentage, as `percentage = TRUE` does.
 */
export function wilsonInterval(
  numerator: number,
  denominator: number,
  level = CONFIDENCE_95,
  multiplier = 1,
): ConfidenceInterval {
  assertProportion(numerator, denominator);
  if (!(denominator > 0)) throw new RangeError('denominators must be greater than zero');
  assertMultiplier(multiplier);
  const value = (numerator / denominator) * multiplier;
  const lower = wilsonLower(numerator, denominator, level) * multiplier;
  const upper = wilsonUpper(numerator, denominator, level) * multiplier;
  return {
    value,
    lower,
    upper,
    level,
    method: 'wilson',
    reasons: [
      `Wilson score interval at ${formatLevel(level)} for ${formatNumber(numerator)} of ${formatNumber(denominator)}: ${formatNumber(lower)} to ${formatNumber(upper)} (PHEindicatormethods phe_proportion).`,
    ],
  };
}

/**
 * R/Rates.R `phe_rate`: a crude rate count / denominator × multiplier with exact Poisson limits below
 * 10 events and Byar's method from 10 events.
 */
export function byarsRateInterval(
  count: number,
  denominator: number,
  multiplier = 100_000,
  level = CONFIDENCE_95,
): ConfidenceInterval {
  assertCount(count);
  if (!(denominator > 0)) throw new RangeError('denominators must be greater than zero');
  assertMultiplier(multiplier);
  assertLevel(level);
  const value = (count / denominator) * multiplier;
  const exact = count < EXACT_METHOD_BELOW_EVENTS;
  const lowerCount = exact ? exactPoissonLower(count, level) : (byarsLower(count, level) ?? 0);
  const upperCount = exact ? exactPoissonUpper(count, level) : byarsUpper(count, level);
  const lower = (lowerCount / denominator) * multiplier;
  const upper = (upperCount / denominator) * multiplier;
  const per = `per ${multiplier.toLocaleString('en-GB')}`;
  return {
    value,
    lower,
    upper,
    level,
    method: exact ? 'exact' : 'byars',
    reasons: [
      exact
        ? `${formatNumber(count)} events is fewer than ${EXACT_METHOD_BELOW_EVENTS}, so the exact Poisson interval is used, as PHEindicatormethods phe_rate does; Byar's approximation is unreliable for so few events.`
        : `${formatNumber(count)} events is at least ${EXACT_METHOD_BELOW_EVENTS}, so Byar's method is used (PHEindicatormethods phe_rate).`,
      `Rate ${formatNumber(value)} ${per}, ${formatLevel(level)} interval ${formatNumber(lower)} to ${formatNumber(upper)}.`,
    ],
  };
}

function zFor(level: number): number {
  assertLevel(level);
  return normalQuantile(level + (1 - level) / 2);
}

function formatLevel(level: number): string {
  return `${formatNumber(level * 100)}%`;
}

/** PHEindicatormethods accepts 0.9 to 1; a level of 1 gives no interval, so it is refused here. */
function assertLevel(level: number): void {
  if (!(level >= 0.9 && level < 1)) {
    throw new RangeError(`confidence level must be at least 0.9 and below 1 (e.g. 0.95 or 0.998), got ${level}`);
  }
}

function assertCount(x: number): void {
  if (!Number.isFinite(x) || x < 0) throw new RangeError('observed events must all be greater than or equal to zero');
}

function assertProportion(x: number, n: number): void {
  assertCount(x);
  if (!Number.isFinite(n) || n < 0) throw new RangeError('sample sizes must all be greater than zero');
  if (x > n) {
    throw new RangeError('numerators must be less than or equal to denominator for a Wilson score to be calculated');
  }
}

function assertMultiplier(multiplier: number): void {
  if (!Number.isFinite(multiplier) || multiplier <= 0)
    throw new RangeError(`multiplier must be positive, got ${multiplier}`);
}
