/**
 * The report as an .xlsx workbook (SPEC §5): Summary (with the key and the RAG chart), Exceptions, a sheet
 * per priority (frozen headers, number formats per unit, RAG as word and fill, a trend chart beside each
 * row) and the Data cut.
 *
 * exceljs's streaming WorkbookWriter cannot place images in a worksheet (WorksheetWriter has no addImage),
 * so this uses the in-memory Workbook; 500 rows with 500 chart images stay well under 100 MB.
 *
 * Every string from the model goes through `safeCellText` (libs/spreadsheets): user-written text such as
 * commentary or a group's name can never become a formula, in Excel or after someone edits the cell.
 */
import ExcelJS from 'exceljs';
import { safeCellText } from '../spreadsheets/index.js';
import { pngSize } from './png.js';
import {
  CONCERN_SWATCH,
  HEADER_FILL,
  POSITIVE_SWATCH,
  RAG_SWATCHES,
  SECONDARY_TEXT_COLOUR,
  TEXT_COLOUR,
  type Swatch,
} from './palette.js';
import type { ReportCharts } from './report-charts.js';
import type { ReportModel, ReportPriority, TargetRow } from './report-model.js';
import {
  EXCEPTION_KIND_LABELS,
  EXCEPTION_STATUS_LABELS,
  HOW_TO_READ,
  REPORT_TYPE_LABELS,
  VALUE_STATUS_LABELS,
  classificationMarking,
  dataCutText,
  excelNumberFormat,
  exceptionSentiment,
  formatDate,
  formatDateTime,
  formatShortDate,
  missingCommentaryText,
  orderExceptions,
  priorityHeading,
  ragText,
} from './report-text.js';
import { pinZipTimestamps } from './zip-timestamps.js';

type Worksheet = ExcelJS.Worksheet;
type CellValue = string | number | null | { text: string; hyperlink: string };

/** Display size of a trend chart beside its row, in pixels (the PNG keeps its full resolution). */
const ROW_CHART = { width: 480, height: 240 } as const;
const PX_PER_POINT = 4 / 3;
const LINE_HEIGHT_POINTS = 15;

const argb = (hex: string) => `FF${hex.replace('#', '').toUpperCase()}`;
const text = (value: string | null | undefined): string | null => safeCellText(value);

function solidFill(hex: string): ExcelJS.Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(hex) } };
}

function paint(cell: ExcelJS.Cell, swatch: Swatch): void {
  cell.fill = solidFill(swatch.fill);
  cell.font = { bold: true, color: { argb: argb(swatch.text) } };
}

/** Header and footer codes treat `&` as an escape; a title with "&" must double it. */
function headerText(value: string): string {
  return value.replace(/&/g, '&&');
}

/** Excel sheet names: at most 31 characters, none of []:*?/\ and unique in the workbook (case-insensitively). */
export function sheetName(wanted: string, taken: Set<string>): string {
  const base =
    wanted
      .replace(/[[\]:*?/\\]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^'+|'+$/g, '') || 'Sheet';
  let name = base.slice(0, 31).trim();
  for (let n = 2; taken.has(name.toLowerCase()); n++) {
    const suffix = ` (${n})`;
    name = `${base.slice(0, 31 - suffix.length).trim()}${suffix}`;
  }
  taken.add(name.toLowerCase());
  return name;
}

/** Rough wrapped-line count so rows are tall enough for their text when the file opens. */
function linesFor(value: string | null, widthChars: number): number {
  if (!value) return 1;
  const perLine = Math.max(8, Math.floor(widthChars * 1.1) - 2);
  return value.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / perLine)), 0);
}

function fitRowHeight(row: ExcelJS.Row, columns: readonly { width: number }[], minimum = LINE_HEIGHT_POINTS): void {
  let lines = 1;
  row.eachCell((cell, col) => {
    if (typeof cell.value === 'string') lines = Math.max(lines, linesFor(cell.value, columns[col - 1]?.width ?? 10));
  });
  row.height = Math.max(minimum, lines * LINE_HEIGHT_POINTS + 3);
}

interface Column {
  readonly header: string;
  readonly width: number;
}

function writeHeaderRow(ws: Worksheet, rowNumber: number, columns: readonly Column[]): void {
  const row = ws.getRow(rowNumber);
  columns.forEach((column, i) => {
    const cell = row.getCell(i + 1);
    cell.value = column.header;
    cell.font = { bold: true, color: { argb: argb(TEXT_COLOUR) } };
    cell.fill = solidFill(HEADER_FILL);
    cell.alignment = { vertical: 'top', wrapText: true };
    cell.border = { bottom: { style: 'medium', color: { argb: argb(TEXT_COLOUR) } } };
  });
  fitRowHeight(row, columns);
}

