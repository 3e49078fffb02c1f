import { type Band, bandWidth, describeBand } from './band.js';
import { formatNumber, roundForComparison } from './numeric.js';
import type { Polarity } from './polarity.js';
import { describePolarity } from './polarity-text.js';

export type Rag = 'green' | 'amber' | 'red';

/** RAG is always shown with a word (SPEC 4.1), so every status carries one. */
export type TargetStatusLabel = 'On target' | 'Near target' | 'Off target' | 'No data';

export const RAG_LABELS: Readonly<Record<Rag, TargetStatusLabel>> = {
  green: 'On target',
  amber: 'Near target',
  red: 'Off target',
};

/** An in-range target: both ends inclusive. */
export interface TargetRange {
  low: number;
  high: number;
}

export type TargetValue = number | TargetRange;

export interface TargetStatusInput {
  /** null when there is no value to assess (missing or suppressed). */
  value: number | null;
  target: TargetValue;
  polarity: Polarity;
  /** The amber band; without one, any shortfall is red. */
  tolerance?: Band | null;
  /** How far better than target counts as well above target; without one nothing is flagged. */
  exceptional?: Band | null;
}

export interface TargetStatusOptions {
  /**
   * The indicator's decimal places. The value, target and band edges are rounded to them (half away
   * from zero) before comparing, so the outcome matches the figures people read. Omitted: values are
   * only cleaned of floating-point noise (rounded to 10 places).
   */
  decimalPlaces?: number;
}

export interface TargetStatus {
  /** null when there was no value to assess. */
  rag: Rag | null;
  label: TargetStatusLabel;
  wellAboveTarget: boolean;
  /**
   * Distance from target, positive when better. For an in-range target: the margin to the nearer end
   * when inside (0 on an end), minus the distance outside when outside.
   */
  gap: number | null;
  reasons: string[];
}

/**
 * Target status (SPEC 4.1) and "well above target" (SPEC 4.2): green meets or beats the target, amber is
 * worse but within tolerance (exactly on the tolerance edge is amber), red is beyond it; well above
 * target is better by at least the exceptional band (exactly on the band counts).
 */
export function evaluateTargetStatus(input: TargetStatusInput, options: TargetStatusOptions = {}): TargetStatus {
  assertTarget(input.target);
  if (input.value === null) {
    return {
      rag: null,
      label: 'No data',
      wellAboveTarget: false,
      gap: null,
      reasons: ['No value to assess (missing or suppressed), so no target status.'],
    };
  }
  if (!Number.isFinite(input.value)) throw new RangeError(`value must be a finite number, got ${input.value}`);

  if (typeof input.target !== 'number') return evaluateInRange(input, input.target, options.decimalPlaces);
  if (input.polarity === 'no_polarity') {
    return evaluateInRange(input, { low: input.target, high: input.target }, options.decimalPlaces);
  }
  return evaluateAgainstSingleTarget(input, input.target, input.polarity, options.decimalPlaces);
}

