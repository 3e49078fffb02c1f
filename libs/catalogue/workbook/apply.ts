import { describeTarget, priorityKey, targetKey } from './keys.js';
import type { AreaRow, CatalogueSnapshot, CatalogueWorkbookRows, GroupRow } from './types.js';

/** Applying: the order of changes and what differs. */

// ---------------------------------------------------------------------------------------------------
// Applying: the order of changes and what differs.

export type Comparable = string | number | boolean | null;

/** The fields whose values differ, as a patch; line endings are compared loosely, as xlsx stores only \n. */
export function changedFields<T extends object, K extends keyof T & string>(
  current: T,
  desired: Pick<T, K>,
  keys: readonly K[],
): Partial<Pick<T, K>> {
  const patch: Partial<Pick<T, K>> = {};
  for (const key of keys) {
    const before = current[key] as Comparable;
    const after = desired[key] as Comparable;
    const same =
      typeof before === 'string' && typeof after === 'string'
        ? before.replace(/\r\n?/g, '\n') === after.replace(/\r\n?/g, '\n')
        : before === after;
    if (!same) patch[key] = desired[key];
  }
  return patch;
}

/**
 * Groups in an order where each one's parent already exists with its final parent when it is reached:
 * ancestors first. Creating a group with its parent in one step gives one audit event, and setting a
 * parent never meets a half-updated structure that only looks like a cycle.
 */
export function groupsInApplyOrder(groups: readonly GroupRow[], catalogue: CatalogueSnapshot): GroupRow[] {
  const codeOf = new Map(catalogue.groups.map((g) => [g.id, g.code]));
  const parentOf = new Map<string, string | null>(
    catalogue.groups.map((g) => [g.code, g.parentId ? (codeOf.get(g.parentId) ?? null) : null]),
  );
  for (const group of groups) parentOf.set(group.code, group.parentCode);
  const depth = new Map<string, number>();
  const depthOf = (groupCode: string, seen: number): number => {
    const known = depth.get(groupCode);
    if (known !== undefined) return known;
    const parent = parentOf.get(groupCode) ?? null;
    // `seen` bounds the walk even if a cycle slipped past the checks.
    const result = parent === null || seen > parentOf.size ? 0 : depthOf(parent, seen + 1) + 1;
    depth.set(groupCode, result);
    return result;
  };
  return [...groups].sort((a, b) => depthOf(a.code, 0) - depthOf(b.code, 0) || a.row - b.row);
}

/** Areas that stop being the home authority go first, so the one-home rule holds after every step. */
export function areasInApplyOrder(areas: readonly AreaRow[], catalogue: CatalogueSnapshot): AreaRow[] {
  const homeNow = new Set(catalogue.areas.filter((a) => a.isHome).map((a) => a.code));
  const losingHome = (area: AreaRow): number => (homeNow.has(area.code) && !area.isHome ? 0 : 1);
  return [...areas].sort((a, b) => losingHome(a) - losingHome(b) || a.row - b.row);
}

export interface NotInWorkbook {
  plans: string[];
  priorities: string[];
  groups: string[];
  areas: string[];
  indicators: string[];
  targets: string[];
}

/** What the catalogue holds that the workbook does not mention: left alone, and reported. */
export function notInWorkbook(rows: CatalogueWorkbookRows, catalogue: CatalogueSnapshot): NotInWorkbook {
  const planCode = new Map(catalogue.plans.map((p) => [p.id, p.code]));
  const indicatorCode = new Map(catalogue.indicators.map((i) => [i.id, i.code]));
  const areaCode = new Map(catalogue.areas.map((a) => [a.id, a.code]));
  const missing = <T>(items: readonly T[], keyOf: (item: T) => string, present: Iterable<string>): string[] => {
    const seen = new Set(present);
    return items.map(keyOf).filter((key) => !seen.has(key));
  };
  return {
    plans: missing(
      catalogue.plans,
      (p) => p.code,
      rows.plans.map((p) => p.code),
    ),
    priorities: missing(
      catalogue.priorities,
      (p) => priorityKey(planCode.get(p.planId)!, p.code),
      rows.priorities.map((p) => priorityKey(p.planCode, p.code)),
    ),
    groups: missing(
      catalogue.groups,
      (g) => g.code,
      rows.groups.map((g) => g.code),
    ),
    areas: missing(
      catalogue.areas,
      (a) => a.code,
      rows.areas.map((a) => a.code),
    ),
    indicators: missing(
      catalogue.indicators,
      (i) => i.code,
      rows.indicators.map((i) => i.code),
    ),
    targets: catalogue.targets
      .filter(
        (t) =>
          !rows.targets.some(
            (r) =>
              targetKey(r.indicatorCode, r.areaCode, r.period) ===
              targetKey(indicatorCode.get(t.indicatorId)!, t.areaId ? areaCode.get(t.areaId)! : null, t.period),
          ),
      )
      .map((t) =>
        describeTarget(indicatorCode.get(t.indicatorId)!, t.areaId ? areaCode.get(t.areaId)! : null, t.period),
      ),
  };
}
