import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../libs/access/index.js';
import { buildDemoPartnership, DemoSeedService, type DemoPartnership } from '../../libs/demo/index.js';
import { evaluateTargetStatus, RAG_LABELS } from '../../libs/evaluation/index.js';
import { ExceptionEvaluator, ExceptionsService } from '../../libs/exceptions/index.js';
import { financialYear, formatPeriod, half, quarter } from '../../libs/periods/index.js';
import { JobName, QueueName, QueueService } from '../../libs/queue/index.js';
import { formatValue, renderReport } from '../../libs/reporting/index.js';
import { ReportCalendarService, ReportJobsService, ReportsService, type ReportView } from '../../libs/reports/index.js';
import { ControlledClock } from '../factories/controlled-clock.js';
import { until } from '../factories/until.js';
import { startTestWorker } from '../factories/worker.js';
import { createTestApi, TestApi } from './test-app.js';

const LATEST = quarter(2025, 2);
const DEMO_PASSWORD = 'demo-password-for-report-tests';

/** A demo indicator's latest home-authority value and its financial-year target, worked out from the seed data. */
function handCheck(demo: DemoPartnership, code: string) {
  const indicator = demo.indicators.find((i) => i.code === code)!;
  const home = demo.areas.find((a) => a.isHome)!.code;
  const rows = demo.returns
    .filter((r) => r.period.start === LATEST.start && r.period.type === 'quarter')
    .flatMap((r) => r.rows)
    .filter((row) => row.indicatorCode === code && row.areaCode === home);
  const latest = rows[rows.length - 1]!;
  const target = demo.targets.find(
    (t) =>
      t.indicatorCode === code && t.period.type === 'financial_year' && t.period.start === financialYear(2025).start,
  )!;
  const agreed = target.revisions.length ? target.revisions[target.revisions.length - 1]! : target;
  return { indicator, value: latest.value!, target: agreed };
}

