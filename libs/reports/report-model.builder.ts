import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import type { PaperReader } from '../access/index.js';
import {
  assuranceLabel,
  compareWithBenchmark,
  DIRECTION_LABELS,
  describeAssurance,
  describeVariation,
  type Direction,
  type SpcResult,
} from '../evaluation/index.js';
import {
  EXCEPTION_STATUSES,
  ExceptionsService,
  hasTable,
  loadAreas,
  loadComparators,
  loadIndicators,
  loadTargets,
  loadValues,
  periodInfoOf,
  SeriesEvaluation,
  TargetBook,
  type BenchmarkValue,
  type ExceptionView,
  type IndicatorRecord,
  type PeriodInfo,
  type Slot,
} from '../exceptions/index.js';
import { formatPeriod, type Period } from '../periods/index.js';
import {
  formatValue,
  type ComparatorSeries,
  type ExceptionItem,
  type PrioritySummary,
  type ReportModel,
  type ReportPriority,
  type ReturnsCompleteness,
  type SpcLimits,
  type TargetRow,
} from '../reporting/index.js';
import { CompletenessService, type CompletenessState } from '../workflow/index.js';
import { REPORT_TYPE_RULES } from './report-types.js';
import type { ReportRow } from './reports.service.js';

/** Quarters of history a scorecard charts: three years (SPEC 5, "trend chart"). */
const TREND_POINTS: Readonly<Record<string, number>> = { month: 36, quarter: 12, financial_year: 6, academic_year: 6 };

const SERIES_TYPE: Readonly<Record<IndicatorRecord['frequency'], string>> = {
  monthly: 'month',
  quarterly: 'quarter',
  annual: 'financial_year',
  academic_year: 'academic_year',
};

const STATE_WORDS: Readonly<Record<CompletenessState, string>> = {
  on_time: 'On time',
  late: 'Late',
  missing: 'Missing',
  awaiting_sign_off: 'Awaiting sign-off',
  not_yet_due: 'Not due yet',
};

/** Each paper states whether its period was locked when it was requested (issue 14). */
function lockHeadline(report: ReportRow, label: string): string {
  return report.period_locked_at
    ? `The figures for ${label} were locked on ${report.period_locked_at.toISOString().slice(0, 10)}, before this paper was built.`
    : `Built on unlocked figures: ${label} was not locked when this paper was requested, so its figures may still change.`;
}

const OPEN_STATUSES = EXCEPTION_STATUSES.filter((status) => status !== 'closed');

interface Catalogue {
  readonly indicators: Map<string, IndicatorRecord & { title: string }>;
  readonly priorities: { id: string; code: string; title: string; accountableMember: string }[];
  readonly groupNames: Map<string, string>;
  readonly homeAreaId: string | null;
  readonly englandAreaId: string | null;
  /** The region the home authority is in (its parent code), when the catalogue holds it. */
  readonly region: { readonly id: string; readonly name: string } | null;
  readonly planStart: string | null;
}

/** A region's published values for one indicator, by period key. */
type RegionValues = ReadonlyMap<string, BenchmarkValue>;

/**
 * Fills a ReportModel from the report's recorded data cut: the values its returns carried and the target
 * versions it recorded, evaluated with the same rules as the exceptions engine (SeriesEvaluation), so the
 * scorecard and the exception report never disagree.
 */
@Injectable()
export class ReportModelBuilder {
  constructor(
    private readonly dataSource: DataSource,
    private readonly exceptions: ExceptionsService,
    private readonly completeness: CompletenessService,
  ) {}

