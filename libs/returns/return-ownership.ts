import { financialYearOf, type Period } from '../periods/index.js';

/** The parts of a target that decide who returns an indicator. */
export interface OwnedTarget {
  readonly indicatorId: string;
  readonly areaId: string | null;
  readonly period: Period;
  readonly ownerGroupId: string;
  readonly value: number | null;
  readonly rangeLow: number | null;
  readonly rangeHigh: number | null;
}

const samePeriod = (a: Period, b: Period): boolean => a.type === b.type && a.start === b.start;

/** The financial year a period sits in, or null for periods that cross years (academic years, spans). */
export function containingFinancialYear(period: Period): Period | null {
  try {
    const year = financialYearOf(period);
    return year.start <= period.start && period.end <= year.end ? year : null;
  } catch {
    return null;
  }
}

/**
 * Who returns each indicator for a period: the owner of its target for that period, else of its
 * target for the financial year containing it ("the Executive should agree which group has lead
 * responsibility for each of the targets" — leicestershire). The whole-authority target decides
 * when area targets exist too.
 */
export function ownersForPeriod(targets: readonly OwnedTarget[], period: Period): Map<string, string> {
  const year = containingFinancialYear(period);
  const rank = (target: OwnedTarget): number => {
    const periodRank = samePeriod(target.period, period) ? 0 : year && samePeriod(target.period, year) ? 2 : -1;
    if (periodRank < 0) return -1;
    return periodRank + (target.areaId === null ? 0 : 1);
  };
  const best = new Map<string, { rank: number; owner: string }>();
  for (const target of targets) {
    const r = rank(target);
    if (r < 0) continue;
    const current = best.get(target.indicatorId);
    if (!current || r < current.rank) best.set(target.indicatorId, { rank: r, owner: target.ownerGroupId });
  }
  return new Map([...best].map(([indicatorId, { owner }]) => [indicatorId, owner]));
}

/** The target shown for reference in a template row: the area's, else the whole authority's; the period's, else the year's. */
export function referenceTarget(
  targets: readonly OwnedTarget[],
  indicatorId: string,
  areaId: string,
  period: Period,
): OwnedTarget | null {
  const year = containingFinancialYear(period);
  const candidates = targets.filter((t) => t.indicatorId === indicatorId);
  for (const wanted of [period, year]) {
    if (!wanted) continue;
    for (const area of [areaId, null]) {
      const found = candidates.find((t) => samePeriod(t.period, wanted) && t.areaId === area);
      if (found) return found;
    }
  }
  return null;
}

export type ReturnState = 'received' | 'late' | 'missing' | 'not_yet_due';

/**
 * Where a group's return stands against its deadline (SPEC 3: "missing or late returns are
 * themselves exceptions"). A return received on the deadline day, in England's time, is on time.
 */
export function returnState(deadline: string, today: string, receivedOn: string | null): ReturnState {
  if (receivedOn !== null) return receivedOn <= deadline ? 'received' : 'late';
  return today > deadline ? 'missing' : 'not_yet_due';
}
