/**
 * A deterministic, realistic-looking ReportModel of any size, for the benchmark, demos and previews of the
 * layout. Not the evaluation engine: its RAG, SPC and wording are simple stand-ins (a seeded generator,
 * XmR limits from the whole series, points outside the limits flagged) so that every part of a report has
 * something to show.
 */
import type {
  ExceptionItem,
  ExceptionKind,
  IndicatorUnit,
  Polarity,
  PrioritySummary,
  RagRating,
  ReportModel,
  ReportPriority,
  SpcPointType,
  TargetRow,
  TrendPoint,
} from './report-model.js';

export interface SampleReportOptions {
  /** Number of targets (rows), spread over the priorities. Default 24. */
  readonly targets?: number;
  /** Default 5 (the Every Child Matters outcomes). */
  readonly priorities?: number;
  /** Quarterly points per trend. Default 12. */
  readonly points?: number;
  readonly seed?: number;
  readonly confidential?: boolean;
}

const PRIORITIES = [
  { title: 'Be healthy', member: 'Director of Public Health' },
  { title: 'Stay safe', member: 'Director of Children’s Services' },
  { title: 'Enjoy and achieve', member: 'Assistant Director, Education' },
  { title: 'Make a positive contribution', member: 'Head of Youth Offending Service' },
  { title: 'Achieve economic well-being', member: 'Chair, 13 to 19 Partnership' },
  { title: 'Emotional wellbeing and mental health', member: 'CAMHS Commissioning Lead' },
];

const GROUPS = [
  'Birth to Five Partnership',
  'Five to 13 Partnership',
  '13 to 19 Partnership',
  'Corporate Parenting Board',
  'Disabled Children’s Group',
  'Emotional Wellbeing Group',
];

const INDICATORS: readonly { title: string; unit: IndicatorUnit; dp: number; polarity: Polarity; base: number }[] = [
  {
    title: 'Percentage of mothers initiating breastfeeding',
    unit: 'percentage',
    dp: 1,
    polarity: 'higher_is_better',
    base: 74,
  },
  { title: 'Obesity prevalence in Year 6 children', unit: 'percentage', dp: 1, polarity: 'lower_is_better', base: 21 },
  {
    title: 'Rate of children looked after per 10,000 children aged under 18',
    unit: 'rate_per_10000',
    dp: 1,
    polarity: 'no_polarity',
    base: 64,
  },
  {
    title: 'Percentage of looked after children with three or more placements during the year',
    unit: 'percentage',
    dp: 1,
    polarity: 'lower_is_better',
    base: 10,
  },
  {
    title: 'Number of first-time entrants to the youth justice system',
    unit: 'count',
    dp: 0,
    polarity: 'lower_is_better',
    base: 140,
  },
  {
    title: 'Average number of days between a child entering care and moving in with an adoptive family',
    unit: 'days',
    dp: 0,
    polarity: 'lower_is_better',
    base: 420,
  },
  {
    title: 'Hospital admissions caused by unintentional and deliberate injuries in children aged 0 to 14, per 10,000',
    unit: 'rate_per_10000',
    dp: 1,
    polarity: 'lower_is_better',
    base: 95,
  },
  {
    title:
      'Percentage of 16 to 17 year olds not in education, employment or training (NEET) or whose activity is not known',
    unit: 'percentage',
    dp: 1,
    polarity: 'lower_is_better',
    base: 5.5,
  },
  {
    title: 'Under-18 conception rate per 1,000 females aged 15 to 17',
    unit: 'rate_per_1000',
    dp: 1,
    polarity: 'lower_is_better',
    base: 16,
  },
  {
    title: 'Average Attainment 8 score of pupils at the end of Key Stage 4',
    unit: 'score',
    dp: 1,
    polarity: 'higher_is_better',
    base: 46,
  },
  {
    title: 'Percentage of child protection plans lasting two years or more',
    unit: 'percentage',
    dp: 1,
    polarity: 'lower_is_better',
    base: 3.5,
  },
  {
    title: 'Percentage of children achieving a good level of development at the end of Reception',
    unit: 'percentage',
    dp: 1,
    polarity: 'higher_is_better',
    base: 66,
  },
  {
    title: 'Emergency admissions for self-harm in young people aged 10 to 24, per 100,000',
    unit: 'rate_per_100000',
    dp: 1,
    polarity: 'lower_is_better',
    base: 420,
  },
  {
    title: 'Percentage of referrals to children’s social care that are re-referrals within 12 months',
    unit: 'percentage',
    dp: 1,
    polarity: 'lower_is_better',
    base: 22,
  },
  { title: 'Number of children missing from education', unit: 'count', dp: 0, polarity: 'lower_is_better', base: 310 },
];

