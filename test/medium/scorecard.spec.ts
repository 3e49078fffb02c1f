import { createHash } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessService, systemActor } from '../../libs/access/index.js';
import { buildDemoPartnership, DemoSeedService, type DemoPartnership } from '../../libs/demo/index.js';
import { ExceptionEvaluator } from '../../libs/exceptions/index.js';
import { quarter } from '../../libs/periods/index.js';
import type { ReportModel, TargetRow } from '../../libs/reporting/index.js';
import { ReportsService } from '../../libs/reports/index.js';
import type { ScorecardTargetDetail, ScorecardTargetView } from '../../libs/scorecard/index.js';
import { ScorecardService } from '../../libs/scorecard/index.js';
import { ControlledClock } from '../factories/controlled-clock.js';
import { startTestWorker } from '../factories/worker.js';
import { createTestApi, TestApi } from './test-app.js';
import { until } from '../factories/until.js';

const LATEST = quarter(2025, 2);
const PERIOD = '2025-26 Q2';
const DEMO_PASSWORD = 'demo-password-for-scorecard-tests';

/** The figures a reader compares, as the board paper shows them. */
function paperFigures(row: TargetRow) {
  return {
    owningGroup: row.owningGroup,
    latest: row.latest.value === null && row.latest.status === 'suppressed' ? null : row.latest,
    target: row.target,
    rag: row.rag,
    ragLabel: row.ragLabel,
    directionOfTravel: row.directionOfTravel,
    spc: row.spc,
    england: row.comparators.england,
    englandComparison: row.comparators.england === null ? null : row.comparators.comparison,
    region: row.comparators.region,
    forecast: row.forecast,
  };
}

function apiFigures(view: ScorecardTargetView) {
  const { target } = view;
  return {
    owningGroup: view.owningGroup.name,
    latest: view.latest
      ? { periodLabel: view.latest.period, value: view.latest.value, status: view.latest.status }
      : null,
    target: { value: target.value, rangeLow: target.rangeLow, rangeHigh: target.rangeHigh, label: target.label },
    rag: view.rag,
    ragLabel: view.ragLabel,
    directionOfTravel: view.directionOfTravel,
    spc: view.spc,
    england: view.england.value,
    englandComparison: view.england.comparison,
    region: view.region?.value ?? null,
    forecast: view.forecast?.label ?? null,
  };
}

