/**
 * Vectors ported from NHSRplotthedots' own tests, so this port is checked against the R package's numbers.
 */
import { describe, expect, it } from 'vitest';
import { calculateSpc } from './spc.js';
import type { SpcInputPoint } from './spc-types.js';

const series = (values: readonly (number | null)[], label = (index: number) => `p${index + 1}`): SpcInputPoint[] =>
  values.map((y, index) => ({ x: label(index), y }));

const monthsFromApril2016 = (index: number): string => {
  const month = 3 + index;
  return `${2016 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
};

/**
 * tests/testthat/test-ptd_spc_standard.R: `set.seed(123); rnorm(20)`, to the 8 decimals R prints; expected
 * values from tests/testthat/_snaps/ptd_spc_standard.md (glimpse prints 7 significant figures).
 */
const RNORM_SEED_123 = [
  -0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774, 1.71506499, 0.46091621, -1.26506123, -0.68685285,
  -0.44566197, 1.2240818, 0.35981383, 0.40077145, 0.11068272, -0.55584113, 1.78691314, 0.49785048, -1.96661716,
  0.7013559, -0.47279141,
];

/**
 * tests/testthat/test-integration_tests.R, "ae_all performance spc returns expected values":
 * `ptd_spc(ae_all(), performance, period, fix_after_n_points = 12)`, improvement direction "increase".
 * Inputs and expectations decoded from the serialised snapshot in tests/testthat/_snaps/integration_tests.md.
 */
const AE_ALL_PERFORMANCE = [
  0.9003512724457525, 0.9027555860390081, 0.9055994429248081, 0.9028524786030435, 0.909763097023593, 0.9064786853944554,
  0.8905308979446662, 0.8837903610883545, 0.8617594559611471, 0.851413411900772, 0.8753090395991286, 0.9000949482943537,
  0.9051525263083392, 0.8970035160821932, 0.9072518525056468, 0.9034785895858326, 0.9029928875860346,
  0.8966609396555797, 0.8994186788850258, 0.8876655246839736, 0.8498503458662225, 0.8529918213516818,
  0.8504476893558943, 0.8462121637147311, 0.8857248828216929, 0.9039011151983545, 0.9076297242234981,
  0.8931949047110505, 0.8972702710007838, 0.8894368286304747, 0.8900933497219513, 0.8760446687116353,
  0.8644632183941728, 0.843525141560121, 0.8422525009629417, 0.8660427671795345,
];

/** Same snapshot file, "ae_all attendances spc with rebase": `rebase = as.Date("2017-04-01")`. */
const AE_ALL_ATTENDANCES = [
  1867781, 2070340, 1958802, 2079034, 1932901, 1952464, 2001816, 1907871, 1944567, 1895272, 1735619, 2015834, 1949762,
  2066789, 1994056, 2073944, 1924663, 1925961, 2044137, 1976971, 2003954, 2000086, 1820012, 2049785, 1984369, 2164458,
  2093942, 2179896, 1997854, 2005695, 2079492, 2037847, 2047518, 2113413, 1954947, 2167550,
];

describe(calculateSpc.name, () => {
  describe('rnorm(20) with seed 123 (test-ptd_spc_standard.R)', () => {
    it('matches the snapshot mean and limits', () => {
      const [group] = calculateSpc(series(RNORM_SEED_123), { polarity: 'higher_is_better' }).groups;
      expect(group!.mean).toBeCloseTo(0.1416238, 6);
      expect(group!.lowerProcessLimit).toBeCloseTo(-3.01138, 5);
      expect(group!.upperProcessLimit).toBeCloseTo(3.294627, 5);
    });

    it('matches the snapshot relative_to_mean prefix and has only common cause (ptd_spc.md summary)', () => {
      const sut = calculateSpc(series(RNORM_SEED_123), { polarity: 'higher_is_better' });
      expect(sut.points.slice(0, 13).map((point) => point.relativeToMean)).toEqual([
        -1, -1, 1, -1, -1, 1, 1, -1, -1, -1, 1, 1, 1,
      ]);
      expect(sut.points.every((point) => point.pointType === 'common_cause')).toBe(true);
    });

    it('screens the outlier made by y[15] <- 10, as the r2 snapshot', () => {
      const values = RNORM_SEED_123.map((value, index) => (index === 14 ? 10 : value));
      const [group] = calculateSpc(series(values), { polarity: 'higher_is_better' }).groups;
      expect(group!.mean).toBeCloseTo(0.6694159, 6);
      expect(group!.lowerProcessLimit).toBeCloseTo(-2.383666, 5);
      expect(group!.upperProcessLimit).toBeCloseTo(3.722497, 5);
      expect(group!.screenedMovingRangeIndices).toEqual([14, 15]);
    });

    it('keeps the outlier when screen_outliers = FALSE, as the r3 snapshot', () => {
      const values = RNORM_SEED_123.map((value, index) => (index === 14 ? 10 : value));
      const [group] = calculateSpc(series(values), { polarity: 'higher_is_better', screenOutliers: false }).groups;
      expect(group!.lowerProcessLimit).toBeCloseTo(-4.596625, 5);
      expect(group!.upperProcessLimit).toBeCloseTo(5.935457, 5);
      expect(group!.screenedMovingRangeIndices).toEqual([]);
    });

    it('gives each half its own limits, as the two-facet summary in _snaps/ptd_spc.md', () => {
      const sut = calculateSpc(series(RNORM_SEED_123), { polarity: 'higher_is_better', rebaseAt: ['p11'] });
      const [first, second] = sut.groups;
      expect(first!.mean).toBeCloseTo(0.0746, 4);
      expect(first!.lowerProcessLimit).toBeCloseTo(-2.6, 2);
      expect(first!.upperProcessLimit).toBeCloseTo(2.75, 2);
      expect(second!.mean).toBeCloseTo(0.209, 3);
      expect(second!.lowerProcessLimit).toBeCloseTo(-3.28, 2);
      expect(second!.upperProcessLimit).toBeCloseTo(3.7, 2);
    });
  });

  it('does not flag two points beyond two sigma on opposite sides of the mean (test-ptd_spc_standard.R, #143)', () => {
    const values: number[] = Array.from({ length: 16 }, (_, index) => (index % 2 === 0 ? 1 : -1));
    values[14] = 5.5;
    values[15] = -5.5;
    const sut = calculateSpc(series(values), { polarity: 'higher_is_better' });
    expect(sut.points.slice(-2).map((point) => point.pointType)).toEqual(['common_cause', 'common_cause']);
  });

  describe('A&E performance with fix_after_n_points = 12 (integration snapshot)', () => {
    const sut = calculateSpc(series(AE_ALL_PERFORMANCE, monthsFromApril2016), {
      polarity: 'higher_is_better',
      fixAfterNPoints: 12,
    });

    it('matches the snapshot mean and limits', () => {
      const [group] = sut.groups;
      expect(group!.mean).toBeCloseTo(0.8908915564349236, 14);
      expect(group!.lowerProcessLimit).toBeCloseTo(0.8614049789074258, 14);
      expect(group!.upperProcessLimit).toBeCloseTo(0.9203781339624213, 14);
    });

    it('matches the snapshot outside_limits, close_to_limits and relative_to_mean columns', () => {
      const indicesWhere = (predicate: (index: number) => boolean) =>
        sut.points.map((point) => point.index).filter(predicate);
      expect(indicesWhere((index) => sut.points[index]!.outsideLimits)).toEqual([9, 20, 21, 22, 23, 33, 34]);
      expect(indicesWhere((index) => sut.points[index]!.closeToLimits)).toEqual([8, 32, 35]);
      expect(sut.points.map((point) => point.relativeToMean)).toEqual([
        1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1, 1, 1, 1, 1, -1, -1, -1,
        -1, -1, -1, -1,
      ]);
    });

    it('matches the snapshot point types', () => {
      const c = 'common_cause';
      const i = 'special_cause_improvement';
      const x = 'special_cause_concern';
      expect(sut.points.map((point) => point.pointType)).toEqual([
        c,
        c,
        c,
        c,
        c,
        c,
        c,
        c,
        c,
        x,
        c,
        i,
        i,
        i,
        i,
        i,
        i,
        i,
        i,
        c,
        x,
        x,
        x,
        x,
        c,
        c,
        c,
        c,
        c,
        x,
        x,
        x,
        x,
        x,
        x,
        x,
      ]);
    });

    it('ends on a concern (low) icon from seven points below the mean', () => {
      expect(sut.variation).toMatchObject({ type: 'special_cause_concern', icon: 'concern_low', x: '2019-03' });
      expect(sut.variation!.signal).toMatchObject({
        rule: 'one_side_of_mean',
        side: 'low',
        startIndex: 29,
        endIndex: 35,
      });
    });
  });

  describe('A&E attendances rebased at 2017-04 (integration snapshot)', () => {
    const sut = calculateSpc(series(AE_ALL_ATTENDANCES, monthsFromApril2016), {
      polarity: 'higher_is_better',
      rebaseAt: ['2017-04'],
    });

    it('matches the snapshot mean and limits of both groups', () => {
      const [first, second] = sut.groups;
      expect(first).toMatchObject({ startIndex: 0, endIndex: 11, trialLimits: false });
      expect(first!.mean).toBeCloseTo(1946858.4166666667, 6);
      expect(first!.lowerProcessLimit).toBeCloseTo(1639947.374848485, 6);
      expect(first!.upperProcessLimit).toBeCloseTo(2253769.4584848485, 6);
      expect(second!.mean).toBeCloseTo(2027379.2083333333, 6);
      expect(second!.lowerProcessLimit).toBeCloseTo(1772921.0639855072, 6);
      expect(second!.upperProcessLimit).toBeCloseTo(2281837.3526811595, 6);
    });

    it('matches the snapshot close_to_limits and all-common-cause point types', () => {
      expect(sut.points.filter((point) => point.closeToLimits).map((point) => point.index)).toEqual([10, 22]);
      expect(sut.points.every((point) => point.pointType === 'common_cause')).toBe(true);
    });
  });
});
