/**
 * Formula-injection ("CSV injection") guard for user-written text we export, after OWASP:
 * text starting with `=`, `+`, `-`, `@`, tab or carriage return is prefixed with a single quote.
 *
 * Why the quote and not only a text-typed cell: exceljs writes strings as text cells, which Excel
 * does not evaluate, but the same text goes into CSV exports, and a user who edits the cell
 * (F2, Enter) turns `=HYPERLINK(…)` into a live formula. A visible leading `'` survives both,
 * and tells the reader the text was neutralised. Numbers are never passed through here.
 */
export function safeCellText(value: string): string;
export function safeCellText(value: string | null | undefined): string | null;
export function safeCellText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
