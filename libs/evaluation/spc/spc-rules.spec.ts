/**
 * Vectors marked "ported" come from tests/testthat/test-ptd_calculate_point_type.R. The reference helpers
 * return per-point 0/1 flags; the equivalent here is the set of flagged indices (0-based).
 */
import { describe, expect, it } from 'vitest';
import { findOneSideOfMean, findOutsideLimits, findTrends, findTwoInThree, type RelativeToMean } from './spc-rules.js';

const flagged = (matches: readonly { indices: readonly number[] }[]): number[] =>
  [...new Set(matches.flatMap((match) => match.indices))].sort((a, b) => a - b);
const sequence = (from: number, to: number): number[] =>
  Array.from({ length: Math.abs(to - from) + 1 }, (_, offset) => (to >= from ? from + offset : from - offset));
const sides = (...values: RelativeToMean[]): RelativeToMean[] => values;
const bools = (...values: number[]): boolean[] => values.map((value) => value === 1);

describe(findOutsideLimits.name, () => {
  it('reports each point beyond a limit on its side of the mean', () => {
    const sut = findOutsideLimits(bools(0, 1, 0, 1), sides(1, 1, -1, -1));
    expect(sut).toEqual([
      { side: 'high', start: 1, end: 1, indices: [1] },
      { side: 'low', start: 3, end: 3, indices: [3] },
    ]);
  });
});

describe(findTrends.name, () => {
  it('finds nothing in an empty series (ported)', () => {
    expect(findTrends([], 7)).toEqual([]);
  });

  it('finds nothing in 6 rising points (ported: 1:6)', () => {
    expect(findTrends(sequence(1, 6), 7)).toEqual([]);
  });

  it('counts a trend in points: 7 points, i.e. 6 rises, flag all 7 (ported: 1:7)', () => {
    expect(findTrends(sequence(1, 7), 7)).toEqual([{ side: 'high', start: 0, end: 6, indices: sequence(0, 6) }]);
  });

  it('flags a falling run of 7 as low (ported: 7:1)', () => {
    expect(findTrends(sequence(7, 1), 7)).toEqual([{ side: 'low', start: 0, end: 6, indices: sequence(0, 6) }]);
  });

  it('breaks the run at a tie (ported: c(1:3, 3:6))', () => {
    expect(findTrends([1, 2, 3, 3, 4, 5, 6], 7)).toEqual([]);
  });

  it('flags only the rising points inside a longer series (ported: c(2, 1:7, 3))', () => {
    expect(flagged(findTrends([2, 1, 2, 3, 4, 5, 6, 7, 3], 7))).toEqual(sequence(1, 7));
  });

  it('flags only the falling points inside a longer series (ported: c(2, 7:1, 3))', () => {
    expect(flagged(findTrends([2, 7, 6, 5, 4, 3, 2, 1, 3], 7))).toEqual(sequence(1, 7));
  });

  it('flags every point of a run longer than the run length', () => {
    expect(findTrends(sequence(1, 9), 7)).toEqual([{ side: 'high', start: 0, end: 8, indices: sequence(0, 8) }]);
  });

  it('accepts 6 points as a trend when the run length is 6', () => {
    expect(flagged(findTrends(sequence(1, 6), 6))).toEqual(sequence(0, 5));
  });

  it('shares the turning point between a rise and a fall', () => {
    const sut = findTrends([1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1], 7);
    expect(sut.map(({ side, start, end }) => ({ side, start, end }))).toEqual([
      { side: 'high', start: 0, end: 6 },
      { side: 'low', start: 6, end: 12 },
    ]);
  });

  it('breaks the run at a null', () => {
    expect(findTrends([1, 2, 3, null, 4, 5, 6, 7], 7)).toEqual([]);
  });
});

