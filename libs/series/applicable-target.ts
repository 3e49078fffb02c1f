import type { Band, TargetValue } from '../evaluation/index.js';
import type { PeriodInfo } from './period-info.js';

/** A target's current version and current owner, as the evaluation reads it. */
export interface TargetFacts {
  readonly targetId: string;
  readonly versionId: string;
  readonly version: number;
  /** null: the whole local authority (see {@link TargetBook}). */
  readonly areaId: string | null;
  readonly period: PeriodInfo;
  readonly value: number | null;
  readonly rangeLow: number | null;
  readonly rangeHigh: number | null;
  readonly tolerance: Band;
  readonly exceptional: Band;
  readonly owningGroupId: string;
}

export type TargetBasis = 'own_period' | 'financial_year';

/** The target a value is judged against, and why that one. */
export interface ApplicableTarget {
  readonly target: TargetFacts;
  readonly basis: TargetBasis;
  /** 'area': the area's own target; 'authority': the whole authority's, applied to the area. */
  readonly scope: 'area' | 'authority';
  /**
   * What the value is compared with: the target's value or range, profiled to the period when a
   * summed indicator is judged against its financial year's target (see {@link profileTarget}).
   */
  readonly comparedWith: TargetValue;
  /** Set when the compared value was profiled from the annual figure. */
  readonly profile: { readonly annual: TargetValue; readonly fraction: number } | null;
}

export interface IndicatorRollUp {
  readonly rollUp: 'sum' | 'recompute' | 'latest' | 'average';
  readonly cumulativeYtd: boolean;
}

/**
 * The targets of one indicator, answering "which target applies to this area and period":
 *
 * 1. the area's own target for the value's own period (e.g. 2024-25 Q2);
 * 2. the area's own target for the financial year containing the period (a month, quarter or half);
 * 3. then the same two for the whole local authority's target (area null), which applies to the home
 *    authority and its districts and localities — never to comparators (England, regions, neighbours).
 *
 * An area's own target wins over a more specific period of the authority's, because it is what was agreed
 * for that area. The current version of each target is used: the evaluation reflects the target as agreed
 * now, and each exception records which version it used.
 */
export class TargetBook {
  private readonly byKey = new Map<string, TargetFacts>();

  constructor(readonly targets: readonly TargetFacts[]) {
    for (const target of targets)
      this.byKey.set(TargetBook.key(target.areaId, target.period.period.type, target.period.period.start), target);
  }

  private static key(areaId: string | null, type: string, start: string): string {
    return `${areaId ?? '*'}|${type}|${start}`;
  }

  get isEmpty(): boolean {
    return this.targets.length === 0;
  }

  /** The target a value for `period` in `areaId` is judged against, or null when none applies. */
  forValue(
    areaId: string,
    period: PeriodInfo,
    takesAuthorityTargets: boolean,
    indicator: IndicatorRollUp,
  ): ApplicableTarget | null {
    const scopes: ['area' | 'authority', string | null][] = takesAuthorityTargets
      ? [
          ['area', areaId],
          ['authority', null],
        ]
      : [['area', areaId]];
    for (const [scope, area] of scopes) {
      const own = this.byKey.get(TargetBook.key(area, period.period.type, period.period.start));
      if (own) return { target: own, basis: 'own_period', scope, comparedWith: targetValueOf(own), profile: null };
      if (period.financialYear && period.period.type !== 'financial_year') {
        const annual = this.byKey.get(TargetBook.key(area, 'financial_year', period.financialYear.start));
        if (annual)
          return { target: annual, basis: 'financial_year', scope, ...profileTarget(annual, period, indicator) };
      }
    }
    return null;
  }

  /** The financial year's own target, for the year-end forecast. */
  forFinancialYear(
    areaId: string,
    financialYearStart: string,
    takesAuthorityTargets: boolean,
  ): { target: TargetFacts; scope: 'area' | 'authority' } | null {
    const own = this.byKey.get(TargetBook.key(areaId, 'financial_year', financialYearStart));
    if (own) return { target: own, scope: 'area' };
    if (!takesAuthorityTargets) return null;
    const authority = this.byKey.get(TargetBook.key(null, 'financial_year', financialYearStart));
    return authority ? { target: authority, scope: 'authority' } : null;
  }
}

export function targetValueOf(target: Pick<TargetFacts, 'value' | 'rangeLow' | 'rangeHigh'>): TargetValue {
  if (target.value !== null) return target.value;
  return { low: target.rangeLow as number, high: target.rangeHigh as number };
}

/**
 * An annual target for a summed indicator (roll-up 'sum') means the year's total, so a period's value is
 * compared with the share of it due by then: the year-to-date share (position ÷ periods in the year) when
 * returns are cumulative, otherwise one period's share (1 ÷ periods in the year). Rates, percentages and
 * snapshots are compared with the annual figure as it stands.
 */
export function profileTarget(
  target: TargetFacts,
  period: PeriodInfo,
  indicator: IndicatorRollUp,
): Pick<ApplicableTarget, 'comparedWith' | 'profile'> {
  const annual = targetValueOf(target);
  if (indicator.rollUp !== 'sum' || period.position === null || period.of === null)
    return { comparedWith: annual, profile: null };
  const fraction = indicator.cumulativeYtd ? period.position / period.of : 1 / period.of;
  const comparedWith =
    typeof annual === 'number' ? annual * fraction : { low: annual.low * fraction, high: annual.high * fraction };
  return { comparedWith, profile: { annual, fraction } };
}
