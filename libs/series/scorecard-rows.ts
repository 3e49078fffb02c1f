import type { PoolClient } from 'pg';
import {
  assuranceLabel,
  compareWithBenchmark,
  DIRECTION_LABELS,
  describeAssurance,
  describeVariation,
  type Band,
  type Direction,
  type SpcResult,
} from '../evaluation/index.js';
import { formatPeriod } from '../periods/index.js';
import { formatValue, type ComparatorSeries, type SpcLimits, type TargetRow } from '../reporting/index.js';
import { TargetBook, type ApplicableTarget, type TargetFacts } from './applicable-target.js';
import type { PeriodInfo } from './period-info.js';
import { SeriesEvaluation, type BenchmarkValue, type Slot } from './series-evaluation.js';
import { loadComparators, loadTargets, loadValues, type CatalogueFacts, type IndicatorRecord } from './series-store.js';

/**
 * A target's figures as every reader shows them: the board scorecard, the other report packs and the
 * scorecard API build their rows here and nowhere else, so they cannot disagree.
 */

/** Quarters of history a scorecard charts: three years (SPEC 5, "trend chart"). */
const TREND_POINTS: Readonly<Record<string, number>> = { month: 36, quarter: 12, financial_year: 6, academic_year: 6 };

export const SERIES_TYPE: Readonly<Record<IndicatorRecord['frequency'], string>> = {
  monthly: 'month',
  quarterly: 'quarter',
  annual: 'financial_year',
  academic_year: 'academic_year',
};

/** A region's published values for one indicator, by period key. */
type RegionValues = ReadonlyMap<string, BenchmarkValue>;

export interface ScorecardQuery {
  readonly areaId: string;
  readonly period: PeriodInfo;
  /** A report's recorded data cut; null reads the current values and target versions. */
  readonly dataCut: { readonly returnIds: readonly string[]; readonly targetVersionIds: readonly string[] } | null;
  /** Only the targets this group owns. */
  readonly groupId?: string | null;
  /** Chart from this date (the HWB pack charts the plan period); otherwise the last three years. */
  readonly trendFrom?: string | null;
  /** Only these indicators (all when absent). */
  readonly indicatorIds?: readonly string[];
}

/** One target on a scorecard: the row every paper shows, and what the API adds to it. */
export interface ScorecardEntry {
  readonly evaluation: SeriesEvaluation;
  readonly indicator: IndicatorRecord & { title: string };
  readonly target: TargetFacts;
  readonly applicable: ApplicableTarget | null;
  readonly latest: Slot | null;
  readonly slots: readonly Slot[];
  readonly tolerance: Band;
  readonly forecast: ReturnType<SeriesEvaluation['forecast']>;
  readonly spc: SpcResult | null;
  /** The latest value against the region's, when the region publishes it. */
  readonly regionComparison: string | null;
  readonly row: TargetRow;
}

/**
 * Every indicator with a target for the period in the area, evaluated with the exceptions engine's rules
 * (SeriesEvaluation), in indicator code order.
 */
export async function loadScorecardEntries(
  client: PoolClient,
  catalogue: CatalogueFacts,
  query: ScorecardQuery,
): Promise<ScorecardEntry[]> {
  const { areaId, period } = query;
  const area = catalogue.areas.get(areaId);
  const takesAuthorityTargets = area?.takesAuthorityTargets ?? false;
  const ids = query.indicatorIds ? [...query.indicatorIds] : [...catalogue.indicators.keys()];
  const targets = await loadTargets(client, ids, query.dataCut?.targetVersionIds ?? null);
  const values = await loadValues(client, ids, [areaId], query.dataCut?.returnIds ?? null);
  const comparators = await loadComparators(
    client,
    ids,
    catalogue.englandAreaId,
    [areaId],
    catalogue.region?.id ?? null,
  );
  const entries: ScorecardEntry[] = [];
  const ordered = ids
    .map((id) => catalogue.indicators.get(id))
    .filter((indicator) => indicator !== undefined)
    .sort((a, b) => a.code.localeCompare(b.code));
  for (const indicator of ordered) {
    const book = new TargetBook(targets.get(indicator.id) ?? []);
    const scorecardTarget = book.forValue(areaId, period, takesAuthorityTargets, indicator);
    if (!scorecardTarget) continue;
    if (query.groupId && scorecardTarget.target.owningGroupId !== query.groupId) continue;
    const evaluation = new SeriesEvaluation({
      indicator,
      areaId,
      takesAuthorityTargets,
      points: values.get(indicator.id)?.get(areaId) ?? [],
      targets: book,
      benchmark: comparators.benchmark.get(indicator.id),
      benchmarkName: 'England',
      publishedIntervals: comparators.intervals.get(`${indicator.id}|${areaId}`),
    });
    const regionValues = catalogue.region && comparators.region.get(indicator.id);
    const region = regionValues ? { name: catalogue.region!.name, values: regionValues } : null;
    entries.push(
      scorecardEntry(
        evaluation,
        indicator,
        period,
        catalogue.groupNames.get(scorecardTarget.target.owningGroupId) ?? 'Unknown group',
        scorecardTarget.target,
        query.trendFrom ?? null,
        region,
      ),
    );
  }
  return entries;
}