  async build(report: ReportRow): Promise<ReportModel> {
    const period = periodInfoOf(report.period_type, report.period_start, report.period_end);
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let priorities: ReportPriority[];
    let catalogue: Catalogue;
    try {
      const client = (runner as unknown as { databaseConnection: PoolClient }).databaseConnection;
      catalogue = await this.loadCatalogue(client);
      priorities = await this.targetRows(client, catalogue, report, period);
    } finally {
      await runner.release();
    }
    const exceptions = await this.openExceptions(report, catalogue);
    if (report.type === 'exception_report') {
      // The executive's report charts only the targets that have an exception.
      const flagged = new Set(exceptions.map((exception) => exception.indicatorCode));
      priorities = priorities
        .map((priority) => ({ ...priority, rows: priority.rows.filter((row) => flagged.has(row.indicatorCode)) }))
        .filter((priority) => priority.rows.length > 0);
    }
    const returnsCompleteness =
      report.type === 'exception_report' ? await this.returnsCompleteness(period.period) : undefined;
    const summary = summarise(priorities, exceptions);
    const rule = REPORT_TYPE_RULES[report.type];
    const groupName = report.group_id ? (catalogue.groupNames.get(report.group_id) ?? 'Unknown group') : null;
    return {
      type: report.type,
      title: groupName ? `${rule.title}: ${groupName}` : rule.title,
      audience: groupName ?? rule.audience,
      period: { label: period.label, start: period.period.start, end: period.period.end },
      generatedAt: report.requested_at.toISOString(),
      dataCut: {
        returnIds: report.data_cut.returnIds,
        targetVersionIds: report.data_cut.targetVersionIds,
        ...(report.data_cut.comparatorImportIds ? { comparatorImportIds: report.data_cut.comparatorImportIds } : {}),
      },
      confidential: report.confidential,
      summary: {
        ...summary,
        headlines: [
          lockHeadline(report, period.label),
          ...(returnsCompleteness ? [`Returns: ${returnsCompleteness.sentence}`] : []),
          ...summary.headlines,
        ],
      },
      priorities,
      exceptions,
      ...(returnsCompleteness ? { returnsCompleteness } : {}),
    };
  }

  private async returnsCompleteness(period: Period): Promise<ReturnsCompleteness> {
    const { groups, summary } = await this.completeness.forPeriod(period);
    return {
      sentence: summary.sentence,
      groups: groups.map((g) => ({
        group: g.groupName,
        deadline: g.deadline,
        state: STATE_WORDS[g.state],
        receivedOn: g.receivedOn,
        workingDaysLate: g.workingDaysLate,
      })),
    };
  }

  private async loadCatalogue(client: PoolClient): Promise<Catalogue> {
    const priorities = await client.query(
      `SELECT p.id, p.code, p.title, p.accountable_member, pl.start_year
         FROM priority p JOIN plan pl ON pl.id = p.plan_id ORDER BY pl.start_year DESC, p.display_order, p.code`,
    );
    const indicatorRows = await client.query(`SELECT id, title FROM indicator`);
    const records = await loadIndicators(
      client,
      indicatorRows.rows.map((row: { id: string }) => row.id),
    );
    const titles = new Map(indicatorRows.rows.map((row: { id: string; title: string }) => [row.id, row.title]));
    const groups = await client.query(`SELECT id, name FROM partnership_group`);
    const areas = await loadAreas(client);
    const home = await client.query(`SELECT id FROM area WHERE is_home`);
    const region = await client.query(
      `SELECT r.id, r.name FROM area h JOIN area r ON r.code = h.parent_code AND r.kind = 'region' WHERE h.is_home LIMIT 1`,
    );
    const firstPlanYear = priorities.rows[0]?.start_year as number | undefined;
    return {
      indicators: new Map(
        [...records].map(([id, record]) => [id, { ...record, title: titles.get(id) ?? record.code }]),
      ),
      priorities: priorities.rows.map((row) => ({
        id: row.id,
        code: row.code,
        title: row.title,
        accountableMember: row.accountable_member,
      })),
      groupNames: new Map(groups.rows.map((row: { id: string; name: string }) => [row.id, row.name])),
      homeAreaId: (home.rows[0]?.id as string | undefined) ?? null,
      englandAreaId: [...areas.values()].find((area) => area.isEngland)?.id ?? null,
      region: (region.rows[0] as { id: string; name: string } | undefined) ?? null,
      planStart: firstPlanYear === undefined ? null : `${firstPlanYear}-04-01`,
    };
  }

