import { describe, expect, it } from 'vitest';
import { groupCompleteness, summariseCompleteness, type GroupReturnFacts } from './completeness.js';

const facts = (overrides: Partial<GroupReturnFacts>): GroupReturnFacts => ({
  groupId: 'g',
  groupCode: 'EWB',
  groupName: 'Emotional Wellbeing',
  deadline: '2025-01-15',
  receivedOn: null,
  signedOff: false,
  awaitingSince: null,
  ...overrides,
});

describe(groupCompleteness.name, () => {
  it.each([
    [{ receivedOn: '2025-01-15' }, 'on_time', 0],
    [{ receivedOn: '2025-01-23' }, 'late', 6],
    [{ awaitingSince: '2025-01-14' }, 'awaiting_sign_off', 0],
    [{}, 'missing', 6],
  ] as const)('%o on Thu 23 Jan 2025 is %s, %i working days late', (override, state, late) => {
    const sut = groupCompleteness(facts(override), '2025-01-23');
    expect(sut).toMatchObject({ state, workingDaysLate: late });
  });

  it('is not due yet on the deadline day', () => {
    expect(groupCompleteness(facts({}), '2025-01-15').state).toBe('not_yet_due');
  });
});

describe(summariseCompleteness.name, () => {
  it('says how many returned on time and who is late, as the executive reads it', () => {
    const groups = [
      ...Array.from({ length: 9 }, (_, i) =>
        groupCompleteness(facts({ groupName: `Group ${i}`, receivedOn: '2025-01-10' }), '2025-01-23'),
      ),
      groupCompleteness(facts({ groupName: 'Corporate Parenting', receivedOn: '2025-01-17' }), '2025-01-23'),
      groupCompleteness(facts({}), '2025-01-23'),
    ];
    const sut = summariseCompleteness(groups);
    expect(sut).toMatchObject({ expected: 11, onTime: 9, late: 1, missing: 1 });
    expect(sut.sentence).toBe(
      '9 of 11 groups returned on time; Corporate Parenting was 2 working days late; Emotional Wellbeing is 6 working days late and has not returned.',
    );
  });
});