describe(findTwoInThree.name, () => {
  it('finds nothing in an empty series (ported)', () => {
    expect(findTwoInThree([], [])).toEqual([]);
  });

  it.each([
    ['1, 0, 1', bools(1, 0, 1), [0, 2]],
    ['0, 1, 1', bools(0, 1, 1), [1, 2]],
    ['1, 1, 0', bools(1, 1, 0), [0, 1]],
  ])('flags the two close points of %s on one side (ported)', (_, close, expected) => {
    expect(flagged(findTwoInThree(close, sides(1, 1, 1)))).toEqual(expected);
  });

  it('flags close points two apart with a point between (ported: 0,0,1,0,1,0,0)', () => {
    const sut = findTwoInThree(bools(0, 0, 1, 0, 1, 0, 0), sides(1, 1, 1, 1, 1, 1, 1));
    expect(sut).toEqual([{ side: 'high', start: 2, end: 4, indices: [2, 4] }]);
  });

  it('merges overlapping windows into one signal (ported: 0,0,1,1,0,0,0)', () => {
    const sut = findTwoInThree(bools(0, 0, 1, 1, 0, 0, 0), sides(1, 1, 1, 1, 1, 1, 1));
    expect(sut).toEqual([{ side: 'high', start: 1, end: 4, indices: [2, 3] }]);
  });

  it('reports a pair below the mean as low', () => {
    expect(findTwoInThree(bools(1, 1, 0), sides(-1, -1, -1))).toMatchObject([{ side: 'low' }]);
  });

  it('does not flag close points three apart (ported: 1,0,0,1)', () => {
    expect(findTwoInThree(bools(1, 0, 0, 1), sides(1, 1, 1, 1))).toEqual([]);
  });

  it('flags only the pair at the end (ported: 1,0,0,1,1)', () => {
    expect(flagged(findTwoInThree(bools(1, 0, 0, 1, 1), sides(1, 1, 1, 1, 1)))).toEqual([3, 4]);
  });

  it.each([
    ['1, 0, 1', bools(1, 0, 1)],
    ['0, 1, 1', bools(0, 1, 1)],
    ['1, 1, 0', bools(1, 1, 0)],
  ])('does not flag %s when the window straddles the mean (ported, #143)', (_, close) => {
    expect(findTwoInThree(close, sides(1, -1, 1))).toEqual([]);
  });

  it('does not flag a pair whose third point is on the other side of the mean', () => {
    expect(findTwoInThree(bools(1, 1, 0), sides(1, 1, -1))).toEqual([]);
  });

  it('does not flag a pair whose third point is exactly on the mean', () => {
    expect(findTwoInThree(bools(0, 1, 1), sides(0, 1, 1))).toEqual([]);
  });

  it('does not flag a pair at the start of the group without a third point', () => {
    expect(findTwoInThree(bools(1, 1), sides(1, 1))).toEqual([]);
  });

  it('does not let a window span a null', () => {
    expect(findTwoInThree(bools(1, 0, 1), sides(1, null, 1))).toEqual([]);
  });
});

describe(findOneSideOfMean.name, () => {
  it('finds nothing in an empty series (ported)', () => {
    expect(findOneSideOfMean([], 7)).toEqual([]);
  });

  it('finds nothing in 6 points above (ported: rep(1, 6))', () => {
    expect(findOneSideOfMean(sides(1, 1, 1, 1, 1, 1), 7)).toEqual([]);
  });

  it('finds nothing in 6 above then 1 below (ported: c(rep(1, 6), -1))', () => {
    expect(findOneSideOfMean(sides(1, 1, 1, 1, 1, 1, -1), 7)).toEqual([]);
  });

  it('flags all 8 points of a run above, not the point after (ported: c(rep(1, 8), -1))', () => {
    expect(findOneSideOfMean(sides(1, 1, 1, 1, 1, 1, 1, 1, -1), 7)).toEqual([
      { side: 'high', start: 0, end: 7, indices: sequence(0, 7) },
    ]);
  });

  it('flags a run below as low (ported: c(rep(-1, 8), 1))', () => {
    expect(findOneSideOfMean(sides(-1, -1, -1, -1, -1, -1, -1, -1, 1), 7)).toMatchObject([{ side: 'low', end: 7 }]);
  });

  it('breaks the run at a point exactly on the mean', () => {
    expect(findOneSideOfMean(sides(1, 1, 1, 0, 1, 1, 1, 1), 7)).toEqual([]);
  });

  it('breaks the run at a null', () => {
    expect(findOneSideOfMean(sides(1, 1, 1, null, 1, 1, 1, 1), 7)).toEqual([]);
  });

  it('accepts 6 points when the run length is 6', () => {
    expect(flagged(findOneSideOfMean(sides(-1, 1, 1, 1, 1, 1, 1), 6))).toEqual(sequence(1, 6));
  });

  it('never treats points on the mean as a run', () => {
    expect(findOneSideOfMean(sides(0, 0, 0, 0, 0, 0, 0), 7)).toEqual([]);
  });
});