/** mulberry32: small, fast and reproducible across platforms. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function round(value: number, dp: number): number {
  const f = 10 ** dp;
  return Math.round(value * f) / f;
}

function quarterLabels(count: number, lastFyStart: number, lastQuarter: number): string[] {
  const labels: string[] = [];
  let fy = lastFyStart;
  let q = lastQuarter;
  for (let i = 0; i < count; i++) {
    labels.unshift(`${fy}-${String((fy + 1) % 100).padStart(2, '0')} Q${q}`);
    q -= 1;
    if (q === 0) {
      q = 4;
      fy -= 1;
    }
  }
  return labels;
}

function formatted(value: number, unit: IndicatorUnit, dp: number): string {
  const n = value.toFixed(dp);
  return unit === 'percentage' ? `${n}%` : unit === 'days' ? `${n} days` : n;
}

function buildRow(index: number, priorityIndex: number, pointCount: number, next: () => number): TargetRow {
  // Skips along the list so that every priority gets a mix of indicators, not every fifth one.
  const spec = INDICATORS[(index + Math.floor(index / INDICATORS.length) + priorityIndex * 2) % INDICATORS.length]!;
  const scale = spec.base * 0.08;
  const drift = (next() - 0.5) * scale * 0.3;
  const labels = quarterLabels(pointCount, 2024, 2);
  const values: (number | null)[] = labels.map((_, i) => {
    const shock = i === pointCount - 1 && next() < 0.2 ? (next() < 0.5 ? -1 : 1) * scale * 4 : 0;
    const v = spec.base + drift * i + (next() - 0.5) * 2 * scale + shock;
    return round(Math.max(0, spec.unit === 'percentage' ? Math.min(100, v) : v), spec.dp);
  });
  if (next() < 0.05) values[Math.floor(next() * (pointCount - 1))] = null;
  const present = values.filter((v): v is number => v !== null);
  const mean = present.reduce((a, b) => a + b, 0) / present.length;
  const ranges = values
    .slice(1)
    .flatMap((v, i) => (v !== null && values[i] !== null ? [Math.abs(v - values[i]!)] : []));
  const mr = ranges.length ? ranges.reduce((a, b) => a + b, 0) / ranges.length : 0;
  const upper = mean + 2.66 * mr;
  const lower = mean - 2.66 * mr;
  const better = spec.polarity === 'higher_is_better' ? 1 : spec.polarity === 'lower_is_better' ? -1 : 0;
  const series: TrendPoint[] = labels.map((label, i) => {
    const value = values[i] ?? null;
    let pointType: SpcPointType = 'common_cause';
    if (value !== null && (value > upper || value < lower)) {
      const direction = value > upper ? 1 : -1;
      pointType =
        better === 0
          ? 'special_cause_neutral'
          : direction === better
            ? 'special_cause_improvement'
            : 'special_cause_concern';
    }
    return { label, value, pointType };
  });

  const latestValue = values[pointCount - 1] ?? null;
  const hasTarget = next() > 0.08;
  const targetValue = better === 0 || !hasTarget ? null : round(spec.base + better * scale * (next() - 0.2), spec.dp);
  const inRange = better === 0 && hasTarget;
  const tolerance = scale * 0.8;
  let rag: RagRating = 'none';
  if (latestValue !== null && targetValue !== null) {
    const gap = (latestValue - targetValue) * better;
    rag = gap >= 0 ? 'green' : -gap <= tolerance ? 'amber' : 'red';
  } else if (latestValue !== null && inRange) {
    rag = Math.abs(latestValue - spec.base) <= scale ? 'green' : 'amber';
  }
  const ragLabel = { green: 'On target', amber: 'Near target', red: 'Off target', none: 'No target' }[rag];
  const last = series[pointCount - 1]!;
  const variation =
    last.pointType === 'special_cause_concern'
      ? `Special cause concern (${last.value! > mean ? 'high' : 'low'})`
      : last.pointType === 'special_cause_improvement'
        ? `Special cause improvement (${last.value! > mean ? 'high' : 'low'})`
        : last.pointType === 'special_cause_neutral'
          ? 'Special cause (neutral)'
          : 'Common cause';
  const assurance =
    targetValue === null || better === 0
      ? 'No assurance'
      : targetValue > upper || targetValue < lower
        ? (targetValue - mean) * better < 0
          ? 'Consistently passing'
          : 'Consistently failing'
        : 'Hit and miss';
  const dot = () => (['Improving', 'Worsening', 'No change'] as const)[Math.floor(next() * 3)]!;
  const england = round(spec.base * (0.9 + next() * 0.2), spec.dp);
  const region = round(spec.base * (0.9 + next() * 0.2), spec.dp);
  const code = `CYP${String(index + 1).padStart(3, '0')}`;
  return {
    indicatorCode: code,
    indicatorTitle: spec.title,
    unit: spec.unit,
    decimalPlaces: spec.dp,
    polarity: spec.polarity,
    owningGroup: GROUPS[(index + priorityIndex) % GROUPS.length]!,
    latest: {
      periodLabel: labels[pointCount - 1]!,
      value: latestValue,
      status: latestValue === null ? 'suppressed' : next() < 0.15 ? 'provisional' : 'actual',
    },
    target: {
      value: targetValue,
      rangeLow: inRange ? round(spec.base - scale, spec.dp) : null,
      rangeHigh: inRange ? round(spec.base + scale, spec.dp) : null,
      label:
        targetValue !== null
          ? `${better > 0 ? 'At least' : 'At most'} ${formatted(targetValue, spec.unit, spec.dp)}`
          : inRange
            ? `Between ${formatted(spec.base - scale, spec.unit, spec.dp)} and ${formatted(spec.base + scale, spec.unit, spec.dp)}`
            : 'No target',
    },
    rag,
    ragLabel,
    directionOfTravel: { vsPrevious: dot(), vsLastYear: dot() },
    spc: {
      variation,
      assurance,
      explanation: `${variation}: the latest point (${last.label}) ${last.pointType === 'common_cause' ? 'shows no special cause' : 'lies outside the process limits'}. Assurance: ${assurance.toLowerCase()}.`,
    },
    forecast: targetValue === null ? null : `Forecast year end ${formatted(mean + drift * 4, spec.unit, spec.dp)}`,
    comparators: {
      england,
      region,
      comparison:
        next() < 0.5
          ? 'Similar to England'
          : better * (england - (latestValue ?? 0)) > 0
            ? 'Significantly worse than England'
            : 'Significantly better than England',
    },
    series,
    spcLimits: { mean: round(mean, 3), upper: round(upper, 3), lower: round(Math.max(0, lower), 3) },
    comparatorSeries: [
      {
        name: 'England',
        points: labels
          .filter((_, i) => i % 4 === 3 || i === pointCount - 1)
          .map((label) => ({ label, value: round(england * (0.97 + next() * 0.06), spec.dp) })),
      },
    ],
  };
}

function exceptionFor(row: TargetRow, priorityCode: string, i: number): ExceptionItem | null {
  const concern = row.series.at(-1)?.pointType === 'special_cause_concern';
  const improvement = row.series.at(-1)?.pointType === 'special_cause_improvement';
  let kind: ExceptionKind | null = null;
  if (row.rag === 'red') kind = 'below_target';
  else if (concern) kind = 'special_cause_concern';
  else if (improvement) kind = 'special_cause_improvement';
  else if (row.latest.status === 'suppressed') kind = 'missing_return';
  if (!kind) return null;
  const positive = kind === 'special_cause_improvement';
  const commented = i % 3 !== 0;
  return {
    kind,
    positive,
    indicatorCode: row.indicatorCode,
    indicatorTitle: row.indicatorTitle,
    areaName: 'Shire County Council',
    periodLabel: row.latest.periodLabel,
    priorityCode,
    owningGroup: row.owningGroup,
    reasons: [
      kind === 'below_target'
        ? `${row.latest.value} is worse than the target (${row.target.label}) by more than the tolerance.`
        : kind === 'missing_return'
          ? `No value was returned for ${row.latest.periodLabel}.`
          : `${row.spc.variation}: the latest point lies outside the process limits.`,
    ],
    status: commented ? 'commented' : 'open',
    commentary: commented
      ? {
          cause: positive
            ? 'The new early help offer has reached more families than planned.'
            : 'Staffing vacancies in the locality teams during the summer reduced capacity for follow-up visits.',
          action: positive
            ? 'Share the approach with the other localities at the next practitioner forum.'
            : 'Agency staff recruited from September; weekly performance clinic with team managers until the position recovers.',
          expectedRecoveryDate: positive ? null : '2025-03-31',
          author: 'Jo Bloggs, Performance Lead',
          at: '2024-10-21T10:15:00Z',
        }
      : null,
    history: [
      { at: '2024-10-08T07:00:00Z', status: 'open', by: 'Exception engine', note: null },
      ...(commented
        ? [{ at: '2024-10-21T10:15:00Z', status: 'commented' as const, by: 'Jo Bloggs', note: 'Commentary added' }]
        : []),
    ],
  };
}

export function sampleReportModel(options: SampleReportOptions = {}): ReportModel {
  const targetCount = options.targets ?? 24;
  const priorityCount = Math.min(options.priorities ?? 5, PRIORITIES.length);
  const pointCount = options.points ?? 12;
  const next = random(options.seed ?? 20241008);
  const priorities: ReportPriority[] = [];
  const exceptions: ExceptionItem[] = [];
  for (let p = 0; p < priorityCount; p++) {
    const rows: TargetRow[] = [];
    for (let t = p; t < targetCount; t += priorityCount) rows.push(buildRow(t, p, pointCount, next));
    const code = `P${p + 1}`;
    rows.forEach((row, i) => {
      const exception = exceptionFor(row, code, i);
      if (exception) exceptions.push(exception);
    });
    priorities.push({ code, title: PRIORITIES[p]!.title, accountableMember: PRIORITIES[p]!.member, rows });
  }
  const perPriority: PrioritySummary[] = priorities.map((p) => ({
    priorityCode: p.code,
    priorityTitle: p.title,
    green: p.rows.filter((r) => r.rag === 'green').length,
    amber: p.rows.filter((r) => r.rag === 'amber').length,
    red: p.rows.filter((r) => r.rag === 'red').length,
    noTarget: p.rows.filter((r) => r.rag === 'none').length,
    exceptions: exceptions.filter((e) => e.priorityCode === p.code).length,
  }));
  const red = perPriority.reduce((a, p) => a + p.red, 0);
  const green = perPriority.reduce((a, p) => a + p.green, 0);
  return {
    type: 'board_scorecard',
    title: 'Children and Young People’s Plan: quarterly scorecard',
    audience: 'Children’s Trust Board',
    period: { label: '2024-25 Q2', start: '2024-07-01', end: '2024-09-30' },
    generatedAt: '2024-10-28T09:30:00Z',
    dataCut: {
      returnIds: Array.from(
        { length: Math.max(1, Math.ceil(targetCount / 8)) },
        (_, i) => `ret-${String(i + 1).padStart(4, '0')}`,
      ),
      targetVersionIds: Array.from({ length: targetCount }, (_, i) => `tv-${String(i + 1).padStart(4, '0')}`),
    },
    confidential: options.confidential ?? false,
    summary: {
      perPriority,
      headlines: [
        `${green} of ${targetCount} targets are on target; ${red} are off target.`,
        `${exceptions.filter((e) => !e.positive).length} exceptions need attention and ${exceptions.filter((e) => e.positive).length} show exceptional performance.`,
      ],
    },
    priorities,
    exceptions,
  };
}
