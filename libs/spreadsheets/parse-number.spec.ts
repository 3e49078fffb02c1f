import { describe, expect, it } from 'vitest';
import { parseNumber, parseSuppression } from './parse-number.js';

describe(parseNumber.name, () => {
  const sut = parseNumber;

  it.each([
    ['12.5', 12.5],
    ['1,234', 1234],
    ['1,234,567.25', 1234567.25],
    ['-3', -3],
    ['0', 0],
    ['-0', 0],
    [' 42 ', 42],
    ['\u00a07\u00a0', 7],
    ['1.5E-3', 0.0015],
    [12.5, 12.5],
  ])('reads %j as %d', (input, expected) => {
    expect(sut(input)).toEqual({ ok: true, value: expected });
  });

  it.each([[''], ['   '], [null], [undefined]])('reads %j as no value', (input) => {
    expect(sut(input)).toEqual({ ok: true, value: null });
  });

  it.each([
    ['12,5', "'12,5' is not a number; use 12.5"],
    ['12,5%', "'12,5%' is not a number; use 12.5"],
    ['1.234,5', "'1.234,5' is not a number; use 1234.5"],
    ['1,2345', "'1,2345' is not a number; use 1.2345"],
    ['12,34,567', "'12,34,567' is not a number"],
    ['abc', "'abc' is not a number"],
    ['12 apples', "'12 apples' is not a number"],
    ['£5', "'£5' is not a number"],
    ['0x1F', "'0x1F' is not a number"],
    ['Infinity', "'Infinity' is not a number"],
    ['NaN', "'NaN' is not a number"],
  ])('refuses %j: %s', (input, message) => {
    expect(sut(input)).toEqual({ ok: false, message });
  });

  it('refuses 1e308 as too large', () => {
    expect(sut('1e308')).toEqual({ ok: false, message: "'1e308' is too large (the limit is 1,000,000,000,000)" });
  });

  it('refuses the number 1e308 from a spreadsheet cell as too large', () => {
    expect(sut(1e308)).toMatchObject({ ok: false, message: expect.stringContaining('too large') });
  });

  it('refuses an overflow to infinity', () => {
    expect(sut('1e999')).toMatchObject({ ok: false });
    expect(sut(Number.POSITIVE_INFINITY)).toEqual({ ok: false, message: "'Infinity' is not a finite number" });
  });

  it('takes a % sign only where the caller allows it, as percentage points', () => {
    expect(sut('12.5%', { allowPercentSign: true })).toEqual({ ok: true, value: 12.5 });
    expect(sut('12.5%')).toEqual({
      ok: false,
      message: "'12.5%' has a % sign but this value is not a percentage; leave out the %",
    });
  });

  it('shortens very long input in its message', () => {
    const result = sut('x'.repeat(500));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message.length).toBeLessThan(70);
  });
});

describe(parseSuppression.name, () => {
  const sut = parseSuppression;

  it.each(['c', 'x', '*', '..', '-', 'z', 'k', ':', '.', '~'])('recognises %j', (marker) => {
    expect(sut(marker)?.marker).toBe(marker);
  });

  it('recognises upper case and surrounding spaces, storing lower case', () => {
    expect(sut(' C ')).toEqual({ marker: 'c', meaning: 'confidential: suppressed to protect individuals' });
  });

  it('recognises small-number thresholds such as <5 and < 10', () => {
    expect(sut('<5')?.marker).toBe('<5');
    expect(sut('< 10')?.marker).toBe('<10');
  });

  it.each(['', '0', '5', 'u', 'n/a', 'cc', '-3', 'xx'])('does not take %j for a marker', (text) => {
    expect(sut(text)).toBeNull();
  });

  it('does not take a number cell for a marker', () => {
    expect(sut(0)).toBeNull();
  });
});
