import {
  displayName,
  readCsvRows,
  readXlsxRows,
  type UploadKind,
  type UploadLimits,
  type XlsxCell,
} from '../spreadsheets/index.js';
import { HEADER_SEARCH_ROWS, INSTRUCTIONS_SHEET, matchHeaderRow } from './return-columns.js';
import { ReturnValidator, type ReturnContext } from './return-validation.js';
import type { ReturnRow } from './returns-store.js';

export interface ReadProgress {
  readonly rowsRead: number;
  readonly problems: number;
}

export interface ReadReturnInput {
  readonly content: Buffer;
  readonly fileName: string;
  readonly kind: UploadKind;
  readonly limits: UploadLimits;
  readonly onProgress?: (progress: ReadProgress) => Promise<void> | void;
}

/** An upload read row by row: its valid rows in batches as they are read, then what the check found. */
export interface ReturnFileRead extends AsyncIterable<readonly ReturnRow[]> {
  /** Every problem and the count of valid rows; complete once the iteration has ended. */
  readonly validator: ReturnValidator;
}

// A queued 300,000-row return reports progress 30 times; each report is a Redis round trip.
const PROGRESS_EVERY_ROWS = 10_000;
/** Rows handed on at a time: enough to keep a COPY busy, few enough to stay small in memory. */
const BATCH_ROWS = 2_000;

/**
 * Streams an upload's rows through the validator: the header row is found by its names on the first
 * sheet that has one (within its first rows), and that sheet's later rows are the return. A csv
 * file's name stands in for the sheet in cell references (`returns.csv!G14`).
 *
 * Iterating yields the valid rows in batches while no problem has been found, so they can be stored as
 * the file is read; after the first problem it yields nothing more but reads on, to list every problem.
 * Iterate it once.
 */
export function readReturnFile(input: ReadReturnInput, context: ReturnContext): ReturnFileRead {
  const fileLabel = displayName(input.fileName);
  let validator = new ReturnValidator(context, fileLabel, new Map());
  return {
    get validator() {
      return validator;
    },
    async *[Symbol.asyncIterator]() {
      const rows: AsyncIterable<{ sheet: string; rowNumber: number; cells: readonly XlsxCell[] }> =
        input.kind === 'xlsx'
          ? readXlsxRows(input.content, {
              fileName: input.fileName,
              limits: input.limits,
              sheets: (name) => name !== INSTRUCTIONS_SHEET,
            })
          : mapCsv(readCsvRows(input.content, { fileName: input.fileName, limits: input.limits }), fileLabel);
      let found = false;
      let dataSheet: string | null = null;
      const rowsSeen = new Map<string, number>();
      let read = 0;
      for await (const row of rows) {
        read += 1;
        if (input.onProgress && read % PROGRESS_EVERY_ROWS === 0) {
          await input.onProgress({ rowsRead: read, problems: validator.problemCount });
        }
        if (found) {
          if (row.sheet !== dataSheet) continue;
          validator.check(row.rowNumber, row.cells);
          if (validator.rows.length >= BATCH_ROWS) yield validator.takeRows();
          continue;
        }
        const seen = (rowsSeen.get(row.sheet) ?? 0) + 1;
        rowsSeen.set(row.sheet, seen);
        if (seen > HEADER_SEARCH_ROWS) continue;
        const columns = matchHeaderRow(row.cells);
        if (columns) {
          found = true;
          dataSheet = row.sheet;
          validator = new ReturnValidator(context, row.sheet, columns);
        }
      }
      if (!found) {
        validator.fileProblem(
          fileLabel,
          `no sheet has a header row naming the columns 'Indicator code' and 'Value' within its first ${HEADER_SEARCH_ROWS} rows; start from the returns template`,
        );
        return;
      }
      validator.finish();
      await input.onProgress?.({ rowsRead: read, problems: validator.problemCount });
      const last = validator.takeRows();
      if (last.length > 0) yield last;
    },
  };
}

async function* mapCsv(rows: AsyncIterable<{ rowNumber: number; cells: readonly string[] }>, sheet: string) {
  for await (const row of rows) yield { sheet, rowNumber: row.rowNumber, cells: row.cells };
}
