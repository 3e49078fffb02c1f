import { formatNumber, roundHalfAwayFromZero } from './numeric.js';

/** Same spellings as the catalogue's units (SPEC section 2). */
export type IndicatorUnit =
  'percentage' | 'rate_per_1000' | 'rate_per_10000' | 'rate_per_100000' | 'count' | 'days' | 'score';

export type DataQualityCode =
  | 'not_a_number'
  | 'percentage_over_100'
  | 'percentage_below_0'
  | 'negative_count'
  | 'negative_rate'
  | 'zero_denominator'
  | 'outside_plausible_range'
  | 'numerator_exceeds_denominator'
  | 'value_disagrees_with_numerator_and_denominator';

export interface DataQualityFinding {
  code: DataQualityCode;
  /** error: the figure cannot be right; warning: it is implausible and worth checking. */
  severity: 'error' | 'warning';
  message: string;
}

export interface DataQualityInput {
  /** null when missing or suppressed: nothing about it is checked. */
  value: number | null;
  numerator?: number | null;
  denominator?: number | null;
  unit: IndicatorUnit;
  /** What numerator ÷ denominator is multiplied by to give the value; defaults from the unit (100 for a percentage). */
  multiplier?: number | null;
  /**
   * The indicator's decimal places. Comparisons are made at them, and a value may differ from
   * numerator ÷ denominator × multiplier by up to half a unit in the last place. Omitted: the decimal
   * places the value was given with.
   */
  decimalPlaces?: number;
  plausibleRange?: { min?: number; max?: number } | null;
}

/** What numerator ÷ denominator is multiplied by to give the value; null for units that are not ratios. */
export const UNIT_MULTIPLIERS: Readonly<Record<IndicatorUnit, number | null>> = {
  percentage: 100,
  rate_per_1000: 1_000,
  rate_per_10000: 10_000,
  rate_per_100000: 100_000,
  count: null,
  days: null,
  score: null,
};

/** Data-quality checks (SPEC 4.8). Returns every finding, so one upload can list all its problems at once. */
export function checkDataQuality(input: DataQualityInput): DataQualityFinding[] {
  const findings: DataQualityFinding[] = [];
  const usable = (name: string, figure: number | null | undefined): figure is number => {
    if (figure === null || figure === undefined) return false;
    if (Number.isFinite(figure)) return true;
    findings.push({ code: 'not_a_number', severity: 'error', message: `The ${name} is not a number (${figure}).` });
    return false;
  };
  const hasValue = usable('value', input.value);
  const hasNumerator = usable('numerator', input.numerator);
  const hasDenominator = usable('denominator', input.denominator);
  const dp = input.decimalPlaces ?? (hasValue ? decimalsShown(input.value as number) : undefined);
  const show = (figure: number): string => formatNumber(figure, input.decimalPlaces);
  const rounded = (figure: number): number => (dp === undefined ? figure : roundHalfAwayFromZero(figure, dp));

  if (hasValue) {
    const value = rounded(input.value as number);
    if (input.unit === 'percentage' && value > 100) {
      findings.push({
        code: 'percentage_over_100',
        severity: 'error',
        message: `The percentage is ${show(value)}, which is over 100: a percentage cannot be more than 100.`,
      });
    }
    if (input.unit === 'percentage' && value < 0) {
      findings.push({
        code: 'percentage_below_0',
        severity: 'error',
        message: `The percentage is ${show(value)}, which is below 0: a percentage cannot be negative.`,
      });
    }
    if (input.unit === 'count' && value < 0) {
      findings.push({
        code: 'negative_count',
        severity: 'error',
        message: `The count is ${show(value)}: a count cannot be negative.`,
      });
    }
    if (input.unit.startsWith('rate_') && value < 0) {
      findings.push({
        code: 'negative_rate',
        severity: 'error',
        message: `The rate is ${show(value)}: a rate cannot be negative.`,
      });
    }
    const range = input.plausibleRange;
    if (range?.min !== undefined && value < range.min) {
      findings.push({
        code: 'outside_plausible_range',
        severity: 'warning',
        message: `The value ${show(value)} is below ${formatNumber(range.min)}, the lowest plausible value for this indicator; please check it.`,
      });
    }
    if (range?.max !== undefined && value > range.max) {
      findings.push({
        code: 'outside_plausible_range',
        severity: 'warning',
        message: `The value ${show(value)} is above ${formatNumber(range.max)}, the highest plausible value for this indicator; please check it.`,
      });
    }
  }

  if (hasNumerator && (input.numerator as number) < 0) {
    findings.push({
      code: 'negative_count',
      severity: 'error',
      message: `The numerator is ${formatNumber(input.numerator as number)}: a count cannot be negative.`,
    });
  }
  if (hasDenominator && (input.denominator as number) < 0) {
    findings.push({
      code: 'negative_count',
      severity: 'error',
      message: `The denominator is ${formatNumber(input.denominator as number)}: a count cannot be negative.`,
    });
  }
  if (!hasNumerator || !hasDenominator) return findings;
  const numerator = input.numerator as number;
  const denominator = input.denominator as number;

  if (denominator === 0) {
    findings.push({
      code: 'zero_denominator',
      severity: 'error',
      message: 'The denominator is 0, so no value can be calculated from the numerator and denominator.',
    });
    return findings;
  }
  if (input.unit === 'percentage' && numerator > denominator) {
    findings.push({
      code: 'numerator_exceeds_denominator',
      severity: 'error',
      message: `The numerator (${formatNumber(numerator)}) is larger than the denominator (${formatNumber(denominator)}): the people counted in a percentage must be part of the group it is a percentage of.`,
    });
  }

  const multiplier = input.multiplier === undefined ? UNIT_MULTIPLIERS[input.unit] : input.multiplier;
  if (hasValue && multiplier !== null && denominator > 0 && numerator >= 0) {
    const value = input.value as number;
    const expected = (numerator / denominator) * multiplier;
    const allowance = dp === undefined ? 0 : 0.5 * 10 ** -dp;
    // The relative slack only absorbs binary floating-point error in the division.
    if (Math.abs(value - expected) > allowance + 1e-9 * Math.max(1, Math.abs(expected))) {
      const working = `${formatNumber(numerator)} ÷ ${formatNumber(denominator)}${multiplier === 1 ? '' : ` × ${formatNumber(multiplier)}`}`;
      findings.push({
        code: 'value_disagrees_with_numerator_and_denominator',
        severity: 'error',
        message:
          dp === undefined
            ? `The value ${formatNumber(value)} does not match the numerator and denominator: ${working} = ${formatNumber(expected)}.`
            : `The value ${formatNumber(value, dp)} does not match the numerator and denominator: ${working} = ${formatNumber(expected, dp)} at ${dp} decimal place${dp === 1 ? '' : 's'}.`,
      });
    }
  }
  return findings;
}

function decimalsShown(value: number): number {
  const text = String(value);
  if (text.includes('e')) return 10;
  const point = text.indexOf('.');
  return point === -1 ? 0 : Math.min(10, text.length - point - 1);
}