function setColumns(ws: Worksheet, columns: readonly Column[]): void {
  columns.forEach((column, i) => {
    ws.getColumn(i + 1).width = column.width;
  });
}

function pageSetup(ws: Worksheet, model: ReportModel, printTitleRows?: string): void {
  ws.pageSetup = {
    ...ws.pageSetup,
    orientation: 'landscape',
    paperSize: 9, // A4
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    ...(printTitleRows ? { printTitlesRow: printTitleRows } : {}),
  };
  const marking = `&R${classificationMarking(model)}`;
  ws.headerFooter = {
    oddHeader: `&L${headerText(`${model.title}: ${model.period.label}`)}${marking}`,
    oddFooter: `&LGenerated ${headerText(formatDateTime(model.generatedAt))}&RPage &P of &N`,
  };
}

function titleRows(ws: Worksheet, title: string, subtitle: string, model: ReportModel): void {
  const first = ws.getCell('A1');
  first.value = text(title);
  first.font = { bold: true, size: 16, color: { argb: argb(TEXT_COLOUR) } };
  const second = ws.getCell('A2');
  second.value = text(model.confidential ? `${classificationMarking(model)}. ${subtitle}` : subtitle);
  second.font = { color: { argb: argb(SECONDARY_TEXT_COLOUR) }, bold: model.confidential };
}

