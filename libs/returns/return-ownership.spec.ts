import { describe, expect, it } from 'vitest';
import { academicYear, financialYear, quarter } from '../periods/index.js';
import { ownersForPeriod, referenceTarget, returnState, type OwnedTarget } from './return-ownership.js';

const target = (overrides: Partial<OwnedTarget>): OwnedTarget => ({
  indicatorId: 'i1',
  areaId: null,
  period: financialYear(2024),
  ownerGroupId: 'g1',
  value: 75,
  rangeLow: null,
  rangeHigh: null,
  ...overrides,
});

describe(ownersForPeriod.name, () => {
  it("gives a quarter to the owner of the financial year's target", () => {
    expect(ownersForPeriod([target({})], quarter(2024, 2))).toEqual(new Map([['i1', 'g1']]));
  });

  it("prefers the owner of the quarter's own target to the year's", () => {
    const targets = [target({}), target({ period: quarter(2024, 2), ownerGroupId: 'g2' })];
    expect(ownersForPeriod(targets, quarter(2024, 2)).get('i1')).toBe('g2');
    expect(ownersForPeriod(targets, quarter(2024, 3)).get('i1')).toBe('g1');
  });

  it("prefers the whole authority's target to an area's", () => {
    const targets = [target({ areaId: 'district', ownerGroupId: 'g2' }), target({})];
    expect(ownersForPeriod(targets, quarter(2024, 1)).get('i1')).toBe('g1');
  });

  it('gives no owner for a period no target covers', () => {
    expect(ownersForPeriod([target({})], quarter(2023, 4)).size).toBe(0);
  });

  it('does not read an academic year as inside a financial year', () => {
    expect(ownersForPeriod([target({})], academicYear(2024)).size).toBe(0);
  });
});

describe(referenceTarget.name, () => {
  it("shows the area's target before the whole authority's, and the period's before the year's", () => {
    const year = target({ value: 70 });
    const yearArea = target({ areaId: 'a1', value: 71 });
    const quarterTarget = target({ period: quarter(2024, 2), value: 72 });
    expect(referenceTarget([year, yearArea, quarterTarget], 'i1', 'a1', quarter(2024, 2))?.value).toBe(72);
    expect(referenceTarget([year, yearArea], 'i1', 'a1', quarter(2024, 2))?.value).toBe(71);
    expect(referenceTarget([year, yearArea], 'i1', 'a2', quarter(2024, 2))?.value).toBe(70);
    expect(referenceTarget([year], 'other', 'a1', quarter(2024, 2))).toBeNull();
  });
});

describe(returnState.name, () => {
  it.each([
    ['2024-10-14', '2024-10-20', '2024-10-14', 'received'],
    ['2024-10-14', '2024-10-20', '2024-10-15', 'late'],
    ['2024-10-14', '2024-10-15', null, 'missing'],
    ['2024-10-14', '2024-10-14', null, 'not_yet_due'],
  ] as const)('deadline %s, today %s, received %s → %s', (deadline, today, received, state) => {
    expect(returnState(deadline, today, received)).toBe(state);
  });
});
