import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../libs/access/index.js';
import type { Area, Group, Indicator } from '../../libs/catalogue/index.js';
import { ExceptionEvaluator, ExceptionsService } from '../../libs/exceptions/index.js';
import { financialYear, formatPeriod, quarter, type Period } from '../../libs/periods/index.js';
import { ControlledClock } from '../factories/controlled-clock.js';
import { quarters, ScorecardFactory } from '../factories/exceptions.factory.js';
import { createTestApi, TestApi } from './test-app.js';

interface ExceptionRow {
  id: string;
  kind: string;
  subject: string;
  period: string;
  status: string;
  closure: string | null;
  holds: boolean;
  owning_group_id: string | null;
  return_id: string | null;
  target_version_id: string | null;
  summary: string;
  reasons: { rule: string; text: string[]; figures: Record<string, unknown>; points?: unknown[] };
  carried_forward_from_id: string | null;
}

const FY = financialYear(2024);
const [Q1, Q2, Q3] = [quarter(2024, 1), quarter(2024, 2), quarter(2024, 3)];
/** 2021-22 Q3 to 2024-25 Q3: six quarters around 80, then seven below the mean. */
const SPC_QUARTERS = quarters(2021, 3, 13);
const SPC_VALUES = [80, 82, 79, 81, 80, 82, 76, 77, 75, 77, 76, 75, 77];
const WORSENING_QUARTERS = quarters(2023, 3, 5);
const WORSENING_VALUES = [44, 41, 38, 35, 32];

