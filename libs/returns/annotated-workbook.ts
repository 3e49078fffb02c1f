import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  displayName,
  isErrorCell,
  isFormulaCell,
  readCsvRows,
  readXlsxRows,
  safeCellText,
  type UploadKind,
  type UploadLimits,
  type XlsxCell,
} from '../spreadsheets/index.js';
import type { ReturnProblem } from './return-validation.js';

const PROBLEM_FILL = 'FFFFC7CE';
export const PROBLEMS_SHEET = 'Problems';

/**
 * A copy of an uploaded return with every problem cell filled and carrying a note with the reason,
 * plus a sheet listing the problems. Read and written streaming (as the upload was validated), so
 * the copy costs no more memory than the check did; the copy keeps values, not formatting, and
 * formulas come back as text so the person sees what was refused.
 */
export async function buildAnnotatedWorkbook(
  content: Buffer,
  kind: UploadKind,
  fileName: string,
  problems: readonly ReturnProblem[],
  limits: UploadLimits,
): Promise<Buffer> {
  // sheet|row → column → messages
  const byRow = new Map<string, Map<number, string[]>>();
  for (const problem of problems) {
    if (problem.sheet === undefined || problem.row === undefined || problem.column === undefined) continue;
    const key = `${problem.sheet}|${problem.row}`;
    const columns = byRow.get(key) ?? new Map<number, string[]>();
    columns.set(problem.column, [...(columns.get(problem.column) ?? []), problem.message]);
    byRow.set(key, columns);
  }
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    output.on('end', resolve);
    output.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const label = displayName(fileName);
  const rows =
    kind === 'xlsx'
      ? readXlsxRows(content, { fileName, limits })
      : (async function* () {
          for await (const row of readCsvRows(content, { fileName, limits }))
            yield { sheet: label, rowNumber: row.rowNumber, cells: row.cells as XlsxCell[] };
        })();
  let sheet: ExcelJS.Worksheet | null = null;
  let sheetName: string | null = null;
  for await (const source of rows) {
    if (source.sheet !== sheetName) {
      sheet?.commit();
      sheetName = source.sheet;
      sheet = workbook.addWorksheet(safeSheetName(source.sheet));
    }
    const row = (sheet as ExcelJS.Worksheet).getRow(source.rowNumber);
    source.cells.forEach((value, index) => {
      const cell = row.getCell(index + 1);
      cell.value = exportValue(value);
    });
    for (const [column, messages] of byRow.get(`${source.sheet}|${source.rowNumber}`) ?? []) {
      const cell = row.getCell(column);
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: PROBLEM_FILL } };
      cell.note = messages.join('\n');
    }
    row.commit();
  }
  sheet?.commit();
  const list = workbook.addWorksheet(PROBLEMS_SHEET);
  list.columns = [
    { header: 'Cell', key: 'location', width: 22 },
    { header: 'Problem', key: 'message', width: 110 },
  ];
  list.getRow(1).font = { bold: true };
  list.getRow(1).commit();
  for (const problem of problems)
    list.addRow({ location: problem.location, message: safeCellText(problem.message) }).commit();
  list.commit();
  await workbook.commit();
  await finished;
  return Buffer.concat(chunks);
}

function exportValue(value: XlsxCell): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return safeCellText(value);
  if (isFormulaCell(value)) return safeCellText(`=${value.formula}`);
  if (isErrorCell(value)) return value.error;
  return value;
}

/** Excel's rules: at most 31 characters, none of : \ / ? * [ ]. */
function safeSheetName(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, '_').slice(0, 31) || 'Sheet';
}
