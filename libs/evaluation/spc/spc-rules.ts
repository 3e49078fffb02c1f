/**
 * The four special-cause rules over one group, ported from NHSRplotthedots R/ptd_calculate_point_type.R.
 * The reference marks the last point of every qualifying window and then spreads the mark back over the
 * window (ptd_part_of_seven_trend); the union of those windows is exactly the set of maximal runs found
 * here, so each run is returned once with all its points.
 *
 * Nulls: the reference propagates NA, so a window containing a missing value never fires
 * (ptd_seven_point_one_side_mean, ptd_two_in_three) or, for a trend whose other steps agree, stops with an
 * error (`if (NA)` in ptd_seven_point_trend). Here a null ends every run and window.
 */
import type { SpcSide } from './spc-types.js';

export type RelativeToMean = -1 | 0 | 1 | null;

/** Local indices within the group. */
export interface RuleMatch {
  readonly side: SpcSide;
  readonly start: number;
  readonly end: number;
  readonly indices: readonly number[];
}

/** `ifelse(relative_to_mean == 1, "Above UCL", "Below LCL")`. */
export function findOutsideLimits(outside: readonly boolean[], relative: readonly RelativeToMean[]): RuleMatch[] {
  const matches: RuleMatch[] = [];
  outside.forEach((isOutside, index) => {
    if (isOutside)
      matches.push({ side: relative[index] === 1 ? 'high' : 'low', start: index, end: index, indices: [index] });
  });
  return matches;
}

/**
 * ptd_seven_point_trend: `runLength` points (runLength - 1 steps) all strictly rising or all strictly falling.
 * A tie has sign 0 and so breaks the run. A rise followed by a fall shares the turning point between two runs.
 */
export function findTrends(values: readonly (number | null)[], runLength: number): RuleMatch[] {
  const matches: RuleMatch[] = [];
  let start = 0;
  let direction = 0;
  const close = (end: number): void => {
    if (direction !== 0 && end - start + 1 >= runLength) {
      matches.push({ side: direction > 0 ? 'high' : 'low', start, end, indices: range(start, end) });
    }
  };
  for (let index = 1; index < values.length; index++) {
    const step = stepSign(values[index - 1]!, values[index]!);
    if (step !== 0 && step === direction) continue;
    close(index - 1);
    direction = step;
    start = index - 1;
  }
  close(values.length - 1);
  return matches;
}

/**
 * ptd_two_in_three + ptd_part_of_two_in_three: a window of three consecutive points fires when at least two
 * are close to the limits and all three lie on the same side of the mean (`abs(sum(rtm)) == 3`, the fix for
 * issue #143). Only the close points are flagged. Windows never reach past the group's ends (the reference
 * pads with zeros), and overlapping firing windows are reported as one match.
 */
export function findTwoInThree(close: readonly boolean[], relative: readonly RelativeToMean[]): RuleMatch[] {
  const matches: { side: SpcSide; start: number; end: number; indices: number[] }[] = [];
  for (let start = 0; start + 2 < close.length; start++) {
    const side = relative[start];
    if (side === null || side === 0 || relative[start + 1] !== side || relative[start + 2] !== side) continue;
    const flagged = range(start, start + 2).filter((index) => close[index]);
    if (flagged.length < 2) continue;
    const previous = matches.at(-1);
    if (previous !== undefined && previous.end >= start) {
      previous.end = start + 2;
      previous.indices = [...new Set([...previous.indices, ...flagged])];
    } else {
      matches.push({ side: side === 1 ? 'high' : 'low', start, end: start + 2, indices: flagged });
    }
  }
  return matches;
}

/** ptd_seven_point_one_side_mean: `runLength` points on the same side; a point exactly on the mean (0) breaks it. */
export function findOneSideOfMean(relative: readonly RelativeToMean[], runLength: number): RuleMatch[] {
  const matches: RuleMatch[] = [];
  let start = 0;
  for (let index = 1; index <= relative.length; index++) {
    const side = relative[start];
    if (index < relative.length && relative[index] === side) continue;
    if (side !== null && side !== 0 && index - start >= runLength) {
      matches.push({ side: side === 1 ? 'high' : 'low', start, end: index - 1, indices: range(start, index - 1) });
    }
    start = index;
  }
  return matches;
}

function stepSign(previous: number | null, current: number | null): number {
  if (previous === null || current === null) return 0;
  return Math.sign(current - previous);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, offset) => from + offset);
}
