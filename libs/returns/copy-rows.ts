import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

type Cell = string | number | null | undefined;

/** Text-format COPY escaping: backslash, tab, newline and carriage return; `\N` is null. */
export function copyCell(value: Cell): string {
  if (value === null || value === undefined) return '\\N';
  return String(value).replace(
    /[\\\t\n\r]/g,
    (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c] as string,
  );
}

/**
 * Streams rows into a table with COPY … FROM STDIN: about 8× faster than multi-row INSERT
 * (STACK-NOTES: 158k vs 19k rows/s). Runs on the caller's connection, so inside its transaction.
 */
export async function copyRows(
  client: PoolClient,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly Cell[]>,
): Promise<void> {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  const lines = (function* () {
    let batch = '';
    for (const row of rows) {
      batch += row.map(copyCell).join('\t') + '\n';
      if (batch.length > 64 * 1024) {
        yield batch;
        batch = '';
      }
    }
    if (batch) yield batch;
  })();
  await pipeline(Readable.from(lines), stream);
}
