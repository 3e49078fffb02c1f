import { CatalogueError, CatalogueErrorCode } from './catalogue.error.js';
import { BandKind } from './catalogue.types.js';

export interface Band {
  kind: BandKind;
  amount: number;
}

/** The values a target version carries: either `value` or both ends of a range. */
export interface TargetValues {
  value?: number | null;
  rangeLow?: number | null;
  rangeHigh?: number | null;
  tolerance: Band;
  exceptional: Band;
  agreedBy?: string;
  agreedOn?: string | null;
}

/** A target version's values with nothing left out, as stored. */
export type TargetSettings = { [K in keyof TargetValues]-?: Exclude<TargetValues[K], undefined> };

export function targetSettings(input: TargetValues): TargetSettings {
  return {
    value: input.value ?? null,
    rangeLow: input.rangeLow ?? null,
    rangeHigh: input.rangeHigh ?? null,
    tolerance: { kind: input.tolerance.kind, amount: input.tolerance.amount },
    exceptional: { kind: input.exceptional.kind, amount: input.exceptional.amount },
    agreedBy: input.agreedBy ?? '',
    agreedOn: input.agreedOn ?? null,
  };
}

/** What differs between two versions' values, in words ("value 75 → 80"); empty when they agree. */
export function targetValueChanges(current: TargetValues, next: TargetValues): string[] {
  const a = targetSettings(current);
  const b = targetSettings(next);
  const show = (value: unknown): string => (value === null || value === '' ? 'blank' : String(value));
  const changes: string[] = [];
  const compare = (label: string, before: unknown, after: unknown): void => {
    if (before !== after) changes.push(`${label} ${show(before)} → ${show(after)}`);
  };
  compare('value', a.value, b.value);
  compare('range low', a.rangeLow, b.rangeLow);
  compare('range high', a.rangeHigh, b.rangeHigh);
  compare('tolerance kind', a.tolerance.kind, b.tolerance.kind);
  compare('tolerance', a.tolerance.amount, b.tolerance.amount);
  compare('exceptional kind', a.exceptional.kind, b.exceptional.kind);
  compare('exceptional band', a.exceptional.amount, b.exceptional.amount);
  compare('agreed by', a.agreedBy, b.agreedBy);
  compare('agreed on', a.agreedOn, b.agreedOn);
  return changes;
}

export function sameTargetValues(current: TargetValues, next: TargetValues): boolean {
  return targetValueChanges(current, next).length === 0;
}

/** Why these values cannot make a target, or null when they can. */
export function targetValuesProblem(input: TargetValues): string | null {
  const hasValue = input.value !== undefined && input.value !== null;
  const hasLow = input.rangeLow !== undefined && input.rangeLow !== null;
  const hasHigh = input.rangeHigh !== undefined && input.rangeHigh !== null;
  if (hasValue && (hasLow || hasHigh)) return 'Give either a target value or a range (low and high), not both.';
  if (!hasValue && hasLow !== hasHigh) return 'A range target needs both a low and a high value.';
  if (!hasValue && !hasLow) return 'Give a target value, or a range with low and high values.';
  if (hasLow && hasHigh && (input.rangeLow as number) > (input.rangeHigh as number)) {
    return `The range low (${input.rangeLow}) is above the range high (${input.rangeHigh}).`;
  }
  if (input.tolerance.amount < 0 || input.exceptional.amount < 0)
    return 'Tolerance and exceptional band cannot be negative.';
  return null;
}

export function assertTargetValues(input: TargetValues): void {
  const problem = targetValuesProblem(input);
  if (problem) throw new CatalogueError(CatalogueErrorCode.InvalidTarget, problem);
}
