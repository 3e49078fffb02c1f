import {
  contains,
  periodsInFinancialYear,
  returnsDeadline,
  workingDaysBetween,
  type IsoDate,
  type Period,
} from '../periods/index.js';
import { periodInfo, subjectKey, type OwnedTarget, type PeriodInfo, type RaisedException } from '../series/index.js';

/** One return a group owes: for a period, by a deadline. */
export interface ReturnExpectation {
  readonly groupId: string;
  readonly groupName: string;
  readonly period: PeriodInfo;
  readonly dueOn: IsoDate;
  readonly workingDays: number;
  readonly indicatorCodes: readonly string[];
}

/** The first accepted return a group sent for a period (a later one superseding it does not make it late). */
export interface ReceivedReturn {
  readonly returnId: string;
  readonly receivedOn: IsoDate;
}

/**
 * The periods an indicator is returned for within a target's period: quarterly indicators each quarter of a
 * financial year or half target (or the quarter of a quarter target), monthly ones each month, annual ones the
 * financial year, academic-year ones the academic year.
 */
export function returnPeriodsFor(frequency: OwnedTarget['frequency'], target: Period): Period[] {
  const fyStart = Number(target.start.slice(0, 4)) - (Number(target.start.slice(5, 7)) < 4 ? 1 : 0);
  switch (frequency) {
    case 'quarterly':
      if (target.type === 'quarter') return [target];
      return ['half', 'financial_year'].includes(target.type)
        ? periodsInFinancialYear(fyStart, 'quarter').filter((q) => contains(target, q))
        : [];
    case 'monthly':
      return ['month', 'quarter', 'half', 'financial_year'].includes(target.type)
        ? periodsInFinancialYear(fyStart, 'month').filter((m) => contains(target, m))
        : [];
    case 'annual':
      return target.type === 'financial_year' ? [target] : [];
    case 'academic_year':
      return target.type === 'academic_year' ? [target] : [];
  }
}

/** Every return owed, one per group and period, naming the indicators it should carry. */
export function expectedReturns(owned: readonly OwnedTarget[]): ReturnExpectation[] {
  const byKey = new Map<string, { base: Omit<ReturnExpectation, 'indicatorCodes'>; codes: Set<string> }>();
  for (const target of owned) {
    for (const period of returnPeriodsFor(target.frequency, target.targetPeriod)) {
      const info = periodInfo(period);
      const key = `${target.groupId}|${info.key}`;
      let entry = byKey.get(key);
      if (!entry) {
        entry = {
          base: {
            groupId: target.groupId,
            groupName: target.groupName,
            period: info,
            dueOn: returnsDeadline(period, target.returnsDueWorkingDays),
            workingDays: target.returnsDueWorkingDays,
          },
          codes: new Set(),
        };
        byKey.set(key, entry);
      }
      entry.codes.add(target.indicatorCode);
    }
  }
  return [...byKey.values()].map(({ base, codes }) => ({ ...base, indicatorCodes: [...codes].sort() }));
}

export function receivedKey(groupId: string, periodKey: string): string {
  return `${groupId}|${periodKey}`;
}

/**
 * Missing and late returns (SPEC 3, 4.8): a return not received once its deadline has passed is missing;
 * one first received after its deadline is late. `today` is the date in England (Europe/London).
 */
export function evaluateReturns(
  expectations: readonly ReturnExpectation[],
  received: ReadonlyMap<string, ReceivedReturn>,
  today: IsoDate,
): RaisedException[] {
  const raised: RaisedException[] = [];
  for (const expected of expectations) {
    const got = received.get(receivedKey(expected.groupId, expected.period.key));
    const due = `due by ${expected.dueOn}, ${expected.workingDays} working day${expected.workingDays === 1 ? '' : 's'} after the period ended`;
    const figures = { dueOn: expected.dueOn, workingDays: expected.workingDays, indicators: expected.indicatorCodes };
    const base = {
      positive: false,
      indicatorId: null,
      areaId: null,
      period: expected.period,
      owningGroupId: expected.groupId,
      priorityId: null,
      targetVersionId: null,
      previousKey: null,
    };
    if (!got && today > expected.dueOn) {
      const summary = `No return from ${expected.groupName} for ${expected.period.label}: it was ${due}.`;
      raised.push({
        ...base,
        key: subjectKey('missing_return', { groupId: expected.groupId }, expected.period.key),
        kind: 'missing_return',
        returnId: null,
        reasons: {
          rule: 'missing_return',
          summary,
          text: [summary, `It should carry ${expected.indicatorCodes.join(', ')}.`],
          figures,
        },
      });
    } else if (got && got.receivedOn > expected.dueOn) {
      const late = workingDaysBetween(expected.dueOn, got.receivedOn);
      const summary = `The return from ${expected.groupName} for ${expected.period.label} was received on ${got.receivedOn}, ${late} working day${late === 1 ? '' : 's'} late: it was ${due}.`;
      raised.push({
        ...base,
        key: subjectKey('late_return', { groupId: expected.groupId }, expected.period.key),
        kind: 'late_return',
        returnId: got.returnId,
        reasons: {
          rule: 'late_return',
          summary,
          text: [summary],
          figures: { ...figures, receivedOn: got.receivedOn, workingDaysLate: late },
        },
      });
    }
  }
  return raised;
}

/** Why a return exception closed itself. */
export function returnResolutionNote(
  kind: 'missing_return' | 'late_return',
  expected: ReturnExpectation | undefined,
  got: ReceivedReturn | undefined,
): string {
  if (!expected) return 'the group no longer owns a target that needs a return for this period';
  if (kind === 'missing_return' && got) {
    return `return received on ${got.receivedOn}${got.receivedOn > expected.dueOn ? ' (late)' : ''}`;
  }
  return 'the condition no longer holds';
}
