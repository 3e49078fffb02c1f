/**
 * Wording and number formatting shared by the workbook and the PDF, so both say the same thing.
 * Pure: no clock, no locale of the machine (en-GB and Europe/London are fixed).
 */
import type {
  ExceptionItem,
  IndicatorUnit,
  RagRating,
  ReportModel,
  ReportType,
  TargetRow,
  ValueStatus,
} from './report-model.js';

export const REPORT_TYPE_LABELS: Readonly<Record<ReportType, string>> = {
  exception_report: 'Exception report',
  board_scorecard: 'Quarterly scorecard',
  hwb_progress_pack: 'Health and Wellbeing Board progress pack',
  group_update: 'Group performance update',
};

export const RAG_COLOUR_WORDS: Readonly<Record<RagRating, string>> = {
  green: 'Green',
  amber: 'Amber',
  red: 'Red',
  none: 'No rating',
};

/** The same words the API uses for an exception's kind and status: one vocabulary (libs/series/exception-kinds.ts). */
export { EXCEPTION_KIND_LABELS, EXCEPTION_STATUS_LABELS } from '../series/exception-kinds.js';

export const VALUE_STATUS_LABELS: Readonly<Record<ValueStatus, string>> = {
  actual: 'Actual',
  provisional: 'Provisional',
  estimate: 'Estimate',
  suppressed: 'Suppressed',
};

const UNIT_AXIS_TITLES: Readonly<Record<IndicatorUnit, string>> = {
  percentage: 'Percentage (%)',
  rate_per_1000: 'Rate per 1,000',
  rate_per_10000: 'Rate per 10,000',
  rate_per_100000: 'Rate per 100,000',
  count: 'Count',
  days: 'Days',
  score: 'Score',
};

export function unitAxisTitle(unit: IndicatorUnit): string {
  return UNIT_AXIS_TITLES[unit];
}

/** "Green: On target"; the word always travels with the colour. */
export function ragText(row: Pick<TargetRow, 'rag' | 'ragLabel'>): string {
  if (row.rag === 'none') return row.ragLabel || 'No target';
  return `${RAG_COLOUR_WORDS[row.rag]}: ${row.ragLabel}`;
}

export function exceptionSentiment(exception: Pick<ExceptionItem, 'positive'>): string {
  return exception.positive ? 'Positive' : 'Concern';
}

function clampDecimals(decimalPlaces: number): number {
  return Math.min(6, Math.max(0, Math.trunc(decimalPlaces)));
}

/** A number as en-GB text to the indicator's decimal places: 1,234.5. */
export function formatNumber(value: number, decimalPlaces: number): string {
  const dp = clampDecimals(decimalPlaces);
  return new Intl.NumberFormat('en-GB', { minimumFractionDigits: dp, maximumFractionDigits: dp }).format(value);
}

/** A value with its unit, as a board member reads it: "12.5%", "34.2 per 1,000", "1,204", "45 days". */
export function formatValue(value: number | null, unit: IndicatorUnit, decimalPlaces: number): string {
  if (value === null) return 'No value';
  const n = formatNumber(value, decimalPlaces);
  switch (unit) {
    case 'percentage':
      return `${n}%`;
    case 'rate_per_1000':
      return `${n} per 1,000`;
    case 'rate_per_10000':
      return `${n} per 10,000`;
    case 'rate_per_100000':
      return `${n} per 100,000`;
    case 'days':
      return `${n} days`;
    case 'count':
    case 'score':
      return n;
  }
}

/** Latest value with its status when it is not an actual: "12.5% (provisional)", "Suppressed". */
export function latestText(row: TargetRow): string {
  const { value, status } = row.latest;
  if (status === 'suppressed') return 'Suppressed (small numbers)';
  const text = formatValue(value, row.unit, row.decimalPlaces);
  return status === 'actual' || value === null ? text : `${text} (${VALUE_STATUS_LABELS[status].toLowerCase()})`;
}

/** Excel number format for a value in the indicator's unit; the cell holds the plain number (12.5 for 12.5%). */
export function excelNumberFormat(unit: IndicatorUnit, decimalPlaces: number): string {
  const dp = clampDecimals(decimalPlaces);
  const fraction = dp > 0 ? `.${'0'.repeat(dp)}` : '';
  switch (unit) {
    case 'percentage':
      return `0${fraction}"%"`;
    case 'count':
      return `#,##0${fraction}`;
    case 'days':
      return `0${fraction}`;
    case 'rate_per_1000':
    case 'rate_per_10000':
    case 'rate_per_100000':
    case 'score':
      return `#,##0${fraction}`;
  }
}

const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
  timeZone: 'Europe/London',
});
const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const SHORT_DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'Europe/London',
});

/** "14 November 2026, 09:30" in UK time. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : DATE_TIME.format(date).replace(' at ', ', ');
}

/** `YYYY-MM-DD` → "31 March 2025". */
export function formatDate(isoDate: string): string {
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? isoDate : DATE.format(date);
}

/** A timestamp as a short date for histories: "3 Oct 2024". */
export function formatShortDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : SHORT_DATE.format(date);
}