function addSummarySheet(
  wb: ExcelJS.Workbook,
  model: ReportModel,
  charts: ReportCharts,
  prioritySheets: ReadonlyMap<string, string>,
): void {
  const ws = wb.addWorksheet('Summary', { properties: { tabColor: { argb: argb('#1D70B8') } } });
  const columns: Column[] = [
    { header: 'Priority', width: 12 },
    { header: 'Title', width: 34 },
    { header: 'Accountable board member', width: 30 },
    { header: 'Green: On target', width: 13 },
    { header: 'Amber: Near target', width: 13 },
    { header: 'Red: Off target', width: 13 },
    { header: 'No target', width: 11 },
    { header: 'Total targets', width: 11 },
    { header: 'Open exceptions', width: 12 },
  ];
  setColumns(ws, columns);
  ws.getColumn(2).alignment = { vertical: 'top', wrapText: true };
  ws.getColumn(3).alignment = { vertical: 'top', wrapText: true };

  let r = 1;
  if (model.confidential) {
    const marking = ws.getCell(r, 1);
    marking.value = `${classificationMarking(model)}: not for onward circulation`;
    marking.font = { bold: true, size: 12, color: { argb: argb('#D4351C') } };
    r++;
  }
  const title = ws.getCell(r, 1);
  title.value = text(model.title);
  title.font = { bold: true, size: 18 };
  r += 2;

  const details: [string, string][] = [
    ['Report', REPORT_TYPE_LABELS[model.type]],
    ['For', model.audience],
    ['Period', `${model.period.label} (${formatDate(model.period.start)} to ${formatDate(model.period.end)})`],
    ['Generated', formatDateTime(model.generatedAt)],
    ['Data cut', `${dataCutText(model)}; listed on the Data cut sheet`],
    ['Classification', model.confidential ? 'OFFICIAL-SENSITIVE (confidential)' : 'OFFICIAL (not confidential)'],
  ];
  for (const [label, value] of details) {
    const labelCell = ws.getCell(r, 1);
    labelCell.value = label;
    labelCell.font = { bold: true };
    ws.getCell(r, 2).value = text(value);
    ws.mergeCells(r, 2, r, 6);
    r++;
  }
  r++;

  if (model.summary.headlines.length) {
    ws.getCell(r, 1).value = 'Headlines';
    ws.getCell(r, 1).font = { bold: true, size: 14 };
    r++;
    for (const line of model.summary.headlines) {
      ws.getCell(r, 1).value = text(`• ${line}`);
      ws.mergeCells(r, 1, r, 9);
      ws.getCell(r, 1).alignment = { wrapText: true, vertical: 'top' };
      ws.getRow(r).height = Math.max(LINE_HEIGHT_POINTS, linesFor(line, 130) * LINE_HEIGHT_POINTS + 3);
      r++;
    }
    r++;
  }

  if (model.returnsCompleteness) {
    ws.getCell(r, 1).value = 'Returns: completeness and timeliness';
    ws.getCell(r, 1).font = { bold: true, size: 14 };
    r++;
    ws.getCell(r, 1).value = text(model.returnsCompleteness.sentence);
    ws.mergeCells(r, 1, r, 9);
    r++;
    ['Group', 'Due', 'Received', 'Status', 'Working days late'].forEach((header, i) => {
      ws.getCell(r, i + 1).value = header;
      ws.getCell(r, i + 1).font = { bold: true };
    });
    r++;
    for (const g of model.returnsCompleteness.groups) {
      [g.group, g.deadline, g.receivedOn ?? 'Not received', g.state, g.workingDaysLate].forEach((value, i) => {
        ws.getCell(r, i + 1).value = typeof value === 'string' ? text(value) : value;
      });
      r++;
    }
    r++;
  }

  ws.getCell(r, 1).value = 'Targets by status and priority';
  ws.getCell(r, 1).font = { bold: true, size: 14 };
  r++;
  writeHeaderRow(ws, r, columns);
  const swatches: (Swatch | null)[] = [
    null,
    null,
    null,
    RAG_SWATCHES.green,
    RAG_SWATCHES.amber,
    RAG_SWATCHES.red,
    RAG_SWATCHES.none,
  ];
  swatches.forEach((swatch, i) => swatch && paint(ws.getCell(r, i + 1), swatch));
  r++;
  const accountable = new Map(model.priorities.map((p) => [p.code, p.accountableMember]));
  for (const p of model.summary.perPriority) {
    const row = ws.getRow(r);
    const sheet = prioritySheets.get(p.priorityCode);
    const code = text(p.priorityCode) ?? '';
    row.values = [
      sheet ? { text: code, hyperlink: `#'${sheet.replace(/'/g, "''")}'!A1` } : code,
      text(p.priorityTitle),
      text(accountable.get(p.priorityCode) ?? null),
      p.green,
      p.amber,
      p.red,
      p.noTarget,
      p.green + p.amber + p.red + p.noTarget,
      p.exceptions,
    ] as CellValue[];
    if (sheet) row.getCell(1).font = { color: { argb: argb('#1D70B8') }, underline: true };
    fitRowHeight(row, columns);
    r++;
  }
  r++;

  const summaryImage = wb.addImage({ buffer: charts.summary as unknown as ExcelJS.Buffer, extension: 'png' });
  const size = pngSize(charts.summary);
  const displayWidth = size.width; // shown at its own size: sharp at 100% zoom
  const displayHeight = Math.round((size.height * displayWidth) / size.width);
  ws.addImage(summaryImage, {
    tl: { col: 0, row: r - 1 },
    ext: { width: displayWidth, height: displayHeight },
    editAs: 'oneCell',
  });
  r += Math.ceil(displayHeight / (20 * 1)) + 1; // default rows are 20 px tall

  ws.getCell(r, 1).value = 'How to read this report';
  ws.getCell(r, 1).font = { bold: true, size: 14 };
  r++;
  for (const section of HOW_TO_READ) {
    ws.getCell(r, 1).value = section.heading;
    ws.getCell(r, 1).font = { bold: true };
    r++;
    for (const entry of section.entries) {
      const row = ws.getRow(r);
      row.getCell(1).value = entry.term;
      row.getCell(1).font = { bold: true };
      if (entry.rag) paint(row.getCell(1), RAG_SWATCHES[entry.rag]);
      ws.mergeCells(r, 1, r, 2);
      row.getCell(3).value = entry.meaning;
      ws.mergeCells(r, 3, r, 9);
      row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
      row.getCell(3).alignment = { wrapText: true, vertical: 'top' };
      row.height = Math.max(linesFor(entry.term, 44), linesFor(entry.meaning, 100)) * LINE_HEIGHT_POINTS + 3;
      r++;
    }
  }
  pageSetup(ws, model);
}

const EXCEPTION_COLUMNS: readonly Column[] = [
  { header: 'Priority', width: 24 },
  { header: 'Owning group', width: 22 },
  { header: 'Concern or positive', width: 12 },
  { header: 'Exception', width: 18 },
  { header: 'Indicator code', width: 11 },
  { header: 'Indicator', width: 40 },
  { header: 'Area', width: 18 },
  { header: 'Period', width: 11 },
  { header: 'Why it is an exception', width: 45 },
  { header: 'Status', width: 16 },
  { header: 'Cause (owner’s commentary)', width: 45 },
  { header: 'Action', width: 45 },
  { header: 'Expected recovery', width: 14 },
  { header: 'Commentary by', width: 20 },
  { header: 'Commentary date', width: 14 },
  { header: 'History', width: 45 },
];

