import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readXlsxRows, type XlsxRow } from './xlsx-rows.js';

async function written(sheets: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (let i = 1; i <= sheets; i += 1) {
    const sheet = workbook.addWorksheet(`Sheet number ${i}`);
    sheet.addRow(['heading', 'value']);
    sheet.addRow([`text ${i}`, i]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function readAll(buffer: Buffer): Promise<XlsxRow[]> {
  const rows: XlsxRow[] = [];
  for await (const row of readXlsxRows(buffer)) rows.push(row);
  return rows;
}

// exceljs writes xl/workbook.xml after the sheets; exceljs's streaming reader then parks the sheets in
// temporary files and unzipper ends its stream early, losing later parts (exceljs#3064): "Cannot read
// properties of undefined (reading 'sheets')", or sheets silently missing or unnamed.
describe(`${readXlsxRows.name} on workbooks whose sheets come before xl/workbook.xml`, () => {
  it.each([2, 6, 12])('reads every row of all %i sheets, with their names', async (sheets) => {
    const sut = await readAll(await written(sheets));

    expect(sut.map((row) => `${row.sheet}:${row.rowNumber}:${row.cells.join('|')}`)).toEqual(
      Array.from({ length: sheets }, (_, i) => [
        `Sheet number ${i + 1}:1:heading|value`,
        `Sheet number ${i + 1}:2:text ${i + 1}|${i + 1}`,
      ]).flat(),
    );
  });
});
