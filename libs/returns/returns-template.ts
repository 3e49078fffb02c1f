import ExcelJS from 'exceljs';
import type { Unit } from '../catalogue/catalogue.types.js';
import { UNIT_MULTIPLIERS } from '../catalogue/catalogue.types.js';
import { formatPeriod, type Period } from '../periods/index.js';
import { safeCellText, SUPPRESSION_MARKERS } from '../spreadsheets/index.js';
import { INSTRUCTIONS_SHEET, RETURN_COLUMNS, RETURNS_SHEET, type ReturnColumnKey } from './return-columns.js';
import { unitWords } from './return-validation.js';
import { VALUE_STATUSES } from './returns-store.js';

export interface TemplateRow {
  readonly indicatorCode: string;
  readonly indicatorTitle: string;
  readonly areaCode: string;
  readonly areaName: string;
  readonly unit: Unit;
  readonly decimalPlaces: number;
  /** The current value for the previous period, or its suppression marker. */
  readonly previousValue: number | string | null;
  /** The target shown for reference: a value, or a range as text. */
  readonly target: number | string | null;
}

export interface TemplateInput {
  readonly groupCode: string;
  readonly groupName: string;
  readonly period: Period;
  /** ISO date the return is due. */
  readonly deadline: string;
  readonly rows: readonly TemplateRow[];
}

const GREY = 'FFD9D9D9';
const INPUT = 'FFFFF7D6';
const HEADER = 'FF0B0C0C';

/**
 * The returns template (SPEC 3): one row per owned indicator and area, codes locked (sheet protection
 * without a password: it guards against slips, not people), a drop-down for status, numerator and
 * denominator open only where the indicator is a rate or a percentage.
 */
export async function buildReturnsTemplate(input: TemplateInput): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'CYPP Scorecard';
  const sheet = workbook.addWorksheet(RETURNS_SHEET, { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }] });
  sheet.columns = RETURN_COLUMNS.map((column) => ({ header: column.header, key: column.key, width: column.width }));
  const header = sheet.getRow(1);
  header.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER } };
    cell.alignment = { vertical: 'middle', wrapText: true };
  });
  const column = (key: ReturnColumnKey): number => RETURN_COLUMNS.findIndex((c) => c.key === key) + 1;
  const periodLabel = formatPeriod(input.period);

  input.rows.forEach((templateRow, index) => {
    const rowNumber = index + 2;
    const row = sheet.getRow(rowNumber);
    const values: Partial<Record<ReturnColumnKey, ExcelJS.CellValue>> = {
      indicatorCode: templateRow.indicatorCode,
      indicatorTitle: safeCellText(templateRow.indicatorTitle),
      areaCode: templateRow.areaCode,
      areaName: safeCellText(templateRow.areaName),
      period: periodLabel,
      unit: unitWords(templateRow.unit),
      previousValue:
        typeof templateRow.previousValue === 'string'
          ? safeCellText(templateRow.previousValue)
          : templateRow.previousValue,
      target: typeof templateRow.target === 'string' ? safeCellText(templateRow.target) : templateRow.target,
    };
    for (const [key, value] of Object.entries(values))
      row.getCell(column(key as ReturnColumnKey)).value = value ?? null;
    const ratio = UNIT_MULTIPLIERS[templateRow.unit] !== null;
    const numberFormat = templateRow.decimalPlaces > 0 ? `0.${'0'.repeat(templateRow.decimalPlaces)}` : '0';
    for (const definition of RETURN_COLUMNS) {
      const cell = row.getCell(column(definition.key));
      const open = definition.input && (ratio || (definition.key !== 'numerator' && definition.key !== 'denominator'));
      cell.protection = { locked: !open };
      if (open) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: INPUT } };
      else if (definition.input) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: GREY } };
      if (definition.key === 'value' || definition.key === 'previousValue') cell.numFmt = numberFormat;
      if (definition.key === 'commentary') cell.alignment = { wrapText: true, vertical: 'top' };
    }
    row.getCell(column('status')).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [`"${VALUE_STATUSES.join(',')}"`],
      showErrorMessage: true,
      errorTitle: 'Status',
      error: `Choose one of: ${VALUE_STATUSES.join(', ')}`,
    };
  });
  await sheet.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
    formatCells: false,
    insertRows: false,
    deleteRows: false,
    sort: false,
    autoFilter: true,
  });

  addInstructions(workbook, input, periodLabel);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function addInstructions(workbook: ExcelJS.Workbook, input: TemplateInput, periodLabel: string): void {
  const sheet = workbook.addWorksheet(INSTRUCTIONS_SHEET);
  sheet.getColumn(1).width = 110;
  const deadline = longDate(input.deadline);
  const markers = Object.entries(SUPPRESSION_MARKERS)
    .map(([marker, meaning]) => `${marker} (${meaning})`)
    .join('; ');
  const lines: [string, boolean][] = [
    [`Return for ${safeCellText(input.groupName)} (${input.groupCode}), ${periodLabel}`, true],
    [`Due by ${deadline}.`, false],
    ['', false],
    ['How to fill in the Returns sheet', true],
    [
      'Fill in the yellow cells only. The codes, names, period, unit, previous value and target are there for reference and are locked.',
      false,
    ],
    [
      'Value: type the number, for example 12.5 or 1,234. Use a full stop for decimals: 12,5 is refused. Do not type units or symbols; for a percentage indicator 12.5% is also accepted.',
      false,
    ],
    [
      "Numerator and Denominator: only for percentages and rates (the grey cells are not used). Give both or neither. The value must agree with numerator ÷ denominator × 100 (or × 1,000, 10,000, 100,000 for rates) at the indicator's decimal places; leave Value blank to have it worked out.",
      false,
    ],
    [`Status: choose ${VALUE_STATUSES.join(', ')}. Blank means actual.`, false],
    [
      `Suppressed small numbers: type one of these codes in Value instead of a number and it is stored as suppressed, not as zero: ${markers}; or <5 (fewer than 5).`,
      false,
    ],
    ['Commentary: say why the value has moved, especially if it is off target. Up to 4,000 characters.', false],
    ['Formulas are not accepted: paste the value (Paste Special → Values).', false],
    [
      'Leave a row blank if you have no value yet; it will show as missing. Do not add, remove or re-order the header row.',
      false,
    ],
    ['', false],
    ['Sending it', true],
    [
      'Upload the saved .xlsx (or a CSV UTF-8 file with the same column headings). It is checked as a whole: if any cell is wrong nothing is saved, every problem is listed with its cell (for example Returns!G14), and you can download a copy with the problem cells marked.',
      false,
    ],
    [
      'Sending a corrected file replaces the earlier return for this period; earlier returns are kept in the history.',
      false,
    ],
  ];
  lines.forEach(([text, bold], index) => {
    const cell = sheet.getCell(index + 1, 1);
    cell.value = text;
    cell.font = bold ? { bold: true, size: index === 0 ? 14 : 12 } : { size: 11 };
    cell.alignment = { wrapText: true, vertical: 'top' };
  });
}

/** "Monday 14 October 2024", as GOV.UK writes dates (ICU versions differ on the comma, so not toLocaleDateString). */
export function longDate(isoDate: string): string {
  const date = new Date(`${isoDate}T12:00:00Z`);
  const part = (options: Intl.DateTimeFormatOptions): string =>
    date.toLocaleDateString('en-GB', { ...options, timeZone: 'UTC' });
  return `${part({ weekday: 'long' })} ${date.getUTCDate()} ${part({ month: 'long' })} ${date.getUTCFullYear()}`;
}
