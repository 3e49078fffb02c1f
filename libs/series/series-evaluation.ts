import {
  byarsRateInterval,
  calculateSpc,
  checkDataQuality,
  compareWithBenchmark,
  describeAssurance,
  describeVariation,
  directionsOfTravel,
  evaluateTargetStatus,
  forecastYearEnd,
  formatNumber,
  recentTrendForProportions,
  recentTrendWithIntervals,
  RECENT_TREND_POINTS,
  targetUnlikelyToBeMet,
  UNIT_MULTIPLIERS,
  wilsonInterval,
  worseAndWorsening,
  type ConfidenceInterval,
  type DataQualityFinding,
  type ForecastInput,
  type IndicatorUnit,
  type Polarity,
  type RecentTrend,
  type SpcResult,
  type TargetLikelihood,
  type TargetStatus,
} from '../evaluation/index.js';
import {
  type ApplicableTarget,
  type IndicatorRollUp,
  type TargetBook,
  type TargetFacts,
  targetValueOf,
} from './applicable-target.js';
import {
  CARRIED_FORWARD_KINDS,
  isPositiveKind,
  subjectKey,
  type ExceptionKind,
  type ExceptionReasons,
} from './exception-kinds.js';
import { nextOf, previousOf, samePeriodLastYearOf, type PeriodInfo } from './period-info.js';

/** What the rules need to know about an indicator. */
export interface IndicatorFacts extends IndicatorRollUp {
  readonly id: string;
  readonly code: string;
  readonly unit: IndicatorUnit;
  readonly decimalPlaces: number;
  readonly polarity: Polarity;
  readonly priorityId: string | null;
  readonly plausibleMin: number | null;
  readonly plausibleMax: number | null;
}

/** One current value (table current_value) and the return that carried it. */
export interface ValuePoint {
  readonly period: PeriodInfo;
  readonly value: number | null;
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly status: string;
  readonly returnId: string;
  readonly returnGroupId: string;
}

/** A comparator's published value for a period, e.g. England's. */
export interface BenchmarkValue {
  readonly value: number | null;
}

/** A published confidence interval for the area's own value (comparator data often includes the home authority). */
export interface PublishedInterval {
  readonly value: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
}

export interface SeriesInput {
  readonly indicator: IndicatorFacts;
  readonly areaId: string;
  /** The whole authority's targets apply (home authority, districts, localities); not for comparator areas. */
  readonly takesAuthorityTargets: boolean;
  readonly points: readonly ValuePoint[];
  readonly targets: TargetBook;
  /** England's value by period key; absent when there is no comparator data. */
  readonly benchmark?: ReadonlyMap<string, BenchmarkValue>;
  readonly benchmarkName?: string;
  /** Published intervals for this area by period key, preferred over intervals computed from the counts. */
  readonly publishedIntervals?: ReadonlyMap<string, PublishedInterval>;
  /**
   * Judge per-period kinds only from this period start on (a change to one period cannot alter an
   * earlier period's verdict). Series kinds are always judged on the whole series.
   */
  readonly fromPeriodStart?: string | null;
}

/** An exception the rules raise: what the merge writes. */
export interface RaisedException {
  readonly key: string;
  readonly kind: ExceptionKind;
  readonly positive: boolean;
  readonly indicatorId: string | null;
  readonly areaId: string | null;
  readonly period: PeriodInfo;
  readonly owningGroupId: string | null;
  readonly priorityId: string | null;
  readonly returnId: string | null;
  readonly targetVersionId: string | null;
  readonly reasons: ExceptionReasons;
  /** The key of the previous period's exception of the same kind and subject, for carry-forward. */
  readonly previousKey: string | null;
}

/**
 * Fewest values an SPC chart is drawn from here. Making Data Count prefers 15 or more and marks limits
 * from fewer than 12 as trial limits (which the reasons then say); below 7 no run can be seen at all.
 */
export const MIN_SPC_VALUES = 7;

/** The period types a series of in-year values is charted and forecast over. */
const SERIES_TYPES = new Set(['month', 'quarter']);

interface Slot {
  readonly period: PeriodInfo;
  readonly point: ValuePoint | null;
  /** The value the rules use: null when missing, suppressed or failing a data-quality check outright. */
  readonly usable: number | null;
}

const round = (value: number | null, dp: number): number | null =>
  value === null ? null : Number(formatNumber(value, dp));

/**
 * Evaluates one indicator × area: every rule of SPEC 4 that the data allows, polarity-aware.
 * Pure: the same series always gives the same exceptions and the same reasons.
 */
