import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../access/index.js';
import {
  displayName,
  isErrorCell,
  isFormulaCell,
  readCsvRows,
  readXlsxRows,
  type XlsxCell,
} from '../spreadsheets/index.js';
import {
  HEADER_SEARCH_ROWS,
  INSTRUCTIONS_SHEET,
  matchHeaderRow,
  READ_COLUMNS,
  RETURN_COLUMNS,
} from './return-columns.js';
import { ReturnsService } from './returns.service.js';

/** A row of an uploaded file as it was read, for the person fixing it. */
export interface RowAsRead {
  readonly sheet: string;
  readonly rowNumber: number;
  /** The columns validation reads, in READ_COLUMNS order; '' where the file had no such column or cell. */
  readonly cells: readonly string[];
}

export interface RowsAsRead {
  readonly headers: readonly string[];
  readonly rows: readonly RowAsRead[];
}

export interface StoredReturn {
  readonly rows: number;
  /** Values stored per status: actual, provisional, estimate, suppressed. */
  readonly byStatus: Readonly<Record<string, number>>;
}

const HEADERS = READ_COLUMNS.map((key) => RETURN_COLUMNS.find((column) => column.key === key)!.header);
// A problem row beyond this many is still listed in the error summary, only not shown in the table.
const MAX_ROWS_SHOWN = 500;

function cellText(cell: XlsxCell | string | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  if (isFormulaCell(cell)) return `=${cell.formula}`;
  if (isErrorCell(cell)) return cell.error;
  return String(cell);
}

/**
 * What a return looks like to the person who sent it: the rows of a rejected file as they were read
 * (so each problem can point at its row) and what an accepted one stored.
 */
@Injectable()
export class ReturnReviewService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly returns: ReturnsService,
  ) {}

  /** The rows of the return's file that these locations (`Sheet!G14`) point at, read again from the kept upload. */
  async rowsAsRead(returnId: string, locations: readonly string[], actor: Actor): Promise<RowsAsRead> {
    const summary = await this.returns.getReturn(returnId, actor);
    this.returns.assertMaySubmit(actor, { id: summary.groupId, code: summary.groupCode });
    const wanted = new Set(
      locations.flatMap((location) => {
        const match = /!([A-Z]+)(\d+)$/.exec(location);
        return match ? [Number(match[2])] : [];
      }),
    );
    if (wanted.size === 0) return { headers: HEADERS, rows: [] };
    const upload = await this.returns.loadUpload(summary.sha256);
    const kind = await this.returns.inspect(upload.content, summary.fileName);
    const source: AsyncIterable<{ sheet: string; rowNumber: number; cells: readonly (XlsxCell | string)[] }> =
      kind === 'xlsx'
        ? readXlsxRows(upload.content, {
            fileName: summary.fileName,
            limits: this.returns.limits,
            sheets: (name) => name !== INSTRUCTIONS_SHEET,
          })
        : withSheet(
            readCsvRows(upload.content, { fileName: summary.fileName, limits: this.returns.limits }),
            displayName(summary.fileName),
          );
    // The same rule as the reader: the first sheet with a header row within its first rows is the return.
    let columns: Map<string, number> | null = null;
    let dataSheet: string | null = null;
    const seen = new Map<string, number>();
    const rows: RowAsRead[] = [];
    for await (const row of source) {
      if (!columns) {
        const count = (seen.get(row.sheet) ?? 0) + 1;
        seen.set(row.sheet, count);
        if (count > HEADER_SEARCH_ROWS) continue;
        columns = matchHeaderRow(row.cells);
        dataSheet = row.sheet;
        continue;
      }
      if (row.sheet !== dataSheet || !wanted.has(row.rowNumber)) continue;
      const found = columns;
      rows.push({
        sheet: row.sheet,
        rowNumber: row.rowNumber,
        cells: READ_COLUMNS.map((key) => {
          const index = found.get(key);
          return index === undefined ? '' : cellText(row.cells[index - 1]);
        }),
      });
      if (rows.length >= MAX_ROWS_SHOWN) break;
    }
    return { headers: HEADERS, rows };
  }

  async stored(returnId: string): Promise<StoredReturn> {
    const counts: { status: string; n: number }[] = await this.dataSource.query(
      `SELECT status, count(*)::int AS n FROM return_value WHERE return_id = $1 GROUP BY status ORDER BY status`,
      [returnId],
    );
    return {
      rows: counts.reduce((sum, c) => sum + c.n, 0),
      byStatus: Object.fromEntries(counts.map((c) => [c.status, c.n])),
    };
  }
}

async function* withSheet(rows: AsyncIterable<{ rowNumber: number; cells: readonly string[] }>, sheet: string) {
  for await (const row of rows) yield { sheet, rowNumber: row.rowNumber, cells: row.cells };
}
