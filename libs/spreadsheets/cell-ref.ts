/** Excel column letters for a 1-based column index: 1 → A, 27 → AA, 16384 → XFD. */
export function columnLetter(columnIndex: number): string {
  if (!Number.isInteger(columnIndex) || columnIndex < 1)
    throw new RangeError(`Column index must be 1 or more, not ${columnIndex}`);
  let n = columnIndex;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** 1-based column index for Excel letters: A → 1, AA → 27. */
export function columnIndex(letters: string): number {
  if (!/^[A-Za-z]{1,3}$/.test(letters)) throw new RangeError(`'${letters}' is not a column`);
  return [...letters.toUpperCase()].reduce((n, c) => n * 26 + (c.charCodeAt(0) - 64), 0);
}

/**
 * Where a problem is, as Excel writes it: `Returns!D14`. A sheet name with spaces or punctuation
 * is quoted (`'My sheet'!A1`), as Excel does in formulas; a csv file name stands in for the sheet.
 */
export function cellRef(sheet: string, columnIndex: number, rowNumber: number): string {
  return `${sheetPrefix(sheet)}${columnLetter(columnIndex)}${rowNumber}`;
}

/** `Returns!14:14` style reference for a problem with a whole row. */
export function rowRef(sheet: string, rowNumber: number): string {
  return `${sheetPrefix(sheet)}${rowNumber}:${rowNumber}`;
}

function sheetPrefix(sheet: string): string {
  return /^[A-Za-z0-9_.]+$/.test(sheet) ? `${sheet}!` : `'${sheet.replace(/'/g, "''")}'!`;
}
