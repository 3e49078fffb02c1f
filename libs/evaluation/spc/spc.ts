/**
 * Statistical Process Control (XmR) as NHS England's Making Data Count defines it, ported from NHSRplotthedots:
 * R/ptd_spc_standard.R (limits), R/ptd_calculate_point_type.R (rules and point types),
 * R/ptd_calculate_assurance_type.R (assurance), R/geom_ptd_icon.R (icons) and
 * R/ptd_add_short_group_warnings.R (trial limits).
 *
 * Missing values (y = null). The reference has no explicit NA handling; following its arithmetic:
 * - mean(na.rm = TRUE) skips them; diff() gives NA for both moving ranges touching one, so no moving range
 *   bridges a gap (ptd_spc_standard.R). Followed.
 * - fix_after_n_points counts rows via row_number(), so a null inside the baseline uses up a place. Followed.
 * - NA propagates through the rule windows, so no run or 2-of-3 window can include one (and a trend window
 *   with an NA can stop the reference with an error). Here a null simply breaks every run and window.
 * - A null point gets no point type (the reference's case_when falls through to "Common Cause").
 * - The variation icon describes the latest point with a value, where the reference reads the last row and so
 *   would show common cause for a suppressed latest value.
 * - Trial limits count values, where the reference counts rows: a null adds nothing to the limits.
 */
import type { Polarity } from '../polarity.js';
import { calculateLimits, isCloseToLimits, isOutsideLimits, movingRanges, relativeToMean } from './spc-limits.js';
import {
  findOneSideOfMean,
  findOutsideLimits,
  findTrends,
  findTwoInThree,
  type RelativeToMean,
  type RuleMatch,
} from './spc-rules.js';
import type {
  SpcAssurance,
  SpcGroup,
  SpcInputPoint,
  SpcOptions,
  SpcPointResult,
  SpcPointType,
  SpcResult,
  SpcRule,
  SpcRunLength,
  SpcSide,
  SpcSignal,
  SpcVariation,
  SpcVariationIcon,
  SpcWarning,
} from './spc-types.js';

/**
 * ptd_add_short_group_warnings.R warns below 12 observations (its message, documentation and tests say 12;
 * the getOption() fallback in the same file is 13).
 */
export const TRIAL_LIMITS_MIN_VALUES = 12;

/** ptd_spc_options.R rejects a smaller baseline. */
export const MIN_FIX_AFTER_N_POINTS = 12;

export const DEFAULT_RUN_LENGTH: SpcRunLength = 7;

/** The case_when order in ptd_special_cause_type (PR #180). */
export const SPC_RULE_PRIORITY: readonly SpcRule[] = ['outside_limits', 'trend', 'two_in_three', 'one_side_of_mean'];

const POLARITIES: readonly Polarity[] = ['higher_is_better', 'lower_is_better', 'no_polarity'];

interface Settings {
  readonly polarity: Polarity;
  readonly target: number | null;
  readonly fixAfterNPoints: number | null;
  readonly screenOutliers: boolean;
  readonly runLength: SpcRunLength;
}

interface GroupOutcome {
  readonly group: SpcGroup;
  readonly relative: readonly RelativeToMean[];
  readonly outside: readonly boolean[];
  readonly close: readonly boolean[];
  readonly movingRanges: readonly (number | null)[];
  readonly signals: readonly SpcSignal[];
}

export function calculateSpc(points: readonly SpcInputPoint[], options: SpcOptions): SpcResult {
  const settings = resolveSettings(points, options);
  const warnings: SpcWarning[] = [];
  const starts = groupStarts(points, options.rebaseAt ?? [], warnings);

  const outcomes = starts.map((start, groupIndex) =>
    evaluateGroup(points, start, (starts[groupIndex + 1] ?? points.length) - 1, groupIndex, settings),
  );
  for (const { group } of outcomes) {
    if (group.trialLimits) {
      warnings.push({
        code: 'trial_limits',
        groupIndex: group.index,
        message:
          `Group ${group.index + 1} (${group.fromX} to ${group.toX}) has ${group.valueCount} values, fewer than ` +
          `${TRIAL_LIMITS_MIN_VALUES}: its limits are trial limits and will be revised with each new value.`,
      });
    }
  }

  const signals = outcomes.flatMap((outcome) => outcome.signals);
  const pointResults = outcomes.flatMap((outcome) => pointsOf(points, outcome, settings.polarity));
  const groups = outcomes.map((outcome) => outcome.group);

  return {
    ...settings,
    points: pointResults,
    groups,
    signals: [...signals].sort(
      (a, b) => a.startIndex - b.startIndex || SPC_RULE_PRIORITY.indexOf(a.rule) - SPC_RULE_PRIORITY.indexOf(b.rule),
    ),
    trialLimits: groups.some((group) => group.trialLimits),
    variation: variationOf(pointResults, groups),
    assurance: calculateAssurance(groups.at(-1) ?? null, settings.target, settings.polarity),
    warnings,
  };
}

