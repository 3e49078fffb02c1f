import type { Band } from './band.js';
import { formatNumber } from './numeric.js';
import type { Polarity } from './polarity.js';
import { evaluateTargetStatus, type Rag, type TargetStatus, type TargetValue } from './target-status.js';

/**
 * A value at a position in the year. Positions count periods from the start of the year (1 is the
 * first month or quarter); earlier years continue backwards, so last year's final quarter is 0 and
 * the one before it −1. null is a missing or suppressed value.
 */
export interface PeriodValue {
  position: number;
  value: number | null;
}

export interface PeriodPoint {
  position: number;
  value: number;
}

export type ForecastMethod = 'run_rate' | 'linear_trend' | 'outturn';

export type ForecastInputs =
  | { method: 'run_rate'; yearToDate: number; periodsElapsed: number; periodsInYear: number }
  | { method: 'linear_trend'; points: PeriodPoint[]; slope: number; intercept: number; yearEndPosition: number }
  | { method: 'outturn'; position: number };

export interface Forecast {
  /** The forecast year-end value, or null when there is too little data to forecast. */
  value: number | null;
  method: ForecastMethod;
  /** What the forecast was computed from, so a report can show its working. */
  inputs: ForecastInputs | null;
  reasons: string[];
}

export interface SumForecastInput {
  kind: 'year_to_date_sum';
  /** 'cumulative': each return is the year-to-date total; 'per_period': each is that period's own count. */
  returns: 'cumulative' | 'per_period';
  points: readonly PeriodValue[];
  periodsInYear: number;
}

export interface RateForecastInput {
  kind: 'rate';
  points: readonly PeriodValue[];
  /** Earlier years' points (positions 0 and below) to steady a trend early in the year. */
  priorPoints?: readonly PeriodValue[];
  periodsInYear: number;
  /** Fewest points a trend is fitted to. Default 3: a line through two points is not a trend. */
  minimumPoints?: number;
  /** Keeps a forecast possible, e.g. 0 to 100 for a percentage; a clamped forecast says so. */
  bounds?: { min?: number; max?: number };
}

export type ForecastInput = SumForecastInput | RateForecastInput;

export const DEFAULT_MINIMUM_TREND_POINTS = 3;

/**
 * Year-end forecast from year-to-date values (SPEC 4.4). Sums are projected at the year-to-date run rate
 * (total ÷ periods elapsed × periods in the year); rates and percentages by a least-squares straight line
 * through the values, read off at the year-end position. Once the final period has a value, that value is
 * the outturn and nothing is forecast.
 */
export function forecastYearEnd(input: ForecastInput): Forecast {
  assertPeriodsInYear(input.periodsInYear);
  assertInYear(input.points, input.periodsInYear);
  return input.kind === 'year_to_date_sum' ? forecastSum(input) : forecastRate(input);
}

