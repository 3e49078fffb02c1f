/**
 * Small, hand-checkable ReportModels for renderer tests. Every builder takes a partial override; nested
 * objects are replaced whole (pass a complete `latest` or `target` when overriding them).
 */
import type {
  ExceptionItem,
  PrioritySummary,
  ReportModel,
  ReportPriority,
  TargetRow,
  TrendPoint,
} from '../../libs/reporting/index.js';

export const QUARTERS = [
  '2022-23 Q3',
  '2022-23 Q4',
  '2023-24 Q1',
  '2023-24 Q2',
  '2023-24 Q3',
  '2023-24 Q4',
  '2024-25 Q1',
  '2024-25 Q2',
] as const;

export function buildSeries(values: readonly (number | null)[], overrides: Partial<TrendPoint>[] = []): TrendPoint[] {
  return values.map((value, i) => ({
    label: QUARTERS[i] ?? `Point ${i + 1}`,
    value,
    pointType: 'common_cause',
    ...overrides[i],
  }));
}

/** A percentage target: latest 12.5% against "At least 15.0%", red. */
export function buildTargetRow(overrides: Partial<TargetRow> = {}): TargetRow {
  return {
    indicatorCode: 'CYP001',
    indicatorTitle: 'Percentage of eligible two-year-olds taking up funded early education',
    unit: 'percentage',
    decimalPlaces: 1,
    polarity: 'higher_is_better',
    owningGroup: 'Birth to Five Partnership',
    latest: { periodLabel: '2024-25 Q2', value: 12.5, status: 'actual' },
    target: { value: 15, rangeLow: null, rangeHigh: null, label: 'At least 15.0%' },
    rag: 'red',
    ragLabel: 'Off target',
    directionOfTravel: { vsPrevious: 'Worsening', vsLastYear: 'No change' },
    spc: {
      variation: 'Special cause concern (low)',
      assurance: 'Hit and miss',
      explanation: 'Special cause concern (low): 1 point below the lower process limit (2024-25 Q2).',
    },
    forecast: 'Forecast year end 13.1%: target unlikely to be met',
    comparators: { england: 14.2, region: 13.8, comparison: 'Similar to England' },
    series: buildSeries(
      [14.1, 14.6, 13.9, 14.4, 14.8, 14.2, 14.5, 12.5],
      [{}, {}, {}, {}, {}, {}, {}, { pointType: 'special_cause_concern' }],
    ),
    spcLimits: { mean: 14.1, upper: 15.6, lower: 12.6 },
    comparatorSeries: [
      {
        name: 'England',
        points: [
          { label: '2023-24 Q2', value: 14.0 },
          { label: '2024-25 Q2', value: 14.2 },
        ],
      },
    ],
    ...overrides,
  };
}

export function buildException(overrides: Partial<ExceptionItem> = {}): ExceptionItem {
  return {
    kind: 'below_target',
    positive: false,
    indicatorCode: 'CYP001',
    indicatorTitle: 'Percentage of eligible two-year-olds taking up funded early education',
    areaName: 'Shire County Council',
    periodLabel: '2024-25 Q2',
    priorityCode: 'P1',
    owningGroup: 'Birth to Five Partnership',
    reasons: ['12.5% is 2.5 points below the target of 15.0%, beyond the tolerance of 1.0.'],
    status: 'commented',
    commentary: {
      cause: 'Two nurseries closed in the north locality in June.',
      action: 'Places commissioned from childminders; outreach to eligible families through health visitors.',
      expectedRecoveryDate: '2025-03-31',
      author: 'Birth to Five Partnership data officer',
      at: '2024-10-21T10:15:00Z',
    },
    commentaryHeld: false,
    history: [
      { at: '2024-10-08T07:00:00Z', status: 'open', by: 'CYPP Scorecard (automatic)', note: null },
      {
        at: '2024-10-21T10:15:00Z',
        status: 'commented',
        by: 'Birth to Five Partnership data officer',
        note: 'Commentary added',
      },
    ],
    ...overrides,
  };
}

export function buildPriority(overrides: Partial<ReportPriority> = {}): ReportPriority {
  return {
    code: 'P1',
    title: 'Be healthy',
    accountableMember: 'Director of Public Health',
    rows: [buildTargetRow()],
    ...overrides,
  };
}

/** Counts per priority as the builder of the real model would give them. */
export function summarise(
  priorities: readonly ReportPriority[],
  exceptions: readonly ExceptionItem[],
): PrioritySummary[] {
  return priorities.map((p) => ({
    priorityCode: p.code,
    priorityTitle: p.title,
    green: p.rows.filter((r) => r.rag === 'green').length,
    amber: p.rows.filter((r) => r.rag === 'amber').length,
    red: p.rows.filter((r) => r.rag === 'red').length,
    noTarget: p.rows.filter((r) => r.rag === 'none').length,
    exceptions: exceptions.filter((e) => e.priorityCode === p.code).length,
  }));
}

/** One priority, one red percentage target, one exception with commentary; summary derived unless given. */
export function buildReportModel(overrides: Partial<ReportModel> = {}): ReportModel {
  const priorities = overrides.priorities ?? [buildPriority()];
  const exceptions = overrides.exceptions ?? [buildException()];
  return {
    type: 'board_scorecard',
    title: 'Quarterly scorecard',
    audience: 'Children’s Trust Board',
    period: { label: '2024-25 Q2', start: '2024-07-01', end: '2024-09-30' },
    generatedAt: '2024-10-28T09:30:00Z',
    dataCut: { returnIds: ['ret-1', 'ret-2'], targetVersionIds: ['tv-1'] },
    confidential: false,
    summary: { perPriority: summarise(priorities, exceptions), headlines: ['1 target is off target.'] },
    ...overrides,
    priorities,
    exceptions,
  };
}
