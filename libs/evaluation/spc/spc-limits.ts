/**
 * Mean, moving ranges and limits of one group: a port of the grouped mutate() in NHSRplotthedots
 * R/ptd_spc_standard.R.
 */

/** ptd_spc_standard.R: `limit <- 2.66`. */
export const PROCESS_LIMIT_FACTOR = 2.66;

/** ptd_spc_standard.R: `limitclose <- 2 * (limit / 3)`, i.e. 1.7733..., not a rounded 1.773. */
export const TWO_SIGMA_FACTOR = 2 * (PROCESS_LIMIT_FACTOR / 3);

/** ptd_spc_standard.R keeps a moving range only while `mr < 3.267 * amr`. */
export const MOVING_RANGE_OUTLIER_FACTOR = 3.267;

export interface SpcLimits {
  readonly mean: number | null;
  readonly averageMovingRange: number | null;
  readonly lowerProcessLimit: number | null;
  readonly upperProcessLimit: number | null;
  readonly lowerTwoSigmaLimit: number | null;
  readonly upperTwoSigmaLimit: number | null;
  /** Local indices whose moving range was screened out. */
  readonly screenedIndices: readonly number[];
}

export interface LimitOptions {
  readonly fixAfterNPoints?: number | null;
  readonly screenOutliers: boolean;
}

/**
 * R's mean() adds a second pass that corrects the first pass's rounding error; without it, a value the
 * reference sees as exactly on the mean can land an ulp to one side here.
 */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const firstPass = values.reduce((sum, value) => sum + value, 0) / values.length;
  const correction = values.reduce((sum, value) => sum + (value - firstPass), 0) / values.length;
  return firstPass + correction;
}

/** Moving ranges within a group: none for the first point, and none across a null (R's diff() gives NA). */
export function movingRanges(values: readonly (number | null)[]): (number | null)[] {
  return values.map((value, index) => {
    const previous = index === 0 ? null : values[index - 1]!;
    return value === null || previous === null ? null : Math.abs(value - previous);
  });
}

/** A moving range exactly at 3.267 x the average is screened out: the reference keeps only strictly smaller ones. */
export function isMovingRangeOutlier(movingRange: number, averageMovingRange: number): boolean {
  return !(movingRange < MOVING_RANGE_OUTLIER_FACTOR * averageMovingRange);
}

/**
 * `fix_y` in ptd_spc_standard.R counts rows (row_number()), so a null inside the first n periods still uses
 * up one of the n.
 */
export function calculateLimits(values: readonly (number | null)[], options: LimitOptions): SpcLimits {
  const fixAfter = options.fixAfterNPoints ?? Number.POSITIVE_INFINITY;
  const baseline = values.map((value, index) => (index + 1 <= fixAfter ? value : null));
  const centre = mean(baseline.filter(isNumber));

  const ranges = movingRanges(baseline);
  const unscreenedAverage = mean(ranges.filter(isNumber));
  const screenedIndices: number[] = [];
  if (options.screenOutliers && unscreenedAverage !== null) {
    ranges.forEach((range, index) => {
      if (range !== null && isMovingRangeOutlier(range, unscreenedAverage)) screenedIndices.push(index);
    });
  }
  const kept = ranges.filter((range, index): range is number => range !== null && !screenedIndices.includes(index));
  const averageMovingRange = mean(kept);

  if (centre === null || averageMovingRange === null) {
    return {
      mean: centre,
      averageMovingRange,
      lowerProcessLimit: null,
      upperProcessLimit: null,
      lowerTwoSigmaLimit: null,
      upperTwoSigmaLimit: null,
      screenedIndices,
    };
  }
  return {
    mean: centre,
    averageMovingRange,
    lowerProcessLimit: centre - PROCESS_LIMIT_FACTOR * averageMovingRange,
    upperProcessLimit: centre + PROCESS_LIMIT_FACTOR * averageMovingRange,
    lowerTwoSigmaLimit: centre - TWO_SIGMA_FACTOR * averageMovingRange,
    upperTwoSigmaLimit: centre + TWO_SIGMA_FACTOR * averageMovingRange,
    screenedIndices,
  };
}

/** `sign(y - mean)`: 0 exactly on the mean, which breaks a one-side run. */
export function relativeToMean(value: number | null, centre: number | null): -1 | 0 | 1 | null {
  if (value === null || centre === null) return null;
  return value > centre ? 1 : value < centre ? -1 : 0;
}

/** Strictly beyond: a point exactly on a process limit is inside (`y > upl | y < lpl`). */
export function isOutsideLimits(value: number | null, limits: SpcLimits): boolean {
  if (value === null || limits.lowerProcessLimit === null || limits.upperProcessLimit === null) return false;
  return value > limits.upperProcessLimit || value < limits.lowerProcessLimit;
}

/** Strictly beyond two sigma and not outside the process limits (`!outside_limits & (y < nlpl | y > nupl)`). */
export function isCloseToLimits(value: number | null, limits: SpcLimits): boolean {
  if (value === null || limits.lowerTwoSigmaLimit === null || limits.upperTwoSigmaLimit === null) return false;
  if (isOutsideLimits(value, limits)) return false;
  return value < limits.lowerTwoSigmaLimit || value > limits.upperTwoSigmaLimit;
}

function isNumber(value: number | null): value is number {
  return value !== null;
}
