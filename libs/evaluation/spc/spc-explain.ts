/**
 * Plain-English wording for SPC results, for reports. The phrasing follows Making Data Count's icon names
 * ("special cause concern", "consistently fail the target", "hit and miss").
 */
import type { SpcAssurance, SpcGroup, SpcPointType, SpcResult, SpcSignal, SpcVariation } from './spc-types.js';

export interface SpcExplainOptions {
  /** Defaults to up to 4 significant figures below 100 and 1 decimal place above, en-GB grouping. */
  readonly formatValue?: (value: number) => string;
}

export function formatSpcValue(value: number): string {
  const magnitude = Math.abs(value);
  const options: Intl.NumberFormatOptions =
    magnitude >= 100 ? { maximumFractionDigits: 1 } : { maximumSignificantDigits: 4 };
  return new Intl.NumberFormat('en-GB', options).format(value);
}

/** e.g. "7 points below the mean (Q1 2023-24 to Q3 2024-25)". */
export function describeSignal(signal: SpcSignal): string {
  const count = signal.indices.length;
  const points = `${count} ${count === 1 ? 'point' : 'points'}`;
  const span = signal.fromX === signal.toX ? `(${signal.fromX})` : `(${signal.fromX} to ${signal.toX})`;
  switch (signal.rule) {
    case 'outside_limits':
      return `${points} ${signal.side === 'high' ? 'above the upper' : 'below the lower'} process limit ${span}`;
    case 'trend':
      return `${points} in a row ${signal.side === 'high' ? 'rising' : 'falling'} ${span}`;
    case 'two_in_three': {
      const window = signal.endIndex - signal.startIndex + 1;
      const where = signal.side === 'high' ? 'near the upper' : 'near the lower';
      return `${count} of ${window} points ${where} process limit, beyond two sigma ${span}`;
    }
    case 'one_side_of_mean':
      return `${points} ${signal.side === 'high' ? 'above' : 'below'} the mean ${span}`;
  }
}

export function describeVariation(result: SpcResult): string {
  const variation = result.variation;
  if (variation === null) return 'No variation assessment: the series has no values.';
  const label = variationLabel(variation);
  const body =
    variation.signal === null
      ? `${label}: the latest point (${variation.x}) shows no special cause.`
      : `${label}: ${describeSignal(variation.signal)}.`;
  return variation.trialLimits ? `${body} ${trialNote(result.groups[variation.groupIndex]!)}` : body;
}

export function describeAssurance(result: SpcResult, options: SpcExplainOptions = {}): string {
  const format = options.formatValue ?? formatSpcValue;
  const assurance: SpcAssurance = result.assurance;
  const target = assurance.target === null ? '' : format(assurance.target);
  const lower = assurance.lowerProcessLimit === null ? '' : format(assurance.lowerProcessLimit);
  const upper = assurance.upperProcessLimit === null ? '' : format(assurance.upperProcessLimit);
  switch (assurance.reason) {
    case 'no_target':
      return 'No assurance: there is no target.';
    case 'no_polarity':
      return 'No assurance: neither higher nor lower is better for this measure.';
    case 'no_limits':
      return 'No assurance: the process limits could not be calculated.';
    case 'target_within_limits':
      return `Assurance: hit and miss. The target (${target}) lies within the process limits (${lower} to ${upper}), so it will be met only some of the time.`;
    case 'target_above_upper_limit':
      return assurance.type === 'consistent_pass'
        ? `Assurance: consistently passing. The target (${target}) is above the upper process limit (${upper}), so it will be met unless the process changes.`
        : `Assurance: consistently failing. The target (${target}) is above the upper process limit (${upper}), so it will not be met unless the process changes.`;
    case 'target_below_lower_limit':
      return assurance.type === 'consistent_pass'
        ? `Assurance: consistently passing. The target (${target}) is below the lower process limit (${lower}), so it will be met unless the process changes.`
        : `Assurance: consistently failing. The target (${target}) is below the lower process limit (${lower}), so it will not be met unless the process changes.`;
  }
}

/** The assurance icon as a short label, for table cells. */
export function assuranceLabel(assurance: SpcAssurance): string {
  switch (assurance.type) {
    case 'consistent_pass':
      return 'Consistently passing';
    case 'consistent_fail':
      return 'Consistently failing';
    case 'inconsistent':
      return 'Hit and miss';
    default:
      return 'No assurance';
  }
}

/** The variation icon and the assurance, in two sentences or more. */
export function explainSpc(result: SpcResult, options: SpcExplainOptions = {}): string {
  return `${describeVariation(result)} ${describeAssurance(result, options)}`;
}

const TYPE_LABELS: Readonly<Record<SpcPointType, string>> = {
  common_cause: 'Common cause variation',
  special_cause_improvement: 'Special cause improvement',
  special_cause_concern: 'Special cause concern',
  special_cause_neutral: 'Special cause variation',
};

/** The variation icon as a short label, e.g. "Special cause concern (low)". */
export function variationLabel(variation: SpcVariation): string {
  const label = TYPE_LABELS[variation.type];
  if (variation.side === null) return label;
  return variation.type === 'special_cause_neutral'
    ? `${label} (neutral, ${variation.side})`
    : `${label} (${variation.side})`;
}

function trialNote(group: SpcGroup): string {
  return `The limits are trial limits, based on only ${group.valueCount} ${group.valueCount === 1 ? 'value' : 'values'}.`;
}
