import { describe, expect, it } from 'vitest';
import { directionOfTravel, directionsOfTravel } from './direction-of-travel.js';

describe(directionOfTravel.name, () => {
  it('is improving when a higher-is-better value rises', () => {
    const sut = directionOfTravel(72, 70, 'higher_is_better');
    expect(sut).toMatchObject({ direction: 'improving', label: 'Improving', change: 2 });
    expect(sut.reasons[0]).toBe('Improving: up 2 from 70 in the earlier period to 72, and higher is better.');
  });

  it('is worsening when a higher-is-better value falls', () => {
    expect(directionOfTravel(68, 70, 'higher_is_better')).toMatchObject({ direction: 'worsening', change: -2 });
  });

  it('is improving when a lower-is-better value falls', () => {
    expect(directionOfTravel(9, 10, 'lower_is_better').direction).toBe('improving');
  });

  it('is worsening when a lower-is-better value rises', () => {
    const sut = directionOfTravel(11, 10, 'lower_is_better');
    expect(sut).toMatchObject({ direction: 'worsening', label: 'Getting worse' });
  });

  it('says higher, not better, for a no-polarity indicator that rises', () => {
    const sut = directionOfTravel(11, 10, 'no_polarity');
    expect(sut).toMatchObject({ direction: 'higher', label: 'Higher' });
    expect(sut.reasons[0]).toContain('neither is better');
  });

  it('says lower for a no-polarity indicator that falls', () => {
    expect(directionOfTravel(9, 10, 'no_polarity').direction).toBe('lower');
  });

  it('is no change when the values are equal', () => {
    expect(directionOfTravel(10, 10, 'higher_is_better')).toMatchObject({ direction: 'no_change', change: 0 });
  });

  it('is no change when the values are equal at the decimal places', () => {
    const sut = directionOfTravel(10.04, 9.96, 'higher_is_better', { decimalPlaces: 1 });
    expect(sut).toMatchObject({ direction: 'no_change', change: 0 });
    expect(sut.reasons[0]).toContain("equal at the indicator's decimal places");
  });

  it('sees a change of one unit in the last decimal place', () => {
    expect(directionOfTravel(10.1, 10.0, 'higher_is_better', { decimalPlaces: 1 })).toMatchObject({
      direction: 'improving',
      change: 0.1,
    });
  });

  it('is no change exactly on an absolute threshold', () => {
    const sut = directionOfTravel(10.5, 10, 'higher_is_better', {
      decimalPlaces: 1,
      noChangeThreshold: { kind: 'absolute', amount: 0.5 },
    });
    expect(sut.direction).toBe('no_change');
    expect(sut.reasons[0]).toContain('within the no-change threshold of 0.5');
  });

  it('is a change just beyond an absolute threshold', () => {
    const options = { decimalPlaces: 1, noChangeThreshold: { kind: 'absolute', amount: 0.5 } } as const;
    expect(directionOfTravel(10.6, 10, 'higher_is_better', options).direction).toBe('improving');
  });

  it('takes a relative threshold as a fraction of the earlier value', () => {
    // 5% of 200 is 10: 190 is no change, 189 is worse.
    const options = { noChangeThreshold: { kind: 'relative', amount: 0.05 } } as const;
    expect(directionOfTravel(190, 200, 'higher_is_better', options).direction).toBe('no_change');
    expect(directionOfTravel(189, 200, 'higher_is_better', options).direction).toBe('worsening');
  });

  it('is not comparable when the earlier value is missing or suppressed', () => {
    const sut = directionOfTravel(10, null, 'higher_is_better');
    expect(sut).toMatchObject({ direction: 'not_comparable', label: 'Not comparable', change: null });
    expect(sut.reasons[0]).toContain('no value for the earlier period');
  });

  it('is not comparable when the current value is missing', () => {
    expect(directionOfTravel(null, 10, 'lower_is_better').reasons[0]).toContain('no value for this period');
  });

  it('rejects a value that is not a number', () => {
    expect(() => directionOfTravel(Number.NaN, 1, 'higher_is_better')).toThrow(RangeError);
  });
});

describe(directionsOfTravel.name, () => {
  it('compares with the previous period and the same period last year separately', () => {
    const sut = directionsOfTravel({ current: 12, previousPeriod: 14, samePeriodLastYear: 10 }, 'lower_is_better');
    expect(sut.previousPeriod.direction).toBe('improving');
    expect(sut.samePeriodLastYear.direction).toBe('worsening');
    expect(sut.samePeriodLastYear.reasons[0]).toContain('from 10 in the same period last year to 12');
  });

  it('reports a suppressed value last year as not comparable without affecting the previous period', () => {
    const sut = directionsOfTravel({ current: 12, previousPeriod: 12, samePeriodLastYear: null }, 'higher_is_better');
    expect(sut.previousPeriod.direction).toBe('no_change');
    expect(sut.samePeriodLastYear.reasons[0]).toContain('no value for the same period last year');
  });
});