function forecastSum(input: SumForecastInput): Forecast {
  const { periodsInYear } = input;
  const present = sortedPresent(input.points);
  if (present.length === 0) {
    return unavailable('run_rate', 'No forecast: there are no year-to-date values yet (missing or suppressed).');
  }

  let yearToDate: number;
  let periodsElapsed: number;
  const reasons: string[] = [];
  if (input.returns === 'cumulative') {
    const latest = present[present.length - 1];
    yearToDate = latest.value;
    periodsElapsed = latest.position;
    const latestReported = Math.max(...input.points.map((point) => point.position));
    if (latestReported > latest.position) {
      reasons.push(
        `Period ${latestReported} has no value (missing or suppressed), so the latest year-to-date total, from period ${latest.position}, is used.`,
      );
    }
  } else {
    periodsElapsed = Math.max(...input.points.map((point) => point.position));
    const byPosition = new Map(present.map((point) => [point.position, point.value]));
    const gaps: number[] = [];
    for (let position = 1; position <= periodsElapsed; position++) if (!byPosition.has(position)) gaps.push(position);
    if (gaps.length > 0) {
      return unavailable(
        'run_rate',
        `No forecast: period${gaps.length > 1 ? 's' : ''} ${gaps.join(', ')} ${gaps.length > 1 ? 'have' : 'has'} no value (missing or suppressed), so the year-to-date total is not known.`,
      );
    }
    yearToDate = present.reduce((total, point) => total + point.value, 0);
    reasons.push(`The year-to-date total is the sum of periods 1 to ${periodsElapsed}: ${formatNumber(yearToDate)}.`);
  }

  if (periodsElapsed === periodsInYear) {
    return {
      value: yearToDate,
      method: 'outturn',
      inputs: { method: 'outturn', position: periodsInYear },
      reasons: [...reasons, `The year is complete, so the year-end value is the outturn: ${formatNumber(yearToDate)}.`],
    };
  }

  const value = (yearToDate / periodsElapsed) * periodsInYear;
  reasons.push(
    `Run rate: ${formatNumber(yearToDate)} in ${periodsElapsed} of ${periodsInYear} periods, so ${formatNumber(yearToDate)} ÷ ${periodsElapsed} × ${periodsInYear} = ${formatNumber(value)} by the year end.`,
  );
  return {
    value,
    method: 'run_rate',
    inputs: { method: 'run_rate', yearToDate, periodsElapsed, periodsInYear },
    reasons,
  };
}

function forecastRate(input: RateForecastInput): Forecast {
  const { periodsInYear } = input;
  const minimumPoints = input.minimumPoints ?? DEFAULT_MINIMUM_TREND_POINTS;
  if (!Number.isInteger(minimumPoints) || minimumPoints < 2) {
    throw new RangeError(`minimumPoints must be a whole number of at least 2, got ${minimumPoints}`);
  }
  const prior = input.priorPoints ?? [];
  for (const point of prior) {
    if (!Number.isFinite(point.position) || point.position > 0) {
      throw new RangeError(`prior points must have positions of 0 or below, got ${point.position}`);
    }
  }
  const inYear = sortedPresent(input.points);
  const outturn = inYear.find((point) => point.position === periodsInYear);
  if (outturn) {
    return {
      value: outturn.value,
      method: 'outturn',
      inputs: { method: 'outturn', position: periodsInYear },
      reasons: [`The final period has a value, so the year-end value is the outturn: ${formatNumber(outturn.value)}.`],
    };
  }

  const points = [...sortedPresent(prior), ...inYear];
  assertUniquePositions(points);
  if (points.length < minimumPoints) {
    const skipped = input.points.length + prior.length - points.length;
    return unavailable(
      'linear_trend',
      `No forecast: a trend needs at least ${minimumPoints} values and there ${points.length === 1 ? 'is' : 'are'} ${points.length}${skipped > 0 ? ` (${skipped} missing or suppressed)` : ''}; supplying earlier periods would allow one.`,
    );
  }

  const { slope, intercept } = leastSquaresLine(points);
  const fitted = intercept + slope * periodsInYear;
  const reasons = [
    `Linear trend: a least-squares line through ${points.length} values (periods ${points.map((point) => point.position).join(', ')}) changes by ${formatNumber(slope)} a period; extended to period ${periodsInYear} it gives ${formatNumber(fitted)}.`,
  ];
  let value = fitted;
  if (input.bounds?.max !== undefined && value > input.bounds.max) {
    value = input.bounds.max;
    reasons.push(`The trend passes the highest possible value, so the forecast is held at ${formatNumber(value)}.`);
  }
  if (input.bounds?.min !== undefined && value < input.bounds.min) {
    value = input.bounds.min;
    reasons.push(`The trend passes the lowest possible value, so the forecast is held at ${formatNumber(value)}.`);
  }
  return {
    value,
    method: 'linear_trend',
    inputs: { method: 'linear_trend', points, slope, intercept, yearEndPosition: periodsInYear },
    reasons,
  };
}

