/** The vocabulary of exceptions (SPEC 4). Plain values so the engine, the API and the reports share them. */

export const EXCEPTION_KINDS = [
  'well_above_target',
  'below_target',
  'target_unlikely_to_be_met',
  'special_cause_concern',
  'special_cause_improvement',
  'worse_and_worsening',
  'missing_return',
  'late_return',
  'data_quality',
] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

/** open → commentary → reviewed by the executive → referred to the board, or closed (SPEC 4, lifecycle). */
export const EXCEPTION_STATUSES = ['open', 'commented', 'reviewed', 'referred', 'closed'] as const;
export type ExceptionStatus = (typeof EXCEPTION_STATUSES)[number];

/**
 * Why an exception is closed: the evaluation found it no longer holds ('automatic'), a later period's
 * exception of the same kind took it over ('carried_forward'), or the executive closed it ('manual').
 * Only an automatic closure is undone by the evaluation when the condition comes back.
 */
export const CLOSURES = ['automatic', 'carried_forward', 'manual'] as const;
export type Closure = (typeof CLOSURES)[number];

export const HISTORY_ACTIONS = [
  'raised',
  'reopened',
  'closed_automatically',
  'carried_forward',
  'commentary',
  'reviewed',
  'referred',
  'closed',
] as const;
export type HistoryAction = (typeof HISTORY_ACTIONS)[number];

/** Judged for every period with a value: a change to one period cannot alter an earlier period's verdict. */
export const PERIOD_KINDS: readonly ExceptionKind[] = [
  'well_above_target',
  'below_target',
  'worse_and_worsening',
  'data_quality',
];

/**
 * Judged once per series, at its latest point (SPC variation; the year-end forecast of the current year),
 * so any change to the series can move them: they are always re-evaluated on the whole series.
 */
export const SERIES_KINDS: readonly ExceptionKind[] = [
  'target_unlikely_to_be_met',
  'special_cause_concern',
  'special_cause_improvement',
];

/** About a group's return for a period, not about an indicator. */
export const RETURN_KINDS: readonly ExceptionKind[] = ['missing_return', 'late_return'];

export const INDICATOR_KINDS: readonly ExceptionKind[] = [...PERIOD_KINDS, ...SERIES_KINDS];

/**
 * Performance that persists into the next period carries forward (SPEC 4). Missing returns and bad
 * values do not: each period's return or figure still needs putting right on its own.
 */
export const CARRIED_FORWARD_KINDS: readonly ExceptionKind[] = [
  'well_above_target',
  'below_target',
  'target_unlikely_to_be_met',
  'special_cause_concern',
  'special_cause_improvement',
  'worse_and_worsening',
];

/** Good news, already oriented by the indicator's polarity when the exception was raised. */
export function isPositiveKind(kind: ExceptionKind): boolean {
  return kind === 'well_above_target' || kind === 'special_cause_improvement';
}

export const EXCEPTION_KIND_LABELS: Readonly<Record<ExceptionKind, string>> = {
  well_above_target: 'Well above target',
  below_target: 'Below target',
  target_unlikely_to_be_met: 'Target unlikely to be met',
  special_cause_concern: 'Special cause concern',
  special_cause_improvement: 'Special cause improvement',
  worse_and_worsening: 'Worse than England and worsening',
  missing_return: 'Missing return',
  late_return: 'Late return',
  data_quality: 'Data quality',
};

export const EXCEPTION_STATUS_LABELS: Readonly<Record<ExceptionStatus, string>> = {
  open: 'Open',
  commented: 'Owner commentary given',
  reviewed: 'Reviewed by the executive',
  referred: 'Referred to the board',
  closed: 'Closed',
};

/**
 * What the evaluation stores as an exception's reasons: the rule, the figures it compared, the points it
 * looked at (for series rules) and the sentences people read.
 */
export interface ExceptionReasons {
  readonly rule: ExceptionKind;
  readonly summary: string;
  readonly text: readonly string[];
  readonly figures: Readonly<Record<string, unknown>>;
  readonly points?: readonly { readonly period: string; readonly value: number | null }[];
}

/** The subject of an indicator exception, or the group of a return exception. */
export type ExceptionSubject = { readonly indicatorId: string; readonly areaId: string } | { readonly groupId: string };

/**
 * The stable name of an exception: its kind, subject and period. Re-evaluation finds the same row by it,
 * and the previous period's key finds the exception this one carries forward.
 */
export function subjectKey(kind: ExceptionKind, subject: ExceptionSubject, periodKey: string): string {
  const who = 'groupId' in subject ? `group:${subject.groupId}` : `${subject.indicatorId}:${subject.areaId}`;
  return `${kind}|${who}|${periodKey}`;
}
