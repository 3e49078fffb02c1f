import { describe, expect, it } from 'vitest';
import { checkDataQuality, type DataQualityInput } from './data-quality.js';

const percentage = (overrides: Partial<DataQualityInput> = {}): DataQualityInput => ({
  value: 12.5,
  numerator: 25,
  denominator: 200,
  unit: 'percentage',
  decimalPlaces: 1,
  ...overrides,
});

const codes = (input: DataQualityInput) => checkDataQuality(input).map((finding) => finding.code);

describe(checkDataQuality.name, () => {
  it('finds nothing wrong with a consistent percentage', () => {
    expect(checkDataQuality(percentage())).toEqual([]);
  });

  it('finds nothing to check in a suppressed value without components', () => {
    expect(checkDataQuality({ value: null, unit: 'percentage' })).toEqual([]);
  });

  describe('percentages', () => {
    it('reports a percentage over 100', () => {
      expect(checkDataQuality(percentage({ value: 104.2, numerator: null, denominator: null }))).toEqual([
        {
          code: 'percentage_over_100',
          severity: 'error',
          message: 'The percentage is 104.2, which is over 100: a percentage cannot be more than 100.',
        },
      ]);
    });

    it('accepts exactly 100', () => {
      expect(codes(percentage({ value: 100, numerator: null, denominator: null }))).toEqual([]);
    });

    it('accepts a value that is 100 at the indicator decimal places', () => {
      expect(codes(percentage({ value: 100.04, numerator: null, denominator: null }))).toEqual([]);
    });

    it('reports a negative percentage', () => {
      expect(codes(percentage({ value: -0.5, numerator: null, denominator: null }))).toEqual(['percentage_below_0']);
    });

    it('reports a numerator larger than the denominator', () => {
      const findings = checkDataQuality(percentage({ value: 120, numerator: 120, denominator: 100, decimalPlaces: 0 }));
      expect(findings.map((finding) => finding.code)).toEqual(['percentage_over_100', 'numerator_exceeds_denominator']);
      expect(findings[1].message).toContain('The numerator (120) is larger than the denominator (100)');
    });

    it('accepts a numerator equal to the denominator', () => {
      expect(codes(percentage({ value: 100, numerator: 200, denominator: 200 }))).toEqual([]);
    });
  });

  describe('counts', () => {
    it('reports a negative count', () => {
      expect(checkDataQuality({ value: -3, unit: 'count' })).toEqual([
        { code: 'negative_count', severity: 'error', message: 'The count is -3: a count cannot be negative.' },
      ]);
    });

    it('accepts a count of zero', () => {
      expect(codes({ value: 0, unit: 'count' })).toEqual([]);
    });

    it('reports a negative numerator', () => {
      expect(codes(percentage({ value: null, numerator: -1 }))).toEqual(['negative_count']);
    });

    it('reports a negative denominator', () => {
      expect(checkDataQuality(percentage({ value: null, denominator: -200 }))[0].message).toBe(
        'The denominator is -200: a count cannot be negative.',
      );
    });

    it('reports a zero denominator', () => {
      expect(codes(percentage({ value: null, numerator: 0, denominator: 0 }))).toEqual(['zero_denominator']);
    });
  });

  describe('rates', () => {
    it('reports a negative rate', () => {
      expect(codes({ value: -2, unit: 'rate_per_10000' })).toEqual(['negative_rate']);
    });

    it('accepts a rate whose numerator exceeds its denominator', () => {
      // Rates count events, which can outnumber the population (e.g. repeat attendances).
      expect(
        codes({ value: 12_000, numerator: 12, denominator: 10, unit: 'rate_per_10000', decimalPlaces: 0 }),
      ).toEqual([]);
    });

    it('checks a rate against numerator ÷ denominator × 10,000 (real DfE figures)', () => {
      // dfe_ees_cla_number_and_rate_per_10k_children_2020_2024.csv (shared/data/real), England 2024: 83,630 children
      // looked after at 31 March of 11,998,646 children is 69.70 per 10,000, published as 70.
      expect(
        codes({ value: 70, numerator: 83_630, denominator: 11_998_646, unit: 'rate_per_10000', decimalPlaces: 0 }),
      ).toEqual([]);
    });

    it('reports a published rate that does not match its real DfE components', () => {
      // The same row with 2021's rate (69) instead of 2024's (70).
      expect(
        codes({ value: 69, numerator: 83_630, denominator: 11_998_646, unit: 'rate_per_10000', decimalPlaces: 0 }),
      ).toEqual(['value_disagrees_with_numerator_and_denominator']);
    });
  });

  describe('plausible range', () => {
    const days = (value: number): DataQualityInput => ({ value, unit: 'days', plausibleRange: { min: 1, max: 365 } });

    it('accepts a value on the plausible maximum', () => {
      expect(codes(days(365))).toEqual([]);
    });

    it('warns about a value above the plausible maximum', () => {
      expect(checkDataQuality(days(400))).toEqual([
        {
          code: 'outside_plausible_range',
          severity: 'warning',
          message: 'The value 400 is above 365, the highest plausible value for this indicator; please check it.',
        },
      ]);
    });

    it('warns about a value below the plausible minimum', () => {
      expect(checkDataQuality(days(0))[0].message).toContain('below 1, the lowest plausible value');
    });

    it('checks only the end of the range that is set', () => {
      expect(codes({ value: 1_000_000, unit: 'score', plausibleRange: { min: 0 } })).toEqual([]);
    });
  });

  describe('value against numerator and denominator', () => {
    it('accepts a value rounded half away from zero from its components', () => {
      // 1 ÷ 8 × 100 = 12.5 exactly; at 0 decimal places it is published as 13.
      expect(codes(percentage({ value: 13, numerator: 1, denominator: 8, decimalPlaces: 0 }))).toEqual([]);
    });

    it('accepts the unrounded value', () => {
      expect(codes(percentage({ value: 100 / 3, numerator: 1, denominator: 3 }))).toEqual([]);
    });

    it('reports a value one unit out in the last decimal place', () => {
      expect(checkDataQuality(percentage({ value: 12.6 }))).toEqual([
        {
          code: 'value_disagrees_with_numerator_and_denominator',
          severity: 'error',
          message:
            'The value 12.6 does not match the numerator and denominator: 25 ÷ 200 × 100 = 12.5 at 1 decimal place.',
        },
      ]);
    });

    it('allows exactly half a unit in the last decimal place', () => {
      // 25 ÷ 200 × 100 = 12.5; 12.55 is within 0.05 of it at 1 decimal place.
      expect(codes(percentage({ value: 12.55 }))).toEqual([]);
    });

    it('uses the decimal places the value was given with when none are set', () => {
      // 1 ÷ 3 × 100 = 33.33…: 33.3 matches at the 1 place given, 33.4 does not.
      expect(codes({ value: 33.3, numerator: 1, denominator: 3, unit: 'percentage' })).toEqual([]);
      expect(codes({ value: 33.4, numerator: 1, denominator: 3, unit: 'percentage' })).toEqual([
        'value_disagrees_with_numerator_and_denominator',
      ]);
    });

    it('uses an explicit multiplier for a unit that has none', () => {
      expect(codes({ value: 2.5, numerator: 5, denominator: 2, unit: 'score', multiplier: 1 })).toEqual([]);
    });

    it('does not compare a count with its components', () => {
      expect(codes({ value: 7, numerator: 1, denominator: 3, unit: 'count' })).toEqual([]);
    });
  });

  it('reports a figure that is not a number', () => {
    expect(checkDataQuality({ value: Number.NaN, unit: 'count' })).toEqual([
      { code: 'not_a_number', severity: 'error', message: 'The value is not a number (NaN).' },
    ]);
  });

  it('lists every problem at once', () => {
    expect(
      codes({ value: -5, numerator: -1, denominator: 10, unit: 'percentage', plausibleRange: { min: 0 } }),
    ).toEqual(['percentage_below_0', 'outside_plausible_range', 'negative_count']);
  });
});
