import { describe, expect, it } from 'vitest';
import { financialYear, quarter } from '../periods/index.js';
import { TargetBook, type TargetFacts } from './applicable-target.js';
import { periodInfo, type PeriodInfo } from './period-info.js';
import { resolutionNote } from '../exceptions/resolution-notes.js';
import { SeriesEvaluation, type IndicatorFacts, type SeriesInput, type ValuePoint } from './series-evaluation.js';

const INDICATOR: IndicatorFacts = {
  id: 'ind-1',
  code: 'CYP01',
  unit: 'percentage',
  decimalPlaces: 1,
  polarity: 'higher_is_better',
  rollUp: 'recompute',
  cumulativeYtd: false,
  priorityId: 'priority-1',
  plausibleMin: null,
  plausibleMax: null,
};

const q = (fy: number, n: number): PeriodInfo => periodInfo(quarter(fy, n));

function annualTarget(fy: number, overrides: Partial<TargetFacts> = {}): TargetFacts {
  return {
    targetId: `t-${fy}`,
    versionId: `v-${fy}`,
    version: 1,
    areaId: null,
    period: periodInfo(financialYear(fy)),
    value: 80,
    rangeLow: null,
    rangeHigh: null,
    tolerance: { kind: 'absolute', amount: 2 },
    exceptional: { kind: 'absolute', amount: 5 },
    owningGroupId: 'owner',
    ...overrides,
  };
}

function point(period: PeriodInfo, value: number | null, extra: Partial<ValuePoint> = {}): ValuePoint {
  return {
    period,
    value,
    numerator: null,
    denominator: null,
    status: 'actual',
    returnId: 'r1',
    returnGroupId: 'submitter',
    ...extra,
  };
}

function evaluate(
  points: ValuePoint[],
  targets: TargetFacts[] = [annualTarget(2024)],
  extra: Partial<SeriesInput> = {},
) {
  const sut = new SeriesEvaluation({
    indicator: INDICATOR,
    areaId: 'home',
    takesAuthorityTargets: true,
    points,
    targets: new TargetBook(targets),
    ...extra,
  });
  return { sut, raised: sut.evaluate() };
}

/** 2021-22 Q2 to 2024-25 Q2. */
const quarters13 = (): PeriodInfo[] =>
  Array.from({ length: 13 }, (_, i) => q(2021 + Math.floor((i + 1) / 4), ((i + 1) % 4) + 1));

const kindsAt = (raised: { kind: string; period: PeriodInfo }[]): string[] =>
  raised.map((e) => `${e.kind} ${e.period.label}`).sort();