export class SeriesEvaluation {
  private readonly byKey = new Map<string, ValuePoint>();
  private readonly findings = new Map<string, DataQualityFinding[]>();
  /** Contiguous slots per period type (gaps filled with empty slots), oldest first. */
  private readonly slotsByType = new Map<string, Slot[]>();
  private readonly slotIndex = new Map<string, { slots: Slot[]; index: number }>();

  constructor(readonly input: SeriesInput) {
    const byType = new Map<string, ValuePoint[]>();
    for (const point of input.points) {
      this.byKey.set(point.period.key, point);
      const list = byType.get(point.period.period.type);
      if (list) list.push(point);
      else byType.set(point.period.period.type, [point]);
      const found = checkDataQuality({
        value: point.value,
        numerator: point.numerator,
        denominator: point.denominator,
        unit: input.indicator.unit,
        decimalPlaces: input.indicator.decimalPlaces,
        plausibleRange:
          input.indicator.plausibleMin === null && input.indicator.plausibleMax === null
            ? null
            : { min: input.indicator.plausibleMin ?? undefined, max: input.indicator.plausibleMax ?? undefined },
      });
      if (found.length > 0) this.findings.set(point.period.key, found);
    }
    for (const [type, points] of byType) {
      points.sort((a, b) =>
        a.period.period.start < b.period.period.start ? -1 : a.period.period.start > b.period.period.start ? 1 : 0,
      );
      const slots: Slot[] = [];
      if (type === 'span') {
        for (const point of points) slots.push(this.slotFor(point.period, point));
      } else {
        const last = points[points.length - 1]!.period.period.start;
        let index = 0;
        for (let period = points[0]!.period; period.period.start <= last; period = nextOf(period)) {
          const point = points[index]?.period.key === period.key ? points[index++]! : null;
          slots.push(this.slotFor(period, point));
        }
      }
      this.slotsByType.set(type, slots);
      slots.forEach((slot, index) => this.slotIndex.set(slot.period.key, { slots, index }));
    }
  }

  private slotFor(period: PeriodInfo, point: ValuePoint | null): Slot {
    const failed = this.findings.get(period.key)?.some((finding) => finding.severity === 'error') ?? false;
    return { period, point, usable: point && !failed ? point.value : null };
  }

  private get subject(): { indicatorId: string; areaId: string } {
    return { indicatorId: this.input.indicator.id, areaId: this.input.areaId };
  }

  private inScope(period: PeriodInfo): boolean {
    return !this.input.fromPeriodStart || period.period.start >= this.input.fromPeriodStart;
  }

  /** Every exception the series raises now. */
  evaluate(): RaisedException[] {
    const raised: RaisedException[] = [];
    for (const slots of this.slotsByType.values()) {
      for (const slot of slots) {
        if (!slot.point || !this.inScope(slot.period)) continue;
        const dataQuality = this.dataQuality(slot);
        if (dataQuality) raised.push(dataQuality);
        raised.push(...this.targetStatus(slot));
        const benchmark = this.worseAndWorsening(slot);
        if (benchmark) raised.push(benchmark);
      }
      if (SERIES_TYPES.has(slots[0]!.period.period.type)) {
        const spc = this.specialCause(slots);
        if (spc) raised.push(spc);
        const unlikely = this.unlikelyToBeMet(slots);
        if (unlikely) raised.push(unlikely);
      }
    }
    return raised;
  }

  // --- per-period rules -------------------------------------------------------------------------

  dataQuality(slot: Slot): RaisedException | null {
    const findings = this.findings.get(slot.period.key);
    if (!findings || !slot.point) return null;
    const point = slot.point;
    return this.raise('data_quality', slot.period, {
      owningGroupId: this.applicable(slot.period)?.target.owningGroupId ?? point.returnGroupId,
      returnId: point.returnId,
      targetVersionId: null,
      reasons: {
        rule: 'data_quality',
        summary: `${slot.period.label}: ${findings[0]!.message}`,
        text: findings.map((finding) => finding.message),
        figures: {
          value: point.value,
          numerator: point.numerator,
          denominator: point.denominator,
          unit: this.input.indicator.unit,
          plausibleMin: this.input.indicator.plausibleMin,
          plausibleMax: this.input.indicator.plausibleMax,
          findings: findings.map((finding) => ({ code: finding.code, severity: finding.severity })),
        },
      },
    });
  }

