/**
 * Report renderers: a ReportModel in, .xlsx and PDF bytes out. Pure rendering; no database or queue.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderPdfReport } from './pdf-report.js';
import { renderReportCharts } from './report-charts.js';
import type { ReportModel } from './report-model.js';
import { renderXlsxReport } from './xlsx-report.js';

export type * from './report-model.js';
export {
  RAG_CHART_WIDTH,
  TREND_CHART_SIZE,
  ragSummaryChartHeight,
  renderRagSummaryChart,
  renderTrendChart,
  wrapText,
} from './charts.js';
export { renderReportCharts, reportRows, type ChartProgress, type ReportCharts } from './report-charts.js';
export { renderXlsxReport, sheetName } from './xlsx-report.js';
export { renderPdfReport } from './pdf-report.js';
export {
  HOW_TO_READ,
  REPORT_TYPE_LABELS,
  formatValue,
  ragText,
  type KeyEntry,
  type KeySection,
} from './report-text.js';

export type ReportFormat = 'xlsx' | 'pdf';

export interface RenderReportOptions {
  /** Default both. */
  readonly formats?: readonly ReportFormat[];
  /** When set, the files are also written there as `<fileBaseName>.<format>`. */
  readonly outputDir?: string;
  /** Default `<type>-<period label>`, e.g. `board_scorecard-2024-25-q2`. */
  readonly fileBaseName?: string;
  /** Called as the work advances, from 0 to 1 (charts are about half of it). */
  readonly onProgress?: (fraction: number) => void;
}

export interface RenderedReport {
  readonly xlsx?: Buffer;
  readonly pdf?: Buffer;
  /** Paths written when `outputDir` was given. */
  readonly files: readonly { readonly format: ReportFormat; readonly path: string }[];
  /** Charts drawn: the RAG summary plus one trend chart per target with values. */
  readonly charts: number;
}

function defaultBaseName(model: ReportModel): string {
  const period = model.period.label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${model.type}-${period}`;
}

/**
 * Renders the report in the requested formats. The same model gives byte-identical files: nothing reads the
 * clock (the PDF's creation date, the workbook's created/modified and its zip entry times are all
 * `model.generatedAt`).
 */
export async function renderReport(model: ReportModel, options: RenderReportOptions = {}): Promise<RenderedReport> {
  const formats = new Set(options.formats ?? ['xlsx', 'pdf']);
  const progress = options.onProgress ?? (() => undefined);
  const charts = await renderReportCharts(model, ({ done, total }) => progress((0.5 * done) / total));
  const xlsx = formats.has('xlsx') ? await renderXlsxReport(model, charts) : undefined;
  progress(formats.has('pdf') ? 0.7 : 0.95);
  const pdf = formats.has('pdf') ? await renderPdfReport(model, charts) : undefined;
  const files: { format: ReportFormat; path: string }[] = [];
  if (options.outputDir) {
    await mkdir(options.outputDir, { recursive: true });
    const base = options.fileBaseName ?? defaultBaseName(model);
    for (const [format, bytes] of [
      ['xlsx', xlsx],
      ['pdf', pdf],
    ] as const) {
      if (!bytes) continue;
      const path = join(options.outputDir, `${base}.${format}`);
      await writeFile(path, bytes);
      files.push({ format, path });
    }
  }
  progress(1);
  return { ...(xlsx ? { xlsx } : {}), ...(pdf ? { pdf } : {}), files, charts: 1 + charts.trends.size };
}
