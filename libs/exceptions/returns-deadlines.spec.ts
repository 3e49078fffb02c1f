import { describe, expect, it } from 'vitest';
import { financialYear, half, quarter } from '../periods/index.js';
import { periodInfo, type OwnedTarget } from '../series/index.js';
import {
  evaluateReturns,
  expectedReturns,
  receivedKey,
  returnPeriodsFor,
  returnResolutionNote,
} from './returns-deadlines.js';

const OWNED: OwnedTarget = {
  groupId: 'g1',
  groupName: 'Five to 13',
  returnsDueWorkingDays: 10,
  indicatorCode: 'CYP01',
  frequency: 'quarterly',
  targetPeriod: financialYear(2024),
};

describe(returnPeriodsFor.name, () => {
  it('expects a quarterly indicator each quarter of a financial-year target', () => {
    expect(returnPeriodsFor('quarterly', financialYear(2024))).toEqual([1, 2, 3, 4].map((n) => quarter(2024, n)));
  });

  it('expects a quarterly indicator each quarter of a half-year target', () => {
    expect(returnPeriodsFor('quarterly', half(2024, 2))).toEqual([quarter(2024, 3), quarter(2024, 4)]);
  });

  it('expects an annual indicator once, for the financial year', () => {
    expect(returnPeriodsFor('annual', financialYear(2024))).toEqual([financialYear(2024)]);
  });
});

describe(evaluateReturns.name, () => {
  // Q1 2024-25 ends on 30 June 2024 (a Sunday); 10 working days later is Friday 12 July.
  const expectations = expectedReturns([OWNED, { ...OWNED, indicatorCode: 'CYP02' }]);
  const q1 = periodInfo(quarter(2024, 1));

  it('works out the deadline from the group’s working days and lists the indicators owed', () => {
    expect(expectations.find((e) => e.period.key === q1.key)).toMatchObject({
      dueOn: '2024-07-12',
      indicatorCodes: ['CYP01', 'CYP02'],
    });
  });

  it('raises a missing return once the deadline has passed without one', () => {
    const raised = evaluateReturns(expectations, new Map(), '2024-07-13');

    expect(raised.map((e) => `${e.kind} ${e.period.label}`)).toEqual(['missing_return 2024-25 Q1']);
    expect(raised[0]).toMatchObject({
      owningGroupId: 'g1',
      indicatorId: null,
      positive: false,
      key: 'missing_return|group:g1|2024-25-Q1',
    });
  });

  it('raises nothing on the deadline day itself', () => {
    expect(evaluateReturns(expectations, new Map(), '2024-07-12')).toEqual([]);
  });

  it('raises a late return for one first received after the deadline', () => {
    const received = new Map([[receivedKey('g1', q1.key), { returnId: 'r1', receivedOn: '2024-07-16' }]]);

    const raised = evaluateReturns(expectations, received, '2024-08-01');

    expect(raised.map((e) => e.kind)).toEqual(['late_return']);
    expect(raised[0]!.reasons.figures).toMatchObject({ receivedOn: '2024-07-16', workingDaysLate: 2 });
    expect(raised[0]!.returnId).toBe('r1');
  });

  it('says when a missing return arrived', () => {
    const expected = expectations.find((e) => e.period.key === q1.key);

    expect(returnResolutionNote('missing_return', expected, { returnId: 'r1', receivedOn: '2024-07-16' })).toBe(
      'return received on 2024-07-16 (late)',
    );
  });
});
