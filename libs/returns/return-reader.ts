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

const PROGRESS_EVERY_ROWS = 1_000;

/**
 * Streams an upload's rows through the validator: the header row is found by its names on the first
 * sheet that has one (within its first rows), and that sheet's later rows are the return. A csv
 * file's name stands in for the sheet in cell references (`returns.csv!G14`).
 */
export async function validateReturnFile(input: ReadReturnInput, context: ReturnContext): Promise<ReturnValidator> {
  const fileLabel = displayName(input.fileName);
  const rows: AsyncIterable<{ sheet: string; rowNumber: number; cells: readonly XlsxCell[] }> =
    input.kind === 'xlsx'
      ? readXlsxRows(input.content, {
          fileName: input.fileName,
          limits: input.limits,
          sheets: (name) => name !== INSTRUCTIONS_SHEET,
        })
      : mapCsv(readCsvRows(input.content, { fileName: input.fileName, limits: input.limits }), fileLabel);
  let validator: ReturnValidator | null = null;
  let dataSheet: string | null = null;
  const rowsSeen = new Map<string, number>();
  let read = 0;
  for await (const row of rows) {
    read += 1;
    if (input.onProgress && read % PROGRESS_EVERY_ROWS === 0) {
      await input.onProgress({ rowsRead: read, problems: validator?.problemCount ?? 0 });
    }
    if (validator) {
      if (row.sheet === dataSheet) validator.check(row.rowNumber, row.cells);
      continue;
    }
    const seen = (rowsSeen.get(row.sheet) ?? 0) + 1;
    rowsSeen.set(row.sheet, seen);
    if (seen > HEADER_SEARCH_ROWS) continue;
    const columns = matchHeaderRow(row.cells);
    if (columns) {
      dataSheet = row.sheet;
      validator = new ReturnValidator(context, row.sheet, columns);
    }
  }
  if (!validator) {
    const none = new ReturnValidator(context, fileLabel, new Map());
    none.fileProblem(
      fileLabel,
      `no sheet has a header row naming the columns 'Indicator code' and 'Value' within its first ${HEADER_SEARCH_ROWS} rows; start from the returns template`,
    );
    return none;
  }
  validator.finish();
  await input.onProgress?.({ rowsRead: read, problems: validator.problemCount });
  return validator;
}

async function* mapCsv(rows: AsyncIterable<{ rowNumber: number; cells: readonly string[] }>, sheet: string) {
  for await (const row of rows) yield { sheet, rowNumber: row.rowNumber, cells: row.cells };
}