  applicable(period: PeriodInfo): ApplicableTarget | null {
    return this.input.targets.forValue(
      this.input.areaId,
      period,
      this.input.takesAuthorityTargets,
      this.input.indicator,
    );
  }

  /** RAG and well above target against the applicable target (SPEC 4.1–4.3), or null without one. */
  status(slot: Slot): { applicable: ApplicableTarget; status: TargetStatus } | null {
    if (slot.usable === null) return null;
    const applicable = this.applicable(slot.period);
    if (!applicable) return null;
    const { indicator } = this.input;
    const status = evaluateTargetStatus(
      {
        value: slot.usable,
        target: applicable.comparedWith,
        polarity: indicator.polarity,
        tolerance: applicable.target.tolerance,
        exceptional: applicable.target.exceptional,
      },
      { decimalPlaces: indicator.decimalPlaces },
    );
    return { applicable, status };
  }

  private targetStatus(slot: Slot): RaisedException[] {
    const judged = this.status(slot);
    if (!judged) return [];
    const { applicable, status } = judged;
    const kinds: ExceptionKind[] = [];
    if (status.rag === 'red') kinds.push('below_target');
    if (status.wellAboveTarget) kinds.push('well_above_target');
    if (kinds.length === 0) return [];
    const { indicator } = this.input;
    const dp = indicator.decimalPlaces;
    const directions = this.directions(slot);
    const basis = describeBasis(applicable, slot.period, dp);
    const figures = {
      value: slot.usable,
      comparedWith: applicable.comparedWith,
      ...(applicable.profile
        ? { annualTarget: applicable.profile.annual, profiledFraction: applicable.profile.fraction }
        : {}),
      basis: applicable.basis,
      targetScope: applicable.scope,
      targetPeriod: applicable.target.period.label,
      targetVersion: applicable.target.version,
      tolerance: applicable.target.tolerance,
      exceptional: applicable.target.exceptional,
      rag: status.rag,
      gap: status.gap,
      decimalPlaces: dp,
      polarity: indicator.polarity,
      previousPeriod: directions.previousPeriod,
      samePeriodLastYear: directions.samePeriodLastYear,
    };
    return kinds.map((kind) => {
      // The RAG sentence, and for well above target the sentence that says so; not the one that says it is not.
      const rag = status.reasons[0]!;
      const wellAbove = status.reasons.find((reason) => reason.startsWith('Well above target'));
      return this.raise(kind, slot.period, {
        owningGroupId: applicable.target.owningGroupId,
        returnId: slot.point!.returnId,
        targetVersionId: applicable.target.versionId,
        reasons: {
          rule: kind,
          summary: `${slot.period.label}: ${kind === 'below_target' ? rag : wellAbove}`,
          text: [
            basis,
            rag,
            ...(kind === 'well_above_target' && wellAbove ? [wellAbove] : []),
            directions.previousText,
            directions.lastYearText,
          ],
          figures,
        },
      });
    });
  }

  directions(slot: Slot): {
    previousPeriod: string;
    samePeriodLastYear: string;
    previousText: string;
    lastYearText: string;
  } {
    const previous = this.usableAt(previousOf(slot.period).key);
    const lastYear = this.usableAt(samePeriodLastYearOf(slot.period).key);
    const result = directionsOfTravel(
      { current: slot.usable, previousPeriod: previous, samePeriodLastYear: lastYear },
      this.input.indicator.polarity,
      { decimalPlaces: this.input.indicator.decimalPlaces },
    );
    return {
      previousPeriod: result.previousPeriod.direction,
      samePeriodLastYear: result.samePeriodLastYear.direction,
      previousText: `Against the previous period: ${result.previousPeriod.reasons[0]}`,
      lastYearText: `Against the same period last year: ${result.samePeriodLastYear.reasons[0]}`,
    };
  }

  private usableAt(key: string): number | null {
    const found = this.slotIndex.get(key);
    return found ? found.slots[found.index]!.usable : null;
  }