function scorecardEntry(
  evaluation: SeriesEvaluation,
  indicator: IndicatorRecord & { title: string },
  period: PeriodInfo,
  owningGroup: string,
  scorecardTarget: TargetFacts,
  trendFrom: string | null,
  region: { name: string; values: RegionValues } | null,
): ScorecardEntry {
  const seriesType = SERIES_TYPE[indicator.frequency];
  const upToPeriod = evaluation.seriesOf(seriesType).filter((slot) => slot.period.period.end <= period.period.end);
  const slots: Slot[] = trendFrom
    ? upToPeriod.filter((slot) => slot.period.period.start >= trendFrom)
    : upToPeriod.slice(-(TREND_POINTS[seriesType] ?? 12));
  const latest = [...slots].reverse().find((slot) => slot.point !== null) ?? null;
  const unit = indicator.unit;
  const dp = indicator.decimalPlaces;
  const judged = latest ? evaluation.status(latest) : null;
  const applicable = latest ? evaluation.applicable(latest.period) : evaluation.applicable(period);
  const target = applicable?.comparedWith ?? null;
  const chart = evaluation.spc(slots);
  const outlook = evaluation.forecast(slots);
  const directions = latest ? evaluation.directions(latest) : null;
  const comparators = comparatorsOf(evaluation, latest, indicator, region);

  const row: TargetRow = {
    indicatorCode: indicator.code,
    indicatorTitle: indicator.title,
    unit,
    decimalPlaces: dp,
    polarity: indicator.polarity,
    owningGroup,
    latest: latest
      ? {
          periodLabel: latest.period.label,
          value: latest.point!.status === 'suppressed' ? null : latest.point!.value,
          status: latest.point!.status as TargetRow['latest']['status'],
        }
      : { periodLabel: period.label, value: null, status: 'suppressed' },
    target: {
      value: typeof target === 'number' ? target : null,
      rangeLow: target !== null && typeof target === 'object' ? target.low : null,
      rangeHigh: target !== null && typeof target === 'object' ? target.high : null,
      label: targetLabel(
        target,
        indicator.polarity,
        unit,
        dp,
        applicable?.basis === 'financial_year',
        applicable?.target.period.label,
      ),
    },
    rag: judged?.status.rag ?? 'none',
    ragLabel: judged ? judged.status.label : latest ? 'No target' : 'No data',
    directionOfTravel: {
      vsPrevious: directions ? DIRECTION_LABELS[directions.previousPeriod as Direction] : 'Not comparable',
      vsLastYear: directions ? DIRECTION_LABELS[directions.samePeriodLastYear as Direction] : 'Not comparable',
    },
    spc: chart
      ? {
          variation: chart.result.variation ? variationWord(chart.result) : 'No assessment',
          assurance: assuranceLabel(chart.result.assurance),
          explanation: `${describeVariation(chart.result)} ${describeAssurance(chart.result)}`,
        }
      : {
          variation: 'Too few points',
          assurance: 'No assurance',
          explanation: 'Fewer than 7 values: too few to tell special from common cause variation.',
        },
    forecast:
      outlook && outlook.forecastValue !== null
        ? `Forecast for ${formatPeriod(outlook.annual.target.period.period)}: ${formatValue(outlook.forecastValue, unit, dp)} (${outlook.method.replace(/_/g, ' ')}); ${
            outlook.likelihood.unlikely ? 'target unlikely to be met' : 'on course for the target'
          }`
        : null,
    comparators: comparators.row,
    series: slots.map((slot, index) => ({
      label: slot.period.label,
      value: slot.usable,
      ...(chart ? { pointType: chart.result.points[index]?.pointType ?? undefined } : {}),
    })),
    ...(chart ? { spcLimits: limitsOf(chart.result) } : {}),
    ...comparatorSeries(evaluation, slots, region),
  };
  return {
    evaluation,
    indicator,
    target: scorecardTarget,
    applicable,
    latest,
    slots,
    tolerance: (applicable?.target ?? scorecardTarget).tolerance,
    forecast: outlook,
    spc: chart?.result ?? null,
    regionComparison: comparators.region,
    row,
  };
}

