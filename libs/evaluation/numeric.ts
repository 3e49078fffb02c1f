/**
 * Rounding and formatting shared by the evaluation rules.
 *
 * Every rule compares numbers after rounding them to the indicator's decimal places, because that is
 * what the board sees: a value published as 80.0 against a target of 80.0 is "on target" even when
 * the stored value is 79.96. When no decimal places are given, values are rounded to
 * {@link DEFAULT_COMPARISON_DECIMAL_PLACES} places, which only absorbs binary floating-point noise
 * (0.1 + 0.2 is compared as 0.3).
 */

export const DEFAULT_COMPARISON_DECIMAL_PLACES = 10;

/**
 * Rounds half away from zero, as Excel's ROUND and Fingertips (`MidpointRounding.AwayFromZero`) do,
 * so figures agree with the spreadsheets users check them against. `toPrecision(15)` first removes
 * the representation error that would make 1.005 round down.
 */
export function roundHalfAwayFromZero(value: number, decimalPlaces: number): number {
  if (!Number.isFinite(value)) return value;
  assertDecimalPlaces(decimalPlaces);
  const factor = 10 ** decimalPlaces;
  const raw = Math.abs(value) * factor;
  // Cutting to 15 significant digits moves `raw` by under raw × 1e-14, which can change the rounding only
  // when `raw` is that close to a half. Elsewhere the string round trip (the hot spot of an exceptions
  // rebuild) is skipped; the result is the same.
  const nearHalf = Math.abs(raw - Math.floor(raw) - 0.5) <= raw * 1e-14;
  const scaled = nearHalf ? Number(raw.toPrecision(15)) : raw;
  const rounded = Math.round(scaled) / factor;
  return value < 0 && rounded !== 0 ? -rounded : rounded;
}

export function roundForComparison(value: number, decimalPlaces: number | undefined): number {
  return roundHalfAwayFromZero(value, decimalPlaces ?? DEFAULT_COMPARISON_DECIMAL_PLACES);
}

/** Formats for reasons shown to people: fixed decimal places when known, otherwise up to 6 significant figures. */
export function formatNumber(value: number, decimalPlaces?: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (decimalPlaces !== undefined) return roundHalfAwayFromZero(value, decimalPlaces).toFixed(decimalPlaces);
  return String(Number(value.toPrecision(6)));
}

export function assertDecimalPlaces(decimalPlaces: number): void {
  if (!Number.isInteger(decimalPlaces) || decimalPlaces < 0 || decimalPlaces > 15) {
    throw new RangeError(`decimal places must be a whole number from 0 to 15, got ${decimalPlaces}`);
  }
}
