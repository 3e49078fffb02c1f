import { describe, expect, it } from 'vitest';
import { bandWidth, describeBand } from './band.js';

describe(bandWidth.name, () => {
  it('is the amount itself for an absolute band', () => {
    expect(bandWidth({ kind: 'absolute', amount: 2 }, 80)).toBe(2);
  });

  it('is the fraction of the size of the reference for a relative band', () => {
    expect(bandWidth({ kind: 'relative', amount: 0.05 }, -80)).toBe(4);
  });

  it('rejects a negative amount', () => {
    expect(() => bandWidth({ kind: 'relative', amount: -0.1 }, 10)).toThrow(RangeError);
  });
});

describe(describeBand.name, () => {
  it('states a relative band as a percentage of its reference', () => {
    expect(describeBand({ kind: 'relative', amount: 0.1 }, 20, 1)).toBe('2.0 (10% of 20.0)');
  });
});
