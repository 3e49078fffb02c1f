/**
 * Everything a report renderer needs, already evaluated and worded, independent of the database.
 *
 * The builder that fills this from the database (another module) decides which targets and exceptions a
 * report type includes; the renderers only lay the model out. Words (RAG label, direction of travel, SPC
 * and assurance) arrive as text so the renderers never re-derive them and every output shows meaning in
 * words, never by colour alone (SPEC §4.1). Nothing here reads the clock: `generatedAt` is passed in, so
 * the same model always renders the same figures (SPEC §5).
 */

/** The four packs of SPEC §5. */
export type ReportType = 'exception_report' | 'board_scorecard' | 'hwb_progress_pack' | 'group_update';

/** As the catalogue stores it (SPEC §2, Indicator). */
export type IndicatorUnit =
  'percentage' | 'rate_per_1000' | 'rate_per_10000' | 'rate_per_100000' | 'count' | 'days' | 'score';

export type Polarity = 'higher_is_better' | 'lower_is_better' | 'no_polarity';

/** `none`: no target for the period, or no value to compare with it. */
export type RagRating = 'green' | 'amber' | 'red' | 'none';

/** Status a return gave the value (SPEC §3). */
export type ValueStatus = 'actual' | 'provisional' | 'estimate' | 'suppressed';

/** Making Data Count point classification; colours the points of the trend chart. */
export type SpcPointType =
  'common_cause' | 'special_cause_concern' | 'special_cause_improvement' | 'special_cause_neutral';

/** The exceptions' vocabulary (kinds and lifecycle statuses) is the read model's: one list for the API and the papers. */
export type { ExceptionKind, ExceptionStatus } from '../series/exception-kinds.js';
import type { ExceptionKind, ExceptionStatus } from '../series/exception-kinds.js';

export interface ReportPeriod {
  /** As users know it: "2024-25 Q2", "2024-25 H1". */
  readonly label: string;
  /** ISO dates `YYYY-MM-DD`, inclusive. */
  readonly start: string;
  readonly end: string;
}

/** Exactly which data the report used, so it can be reproduced (SPEC §5). */
export interface DataCut {
  readonly returnIds: readonly string[];
  readonly targetVersionIds: readonly string[];
  /** The comparator imports whose values stood when it was requested (absent in models made before). */
  readonly comparatorImportIds?: readonly string[];
}

/** Counts for one priority; drives the RAG summary chart and table. */
export interface PrioritySummary {
  readonly priorityCode: string;
  readonly priorityTitle: string;
  /** Targets rated green / amber / red / without a rating in this report. */
  readonly green: number;
  readonly amber: number;
  readonly red: number;
  readonly noTarget: number;
  /** Open exceptions in this report for the priority, positive and negative. */
  readonly exceptions: number;
}

export interface ReportSummary {
  /** In the order the plan lists its priorities. */
  readonly perPriority: readonly PrioritySummary[];
  /** Short sentences for the summary page, e.g. "3 targets moved from amber to red". Plain text. */
  readonly headlines: readonly string[];
}

export interface LatestValue {
  readonly periodLabel: string;
  /** null when missing or suppressed. In the indicator's unit: 12.5 means 12.5% for a percentage. */
  readonly value: number | null;
  readonly status: ValueStatus;
}

export interface TargetSpec {
  /** A single-value target; null for an in-range target or when no target applies. */
  readonly value: number | null;
  /** Both set for an in-range (no polarity) target. */
  readonly rangeLow: number | null;
  readonly rangeHigh: number | null;
  /** How the target reads in the report, e.g. "At least 75.0%", "Between 40 and 50 days", "No target". */
  readonly label: string;
}

/** Worded comparisons with the previous period and the same period last year, e.g. "Improving", "No change". */
export interface DirectionOfTravelWords {
  readonly vsPrevious: string;
  readonly vsLastYear: string;
}

/** Making Data Count results in words (libs/evaluation spc-explain). */
export interface SpcWords {
  /** The variation icon in words, e.g. "Special cause concern (low)", "Common cause". */
  readonly variation: string;
  /** e.g. "Hit and miss", "Consistently passing", "No assurance". */
  readonly assurance: string;
  /** One or two sentences on why, for the detail columns and chart captions. */
  readonly explanation: string;
}

export interface ComparatorValues {
  /** Same period, same unit; null when not published. */
  readonly england: number | null;
  readonly region: number | null;
  /** e.g. "Significantly better than England", "Similar to England". */
  readonly comparison: string;
}

/** One point of the trend. `label` is the period label shown on the x axis. */
export interface TrendPoint {
  readonly label: string;
  readonly value: number | null;
  /** Absent or common cause: plain grey point. */
  readonly pointType?: SpcPointType;
}

/**
 * XmR centre line and process limits. A number applies to every point; an array (one entry per series point,
 * null where there is no limit) allows limits that were re-based part-way.
 */
export interface SpcLimits {
  readonly mean: number | readonly (number | null)[];
  readonly upper: number | readonly (number | null)[];
  readonly lower: number | readonly (number | null)[];
}

