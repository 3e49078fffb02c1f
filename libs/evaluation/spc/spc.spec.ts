import { describe, expect, it } from 'vitest';
import type { Polarity } from '../polarity.js';
import { calculateAssurance, calculateSpc, pointTypeFor, variationIconFor } from './spc.js';
import type { SpcInputPoint, SpcOptions, SpcResult } from './spc-types.js';

const series = (values: readonly (number | null)[]): SpcInputPoint[] =>
  values.map((y, index) => ({ x: `p${index + 1}`, y }));

/** Mean 10, average moving range 2: limits 4.68 to 15.32, two sigma 6.4533 to 13.5467 (see spc-limits.spec.ts). */
const BASELINE_ENDING_HIGH = Array.from({ length: 12 }, (_, index) => (index % 2 === 0 ? 9 : 11));
const BASELINE_ENDING_LOW = Array.from({ length: 12 }, (_, index) => (index % 2 === 0 ? 11 : 9));

const fixed = (values: readonly (number | null)[], options: Partial<SpcOptions> = {}): SpcResult =>
  calculateSpc(series(values), { polarity: 'higher_is_better', fixAfterNPoints: 12, ...options });

const rulesAt = (result: SpcResult, index: number): string[] =>
  result.points[index]!.matchedSignals.map((signal) => signal.rule);

