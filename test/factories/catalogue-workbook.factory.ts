import ExcelJS from 'exceljs';
import { readXlsxRows, type XlsxRow } from '../../libs/spreadsheets/index.js';

/**
 * The catalogue workbook's layout as SPEC and the brief give it, written out independently of the
 * code that builds and reads it, so a test fails if the two drift apart.
 */
export const CATALOGUE_HEADERS = {
  Priorities: [
    'Plan code',
    'Plan title',
    'Plan start year',
    'Plan end year',
    'Priority code',
    'Priority title',
    'Description',
    'Accountable board member',
    'Order',
  ],
  Groups: ['Code', 'Name', 'Kind', 'Reports to (group code)', 'Returns due (working days)'],
  Areas: ['Code (GSS)', 'Name', 'Kind', 'Parent code', 'Home authority (Y/N)', 'Statistical neighbour (Y/N)'],
  Indicators: [
    'Code',
    'Title',
    'Definition',
    'Unit',
    'Decimal places',
    'Polarity',
    'Frequency',
    'Roll-up',
    'Cumulative YTD (Y/N)',
    'Reported by area (Y/N)',
    'Priority code',
    'Data source',
    'Plausible min',
    'Plausible max',
  ],
  Targets: [
    'Indicator code',
    'Area code (blank = whole authority)',
    'Period',
    'Target value',
    'Range low',
    'Range high',
    'Tolerance kind',
    'Tolerance',
    'Exceptional kind',
    'Exceptional band',
    'Agreed by',
    'Agreed on',
    'Owning group code',
    'Change reason',
  ],
} as const;

export type CatalogueSheetName = keyof typeof CATALOGUE_HEADERS;
export type CellValue = string | number | boolean | Date | null | ExcelJS.CellFormulaValue;
/** A row by its headers; a header left out is a blank cell. */
export type SheetRow = Record<string, CellValue>;
export type CatalogueSheets = Record<CatalogueSheetName, SheetRow[]>;

/**
 * A small, valid catalogue: one plan with two priorities, a group structure where a group reports to
 * one defined further down the sheet, the home authority and a district, three indicators and four
 * targets (one of them in-range, one for a district). Tests change what they need.
 */
export function sampleCatalogueSheets(): CatalogueSheets {
  const plan = {
    'Plan code': 'CYPP-2024-27',
    'Plan title': "Children and Young People's Plan 2024-27",
    'Plan start year': 2024,
    'Plan end year': 2026,
  };
  return {
    Priorities: [
      {
        ...plan,
        'Priority code': 'P1',
        'Priority title': 'Be healthy',
        Description: 'Physical and emotional health',
        'Accountable board member': 'Director of Public Health',
        Order: 1,
      },
      {
        ...plan,
        'Priority code': 'P2',
        'Priority title': 'Stay safe',
        'Accountable board member': "Director of Children's Services",
        Order: 2,
      },
    ],
    Groups: [
      // EXEC reports to HWB, which is further down the sheet.
      {
        Code: 'EXEC',
        Name: "Children's Trust Executive",
        Kind: 'executive',
        'Reports to (group code)': 'HWB',
        'Returns due (working days)': 10,
      },
      {
        Code: 'EWB',
        Name: 'Emotional Wellbeing Group',
        Kind: 'lead_group',
        'Reports to (group code)': 'EXEC',
        'Returns due (working days)': 15,
      },
      { Code: 'HWB', Name: 'Health and Wellbeing Board', Kind: 'hwb' },
    ],
    Areas: [
      {
        'Code (GSS)': 'E10000019',
        Name: 'Lincolnshire',
        Kind: 'local_authority',
        'Parent code': 'E12000004',
        'Home authority (Y/N)': 'Y',
        'Statistical neighbour (Y/N)': 'N',
      },
      {
        'Code (GSS)': 'E07000136',
        Name: 'Boston',
        Kind: 'district',
        'Parent code': 'E10000019',
        'Home authority (Y/N)': 'N',
        'Statistical neighbour (Y/N)': 'N',
      },
    ],
    Indicators: [
      {
        Code: 'CLA-RATE',
        Title: 'Children looked after, rate per 10,000 children under 18',
        Definition: 'Children looked after at 31 March per 10,000 children under 18',
        Unit: 'rate_per_10000',
        'Decimal places': 1,
        Polarity: 'lower_is_better',
        Frequency: 'quarterly',
        'Roll-up': 'latest',
        'Cumulative YTD (Y/N)': 'N',
        'Reported by area (Y/N)': 'Y',
        'Priority code': 'P2',
        'Data source': 'DfE SSDA903',
        'Plausible min': 0,
        'Plausible max': 200,
      },
      {
        Code: 'EHCP-20WK',
        Title: 'EHC plans issued within 20 weeks',
        Unit: 'percentage',
        'Decimal places': 1,
        Polarity: 'higher_is_better',
        Frequency: 'quarterly',
        'Roll-up': 'recompute',
        'Cumulative YTD (Y/N)': 'Y',
        'Priority code': 'P1',
        'Plausible min': 0,
        'Plausible max': 100,
      },
      {
        Code: 'BMI-RECEPTION',
        Title: 'Reception children of healthy weight',
        Unit: 'percentage',
        'Decimal places': 1,
        Polarity: 'no_polarity',
        Frequency: 'annual',
        'Roll-up': 'latest',
        'Priority code': 'P1',
      },
    ],
    Targets: [
      {
        'Indicator code': 'CLA-RATE',
        Period: '2024-25',
        'Target value': 55,
        'Tolerance kind': 'absolute',
        Tolerance: 2,
        'Exceptional kind': 'absolute',
        'Exceptional band': 5,
        'Agreed by': "Children's Trust Executive",
        'Agreed on': new Date(Date.UTC(2024, 2, 14)),
        'Owning group code': 'EXEC',
      },
      {
        'Indicator code': 'CLA-RATE',
        'Area code (blank = whole authority)': 'E07000136',
        Period: '2024-25 Q2',
        'Target value': 60,
        'Tolerance kind': 'relative',
        Tolerance: 0.05,
        'Exceptional kind': 'relative',
        'Exceptional band': 0.1,
        'Owning group code': 'EXEC',
      },
      {
        'Indicator code': 'EHCP-20WK',
        Period: '2024-25',
        'Target value': 75.5,
        'Tolerance kind': 'absolute',
        Tolerance: 5,
        'Exceptional kind': 'absolute',
        'Exceptional band': 10,
        'Agreed on': '2024-04-02',
        'Owning group code': 'EWB',
      },
      {
        'Indicator code': 'BMI-RECEPTION',
        Period: '2024-25',
        'Range low': 76,
        'Range high': 80,
        'Tolerance kind': 'absolute',
        Tolerance: 1,
        'Exceptional kind': 'absolute',
        'Exceptional band': 0,
        'Owning group code': 'EWB',
      },
    ],
  };
}

