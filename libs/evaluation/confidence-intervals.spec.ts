import { describe, expect, it } from 'vitest';
import {
  byarsLower,
  byarsRateInterval,
  byarsUpper,
  exactPoissonLower,
  exactPoissonUpper,
  wilsonInterval,
  wilsonLower,
  wilsonUpper,
} from './confidence-intervals.js';

// Inputs below are those of PHEindicatormethods tests/testthat/testWilson.R and testByars.R. Their expected
// values live in testdata_Byars_Wilson.xlsx (binary), so the expectations here were computed independently
// from the R formulas in R/utils.R with SciPy's norm.ppf and chi2.ppf, to 1e-12.

describe(wilsonLower.name, () => {
  it('matches the R formula for 65 of 100 at 95%', () => {
    expect(wilsonLower(65, 100)).toBeCloseTo(0.5525444329688797, 12);
  });

  it('matches the R formula for 1045 of 5000 at 99.8%', () => {
    expect(wilsonLower(1045, 5000, 0.998)).toBeCloseTo(0.19179381799015258, 12);
  });

  it('accepts a fractional numerator as R does (0.445 of 1)', () => {
    expect(wilsonLower(0.445, 1)).toBeCloseTo(0.04381744772058821, 12);
  });

  it('is 0 when nothing is observed', () => {
    expect(wilsonLower(0, 50)).toBe(0);
  });

  it('rejects a numerator above the denominator with the R message', () => {
    expect(() => wilsonLower(101, 100)).toThrow('numerators must be less than or equal to denominator');
  });

  it('rejects a confidence level below 0.9', () => {
    expect(() => wilsonLower(65, 100, 0.7)).toThrow(RangeError);
  });
});

describe(wilsonUpper.name, () => {
  it('matches the R formula for 65 of 100 at 99.8%', () => {
    expect(wilsonUpper(65, 100, 0.998)).toBeCloseTo(0.7783540614089685, 12);
  });

  it('matches the R formula for 0.445 of 1 at 99.8%', () => {
    expect(wilsonUpper(0.445, 1, 0.998)).toBeCloseTo(0.9702259947019535, 12);
  });

  it('is 1 when every case is observed', () => {
    expect(wilsonUpper(50, 50)).toBeCloseTo(1, 15);
  });
});

describe(byarsLower.name, () => {
  it('matches the R formula for 65 events at 95%', () => {
    expect(byarsLower(65)).toBeCloseTo(50.16318771045943, 10);
  });

  it('matches the R formula for 1045 events at 99.8%', () => {
    expect(byarsLower(1045, 0.998)).toBeCloseTo(947.9407035610374, 10);
  });

  it('matches the R formula for 10 events at 99.8%', () => {
    expect(byarsLower(10, 0.998)).toBeCloseTo(2.916318374695686, 12);
  });

  it('gives null where R gives NA for a negative limit (1 event at 99.8%)', () => {
    expect(byarsLower(1, 0.998)).toBeNull();
  });

  it('rejects a negative count with the R message', () => {
    expect(() => byarsLower(-4)).toThrow('observed events must all be greater than or equal to zero');
  });
});

describe(byarsUpper.name, () => {
  it('matches the R formula for 65 events at 99.8%', () => {
    expect(byarsUpper(65, 0.998)).toBeCloseTo(94.000290844318, 10);
  });

  it('matches the R formula for 1045 events at 95%', () => {
    expect(byarsUpper(1045)).toBeCloseTo(1110.33121298565, 10);
  });

  it("matches Fingertips' published limit for 1 event per 39,213 (it used z = 1.96, R uses qnorm)", () => {
    // fingertips_indicators-CountyUA.data.csv (shared/data/real): Barking and Dagenham 2016, 0-9 yrs,
    // Campylobacter rate 2.55017 per 100,000, limits 0.0333311259804836 and 14.1888055732412.
    expect((byarsUpper(1) / 39_213) * 100_000).toBeCloseTo(14.1888, 3);
    expect(((byarsLower(1) as number) / 39_213) * 100_000).toBeCloseTo(0.03333, 4);
  });
});

describe(exactPoissonLower.name, () => {
  it('is 0 for no events, as qchisq(p, 0) is in R', () => {
    expect(exactPoissonLower(0)).toBe(0);
  });

  it('matches qchisq(0.025, 10) / 2 for 5 events', () => {
    expect(exactPoissonLower(5)).toBeCloseTo(1.6234863901184207, 12);
  });

  it('matches the closed form −ln(0.999) for 1 event at 99.8%', () => {
    expect(exactPoissonLower(1, 0.998)).toBeCloseTo(-Math.log(0.999), 14);
  });
});

describe(exactPoissonUpper.name, () => {
  it('matches qchisq(0.975, 2) / 2 = −ln(0.025) for no events', () => {
    expect(exactPoissonUpper(0)).toBeCloseTo(-Math.log(0.025), 12);
  });

  it('matches qchisq(0.975, 12) / 2 for 5 events', () => {
    expect(exactPoissonUpper(5)).toBeCloseTo(11.66833207932267, 12);
  });

  it('matches qchisq(0.999, 20) / 2 for 9 events at 99.8%', () => {
    expect(exactPoissonUpper(9, 0.998)).toBeCloseTo(22.65737330906293, 11);
  });
});

