import { pipeline, Readable, Transform } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { displayName } from './inspect-upload.js';
import { SpreadsheetError, SpreadsheetErrorCode as Code } from './spreadsheet.error.js';
import { DEFAULT_UPLOAD_LIMITS, formatBytes, UploadLimits } from './upload-limits.js';

/** A cell that held a formula: refused by validators ("paste the value"), so its result is not trusted. */
export interface FormulaCell {
  readonly kind: 'formula';
  readonly formula: string;
}

/** A cell showing an Excel error such as `#DIV/0!`. */
export interface ErrorCell {
  readonly kind: 'error';
  readonly error: string;
}

export type XlsxCell = string | number | boolean | Date | null | FormulaCell | ErrorCell;

export interface XlsxRow {
  readonly sheet: string;
  readonly rowNumber: number;
  /** `cells[0]` is column A; missing cells are null. */
  readonly cells: readonly XlsxCell[];
}

export interface ReadXlsxOptions {
  /** Used in messages. */
  readonly fileName?: string;
  readonly limits?: Pick<UploadLimits, 'maxRows' | 'maxCells' | 'maxUncompressedBytes'>;
  /** Read only the sheets this accepts; the others are skipped unread. */
  readonly sheets?: (name: string) => boolean;
}

export function isFormulaCell(cell: XlsxCell): cell is FormulaCell {
  return typeof cell === 'object' && cell !== null && !(cell instanceof Date) && cell.kind === 'formula';
}

export function isErrorCell(cell: XlsxCell): cell is ErrorCell {
  return typeof cell === 'object' && cell !== null && !(cell instanceof Date) && cell.kind === 'error';
}

/**
 * Rows of an .xlsx, streamed: exceljs's WorkbookReader, never `workbook.xlsx.load` (a 300,000-row
 * file takes 145 MB streamed against 1 GB loaded — STACK-NOTES). Counts rows and cells as it goes and
 * stops with an error at the first one over the limit.
 *
 * Styles are read (unlike exceljs's default) so that a number Excel shows as a percentage comes back as
 * the text the person typed, `12.5%`, not the fraction 0.125 it stores, and dates come back as dates.
 *
 * Zip bombs: the parts it reads may declare no more than `maxUncompressedBytes` between them, and each
 * is stopped at the first byte it inflates beyond its declared size (`inspectUpload` trusted those
 * sizes), so no part is inflated twice and a lying one is refused while it is being read.
 */
export async function* readXlsxRows(input: Buffer, options: ReadXlsxOptions = {}): AsyncGenerator<XlsxRow> {
  const name = displayName(options.fileName ?? 'workbook.xlsx');
  const limits = { ...DEFAULT_UPLOAD_LIMITS, ...options.limits };
  const reader = new PartOrderedWorkbookReader(input, name, limits.maxUncompressedBytes, {
    sharedStrings: 'cache',
    worksheets: 'emit',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  });
  let rows = 0;
  let cellCount = 0;
  try {
    for await (const worksheet of reader) {
      const sheet = (worksheet as unknown as { name: string }).name;
      if (options.sheets && !options.sheets(sheet)) continue;
      for await (const row of worksheet as unknown as AsyncIterable<ExcelJS.Row>) {
        rows += 1;
        if (rows > limits.maxRows) {
          throw new SpreadsheetError(
            Code.TooManyRows,
            `'${name}' has more than ${limits.maxRows.toLocaleString('en-GB')} rows; split it into smaller files.`,
          );
        }
        const cells: XlsxCell[] = [];
        row.eachCell({ includeEmpty: false }, (cell, column) => {
          const value = toCell(cell);
          if (value === null) return;
          cellCount += 1;
          while (cells.length < column - 1) cells.push(null);
          cells[column - 1] = value;
        });
        if (cellCount > limits.maxCells) {
          throw new SpreadsheetError(
            Code.TooManyCells,
            `'${name}' has more than ${limits.maxCells.toLocaleString('en-GB')} filled cells; split it into smaller files.`,
          );
        }
        yield { sheet, rowNumber: row.number, cells };
      }
    }
  } catch (error) {
    if (error instanceof SpreadsheetError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new SpreadsheetError(
      Code.Unreadable,
      `'${name}' could not be read as an Excel workbook (${reason}); save it again from Excel as .xlsx.`,
    );
  }
}

function toCell(cell: ExcelJS.Cell): XlsxCell {
  const value = cell.value as unknown;
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    // Excel stores 12.5% as 0.125 with a % format; give back what the person sees and typed.
    if (typeof cell.numFmt === 'string' && cell.numFmt.includes('%'))
      return `${Number((value * 100).toPrecision(12))}%`;
    return value;
  }
  if (typeof value === 'string' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    const object = value as {
      formula?: string;
      sharedFormula?: string;
      error?: string;
      richText?: { text: string }[];
      text?: string;
    };
    if ('formula' in object || 'sharedFormula' in object)
      return { kind: 'formula', formula: object.formula ?? object.sharedFormula ?? '' };
    if ('error' in object) return { kind: 'error', error: String(object.error) };
    if (Array.isArray(object.richText)) return object.richText.map((run) => run.text ?? '').join('');
    if (typeof object.text === 'string') return object.text;
  }
  return String(value);
}