function comparatorsOf(
  evaluation: SeriesEvaluation,
  latest: Slot | null,
  indicator: IndicatorRecord,
  region: { name: string; values: RegionValues } | null,
): { row: TargetRow['comparators']; region: string | null } {
  const england = latest ? (evaluation.input.benchmark?.get(latest.period.key)?.value ?? null) : null;
  const regionValue = latest ? (region?.values.get(latest.period.key)?.value ?? null) : null;
  const compare = (benchmark: number, benchmarkName: string): string =>
    compareWithBenchmark({
      value: latest!.usable!,
      ci95: evaluation.intervalFor(latest!),
      benchmark,
      polarity: indicator.polarity,
      benchmarkName,
    }).label;
  const usable = latest !== null && latest.usable !== null;
  const regionComparison = usable && regionValue !== null ? compare(regionValue, region!.name) : null;
  if (!usable || england === null) {
    return {
      row: { england, region: regionValue, comparison: england === null ? 'No England comparator' : 'Not compared' },
      region: regionComparison,
    };
  }
  return { row: { england, region: regionValue, comparison: compare(england, 'England') }, region: regionComparison };
}

/** England's and the region's published values for the trend's periods: the dotted lines of its chart. */
function comparatorSeries(
  evaluation: SeriesEvaluation,
  slots: readonly Slot[],
  region: { name: string; values: RegionValues } | null,
): Pick<TargetRow, 'comparatorSeries'> {
  const benchmark = evaluation.input.benchmark;
  const series: ComparatorSeries[] = [];
  const add = (name: string, valueOf: (key: string) => number | null): void => {
    const points = slots.map((slot) => ({ label: slot.period.label, value: valueOf(slot.period.key) }));
    if (points.some((point) => point.value !== null)) series.push({ name, points });
  };
  if (benchmark) add('England', (key) => benchmark.get(key)?.value ?? null);
  if (region) add(region.name, (key) => region.values.get(key)?.value ?? null);
  return series.length > 0 ? { comparatorSeries: series } : {};
}

function variationWord(result: SpcResult): string {
  const variation = result.variation!;
  const word = {
    common_cause: 'Common cause',
    special_cause_improvement: 'Special cause improvement',
    special_cause_concern: 'Special cause concern',
    special_cause_neutral: 'Special cause (neutral)',
  }[variation.type];
  return variation.side && variation.type !== 'common_cause' ? `${word} (${variation.side})` : word;
}

function limitsOf(result: SpcResult): SpcLimits {
  const perPoint = (pick: 'mean' | 'upperProcessLimit' | 'lowerProcessLimit') =>
    result.points.map((point) =>
      point.groupIndex === null ? null : (result.groups[point.groupIndex]?.[pick] ?? null),
    );
  return { mean: perPoint('mean'), upper: perPoint('upperProcessLimit'), lower: perPoint('lowerProcessLimit') };
}

function targetLabel(
  target: number | { low: number; high: number } | null,
  polarity: IndicatorRecord['polarity'],
  unit: IndicatorRecord['unit'],
  dp: number,
  profiled: boolean,
  targetPeriod: string | undefined,
): string {
  if (target === null) return 'No target';
  const suffix = profiled && targetPeriod ? ` (${targetPeriod} target)` : '';
  if (typeof target === 'object') {
    return `Between ${formatValue(target.low, unit, dp)} and ${formatValue(target.high, unit, dp)}${suffix}`;
  }
  const value = formatValue(target, unit, dp);
  const prefix = polarity === 'higher_is_better' ? 'At least ' : polarity === 'lower_is_better' ? 'At most ' : '';
  return `${prefix}${value}${suffix}`;
}
