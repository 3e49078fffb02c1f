import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { inspectUpload } from './inspect-upload.js';
import { SpreadsheetError, SpreadsheetErrorCode } from './spreadsheet.error.js';
import { uploadLimits } from './upload-limits.js';
import { buildZip, workbookZip } from './zip.fixture.js';

async function workbookBuffer(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Returns').addRow(['Indicator code', 'Value']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function refusal(promise: Promise<unknown>): Promise<SpreadsheetError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SpreadsheetError);
  return error as SpreadsheetError;
}

const sut = inspectUpload;

describe(inspectUpload.name, () => {
  it('accepts a workbook written by exceljs as xlsx', async () => {
    expect(await sut(await workbookBuffer(), 'return.xlsx', uploadLimits())).toBe('xlsx');
  });

  it('accepts UTF-8 text with a BOM as csv', async () => {
    expect(await sut(Buffer.from('\ufeffIndicator code,Value\r\nCYP01,12.5\r\n'), 'return.CSV', uploadLimits())).toBe(
      'csv',
    );
  });

  it('refuses a file over the byte limit with its size and the limit', async () => {
    const error = await refusal(
      sut(Buffer.alloc(3 * 1024 * 1024, 65), 'big.csv', uploadLimits({ maxBytes: 2 * 1024 * 1024 })),
    );
    expect(error.code).toBe(SpreadsheetErrorCode.TooLarge);
    expect(error.kind).toBe('too_large');
    expect(error.message).toBe("'big.csv' is 3 MB; the largest file accepted is 2 MB.");
  });

  it('refuses an empty file', async () => {
    expect((await refusal(sut(Buffer.alloc(0), 'return.xlsx'))).code).toBe(SpreadsheetErrorCode.Empty);
  });

  it('refuses a text file renamed .xlsx as not an Excel workbook', async () => {
    const error = await refusal(sut(Buffer.from('Indicator code,Value\nCYP01,12\n'), 'notes.xlsx'));
    expect(error.code).toBe(SpreadsheetErrorCode.NotXlsx);
    expect(error.message).toBe("'notes.xlsx' is not an Excel workbook (.xlsx).");
  });

  it('refuses a zip that is not a workbook', async () => {
    const error = await refusal(sut(buildZip([{ name: 'a.txt', data: Buffer.from('hi') }]), 'a.xlsx'));
    expect(error.code).toBe(SpreadsheetErrorCode.NotXlsx);
    expect(error.message).toContain('is a zip file but not an Excel workbook');
  });

  it('refuses the old .xls format and says what to save as', async () => {
    const error = await refusal(sut(Buffer.from('anything'), 'return.xls'));
    expect(error.code).toBe(SpreadsheetErrorCode.UnsupportedType);
    expect(error.message).toContain('save it as an Excel workbook (.xlsx)');
  });

  it('refuses a password-protected workbook (a compound file named .xlsx)', async () => {
    const cfb = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
    expect((await refusal(sut(cfb, 'return.xlsx'))).message).toContain('password-protected');
  });

  it('refuses a file of another type', async () => {
    expect((await refusal(sut(Buffer.from('%PDF-1.7'), 'return.pdf'))).code).toBe(SpreadsheetErrorCode.UnsupportedType);
  });

  it('refuses a zip bomb (100 MB of zeros deflated into a few hundred KB) without inflating it', async () => {
    const bomb = workbookZip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(100 * 1024 * 1024) }]);
    expect(bomb.length).toBeLessThan(200 * 1024);
    const error = await refusal(sut(bomb, 'bomb.xlsx'));
    expect(error.code).toBe(SpreadsheetErrorCode.ZipBomb);
    expect(error.message).toMatch(
      /^'bomb\.xlsx' would expand from \d+ KB to 100 MB \(part 'xl\/worksheets\/sheet1\.xml'\).*possible zip bomb\.$/,
    );
  });

  it('refuses a workbook whose parts together declare more than the uncompressed limit', async () => {
    const parts = [1, 2, 3].map((n) => ({
      name: `xl/worksheets/sheet${n}.xml`,
      data: Buffer.alloc(10_000, 32),
      store: true,
    }));
    const error = await refusal(sut(workbookZip(parts), 'wide.xlsx', uploadLimits({ maxUncompressedBytes: 25_000 })));
    expect(error.code).toBe(SpreadsheetErrorCode.ZipBomb);
  });

  it('refuses a workbook of 10,000 sheets', async () => {
    const sheets = Array.from({ length: 10_000 }, (_, i) => ({
      name: `xl/worksheets/sheet${i + 1}.xml`,
      data: Buffer.from('<worksheet/>'),
      store: true,
    }));
    const error = await refusal(sut(workbookZip(sheets), 'sheets.xlsx'));
    expect(error.code).toBe(SpreadsheetErrorCode.TooManySheets);
    expect(error.message).toMatch(/^'sheets\.xlsx' has [\d,]+ or more sheets; the limit is 200\.$/);
  });

  it('counts sheets exactly when under the part limit', async () => {
    const sheets = Array.from({ length: 12 }, (_, i) => ({
      name: `xl/worksheets/sheet${i + 1}.xml`,
      data: Buffer.from('<worksheet/>'),
      store: true,
    }));
    const error = await refusal(sut(workbookZip(sheets), 'sheets.xlsx', uploadLimits({ maxSheets: 10 })));
    expect(error.message).toBe("'sheets.xlsx' has 12 sheets; the limit is 10.");
  });

  it('refuses a part hidden outside the central directory', async () => {
    const zip = workbookZip([
      { name: 'xl/sharedStrings.xml', data: Buffer.from('<sst/>'), hidden: true },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<worksheet/>') },
    ]);
    expect((await refusal(sut(zip, 'smuggled.xlsx'))).message).toContain('zip parts do not line up');
  });

  it('refuses csv bytes that are not UTF-8', async () => {
    const error = await refusal(sut(Buffer.from([0x41, 0x2c, 0xe9, 0x0a]), 'latin1.csv'));
    expect(error.code).toBe(SpreadsheetErrorCode.NotText);
    expect(error.message).toContain('Save As → CSV UTF-8');
  });

  it('refuses csv with NUL bytes', async () => {
    expect((await refusal(sut(Buffer.from('a,b\n1,\u0000\n'), 'nul.csv'))).message).toContain('binary data');
  });

  it('refuses UTF-16 text and names the fix', async () => {
    expect((await refusal(sut(Buffer.from('\ufeffa,b', 'utf16le'), 'u16.csv'))).message).toContain('UTF-16');
  });

  it('refuses a workbook renamed .csv', async () => {
    expect((await refusal(sut(await workbookBuffer(), 'return.csv'))).message).toContain(
      'is an Excel workbook, not a CSV file',
    );
  });

  it('repeats back only the base name of a path-like file name', async () => {
    expect((await refusal(sut(Buffer.from('x'), '../../etc/passwd.xlsx'))).message).toContain("'passwd.xlsx'");
  });
});
