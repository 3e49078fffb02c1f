import { describeVariation, formatNumber } from '../evaluation/index.js';
import type { ExceptionKind, SeriesEvaluation } from '../series/index.js';

/** An exception the evaluation found no longer holds. */
export interface NoLongerHolding {
  readonly kind: ExceptionKind;
  readonly periodType: string;
  readonly periodKey: string;
  readonly periodLabel: string;
  /** The return whose value raised it: a different one now means the value was corrected. */
  readonly returnId: string | null;
}

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);
const withoutStop = (text: string): string => text.replace(/\.$/, '');

/**
 * Why an indicator exception closed itself, in the words of its history record, e.g. "value corrected
 * to 71.2, now green (on target)". `evaluation` is the series as it stands; null when it has no values at all.
 */
export function resolutionNote(closing: NoLongerHolding, evaluation: SeriesEvaluation | null): string {
  const label = closing.periodLabel;
  if (!evaluation) return `there are no values for this indicator and area any more`;
  const dp = evaluation.input.indicator.decimalPlaces;
  const point = evaluation.pointAt(closing.periodKey);
  const slot = evaluation.slotAt(closing.periodKey);
  const valueText = (): string => {
    const corrected = point !== null && closing.returnId !== null && point.returnId !== closing.returnId;
    return `value ${corrected ? 'corrected to' : 'now'} ${formatNumber(point!.value as number, dp)}`;
  };
  const noValue = (): string | null => {
    if (!point) return `there is no value for ${label} any more`;
    if (point.value === null)
      return `the value for ${label} is now ${point.status === 'suppressed' ? 'suppressed' : 'missing'}`;
    return null;
  };

  switch (closing.kind) {
    case 'data_quality':
      return noValue() ?? `${valueText()}, which passes the data-quality checks`;
    case 'below_target':
    case 'well_above_target': {
      const missing = noValue();
      if (missing) return missing;
      if (slot?.usable === null)
        return `${valueText()}, which fails the data-quality checks, so it is not judged against a target`;
      const judged = slot ? evaluation.status(slot) : null;
      if (!judged) return `no target applies to ${label} any more`;
      const rag = `${judged.status.rag} (${judged.status.label.toLowerCase()})`;
      return closing.kind === 'below_target'
        ? `${valueText()}, now ${rag}`
        : `${valueText()}, now ${rag} but no longer well above target`;
    }
    case 'special_cause_concern':
    case 'special_cause_improvement': {
      const chart = evaluation.spc(evaluation.seriesOf(closing.periodType));
      if (!chart) return `the series has too few values for an SPC chart`;
      const variation = withoutStop(lowerFirst(describeVariation(chart.result)));
      return chart.latest.period.key === closing.periodKey
        ? `now ${variation}`
        : `the latest point is now ${chart.latest.period.label}: ${variation}`;
    }
    case 'target_unlikely_to_be_met': {
      const outlook = evaluation.forecast(evaluation.seriesOf(closing.periodType));
      if (!outlook)
        return `no year-end forecast applies any more (the year is complete, or it has no annual target or values)`;
      const reason = withoutStop(lowerFirst(outlook.likelihood.reasons[0]!));
      return outlook.latest.period.key === closing.periodKey
        ? reason
        : `the latest value is now for ${outlook.latest.period.label}: ${reason}`;
    }
    case 'worse_and_worsening': {
      const verdict = slot ? evaluation.benchmarkVerdict(slot) : null;
      if (!verdict) return noValue() ?? `a comparison with England is no longer possible for ${label}`;
      return `no longer worse than England and worsening (${withoutStop(verdict.reasons[1]!)}; ${withoutStop(verdict.reasons[2]!)})`;
    }
    default:
      return 'the condition no longer holds';
  }
}