describe(wilsonInterval.name, () => {
  it("reproduces Fingertips' published interval for MMR coverage in Yorkshire and the Humber", () => {
    // dhsc-govuk/FingertipsNext TrendMarkerCalculatorTests: indicator 30309, 2024, 53185 of 59028,
    // value 90.1013%, 95% limits 89.8578 and 90.3396 (published to 4 decimal places).
    const sut = wilsonInterval(53_185, 59_028, 0.95, 100);
    expect(sut.value).toBeCloseTo(90.1013, 4);
    expect(sut.lower).toBeCloseTo(89.8578, 4);
    expect(sut.upper).toBeCloseTo(90.3396, 4);
  });

  it('names the Wilson method and its source', () => {
    const sut = wilsonInterval(65, 100);
    expect(sut).toMatchObject({ method: 'wilson', level: 0.95, value: 0.65 });
    expect(sut.reasons[0]).toBe(
      'Wilson score interval at 95% for 65 of 100: 0.552544 to 0.736358 (PHEindicatormethods phe_proportion).',
    );
  });

  it('gives the 99.8% interval on request', () => {
    const sut = wilsonInterval(65, 100, 0.998, 100);
    expect(sut.lower).toBeCloseTo(49.54946574070448, 10);
    expect(sut.upper).toBeCloseTo(77.83540614089685, 10);
  });

  it('rejects a zero denominator', () => {
    expect(() => wilsonInterval(0, 0)).toThrow('denominators must be greater than zero');
  });
});

describe(byarsRateInterval.name, () => {
  it('uses the exact method for 9 events', () => {
    const sut = byarsRateInterval(9, 1_000, 1_000);
    expect(sut.method).toBe('exact');
    expect(sut.lower).toBeCloseTo(4.115373097378334, 10);
    expect(sut.upper).toBeCloseTo(17.084803451419166, 10);
    expect(sut.reasons[0]).toContain('fewer than 10, so the exact Poisson interval is used');
  });

  it("uses Byar's method from exactly 10 events", () => {
    const sut = byarsRateInterval(10, 1_000, 1_000);
    expect(sut.method).toBe('byars');
    expect(sut.lower).toBeCloseTo(4.787449913967563, 10);
    expect(sut.upper).toBeCloseTo(18.391458605756473, 10);
  });

  it('gives a lower limit of 0 for no events', () => {
    expect(byarsRateInterval(0, 50_000)).toMatchObject({ value: 0, lower: 0, method: 'exact' });
  });

  it("reproduces Fingertips' published interval for preventable sight loss from diabetic eye disease", () => {
    // dhsc-govuk/FingertipsNext TrendMarkerCalculatorTests: indicator 41203, 2024, 1502 per 49,866,388,
    // 95% limits 2.8616 and 3.1683 (its published value, 3.0121, is not exactly 1502 / 49,866,388).
    const sut = byarsRateInterval(1_502, 49_866_388);
    expect(sut.lower).toBeCloseTo(2.8616, 4);
    expect(sut.upper).toBeCloseTo(3.1683, 4);
  });

  it("reproduces Fingertips' published interval for England Campylobacter incidence 2015", () => {
    // fingertips_indicators-CountyUA.data.csv (shared/data/real): 51897 per 54,786,327,
    // value 94.7261896202678, 95% limits 93.9129396546008 and 95.5447303303505.
    const sut = byarsRateInterval(51_897, 54_786_327);
    expect(sut.value).toBeCloseTo(94.7261896202678, 10);
    expect(sut.lower).toBeCloseTo(93.9129396546008, 6);
    expect(sut.upper).toBeCloseTo(95.5447303303505, 6);
  });

  it("departs from an older Fingertips export that used Byar's for 1 event, as PHEindicatormethods uses exact", () => {
    // Fingertips published 0.0333 to 14.1888 (Byar's) for Barking and Dagenham 2016; phe_rate gives exact limits.
    const sut = byarsRateInterval(1, 39_213);
    expect(sut.method).toBe('exact');
    expect(sut.lower).toBeCloseTo(0.06456483305100318, 10);
    expect(sut.upper).toBeCloseTo(14.208663940374107, 10);
  });

  it('says the rate and its multiplier in the reasons', () => {
    expect(byarsRateInterval(10, 1_000, 1_000).reasons[1]).toContain(
      'Rate 10 per 1,000, 95% interval 4.78745 to 18.3915.',
    );
  });

  it('rejects a zero denominator with the R message', () => {
    expect(() => byarsRateInterval(3, 0)).toThrow('denominators must be greater than zero');
  });

  it('rejects a confidence level of 1', () => {
    expect(() => byarsRateInterval(3, 100, 100, 1)).toThrow(RangeError);
  });
});
