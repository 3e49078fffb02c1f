import { describe, expect, it } from 'vitest';
import { formatUkDate, formatUkDateTime, formatUkNumber } from './web-format.js';

describe(formatUkDate.name, () => {
  it('writes a calendar day as people in England do, whatever the time zone', () => {
    expect(formatUkDate('2026-12-05')).toBe('5 December 2026');
    expect(formatUkDate('')).toBe('');
  });
});

describe(formatUkDateTime.name, () => {
  it('writes an instant in UK time with a 12-hour clock', () => {
    expect(formatUkDateTime('2026-07-01T13:05:00Z')).toBe('1 July 2026 at 2:05pm');
  });
});

describe(formatUkNumber.name, () => {
  it('groups thousands and keeps the decimals asked for', () => {
    expect(formatUkNumber(1250.5)).toBe('1,250.5');
    expect(formatUkNumber(12.5, 1)).toBe('12.5');
    expect(formatUkNumber(null)).toBe('');
  });
});