describe(SeriesEvaluation.name, () => {
  it('raises below target for a red value, owned by the target’s owning group, with the figures compared', () => {
    const { raised } = evaluate([point(q(2024, 1), 70)]);

    expect(kindsAt(raised)).toEqual(['below_target 2024-25 Q1']);
    expect(raised[0]).toMatchObject({
      positive: false,
      owningGroupId: 'owner',
      targetVersionId: 'v-2024',
      returnId: 'r1',
    });
    expect(raised[0]!.reasons.figures).toMatchObject({
      value: 70,
      comparedWith: 80,
      rag: 'red',
      basis: 'financial_year',
    });
    expect(raised[0]!.reasons.summary).toContain('Red: 70.0 is 10.0 worse than the target of 80.0');
  });

  it('raises a positive well above target exception when better by the exceptional band', () => {
    const { raised } = evaluate([point(q(2024, 1), 85)]);

    expect(kindsAt(raised)).toEqual(['well_above_target 2024-25 Q1']);
    expect(raised[0]!.positive).toBe(true);
  });

  it('raises nothing for an amber value', () => {
    expect(evaluate([point(q(2024, 1), 79)]).raised).toEqual([]);
  });

  it('raises target unlikely to be met from the year-to-date trend while the latest quarter is green', () => {
    const { raised } = evaluate(
      [point(q(2024, 1), 90), point(q(2024, 2), 85), point(q(2024, 3), 81)],
      [annualTarget(2024, { exceptional: { kind: 'absolute', amount: 20 } })],
    );

    expect(kindsAt(raised)).toEqual(['target_unlikely_to_be_met 2024-25 Q3']);
    expect(raised[0]!.reasons.figures).toMatchObject({ method: 'linear_trend', forecastRag: 'red', latestValue: 81 });
    expect(raised[0]!.reasons.points).toHaveLength(3);
  });

  it('forecasts a cumulative year-to-date count at its run rate', () => {
    const counts: IndicatorFacts = {
      ...INDICATOR,
      unit: 'count',
      rollUp: 'sum',
      cumulativeYtd: true,
      decimalPlaces: 0,
    };
    const sut = new SeriesEvaluation({
      indicator: counts,
      areaId: 'home',
      takesAuthorityTargets: true,
      points: [point(q(2024, 1), 20), point(q(2024, 2), 40)],
      targets: new TargetBook([annualTarget(2024, { value: 100, tolerance: { kind: 'absolute', amount: 5 } })]),
    });

    const raised = sut.evaluate();

    // 40 in 2 of 4 quarters → 80 by the year end, beyond the tolerance of 5 below 100.
    expect(kindsAt(raised)).toContain('target_unlikely_to_be_met 2024-25 Q2');
    expect(raised.find((e) => e.kind === 'target_unlikely_to_be_met')!.reasons.figures).toMatchObject({
      method: 'run_rate',
      forecast: 80,
    });
  });

  it('flags special cause concern from a run of 7 below the mean', () => {
    const values = [80, 82, 79, 81, 80, 82, 76, 77, 75, 77, 76, 75, 77];
    const periods = [
      q(2021, 2),
      q(2021, 3),
      q(2021, 4),
      q(2022, 1),
      q(2022, 2),
      q(2022, 3),
      q(2022, 4),
      q(2023, 1),
      q(2023, 2),
      q(2023, 3),
      q(2023, 4),
      q(2024, 1),
      q(2024, 2),
    ];

    const { raised } = evaluate(
      periods.map((p, i) => point(p, values[i]!)),
      [],
    );

    expect(kindsAt(raised)).toEqual(['special_cause_concern 2024-25 Q2']);
    expect(raised[0]!.reasons.figures).toMatchObject({ signal: { rule: 'one_side_of_mean', side: 'low', points: 7 } });
    expect(raised[0]!.reasons.points).toHaveLength(13);
  });

  it('charts a cumulative year-to-date count by each quarter’s own amount, so the April reset is no special cause', () => {
    const counts: IndicatorFacts = {
      ...INDICATOR,
      unit: 'count',
      rollUp: 'sum',
      cumulativeYtd: true,
      decimalPlaces: 0,
    };
    const periods = quarters13();
    const steady = [25, 24, 26, 25, 26, 24, 25, 26, 24, 25, 26, 25, 24];
    const lowLately = [25, 24, 26, 25, 26, 24, 20, 19, 21, 20, 19, 21, 20];
    const run = (amounts: number[]) => {
      let total = 0;
      const points = periods.map((p, i) => {
        total = (p.position === 1 ? 0 : total) + amounts[i]!;
        return point(p, total);
      });
      return new SeriesEvaluation({
        indicator: counts,
        areaId: 'home',
        takesAuthorityTargets: true,
        points,
        targets: new TargetBook([]),
      }).evaluate();
    };

    expect(run(steady)).toEqual([]);
    expect(kindsAt(run(lowLately))).toEqual(['special_cause_concern 2024-25 Q2']);
  });

  it('raises data quality for a percentage over 100 and does not judge that value against the target', () => {
    const { raised } = evaluate([point(q(2024, 1), 104)]);

    expect(kindsAt(raised)).toEqual(['data_quality 2024-25 Q1']);
    expect(raised[0]!.reasons.figures).toMatchObject({
      findings: [{ code: 'percentage_over_100', severity: 'error' }],
    });
  });

  it('raises data quality for a numerator larger than its denominator', () => {
    const { raised } = evaluate([point(q(2024, 1), 75, { numerator: 12, denominator: 10 })]);

    expect(raised.find((e) => e.kind === 'data_quality')!.reasons.figures).toMatchObject({
      findings: expect.arrayContaining([{ code: 'numerator_exceeds_denominator', severity: 'error' }]),
    });
  });

  it('raises worse than England and worsening when significantly worse and trending worse', () => {
    const periods = [q(2023, 4), q(2024, 1), q(2024, 2), q(2024, 3), q(2024, 4)];
    const values = [44, 41, 38, 35, 32];
    const points = periods.map((p, i) => point(p, values[i]!, { numerator: values[i]! * 10, denominator: 1000 }));
    const benchmark = new Map(periods.map((p) => [p.key, { value: 50 }]));

    const { raised } = evaluate(points, [], { benchmark });

    expect(kindsAt(raised)).toEqual(['worse_and_worsening 2024-25 Q4']);
    expect(raised[0]!.reasons.figures).toMatchObject({ comparison: 'worse', trend: 'decreasing', benchmark: 50 });
  });

  it('judges per-period rules only from the scope period on, but series rules on the whole series', () => {
    const { raised } = evaluate(
      [point(q(2024, 1), 60), point(q(2024, 2), 61), point(q(2024, 3), 62)],
      [annualTarget(2024)],
      {
        fromPeriodStart: q(2024, 3).period.start,
      },
    );

    expect(kindsAt(raised)).toEqual(['below_target 2024-25 Q3', 'target_unlikely_to_be_met 2024-25 Q3']);
  });

  it('names the previous period’s exception for carry-forward, but not for data quality', () => {
    const { raised } = evaluate([point(q(2024, 2), 70), point(q(2024, 3), 104)]);

    expect(raised.find((e) => e.kind === 'below_target')!.previousKey).toBe('below_target|ind-1:home|2024-25-Q1');
    expect(raised.find((e) => e.kind === 'data_quality')!.previousKey).toBeNull();
  });

  it('gives the same exceptions and reasons for the same series', () => {
    const points = [point(q(2024, 1), 70), point(q(2024, 2), 90)];

    expect(JSON.stringify(evaluate(points).raised)).toBe(JSON.stringify(evaluate(points).raised));
  });
});