describe(ScorecardService.name, () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let demo: DemoPartnership;
  let executive: string;
  let board: string;
  let scorecard: ScorecardTargetView[];

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const signIn = async (email: string) =>
    (await api.http().post('/api/auth/sign-in').send({ email, password: DEMO_PASSWORD }).expect(200)).body
      .token as string;
  const getScorecard = (query: Record<string, string | number>, token = board) =>
    api.http().get('/api/scorecard').query(query).set(bearer(token));

  beforeAll(async () => {
    const clock = new ControlledClock(new Date('2025-11-03T09:00:00Z'));
    api = await createTestApi({ demoPassword: DEMO_PASSWORD }, clock);
    await api.get(DemoSeedService).seed({ latestQuarter: LATEST });
    demo = buildDemoPartnership({ latestQuarter: LATEST });
    // England's and the region's published values for a few quarterly indicators, so comparisons show.
    const [{ id: importId }] = await api.dataSource.query(
      `INSERT INTO comparator_import (source, file_name, sha256, byte_size, imported_by) VALUES ('fingertips', 'scorecard.csv', $1, 1, 'test') RETURNING id`,
      [createHash('sha256').update('scorecard comparators').digest('hex')],
    );
    const compared = demo.indicators.filter((i) => i.frequency === 'quarterly').slice(0, 4);
    for (const [index, indicator] of compared.entries()) {
      for (const [areaCode, value] of [
        ['E92000001', 40 + index],
        ['E12000004', 45 + index],
      ] as const) {
        await api.dataSource.query(
          `INSERT INTO comparator_value (indicator_id, area_id, period_type, period_start, period_end, value, import_id)
           SELECT i.id, a.id, $3, $4, $5, $6, $7 FROM indicator i, area a WHERE i.code = $1 AND a.code = $2`,
          [indicator.code, areaCode, LATEST.type, LATEST.start, LATEST.end, value, importId],
        );
      }
    }
    await api.get(ExceptionEvaluator).rebuild();
    worker = await startTestWorker(api.config, clock);
    executive = await signIn('executive@demo.cypp.local');
    board = await signIn('board@demo.cypp.local');
    scorecard = (await getScorecard({ period: PERIOD, pageSize: 500 }).expect(200)).body.items;
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  it('gives every target the figures the board scorecard paper gives it for the same data', async () => {
    const requested = await api
      .http()
      .post('/api/reports')
      .set(bearer(executive))
      .send({ type: 'board_scorecard', period: PERIOD })
      .expect(202);
    await until(async () => {
      const view = await api.get(ReportsService).get(requested.body.id, systemActor('test'));
      if (view.status === 'failed') throw new Error(`report failed: ${view.error}`);
      return view.status === 'completed' ? view : null;
    }, 'the board scorecard');
    const model = (await api.get(ReportsService).storedModel(requested.body.id)) as ReportModel;
    const paper = model.priorities.flatMap((priority) => priority.rows);

    expect(scorecard.map((view) => view.indicator.code).sort()).toEqual(paper.map((row) => row.indicatorCode).sort());
    expect(paper.length).toBeGreaterThan(20);
    const byCode = new Map(scorecard.map((view) => [view.indicator.code, view]));
    for (const row of paper)
      expect(apiFigures(byCode.get(row.indicatorCode)!), row.indicatorCode).toEqual(paperFigures(row));

    // The paper's counts per priority are the API's.
    for (const summary of model.summary.perPriority) {
      const views = scorecard.filter((view) => view.priority?.code === summary.priorityCode);
      expect(views.filter((view) => view.rag === 'red').length, summary.priorityCode).toBe(summary.red);
      expect(views.filter((view) => view.rag === 'green').length, summary.priorityCode).toBe(summary.green);
    }
    // Something to compare: comparators, forecasts, SPC and exceptions all appear.
    expect(scorecard.some((view) => view.england.comparison?.includes('England'))).toBe(true);
    expect(scorecard.some((view) => view.region?.comparison?.includes('East Midlands'))).toBe(true);
    expect(scorecard.some((view) => view.forecast !== null)).toBe(true);
    expect(scorecard.some((view) => view.openExceptions.length > 0)).toBe(true);
  });

  it('filters by RAG, priority, owning group and exception kind, by code', async () => {
    const red = (await getScorecard({ period: PERIOD, rag: 'red', pageSize: 500 }).expect(200)).body;
    expect(red.total).toBe(scorecard.filter((view) => view.rag === 'red').length);
    expect(red.items.every((view: ScorecardTargetView) => view.rag === 'red')).toBe(true);

    const p2 = (await getScorecard({ period: PERIOD, priority: 'P2', pageSize: 500 }).expect(200)).body;
    expect(p2.total).toBe(scorecard.filter((view) => view.priority?.code === 'P2').length);
    expect(p2.total).toBeGreaterThan(0);

    const group = scorecard[0]!.owningGroup;
    const owned = (await getScorecard({ period: PERIOD, group: group.code, pageSize: 500 }).expect(200)).body;
    expect(owned.items.map((view: ScorecardTargetView) => view.targetId)).toEqual(
      scorecard.filter((view) => view.owningGroup.id === group.id).map((view) => view.targetId),
    );

    const kind = scorecard.flatMap((view) => view.openExceptions)[0]!.kind;
    const flagged = (await getScorecard({ period: PERIOD, exceptionKind: kind, pageSize: 500 }).expect(200)).body;
    expect(flagged.total).toBe(scorecard.filter((view) => view.openExceptions.some((e) => e.kind === kind)).length);

    const bad = await getScorecard({ period: PERIOD, rag: 'purple' }).expect(400);
    expect(bad.body.code).toBe('VALIDATION.FAILED');
    expect((await getScorecard({ period: PERIOD, group: 'NO-SUCH-GROUP' }).expect(422)).body.code).toBe(
      'SCORECARD.INVALID_FILTER',
    );
  });

  it('pages the way every list does', async () => {
    const second = (await getScorecard({ period: PERIOD, page: 2, pageSize: 5 }).expect(200)).body;
    expect(second).toMatchObject({ page: 2, pageSize: 5, total: scorecard.length });
    expect(second.items.map((view: ScorecardTargetView) => view.targetId)).toEqual(
      scorecard.slice(5, 10).map((view) => view.targetId),
    );
    expect(second.period).toMatchObject({ label: PERIOD, key: '2025-26-Q2' });
  });

  it('shows the last complete quarter when no period is given', async () => {
    const current = (await getScorecard({ pageSize: 1 }).expect(200)).body;
    expect(current.period.label).toBe(PERIOD);
  });

  it('answers Accept: text/csv with the whole filtered scorecard as CSV', async () => {
    const response = await getScorecard({ period: PERIOD, pageSize: 1 }).set('accept', 'text/csv').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const lines = response.text.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^Indicator code,Indicator,Priority,Owning group,Area,Latest period,Latest value,/);
    expect(lines).toHaveLength(scorecard.length + 1);
    const first = scorecard.find((view) => view.latest?.value !== null && view.latest !== null)!;
    const line = lines.find((l) => l.startsWith(`${first.indicator.code},`))!;
    expect(line).toContain(`,${first.latest!.value},`);
  });

  it("gives a target's full series ready to chart: values, limits, target line and comparators", async () => {
    const charted = scorecard.find((view) => view.england.value !== null && view.spc.variation !== 'Too few points')!;
    const detail: ScorecardTargetDetail = (
      await api
        .http()
        .get(`/api/scorecard/targets/${charted.targetId}`)
        .query({ period: PERIOD })
        .set(bearer(board))
        .expect(200)
    ).body;
    expect(detail).toMatchObject({ targetId: charted.targetId, rag: charted.rag, ragLabel: charted.ragLabel });
    expect(detail.series.length).toBeGreaterThanOrEqual(7);
    expect(detail.series.at(-1)).toMatchObject({ period: PERIOD, value: charted.latest!.value });
    expect(detail.series.every((point) => point.pointType !== null || point.value === null)).toBe(true);
    expect(detail.series.at(-1)!.target).not.toBeNull();
    expect(detail.limits!.mean).toHaveLength(detail.series.length);
    expect(detail.comparators.map((series) => series.name)).toContain('England');
    expect(detail.comparators[0]!.points.at(-1)).toEqual({ period: PERIOD, value: charted.england.value });

    await api.http().get('/api/scorecard/targets/00000000-0000-4000-8000-000000000000').set(bearer(board)).expect(404);
  });

  it("shows a data officer and their group's returns token only their own groups' targets", async () => {
    const officer = demo.users.find((user) => user.role === 'data_officer')!;
    const groupIds = new Set(
      (
        (await api.dataSource.query(`SELECT id FROM partnership_group WHERE code = ANY($1)`, [officer.groupCodes])) as {
          id: string;
        }[]
      ).map((row) => row.id),
    );
    const theirs = scorecard.filter((view) => groupIds.has(view.owningGroup.id));
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.length).toBeLessThan(scorecard.length);

    const own = (await getScorecard({ period: PERIOD, pageSize: 500 }, await signIn(officer.email)).expect(200)).body;
    expect(own.items.map((view: ScorecardTargetView) => view.targetId)).toEqual(theirs.map((view) => view.targetId));

    const { token } = await api
      .get(AccessService)
      .createApiToken('case system', [...groupIds][0]!, systemActor('test'));
    const viaToken = (await getScorecard({ period: PERIOD, pageSize: 500 }, token).expect(200)).body;
    expect(viaToken.items.every((view: ScorecardTargetView) => view.owningGroup.id === [...groupIds][0])).toBe(true);
  });

  it('lets a scorecard token read the whole scorecard and nothing else', async () => {
    const admin = await api.signInAs('admin');
    const created = await api
      .http()
      .post('/api/api-tokens')
      .set(bearer(admin))
      .send({ name: 'Power BI', scope: 'scorecard' })
      .expect(201);
    expect(created.body.apiToken).toMatchObject({ scope: 'scorecard', groupId: null });
    const token = created.body.token as string;

    const all = (await getScorecard({ period: PERIOD, pageSize: 500 }, token).expect(200)).body;
    expect(all.total).toBe(scorecard.length);
    await api.http().get('/api/values').set(bearer(token)).expect(403);
    await api.http().get('/api/exceptions').set(bearer(token)).expect(403);
    await api.http().get('/api/auth/me').set(bearer(token)).expect(403);

    const withGroup = await api
      .http()
      .post('/api/api-tokens')
      .set(bearer(admin))
      .send({ name: 'wrong', scope: 'scorecard', groupId: scorecard[0]!.owningGroup.id })
      .expect(422);
    expect(withGroup.body.code).toBe('ACCESS.INVALID_SCOPE');
  });

  it('shows new figures as soon as they arrive, though it keeps evaluated scorecards', async () => {
    const compared = scorecard.find((view) => view.england.value !== null)!;
    const [{ id: importId }] = await api.dataSource.query(
      `INSERT INTO comparator_import (source, file_name, sha256, byte_size, imported_by) VALUES ('fingertips', 'revised.csv', $1, 1, 'test') RETURNING id`,
      [createHash('sha256').update('revised scorecard comparators').digest('hex')],
    );
    await api.dataSource.query(
      `UPDATE comparator_value SET value = value + 10, import_id = $1
        WHERE indicator_id = $2 AND area_id = (SELECT id FROM area WHERE code = 'E92000001')`,
      [importId, compared.indicator.id],
    );
    const after = (await getScorecard({ period: PERIOD, pageSize: 500 }).expect(200)).body
      .items as ScorecardTargetView[];
    expect(after.find((view) => view.targetId === compared.targetId)!.england.value).toBe(compared.england.value! + 10);
  });
});
