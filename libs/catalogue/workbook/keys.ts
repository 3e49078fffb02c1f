import { formatPeriod, type Period } from '../../periods/index.js';
import { quote, type RowReader } from './row-reader.js';
import type { TARGETS_SHEET } from './sheet-specs.js';
import type { TargetRow } from './types.js';

/** How rows name each other: the keys of priorities and targets, and the references between sheets. */

/** Codes a sheet defines, known even on rows with other problems, so references to them do not also fail. */
export interface Known {
  readonly priorities: Map<string, number>;
  readonly groups: Map<string, number>;
  readonly areas: Map<string, number>;
  readonly indicators: Map<string, number>;
}

export function priorityKey(planCode: string, priorityCode: string): string {
  return `${planCode}/${priorityCode}`;
}

/**
 * The priority an indicator names: `P1` when only one plan has a priority P1, or `PLAN/P1`.
 * `keys` are every `PLAN/PRIORITY` in the workbook and the catalogue.
 */
export function resolvePriorityRef(
  ref: string,
  keys: Iterable<string>,
): { ok: true; key: string } | { ok: false; message: string } {
  const all = [...new Set(keys)];
  if (ref.includes('/')) {
    return all.includes(ref)
      ? { ok: true, key: ref }
      : { ok: false, message: `priority code ${quote(ref)} is not a priority in this workbook or the catalogue` };
  }
  const matches = all.filter((key) => key.slice(key.indexOf('/') + 1) === ref);
  if (matches.length === 1) return { ok: true, key: matches[0] };
  if (matches.length === 0)
    return {
      ok: false,
      message: `priority code ${quote(ref)} is not a priority in this workbook or the catalogue${didYouMean(
        ref,
        all.map((key) => key.slice(key.indexOf('/') + 1)),
      )}`,
    };
  return {
    ok: false,
    message: `priority code ${quote(ref)} is used by more than one plan; write it as ${matches.map(quote).join(' or ')}`,
  };
}

export function didYouMean(code: string, candidates: Iterable<string>): string {
  const lower = code.toLowerCase();
  for (const candidate of candidates) if (candidate.toLowerCase() === lower) return ` (did you mean '${candidate}'?)`;
  return '';
}

export function targetKey(indicatorCode: string, areaCode: string | null, period: Period): string {
  return `${indicatorCode}|${areaCode ?? ''}|${period.type}|${period.start}`;
}

export function describeTarget(indicatorCode: string, areaCode: string | null, period: Period): string {
  return `${indicatorCode} ${formatPeriod(period)}${areaCode ? ` for ${areaCode}` : ''}`;
}

export interface ReadTarget {
  readonly row: TargetRow;
  readonly reader: RowReader<keyof typeof TARGETS_SHEET.columns>;
}