export function leastSquaresLine(points: readonly PeriodPoint[]): { slope: number; intercept: number } {
  if (points.length < 2) throw new RangeError('a line needs at least two points');
  const n = points.length;
  const meanX = points.reduce((sum, point) => sum + point.position, 0) / n;
  const meanY = points.reduce((sum, point) => sum + point.value, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const point of points) {
    sxx += (point.position - meanX) ** 2;
    sxy += (point.position - meanX) * (point.value - meanY);
  }
  if (sxx === 0) throw new RangeError('a line needs points at two or more different positions');
  const slope = sxy / sxx;
  return { slope, intercept: meanY - slope * meanX };
}

export interface TargetLikelihood {
  /** True when the forecast misses the annual target beyond tolerance (SPEC 4.4). */
  unlikely: boolean;
  /** The RAG the forecast would get against the annual target; null without a forecast. */
  forecastRag: Rag | null;
  forecastStatus: TargetStatus | null;
  reasons: string[];
}

/**
 * "Target unlikely to be met" (SPEC 4.4): judged on the forecast alone, so it is raised even while the
 * latest period is green, which is the point of the rule.
 */
export function targetUnlikelyToBeMet(
  forecast: Forecast,
  annualTarget: TargetValue,
  tolerance: Band | null | undefined,
  polarity: Polarity,
  options: { decimalPlaces?: number } = {},
): TargetLikelihood {
  if (forecast.value === null) {
    return {
      unlikely: false,
      forecastRag: null,
      forecastStatus: null,
      reasons: [
        'Cannot say whether the annual target is likely to be met, because there is no forecast.',
        ...forecast.reasons,
      ],
    };
  }
  const status = evaluateTargetStatus({ value: forecast.value, target: annualTarget, polarity, tolerance }, options);
  const unlikely = status.rag === 'red';
  const forecastText = formatNumber(forecast.value, options.decimalPlaces);
  return {
    unlikely,
    forecastRag: status.rag,
    forecastStatus: status,
    reasons: [
      unlikely
        ? `Target unlikely to be met: the year-end forecast of ${forecastText} misses the annual target beyond tolerance.`
        : `The annual target is not flagged: the year-end forecast of ${forecastText} is ${status.rag === 'green' ? 'on target' : 'within tolerance'}.`,
      ...forecast.reasons,
      // Only the RAG reason: "well above target" means nothing for a forecast.
      status.reasons[0],
    ],
  };
}

function unavailable(method: ForecastMethod, reason: string): Forecast {
  return { value: null, method, inputs: null, reasons: [reason] };
}

function sortedPresent(points: readonly PeriodValue[]): PeriodPoint[] {
  return points
    .filter((point): point is PeriodPoint => point.value !== null)
    .map((point) => {
      if (!Number.isFinite(point.value)) throw new RangeError(`values must be finite numbers, got ${point.value}`);
      return { position: point.position, value: point.value };
    })
    .sort((a, b) => a.position - b.position);
}

function assertPeriodsInYear(periodsInYear: number): void {
  if (!Number.isInteger(periodsInYear) || periodsInYear < 1) {
    throw new RangeError(`periodsInYear must be a whole number of at least 1, got ${periodsInYear}`);
  }
}

function assertInYear(points: readonly PeriodValue[], periodsInYear: number): void {
  for (const point of points) {
    if (!Number.isInteger(point.position) || point.position < 1 || point.position > periodsInYear) {
      throw new RangeError(`in-year positions run from 1 to ${periodsInYear}, got ${point.position}`);
    }
  }
  assertUniquePositions(points);
}

function assertUniquePositions(points: readonly { position: number }[]): void {
  const seen = new Set<number>();
  for (const point of points) {
    if (seen.has(point.position)) throw new RangeError(`position ${point.position} appears more than once`);
    seen.add(point.position);
  }
}