/** The parts of exceljs's WorkbookReader that `PartOrderedWorkbookReader` drives (exceljs 4.4, lib/stream/xlsx/workbook-reader.js). */
interface WorkbookReaderParts {
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Generator<unknown>;
}

const WORKSHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/;
const INFLATE_STEP_BYTES = 256 * 1024;
const PARSE_PIECE_BYTES = 16 * 1024;

/**
 * exceljs's WorkbookReader walks the zip in stored order. exceljs itself stores xl/workbook.xml after
 * the sheets, so the reader parks each sheet in a temporary file, and unzipper (0.10) ends its stream
 * while later parts are still buffered: the workbook part is lost and reading fails, or sheets go
 * missing or unnamed, from about five sheets up (exceljs#3064). A buffer can be read in any order, so
 * this reads the parts through the zip's central directory in the order the reader needs them: the
 * workbook and its relationships, shared strings and styles, then each sheet, still streamed row by row.
 */
class PartOrderedWorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  constructor(
    private readonly buffer: Buffer,
    private readonly fileName: string,
    private readonly maxUncompressedBytes: number,
    options: Partial<ExcelJS.stream.xlsx.WorkbookStreamReaderOptions>,
  ) {
    super(Readable.from([]), options);
  }

  async *parse(): AsyncGenerator<unknown> {
    const self = this as unknown as WorkbookReaderParts;
    let zip: yauzl.ZipFile;
    try {
      zip = await yauzl.fromBufferPromise(this.buffer, { lazyEntries: true, validateEntrySizes: false });
    } catch (error) {
      throw new SpreadsheetError(
        Code.NotXlsx,
        `'${this.fileName}' is not an Excel workbook (.xlsx) (${(error as Error).message}).`,
      );
    }
    try {
      const entries = new Map<string, yauzl.Entry>();
      let declared = 0;
      for await (const entry of zip.eachEntry()) {
        entries.set(entry.fileName, entry);
        declared += entry.uncompressedSize;
        if (declared > this.maxUncompressedBytes) {
          throw new SpreadsheetError(
            Code.ZipBomb,
            `'${this.fileName}' would expand to more than ${formatBytes(this.maxUncompressedBytes)} when opened; it was refused as a possible zip bomb.`,
          );
        }
      }
      const open = async (name: string): Promise<Readable | null> => {
        const entry = entries.get(name);
        if (!entry) return null;
        if (entry.isEncrypted() || (entry.compressionMethod !== 0 && entry.compressionMethod !== 8)) {
          throw new SpreadsheetError(
            Code.NotXlsx,
            `'${this.fileName}' is encrypted or uses a compression Excel does not write; save it again from Excel as .xlsx.`,
          );
        }
        // Inflated here, not by yauzl, to choose the step: each is a round trip to libuv's thread
        // pool, and with both cores busy (this parse, PostgreSQL storing the rows) the parser waited
        // for 16 KB steps about 0.3 s in a 300,000-row return.
        const raw = await zip.openReadStreamPromise(entry, { decodeFileData: false });
        const stages: NodeJS.ReadWriteStream[] =
          entry.compressionMethod === 8 ? [createInflateRaw({ chunkSize: INFLATE_STEP_BYTES })] : [];
        // Errors of any stage reach the guard, which is what the reader consumes.
        return pipeline([raw, ...stages, declaredSizeGuard(entry, this.fileName)], () => undefined) as Transform;
      };
      const rels = await open('xl/_rels/workbook.xml.rels');
      if (rels) await self._parseRels(rels);
      const workbook = await open('xl/workbook.xml');
      if (workbook) await self._parseWorkbook(workbook);
      const sharedStrings = await open('xl/sharedStrings.xml');
      if (sharedStrings) yield* self._parseSharedStrings(sharedStrings);
      const styles = await open('xl/styles.xml');
      if (styles) await self._parseStyles(styles);
      const sheets = [...entries.keys()]
        .map((name) => WORKSHEET.exec(name))
        .filter((match): match is RegExpExecArray => match !== null)
        .sort((a, b) => Number(a[1]) - Number(b[1]));
      for (const [name, sheetNo] of sheets) {
        const part = (await open(name))!;
        try {
          yield* self._parseWorksheet(part, sheetNo);
        } finally {
          part.destroy();
        }
      }
    } finally {
      zip.close();
    }
  }
}

/**
 * Passes a part's inflated bytes on in pieces of at most PARSE_PIECE_BYTES (exceljs holds the events
 * of a whole piece until the rows in it are consumed: small pieces die young), and fails at the first
 * byte beyond the size the zip declares for the part.
 */
function declaredSizeGuard(entry: yauzl.Entry, fileName: string): Transform {
  let inflated = 0;
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, done) {
      inflated += chunk.length;
      if (inflated > entry.uncompressedSize) {
        done(
          new SpreadsheetError(
            Code.ZipBomb,
            `'${fileName}' does not expand to the sizes it declares (part '${entry.fileName}' inflates beyond ${formatBytes(entry.uncompressedSize)}); it was refused as a possible zip bomb.`,
          ),
        );
        return;
      }
      for (let at = 0; at < chunk.length; at += PARSE_PIECE_BYTES)
        this.push(chunk.subarray(at, at + PARSE_PIECE_BYTES));
      done();
    },
  });
}