describe(resolutionNote.name, () => {
  it('says the value was corrected and what its status is now', () => {
    const { sut } = evaluate([point(q(2024, 1), 81, { returnId: 'r2' })]);

    const note = resolutionNote(
      {
        kind: 'below_target',
        periodType: 'quarter',
        periodKey: '2024-25-Q1',
        periodLabel: '2024-25 Q1',
        returnId: 'r1',
      },
      sut,
    );

    expect(note).toBe('value corrected to 81.0, now green (on target)');
  });

  it('says when the value is gone', () => {
    const { sut } = evaluate([point(q(2024, 2), 81)]);

    const note = resolutionNote(
      {
        kind: 'below_target',
        periodType: 'quarter',
        periodKey: '2024-25-Q1',
        periodLabel: '2024-25 Q1',
        returnId: 'r1',
      },
      sut,
    );

    expect(note).toBe('there is no value for 2024-25 Q1 any more');
  });

  it('says what the latest point of the chart shows now', () => {
    const values = [80, 82, 79, 81, 80, 82, 76, 77, 75, 77, 76, 75, 81];
    const periods = [
      q(2021, 2),
      q(2021, 3),
      q(2021, 4),
      q(2022, 1),
      q(2022, 2),
      q(2022, 3),
      q(2022, 4),
      q(2023, 1),
      q(2023, 2),
      q(2023, 3),
      q(2023, 4),
      q(2024, 1),
      q(2024, 2),
    ];
    const { sut } = evaluate(
      periods.map((p, i) => point(p, values[i]!)),
      [],
    );

    const note = resolutionNote(
      {
        kind: 'special_cause_concern',
        periodType: 'quarter',
        periodKey: '2024-25-Q2',
        periodLabel: '2024-25 Q2',
        returnId: 'r1',
      },
      sut,
    );

    expect(note).toMatch(/^now common cause/);
  });
});
