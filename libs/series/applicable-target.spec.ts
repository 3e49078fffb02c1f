import { describe, expect, it } from 'vitest';
import { financialYear, month, quarter } from '../periods/index.js';
import { TargetBook, type TargetFacts } from './applicable-target.js';
import { periodInfo } from './period-info.js';

const RATE = { rollUp: 'recompute', cumulativeYtd: false } as const;

function target(overrides: Partial<TargetFacts> = {}): TargetFacts {
  return {
    targetId: 't-fy',
    versionId: 'v1',
    version: 1,
    areaId: null,
    period: periodInfo(financialYear(2024)),
    value: 80,
    rangeLow: null,
    rangeHigh: null,
    tolerance: { kind: 'absolute', amount: 2 },
    exceptional: { kind: 'absolute', amount: 5 },
    owningGroupId: 'g1',
    ...overrides,
  };
}

describe(TargetBook.name, () => {
  it("judges a quarter against the quarter's own target when there is one", () => {
    const sut = new TargetBook([
      target(),
      target({ targetId: 't-q2', period: periodInfo(quarter(2024, 2)), value: 75 }),
    ]);

    const applicable = sut.forValue('area-1', periodInfo(quarter(2024, 2)), true, RATE);

    expect(applicable).toMatchObject({ basis: 'own_period', scope: 'authority', comparedWith: 75 });
    expect(applicable?.target.targetId).toBe('t-q2');
  });

  it('judges a quarter without its own target against the financial year containing it', () => {
    const sut = new TargetBook([target(), target({ targetId: 't-q2', period: periodInfo(quarter(2024, 2)) })]);

    const applicable = sut.forValue('area-1', periodInfo(quarter(2024, 3)), true, RATE);

    expect(applicable).toMatchObject({ basis: 'financial_year', comparedWith: 80, profile: null });
    expect(applicable?.target.targetId).toBe('t-fy');
  });

  it("prefers the area's own annual target to the authority's target for the quarter", () => {
    const sut = new TargetBook([
      target({ targetId: 'authority-q1', period: periodInfo(quarter(2024, 1)) }),
      target({ targetId: 'area-fy', areaId: 'area-1', value: 60 }),
    ]);

    const applicable = sut.forValue('area-1', periodInfo(quarter(2024, 1)), true, RATE);

    expect(applicable?.target.targetId).toBe('area-fy');
    expect(applicable?.scope).toBe('area');
  });

  it("does not apply the authority's targets to a comparator area", () => {
    const sut = new TargetBook([target()]);

    expect(sut.forValue('england', periodInfo(quarter(2024, 1)), false, RATE)).toBeNull();
  });

  it('does not apply a target to a value outside its financial year', () => {
    const sut = new TargetBook([target()]);

    expect(sut.forValue('area-1', periodInfo(quarter(2025, 1)), true, RATE)).toBeNull();
  });

  it('profiles an annual total to the year-to-date share for a cumulative summed indicator', () => {
    const sut = new TargetBook([target({ value: 100 })]);

    const applicable = sut.forValue('area-1', periodInfo(quarter(2024, 2)), true, {
      rollUp: 'sum',
      cumulativeYtd: true,
    });

    expect(applicable).toMatchObject({ comparedWith: 50, profile: { annual: 100, fraction: 0.5 } });
  });

  it("profiles an annual total to one period's share for a summed indicator returned per period", () => {
    const sut = new TargetBook([target({ value: 120 })]);

    const applicable = sut.forValue('area-1', periodInfo(month(2024, 5)), true, {
      rollUp: 'sum',
      cumulativeYtd: false,
    });

    expect(applicable?.comparedWith).toBe(10);
  });

  it('finds the annual target for the year-end forecast, not a quarter target', () => {
    const sut = new TargetBook([target({ targetId: 't-q1', period: periodInfo(quarter(2024, 1)) })]);

    expect(sut.forFinancialYear('area-1', '2024-04-01', true)).toBeNull();
  });
});