  /** One row per indicator with a target for the report's financial year (or period), grouped by priority. */
  private async targetRows(
    client: PoolClient,
    catalogue: Catalogue,
    report: ReportRow,
    period: PeriodInfo,
  ): Promise<ReportPriority[]> {
    const { homeAreaId, englandAreaId } = catalogue;
    if (!homeAreaId) return [];
    const ids = [...catalogue.indicators.keys()];
    const targets = await loadTargets(client, ids, report.data_cut.targetVersionIds);
    const values = await loadValues(client, ids, [homeAreaId], report.data_cut.returnIds);
    const comparators = (await hasTable(client, 'comparator_value'))
      ? await loadComparators(client, ids, englandAreaId, [homeAreaId], catalogue.region?.id ?? null)
      : null;

    const rowsByPriority = new Map<string, TargetRow[]>();
    const ordered = [...catalogue.indicators.values()].sort((a, b) => a.code.localeCompare(b.code));
    for (const indicator of ordered) {
      const book = new TargetBook(targets.get(indicator.id) ?? []);
      const reportTarget = book.forValue(homeAreaId, period, true, indicator);
      if (!reportTarget) continue;
      if (report.group_id && reportTarget.target.owningGroupId !== report.group_id) continue;
      const evaluation = new SeriesEvaluation({
        indicator,
        areaId: homeAreaId,
        takesAuthorityTargets: true,
        points: values.get(indicator.id)?.get(homeAreaId) ?? [],
        targets: book,
        benchmark: comparators?.benchmark.get(indicator.id),
        benchmarkName: 'England',
        publishedIntervals: comparators?.intervals.get(`${indicator.id}|${homeAreaId}`),
      });
      const region = catalogue.region && comparators?.region.get(indicator.id);
      const row = this.targetRow(
        evaluation,
        indicator,
        catalogue,
        report,
        period,
        reportTarget.target.owningGroupId,
        region ? { name: catalogue.region!.name, values: region } : null,
      );
      const priorityId = indicator.priorityId ?? 'none';
      rowsByPriority.set(priorityId, [...(rowsByPriority.get(priorityId) ?? []), row]);
    }
    return catalogue.priorities
      .filter((priority) => rowsByPriority.has(priority.id))
      .map((priority) => ({
        code: priority.code,
        title: priority.title,
        accountableMember: priority.accountableMember || null,
        rows: rowsByPriority.get(priority.id)!,
      }));
  }

  private targetRow(
    evaluation: SeriesEvaluation,
    indicator: IndicatorRecord & { title: string },
    catalogue: Catalogue,
    report: ReportRow,
    period: PeriodInfo,
    owningGroupId: string,
    region: { name: string; values: RegionValues } | null,
  ): TargetRow {
    const seriesType = SERIES_TYPE[indicator.frequency];
    const upToPeriod = evaluation.seriesOf(seriesType).filter((slot) => slot.period.period.end <= period.period.end);
    // The HWB pack shows trends over the plan period; the other reports the last three years.
    const slots =
      report.type === 'hwb_progress_pack' && catalogue.planStart
        ? upToPeriod.filter((slot) => slot.period.period.start >= catalogue.planStart!)
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

    return {
      indicatorCode: indicator.code,
      indicatorTitle: indicator.title,
      unit,
      decimalPlaces: dp,
      polarity: indicator.polarity,
      owningGroup: catalogue.groupNames.get(owningGroupId) ?? 'Unknown group',
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
      comparators: this.comparators(evaluation, latest, indicator, region?.values ?? null),
      series: slots.map((slot, index) => ({
        label: slot.period.label,
        value: slot.usable,
        ...(chart ? { pointType: chart.result.points[index]?.pointType ?? undefined } : {}),
      })),
      ...(chart ? { spcLimits: limitsOf(chart.result) } : {}),
      ...this.comparatorSeries(evaluation, slots, region),
    };
  }

  private comparators(
    evaluation: SeriesEvaluation,
    latest: Slot | null,
    indicator: IndicatorRecord,
    regionValues: RegionValues | null,
  ): TargetRow['comparators'] {
    const england = latest ? (evaluation.input.benchmark?.get(latest.period.key)?.value ?? null) : null;
    const region = latest ? (regionValues?.get(latest.period.key)?.value ?? null) : null;
    if (!latest || latest.usable === null || england === null) {
      return { england, region, comparison: england === null ? 'No England comparator' : 'Not compared' };
    }
    const interval = evaluation.intervalFor(latest);
    const comparison = compareWithBenchmark({
      value: latest.usable,
      ci95: interval,
      benchmark: england,
      polarity: indicator.polarity,
      benchmarkName: 'England',
    });
    return { england, region, comparison: comparison.label };
  }

