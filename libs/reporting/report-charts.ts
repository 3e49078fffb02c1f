/**
 * Renders every chart a report needs once, so the workbook and the PDF embed the same PNGs.
 */
import { setImmediate } from 'node:timers/promises';
import { renderRagSummaryChart, renderTrendChart } from './charts.js';
import type { ReportModel, TargetRow } from './report-model.js';

export interface ReportCharts {
  /** The RAG summary chart (stacked bars per priority). */
  readonly summary: Buffer;
  /** One trend chart per target row with at least one point, keyed by the row object of the model. */
  readonly trends: ReadonlyMap<TargetRow, Buffer>;
}

export interface ChartProgress {
  readonly done: number;
  readonly total: number;
}

/** Rows in report order: priorities in plan order, rows as listed. */
export function reportRows(model: ReportModel): TargetRow[] {
  return model.priorities.flatMap((priority) => priority.rows);
}

/** Charts drawn between turns of the event loop, which frees the pixel buffers of the previous ones. */
const CHARTS_PER_TURN = 8;

export async function renderReportCharts(
  model: ReportModel,
  onProgress?: (progress: ChartProgress) => void,
): Promise<ReportCharts> {
  const rows = reportRows(model).filter((row) => row.series.length > 0);
  const total = rows.length + 1;
  const summary = renderRagSummaryChart(model.summary.perPriority);
  onProgress?.({ done: 1, total });
  const trends = new Map<TargetRow, Buffer>();
  for (const [i, row] of rows.entries()) {
    if (!trends.has(row)) trends.set(row, renderTrendChart(row));
    onProgress?.({ done: i + 2, total });
    if (i % CHARTS_PER_TURN === CHARTS_PER_TURN - 1) await setImmediate();
  }
  return { summary, trends };
}
