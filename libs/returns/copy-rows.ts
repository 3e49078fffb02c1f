import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

type Cell = string | number | null | undefined;

/** Text-format COPY escaping: backslash, tab, newline and carriage return; `\N` is null. */
export function copyCell(value: Cell): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') return String(value);
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c] as string)
    : value;
}

/**
 * Streams text already in COPY's format into a table with COPY … FROM STDIN: about 8× faster than
 * multi-row INSERT (STACK-NOTES: 158k vs 19k rows/s). Runs on the caller's connection, so inside its
 * transaction; an error thrown by `chunks` cancels the COPY (CopyFail) and the transaction is left to
 * roll back.
 */
export async function copyText(
  client: PoolClient,
  table: string,
  columns: readonly string[],
  chunks: AsyncIterable<string> | Iterable<string>,
): Promise<void> {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(chunks, { objectMode: false }), stream);
}
