import { type Band, bandWidth, describeBand } from './band.js';
import { formatNumber, roundForComparison } from './numeric.js';
import type { Polarity } from './polarity.js';

export type Direction = 'improving' | 'worsening' | 'no_change' | 'not_comparable' | 'higher' | 'lower';

export const DIRECTION_LABELS: Readonly<Record<Direction, string>> = {
  improving: 'Improving',
  worsening: 'Getting worse',
  no_change: 'No change',
  not_comparable: 'Not comparable',
  higher: 'Higher',
  lower: 'Lower',
};

export interface DirectionOptions {
  /** The indicator's decimal places: both values are rounded to them before comparing. */
  decimalPlaces?: number;
  /**
   * A change no bigger than this (after rounding) is "no change"; exactly on the threshold is no change.
   * `relative` is a fraction of the earlier value. Default: no change only when the rounded values are equal.
   */
  noChangeThreshold?: Band;
}

export interface DirectionResult {
  direction: Direction;
  label: string;
  /** current − earlier after rounding; null when not comparable. */
  change: number | null;
  reasons: string[];
}

/**
 * Direction of travel (SPEC 4.7) between a value and an earlier one. With no polarity the result only
 * says higher or lower, since neither is better.
 */
export function directionOfTravel(
  current: number | null,
  earlier: number | null,
  polarity: Polarity,
  options: DirectionOptions = {},
  earlierDescription = 'the earlier period',
): DirectionResult {
  const dp = options.decimalPlaces;
  const missing = [current === null ? 'this period' : null, earlier === null ? earlierDescription : null].filter(
    (part): part is string => part !== null,
  );
  if (missing.length > 0) {
    return {
      direction: 'not_comparable',
      label: DIRECTION_LABELS.not_comparable,
      change: null,
      reasons: [`Not comparable: there is no value for ${missing.join(' or ')} (missing or suppressed).`],
    };
  }
  for (const value of [current, earlier] as number[]) {
    if (!Number.isFinite(value)) throw new RangeError(`values must be finite numbers, got ${value}`);
  }

  const now = roundForComparison(current as number, dp);
  const before = roundForComparison(earlier as number, dp);
  const change = roundForComparison(now - before, dp);
  const threshold = options.noChangeThreshold
    ? roundForComparison(bandWidth(options.noChangeThreshold, before), dp)
    : 0;
  const from = `${formatNumber(before, dp)} in ${earlierDescription} to ${formatNumber(now, dp)}`;

  if (Math.abs(change) <= threshold) {
    const why =
      options.noChangeThreshold === undefined
        ? "the values are equal at the indicator's decimal places"
        : `the change of ${formatNumber(Math.abs(change), dp)} is within the no-change threshold of ${describeBand(options.noChangeThreshold, before, dp)}`;
    return {
      direction: 'no_change',
      label: DIRECTION_LABELS.no_change,
      change,
      reasons: [`No change from ${from}: ${why}.`],
    };
  }

  const rose = change > 0;
  const size = formatNumber(Math.abs(change), dp);
  if (polarity === 'no_polarity') {
    const direction: Direction = rose ? 'higher' : 'lower';
    return {
      direction,
      label: DIRECTION_LABELS[direction],
      change,
      reasons: [
        `${DIRECTION_LABELS[direction]}: ${rose ? 'up' : 'down'} ${size} from ${from}; this indicator has no polarity, so neither is better.`,
      ],
    };
  }
  const better = rose === (polarity === 'higher_is_better');
  const direction: Direction = better ? 'improving' : 'worsening';
  return {
    direction,
    label: DIRECTION_LABELS[direction],
    change,
    reasons: [
      `${DIRECTION_LABELS[direction]}: ${rose ? 'up' : 'down'} ${size} from ${from}, and ${polarity === 'higher_is_better' ? 'higher' : 'lower'} is better.`,
    ],
  };
}

export interface DirectionsOfTravel {
  previousPeriod: DirectionResult;
  samePeriodLastYear: DirectionResult;
}

/** Both comparisons the scorecard shows: against the previous period and the same period last year. */
export function directionsOfTravel(
  values: { current: number | null; previousPeriod: number | null; samePeriodLastYear: number | null },
  polarity: Polarity,
  options: DirectionOptions = {},
): DirectionsOfTravel {
  return {
    previousPeriod: directionOfTravel(values.current, values.previousPeriod, polarity, options, 'the previous period'),
    samePeriodLastYear: directionOfTravel(
      values.current,
      values.samePeriodLastYear,
      polarity,
      options,
      'the same period last year',
    ),
  };
}