/** ptd_point_type: the side of the deciding rule, oriented by the improvement direction. */
export function pointTypeFor(side: SpcSide, polarity: Polarity): SpcPointType {
  if (polarity === 'no_polarity') return 'special_cause_neutral';
  const improving = (side === 'high') === (polarity === 'higher_is_better');
  return improving ? 'special_cause_improvement' : 'special_cause_concern';
}

/** ptd_get_icons (geom_ptd_icon.R) maps improvement to high for "increase", concern to low, and so on. */
export function variationIconFor(type: SpcPointType, side: SpcSide | null): SpcVariationIcon {
  if (type === 'common_cause' || side === null) return 'common_cause';
  const stem =
    type === 'special_cause_improvement' ? 'improvement' : type === 'special_cause_concern' ? 'concern' : 'neutral';
  return `${stem}_${side}`;
}

function resolveSettings(points: readonly SpcInputPoint[], options: SpcOptions): Settings {
  if (!POLARITIES.includes(options.polarity)) throw new RangeError(`Unknown polarity '${String(options.polarity)}'.`);
  const target = options.target ?? null;
  if (target !== null && !Number.isFinite(target)) throw new RangeError('target must be a finite number.');
  const fixAfterNPoints = options.fixAfterNPoints ?? null;
  if (fixAfterNPoints !== null && !(Number.isInteger(fixAfterNPoints) && fixAfterNPoints >= MIN_FIX_AFTER_N_POINTS)) {
    throw new RangeError(`fixAfterNPoints must be a whole number of at least ${MIN_FIX_AFTER_N_POINTS}.`);
  }
  const runLength = options.runLength ?? DEFAULT_RUN_LENGTH;
  if (runLength !== 6 && runLength !== 7) throw new RangeError('runLength must be 6 or 7.');

  const seen = new Set<string>();
  points.forEach((point, index) => {
    if (seen.has(point.x)) throw new RangeError(`Duplicate x '${point.x}' at index ${index}.`);
    seen.add(point.x);
    if (point.y !== null && !Number.isFinite(point.y)) {
      throw new RangeError(`y at index ${index} ('${point.x}') must be a finite number or null.`);
    }
  });

  return {
    polarity: options.polarity,
    target,
    fixAfterNPoints,
    screenOutliers: options.screenOutliers ?? true,
    runLength,
  };
}

/** ptd_add_rebase_column.R silently ignores rebase dates absent from the data; the warning makes that visible. */
function groupStarts(points: readonly SpcInputPoint[], rebaseAt: readonly string[], warnings: SpcWarning[]): number[] {
  if (points.length === 0) return [];
  const starts = new Set<number>([0]);
  for (const x of new Set(rebaseAt)) {
    const index = points.findIndex((point) => point.x === x);
    if (index === -1) {
      warnings.push({ code: 'rebase_key_not_found', x, message: `Rebase point '${x}' is not in the series; ignored.` });
    } else {
      starts.add(index);
    }
  }
  return [...starts].sort((a, b) => a - b);
}

function evaluateGroup(
  points: readonly SpcInputPoint[],
  start: number,
  end: number,
  groupIndex: number,
  settings: Settings,
): GroupOutcome {
  const values = points.slice(start, end + 1).map((point) => point.y);
  const limits = calculateLimits(values, settings);
  const relative = values.map((value) => relativeToMean(value, limits.mean));
  const outside = values.map((value) => isOutsideLimits(value, limits));
  const close = values.map((value) => isCloseToLimits(value, limits));

  const matchesByRule: readonly (readonly [SpcRule, RuleMatch[]])[] = [
    ['outside_limits', findOutsideLimits(outside, relative)],
    ['trend', findTrends(values, settings.runLength)],
    ['two_in_three', findTwoInThree(close, relative)],
    ['one_side_of_mean', findOneSideOfMean(relative, settings.runLength)],
  ];
  const signals = matchesByRule.flatMap(([rule, matches]) =>
    matches.map((match): SpcSignal => ({
      rule,
      side: match.side,
      groupIndex,
      indices: match.indices.map((index) => start + index),
      startIndex: start + match.start,
      endIndex: start + match.end,
      fromX: points[start + match.start]!.x,
      toX: points[start + match.end]!.x,
    })),
  );

  const valueCount = values.filter((value) => value !== null).length;
  const group: SpcGroup = {
    index: groupIndex,
    startIndex: start,
    endIndex: end,
    fromX: points[start]!.x,
    toX: points[end]!.x,
    pointCount: values.length,
    valueCount,
    baselineEndIndex: Math.min(end, start + (settings.fixAfterNPoints ?? values.length) - 1),
    mean: limits.mean,
    averageMovingRange: limits.averageMovingRange,
    lowerProcessLimit: limits.lowerProcessLimit,
    upperProcessLimit: limits.upperProcessLimit,
    lowerTwoSigmaLimit: limits.lowerTwoSigmaLimit,
    upperTwoSigmaLimit: limits.upperTwoSigmaLimit,
    screenedMovingRangeIndices: limits.screenedIndices.map((index) => start + index),
    trialLimits: valueCount < TRIAL_LIMITS_MIN_VALUES,
  };
  return { group, relative, outside, close, movingRanges: movingRanges(values), signals };
}

