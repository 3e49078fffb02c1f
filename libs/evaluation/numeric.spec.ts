import { describe, expect, it } from 'vitest';
import { formatNumber, roundHalfAwayFromZero } from './numeric.js';

describe(roundHalfAwayFromZero.name, () => {
  it('rounds 1.005 up to 1.01 despite its binary representation', () => {
    expect(roundHalfAwayFromZero(1.005, 2)).toBe(1.01);
  });

  it('rounds a negative half away from zero, as Excel ROUND does', () => {
    expect(roundHalfAwayFromZero(-2.5, 0)).toBe(-3);
  });

  it('never returns negative zero', () => {
    expect(Object.is(roundHalfAwayFromZero(-0.0001, 2), 0)).toBe(true);
  });

  it('rejects fractional decimal places', () => {
    expect(() => roundHalfAwayFromZero(1, 1.5)).toThrow(RangeError);
  });
});

describe(formatNumber.name, () => {
  it('shows trailing zeros at fixed decimal places', () => {
    expect(formatNumber(80, 1)).toBe('80.0');
  });

  it('shows six significant figures without decimal places', () => {
    expect(formatNumber(2 / 3)).toBe('0.666667');
  });
});
