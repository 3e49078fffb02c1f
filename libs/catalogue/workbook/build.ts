import ExcelJS from 'exceljs';
import { formatPeriod } from '../../periods/index.js';
import { safeCellText } from '../../spreadsheets/index.js';
import { priorityKey } from './keys.js';
import {
  AREAS_SHEET,
  columnKeys,
  type Columns,
  type ColumnSpec,
  GROUPS_SHEET,
  INDICATORS_SHEET,
  INSTRUCTIONS_SHEET,
  PRIORITIES_SHEET,
  SHEETS,
  type SheetSpec,
  TARGETS_SHEET,
} from './sheet-specs.js';
import type { CatalogueSnapshot } from './types.js';

/** Building the workbook for download. */

// ---------------------------------------------------------------------------------------------------
// Building the workbook for download.

export type CellOut = string | number | Date | null;

export const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDEE0E2' } };
export const READ_ONLY_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF3F2F1' } };
/** Drop-downs reach this far below the last row, for rows an admin adds. */
export const VALIDATION_HEADROOM = 500;

/** The catalogue as the workbook an admin edits; uploading it unchanged changes nothing. */
export function buildCatalogueWorkbook(catalogue: CatalogueSnapshot, generatedAt: Date): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'CYPP Scorecard';
  workbook.created = generatedAt;
  addInstructions(workbook, generatedAt);

  const planById = new Map(catalogue.plans.map((p) => [p.id, p]));
  const groupCode = new Map(catalogue.groups.map((g) => [g.id, g.code]));
  const indicatorCode = new Map(catalogue.indicators.map((i) => [i.id, i.code]));
  const areaCode = new Map(catalogue.areas.map((a) => [a.id, a.code]));
  const byCode = <T extends { code: string }>(a: T, b: T): number => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

  const priorityRows: CellOut[][] = [];
  for (const plan of [...catalogue.plans].sort((a, b) => a.startYear - b.startYear || byCode(a, b))) {
    const planCells = [plan.code, plan.title, plan.startYear, plan.endYear];
    const ofPlan = catalogue.priorities
      .filter((p) => p.planId === plan.id)
      .sort((a, b) => a.displayOrder - b.displayOrder || byCode(a, b));
    if (ofPlan.length === 0) priorityRows.push([...planCells, null, null, null, null, null]);
    for (const p of ofPlan)
      priorityRows.push([...planCells, p.code, p.title, p.description, p.accountableMember, p.displayOrder]);
  }
  addSheet(workbook, PRIORITIES_SHEET, priorityRows);

  addSheet(
    workbook,
    GROUPS_SHEET,
    [...catalogue.groups]
      .sort(byCode)
      .map((g) => [
        g.code,
        g.name,
        g.kind,
        g.parentId ? (groupCode.get(g.parentId) ?? null) : null,
        g.returnsDueWorkingDays,
      ]),
  );

  const yn = (value: boolean): string => (value ? 'Y' : 'N');
  addSheet(
    workbook,
    AREAS_SHEET,
    [...catalogue.areas]
      .sort(byCode)
      .map((a) => [a.code, a.name, a.kind, a.parentCode, yn(a.isHome), yn(a.isStatisticalNeighbour)]),
  );

  // A priority code is written plainly unless two plans share it.
  const priorityRef = new Map(
    catalogue.priorities.map((p) => {
      const shared = catalogue.priorities.filter((other) => other.code === p.code).length > 1;
      return [p.id, shared ? priorityKey(planById.get(p.planId)!.code, p.code) : p.code];
    }),
  );
  addSheet(
    workbook,
    INDICATORS_SHEET,
    [...catalogue.indicators]
      .sort(byCode)
      .map((i) => [
        i.code,
        i.title,
        i.definition,
        i.unit,
        i.decimalPlaces,
        i.polarity,
        i.frequency,
        i.rollUp,
        yn(i.cumulativeYtd),
        yn(i.reportedByArea),
        priorityRef.get(i.priorityId) ?? null,
        i.dataSource,
        i.plausibleMin,
        i.plausibleMax,
      ]),
  );

  const targets = catalogue.targets.map((t) => ({
    ...t,
    indicator: indicatorCode.get(t.indicatorId)!,
    area: t.areaId ? areaCode.get(t.areaId)! : null,
  }));
  targets.sort(
    (a, b) =>
      a.indicator.localeCompare(b.indicator, 'en') ||
      (a.area ?? '').localeCompare(b.area ?? '', 'en') ||
      a.period.start.localeCompare(b.period.start) ||
      a.period.type.localeCompare(b.period.type),
  );
  addSheet(
    workbook,
    TARGETS_SHEET,
    targets.map((t) => [
      t.indicator,
      t.area,
      formatPeriod(t.period),
      t.settings.value,
      t.settings.rangeLow,
      t.settings.rangeHigh,
      t.settings.tolerance.kind,
      t.settings.tolerance.amount,
      t.settings.exceptional.kind,
      t.settings.exceptional.amount,
      t.settings.agreedBy,
      t.settings.agreedOn ? new Date(`${t.settings.agreedOn}T00:00:00Z`) : null,
      groupCode.get(t.owningGroupId) ?? null,
      // Blank on purpose: a reason is for a change made after this download.
      null,
      t.version,
    ]),
  );
  return workbook;
}