function evaluateAgainstSingleTarget(
  input: TargetStatusInput,
  rawTarget: number,
  polarity: 'higher_is_better' | 'lower_is_better',
  dp: number | undefined,
): TargetStatus {
  const value = roundForComparison(input.value as number, dp);
  const target = roundForComparison(rawTarget, dp);
  const direction = polarity === 'higher_is_better' ? 1 : -1;
  const atLeast = (a: number, b: number): boolean => (direction === 1 ? a >= b : a <= b);
  const gap = roundForComparison(direction * (value - target), dp);
  const v = formatNumber(value, dp);
  const t = formatNumber(target, dp);
  const reasons: string[] = [];

  let rag: Rag;
  if (atLeast(value, target)) {
    rag = 'green';
    reasons.push(
      value === target
        ? `Green: ${v} equals the target of ${t}, which counts as meeting it.`
        : `Green: ${v} beats the target of ${t} by ${formatNumber(gap, dp)} (${describePolarity(polarity)}).`,
    );
  } else {
    const shortfall = formatNumber(-gap, dp);
    if (!input.tolerance) {
      rag = 'red';
      reasons.push(
        `Red: ${v} is ${shortfall} worse than the target of ${t} (${describePolarity(polarity)}), and no tolerance is set, so any shortfall is red.`,
      );
    } else {
      const amberLimit = roundForComparison(target - direction * bandWidth(input.tolerance, rawTarget), dp);
      const tolerance = describeBand(input.tolerance, rawTarget, dp);
      const limit = formatNumber(amberLimit, dp);
      if (atLeast(value, amberLimit)) {
        rag = 'amber';
        reasons.push(
          `Amber: ${v} is ${shortfall} worse than the target of ${t} (${describePolarity(polarity)}) but within the tolerance of ${tolerance}; the amber limit is ${limit}${value === amberLimit ? ', and a value exactly on it is amber' : ''}.`,
        );
      } else {
        rag = 'red';
        reasons.push(
          `Red: ${v} is ${shortfall} worse than the target of ${t} (${describePolarity(polarity)}), beyond the tolerance of ${tolerance}; the amber limit is ${limit}.`,
        );
      }
    }
  }

  let wellAboveTarget = false;
  if (!input.exceptional) {
    reasons.push('No exceptional band is set, so the value is not assessed as well above target.');
  } else {
    const threshold = roundForComparison(target + direction * bandWidth(input.exceptional, rawTarget), dp);
    const band = describeBand(input.exceptional, rawTarget, dp);
    const limit = formatNumber(threshold, dp);
    wellAboveTarget = atLeast(value, threshold);
    reasons.push(
      wellAboveTarget
        ? `Well above target: ${v} is better than the target by at least the exceptional band of ${band} (threshold ${limit}${value === threshold ? ', reached exactly' : ''}).`
        : `Not well above target: the exceptional band is ${band}, so the value would need to reach ${limit}.`,
    );
  }

  return { rag, label: RAG_LABELS[rag], wellAboveTarget, gap, reasons };
}

function evaluateInRange(input: TargetStatusInput, range: TargetRange, dp: number | undefined): TargetStatus {
  const value = roundForComparison(input.value as number, dp);
  const low = roundForComparison(range.low, dp);
  const high = roundForComparison(range.high, dp);
  const v = formatNumber(value, dp);
  const rangeText =
    low === high
      ? `the target of ${formatNumber(low, dp)}`
      : `the target range ${formatNumber(low, dp)} to ${formatNumber(high, dp)}`;
  const reasons: string[] = [];
  const notWellAbove =
    'Well above target does not apply to an in-range target: being further inside the range is not better.';

  if (value >= low && value <= high) {
    const gap = roundForComparison(Math.min(value - low, high - value), dp);
    reasons.push(`Green: ${v} is within ${rangeText} (both ends count as within).`, notWellAbove);
    return { rag: 'green', label: RAG_LABELS.green, wellAboveTarget: false, gap, reasons };
  }

  const below = value < low;
  const rawEdge = below ? range.low : range.high;
  const edge = below ? low : high;
  const distance = roundForComparison(below ? low - value : value - high, dp);
  const side = below ? 'below' : 'above';
  const gap = -distance;
  let rag: Rag;
  if (!input.tolerance) {
    rag = 'red';
    reasons.push(`Red: ${v} is ${formatNumber(distance, dp)} ${side} ${rangeText}, and no tolerance is set.`);
  } else {
    const width = bandWidth(input.tolerance, rawEdge);
    const amberLimit = roundForComparison(below ? edge - width : edge + width, dp);
    const inside = below ? value >= amberLimit : value <= amberLimit;
    rag = inside ? 'amber' : 'red';
    const tolerance = describeBand(input.tolerance, rawEdge, dp);
    reasons.push(
      inside
        ? `Amber: ${v} is ${formatNumber(distance, dp)} ${side} ${rangeText} but within the tolerance of ${tolerance}; the amber limit is ${formatNumber(amberLimit, dp)}${value === amberLimit ? ', and a value exactly on it is amber' : ''}.`
        : `Red: ${v} is ${formatNumber(distance, dp)} ${side} ${rangeText}, beyond the tolerance of ${tolerance}; the amber limit is ${formatNumber(amberLimit, dp)}.`,
    );
  }
  reasons.push(notWellAbove);
  return { rag, label: RAG_LABELS[rag], wellAboveTarget: false, gap, reasons };
}

function assertTarget(target: TargetValue): void {
  if (typeof target === 'number') {
    if (!Number.isFinite(target)) throw new RangeError(`target must be a finite number, got ${target}`);
    return;
  }
  if (!Number.isFinite(target.low) || !Number.isFinite(target.high) || target.low > target.high) {
    throw new RangeError(`a target range needs finite low <= high, got ${target.low} to ${target.high}`);
  }
}