describe(ReportsService.name, () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let storage: string;
  let clock: ControlledClock;
  let demo: DemoPartnership;
  let admin: string;
  let board: string;
  let executive: string;

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const signIn = async (email: string) =>
    (await api.http().post('/api/auth/sign-in').send({ email, password: DEMO_PASSWORD }).expect(200)).body
      .token as string;

  async function generated(id: string): Promise<ReportView> {
    return until(async () => {
      const view = await api.get(ReportsService).get(id, systemActor('test'));
      if (view.status === 'failed') throw new Error(`report failed: ${view.error}`);
      return view.status === 'completed' ? view : null;
    }, `report ${id}`);
  }

  async function download(id: string, format: 'xlsx' | 'pdf', token = admin): Promise<Buffer> {
    const response = await api
      .http()
      .get(`/api/reports/${id}/files/${format}`)
      .set(bearer(token))
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      })
      .expect(200);
    return response.body as Buffer;
  }

  beforeAll(async () => {
    storage = await mkdtemp(path.join(tmpdir(), 'cypp-reports-'));
    clock = new ControlledClock(new Date('2025-11-03T09:00:00Z'));
    api = await createTestApi({ demoPassword: DEMO_PASSWORD, storagePath: storage }, clock);
    await api.get(DemoSeedService).seed({ latestQuarter: LATEST });
    demo = buildDemoPartnership({ latestQuarter: LATEST });
    await api.get(ExceptionEvaluator).rebuild();
    worker = await startTestWorker(api.config, clock);
    admin = await signIn('admin@demo.cypp.local');
    board = await signIn('board@demo.cypp.local');
    executive = await signIn('executive@demo.cypp.local');
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await rm(storage, { recursive: true, force: true });
  });

  it('produces the board scorecard whose workbook and PDF carry hand-checked figures', async () => {
    const requested = await api
      .http()
      .post('/api/reports')
      .set(bearer(executive))
      .send({ type: 'board_scorecard', period: '2025-26 Q2' })
      .expect(202);
    const report = await generated(requested.body.id);
    expect(report.files.map((f) => f.format)).toEqual(['pdf', 'xlsx']);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download(report.id, 'xlsx', board)) as never);
    const pdf = await new PDFParse({ data: await download(report.id, 'pdf', board) }).getText();

    const quarterly = demo.indicators.filter(
      (i) => i.frequency === 'quarterly' && !i.cumulativeYtd && i.polarity !== 'no_polarity',
    );
    for (const code of quarterly.slice(0, 3).map((i) => i.code)) {
      const { indicator, value, target } = handCheck(demo, code);
      const row = workbook.worksheets
        .filter((sheet) => sheet.name !== 'Exceptions')
        .flatMap((sheet) => sheet.getRows(1, sheet.rowCount) ?? [])
        .find((r) => r.getCell(1).value === code);
      expect(row, `a workbook row for ${code}`).toBeDefined();
      const numbers = (row!.values as unknown[]).filter((v): v is number => typeof v === 'number');
      expect(
        numbers.some((n) => Math.abs(n - value) < 1e-9),
        `${code} latest ${value} in ${numbers}`,
      ).toBe(true);
      expect(
        numbers.some((n) => Math.abs(n - target.value!) < 1e-9),
        `${code} target ${target.value}`,
      ).toBe(true);

      const rag = evaluateTargetStatus(
        {
          value,
          target: target.value!,
          polarity: indicator.polarity,
          tolerance: target.tolerance,
          exceptional: target.exceptional,
        },
        { decimalPlaces: indicator.decimalPlaces },
      );
      expect((row!.values as unknown[]).join(' ')).toContain(RAG_LABELS[rag.rag!]);
      expect(pdf.text).toContain(formatValue(value, indicator.unit, indicator.decimalPlaces));
    }
    expect(pdf.text).toContain('How to read');
  });

  it('puts England and the region beside a target, and on its chart, from imported comparator values', async () => {
    const code = demo.indicators.find((i) => i.frequency === 'quarterly' && !i.cumulativeYtd)!.code;
    const [{ id: indicatorId }] = await api.dataSource.query(`SELECT id FROM indicator WHERE code = $1`, [code]);
    const [{ id: importId }] = await api.dataSource.query(
      `INSERT INTO comparator_import (source, file_name, sha256, byte_size, imported_by) VALUES ('fingertips', 'comparators.csv', $1, 1, 'test') RETURNING id`,
      [createHash('sha256').update('region comparators').digest('hex')],
    );
    // A quarter no other test reports on: the comparators are not part of a report's data cut.
    const q1 = quarter(2025, 1);
    for (const [areaCode, value] of [
      ['E92000001', 61.5],
      ['E12000004', 58.25],
    ] as const) {
      await api.dataSource.query(
        `INSERT INTO comparator_value (indicator_id, area_id, period_type, period_start, period_end, value, import_id)
         SELECT $1, id, $3, $4, $5, $6, $7 FROM area WHERE code = $2`,
        [indicatorId, areaCode, q1.type, q1.start, q1.end, value, importId],
      );
    }

    const requested = await api
      .http()
      .post('/api/reports')
      .set(bearer(executive))
      .send({ type: 'board_scorecard', period: formatPeriod(q1) })
      .expect(202);
    const report = await generated(requested.body.id);
    const [{ model }] = await api.dataSource.query(`SELECT model FROM report WHERE id = $1`, [report.id]);
    const row = (model.priorities as { rows: { indicatorCode: string }[] }[])
      .flatMap((priority) => priority.rows)
      .find((r) => r.indicatorCode === code) as unknown as {
      comparators: { england: number | null; region: number | null };
      comparatorSeries: { name: string; points: { label: string; value: number | null }[] }[];
    };
    expect(row.comparators).toMatchObject({ england: 61.5, region: 58.25 });
    expect(row.comparatorSeries.map((series) => series.name)).toEqual(['England', 'East Midlands']);
    expect(row.comparatorSeries[1]!.points.at(-1)).toEqual({ label: formatPeriod(q1), value: 58.25 });

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download(report.id, 'xlsx')) as never);
    const cells = workbook.worksheets
      .filter((sheet) => sheet.name !== 'Exceptions')
      .flatMap((sheet) => sheet.getRows(1, sheet.rowCount) ?? [])
      .find((r) => r.getCell(1).value === code)!.values as unknown[];
    expect(cells).toEqual(expect.arrayContaining([61.5, 58.25]));

    // Asked again on the same data: the same report. After a new import of England's value: a new one.
    const again = await api
      .http()
      .post('/api/reports')
      .set(bearer(executive))
      .send({ type: 'board_scorecard', period: formatPeriod(q1) })
      .expect(202);
    expect(again.body.id).toBe(report.id);
    const [{ id: laterImport }] = await api.dataSource.query(
      `INSERT INTO comparator_import (source, file_name, sha256, byte_size, imported_by) VALUES ('fingertips', 'revised.csv', $1, 1, 'test') RETURNING id`,
      [createHash('sha256').update('revised comparators').digest('hex')],
    );
    await api.dataSource.query(
      `UPDATE comparator_value SET value = 62, import_id = $1
        WHERE indicator_id = $2 AND area_id = (SELECT id FROM area WHERE code = 'E92000001')`,
      [laterImport, indicatorId],
    );
    const revised = await api
      .http()
      .post('/api/reports')
      .set(bearer(executive))
      .send({ type: 'board_scorecard', period: formatPeriod(q1) })
      .expect(202);
    expect(revised.body.id).not.toBe(report.id);
    expect(revised.body.dataCut).toMatchObject({ comparatorImports: 2 });
    const [{ model: revisedModel }] = await api.dataSource.query(`SELECT model FROM report WHERE id = $1`, [
      (await generated(revised.body.id)).id,
    ]);
    expect(
      (revisedModel.priorities as { rows: { indicatorCode: string; comparators: { england: number } }[] }[])
        .flatMap((priority) => priority.rows)
        .find((r) => r.indicatorCode === code)!.comparators.england,
    ).toBe(62);
  });

  it('reuses the job when the same report is requested twice on the same data', async () => {
    const sut = api.get(ReportsService);
    const actor = systemActor('test');
    const first = await sut.request({ type: 'board_scorecard', period: quarter(2025, 1) }, 'on_demand', actor);
    const second = await sut.request({ type: 'board_scorecard', period: quarter(2025, 1) }, 'on_demand', actor);
    expect(second.id).toBe(first.id);
    expect(second.jobId).toBe(first.jobId);
    const jobs = await api
      .get(QueueService)
      .queue(QueueName.Reports)
      .getJobs(['waiting', 'active', 'completed', 'delayed']);
    expect(jobs.filter((job) => job.id === first.jobId)).toHaveLength(1);
    await generated(first.id);
  });

  it("requests a group update by the group's code, as uploads name it, or by its id", async () => {
    const lead = demo.groups.find((group) => group.kind === 'lead_group')!;
    const byCode = await api
      .http()
      .post('/api/reports')
      .set(bearer(admin))
      .send({ type: 'group_update', period: '2025-26 Q1', group: lead.code.toLowerCase() })
      .expect(202);
    const [{ id }] = await api.dataSource.query(`SELECT id FROM partnership_group WHERE code = $1`, [lead.code]);
    expect(byCode.body.groupId).toBe(id);
    const byId = await api
      .http()
      .post('/api/reports')
      .set(bearer(admin))
      .send({ type: 'group_update', period: '2025-26 Q1', groupId: id })
      .expect(202);
    expect(byId.body.id).toBe(byCode.body.id);
    const unknown = await api
      .http()
      .post('/api/reports')
      .set(bearer(admin))
      .send({ type: 'group_update', period: '2025-26 Q1', group: 'NO-SUCH-GROUP' })
      .expect(422);
    expect(unknown.body.code).toBe('REPORTS.INVALID_REQUEST');
    await generated(byCode.body.id);
  });

  it('reruns a job that died mid-way to the same figures', async () => {
    const report = await api
      .get(ReportsService)
      .request({ type: 'hwb_progress_pack', period: half(2025, 1) }, 'on_demand', systemActor('test'));
    await until(async () => {
      const [row] = await api.dataSource.query(`SELECT status FROM report WHERE id = $1`, [report.id]);
      return row.status === 'completed' ? row : null;
    }, 'first run');
    const [first] = await api.dataSource.query(`SELECT model FROM report WHERE id = $1`, [report.id]);
    await api.dataSource.query(`DELETE FROM report_file WHERE report_id = $1`, [report.id]);
    await api.dataSource.query(`UPDATE report SET status = 'queued', model = NULL WHERE id = $1`, [report.id]);

    // The worker dies once the model is stored and rendering has begun: nothing after that is written.
    const jobs = worker.get(ReportJobsService);
    const dying = {
      id: report.jobId,
      attemptsMade: 0,
      maxAttempts: 5,
      updateProgress: (progress: number | object) => {
        if (progress === 30) throw new Error('worker killed');
      },
    };
    await expect(jobs.handleGenerateReport({ reportId: report.id, jobId: report.jobId }, dying)).rejects.toThrow(
      'worker killed',
    );
    const [killed] = await api.dataSource.query(
      `SELECT status, model IS NOT NULL AS has_model FROM report WHERE id = $1`,
      [report.id],
    );
    // As a killed worker leaves it: the row says running; the worker's claim and reconciler take it from there.
    expect(killed).toEqual({ status: 'running', has_model: true });
    expect(await api.dataSource.query(`SELECT 1 FROM report_file WHERE report_id = $1`, [report.id])).toEqual([]);

    const healthy = { ...dying, attemptsMade: 1, updateProgress: () => undefined };
    await jobs.handleGenerateReport({ reportId: report.id, jobId: report.jobId }, healthy);
    const [second] = await api.dataSource.query(`SELECT model FROM report WHERE id = $1`, [report.id]);
    expect(second.model).toEqual(first.model);
    const rerun = await generated(report.id);
    const rendered = await renderReport(second.model);
    const sha = (bytes: Buffer | undefined) => createHash('sha256').update(bytes!).digest('hex');
    expect(rerun.files).toEqual([
      expect.objectContaining({ format: 'pdf', sha256: sha(rendered.pdf) }),
      expect.objectContaining({ format: 'xlsx', sha256: sha(rendered.xlsx) }),
    ]);
  });

  it('lets an admin retry a failed report', async () => {
    const report = await api
      .get(ReportsService)
      .request({ type: 'board_scorecard', period: quarter(2024, 4) }, 'on_demand', systemActor('test'));
    await generated(report.id);
    await api.dataSource.query(`UPDATE report SET status = 'failed', error = 'disk full' WHERE id = $1`, [report.id]);
    await api.dataSource.query(`DELETE FROM report_file WHERE report_id = $1`, [report.id]);
    const retried = await api.http().post(`/api/reports/${report.id}/retry`).set(bearer(admin)).expect(202);
    expect(retried.body).toMatchObject({ status: 'queued', error: null });
    const done = await generated(report.id);
    expect(done.files).toHaveLength(2);
    await api.http().post(`/api/reports/${report.id}/retry`).set(bearer(admin)).expect(409);
  });

  it('writes commentary that looks like a formula as text in the exception report', async () => {
    const exceptions = api.get(ExceptionsService);
    const open = await exceptions.list(
      { status: ['open'], positive: false },
      { page: 1, pageSize: 1 },
      systemActor('test'),
    );
    const target = open.items[0]!;
    await exceptions.addCommentary(
      target.id,
      {
        cause: '=HYPERLINK("http://evil.example","click")',
        action: '+1 more staff',
        expectedRecoveryDate: '2026-03-31',
      },
      systemActor('test'),
    );
    const requested = await api
      .http()
      .post('/api/reports')
      .set(bearer(executive))
      .send({ type: 'exception_report', period: '2025-26 Q2' })
      .expect(202);
    const report = await generated(requested.body.id);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download(report.id, 'xlsx', executive)) as never);
    const cells = workbook.worksheets.flatMap((sheet) => {
      const found: ExcelJS.Cell[] = [];
      sheet.eachRow((row) => row.eachCell((cell) => found.push(cell)));
      return found;
    });
    const injected = cells.filter((cell) => String(cell.value ?? '').includes('HYPERLINK'));
    expect(injected.length).toBeGreaterThan(0);
    for (const cell of injected) {
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
    }
  });

  it('keeps the confidential exception report from the board and lists it for the executive', async () => {
    const listed = await api.http().get('/api/reports?type=exception_report').set(bearer(board)).expect(200);
    expect(listed.body.items).toEqual([]);
    const mine = await api.http().get('/api/reports?type=exception_report').set(bearer(executive)).expect(200);
    expect(mine.body.items.length).toBeGreaterThan(0);
    await api.http().get(`/api/reports/${mine.body.items[0].id}`).set(bearer(board)).expect(404);
  });

  it('requests the scheduled reports when the calendar makes them due, once, and follows calendar changes', async () => {
    const calendar = api.get(ReportCalendarService);
    const actor = systemActor('test');
    const meeting = await calendar.create(
      { kind: 'board_meeting', meetsOn: '2026-01-22', papersDueDaysBefore: 7 },
      actor,
    );

    clock.set(new Date('2026-01-12T06:00:00Z'));
    expect(await calendar.tick()).toEqual([]);

    clock.set(new Date('2026-01-13T06:00:00Z'));
    const queues = api.get(QueueService);
    const before = Number((await api.dataSource.query(`SELECT count(*) FROM report_schedule_run`))[0].count);
    await queues.enqueue(JobName.ReportScheduleTick, {});
    const fired = await until(async () => {
      const rows = await api.dataSource.query(
        `SELECT s.type, s.due_on::text, r.period_start::text FROM report_schedule_run s JOIN report r ON r.id = s.report_id`,
      );
      return rows.length > before ? rows : null;
    }, 'the scheduled board scorecard');
    // Papers are due on Tue 13 Jan, seven working days before the meeting; Q3's returns are not all due by
    // then, so the scorecard is for the latest quarter fully returned: Q2.
    expect(fired).toEqual([{ type: 'board_scorecard', due_on: '2026-01-13', period_start: quarter(2025, 2).start }]);
    expect(await calendar.tick()).toEqual([]);

    await calendar.update(meeting.id, { meetsOn: '2026-04-30' }, actor);
    clock.set(new Date('2026-04-23T06:00:00Z'));
    const moved = await calendar.tick();
    expect(moved.map((r) => `${r.type} ${r.period.label}`)).toContain(
      `board_scorecard ${formatPeriod(quarter(2025, 3))}`,
    );
  });
});
