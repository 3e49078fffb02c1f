import { describe, expect, it } from 'vitest';
import {
  calculateLimits,
  isCloseToLimits,
  isMovingRangeOutlier,
  isOutsideLimits,
  mean,
  movingRanges,
  relativeToMean,
  TWO_SIGMA_FACTOR,
} from './spc-limits.js';

/**
 * Hand-computed: 9, 11, 9, 11, ... (12 points) has mean 10 and 11 moving ranges of 2, so the average moving
 * range is 2; limits 10 +/- 2.66 x 2 = 4.68 and 15.32; two sigma 10 +/- (2 x 2.66 / 3) x 2 = 6.4533 and 13.5467.
 */
const ALTERNATING = Array.from({ length: 12 }, (_, index) => (index % 2 === 0 ? 9 : 11));

describe(calculateLimits.name, () => {
  it('matches the hand-computed mean, average moving range and limits', () => {
    const sut = calculateLimits(ALTERNATING, { screenOutliers: true });
    expect(sut.mean).toBe(10);
    expect(sut.averageMovingRange).toBe(2);
    expect(sut.lowerProcessLimit).toBeCloseTo(4.68, 12);
    expect(sut.upperProcessLimit).toBeCloseTo(15.32, 12);
    expect(sut.lowerTwoSigmaLimit).toBeCloseTo(6.453333333333, 10);
    expect(sut.upperTwoSigmaLimit).toBeCloseTo(13.546666666667, 10);
  });

  it('uses 2 x 2.66 / 3 for two sigma, as ptd_spc_standard.R, not a rounded 1.773', () => {
    expect(TWO_SIGMA_FACTOR).toBeCloseTo(1.7733333333, 10);
  });

  it('fixes the mean and limits on the first n points', () => {
    const sut = calculateLimits([...ALTERNATING, 100, 200], { fixAfterNPoints: 12, screenOutliers: true });
    expect(sut).toMatchObject({ mean: 10, averageMovingRange: 2 });
  });

  it('counts a null inside the baseline as one of the n points, as row_number() does', () => {
    const values = [null, ...ALTERNATING];
    const sut = calculateLimits(values, { fixAfterNPoints: 12, screenOutliers: true });
    expect(sut.mean).toBeCloseTo((9 * 6 + 11 * 5) / 11, 12);
  });

  it('leaves nulls out of the mean', () => {
    expect(calculateLimits([1, null, 3], { screenOutliers: true }).mean).toBe(2);
  });

  it('drops both moving ranges next to a null rather than bridging the gap', () => {
    const sut = calculateLimits([10, 12, null, 20, 21], { screenOutliers: false });
    expect(sut.averageMovingRange).toBe(1.5);
  });

  it('screens out a moving range at least 3.267 times the average and recomputes the average', () => {
    const values = [10, 11, 10, 11, 10, 11, 10, 11, 10, 40];
    const sut = calculateLimits(values, { screenOutliers: true });
    expect(sut.screenedIndices).toEqual([9]);
    expect(sut.averageMovingRange).toBe(1);
  });

  it('keeps every moving range when screening is off', () => {
    const values = [10, 11, 10, 11, 10, 11, 10, 11, 10, 40];
    const sut = calculateLimits(values, { screenOutliers: false });
    expect(sut.screenedIndices).toEqual([]);
    expect(sut.averageMovingRange).toBe(38 / 9);
  });

  it('has no limits for a single point', () => {
    expect(calculateLimits([5], { screenOutliers: true })).toMatchObject({ mean: 5, upperProcessLimit: null });
  });

  it('has no limits for a flat series, whose zero moving ranges the screen removes as the reference does', () => {
    expect(calculateLimits([5, 5, 5, 5], { screenOutliers: true })).toMatchObject({
      mean: 5,
      averageMovingRange: null,
      lowerProcessLimit: null,
    });
  });

  it('has zero-width limits for a flat series when screening is off', () => {
    expect(calculateLimits([5, 5, 5, 5], { screenOutliers: false })).toMatchObject({
      lowerProcessLimit: 5,
      upperProcessLimit: 5,
    });
  });

  it('has no mean when every value is null', () => {
    expect(calculateLimits([null, null], { screenOutliers: true })).toMatchObject({
      mean: null,
      upperProcessLimit: null,
    });
  });
});

describe(mean.name, () => {
  it('is null for no values', () => {
    expect(mean([])).toBeNull();
  });

  it('corrects first-pass rounding as R does', () => {
    expect(mean([0.1, 0.2, 0.3])).toBe(0.2);
  });
});

describe(movingRanges.name, () => {
  it('has none for the first point and none next to a null', () => {
    expect(movingRanges([3, 5, null, 4, 1])).toEqual([null, 2, null, null, 3]);
  });
});

describe(isMovingRangeOutlier.name, () => {
  it('screens a moving range exactly 3.267 times the average', () => {
    expect(isMovingRangeOutlier(3.267 * 2, 2)).toBe(true);
  });

  it('keeps a moving range just under 3.267 times the average', () => {
    expect(isMovingRangeOutlier(6.533, 2)).toBe(false);
  });
});

describe(relativeToMean.name, () => {
  it.each([
    [11, 1],
    [9, -1],
    [10, 0],
    [null, null],
  ] as const)('gives %s relative to a mean of 10 as %s', (value, expected) => {
    expect(relativeToMean(value, 10)).toBe(expected);
  });
});

describe(isOutsideLimits.name, () => {
  const limits = calculateLimits(ALTERNATING, { screenOutliers: true });

  it('treats a point exactly on the upper process limit as inside', () => {
    expect(isOutsideLimits(limits.upperProcessLimit, limits)).toBe(false);
  });

  it('treats a point exactly on the lower process limit as inside', () => {
    expect(isOutsideLimits(limits.lowerProcessLimit, limits)).toBe(false);
  });

  it('treats a point just above the upper process limit as outside', () => {
    expect(isOutsideLimits(15.33, limits)).toBe(true);
  });

  it('treats a point just below the lower process limit as outside', () => {
    expect(isOutsideLimits(4.67, limits)).toBe(true);
  });
});

describe(isCloseToLimits.name, () => {
  const limits = calculateLimits(ALTERNATING, { screenOutliers: true });

  it('treats a point exactly on two sigma as not close', () => {
    expect(isCloseToLimits(limits.upperTwoSigmaLimit, limits)).toBe(false);
  });

  it('treats a point just beyond two sigma as close', () => {
    expect(isCloseToLimits(13.55, limits)).toBe(true);
  });

  it('treats a point exactly on the process limit as close', () => {
    expect(isCloseToLimits(limits.upperProcessLimit, limits)).toBe(true);
  });

  it('treats a point beyond the process limit as not close', () => {
    expect(isCloseToLimits(16, limits)).toBe(false);
  });

  it('treats a point just beyond the lower two sigma as close', () => {
    expect(isCloseToLimits(6.45, limits)).toBe(true);
  });
});
