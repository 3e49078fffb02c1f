import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { inspectUpload } from './inspect-upload.js';
import { SpreadsheetError, SpreadsheetErrorCode } from './spreadsheet.error.js';
import { readXlsxRows, type XlsxRow } from './xlsx-rows.js';
import { workbookZip } from './zip.fixture.js';

const REAL_SFR41 = fileURLToPath(
  new URL('../../test/fixtures/real/dfe_sfr41_2016_cla_la_tables.xlsx', import.meta.url),
);

async function collect(rows: AsyncIterable<XlsxRow>): Promise<XlsxRow[]> {
  const out: XlsxRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

async function build(fill: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  fill(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function failure(promise: Promise<unknown>): Promise<SpreadsheetError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SpreadsheetError);
  return error as SpreadsheetError;
}

const sut = readXlsxRows;

describe(readXlsxRows.name, () => {
  it('yields each row with its sheet, number and primitive cells from column A', async () => {
    const buffer = await build((workbook) => {
      const sheet = workbook.addWorksheet('Returns');
      sheet.addRow(['Indicator code', 'Value']);
      sheet.getCell('A3').value = 'CYP01';
      sheet.getCell('C3').value = 12.5;
      sheet.getCell('D3').value = true;
    });
    const rows = await collect(sut(buffer));
    expect(rows).toEqual([
      { sheet: 'Returns', rowNumber: 1, cells: ['Indicator code', 'Value'] },
      { sheet: 'Returns', rowNumber: 3, cells: ['CYP01', null, 12.5, true] },
    ]);
  });

  it('marks a formula cell so a validator can refuse it', async () => {
    const buffer = await build((workbook) => {
      const sheet = workbook.addWorksheet('Returns');
      sheet.getCell('D5').value = { formula: 'B5/C5*100', result: 40 };
    });
    const [row] = await collect(sut(buffer));
    expect(row.cells[3]).toEqual({ kind: 'formula', formula: 'B5/C5*100' });
  });

  it('gives back an Excel error value as an error cell', async () => {
    const buffer = await build((workbook) => {
      workbook.addWorksheet('Returns').getCell('A1').value = { error: '#DIV/0!' } as ExcelJS.CellErrorValue;
    });
    const [row] = await collect(sut(buffer));
    expect(row.cells[0]).toEqual({ kind: 'error', error: '#DIV/0!' });
  });

  it('reads a number shown as a percentage as the text typed, not the stored fraction', async () => {
    const buffer = await build((workbook) => {
      const cell = workbook.addWorksheet('Returns').getCell('A1');
      cell.value = 0.125;
      cell.numFmt = '0.0%';
    });
    const [row] = await collect(sut(buffer));
    expect(row.cells[0]).toBe('12.5%');
  });

  it('joins rich text into plain text', async () => {
    const buffer = await build((workbook) => {
      workbook.addWorksheet('Returns').getCell('A1').value = {
        richText: [{ text: 'Rising ' }, { font: { bold: true }, text: 'fast' }],
      };
    });
    const [row] = await collect(sut(buffer));
    expect(row.cells[0]).toBe('Rising fast');
  });

  it('gives back 1e308 as the number stored, for the number parser to refuse', async () => {
    const buffer = await build((workbook) => {
      workbook.addWorksheet('Returns').getCell('A1').value = 1e308;
    });
    const [row] = await collect(sut(buffer));
    expect(row.cells[0]).toBe(1e308);
  });

  it('reads only the sheets asked for', async () => {
    const buffer = await build((workbook) => {
      workbook.addWorksheet('Instructions').addRow(['Read me']);
      workbook.addWorksheet('Returns').addRow(['CYP01']);
    });
    const rows = await collect(sut(buffer, { sheets: (name) => name === 'Returns' }));
    expect(rows.map((r) => r.sheet)).toEqual(['Returns']);
  });

  it('stops at the first row over the row limit', async () => {
    const buffer = await build((workbook) => {
      const sheet = workbook.addWorksheet('Returns');
      for (let i = 0; i < 50; i += 1) sheet.addRow([i]);
    });
    const seen: number[] = [];
    const error = await failure(
      (async () => {
        for await (const row of sut(buffer, {
          fileName: 'long.xlsx',
          limits: { maxRows: 10, maxCells: 1000, maxUncompressedBytes: 1e9 },
        }))
          seen.push(row.rowNumber);
      })(),
    );
    expect(error.code).toBe(SpreadsheetErrorCode.TooManyRows);
    expect(error.message).toBe("'long.xlsx' has more than 10 rows; split it into smaller files.");
    expect(seen).toHaveLength(10);
  });

  it('stops when the filled cells pass the cell limit', async () => {
    const buffer = await build((workbook) => {
      const sheet = workbook.addWorksheet('Returns');
      for (let i = 0; i < 10; i += 1) sheet.addRow(Array.from({ length: 20 }, (_, j) => j));
    });
    const error = await failure(
      collect(sut(buffer, { limits: { maxRows: 1000, maxCells: 50, maxUncompressedBytes: 1e9 } })),
    );
    expect(error.code).toBe(SpreadsheetErrorCode.TooManyCells);
  });

  it('refuses a part that inflates beyond the size the zip declares (a bomb that lies)', async () => {
    const liar = workbookZip([
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(20 * 1024 * 1024, 32), declaredUncompressedSize: 1000 },
    ]);
    await expect(inspectUpload(liar, 'liar.xlsx')).resolves.toBe('xlsx');
    const error = await failure(collect(sut(liar, { fileName: 'liar.xlsx' })));
    expect(error.code).toBe(SpreadsheetErrorCode.ZipBomb);
    expect(error.message).toContain('does not expand to the sizes it declares');
  });

  it('refuses a workbook whose parts declare more than the uncompressed limit, before inflating any', async () => {
    const big = workbookZip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(64 * 1024, 32) }]);
    const error = await failure(
      collect(
        sut(big, { fileName: 'big.xlsx', limits: { maxRows: 10, maxCells: 10, maxUncompressedBytes: 32 * 1024 } }),
      ),
    );
    expect(error.code).toBe(SpreadsheetErrorCode.ZipBomb);
    expect(error.message).toBe(
      "'big.xlsx' would expand to more than 32 KB when opened; it was refused as a possible zip bomb.",
    );
  });

  it('turns a sheet of malformed XML into an Unreadable error naming the file', async () => {
    const broken = workbookZip([
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<worksheet><sheetData></sheetData></wrong>') },
    ]);
    const error = await failure(collect(sut(broken, { fileName: 'broken.xlsx' })));
    expect(error.code).toBe(SpreadsheetErrorCode.Unreadable);
    expect(error.message).toMatch(/^'broken\.xlsx' could not be read as an Excel workbook/);
  });

  it('reads a real DfE workbook saved by Excel (35 sheets, shared strings, merged headers)', async () => {
    const buffer = await readFile(REAL_SFR41);
    expect(await inspectUpload(buffer, 'SFR41.xlsx')).toBe('xlsx');
    const rows = await collect(sut(buffer, { sheets: (name) => name === 'LAA1' }));
    const gateshead = rows.find((row) => row.cells.includes('E08000037'));
    expect(gateshead?.sheet).toBe('LAA1');
    expect(gateshead?.cells).toContain('Gateshead');
  });
});