  /** "Worse than England and worsening": significantly worse than the benchmark and a significant recent trend getting worse. */
  benchmarkVerdict(
    slot: Slot,
  ): { flagged: boolean; reasons: string[]; figures: Record<string, unknown>; points: Slot[] } | null {
    const benchmark = this.input.benchmark?.get(slot.period.key);
    if (!benchmark || benchmark.value === null || slot.usable === null) return null;
    const { indicator } = this.input;
    if (indicator.polarity === 'no_polarity') return null;
    const interval = this.intervalFor(slot);
    if (!interval) return null;
    const name = this.input.benchmarkName ?? 'England';
    const comparison = compareWithBenchmark({
      value: slot.usable,
      ci95: { lower: interval.lower, upper: interval.upper },
      benchmark: benchmark.value,
      polarity: indicator.polarity,
      benchmarkName: name,
    });
    const found = this.slotIndex.get(slot.period.key)!;
    const window = found.slots.slice(Math.max(0, found.index - RECENT_TREND_POINTS + 1), found.index + 1);
    const trend = this.recentTrend(window);
    const verdict = worseAndWorsening(comparison, trend);
    return {
      flagged: verdict.flagged,
      reasons: [...verdict.reasons, ...comparison.reasons, ...trend.reasons],
      figures: {
        value: slot.usable,
        lower95: interval.lower,
        upper95: interval.upper,
        benchmark: benchmark.value,
        benchmarkName: name,
        comparison: comparison.outcome,
        trend: trend.marker,
        trendAssessment: trend.assessment,
        chiSquared: trend.chiSquared,
      },
      points: window,
    };
  }

  private worseAndWorsening(slot: Slot): RaisedException | null {
    const verdict = this.benchmarkVerdict(slot);
    if (!verdict?.flagged) return null;
    const applicable = this.applicable(slot.period);
    return this.raise('worse_and_worsening', slot.period, {
      owningGroupId: applicable?.target.owningGroupId ?? slot.point!.returnGroupId,
      returnId: slot.point!.returnId,
      targetVersionId: applicable?.target.versionId ?? null,
      reasons: {
        rule: 'worse_and_worsening',
        summary: `${slot.period.label}: ${verdict.reasons[0]} ${verdict.reasons[1]}`,
        text: verdict.reasons,
        figures: verdict.figures,
        points: verdict.points.map((s) => ({ period: s.period.label, value: s.usable })),
      },
    });
  }

  /** The area's 95% interval: published if the comparator data has one, else Wilson (percentages) or Byar's (rates). */
  intervalFor(slot: Slot): { lower: number; upper: number } | null {
    const published = this.input.publishedIntervals?.get(slot.period.key);
    if (published && published.lower !== null && published.upper !== null)
      return { lower: published.lower, upper: published.upper };
    return slot.point ? this.computedInterval(slot.point) : null;
  }

  private computedInterval(point: ValuePoint): ConfidenceInterval | null {
    const { numerator, denominator } = point;
    if (numerator === null || denominator === null || !(denominator > 0) || numerator < 0) return null;
    const unit = this.input.indicator.unit;
    if (unit === 'percentage')
      return numerator <= denominator ? wilsonInterval(numerator, denominator, 0.95, 100) : null;
    const multiplier = UNIT_MULTIPLIERS[unit];
    return multiplier ? byarsRateInterval(numerator, denominator, multiplier, 0.95) : null;
  }

  private recentTrend(window: Slot[]): RecentTrend {
    const { polarity, unit } = this.input.indicator;
    if (unit === 'percentage') {
      return recentTrendForProportions(
        window.map((slot) => ({
          count: slot.usable === null ? null : (slot.point?.numerator ?? null),
          denominator: slot.point?.denominator ?? null,
        })),
        polarity,
      );
    }
    return recentTrendWithIntervals(
      window.map((slot) => {
        const interval = slot.usable === null ? null : this.intervalFor(slot);
        return { value: slot.usable, lower: interval?.lower ?? null, upper: interval?.upper ?? null };
      }),
      polarity,
    );
  }

  // --- series rules -----------------------------------------------------------------------------

  /** XmR chart of the series (Making Data Count); the variation of its latest point decides. */
  spc(slots: Slot[]): { result: SpcResult; latest: Slot; values: (number | null)[] } | null {
    const values = this.chartValues(slots);
    const present = values.filter((value) => value !== null).length;
    if (present < MIN_SPC_VALUES) return null;
    let latestIndex = values.length - 1;
    while (values[latestIndex] === null) latestIndex--;
    // A cumulative series is charted per period, so its target (a year-to-date share) does not apply.
    const target = this.input.indicator.cumulativeYtd
      ? undefined
      : this.applicable(slots[latestIndex]!.period)?.comparedWith;
    const result = calculateSpc(
      slots.map((slot, i) => ({ x: slot.period.label, y: values[i]! })),
      { polarity: this.input.indicator.polarity, target: typeof target === 'number' ? target : null },
    );
    const latest = slots[result.variation ? result.variation.pointIndex : latestIndex]!;
    return { result, latest, values };
  }

