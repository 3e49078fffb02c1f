import type { Polarity } from '../polarity.js';

export interface SpcInputPoint {
  /** Period key or label; must be unique within the series. */
  readonly x: string;
  /** null when the value is missing or suppressed. */
  readonly y: number | null;
}

/** Points per run for both the trend and the one-side-of-the-mean rules; 7 is the Making Data Count default. */
export type SpcRunLength = 6 | 7;

export interface SpcOptions {
  readonly polarity: Polarity;
  readonly target?: number | null;
  /** Fix the mean and limits of each group on its first n periods: a whole number >= 12 (ptd_spc_options.R). */
  readonly fixAfterNPoints?: number;
  /** x values at which a new group (own mean and limits) starts. */
  readonly rebaseAt?: readonly string[];
  /** Default true. */
  readonly screenOutliers?: boolean;
  /** Default 7. */
  readonly runLength?: SpcRunLength;
}

export type SpcSide = 'high' | 'low';

/** In priority order: when a point matches several, the first decides its type (ptd_calculate_point_type.R). */
export type SpcRule = 'outside_limits' | 'trend' | 'two_in_three' | 'one_side_of_mean';

export type SpcPointType =
  'common_cause' | 'special_cause_improvement' | 'special_cause_concern' | 'special_cause_neutral';

/** The Making Data Count variation icons, named as the files ptd_get_icons (geom_ptd_icon.R) picks. */
export type SpcVariationIcon =
  | 'common_cause'
  | 'improvement_high'
  | 'improvement_low'
  | 'concern_high'
  | 'concern_low'
  | 'neutral_high'
  | 'neutral_low';

export type SpcAssuranceType = 'consistent_pass' | 'consistent_fail' | 'inconsistent' | 'none';

export type SpcAssuranceIcon = 'pass' | 'fail' | 'inconsistent';

export type SpcAssuranceReason =
  | 'target_above_upper_limit'
  | 'target_below_lower_limit'
  | 'target_within_limits'
  | 'no_target'
  | 'no_polarity'
  | 'no_limits';

/** One firing of a rule: a point beyond a limit, a run, or a 2-of-3 cluster. Indices are into the whole series. */
export interface SpcSignal {
  readonly rule: SpcRule;
  /** For a trend, high = rising and low = falling; otherwise the side of the mean. */
  readonly side: SpcSide;
  readonly groupIndex: number;
  /** The points the rule flags. For two_in_three these are only the points beyond two sigma. */
  readonly indices: readonly number[];
  /** The span that satisfied the rule, including a two_in_three window's unflagged point. */
  readonly startIndex: number;
  readonly endIndex: number;
  readonly fromX: string;
  readonly toX: string;
}

export interface SpcGroup {
  readonly index: number;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly fromX: string;
  readonly toX: string;
  readonly pointCount: number;
  /** Non-null values in the group. */
  readonly valueCount: number;
  /** Last series index whose value may feed the mean and limits. */
  readonly baselineEndIndex: number;
  readonly mean: number | null;
  /** After outlier screening; null when no moving range survives. */
  readonly averageMovingRange: number | null;
  readonly lowerProcessLimit: number | null;
  readonly upperProcessLimit: number | null;
  readonly lowerTwoSigmaLimit: number | null;
  readonly upperTwoSigmaLimit: number | null;
  /** Series indices of points whose moving range was left out of the average as an outlier. */
  readonly screenedMovingRangeIndices: readonly number[];
  readonly trialLimits: boolean;
}

export interface SpcPointResult {
  readonly index: number;
  readonly x: string;
  readonly y: number | null;
  readonly groupIndex: number;
  /** false for a null value: it takes no part in the calculation or the rules. */
  readonly evaluated: boolean;
  /** |y - previous y| within the group; null for a group's first point or next to a null. */
  readonly movingRange: number | null;
  readonly relativeToMean: -1 | 0 | 1 | null;
  readonly outsideLimits: boolean;
  /** Beyond two sigma but not beyond the process limit. */
  readonly closeToLimits: boolean;
  /** null when not evaluated. */
  readonly pointType: SpcPointType | null;
  readonly side: SpcSide | null;
  /** The highest-priority signal the point belongs to: the reason for its type. */
  readonly signal: SpcSignal | null;
  /** Every signal the point belongs to, highest priority first. */
  readonly matchedSignals: readonly SpcSignal[];
}

export interface SpcVariation {
  readonly type: SpcPointType;
  readonly side: SpcSide | null;
  readonly icon: SpcVariationIcon;
  /** The latest evaluated point, which the icon describes. */
  readonly pointIndex: number;
  readonly x: string;
  readonly groupIndex: number;
  readonly signal: SpcSignal | null;
  /** The icon's group has trial limits. */
  readonly trialLimits: boolean;
}

export interface SpcAssurance {
  readonly type: SpcAssuranceType;
  readonly icon: SpcAssuranceIcon | null;
  readonly reason: SpcAssuranceReason;
  readonly target: number | null;
  /** The group whose limits were compared with the target: the last one. */
  readonly groupIndex: number | null;
  readonly lowerProcessLimit: number | null;
  readonly upperProcessLimit: number | null;
}

export type SpcWarningCode = 'trial_limits' | 'rebase_key_not_found';

export interface SpcWarning {
  readonly code: SpcWarningCode;
  readonly message: string;
  readonly groupIndex?: number;
  readonly x?: string;
}

export interface SpcResult {
  readonly polarity: Polarity;
  readonly target: number | null;
  readonly runLength: SpcRunLength;
  readonly screenOutliers: boolean;
  readonly fixAfterNPoints: number | null;
  readonly points: readonly SpcPointResult[];
  readonly groups: readonly SpcGroup[];
  /** All signals in series order. */
  readonly signals: readonly SpcSignal[];
  /** Any group has trial limits. */
  readonly trialLimits: boolean;
  /** null when no point has a value. */
  readonly variation: SpcVariation | null;
  readonly assurance: SpcAssurance;
  readonly warnings: readonly SpcWarning[];
}
