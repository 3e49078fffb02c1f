import { formatNumber } from './numeric.js';

/**
 * A tolerance (amber band), exceptional band or "no change" threshold. `relative` is a fraction of a
 * reference value (the target, or the earlier value): 0.05 means 5%.
 */
export interface Band {
  kind: 'absolute' | 'relative';
  amount: number;
}

/** The band's width in the indicator's units. A relative band scales with the size of the reference. */
export function bandWidth(band: Band, reference: number): number {
  if (!Number.isFinite(band.amount) || band.amount < 0) {
    throw new RangeError(`a ${band.kind} band needs an amount of 0 or more, got ${band.amount}`);
  }
  return band.kind === 'absolute' ? band.amount : band.amount * Math.abs(reference);
}

export function describeBand(band: Band, reference: number, decimalPlaces?: number): string {
  const width = formatNumber(bandWidth(band, reference), decimalPlaces);
  if (band.kind === 'absolute') return width;
  return `${width} (${formatNumber(band.amount * 100)}% of ${formatNumber(reference, decimalPlaces)})`;
}