  /**
   * The values an XmR chart is drawn from. Year-to-date totals climb through the year and drop each April,
   * which would read as special causes, so a cumulative indicator is charted by each period's own amount:
   * the difference from the previous period's total in the same financial year (the first period's total
   * as it is); unknown when either total is missing.
   */
  private chartValues(slots: Slot[]): (number | null)[] {
    if (!this.input.indicator.cumulativeYtd) return slots.map((slot) => slot.usable);
    return slots.map((slot, i) => {
      if (slot.usable === null || slot.period.position === null) return null;
      if (slot.period.position === 1) return slot.usable;
      const previous = slots[i - 1];
      if (
        !previous ||
        previous.usable === null ||
        previous.period.financialYear?.start !== slot.period.financialYear?.start
      )
        return null;
      return slot.usable - previous.usable;
    });
  }

  private specialCause(slots: Slot[]): RaisedException | null {
    const chart = this.spc(slots);
    const variation = chart?.result.variation;
    if (!chart || !variation) return null;
    const kind: ExceptionKind | null =
      variation.type === 'special_cause_concern'
        ? 'special_cause_concern'
        : variation.type === 'special_cause_improvement'
          ? 'special_cause_improvement'
          : null;
    if (!kind) return null;
    const { result, latest } = chart;
    const group = result.groups[variation.groupIndex]!;
    const applicable = this.applicable(latest.period);
    const description = describeVariation(result);
    return this.raise(kind, latest.period, {
      owningGroupId: applicable?.target.owningGroupId ?? latest.point!.returnGroupId,
      returnId: latest.point!.returnId,
      targetVersionId: applicable?.target.versionId ?? null,
      reasons: {
        rule: kind,
        summary: `${latest.period.label}: ${description}`,
        text: [description, describeAssurance(result), ...result.warnings.map((warning) => warning.message)],
        figures: {
          signal: variation.signal && {
            rule: variation.signal.rule,
            side: variation.signal.side,
            from: variation.signal.fromX,
            to: variation.signal.toX,
            points: variation.signal.indices.length,
          },
          icon: variation.icon,
          mean: group.mean,
          lowerProcessLimit: group.lowerProcessLimit,
          upperProcessLimit: group.upperProcessLimit,
          trialLimits: group.trialLimits,
          target: result.target,
          assurance: result.assurance.type,
        },
        points: slots.map((slot, i) => ({ period: slot.period.label, value: chart.values[i]! })),
      },
    });
  }

  /**
   * Year-end forecast for the financial year of the latest value (SPEC 4.4): run rate for summed
   * indicators (cumulative year-to-date or per period), otherwise a least-squares trend steadied by the
   * previous year's values. Judged against the financial year's own target; nothing once the year is complete.
   */
  forecast(slots: Slot[]): {
    latest: Slot;
    annual: { target: TargetFacts; scope: 'area' | 'authority' };
    likelihood: TargetLikelihood;
    forecastValue: number | null;
    method: string;
    yearSlots: Slot[];
  } | null {
    let latestIndex = -1;
    for (let i = slots.length - 1; i >= 0 && latestIndex < 0; i--) if (slots[i]!.usable !== null) latestIndex = i;
    if (latestIndex < 0) return null;
    const latest = slots[latestIndex]!;
    const { financialYear, position, of } = latest.period;
    if (!financialYear || position === null || of === null || position >= of) return null;
    const annual = this.input.targets.forFinancialYear(
      this.input.areaId,
      financialYear.start,
      this.input.takesAuthorityTargets,
    );
    if (!annual) return null;
    const { indicator } = this.input;
    const inYear = (slot: Slot, fyStart: string): boolean => slot.period.financialYear?.start === fyStart;
    const yearSlots = slots.slice(0, latestIndex + 1).filter((slot) => inYear(slot, financialYear.start));
    const points = yearSlots.map((slot) => ({ position: slot.period.position!, value: slot.usable }));
    let forecastInput: ForecastInput;
    if (indicator.rollUp === 'sum') {
      forecastInput = {
        kind: 'year_to_date_sum',
        returns: indicator.cumulativeYtd ? 'cumulative' : 'per_period',
        points,
        periodsInYear: of,
      };
    } else {
      // Last year's values sit at positions 0, −1, … (forecast.ts), so a trend early in the year has enough points.
      const lastYearStart = `${Number(financialYear.start.slice(0, 4)) - 1}${financialYear.start.slice(4)}`;
      const priorPoints = slots
        .filter((slot) => inYear(slot, lastYearStart) && slot.usable !== null)
        .map((slot) => ({ position: slot.period.position! - of, value: slot.usable }));
      forecastInput = {
        kind: 'rate',
        points,
        priorPoints,
        periodsInYear: of,
        bounds:
          indicator.unit === 'percentage' ? { min: 0, max: 100 } : indicator.unit === 'score' ? undefined : { min: 0 },
      };
    }
    const forecast = forecastYearEnd(forecastInput);
    const likelihood = targetUnlikelyToBeMet(
      forecast,
      targetValueOf(annual.target),
      annual.target.tolerance,
      indicator.polarity,
      {
        decimalPlaces: indicator.decimalPlaces,
      },
    );
    return { latest, annual, likelihood, forecastValue: forecast.value, method: forecast.method, yearSlots };
  }

