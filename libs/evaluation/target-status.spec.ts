import { describe, expect, it } from 'vitest';
import { evaluateTargetStatus, type TargetStatusInput } from './target-status.js';

const higher = (overrides: Partial<TargetStatusInput> = {}): TargetStatusInput => ({
  value: 80,
  target: 80,
  polarity: 'higher_is_better',
  tolerance: { kind: 'absolute', amount: 2 },
  exceptional: { kind: 'absolute', amount: 5 },
  ...overrides,
});

const lower = (overrides: Partial<TargetStatusInput> = {}): TargetStatusInput =>
  higher({ polarity: 'lower_is_better', target: 20, value: 20, ...overrides });

describe(evaluateTargetStatus.name, () => {
  describe('higher is better', () => {
    it('is green exactly on target', () => {
      const sut = evaluateTargetStatus(higher({ value: 80 }));
      expect(sut).toMatchObject({ rag: 'green', label: 'On target', gap: 0, wellAboveTarget: false });
      expect(sut.reasons[0]).toContain('equals the target of 80');
    });

    it('is green above target with a positive gap', () => {
      expect(evaluateTargetStatus(higher({ value: 81.5 }))).toMatchObject({ rag: 'green', gap: 1.5 });
    });

    it('is amber just below target', () => {
      const sut = evaluateTargetStatus(higher({ value: 79 }));
      expect(sut).toMatchObject({ rag: 'amber', label: 'Near target', gap: -1 });
      expect(sut.reasons[0]).toMatch(/^Amber: 79 is 1 worse than the target of 80 .*amber limit is 78/);
    });

    it('is amber exactly on the tolerance edge', () => {
      const sut = evaluateTargetStatus(higher({ value: 78 }));
      expect(sut.rag).toBe('amber');
      expect(sut.reasons[0]).toContain('exactly on it is amber');
    });

    it('is red just beyond the tolerance edge', () => {
      const sut = evaluateTargetStatus(higher({ value: 77.9 }));
      expect(sut).toMatchObject({ rag: 'red', label: 'Off target' });
      expect(sut.reasons[0]).toContain('beyond the tolerance of 2');
    });

    it('is red for any shortfall when no tolerance is set', () => {
      const sut = evaluateTargetStatus(higher({ value: 79.9, tolerance: null }));
      expect(sut.rag).toBe('red');
      expect(sut.reasons[0]).toContain('no tolerance is set');
    });

    it('is well above target exactly on the exceptional band', () => {
      const sut = evaluateTargetStatus(higher({ value: 85 }));
      expect(sut.wellAboveTarget).toBe(true);
      expect(sut.reasons[1]).toContain('reached exactly');
    });

    it('is not well above target just inside the exceptional band', () => {
      const sut = evaluateTargetStatus(higher({ value: 84.9 }));
      expect(sut.wellAboveTarget).toBe(false);
      expect(sut.reasons[1]).toContain('would need to reach 85');
    });

    it('never flags well above target without an exceptional band', () => {
      const sut = evaluateTargetStatus(higher({ value: 200, exceptional: undefined }));
      expect(sut.wellAboveTarget).toBe(false);
      expect(sut.reasons[1]).toContain('No exceptional band');
    });
  });

  describe('lower is better', () => {
    it('is green exactly on target', () => {
      expect(evaluateTargetStatus(lower({ value: 20 }))).toMatchObject({ rag: 'green', gap: 0 });
    });

    it('is green below target with a positive gap', () => {
      expect(evaluateTargetStatus(lower({ value: 18 }))).toMatchObject({ rag: 'green', gap: 2 });
    });

    it('is amber exactly on the tolerance edge above target', () => {
      expect(evaluateTargetStatus(lower({ value: 22 }))).toMatchObject({ rag: 'amber', gap: -2 });
    });

    it('is red beyond the tolerance above target', () => {
      expect(evaluateTargetStatus(lower({ value: 22.1 })).rag).toBe('red');
    });

    it('is well above target when lower by exactly the exceptional band', () => {
      expect(evaluateTargetStatus(lower({ value: 15 })).wellAboveTarget).toBe(true);
    });

    it('is not well above target when higher than the target', () => {
      expect(evaluateTargetStatus(lower({ value: 25 })).wellAboveTarget).toBe(false);
    });
  });

  describe('relative bands', () => {
    it('puts the amber edge at the target less the fraction of target', () => {
      // 5% of 80 is 4, so the amber limit is 76.
      const input = higher({ tolerance: { kind: 'relative', amount: 0.05 } });
      expect(evaluateTargetStatus({ ...input, value: 76 }).rag).toBe('amber');
      expect(evaluateTargetStatus({ ...input, value: 75.9 }).rag).toBe('red');
    });

    it('says the relative tolerance in plain words', () => {
      const sut = evaluateTargetStatus(higher({ value: 77, tolerance: { kind: 'relative', amount: 0.05 } }), {
        decimalPlaces: 1,
      });
      expect(sut.reasons[0]).toContain('tolerance of 4.0 (5% of 80.0)');
    });

    it('scales the exceptional band with the target for lower-is-better', () => {
      // 10% of 20 is 2, so 18 or lower is well above target.
      const input = lower({ exceptional: { kind: 'relative', amount: 0.1 } });
      expect(evaluateTargetStatus({ ...input, value: 18 }).wellAboveTarget).toBe(true);
      expect(evaluateTargetStatus({ ...input, value: 18.1 }).wellAboveTarget).toBe(false);
    });
  });

  describe('rounding to decimal places', () => {
    it('counts a value that rounds to the target as on target', () => {
      expect(evaluateTargetStatus(higher({ value: 79.96 }), { decimalPlaces: 1 }).rag).toBe('green');
    });

    it('counts a value that rounds below the target as amber', () => {
      expect(evaluateTargetStatus(higher({ value: 79.94 }), { decimalPlaces: 1 }).rag).toBe('amber');
    });

    it('rounds half away from zero at the tolerance edge', () => {
      // 77.95 rounds to 78.0, the amber limit.
      expect(evaluateTargetStatus(higher({ value: 77.95 }), { decimalPlaces: 1 }).rag).toBe('amber');
    });

    it('ignores floating-point noise without decimal places', () => {
      // 0.1 + 0.2 is 0.30000000000000004 in binary floating point.
      const sut = evaluateTargetStatus({ value: 0.1 + 0.2, target: 0.3, polarity: 'lower_is_better' });
      expect(sut).toMatchObject({ rag: 'green', gap: 0 });
    });

    it('keeps the relative tolerance edge exact despite binary fractions', () => {
      // 110% of 0.3 is 0.33000000000000007 unrounded.
      const sut = evaluateTargetStatus(
        { value: 0.33, target: 0.3, polarity: 'lower_is_better', tolerance: { kind: 'relative', amount: 0.1 } },
        { decimalPlaces: 2 },
      );
      expect(sut.rag).toBe('amber');
    });

    it('shows figures in reasons at the indicator decimal places', () => {
      const sut = evaluateTargetStatus(higher({ value: 79 }), { decimalPlaces: 1 });
      expect(sut.reasons[0]).toContain('79.0 is 1.0 worse than the target of 80.0');
    });
  });

  describe('in-range targets', () => {
    const inRange = (value: number | null): TargetStatusInput => ({
      value,
      target: { low: 10, high: 20 },
      polarity: 'no_polarity',
      tolerance: { kind: 'absolute', amount: 1 },
      exceptional: { kind: 'absolute', amount: 1 },
    });

    it('is green on the low end', () => {
      expect(evaluateTargetStatus(inRange(10))).toMatchObject({ rag: 'green', gap: 0 });
    });

    it('is green on the high end', () => {
      expect(evaluateTargetStatus(inRange(20))).toMatchObject({ rag: 'green', gap: 0 });
    });

    it('gives the margin to the nearer end as the gap inside the range', () => {
      expect(evaluateTargetStatus(inRange(12)).gap).toBe(2);
    });

    it('is amber exactly on the tolerance below the range', () => {
      expect(evaluateTargetStatus(inRange(9))).toMatchObject({ rag: 'amber', gap: -1 });
    });

    it('is amber exactly on the tolerance above the range', () => {
      expect(evaluateTargetStatus(inRange(21))).toMatchObject({ rag: 'amber', gap: -1 });
    });

    it('is red beyond the tolerance above the range', () => {
      const sut = evaluateTargetStatus(inRange(21.5));
      expect(sut.rag).toBe('red');
      expect(sut.reasons[0]).toContain('1.5 above the target range 10 to 20');
    });

    it('never flags an in-range target as well above target', () => {
      const sut = evaluateTargetStatus(inRange(15));
      expect(sut.wellAboveTarget).toBe(false);
      expect(sut.reasons.at(-1)).toContain('does not apply to an in-range target');
    });

    it('takes a relative tolerance from the end that was crossed', () => {
      // 10% of the high end (20) is 2, so up to 22 is amber; 10% of the low end would only allow 21.
      const input = { ...inRange(22), tolerance: { kind: 'relative', amount: 0.1 } as const };
      expect(evaluateTargetStatus(input).rag).toBe('amber');
    });

    it('treats a single target for a no-polarity indicator as a range of one value', () => {
      const sut = evaluateTargetStatus({
        value: 51,
        target: 50,
        polarity: 'no_polarity',
        tolerance: { kind: 'absolute', amount: 1 },
      });
      expect(sut.rag).toBe('amber');
      expect(sut.reasons[0]).toContain('above the target of 50');
    });

    it('evaluates a range target in range even for a polar indicator', () => {
      expect(evaluateTargetStatus({ ...inRange(25), polarity: 'higher_is_better' }).rag).toBe('red');
    });
  });

  describe('missing values', () => {
    it('gives no status with a word when the value is missing or suppressed', () => {
      const sut = evaluateTargetStatus(higher({ value: null }));
      expect(sut).toMatchObject({ rag: null, label: 'No data', gap: null, wellAboveTarget: false });
      expect(sut.reasons[0]).toContain('missing or suppressed');
    });
  });

  describe('invalid input', () => {
    it('rejects a range whose low end is above its high end', () => {
      expect(() => evaluateTargetStatus({ value: 1, target: { low: 5, high: 4 }, polarity: 'no_polarity' })).toThrow(
        RangeError,
      );
    });

    it('rejects a negative tolerance', () => {
      expect(() => evaluateTargetStatus(higher({ value: 70, tolerance: { kind: 'absolute', amount: -1 } }))).toThrow(
        RangeError,
      );
    });

    it('rejects a value that is not a number', () => {
      expect(() => evaluateTargetStatus(higher({ value: Number.NaN }))).toThrow(RangeError);
    });
  });
});