export interface CatalogueWorkbookOptions {
  /** Sheets to leave out of the workbook. */
  readonly without?: readonly CatalogueSheetName[];
  /** Headings to write instead of the right ones, by sheet. */
  readonly headers?: Partial<Record<CatalogueSheetName, string[]>>;
}

/** An .xlsx as an admin might save it: the five sheets with their headings in row 1. */
export function catalogueWorkbook(sheets: CatalogueSheets, options: CatalogueWorkbookOptions = {}): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Instructions').addRow(['Typed by hand']);
  for (const name of Object.keys(CATALOGUE_HEADERS) as CatalogueSheetName[]) {
    if (options.without?.includes(name)) continue;
    const headers = options.headers?.[name] ?? [...CATALOGUE_HEADERS[name]];
    const sheet = workbook.addWorksheet(name);
    sheet.addRow(headers);
    for (const row of sheets[name]) {
      sheet.addRow(CATALOGUE_HEADERS[name].map((header) => row[header] ?? null));
    }
  }
  return workbook;
}

export async function catalogueWorkbookBuffer(
  sheets: CatalogueSheets = sampleCatalogueSheets(),
  options: CatalogueWorkbookOptions = {},
): Promise<Buffer> {
  return workbookBuffer(catalogueWorkbook(sheets, options));
}

export async function workbookBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Every row of every sheet, read the way an upload is read. */
export async function readRows(buffer: Buffer): Promise<XlsxRow[]> {
  const rows: XlsxRow[] = [];
  for await (const row of readXlsxRows(buffer)) rows.push(row);
  return rows;
}

/** The rows of one sheet of a workbook (e.g. a download) by their headings, for assertions. */
export async function sheetObjects(buffer: Buffer, sheet: string): Promise<Record<string, unknown>[]> {
  const rows = (await readRows(buffer)).filter((row) => row.sheet === sheet);
  const [header, ...body] = rows;
  return body.map((row) =>
    Object.fromEntries(header.cells.map((heading, index) => [String(heading), row.cells[index] ?? null])),
  );
}

/** Opens a workbook (a download, say), lets a test change it as an admin would in Excel, and saves it. */
export async function editWorkbook(buffer: Buffer, change: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  change(workbook);
  return workbookBuffer(workbook);
}

/** The first row below the headings whose cells, by heading, hold the given values. */
export function findRow(workbook: ExcelJS.Workbook, sheetName: string, match: Record<string, unknown>): ExcelJS.Row {
  const sheet = workbook.getWorksheet(sheetName);
  if (!sheet) throw new Error(`no sheet '${sheetName}'`);
  const headings = (sheet.getRow(1).values as unknown[]).map((value) => String(value ?? ''));
  for (let number = 2; number <= sheet.rowCount; number += 1) {
    const row = sheet.getRow(number);
    const matches = Object.entries(match).every(([heading, value]) => {
      const column = headings.indexOf(heading);
      if (column < 1) throw new Error(`no heading '${heading}' on '${sheetName}'`);
      return (row.getCell(column).value ?? null) === value;
    });
    if (matches) return row;
  }
  throw new Error(`no row on '${sheetName}' with ${JSON.stringify(match)}`);
}

/** Sets cells of a row by heading. */
export function setCells(row: ExcelJS.Row, values: Record<string, ExcelJS.CellValue>): void {
  const headings = (row.worksheet.getRow(1).values as unknown[]).map((value) => String(value ?? ''));
  for (const [heading, value] of Object.entries(values)) {
    const column = headings.indexOf(heading);
    if (column < 1) throw new Error(`no heading '${heading}'`);
    row.getCell(column).value = value;
  }
}
