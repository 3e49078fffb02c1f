import { describe, expect, it } from 'vitest';
import { chiSquaredCdf, chiSquaredQuantile, logGamma, normalQuantile, regularizedGammaP } from './distributions.js';

// Expected values are R's qnorm / qchisq / pchisq (identical to SciPy's norm.ppf, chi2.ppf and chi2.cdf,
// which were used to compute them), to at least 12 significant figures.

describe(normalQuantile.name, () => {
  it('gives 1.959963984540054 for 0.975', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
  });

  it('gives 3.090232306167813 for 0.999 (the 99.8% two-sided z)', () => {
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232306167813, 13);
  });

  it('is 0 at the median', () => {
    expect(normalQuantile(0.5)).toBe(0);
  });

  it('is symmetric in the far tail', () => {
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 11);
  });

  it('rejects a probability above 1', () => {
    expect(() => normalQuantile(1.5)).toThrow(RangeError);
  });
});

describe(chiSquaredQuantile.name, () => {
  it('gives the Fingertips trend threshold 9.54953570608324 for 0.998 with 1 degree of freedom', () => {
    expect(chiSquaredQuantile(0.998, 1)).toBeCloseTo(9.54953570608324, 12);
  });

  it('gives 11.143286781877794 for 0.975 with 4 degrees of freedom', () => {
    expect(chiSquaredQuantile(0.975, 4)).toBeCloseTo(11.143286781877794, 11);
  });

  it('is accurate in the lower tail with many degrees of freedom', () => {
    expect(chiSquaredQuantile(0.001, 2000)).toBeCloseTo(1810.2415818699533, 8);
  });

  it('is 0 with 0 degrees of freedom, as in R', () => {
    expect(chiSquaredQuantile(0.025, 0)).toBe(0);
  });
});

describe(chiSquaredCdf.name, () => {
  it('inverts the quantile', () => {
    expect(chiSquaredCdf(chiSquaredQuantile(0.3, 7), 7)).toBeCloseTo(0.3, 13);
  });

  it('gives 0.95 at 3.841458820694124 with 1 degree of freedom', () => {
    expect(chiSquaredCdf(3.841458820694124, 1)).toBeCloseTo(0.95, 13);
  });
});

describe(regularizedGammaP.name, () => {
  it('equals 1 − e^−x for a = 1', () => {
    expect(regularizedGammaP(1, 2.5)).toBeCloseTo(1 - Math.exp(-2.5), 14);
  });
});

describe(logGamma.name, () => {
  it('gives ln(4!) for 5', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13);
  });
});