function pointsOf(points: readonly SpcInputPoint[], outcome: GroupOutcome, polarity: Polarity): SpcPointResult[] {
  const { group } = outcome;
  return points.slice(group.startIndex, group.endIndex + 1).map((point, local) => {
    const index = group.startIndex + local;
    const matchedSignals = outcome.signals.filter((signal) => signal.indices.includes(index)).sort(byPriority);
    const signal = matchedSignals[0] ?? null;
    const evaluated = point.y !== null;
    return {
      index,
      x: point.x,
      y: point.y,
      groupIndex: group.index,
      evaluated,
      movingRange: outcome.movingRanges[local]!,
      relativeToMean: outcome.relative[local]!,
      outsideLimits: outcome.outside[local]!,
      closeToLimits: outcome.close[local]!,
      pointType: !evaluated ? null : signal === null ? 'common_cause' : pointTypeFor(signal.side, polarity),
      side: signal?.side ?? null,
      signal,
      matchedSignals,
    };
  });
}

/**
 * Within one rule only trends can overlap, at a turning point shared by a rise and a fall; the reference then
 * takes the step to the right (`sdy` in ptd_special_cause_type), i.e. the later run.
 */
function byPriority(a: SpcSignal, b: SpcSignal): number {
  return SPC_RULE_PRIORITY.indexOf(a.rule) - SPC_RULE_PRIORITY.indexOf(b.rule) || b.startIndex - a.startIndex;
}

function variationOf(points: readonly SpcPointResult[], groups: readonly SpcGroup[]): SpcVariation | null {
  const latest = points.findLast((point) => point.evaluated);
  if (latest === undefined || latest.pointType === null) return null;
  return {
    type: latest.pointType,
    side: latest.side,
    icon: variationIconFor(latest.pointType, latest.side),
    pointIndex: latest.index,
    x: latest.x,
    groupIndex: latest.groupIndex,
    signal: latest.signal,
    trialLimits: groups[latest.groupIndex]!.trialLimits,
  };
}

/**
 * ptd_calculate_assurance_type.R: the last row's (so the last group's) limits, compared strictly, so a target
 * exactly on a limit is inconsistent. Where the reference would compare with NaN limits and fall through to
 * "inconsistent", no assurance is given.
 */
export function calculateAssurance(
  lastGroup: Pick<SpcGroup, 'index' | 'lowerProcessLimit' | 'upperProcessLimit'> | null,
  target: number | null,
  polarity: Polarity,
): SpcAssurance {
  const lower = lastGroup?.lowerProcessLimit ?? null;
  const upper = lastGroup?.upperProcessLimit ?? null;
  const base = { target, groupIndex: lastGroup?.index ?? null, lowerProcessLimit: lower, upperProcessLimit: upper };
  if (target === null) return { ...base, type: 'none', icon: null, reason: 'no_target' };
  if (polarity === 'no_polarity') return { ...base, type: 'none', icon: null, reason: 'no_polarity' };
  if (lower === null || upper === null) return { ...base, type: 'none', icon: null, reason: 'no_limits' };

  const higherIsBetter = polarity === 'higher_is_better';
  if (target > upper) {
    return higherIsBetter
      ? { ...base, type: 'consistent_fail', icon: 'fail', reason: 'target_above_upper_limit' }
      : { ...base, type: 'consistent_pass', icon: 'pass', reason: 'target_above_upper_limit' };
  }
  if (target < lower) {
    return higherIsBetter
      ? { ...base, type: 'consistent_pass', icon: 'pass', reason: 'target_below_lower_limit' }
      : { ...base, type: 'consistent_fail', icon: 'fail', reason: 'target_below_lower_limit' };
  }
  return { ...base, type: 'inconsistent', icon: 'inconsistent', reason: 'target_within_limits' };
}
