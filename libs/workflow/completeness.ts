import { workingDaysBetween, type IsoDate } from '../periods/index.js';

/** Where one group's return for one period stands (issue 14, item 4). */
export type CompletenessState = 'on_time' | 'late' | 'missing' | 'awaiting_sign_off' | 'not_yet_due';

export interface GroupReturnFacts {
  readonly groupId: string;
  readonly groupCode: string;
  readonly groupName: string;
  readonly deadline: IsoDate;
  /** The first accepted return's upload date (England), or null. */
  readonly receivedOn: IsoDate | null;
  readonly signedOff: boolean;
  /** The upload date of a return waiting for sign-off, or null. */
  readonly awaitingSince: IsoDate | null;
}

export interface GroupCompleteness {
  groupId: string;
  groupCode: string;
  groupName: string;
  deadline: IsoDate;
  state: CompletenessState;
  receivedOn: IsoDate | null;
  /** Working days after the deadline it arrived (late), or has been missing by now (missing); else 0. */
  workingDaysLate: number;
  signedOff: boolean;
}

export interface CompletenessSummary {
  expected: number;
  onTime: number;
  late: number;
  missing: number;
  awaitingSignOff: number;
  signedOff: number;
  notYetDue: number;
  /** "9 of 11 groups returned on time; Emotional Wellbeing is 6 working days late." */
  sentence: string;
}

/**
 * A return received (uploaded) by its deadline is on time, after it late, by the working days between; one
 * waiting for sign-off does not count yet, and shows as such; none by the deadline is missing.
 */
export function groupCompleteness(facts: GroupReturnFacts, today: IsoDate): GroupCompleteness {
  const base = {
    groupId: facts.groupId,
    groupCode: facts.groupCode,
    groupName: facts.groupName,
    deadline: facts.deadline,
    receivedOn: facts.receivedOn,
    signedOff: facts.signedOff,
  };
  if (facts.receivedOn !== null) {
    const late = Math.max(0, workingDaysBetween(facts.deadline, facts.receivedOn));
    return { ...base, state: late > 0 ? 'late' : 'on_time', workingDaysLate: late };
  }
  if (facts.awaitingSince !== null) {
    return {
      ...base,
      receivedOn: facts.awaitingSince,
      state: 'awaiting_sign_off',
      workingDaysLate: Math.max(0, workingDaysBetween(facts.deadline, facts.awaitingSince)),
    };
  }
  if (today <= facts.deadline) return { ...base, state: 'not_yet_due', workingDaysLate: 0 };
  return { ...base, state: 'missing', workingDaysLate: workingDaysBetween(facts.deadline, today) };
}

const days = (n: number): string => `${n} working day${n === 1 ? '' : 's'}`;

/** Counts and the sentence for the executive ("9 of 11 groups returned on time; …"). */
export function summariseCompleteness(groups: readonly GroupCompleteness[]): CompletenessSummary {
  const count = (state: CompletenessState) => groups.filter((g) => g.state === state).length;
  const expected = groups.length;
  const onTime = count('on_time');
  const notes = groups.flatMap((g) => {
    const name = g.groupName;
    switch (g.state) {
      case 'late':
        return [`${name} was ${days(g.workingDaysLate)} late`];
      case 'missing':
        return [`${name} is ${days(g.workingDaysLate)} late and has not returned`];
      case 'awaiting_sign_off':
        return [`${name}'s return is awaiting sign-off`];
      default:
        return [];
    }
  });
  const notYetDue = count('not_yet_due');
  const head =
    expected === 0
      ? 'No group owed a return for this period'
      : `${onTime} of ${expected} group${expected === 1 ? '' : 's'} returned on time`;
  const due = notYetDue > 0 ? [`${notYetDue} not due yet`] : [];
  return {
    expected,
    onTime,
    late: count('late'),
    missing: count('missing'),
    awaitingSignOff: count('awaiting_sign_off'),
    signedOff: groups.filter((g) => g.signedOff).length,
    notYetDue,
    sentence: `${[head, ...notes, ...due].join('; ')}.`,
  };
}
