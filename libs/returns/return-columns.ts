/**
 * The columns of a return, in the template's order. Uploads find them by header text (any order,
 * any case, extra columns ignored), so a plain sheet or a csv with the same headers works too.
 */
export const RETURN_COLUMNS = [
  { key: 'indicatorCode', header: 'Indicator code', input: false, width: 16 },
  { key: 'indicatorTitle', header: 'Indicator', input: false, width: 48 },
  { key: 'areaCode', header: 'Area code', input: false, width: 13 },
  { key: 'areaName', header: 'Area', input: false, width: 24 },
  { key: 'period', header: 'Period', input: false, width: 13 },
  { key: 'unit', header: 'Unit', input: false, width: 17 },
  { key: 'value', header: 'Value', input: true, width: 12 },
  { key: 'numerator', header: 'Numerator', input: true, width: 12 },
  { key: 'denominator', header: 'Denominator', input: true, width: 13 },
  { key: 'status', header: 'Status', input: true, width: 13 },
  { key: 'commentary', header: 'Commentary', input: true, width: 60 },
  { key: 'previousValue', header: 'Previous value', input: false, width: 15 },
  { key: 'target', header: 'Target (reference)', input: false, width: 18 },
] as const;

export type ReturnColumnKey = (typeof RETURN_COLUMNS)[number]['key'];

/** Columns an upload must have; the others default (area: the home area, period: the return's, status: actual). */
export const REQUIRED_COLUMNS: readonly ReturnColumnKey[] = ['indicatorCode', 'value'];

/** The columns validation reads; the rest are for the person filling the template. */
export const READ_COLUMNS: readonly ReturnColumnKey[] = [
  'indicatorCode',
  'areaCode',
  'period',
  'value',
  'numerator',
  'denominator',
  'status',
  'commentary',
];

export const RETURNS_SHEET = 'Returns';
export const INSTRUCTIONS_SHEET = 'Instructions';

function normaliseHeader(text: string): string {
  return text
    .toLowerCase()
    .replace(/\(.*?\)/g, '')
    .replace(/[^a-z]+/g, ' ')
    .trim();
}

const BY_HEADER = new Map<string, ReturnColumnKey>(
  RETURN_COLUMNS.map((column) => [normaliseHeader(column.header), column.key]),
);

/**
 * The column index (1-based) of each known header in a row, or null when the row is not a header
 * row (it lacks a required column).
 */
export function matchHeaderRow(cells: readonly unknown[]): Map<ReturnColumnKey, number> | null {
  const found = new Map<ReturnColumnKey, number>();
  cells.forEach((cell, index) => {
    if (typeof cell !== 'string') return;
    const key = BY_HEADER.get(normaliseHeader(cell));
    if (key && !found.has(key)) found.set(key, index + 1);
  });
  return REQUIRED_COLUMNS.every((key) => found.has(key)) ? found : null;
}

/** Rows searched for the header before giving up: room for a title and notes above the table. */
export const HEADER_SEARCH_ROWS = 20;
