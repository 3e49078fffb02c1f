import { isUtf8 } from 'node:buffer';
import yauzl from 'yauzl';
import { SpreadsheetError, SpreadsheetErrorCode as Code } from './spreadsheet.error.js';
import { DEFAULT_UPLOAD_LIMITS, formatBytes, UploadLimits } from './upload-limits.js';

export type UploadKind = 'xlsx' | 'csv';

const ZIP_LOCAL_HEADER = 0x04034b50;
// Compound File Binary: Excel 97–2003 .xls, and also what Excel writes for a password-protected .xlsx.
const CFB_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const WORKSHEET_PART = /^xl\/worksheets\/[^/]+\.xml$/;
/** Zips that are spreadsheets, but not .xlsx: renamed, they would be half read or misread. */
const OTHER_FORMATS: readonly [RegExp, string][] = [
  [
    /^xl\/vbaProject\.bin$/i,
    'contains macros (a macro-enabled workbook, .xlsm, renamed .xlsx); save it as an Excel workbook (.xlsx) without macros.',
  ],
  [
    /^mimetype$|^content\.xml$/,
    'is an OpenDocument spreadsheet (.ods); in LibreOffice or Excel save it as an Excel workbook (.xlsx).',
  ],
  [/^Index\/.*\.iwa$/, 'is an Apple Numbers file; in Numbers choose File → Export To → Excel (.xlsx).'],
];

/**
 * Decides whether an upload may be read at all, and as what, before any of it is parsed.
 *
 * For an .xlsx it reads only the zip's central directory and local headers (yauzl, nothing inflated):
 * declared sizes and ratios catch zip bombs, the sheet count catches 10,000-sheet workbooks, and a
 * contiguity check refuses parts hidden outside the central directory (a streaming unzipper would
 * still inflate them). What a deflate stream really expands to is checked by `readXlsxRows` as it reads.
 *
 * Async because yauzl reads the directory through callbacks.
 */
export async function inspectUpload(
  buffer: Buffer,
  fileName: string,
  limits: UploadLimits = DEFAULT_UPLOAD_LIMITS,
): Promise<UploadKind> {
  const name = displayName(fileName);
  if (buffer.length === 0) throw new SpreadsheetError(Code.Empty, `'${name}' is empty.`);
  if (buffer.length > limits.maxBytes) {
    throw new SpreadsheetError(
      Code.TooLarge,
      `'${name}' is ${formatBytes(buffer.length)}; the largest file accepted is ${formatBytes(limits.maxBytes)}.`,
    );
  }
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  switch (extension) {
    case 'xlsx':
      await inspectXlsx(buffer, name, limits);
      return 'xlsx';
    case 'csv':
      inspectCsv(buffer, name);
      return 'csv';
    case 'xls':
      throw new SpreadsheetError(
        Code.UnsupportedType,
        `'${name}' is in the old Excel 97–2003 format (.xls); save it as an Excel workbook (.xlsx) or as CSV UTF-8.`,
      );
    case 'xlsm':
    case 'xlsb':
      throw new SpreadsheetError(
        Code.UnsupportedType,
        `'${name}' is a macro-enabled or binary workbook; save it as an Excel workbook (.xlsx).`,
      );
    default:
      throw new SpreadsheetError(
        Code.UnsupportedType,
        `'${name}' is not a spreadsheet; upload an Excel workbook (.xlsx) or a CSV file (.csv).`,
      );
  }
}