describe(calculateSpc.name, () => {
  /**
   * Hand-computed example. Baseline 9, 11, ... 11 (fixed: mean 10, limits 4.68 to 15.32, two sigma 13.5467),
   * then 12, 12.5, 13, 13.5, 14, 14.5, 15, 16:
   * - 16 (index 19) is above 15.32: outside_limits.
   * - 9 (index 10) to 16 (index 19) rise at every step: a 10-point trend.
   * - 14, 14.5 and 15 (indices 16 to 18) are beyond 13.5467 but inside 15.32, all above the mean: two_in_three.
   * - 11 (index 11) to 16 (index 19) are all above 10: 9 points on one side.
   */
  describe('hand-computed example', () => {
    const values = [...BASELINE_ENDING_HIGH, 12, 12.5, 13, 13.5, 14, 14.5, 15, 16];

    it('keeps the baseline mean and limits for the later points', () => {
      const [group] = fixed(values).groups;
      expect(group).toMatchObject({ mean: 10, averageMovingRange: 2, baselineEndIndex: 11, trialLimits: false });
      expect(group!.upperProcessLimit).toBeCloseTo(15.32, 12);
    });

    it('finds one signal per rule with the indices of its points', () => {
      const sut = fixed(values);
      expect(sut.signals.map(({ rule, side, indices }) => ({ rule, side, indices }))).toEqual([
        { rule: 'trend', side: 'high', indices: [10, 11, 12, 13, 14, 15, 16, 17, 18, 19] },
        { rule: 'one_side_of_mean', side: 'high', indices: [11, 12, 13, 14, 15, 16, 17, 18, 19] },
        { rule: 'two_in_three', side: 'high', indices: [16, 17, 18] },
        { rule: 'outside_limits', side: 'high', indices: [19] },
      ]);
    });

    it('gives the span and labels of a run', () => {
      const trend = fixed(values).signals.find((signal) => signal.rule === 'trend');
      expect(trend).toMatchObject({ startIndex: 10, endIndex: 19, fromX: 'p11', toX: 'p20', groupIndex: 0 });
    });

    it('spans the whole window of a two_in_three cluster', () => {
      const cluster = fixed(values).signals.find((signal) => signal.rule === 'two_in_three');
      expect(cluster).toMatchObject({ startIndex: 15, endIndex: 19 });
    });

    it('decides a point beyond a limit by outside_limits before any run', () => {
      const sut = fixed(values);
      expect(rulesAt(sut, 19)).toEqual(['outside_limits', 'trend', 'one_side_of_mean']);
      expect(sut.points[19]!.signal!.rule).toBe('outside_limits');
    });

    it('decides by trend before two_in_three and one side of the mean', () => {
      expect(rulesAt(fixed(values), 17)).toEqual(['trend', 'two_in_three', 'one_side_of_mean']);
    });

    it('labels a rising-trend point below the mean as improvement, by the trend direction (#171)', () => {
      const point = fixed(values).points[10]!;
      expect(point).toMatchObject({ y: 9, relativeToMean: -1, pointType: 'special_cause_improvement', side: 'high' });
    });

    it('leaves the baseline points before the trend as common cause', () => {
      const sut = fixed(values);
      expect(
        sut.points.slice(0, 10).every((point) => point.pointType === 'common_cause' && point.signal === null),
      ).toBe(true);
    });

    it.each([
      ['higher_is_better', 'special_cause_improvement', 'improvement_high'],
      ['lower_is_better', 'special_cause_concern', 'concern_high'],
      ['no_polarity', 'special_cause_neutral', 'neutral_high'],
    ] as const)('with %s gives %s and the %s icon', (polarity, type, icon) => {
      const sut = fixed(values, { polarity });
      expect(sut.points.slice(10).every((point) => point.pointType === type)).toBe(true);
      expect(sut.variation).toMatchObject({ type, side: 'high', icon, pointIndex: 19, x: 'p20' });
    });

    it('moves the mean and limits when the baseline is not fixed', () => {
      const [group] = calculateSpc(series(values), { polarity: 'higher_is_better' }).groups;
      expect(group!.mean).toBeCloseTo(230.5 / 20, 12);
      expect(group!.baselineEndIndex).toBe(19);
    });
  });

  describe('one side of the mean', () => {
    it('flags 7 points above the mean', () => {
      const sut = fixed([...BASELINE_ENDING_LOW, 10.5, 10.5, 10.5, 10.5, 10.5, 10.5, 10.5]);
      expect(sut.signals).toMatchObject([{ rule: 'one_side_of_mean', side: 'high', startIndex: 12, endIndex: 18 }]);
    });

    it('breaks the run at a point exactly on the mean', () => {
      const sut = fixed([...BASELINE_ENDING_LOW, 10.5, 10.5, 10.5, 10, 10.5, 10.5, 10.5, 10.5]);
      expect(sut.signals).toEqual([]);
    });

    it('does not flag 6 points with the default run length of 7', () => {
      expect(fixed([...BASELINE_ENDING_LOW, 10.5, 10.5, 10.5, 10.5, 10.5, 10.5, 9.5]).signals).toEqual([]);
    });

    it('flags 6 points when runLength is 6', () => {
      const sut = fixed([...BASELINE_ENDING_LOW, 10.5, 10.5, 10.5, 10.5, 10.5, 10.5, 9.5], { runLength: 6 });
      expect(sut.signals).toMatchObject([{ rule: 'one_side_of_mean', indices: [12, 13, 14, 15, 16, 17] }]);
    });

    it('gives concern for a run below the mean when higher is better', () => {
      const sut = fixed([...BASELINE_ENDING_HIGH, 9.5, 9.5, 9.5, 9.5, 9.5, 9.5, 9.5]);
      expect(sut.variation).toMatchObject({ type: 'special_cause_concern', side: 'low', icon: 'concern_low' });
    });

    it('gives improvement for a run below the mean when lower is better', () => {
      const sut = fixed([...BASELINE_ENDING_HIGH, 9.5, 9.5, 9.5, 9.5, 9.5, 9.5, 9.5], { polarity: 'lower_is_better' });
      expect(sut.variation).toMatchObject({ type: 'special_cause_improvement', icon: 'improvement_low' });
    });
  });

  describe('trend', () => {
    const sixRising = [...BASELINE_ENDING_LOW, 9.2, 9.4, 9.6, 9.8, 10, 9.9];

    it('does not flag 6 rising points with the default run length of 7', () => {
      expect(fixed(sixRising).signals).toEqual([]);
    });

    it('flags 6 rising points when runLength is 6', () => {
      const sut = fixed(sixRising, { runLength: 6 });
      expect(sut.signals).toMatchObject([{ rule: 'trend', side: 'high', indices: [11, 12, 13, 14, 15, 16] }]);
    });

    it('flags 7 rising points, counting the run in points (6 rises)', () => {
      const sut = fixed([...BASELINE_ENDING_LOW, 9.2, 9.4, 9.6, 9.8, 10, 10.2]);
      expect(sut.signals.filter((signal) => signal.rule === 'trend')).toMatchObject([{ startIndex: 11, endIndex: 17 }]);
    });

    it('breaks the run at a tie', () => {
      const sut = fixed([...BASELINE_ENDING_LOW, 9.2, 9.4, 9.4, 9.6, 9.8, 10, 10.2]);
      expect(sut.signals.filter((signal) => signal.rule === 'trend')).toEqual([]);
    });

    it('gives a falling trend concern when higher is better', () => {
      const sut = fixed([...BASELINE_ENDING_HIGH, 10.8, 10.6, 10.4, 10.2, 10, 9.8]);
      expect(sut.variation).toMatchObject({ type: 'special_cause_concern', side: 'low', icon: 'concern_low' });
      expect(sut.variation!.signal).toMatchObject({ rule: 'trend', startIndex: 11, endIndex: 17 });
    });

    it('gives a turning point shared by a rise and a fall the direction of the later run', () => {
      const wide = Array.from({ length: 12 }, (_, index) => (index % 2 === 0 ? 0 : 100));
      const sut = fixed([...wide, 41, 42, 43, 44, 45, 46, 47, 46, 45, 44, 43, 42, 41]);
      expect(rulesAt(sut, 18)).toEqual(['trend', 'trend', 'one_side_of_mean']);
      expect(sut.points[18]).toMatchObject({ y: 47, side: 'low', pointType: 'special_cause_concern' });
      expect(sut.points[17]).toMatchObject({ side: 'high', pointType: 'special_cause_improvement' });
    });
  });

  describe('two of three beyond two sigma', () => {
    it('flags the two points when all three are on the same side of the mean', () => {
      const sut = fixed([...BASELINE_ENDING_LOW, 10.5, 14, 14]);
      expect(sut.signals).toMatchObject([{ rule: 'two_in_three', side: 'high', indices: [13, 14] }]);
      expect(sut.points[12]!.pointType).toBe('common_cause');
    });

    it('does not flag them when the third point of every window is on the other side of the mean', () => {
      expect(fixed([...BASELINE_ENDING_LOW, 14, 14]).signals).toEqual([]);
    });

    it('does not count a point beyond the process limit as beyond two sigma', () => {
      const sut = fixed([...BASELINE_ENDING_LOW, 10.5, 14, 16]);
      expect(sut.signals.map((signal) => signal.rule)).toEqual(['outside_limits']);
      expect(sut.points[13]!.pointType).toBe('common_cause');
    });

    it('gives concern for a pair near the lower limit when higher is better', () => {
      const sut = fixed([...BASELINE_ENDING_HIGH, 9.5, 6, 6]);
      expect(sut.variation).toMatchObject({ type: 'special_cause_concern', icon: 'concern_low' });
    });
  });

  describe('process limits', () => {
    const upper = fixed(BASELINE_ENDING_HIGH).groups[0]!.upperProcessLimit!;
    const lower = fixed(BASELINE_ENDING_HIGH).groups[0]!.lowerProcessLimit!;

    it('treats a point exactly on the upper process limit as common cause', () => {
      const point = fixed([...BASELINE_ENDING_LOW, upper]).points[12]!;
      expect(point).toMatchObject({ outsideLimits: false, closeToLimits: true, pointType: 'common_cause' });
    });

    it('treats a point exactly on the lower process limit as common cause', () => {
      expect(fixed([...BASELINE_ENDING_HIGH, lower]).points[12]).toMatchObject({ outsideLimits: false });
    });

    it('flags a point just above the upper process limit', () => {
      const sut = fixed([...BASELINE_ENDING_LOW, upper + 1e-9]);
      expect(sut.points[12]).toMatchObject({ outsideLimits: true, pointType: 'special_cause_improvement' });
    });

    it('gives a point below the lower process limit the concern low icon when higher is better', () => {
      expect(fixed([...BASELINE_ENDING_HIGH, 4]).variation).toMatchObject({ icon: 'concern_low' });
    });

    it('gives a point below the lower process limit the improvement low icon when lower is better', () => {
      expect(fixed([...BASELINE_ENDING_HIGH, 4], { polarity: 'lower_is_better' }).variation).toMatchObject({
        icon: 'improvement_low',
      });
    });

    it('gives a point below the lower process limit the neutral low icon with no polarity', () => {
      expect(fixed([...BASELINE_ENDING_HIGH, 4], { polarity: 'no_polarity' }).variation).toMatchObject({
        type: 'special_cause_neutral',
        side: 'low',
        icon: 'neutral_low',
      });
    });
  });

  describe('outlier screening', () => {
    const spiky = [10, 11, 10, 11, 10, 11, 10, 11, 10, 40, 10, 11];

    it('is on by default and reports the screened moving ranges', () => {
      const [group] = calculateSpc(series(spiky), { polarity: 'higher_is_better' }).groups;
      expect(group!.screenedMovingRangeIndices).toEqual([9, 10]);
      expect(group!.averageMovingRange).toBe(1);
    });

    it('keeps every moving range when screenOutliers is false', () => {
      const [group] = calculateSpc(series(spiky), { polarity: 'higher_is_better', screenOutliers: false }).groups;
      expect(group!.screenedMovingRangeIndices).toEqual([]);
      expect(group!.averageMovingRange).toBeCloseTo(69 / 11, 12);
    });
  });

  describe('rebasing', () => {
    const shifted = [...BASELINE_ENDING_HIGH, ...BASELINE_ENDING_HIGH.map((value) => value + 10)];

    it('gives each group its own mean and limits', () => {
      const sut = calculateSpc(series(shifted), { polarity: 'higher_is_better', rebaseAt: ['p13'] });
      expect(
        sut.groups.map(({ startIndex, endIndex, mean, averageMovingRange }) => ({
          startIndex,
          endIndex,
          mean,
          averageMovingRange,
        })),
      ).toEqual([
        { startIndex: 0, endIndex: 11, mean: 10, averageMovingRange: 2 },
        { startIndex: 12, endIndex: 23, mean: 20, averageMovingRange: 2 },
      ]);
      expect(sut.points[12]).toMatchObject({ groupIndex: 1, movingRange: null });
    });

    it('does not carry a run across a rebase', () => {
      const trends = (result: SpcResult) => result.signals.filter((signal) => signal.rule === 'trend');
      const rising = series([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(trends(calculateSpc(rising, { polarity: 'higher_is_better' }))).toHaveLength(1);
      expect(trends(calculateSpc(rising, { polarity: 'higher_is_better', rebaseAt: ['p5'] }))).toEqual([]);
    });

    it('fixes the baseline within each group', () => {
      const values = [...BASELINE_ENDING_HIGH, 50, ...BASELINE_ENDING_HIGH.map((value) => value + 10), 90];
      const sut = calculateSpc(series(values), {
        polarity: 'higher_is_better',
        rebaseAt: ['p14'],
        fixAfterNPoints: 12,
      });
      expect(sut.groups.map((group) => [group.mean, group.baselineEndIndex])).toEqual([
        [10, 11],
        [20, 24],
      ]);
    });

    it('ignores a rebase point that is not in the series, with a warning', () => {
      const sut = calculateSpc(series(shifted), { polarity: 'higher_is_better', rebaseAt: ['nope'] });
      expect(sut.groups).toHaveLength(1);
      expect(sut.warnings).toMatchObject([{ code: 'rebase_key_not_found', x: 'nope' }]);
    });

    it('compares the target with the last group limits (assurance after a rebase)', () => {
      const options = { polarity: 'higher_is_better', target: 16 } as const;
      expect(calculateSpc(series(shifted.slice(0, 12)), options).assurance.type).toBe('consistent_fail');
      expect(calculateSpc(series(shifted), { ...options, rebaseAt: ['p13'] }).assurance).toMatchObject({
        type: 'inconsistent',
        groupIndex: 1,
      });
    });
  });

  describe('null values', () => {
    it('keeps a null point in the output as not evaluated', () => {
      const point = fixed([...BASELINE_ENDING_LOW, null, 10.5]).points[12];
      expect(point).toEqual({
        index: 12,
        x: 'p13',
        y: null,
        groupIndex: 0,
        evaluated: false,
        movingRange: null,
        relativeToMean: null,
        outsideLimits: false,
        closeToLimits: false,
        pointType: null,
        side: null,
        signal: null,
        matchedSignals: [],
      });
    });

    it('leaves nulls out of the mean', () => {
      const sut = calculateSpc(series([9, null, 11, 9, 11]), { polarity: 'higher_is_better' });
      expect(sut.groups[0]!.mean).toBe(10);
    });

    it('breaks a run on one side of the mean', () => {
      const sut = fixed([...BASELINE_ENDING_LOW, 10.5, 10.5, 10.5, null, 10.5, 10.5, 10.5, 10.5]);
      expect(sut.signals).toEqual([]);
    });

    it('takes the variation icon from the latest point with a value', () => {
      const sut = fixed([...BASELINE_ENDING_HIGH, 4, null]);
      expect(sut.variation).toMatchObject({ pointIndex: 12, x: 'p13', icon: 'concern_low' });
    });

    it('has no variation when no point has a value', () => {
      expect(calculateSpc(series([null, null]), { polarity: 'higher_is_better' }).variation).toBeNull();
    });
  });

  describe('trial limits', () => {
    it('flags a group of 11 values as trial limits, with a warning', () => {
      const sut = calculateSpc(series(BASELINE_ENDING_HIGH.slice(1)), { polarity: 'higher_is_better' });
      expect(sut.trialLimits).toBe(true);
      expect(sut.groups[0]!.trialLimits).toBe(true);
      expect(sut.variation!.trialLimits).toBe(true);
      expect(sut.warnings).toMatchObject([{ code: 'trial_limits', groupIndex: 0 }]);
      expect(sut.warnings[0]!.message).toContain('trial limits');
    });

    it('does not flag a group of exactly 12 values', () => {
      const sut = calculateSpc(series(BASELINE_ENDING_HIGH), { polarity: 'higher_is_better' });
      expect(sut.trialLimits).toBe(false);
      expect(sut.warnings).toEqual([]);
    });

    it('counts values, not periods: 12 periods with a null are trial limits', () => {
      const sut = calculateSpc(series([...BASELINE_ENDING_HIGH.slice(1), null]), { polarity: 'higher_is_better' });
      expect(sut.groups[0]).toMatchObject({ pointCount: 12, valueCount: 11, trialLimits: true });
    });

    it('still applies the rules to a short group', () => {
      const sut = calculateSpc(series([1, 2, 3, 4, 5, 6, 7]), { polarity: 'lower_is_better' });
      expect(sut.variation).toMatchObject({ type: 'special_cause_concern', trialLimits: true });
    });

    it('flags only the short group after a rebase', () => {
      const values = [...BASELINE_ENDING_HIGH, 20, 21, 20];
      const sut = calculateSpc(series(values), { polarity: 'higher_is_better', rebaseAt: ['p13'] });
      expect(sut.groups.map((group) => group.trialLimits)).toEqual([false, true]);
    });
  });

  describe('validation', () => {
    it.each([
      [
        'a duplicate x',
        [
          { x: 'a', y: 1 },
          { x: 'a', y: 2 },
        ],
        {},
      ],
      ['a non-finite y', [{ x: 'a', y: Number.NaN }], {}],
      ['fixAfterNPoints below 12', [], { fixAfterNPoints: 11 }],
      ['a runLength other than 6 or 7', [], { runLength: 5 }],
      ['a non-finite target', [], { target: Number.POSITIVE_INFINITY }],
      ['an unknown polarity', [], { polarity: 'up' }],
    ])('rejects %s', (_, points, options) => {
      const settings = { polarity: 'higher_is_better', ...options } as SpcOptions;
      expect(() => calculateSpc(points as SpcInputPoint[], settings)).toThrow(RangeError);
    });

    it('returns an empty result for an empty series', () => {
      const sut = calculateSpc([], { polarity: 'higher_is_better', target: 1 });
      expect(sut).toMatchObject({ points: [], groups: [], signals: [], variation: null, trialLimits: false });
      expect(sut.assurance).toMatchObject({ type: 'none', reason: 'no_limits' });
    });
  });
});

describe(calculateAssurance.name, () => {
  /** tests/testthat/test-ptd_calculate_assurance_type.R: lpl/upl (1, 3), (5, 7), (1, 5) with target 4. */
  it.each([
    ['higher_is_better', 1, 3, 'consistent_fail', 'fail'],
    ['higher_is_better', 5, 7, 'consistent_pass', 'pass'],
    ['higher_is_better', 1, 5, 'inconsistent', 'inconsistent'],
    ['lower_is_better', 1, 3, 'consistent_pass', 'pass'],
    ['lower_is_better', 5, 7, 'consistent_fail', 'fail'],
    ['lower_is_better', 1, 5, 'inconsistent', 'inconsistent'],
  ] as const)(
    'with %s and limits %s to %s against a target of 4 is %s (ported)',
    (polarity, lower, upper, type, icon) => {
      const sut = calculateAssurance({ index: 0, lowerProcessLimit: lower, upperProcessLimit: upper }, 4, polarity);
      expect(sut).toMatchObject({ type, icon, target: 4, groupIndex: 0 });
    },
  );

  it('is none with no polarity (ported)', () => {
    const sut = calculateAssurance({ index: 0, lowerProcessLimit: 1, upperProcessLimit: 3 }, 4, 'no_polarity');
    expect(sut).toMatchObject({ type: 'none', icon: null, reason: 'no_polarity' });
  });

  it('is none without a target (ported)', () => {
    const sut = calculateAssurance({ index: 0, lowerProcessLimit: 1, upperProcessLimit: 3 }, null, 'higher_is_better');
    expect(sut).toMatchObject({ type: 'none', reason: 'no_target' });
  });

  it('assesses a target of zero', () => {
    const sut = calculateAssurance({ index: 0, lowerProcessLimit: 1, upperProcessLimit: 3 }, 0, 'higher_is_better');
    expect(sut).toMatchObject({ type: 'consistent_pass', reason: 'target_below_lower_limit' });
  });

  it.each(['higher_is_better', 'lower_is_better'] as const)(
    'is inconsistent with %s when the target is exactly on a limit',
    (polarity) => {
      const sut = calculateAssurance({ index: 0, lowerProcessLimit: 1, upperProcessLimit: 3 }, 3, polarity);
      expect(sut.type).toBe('inconsistent');
    },
  );

  it('is none when the limits could not be calculated', () => {
    const sut = calculateAssurance(
      { index: 0, lowerProcessLimit: null, upperProcessLimit: null },
      4,
      'lower_is_better',
    );
    expect(sut).toMatchObject({ type: 'none', reason: 'no_limits' });
  });
});

describe(pointTypeFor.name, () => {
  it.each([
    ['high', 'higher_is_better', 'special_cause_improvement'],
    ['low', 'higher_is_better', 'special_cause_concern'],
    ['high', 'lower_is_better', 'special_cause_concern'],
    ['low', 'lower_is_better', 'special_cause_improvement'],
    ['high', 'no_polarity', 'special_cause_neutral'],
  ] as const)('gives %s with %s as %s', (side, polarity: Polarity, expected) => {
    expect(pointTypeFor(side, polarity)).toBe(expected);
  });
});

describe(variationIconFor.name, () => {
  it('gives common cause its own icon', () => {
    expect(variationIconFor('common_cause', null)).toBe('common_cause');
  });

  it('names the side for special cause', () => {
    expect(variationIconFor('special_cause_concern', 'high')).toBe('concern_high');
  });
});