function addExceptionsSheet(wb: ExcelJS.Workbook, model: ReportModel): void {
  const ws = wb.addWorksheet('Exceptions', { views: [{ state: 'frozen', xSplit: 0, ySplit: 3 }] });
  setColumns(ws, EXCEPTION_COLUMNS);
  titleRows(
    ws,
    `Exceptions: ${model.period.label}`,
    'Concerns and positive exceptions, by priority and owning group. Concerns are listed before positives in each group.',
    model,
  );
  writeHeaderRow(ws, 3, EXCEPTION_COLUMNS);
  const exceptions = orderExceptions(model);
  if (exceptions.length === 0) {
    ws.getCell('A4').value = 'No open exceptions for this period.';
  }
  exceptions.forEach((exception, i) => {
    const row = ws.getRow(4 + i);
    const commentary = exception.commentary;
    row.values = [
      text(priorityHeading(model, exception.priorityCode)),
      text(exception.owningGroup),
      exceptionSentiment(exception),
      EXCEPTION_KIND_LABELS[exception.kind],
      text(exception.indicatorCode),
      text(exception.indicatorTitle),
      text(exception.areaName),
      text(exception.periodLabel),
      text(exception.reasons.join('\n')),
      EXCEPTION_STATUS_LABELS[exception.status],
      text(commentary?.cause ?? missingCommentaryText(exception)),
      text(commentary?.action ?? null),
      commentary?.expectedRecoveryDate ? formatDate(commentary.expectedRecoveryDate) : null,
      text(commentary?.author ?? null),
      commentary ? formatShortDate(commentary.at) : null,
      text(
        exception.history
          .map(
            (h) =>
              `${formatShortDate(h.at)}: ${EXCEPTION_STATUS_LABELS[h.status]} by ${h.by}${h.note ? `. ${h.note}` : ''}`,
          )
          .join('\n'),
      ),
    ];
    row.alignment = { vertical: 'top', wrapText: true };
    paint(row.getCell(3), exception.positive ? POSITIVE_SWATCH : CONCERN_SWATCH);
    fitRowHeight(row, EXCEPTION_COLUMNS);
  });
  ws.autoFilter = {
    from: { row: 3, column: 1 },
    to: { row: 3 + Math.max(1, exceptions.length), column: EXCEPTION_COLUMNS.length },
  };
  pageSetup(ws, model, '3:3');
}

const PRIORITY_COLUMNS: readonly Column[] = [
  { header: 'Code', width: 10 },
  { header: 'Indicator', width: 40 },
  { header: 'Owning group', width: 20 },
  { header: 'Latest period', width: 11 },
  { header: 'Latest value', width: 11 },
  { header: 'Value status', width: 11 },
  { header: 'Target value', width: 10 },
  { header: 'Target', width: 20 },
  { header: 'RAG status', width: 14 },
  { header: 'vs previous period', width: 12 },
  { header: 'vs same period last year', width: 12 },
  { header: 'SPC variation', width: 20 },
  { header: 'Assurance', width: 16 },
  { header: 'Forecast', width: 22 },
  { header: 'England', width: 10 },
  { header: 'Region', width: 10 },
  { header: 'Compared with England', width: 20 },
  { header: 'SPC explanation', width: 40 },
  { header: 'Trend chart', width: 70 },
];
const CHART_COLUMN = PRIORITY_COLUMNS.length; // 1-based