async function inspectXlsx(buffer: Buffer, name: string, limits: UploadLimits): Promise<void> {
  if (buffer.length >= 8 && buffer.subarray(0, 8).equals(CFB_SIGNATURE)) {
    throw new SpreadsheetError(
      Code.NotXlsx,
      `'${name}' is password-protected or in the old .xls format; remove the password and save it as an Excel workbook (.xlsx).`,
    );
  }
  if (buffer.length < 4 || buffer.readUInt32LE(0) !== ZIP_LOCAL_HEADER) {
    throw new SpreadsheetError(Code.NotXlsx, `'${name}' is not an Excel workbook (.xlsx).`);
  }
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(buffer, {
      lazyEntries: true,
      validateEntrySizes: true,
      strictFileNames: false,
    });
  } catch (error) {
    throw damaged(name, error);
  }
  // Before the first readEntry, yauzl's cursor is where the central directory starts.
  const centralDirectoryOffset = Number(zip.readEntryCursor);
  const entries: yauzl.Entry[] = [];
  let declaredTotal = 0;
  let sheets = 0;
  let hasWorkbook = false;
  let truncated = false;
  let other: string | null = null;
  try {
    for await (const entry of zip.eachEntry()) {
      entries.push(entry);
      if (entries.length > limits.maxZipEntries + limits.maxSheets) {
        truncated = true;
        break;
      }
      if (WORKSHEET_PART.test(entry.fileName)) sheets += 1;
      if (entry.fileName === 'xl/workbook.xml') hasWorkbook = true;
      other ??= OTHER_FORMATS.find(([part]) => part.test(entry.fileName))?.[1] ?? null;
      if (entry.isEncrypted())
        throw new SpreadsheetError(Code.NotXlsx, `'${name}' is encrypted; remove the password and save it again.`);
      if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
        throw new SpreadsheetError(
          Code.NotXlsx,
          `'${name}' uses a compression Excel does not write; save it again from Excel as .xlsx.`,
        );
      }
      declaredTotal += entry.uncompressedSize;
      const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
      if (entry.uncompressedSize > limits.ratioCheckFromBytes && ratio > limits.maxCompressionRatio) {
        throw new SpreadsheetError(
          Code.ZipBomb,
          `'${name}' would expand from ${formatBytes(entry.compressedSize)} to ${formatBytes(entry.uncompressedSize)} (part '${entry.fileName}'), far more than any spreadsheet; it was refused as a possible zip bomb.`,
        );
      }
      if (declaredTotal > limits.maxUncompressedBytes) {
        throw new SpreadsheetError(
          Code.ZipBomb,
          `'${name}' would expand to more than ${formatBytes(limits.maxUncompressedBytes)} when opened; it was refused as a possible zip bomb. Split the data into smaller files.`,
        );
      }
    }
  } catch (error) {
    if (error instanceof SpreadsheetError) throw error;
    throw damaged(name, error);
  } finally {
    zip.close();
  }
  if (sheets > limits.maxSheets) {
    throw new SpreadsheetError(
      Code.TooManySheets,
      `'${name}' has ${sheets.toLocaleString('en-GB')}${truncated ? ' or more' : ''} sheets; the limit is ${limits.maxSheets}.`,
    );
  }
  if (entries.length > limits.maxZipEntries) {
    throw new SpreadsheetError(
      Code.ZipBomb,
      `'${name}' holds more than ${limits.maxZipEntries.toLocaleString('en-GB')} parts, far more than any spreadsheet; it was refused.`,
    );
  }
  if (other) throw new SpreadsheetError(Code.NotXlsx, `'${name}' ${other}`);
  if (!hasWorkbook)
    throw new SpreadsheetError(Code.NotXlsx, `'${name}' is a zip file but not an Excel workbook (.xlsx).`);
  assertContiguous(buffer, entries, centralDirectoryOffset, name);
}

/**
 * Every byte before the central directory must belong to a part the directory lists, and each local
 * header must agree with it: a streaming reader (exceljs uses unzipper) walks the local headers, so
 * a part hidden between them, or a header that lies about its size, would dodge the checks above.
 */
