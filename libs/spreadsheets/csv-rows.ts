import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { displayName } from './inspect-upload.js';
import { SpreadsheetError, SpreadsheetErrorCode as Code } from './spreadsheet.error.js';
import { DEFAULT_UPLOAD_LIMITS, UploadLimits } from './upload-limits.js';

export interface CsvRow {
  /** The record's number, counting the header as 1: the row Excel shows when it opens the file. */
  readonly rowNumber: number;
  readonly cells: readonly string[];
}

export interface ReadCsvOptions {
  readonly fileName?: string;
  readonly limits?: Pick<UploadLimits, 'maxRows' | 'maxCells'>;
  /** Longest record in characters: bounds memory when a quote is never closed. */
  readonly maxRecordChars?: number;
}

/**
 * Records of a CSV file, streamed through csv-parse: a UTF-8 BOM is dropped, quoted fields may hold
 * newlines, CRLF and LF may be mixed in one file (Fingertips exports are), rows may be shorter or
 * longer than the header, and a stray quote inside an unquoted field is kept as text. Blank lines
 * are skipped but counted, so record numbers stay those Excel shows.
 *
 * A file whose first record is one field holding semicolons or tabs was saved with the wrong
 * separator (continental Excel's "CSV" uses `;`), and is refused saying so.
 */
export async function* readCsvRows(input: Buffer | Readable, options: ReadCsvOptions = {}): AsyncGenerator<CsvRow> {
  const name = displayName(options.fileName ?? 'file.csv');
  const limits = { ...DEFAULT_UPLOAD_LIMITS, ...options.limits };
  const source = Buffer.isBuffer(input) ? Readable.from([input]) : input;
  const csv = parse({
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    // Kept as records (and skipped below), so that record numbers count them.
    skip_empty_lines: false,
    // csv-parse otherwise fixes the delimiter from the first line and keeps later bare LFs in the field.
    record_delimiter: ['\r\n', '\n', '\r'],
    max_record_size: options.maxRecordChars ?? 1024 * 1024,
  });
  acceptRaggedRowsCheaply(csv);
  const parser = source.pipe(csv);
  let rowNumber = 0;
  let cellCount = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      rowNumber += 1;
      if (record.length === 1 && record[0] === '') continue;
      if (cellCount === 0) assertCommaSeparated(record, name);
      if (rowNumber > limits.maxRows) {
        throw new SpreadsheetError(
          Code.TooManyRows,
          `'${name}' has more than ${limits.maxRows.toLocaleString('en-GB')} rows; split it into smaller files.`,
        );
      }
      cellCount += record.length;
      if (cellCount > limits.maxCells) {
        throw new SpreadsheetError(
          Code.TooManyCells,
          `'${name}' has more than ${limits.maxCells.toLocaleString('en-GB')} cells; split it into smaller files.`,
        );
      }
      yield { rowNumber, cells: record };
    }
    if (cellCount === 0)
      throw new SpreadsheetError(Code.Empty, `'${name}' is empty: it has no rows, only blank lines.`);
  } catch (error) {
    if (error instanceof SpreadsheetError) throw error;
    const csvError = error as Error & { lines?: number; code?: string };
    const where = csvError.lines ? ` at line ${csvError.lines}` : '';
    const reason = csvError.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted field is never closed' : csvError.message;
    throw new SpreadsheetError(Code.Unreadable, `'${name}' could not be read as CSV${where}: ${reason}.`);
  } finally {
    parser.destroy();
    source.destroy();
  }
}

/**
 * csv-parse (6.2) checks each record's length against the first record's and, even with
 * `relax_column_count`, builds a CsvError (a stack trace and a JSON copy of its state) for every record
 * of another length before ignoring it: 16 µs a record or more, so a 2 MB file of a million blank
 * lines took 80 s. Ragged rows are normal here (Fingertips rows have 25 of 26 fields); making the
 * expected length always the record's own skips the check. Should a later csv-parse keep its state
 * elsewhere this does nothing, and parsing is only slower.
 */
function acceptRaggedRowsCheaply(parser: object): void {
  const state = (parser as { state?: { record?: unknown[] } }).state;
  if (!state || !('expectedRecordLength' in state)) return;
  Object.defineProperty(state, 'expectedRecordLength', {
    get: () => state.record?.length,
    set: () => undefined,
  });
}

const SEPARATORS: readonly [string, string][] = [
  [';', 'semicolons (;)'],
  ['\t', 'tabs'],
];

function assertCommaSeparated(cells: readonly string[], name: string): void {
  if (cells.length !== 1) return;
  for (const [separator, words] of SEPARATORS) {
    if (cells[0]!.split(separator).length > 2) {
      throw new SpreadsheetError(
        Code.Unreadable,
        `'${name}' separates its columns with ${words}, not commas; in Excel choose Save As → CSV UTF-8 (Comma delimited).`,
      );
    }
  }
}