describe(ExceptionEvaluator.name, () => {
  let api: TestApi;
  let sut: ExceptionEvaluator;
  let make: ScorecardFactory;
  let own: Group;
  let other: Group;
  let england: Area;
  const ind: Record<'rag' | 'trend' | 'spc' | 'quality' | 'worse' | 'carry' | 'others', Indicator> = {} as never;
  const firstQ1Return: { id?: string } = {};
  const clock = new ControlledClock(new Date('2025-02-01T09:00:00Z'));
  const admin = systemActor('test admin');

  /** The values each of the own group's quarterly returns carries, so a correction can resend the rest unchanged. */
  function ownValues(period: Period, overrides: Partial<Record<keyof typeof ind, number>> = {}) {
    const key = formatPeriod(period);
    const at = (list: Period[], values: number[]) => values[list.findIndex((p) => formatPeriod(p) === key)];
    const rows: { indicator: Indicator; value: number; numerator?: number; denominator?: number }[] = [];
    const spc = at(SPC_QUARTERS, SPC_VALUES);
    if (spc !== undefined) rows.push({ indicator: ind.spc, value: spc });
    const worse = at(WORSENING_QUARTERS, WORSENING_VALUES);
    if (worse !== undefined)
      rows.push({ indicator: ind.worse, value: worse, numerator: worse * 10, denominator: 1000 });
    const inYear: Record<string, Partial<Record<keyof typeof ind, number>>> = {
      '2024-25 Q1': { rag: 70, trend: 90, quality: 104, carry: 70 },
      '2024-25 Q2': { rag: 86, trend: 85, quality: 80, carry: 70 },
      '2024-25 Q3': { rag: 80, trend: 81, quality: 80, carry: 70 },
    };
    for (const [name, value] of Object.entries({ ...inYear[key], ...overrides })) {
      const existing = rows.find((row) => row.indicator === ind[name as keyof typeof ind]);
      if (existing) existing.value = value as number;
      else rows.push({ indicator: ind[name as keyof typeof ind], value: value as number });
    }
    return rows;
  }

  const all = (): Promise<ExceptionRow[]> =>
    api.dataSource.query(
      `SELECT e.id, e.kind, coalesce(i.code, g.code) AS subject, e.period_type || ' ' || e.period_start::text AS period, e.status,
              e.closure, e.holds, e.owning_group_id, e.return_id, e.target_version_id, e.summary, e.reasons, e.carried_forward_from_id
         FROM exception e LEFT JOIN indicator i ON i.id = e.indicator_id LEFT JOIN partnership_group g ON g.id = e.owning_group_id
        ORDER BY e.kind, subject, e.period_start`,
    );
  const find = async (kind: string, subject: { code: string }, period: Period): Promise<ExceptionRow | undefined> =>
    (await all()).find(
      (e) => e.kind === kind && e.subject === subject.code && e.period === `${period.type} ${period.start}`,
    );
  const raisedSet = async (): Promise<string[]> =>
    (await all()).filter((e) => e.holds).map((e) => `${e.kind} ${e.subject} ${e.period}`);

  beforeAll(async () => {
    api = await createTestApi({}, clock);
    sut = api.get(ExceptionEvaluator);
    make = await new ScorecardFactory(api, 'EX').setUp();
    own = await make.group('OWN');
    other = await make.group('OTHER');
    england = await make.area('E92000001', { kind: 'country', name: 'England' });
    ind.rag = await make.indicator('RAG');
    ind.trend = await make.indicator('TREND');
    ind.spc = await make.indicator('SPC');
    ind.quality = await make.indicator('QUALITY');
    ind.worse = await make.indicator('WORSE');
    ind.carry = await make.indicator('CARRY');
    ind.others = await make.indicator('OTHERS');
    await make.target(ind.rag, FY, own);
    await make.target(ind.trend, FY, own, {
      tolerance: { kind: 'absolute', amount: 1 },
      exceptional: { kind: 'absolute', amount: 20 },
    });
    await make.target(ind.quality, FY, own);
    await make.target(ind.carry, FY, own);
    await make.target(ind.others, FY, other);

    for (const period of SPC_QUARTERS) {
      const outcome = await make.submit(own, period, ownValues(period));
      if (formatPeriod(period) === '2024-25 Q1' && outcome.outcome === 'accepted') firstQ1Return.id = outcome.returnId;
    }
    // The other group: Q1 late, Q2 on time, Q3 (due 15 January 2025) never sent.
    await make.submit(other, Q1, [{ indicator: ind.others, value: 81 }], new Date('2024-08-30T10:00:00Z'));
    await make.submit(other, Q2, [{ indicator: ind.others, value: 81 }]);

    const [{ id: importId }] = await api.dataSource.query(
      `INSERT INTO comparator_import (source, file_name, sha256, byte_size, imported_by) VALUES ('fingertips', 'england.csv', $1, 1, 'test') RETURNING id`,
      [randomBytes(32).toString('hex')],
    );
    for (const period of WORSENING_QUARTERS) {
      await api.dataSource.query(
        `INSERT INTO comparator_value (indicator_id, area_id, period_type, period_start, period_end, value, import_id) VALUES ($1, $2, $3, $4, $5, 50, $6)`,
        [ind.worse.id, england.id, period.type, period.start, period.end, importId],
      );
    }
    await sut.rebuild();
  });
  afterAll(() => api?.close());

  it('raises below target for a red value, with the figures compared, the owning group and the data cut', async () => {
    const exception = await find('below_target', ind.rag, Q1);

    expect(exception).toMatchObject({ status: 'open', owning_group_id: own.id, return_id: firstQ1Return.id });
    expect(exception!.target_version_id).toEqual(expect.any(String));
    expect(exception!.reasons.figures).toMatchObject({
      value: 70,
      comparedWith: 80,
      rag: 'red',
      basis: 'financial_year',
    });
    expect(exception!.summary).toBe(
      '2024-25 Q1: Red: 70.0 is 10.0 worse than the target of 80.0 (higher is better), beyond the tolerance of 2.0; the amber limit is 78.0.',
    );
  });

  it('raises a positive exception for a value well above target', async () => {
    expect(await find('well_above_target', ind.rag, Q2)).toMatchObject({ status: 'open', holds: true });
  });

  it('raises target unlikely to be met from the year-end forecast while the latest quarter is green', async () => {
    const exception = await find('target_unlikely_to_be_met', ind.trend, Q3);

    expect(exception!.reasons.figures).toMatchObject({ method: 'linear_trend', forecastRag: 'red', latestValue: 81 });
    expect(await find('below_target', ind.trend, Q3)).toBeUndefined();
  });

  it('raises special cause concern from a run of 7 below the mean', async () => {
    const exception = await find('special_cause_concern', ind.spc, Q3);

    expect(exception!.reasons.figures).toMatchObject({ signal: { rule: 'one_side_of_mean', side: 'low', points: 7 } });
    expect(exception!.reasons.points).toHaveLength(13);
    expect(exception!.owning_group_id).toBe(own.id);
  });

  it('raises data quality for a percentage over 100', async () => {
    const exception = await find('data_quality', ind.quality, Q1);

    expect(exception!.reasons.text[0]).toContain('over 100');
    expect(await find('well_above_target', ind.quality, Q1)).toBeUndefined();
  });

  it('raises worse than England and worsening from the comparator data and the confidence intervals', async () => {
    const exception = await find('worse_and_worsening', ind.worse, Q3);

    expect(exception!.reasons.figures).toMatchObject({
      benchmark: 50,
      comparison: 'worse',
      trend: 'decreasing',
      trendAssessment: 'getting_worse',
    });
  });

  it('raises a late return and a missing one against the owning group’s deadline', async () => {
    expect(await find('late_return', other, Q1)).toMatchObject({ owning_group_id: other.id, holds: true });
    expect((await find('late_return', other, Q1))!.reasons.figures).toMatchObject({
      dueOn: '2024-07-12',
      receivedOn: '2024-08-30',
    });
    expect(await find('missing_return', other, Q3)).toMatchObject({ owning_group_id: other.id, holds: true });
    expect(await find('missing_return', own, Q3)).toBeUndefined();
  });

  it('carries a persisting exception forward, closing the earlier periods’ with a record', async () => {
    const latest = await find('below_target', ind.carry, Q3);
    const detail = await api.get(ExceptionsService).get(latest!.id, admin);

    expect(detail.status).toBe('open');
    expect(detail.carriedForwardFrom.map((link) => [link.period.label, link.status])).toEqual([
      ['2024-25 Q2', 'closed'],
      ['2024-25 Q1', 'closed'],
    ]);
    expect(detail.carriedForwardFrom[0]!.history.map((h) => h.note)).toContain('carried forward to 2024-25 Q3');
  });

  it('changes nothing when run again: no rows, no history, no audit events, no changed figures', async () => {
    const before = await all();
    const [{ history: historyBefore }] = await api.dataSource.query(
      `SELECT count(*)::int AS history FROM exception_history`,
    );
    const [{ audit: auditBefore }] = await api.dataSource.query(`SELECT count(*)::int AS audit FROM audit_event`);

    const summary = await sut.rebuild();

    expect(summary).toMatchObject({ raised: 0, reopened: 0, updated: 0, carriedForward: 0, closedAutomatically: 0 });
    expect(await all()).toEqual(before);
    expect(await api.dataSource.query(`SELECT count(*)::int AS history FROM exception_history`)).toEqual([
      { history: historyBefore },
    ]);
    expect(await api.dataSource.query(`SELECT count(*)::int AS audit FROM audit_event`)).toEqual([
      { audit: auditBefore },
    ]);
  });

  it('closes an exception itself when a superseding return corrects the value, with a history record', async () => {
    await make.submit(own, Q1, ownValues(Q1, { rag: 81 }));

    await sut.rebuild();

    const exception = await find('below_target', ind.rag, Q1);
    const detail = await api.get(ExceptionsService).get(exception!.id, admin);
    expect(detail).toMatchObject({ status: 'closed', closure: 'automatic', holds: false });
    expect(detail.history.at(-1)).toMatchObject({
      action: 'closed_automatically',
      fromStatus: 'open',
      toStatus: 'closed',
      actorKind: 'system',
      note: 'closed automatically: value corrected to 81.0, now green (on target)',
    });
  });

  it('reopens an exception it closed itself when the condition comes back', async () => {
    await make.submit(own, Q1, ownValues(Q1, { rag: 69 }));

    await sut.rebuild();

    const exception = await find('below_target', ind.rag, Q1);
    const detail = await api.get(ExceptionsService).get(exception!.id, admin);
    expect(detail.status).toBe('open');
    expect(detail.history.at(-1)).toMatchObject({ action: 'reopened', fromStatus: 'closed', toStatus: 'open' });
    expect(detail.history.at(-1)!.note).toContain('reopened automatically: 2024-25 Q1: Red: 69.0');
  });

  it('closes a missing return when it arrives, and raises it as late', async () => {
    await make.submit(other, Q3, [{ indicator: ind.others, value: 81 }], clock.now());

    await sut.rebuild();

    const missing = await find('missing_return', other, Q3);
    const detail = await api.get(ExceptionsService).get(missing!.id, admin);
    expect(detail.history.at(-1)!.note).toBe('closed automatically: return received on 2025-02-01 (late)');
    expect(await find('late_return', other, Q3)).toMatchObject({ holds: true, status: 'open' });
  });

  it('evaluates only what a change touches and gives the same exceptions as a rebuild', async () => {
    await make.submit(own, Q3, ownValues(Q3, { carry: 81 }));

    const incremental = await sut.evaluate(
      { indicatorIds: [ind.carry.id], period: '2024-25-Q3', groupIds: [own.id] },
      'test',
    );
    const afterIncremental = await raisedSet();
    const rebuild = await sut.rebuild();

    expect(incremental.indicators).toBe(1);
    expect(await raisedSet()).toEqual(afterIncremental);
    expect(rebuild).toMatchObject({ raised: 0, reopened: 0, closedAutomatically: 0 });
    expect(await find('below_target', ind.carry, Q3)).toMatchObject({
      holds: false,
      status: 'closed',
      closure: 'automatic',
    });
  });

  it('lists the raised exceptions for the current state', async () => {
    expect(await raisedSet()).toEqual(
      expect.arrayContaining([
        `below_target ${ind.rag.code} quarter ${Q1.start}`,
        `well_above_target ${ind.rag.code} quarter ${Q2.start}`,
        `target_unlikely_to_be_met ${ind.trend.code} quarter ${Q3.start}`,
        `special_cause_concern ${ind.spc.code} quarter ${Q3.start}`,
        `data_quality ${ind.quality.code} quarter ${Q1.start}`,
        `worse_and_worsening ${ind.worse.code} quarter ${Q3.start}`,
        `late_return ${other.code} quarter ${Q1.start}`,
        `late_return ${other.code} quarter ${Q3.start}`,
      ]),
    );
  });
});