function assertContiguous(
  buffer: Buffer,
  entries: readonly yauzl.Entry[],
  centralDirectoryOffset: number,
  name: string,
): void {
  // A data descriptor (general purpose flag bit 3) follows the data: signature, crc, two sizes (zip64: 8 bytes each).
  const MAX_DESCRIPTOR = 24;
  const sorted = [...entries].sort((a, b) => a.relativeOffsetOfLocalHeader - b.relativeOffsetOfLocalHeader);
  let expected = 0;
  for (const entry of sorted) {
    const offset = entry.relativeOffsetOfLocalHeader;
    if (offset < expected || offset > expected + MAX_DESCRIPTOR || offset + 30 > buffer.length) throw smuggled(name);
    if (buffer.readUInt32LE(offset) !== ZIP_LOCAL_HEADER) throw smuggled(name);
    const flags = buffer.readUInt16LE(offset + 6);
    const localCompressed = buffer.readUInt32LE(offset + 18);
    const localUncompressed = buffer.readUInt32LE(offset + 22);
    const nameLength = buffer.readUInt16LE(offset + 26);
    const extraLength = buffer.readUInt16LE(offset + 28);
    const localName = buffer.subarray(offset + 30, offset + 30 + nameLength);
    if (!localName.equals(entry.fileNameRaw)) throw smuggled(name);
    const sizesInHeader = (flags & 0x08) === 0;
    const zip64 = localCompressed === 0xffffffff || localUncompressed === 0xffffffff;
    if (
      sizesInHeader &&
      !zip64 &&
      (localCompressed !== entry.compressedSize || localUncompressed !== entry.uncompressedSize)
    ) {
      throw smuggled(name);
    }
    expected = offset + 30 + nameLength + extraLength + entry.compressedSize;
  }
  if (centralDirectoryOffset < expected || centralDirectoryOffset > expected + MAX_DESCRIPTOR) throw smuggled(name);
}

function inspectCsv(buffer: Buffer, name: string): void {
  if (buffer.length >= 4 && buffer.readUInt32LE(0) === ZIP_LOCAL_HEADER) {
    throw new SpreadsheetError(
      Code.NotText,
      `'${name}' is an Excel workbook, not a CSV file; name it .xlsx, or in Excel choose Save As → CSV UTF-8.`,
    );
  }
  if (
    buffer.length >= 2 &&
    ((buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff))
  ) {
    throw new SpreadsheetError(
      Code.NotText,
      `'${name}' is saved as UTF-16 ("Unicode text"); in Excel choose Save As → CSV UTF-8 (Comma delimited).`,
    );
  }
  if (buffer.includes(0)) {
    throw new SpreadsheetError(
      Code.NotText,
      looksLikeUtf16(buffer)
        ? `'${name}' is saved as UTF-16 ("Unicode text") without a byte order mark; in Excel choose Save As → CSV UTF-8 (Comma delimited).`
        : `'${name}' contains binary data, not text; upload a CSV file.`,
    );
  }
  if (!isUtf8(buffer)) {
    throw new SpreadsheetError(
      Code.NotText,
      `'${name}' is not UTF-8 text; in Excel choose Save As → CSV UTF-8 (Comma delimited).`,
    );
  }
}

/** Text in UTF-16 has a NUL in every other byte while it is ASCII: look at the first 200 pairs. */
function looksLikeUtf16(buffer: Buffer): boolean {
  const pairs = Math.min(200, Math.floor(buffer.length / 2));
  let even = 0;
  let odd = 0;
  for (let i = 0; i < pairs; i += 1) {
    if (buffer[2 * i] === 0) even += 1;
    if (buffer[2 * i + 1] === 0) odd += 1;
  }
  return pairs > 0 && Math.max(even, odd) >= pairs * 0.9 && Math.min(even, odd) <= pairs * 0.1;
}

function damaged(name: string, error: unknown): SpreadsheetError {
  const reason = error instanceof Error ? error.message : String(error);
  return new SpreadsheetError(Code.NotXlsx, `'${name}' is not an Excel workbook (.xlsx) or is damaged (${reason}).`);
}

function smuggled(name: string): SpreadsheetError {
  return new SpreadsheetError(
    Code.NotXlsx,
    `'${name}' is not a well-formed Excel workbook (its zip parts do not line up); save it again from Excel.`,
  );
}

/** The file name as we repeat it back: no path, no control characters, not too long. */
export function displayName(fileName: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (fileName.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '');
  return base.length > 80 ? `${base.slice(0, 77)}…` : base || 'the file';
}
