import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCsvRows, type CsvRow } from './csv-rows.js';
import { SpreadsheetError, SpreadsheetErrorCode } from './spreadsheet.error.js';

const FINGERTIPS = fileURLToPath(
  new URL('../../test/fixtures/real/fingertips_indicators-CountyUA.data.csv', import.meta.url),
);

async function collect(rows: AsyncIterable<CsvRow>): Promise<CsvRow[]> {
  const out: CsvRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

const sut = readCsvRows;

describe(readCsvRows.name, () => {
  it('drops a UTF-8 BOM from the first header', async () => {
    const [header] = await collect(sut(Buffer.from('\ufeffIndicator code,Value\n')));
    expect(header.cells[0]).toBe('Indicator code');
  });

  it('keeps a newline inside a quoted field and numbers records as Excel shows them', async () => {
    const rows = await collect(sut(Buffer.from('code,commentary\r\nCYP01,"line one\nline two"\r\nCYP02,ok\r\n')));
    expect(rows).toEqual([
      { rowNumber: 1, cells: ['code', 'commentary'] },
      { rowNumber: 2, cells: ['CYP01', 'line one\nline two'] },
      { rowNumber: 3, cells: ['CYP02', 'ok'] },
    ]);
  });

  it('reads ragged rows, shorter or longer than the header', async () => {
    const rows = await collect(sut(Buffer.from('a,b,c\n1,2\n1,2,3,4\n')));
    expect(rows.map((r) => r.cells.length)).toEqual([3, 2, 4]);
  });

  it('reads mixed CRLF and LF line endings', async () => {
    const rows = await collect(sut(Buffer.from('a,b\r\n1,2\n3,4\r\n')));
    expect(rows.map((r) => r.cells)).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('skips blank lines but counts them, so later record numbers stay right', async () => {
    const rows = await collect(sut(Buffer.from('a\n\nb\r\n\r\n"c\nd"\ne\n')));
    expect(rows.map((r) => [r.rowNumber, r.cells])).toEqual([
      [1, ['a']],
      [3, ['b']],
      [5, ['c\nd']],
      [6, ['e']],
    ]);
  });

  it('refuses a file of only blank lines as empty, naming it', async () => {
    await expect(collect(sut(Buffer.from('\ufeff\r\n\n\r\n'), { fileName: 'blank.csv' }))).rejects.toThrow(
      "'blank.csv' is empty: it has no rows, only blank lines.",
    );
  });

  it('counts a million blank lines towards the row limit', async () => {
    const text = `a,b\n${'\n'.repeat(1_000_000)}1,2\n`;
    await expect(collect(sut(Buffer.from(text), { fileName: 'tall.csv' }))).rejects.toThrow(
      "'tall.csv' has more than 1,000,000 rows",
    );
  });

  it.each([
    [';', 'semicolons (;)'],
    ['\t', 'tabs'],
  ])('refuses a file separated by %j and names the fix', async (separator, words) => {
    const text =
      ['Indicator code', 'Value', 'Status'].join(separator) + '\nA' + separator + '1' + separator + 'actual\n';
    await expect(collect(sut(Buffer.from(text), { fileName: 'euro.csv' }))).rejects.toThrow(
      `'euro.csv' separates its columns with ${words}, not commas; in Excel choose Save As → CSV UTF-8 (Comma delimited).`,
    );
  });

  it('keeps a stray quote inside an unquoted field as text', async () => {
    const [row] = await collect(sut(Buffer.from('a 5" screen,2\n')));
    expect(row.cells).toEqual(['a 5" screen', '2']);
  });

  it('reads from a stream as well as a buffer', async () => {
    const rows = await collect(sut(Readable.from([Buffer.from('a,b\n'), Buffer.from('1,2\n')])));
    expect(rows).toHaveLength(2);
  });

  it('refuses a quote that is never closed, naming the file', async () => {
    const error = await collect(sut(Buffer.from('a,b\n1,"never closed\n2,3\n'), { fileName: 'r.csv' })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SpreadsheetError);
    expect((error as SpreadsheetError).code).toBe(SpreadsheetErrorCode.Unreadable);
    expect((error as SpreadsheetError).message).toContain("'r.csv' could not be read as CSV");
  });

  it('stops at the first record over the row limit', async () => {
    const text = Array.from({ length: 100 }, (_, i) => `${i}`).join('\n');
    const error = await collect(sut(Buffer.from(text), { limits: { maxRows: 10, maxCells: 1e6 } })).catch(
      (e: unknown) => e,
    );
    expect((error as SpreadsheetError).code).toBe(SpreadsheetErrorCode.TooManyRows);
  });

  it('stops when cells pass the cell limit', async () => {
    const text = Array.from({ length: 10 }, () => 'a,b,c,d,e').join('\n');
    const error = await collect(sut(Buffer.from(text), { limits: { maxRows: 1e6, maxCells: 20 } })).catch(
      (e: unknown) => e,
    );
    expect((error as SpreadsheetError).code).toBe(SpreadsheetErrorCode.TooManyCells);
  });

  it('reads the real Fingertips export: 852 records over 1,705 lines, BOM, quoted newlines, 25 of 26 fields', async () => {
    const rows = await collect(sut(createReadStream(FINGERTIPS)));
    expect(rows).toHaveLength(853);
    expect(rows[0].cells[0]).toBe('Indicator ID');
    expect(rows[0].cells).toHaveLength(26);
    expect(rows[1].cells).toHaveLength(25);
    expect(rows[1].cells[1]).toContain('\n');
  });
});
