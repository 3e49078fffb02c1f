import { describe, expect, it } from 'vitest';
import { cellRef, columnIndex, columnLetter, rowRef } from './cell-ref.js';

describe(columnLetter.name, () => {
  it.each([
    [1, 'A'],
    [4, 'D'],
    [26, 'Z'],
    [27, 'AA'],
    [52, 'AZ'],
    [703, 'AAA'],
    [16384, 'XFD'],
  ])('column %d is %s', (n, letters) => {
    expect(columnLetter(n)).toBe(letters);
    expect(columnIndex(letters)).toBe(n);
  });

  it('refuses column 0', () => {
    expect(() => columnLetter(0)).toThrow(RangeError);
  });
});

describe(cellRef.name, () => {
  it('writes Sheet!Cell', () => {
    expect(cellRef('Returns', 4, 14)).toBe('Returns!D14');
  });

  it('uses a csv file name as the sheet', () => {
    expect(cellRef('returns.csv', 7, 14)).toBe('returns.csv!G14');
  });

  it('quotes a sheet name with spaces, doubling its quotes', () => {
    expect(cellRef("Dave's sheet", 1, 1)).toBe("'Dave''s sheet'!A1");
  });

  it('writes a whole row', () => {
    expect(rowRef('Returns', 9)).toBe('Returns!9:9');
  });
});