  private unlikelyToBeMet(slots: Slot[]): RaisedException | null {
    const outlook = this.forecast(slots);
    if (!outlook?.likelihood.unlikely) return null;
    const { latest, annual, likelihood } = outlook;
    const dp = this.input.indicator.decimalPlaces;
    return this.raise('target_unlikely_to_be_met', latest.period, {
      owningGroupId: annual.target.owningGroupId,
      returnId: latest.point!.returnId,
      targetVersionId: annual.target.versionId,
      reasons: {
        rule: 'target_unlikely_to_be_met',
        summary: `${latest.period.label}: ${likelihood.reasons[0]}`,
        text: [
          `Judged against the ${annual.target.period.label} target${annual.scope === 'authority' ? ' for the whole authority' : ' for this area'} (version ${annual.target.version}).`,
          ...likelihood.reasons,
        ],
        figures: {
          forecast: round(outlook.forecastValue, Math.min(dp + 2, 10)),
          method: outlook.method,
          annualTarget: targetValueOf(annual.target),
          tolerance: annual.target.tolerance,
          forecastRag: likelihood.forecastRag,
          latestPeriod: latest.period.label,
          latestValue: latest.usable,
        },
        points: outlook.yearSlots.map((slot) => ({ period: slot.period.label, value: slot.usable })),
      },
    });
  }

  // --- helpers --------------------------------------------------------------------------------

  slotAt(key: string): Slot | null {
    const found = this.slotIndex.get(key);
    return found ? found.slots[found.index]! : null;
  }

  pointAt(key: string): ValuePoint | null {
    return this.byKey.get(key) ?? null;
  }

  findingsAt(key: string): readonly DataQualityFinding[] {
    return this.findings.get(key) ?? [];
  }

  seriesOf(type: string): Slot[] {
    return this.slotsByType.get(type) ?? [];
  }

  private raise(
    kind: ExceptionKind,
    period: PeriodInfo,
    rest: Pick<RaisedException, 'owningGroupId' | 'returnId' | 'targetVersionId' | 'reasons'>,
  ): RaisedException {
    const subject = this.subject;
    return {
      key: subjectKey(kind, subject, period.key),
      kind,
      positive: isPositiveKind(kind),
      indicatorId: subject.indicatorId,
      areaId: subject.areaId,
      period,
      priorityId: this.input.indicator.priorityId,
      previousKey: CARRIED_FORWARD_KINDS.includes(kind) ? subjectKey(kind, subject, previousOf(period).key) : null,
      ...rest,
    };
  }
}

export function describeBasis(applicable: ApplicableTarget, period: PeriodInfo, dp: number): string {
  const whose = applicable.scope === 'authority' ? 'the whole authority' : 'this area';
  const version = `version ${applicable.target.version}`;
  if (applicable.basis === 'own_period') return `Judged against the ${period.label} target for ${whose} (${version}).`;
  const base = `${period.label} has no target of its own, so it is judged against the ${applicable.target.period.label} target for ${whose} (${version})`;
  if (!applicable.profile) return `${base}.`;
  const show = (value: ApplicableTarget['comparedWith']): string =>
    typeof value === 'number'
      ? formatNumber(value, dp)
      : `${formatNumber(value.low, dp)} to ${formatNumber(value.high, dp)}`;
  return `${base}, profiled to ${formatNumber(applicable.profile.fraction * 100, 1)}% of the annual ${show(applicable.profile.annual)}: ${show(applicable.comparedWith)}.`;
}

export type { Slot };