function addPrioritySheet(
  wb: ExcelJS.Workbook,
  model: ReportModel,
  priority: ReportPriority,
  name: string,
  charts: ReportCharts,
): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 2, ySplit: 3 }] });
  setColumns(ws, PRIORITY_COLUMNS);
  const counts = (['green', 'amber', 'red', 'none'] as const).map(
    (rag) => priority.rows.filter((row) => row.rag === rag).length,
  );
  titleRows(
    ws,
    `${priority.code} ${priority.title}`,
    [
      priority.accountableMember ? `Accountable board member: ${priority.accountableMember}` : null,
      `Period: ${model.period.label}`,
      `${priority.rows.length} targets: ${counts[0]} green (on target), ${counts[1]} amber (near target), ${counts[2]} red (off target), ${counts[3]} no target`,
    ]
      .filter(Boolean)
      .join('. '),
    model,
  );
  writeHeaderRow(ws, 3, PRIORITY_COLUMNS);
  if (priority.rows.length === 0) ws.getCell('A4').value = 'No targets in this report for this priority.';

  priority.rows.forEach((target, i) => {
    const r = 4 + i;
    const row = ws.getRow(r);
    const numFmt = excelNumberFormat(target.unit, target.decimalPlaces);
    row.values = [
      text(target.indicatorCode),
      text(target.indicatorTitle),
      text(target.owningGroup),
      text(target.latest.periodLabel),
      target.latest.status === 'suppressed' ? null : target.latest.value,
      VALUE_STATUS_LABELS[target.latest.status],
      target.target.value,
      text(target.target.label),
      text(ragText(target)),
      text(target.directionOfTravel.vsPrevious),
      text(target.directionOfTravel.vsLastYear),
      text(target.spc.variation),
      text(target.spc.assurance),
      text(target.forecast),
      target.comparators.england,
      target.comparators.region,
      text(target.comparators.comparison),
      text(target.spc.explanation),
    ];
    row.alignment = { vertical: 'top', wrapText: true };
    for (const col of [5, 7, 15, 16]) row.getCell(col).numFmt = numFmt;
    paint(row.getCell(9), RAG_SWATCHES[target.rag]);
    row.getCell(9).alignment = { vertical: 'top', wrapText: true };
    placeTrendChart(wb, ws, target, r, charts);
    fitRowHeight(
      row,
      PRIORITY_COLUMNS.slice(0, CHART_COLUMN - 1),
      charts.trends.has(target) ? ROW_CHART.height / PX_PER_POINT + 6 : LINE_HEIGHT_POINTS,
    );
  });
  pageSetup(ws, model, '3:3');
}

function placeTrendChart(
  wb: ExcelJS.Workbook,
  ws: Worksheet,
  target: TargetRow,
  rowNumber: number,
  charts: ReportCharts,
): void {
  const png = charts.trends.get(target);
  if (!png) return;
  const id = wb.addImage({ buffer: png as unknown as ExcelJS.Buffer, extension: 'png' });
  ws.addImage(id, {
    // Fractional anchors nudge the image off the cell's gridlines.
    tl: { col: CHART_COLUMN - 1 + 0.02, row: rowNumber - 1 + 0.03 },
    ext: { width: ROW_CHART.width, height: ROW_CHART.height },
    editAs: 'oneCell',
  });
}

function addDataCutSheet(wb: ExcelJS.Workbook, model: ReportModel): void {
  const ws = wb.addWorksheet('Data cut', { views: [{ state: 'frozen', ySplit: 3 }] });
  const columns: Column[] = [
    { header: 'Return ids used', width: 40 },
    { header: 'Target version ids used', width: 40 },
    { header: 'Comparator import ids used', width: 40 },
  ];
  setColumns(ws, columns);
  titleRows(
    ws,
    'Data cut',
    `The returns, target versions and comparator imports this report used (${dataCutText(model)}), so it can be reproduced.`,
    model,
  );
  writeHeaderRow(ws, 3, columns);
  const { returnIds, targetVersionIds, comparatorImportIds = [] } = model.dataCut;
  for (let i = 0; i < Math.max(returnIds.length, targetVersionIds.length, comparatorImportIds.length); i++) {
    ws.getRow(4 + i).values = [
      text(returnIds[i] ?? null),
      text(targetVersionIds[i] ?? null),
      text(comparatorImportIds[i] ?? null),
    ];
  }
  pageSetup(ws, model, '3:3');
}

export function buildXlsxWorkbook(model: ReportModel, charts: ReportCharts): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const at = new Date(model.generatedAt);
  wb.creator = 'CYPP Scorecard';
  wb.lastModifiedBy = 'CYPP Scorecard';
  wb.created = at;
  wb.modified = at;
  wb.title = model.title;
  wb.subject = `${REPORT_TYPE_LABELS[model.type]}: ${model.period.label}`;
  wb.keywords = classificationMarking(model);

  const taken = new Set<string>(['summary', 'exceptions', 'data cut']);
  const names = new Map(model.priorities.map((p) => [p.code, sheetName(`${p.code} ${p.title}`, taken)]));
  addSummarySheet(wb, model, charts, names);
  addExceptionsSheet(wb, model);
  for (const priority of model.priorities) addPrioritySheet(wb, model, priority, names.get(priority.code)!, charts);
  addDataCutSheet(wb, model);
  return wb;
}

/** The workbook's bytes; identical for the same model and charts (zip stamps pinned to generatedAt). */
export async function renderXlsxReport(model: ReportModel, charts: ReportCharts): Promise<Buffer> {
  const wb = buildXlsxWorkbook(model, charts);
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  return pinZipTimestamps(bytes, new Date(model.generatedAt));
}