export interface ComparatorSeries {
  /** Legend name, e.g. "England", "North West". */
  readonly name: string;
  /** Labels match the trend's labels; points for periods not in the trend are ignored. */
  readonly points: readonly { readonly label: string; readonly value: number | null }[];
}

/** One target (an indicator with its owning group) as the report shows it. */
export interface TargetRow {
  readonly indicatorCode: string;
  readonly indicatorTitle: string;
  readonly unit: IndicatorUnit;
  /** Decimal places the indicator is reported to (0–3). */
  readonly decimalPlaces: number;
  readonly polarity: Polarity;
  /** Name of the lead group that owns the target. */
  readonly owningGroup: string;
  readonly latest: LatestValue;
  readonly target: TargetSpec;
  readonly rag: RagRating;
  /** The word for `rag`, e.g. "On target", "Near target", "Off target", "No target". */
  readonly ragLabel: string;
  readonly directionOfTravel: DirectionOfTravelWords;
  readonly spc: SpcWords;
  /** e.g. "Forecast year end 71.2%: target unlikely to be met"; null when there is no forecast. */
  readonly forecast: string | null;
  readonly comparators: ComparatorValues;
  /** The trend, oldest first; the last point is normally `latest`. */
  readonly series: readonly TrendPoint[];
  readonly spcLimits?: SpcLimits;
  readonly comparatorSeries?: readonly ComparatorSeries[];
}

export interface ReportPriority {
  /** e.g. "P1"; unique within the report. */
  readonly code: string;
  readonly title: string;
  /** Board member accountable for the priority (cumbria appendix 1); null if none recorded. */
  readonly accountableMember: string | null;
  readonly rows: readonly TargetRow[];
}

/** The owning group's account of an exception (SPEC §4 lifecycle). All free text is user-written. */
export interface ExceptionCommentary {
  readonly cause: string;
  readonly action: string;
  /** ISO date `YYYY-MM-DD`, or null when the owner gave none. */
  readonly expectedRecoveryDate: string | null;
  readonly author: string;
  /** ISO timestamp. */
  readonly at: string;
}

export interface ExceptionHistoryEntry {
  /** ISO timestamp. */
  readonly at: string;
  readonly status: ExceptionStatus;
  /** Who made the change, by role and group ("Emotional Wellbeing data officer"); never an email. */
  readonly by: string;
  readonly note: string | null;
}

export interface ExceptionItem {
  readonly kind: ExceptionKind;
  /** true for exceptionally good performance (well above target, special cause improvement). */
  readonly positive: boolean;
  readonly indicatorCode: string;
  readonly indicatorTitle: string;
  /** e.g. the local authority, a locality or district. */
  readonly areaName: string;
  readonly periodLabel: string;
  /** Groups the exception under a priority; one not in `priorities` is listed last. */
  readonly priorityCode: string;
  readonly owningGroup: string;
  /** Plain-English reasons from the evaluation, e.g. "32.0% is 8.0 points below the target of 40.0%". */
  readonly reasons: readonly string[];
  readonly status: ExceptionStatus;
  readonly commentary: ExceptionCommentary | null;
  /** The owner gave commentary that this paper may not print: "Commentary held by the executive". */
  readonly commentaryHeld: boolean;
  /** Oldest first; carries forward while the exception persists. Empty in papers that are not confidential. */
  readonly history: readonly ExceptionHistoryEntry[];
}

export interface ReportModel {
  readonly type: ReportType;
  /** e.g. "Quarterly scorecard: 2024-25 Q2". */
  readonly title: string;
  /** Who the paper is for, e.g. "CYP Executive", "Children's Trust Board". */
  readonly audience: string;
  readonly period: ReportPeriod;
  /** ISO timestamp of the run; printed on the cover and used as the files' creation date. */
  readonly generatedAt: string;
  readonly dataCut: DataCut;
  /** OFFICIAL-SENSITIVE: marks every page and every sheet as confidential (blackpool 5); otherwise OFFICIAL. */
  readonly confidential: boolean;
  readonly summary: ReportSummary;
  /** In plan order; each becomes a workbook sheet and a PDF section. */
  readonly priorities: readonly ReportPriority[];
  /** Open exceptions, positive and negative; the renderers sort and group them. */
  readonly exceptions: readonly ExceptionItem[];
  /** The executive's exception report: who returned on time, late or not at all (issue 14). */
  readonly returnsCompleteness?: ReturnsCompleteness;
}

export interface ReturnsCompleteness {
  /** "9 of 11 groups returned on time; Emotional Wellbeing is 6 working days late." */
  readonly sentence: string;
  readonly groups: readonly {
    readonly group: string;
    readonly deadline: string;
    /** In words: "On time", "Late", "Missing", "Awaiting sign-off", "Not due yet". */
    readonly state: string;
    readonly receivedOn: string | null;
    readonly workingDaysLate: number;
  }[];
}
