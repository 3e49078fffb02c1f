import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type CopyCell = string | number | boolean | null | undefined;

/** Text-format COPY escaping: backslash, tab, newline and carriage return; `\N` is null. */
export function copyCell(value: CopyCell): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value !== 'string') return String(value);
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
  client: ClientBase,
  table: string,
  columns: readonly string[],
  chunks: AsyncIterable<string | Buffer> | Iterable<string | Buffer>,
): Promise<void> {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(chunks, { objectMode: false }), stream);
}

/** Rows of cells into a table by COPY, escaped with {@link copyCell} and sent in 256 kB chunks. */
export async function copyInto(
  client: ClientBase,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly CopyCell[]>,
): Promise<void> {
  await copyText(
    client,
    table,
    columns,
    inPieces(
      (function* () {
        for (const row of rows) {
          let line = '';
          for (let i = 0; i < row.length; i++) line += (i === 0 ? '' : '\t') + copyCell(row[i]);
          yield line + '\n';
        }
      })(),
    ),
  );
}

/** Lines joined into pieces of about `chars` characters: few enough writes for COPY, small enough to stream. */
export function* inPieces(lines: Iterable<string>, chars = 256 * 1024): Generator<string> {
  let piece = '';
  for (const line of lines) {
    piece += line;
    if (piece.length > chars) {
      yield piece;
      piece = '';
    }
  }
  if (piece) yield piece;
}
