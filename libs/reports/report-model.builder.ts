import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import type { PaperReader } from '../access/index.js';
import { withRawClient } from '../database/index.js';
import { EXCEPTION_STATUSES, ExceptionsService, type ExceptionView } from '../exceptions/index.js';
import type {
  ExceptionItem,
  PrioritySummary,
  ReportModel,
  ReportPriority,
  ReturnsCompleteness,
  TargetRow,
} from '../reporting/index.js';
import {
  loadCatalogueFacts,
  loadScorecardEntries,
  periodInfoOf,
  type CatalogueFacts,
  type PeriodInfo,
} from '../series/index.js';
import { type Period } from '../periods/index.js';
import { CompletenessService, type CompletenessState } from '../workflow/index.js';
import { REPORT_TYPE_RULES } from './report-types.js';
import type { ReportRow } from './reports.service.js';

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

type Catalogue = CatalogueFacts;

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
    const { catalogue, rows } = await withRawClient(this.dataSource, async (client) => {
      const facts = await loadCatalogueFacts(client);
      return { catalogue: facts, rows: await this.targetRows(client, facts, report, period) };
    });
    let priorities = rows;
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

  /** One row per indicator with a target for the report's financial year (or period), grouped by priority. */
  private async targetRows(
    client: PoolClient,
    catalogue: Catalogue,
    report: ReportRow,
    period: PeriodInfo,
  ): Promise<ReportPriority[]> {
    const { homeAreaId } = catalogue;
    if (!homeAreaId) return [];
    const entries = await loadScorecardEntries(client, catalogue, {
      areaId: homeAreaId,
      period,
      dataCut: report.data_cut,
      groupId: report.group_id,
      // The HWB pack shows trends over the plan period; the other reports the last three years.
      trendFrom: report.type === 'hwb_progress_pack' ? catalogue.planStart : null,
    });
    const rowsByPriority = new Map<string, TargetRow[]>();
    for (const { indicator, row } of entries) {
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
