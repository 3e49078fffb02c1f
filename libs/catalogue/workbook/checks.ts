import { targetValueChanges } from '../target-values.js';
import {
  describeTarget,
  didYouMean,
  type Known,
  priorityKey,
  type ReadTarget,
  resolvePriorityRef,
  targetKey,
} from './keys.js';
import { Problems } from './row-reader.js';
import { AREAS_SHEET, columnNumber, GROUPS_SHEET, INDICATORS_SHEET } from './sheet-specs.js';
import type { AreaRow, CatalogueSnapshot, GroupRow, IndicatorRow } from './types.js';

/** Checks across sheets and against the catalogue: references, the home authority, targets. */

export class References {
  readonly groupCodes: Set<string>;
  readonly areaCodes: Set<string>;
  readonly indicatorCodes: Set<string>;
  readonly priorityKeys: string[];

  constructor(
    catalogue: CatalogueSnapshot,
    readonly known: Known,
    readonly readable: { priorities: boolean; groups: boolean; areas: boolean; indicators: boolean },
  ) {
    this.groupCodes = new Set([...catalogue.groups.map((g) => g.code), ...known.groups.keys()]);
    this.areaCodes = new Set([...catalogue.areas.map((a) => a.code), ...known.areas.keys()]);
    this.indicatorCodes = new Set([...catalogue.indicators.map((i) => i.code), ...known.indicators.keys()]);
    const planCodes = new Map(catalogue.plans.map((p) => [p.id, p.code]));
    this.priorityKeys = [
      ...catalogue.priorities.map((p) => priorityKey(planCodes.get(p.planId)!, p.code)),
      ...known.priorities.keys(),
    ];
  }

  /** Null when the code resolves, or when the sheet defining it could not be read (its problems are listed already). */
  missing(kind: 'group' | 'area' | 'indicator', value: string): string | null {
    const [codes, readable] =
      kind === 'group'
        ? [this.groupCodes, this.readable.groups]
        : kind === 'area'
          ? [this.areaCodes, this.readable.areas]
          : [this.indicatorCodes, this.readable.indicators];
    if (codes.has(value) || !readable) return null;
    return `there is no ${kind} '${value}' in this workbook or the catalogue${didYouMean(value, codes)}`;
  }
}

export function checkGroupReferences(
  groups: readonly GroupRow[],
  references: References,
  catalogue: CatalogueSnapshot,
  problems: Problems,
): void {
  const column = columnNumber(GROUPS_SHEET, 'reportsTo');
  for (const group of groups) {
    if (group.parentCode === null || group.parentCode === group.code) continue;
    const missing = references.missing('group', group.parentCode);
    if (missing) problems.add(GROUPS_SHEET.name, group.row, column, `reports to: ${missing}`);
  }
  // The structure after the upload: the catalogue's reporting lines, replaced by the workbook's.
  const codeOf = new Map(catalogue.groups.map((g) => [g.id, g.code]));
  const parentOf = new Map<string, string | null>(
    catalogue.groups.map((g) => [g.code, g.parentId ? (codeOf.get(g.parentId) ?? null) : null]),
  );
  for (const group of groups) parentOf.set(group.code, group.parentCode);
  const reported = new Set<string>();
  for (const group of groups) {
    if (reported.has(group.code) || group.parentCode === group.code) continue;
    const chain = [group.code];
    let current = parentOf.get(group.code) ?? null;
    while (current !== null && !chain.includes(current)) {
      chain.push(current);
      current = parentOf.get(current) ?? null;
    }
    if (current !== group.code) continue;
    const cycle = [...chain, group.code].join(' → ');
    for (const member of groups.filter((g) => chain.includes(g.code))) {
      reported.add(member.code);
      problems.add(
        GROUPS_SHEET.name,
        member.row,
        column,
        `reports to: '${member.parentCode}' leads back to '${member.code}' (${cycle}); a group cannot report to itself, directly or through other groups`,
      );
    }
  }
}

export function checkHomeAuthority(areas: readonly AreaRow[], catalogue: CatalogueSnapshot, problems: Problems): void {
  const inWorkbook = new Set(areas.map((a) => a.code));
  const homes = [
    ...areas.filter((a) => a.isHome).map((a) => ({ code: a.code, where: `row ${a.row}`, row: a.row as number | null })),
    ...catalogue.areas
      .filter((a) => a.isHome && !inWorkbook.has(a.code))
      .map((a) => ({ code: a.code, where: 'in the catalogue, not in this workbook', row: null })),
  ];
  if (homes.length < 2) return;
  for (const home of homes) {
    if (home.row === null) continue;
    const others = homes.filter((h) => h !== home).map((h) => `'${h.code}' (${h.where})`);
    problems.add(
      AREAS_SHEET.name,
      home.row,
      columnNumber(AREAS_SHEET, 'isHome'),
      `home authority: only one area can be the home authority, but ${others.join(' and ')} ${others.length === 1 ? 'is' : 'are'} too`,
    );
  }
}

export function checkIndicatorReferences(
  indicators: readonly IndicatorRow[],
  references: References,
  problems: Problems,
): void {
  if (!references.readable.priorities) return;
  for (const indicator of indicators) {
    if (!indicator.priorityRef) continue;
    const resolved = resolvePriorityRef(indicator.priorityRef, references.priorityKeys);
    if (!resolved.ok)
      problems.add(
        INDICATORS_SHEET.name,
        indicator.row,
        columnNumber(INDICATORS_SHEET, 'priorityRef'),
        resolved.message,
      );
  }
}

export function checkTargets(
  targets: readonly ReadTarget[],
  references: References,
  catalogue: CatalogueSnapshot,
): void {
  const indicatorCode = new Map(catalogue.indicators.map((i) => [i.id, i.code]));
  const areaCode = new Map(catalogue.areas.map((a) => [a.id, a.code]));
  const existing = new Map(
    catalogue.targets.map((t) => [
      targetKey(indicatorCode.get(t.indicatorId)!, t.areaId ? areaCode.get(t.areaId)! : null, t.period),
      t,
    ]),
  );
  for (const { row, reader } of targets) {
    const indicatorMissing = references.missing('indicator', row.indicatorCode);
    if (indicatorMissing) reader.problem('indicatorCode', `indicator code: ${indicatorMissing}`);
    const areaMissing = row.areaCode === null ? null : references.missing('area', row.areaCode);
    if (areaMissing) reader.problem('areaCode', `area code: ${areaMissing}`);
    const groupMissing = row.owningGroupCode ? references.missing('group', row.owningGroupCode) : null;
    if (groupMissing) reader.problem('owningGroupCode', `owning group code: ${groupMissing}`);
    const current = existing.get(targetKey(row.indicatorCode, row.areaCode, row.period));
    if (!current || row.changeReason !== null || !reader.ok) continue;
    const changes = targetValueChanges(current.settings, row.settings);
    if (changes.length > 0) {
      reader.problem(
        'changeReason',
        `change reason is required: this changes the agreed target ${describeTarget(row.indicatorCode, row.areaCode, row.period)} (${changes.join('; ')}), which adds version ${current.version + 1}`,
      );
    }
  }
}