export function addSheet<K extends string>(
  workbook: ExcelJS.Workbook,
  spec: SheetSpec<K>,
  rows: readonly CellOut[][],
): void {
  const sheet = workbook.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  const columns = columnKeys(spec).map((key) => spec.columns[key]);
  sheet.columns = columns.map((column) => ({
    header: column.header,
    width: column.width,
    // Text-formatted, so Excel keeps "2024-25" and "Sep 2024" as typed instead of making dates of them.
    style: ['code', 'text', 'period', 'choice', 'yes_no'].includes(column.kind)
      ? { numFmt: '@' }
      : column.kind === 'date'
        ? { numFmt: 'yyyy-mm-dd' }
        : {},
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.height = 32;
  columns.forEach((column, index) => {
    const cell = header.getCell(index + 1);
    cell.fill = column.kind === 'read_only' ? READ_ONLY_FILL : HEADER_FILL;
    cell.note = column.help;
  });
  for (const values of rows) {
    sheet.addRow(values.map((value, index) => outputCell(columns[index], value)));
  }
  const last = rows.length + 1 + VALIDATION_HEADROOM;
  const validations = (
    sheet as unknown as { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } }
  ).dataValidations;
  columns.forEach((column, index) => {
    const letter = sheet.getColumn(index + 1).letter;
    if (column.kind === 'read_only') {
      for (let row = 2; row <= rows.length + 1; row += 1) sheet.getCell(`${letter}${row}`).fill = READ_ONLY_FILL;
    }
    if (!column.values) return;
    validations.add(`${letter}2:${letter}${last}`, {
      type: 'list',
      allowBlank: !column.required,
      formulae: [`"${column.values.join(',')}"`],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: column.header,
      error: `Choose one of: ${column.values.join(', ')}`,
    });
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
}

/** User-written text goes out through the formula-injection guard; parsing takes the guard off again. */
export function outputCell(column: ColumnSpec, value: CellOut): CellOut {
  if (value === null || value === '') return null;
  if (typeof value === 'string' && (column.kind === 'text' || column.kind === 'code')) return safeCellText(value);
  return value;
}

export function addInstructions(workbook: ExcelJS.Workbook, generatedAt: Date): void {
  const sheet = workbook.addWorksheet(INSTRUCTIONS_SHEET);
  [16, 32, 26, 48, 70].forEach((width, index) => (sheet.getColumn(index + 1).width = width));
  const lines = [
    "CYPP catalogue workbook: the Children and Young People's Plan, its priorities, groups, areas, indicators and targets",
    `Downloaded ${generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    '',
    'How to use it',
    '• Edit the sheets and upload the workbook again. Rows are matched by their codes: a new code adds an item, a known code updates it.',
    '• Each row states the whole item: a blank optional cell clears that field (or gives the default shown below).',
    '• Nothing is deleted: items missing from the workbook are left as they are and listed as "not in workbook" after the upload.',
    '• Changing an agreed target adds a new version (earlier versions are kept) and needs a Change reason on that row.',
    '• The upload is accepted whole or rejected whole: if anything is wrong, nothing changes and every problem is listed by sheet and cell.',
    '• Keep the headings in row 1 as they are. Type values, not formulas. Numbers use a full stop for decimals (12.5, not 12,5).',
    '• Text starting with = + - or @ is shown with a leading apostrophe so Excel never runs it as a formula; the apostrophe is removed on upload.',
    '',
  ];
  for (const line of lines) sheet.addRow([line]);
  sheet.getRow(1).font = { bold: true, size: 14 };
  sheet.getRow(4).font = { bold: true };
  const heading = sheet.addRow(['Sheet', 'Column', 'Required', 'Allowed values', 'What it means']);
  heading.font = { bold: true };
  heading.eachCell((cell) => (cell.fill = HEADER_FILL));
  for (const spec of SHEETS) {
    const first = sheet.addRow([spec.name, '', '', '', spec.purpose]);
    first.font = { bold: true };
    first.getCell(5).alignment = { wrapText: true, vertical: 'top' };
    for (const key of columnKeys(spec as SheetSpec<string>)) {
      const column = (spec.columns as Columns<string>)[key];
      const row = sheet.addRow(['', column.header, requiredText(column), allowedText(column), column.help]);
      row.alignment = { wrapText: true, vertical: 'top' };
    }
  }
}

export function requiredText(column: ColumnSpec): string {
  if (column.kind === 'read_only') return 'no (read-only)';
  return column.requiredText ?? (column.required ? 'yes' : 'no');
}

export function allowedText(column: ColumnSpec): string {
  switch (column.kind) {
    case 'code':
      return column.planPrefix
        ? `a priority code, or PLAN/PRIORITY (letters, digits, . _ -)`
        : `letters, digits, . _ - (up to ${column.maxLength} characters)`;
    case 'text':
      return `text, up to ${column.maxLength} characters`;
    case 'integer':
      return `a whole number from ${column.min} to ${column.max}`;
    case 'number':
      return column.min === undefined ? 'a number, e.g. 12.5' : `a number, ${column.min} or more`;
    case 'choice':
    case 'yes_no':
      return column.values!.join(', ');
    case 'date':
      return 'a date';
    case 'period':
      return 'a period label, e.g. 2024-25 or 2024-25 Q2';
    case 'read_only':
      return 'written on download';
  }
}