  /** England's and the region's published values for the trend's periods: the dotted lines of its chart. */
  private comparatorSeries(
    evaluation: SeriesEvaluation,
    slots: Slot[],
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

  /**
   * Every exception still open at generation, as the paper's classification allows (libs/access/disclosure.ts):
   * people by role, commentary in a confidential paper or where the executive approved it for publication.
   */
  private async openExceptions(report: ReportRow, catalogue: Catalogue): Promise<ExceptionItem[]> {
    const reader: PaperReader = { paper: report.confidential ? 'official-sensitive' : 'official' };
    const items: ExceptionItem[] = [];
    for (let page = 1; ; page += 1) {
      const found = await this.exceptions.list(
        { status: OPEN_STATUSES, ...(report.group_id ? { owningGroupId: report.group_id } : {}) },
        { page, pageSize: 500 },
        reader,
      );
      for (const view of found.items) {
        if (view.period.end > report.period_end) continue;
        items.push(await this.exceptionItem(view, catalogue, reader));
      }
      if (page * found.pageSize >= found.total) break;
    }
    return items;
  }

  private async exceptionItem(view: ExceptionView, catalogue: Catalogue, reader: PaperReader): Promise<ExceptionItem> {
    const detail = await this.exceptions.get(view.id, reader);
    return {
      kind: view.kind,
      positive: view.positive,
      indicatorCode: view.indicator?.code ?? '',
      indicatorTitle: view.indicator?.title ?? (view.owningGroup ? `Returns from ${view.owningGroup.name}` : 'Returns'),
      areaName: view.area?.name ?? '',
      periodLabel: view.period.label,
      priorityCode: view.priority?.code ?? catalogue.priorities[0]?.code ?? '',
      owningGroup: view.owningGroup?.name ?? 'Unknown group',
      reasons: detail.reasons.text.length > 0 ? detail.reasons.text : [view.summary],
      status: view.status,
      commentary: view.commentary
        ? {
            cause: view.commentary.cause,
            action: view.commentary.action,
            expectedRecoveryDate: view.commentary.expectedRecoveryDate,
            author: view.commentary.by,
            at: view.commentary.at,
          }
        : null,
      commentaryHeld: view.commentaryHeld,
      history: detail.history.map((entry) => ({
        at: entry.at,
        status: entry.toStatus,
        by: entry.actor,
        note: entry.note,
      })),
    };
  }
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

function summarise(
  priorities: readonly ReportPriority[],
  exceptions: readonly ExceptionItem[],
): ReportModel['summary'] {
  const perPriority: PrioritySummary[] = priorities.map((priority) => {
    const count = (rag: TargetRow['rag']) => priority.rows.filter((row) => row.rag === rag).length;
    return {
      priorityCode: priority.code,
      priorityTitle: priority.title,
      green: count('green'),
      amber: count('amber'),
      red: count('red'),
      noTarget: count('none'),
      exceptions: exceptions.filter((exception) => exception.priorityCode === priority.code).length,
    };
  });
  const total = (key: 'green' | 'amber' | 'red' | 'noTarget') => perPriority.reduce((sum, p) => sum + p[key], 0);
  const targets = priorities.reduce((sum, priority) => sum + priority.rows.length, 0);
  const positive = exceptions.filter((exception) => exception.positive).length;
  const unlikely = priorities.flatMap((p) => p.rows).filter((row) => row.forecast?.includes('unlikely')).length;
  const headlines = [
    `${targets} ${targets === 1 ? 'target' : 'targets'}: ${total('green')} on target (green), ${total('amber')} near target (amber), ${total('red')} off target (red), ${total('noTarget')} without a current value.`,
    `${exceptions.length} open ${exceptions.length === 1 ? 'exception' : 'exceptions'}: ${positive} well above expectations, ${exceptions.length - positive} needing attention.`,
  ];
  if (unlikely > 0)
    headlines.push(
      `${unlikely} ${unlikely === 1 ? 'target is' : 'targets are'} unlikely to be met by the year end on current trends.`,
    );
  return { perPriority, headlines };
}