export function dataCutText(model: ReportModel): string {
  const returns = model.dataCut.returnIds.length;
  const versions = model.dataCut.targetVersionIds.length;
  const imports = model.dataCut.comparatorImportIds?.length ?? 0;
  const parts = [
    `${returns} ${returns === 1 ? 'return' : 'returns'}`,
    `${versions} target ${versions === 1 ? 'version' : 'versions'}`,
    ...(imports > 0 ? [`${imports} comparator ${imports === 1 ? 'import' : 'imports'}`] : []),
  ];
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

export interface KeyEntry {
  readonly term: string;
  readonly meaning: string;
  /** The term is shown in this RAG colour, as the cells it explains. */
  readonly rag?: RagRating;
}

export interface KeySection {
  readonly heading: string;
  readonly entries: readonly KeyEntry[];
}

/** "How to read this report": every colour, icon and word the report uses, in words. */
export const HOW_TO_READ: readonly KeySection[] = [
  {
    heading: 'Target status (RAG)',
    entries: [
      { term: 'Green: On target', rag: 'green', meaning: 'The latest value meets or beats the target.' },
      {
        term: 'Amber: Near target',
        rag: 'amber',
        meaning: 'The latest value is worse than the target but within the agreed tolerance.',
      },
      {
        term: 'Red: Off target',
        rag: 'red',
        meaning: 'The latest value is worse than the target by more than the tolerance.',
      },
      {
        term: 'No target',
        rag: 'none',
        meaning: 'No target applies for the period, or there is no value to compare with it.',
      },
    ],
  },
  {
    heading: 'Direction of travel',
    entries: [
      {
        term: 'vs previous / vs last year',
        meaning:
          'Compares the latest value with the previous period and with the same period last year. "Improving" and "Worsening" take account of whether higher or lower is better.',
      },
    ],
  },
  {
    heading: 'Statistical process control (SPC)',
    entries: [
      {
        term: 'Common cause',
        meaning: 'The value moves within its usual range; no significant change. Grey circles on the charts.',
      },
      {
        term: 'Special cause concern',
        meaning: 'A significant change in the wrong direction (high or low). Orange triangles on the charts.',
      },
      {
        term: 'Special cause improvement',
        meaning: 'A significant change in the right direction. Blue diamonds on the charts.',
      },
      {
        term: 'Special cause (neutral)',
        meaning: 'A significant change where neither higher nor lower is better. Purple squares on the charts.',
      },
      {
        term: 'Mean and process limits',
        meaning:
          'Solid line: the average. Dashed lines: the process limits, the range the value is expected to stay within while nothing changes.',
      },
      {
        term: 'Significant change',
        meaning:
          'A point outside the process limits, a run of 7 points on one side of the average, 7 points rising or falling in a row, or 2 of 3 points close to a limit.',
      },
      {
        term: 'Target and comparators',
        meaning:
          'Dash-dot line: the target. Dotted lines: England and the region for the same periods, where published.',
      },
    ],
  },
  {
    heading: 'Assurance',
    entries: [
      {
        term: 'Consistently passing',
        meaning:
          'The target lies outside the process limits on the good side: it will be met unless something changes.',
      },
      {
        term: 'Hit and miss',
        meaning:
          'The target lies inside the process limits: it will be met some of the time and missed some of the time.',
      },
      {
        term: 'Consistently failing',
        meaning: 'The target lies outside the process limits on the wrong side: it will not be met without a change.',
      },
      { term: 'No assurance', meaning: 'There is no target, no polarity or too few values to judge.' },
    ],
  },
  {
    heading: 'Values and exceptions',
    entries: [
      {
        term: 'Provisional / Estimate',
        meaning: 'The value may change when the final figure is returned.',
      },
      {
        term: 'Suppressed',
        meaning: 'The value is withheld to protect small numbers. It is not zero.',
      },
      {
        term: 'Exception: Positive / Concern',
        meaning:
          'Positive: performance well above target or a significant improvement. Concern: off target, a target unlikely to be met, a significant change for the worse, or a missing, late or doubtful return.',
      },
    ],
  },
];

/** Exceptions in report order: by priority (plan order, unknown last), owning group, concerns before positives, indicator. */
export function orderExceptions(model: ReportModel): ExceptionItem[] {
  const priorityIndex = new Map(model.priorities.map((p, i) => [p.code, i]));
  const rank = (code: string) => priorityIndex.get(code) ?? Number.MAX_SAFE_INTEGER;
  return [...model.exceptions].sort(
    (a, b) =>
      rank(a.priorityCode) - rank(b.priorityCode) ||
      compareText(a.priorityCode, b.priorityCode) ||
      compareText(a.owningGroup, b.owningGroup) ||
      Number(a.positive) - Number(b.positive) ||
      compareText(a.indicatorCode, b.indicatorCode) ||
      compareText(a.areaName, b.areaName),
  );
}

/** Code-point order, not the machine's locale, so the order never depends on where it runs. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function priorityHeading(model: ReportModel, priorityCode: string): string {
  const priority = model.priorities.find((p) => p.code === priorityCode);
  return priority ? `${priority.code} ${priority.title}` : `${priorityCode} (not in this report's priorities)`;
}

/** The protective marking every page and sheet carries (Government Security Classifications). */
export function classificationMarking(model: Pick<ReportModel, 'confidential'>): string {
  return model.confidential ? 'OFFICIAL-SENSITIVE: CONFIDENTIAL' : 'OFFICIAL';
}

/** What a paper says where it has no commentary to print, or may not print the commentary it has. */
export function missingCommentaryText(exception: Pick<ExceptionItem, 'commentaryHeld'>): string {
  return exception.commentaryHeld ? 'Commentary held by the executive.' : 'No commentary yet from the owning group.';
}
