import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import pg from 'pg';
import supertest from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApplication } from '../../apps/api/src/bootstrap.js';
import { systemActor } from '../../libs/access/index.js';
import type { AppConfig } from '../../libs/config/index.js';
import { DemoSeedService } from '../../libs/demo/index.js';
import { ExceptionEvaluator } from '../../libs/exceptions/index.js';
import { quarter } from '../../libs/periods/index.js';
import { ReportsService, type ReportView } from '../../libs/reports/index.js';
import { readXlsxRows } from '../../libs/spreadsheets/index.js';
import { ADMIN_DATABASE, databaseUrl } from '../database-urls.js';
import { ControlledClock } from '../factories/controlled-clock.js';
import { startTestWorker } from '../factories/worker.js';
import { createTestApi, TestApi } from './test-app.js';

const run = promisify(execFile);
const DEMO_PASSWORD = 'demo-password-for-data-safety';

/** One side of the comparison: an API (and a worker) on a database, with its own files and queue prefix. */
interface Side {
  readonly config: AppConfig;
  readonly app: INestApplication;
  readonly worker: INestApplicationContext;
  readonly dataSource: DataSource;
}

async function until<T>(probe: () => Promise<T | null>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function onAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl(ADMIN_DATABASE) });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Backups and stored files (issue 16 item 5): the README's backup procedure (pg_dump, then pg_restore
 * into a new database) carried out on a seeded partnership, and the SHA-256 check of stored report files.
 */
describe('data safety', () => {
  const clock = new ControlledClock(new Date('2025-11-03T09:00:00Z'));
  let api: TestApi;
  let original: Side;
  let restored: Side | null = null;
  let restoredDatabase: string | null = null;
  const storages: string[] = [];
  let report: ReportView;
  let firstWorkbook: Buffer;

  const storage = async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cypp-data-safety-'));
    storages.push(dir);
    return dir;
  };
  const token = async (side: Side) =>
    (
      await supertest(side.app.getHttpServer())
        .post('/api/auth/sign-in')
        .send({ email: 'admin@demo.cypp.local', password: DEMO_PASSWORD })
        .expect(200)
    ).body.token as string;
  const download = async (side: Side, id: string, status: number) =>
    supertest(side.app.getHttpServer())
      .get(`/api/reports/${id}/files/xlsx`)
      .set('authorization', `Bearer ${await token(side)}`)
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      })
      .expect(status);
  const completed = (side: Side, id: string) =>
    until(async () => {
      const view = await side.app.get(ReportsService).get(id, systemActor('test'));
      if (view.status === 'failed') throw new Error(`report failed: ${view.error}`);
      return view.status === 'completed' ? view : null;
    }, `report ${id}`);
  /** What a reader sees of a workbook: every sheet's cells, in order. */
  const cellsOf = async (workbook: Buffer) => {
    const rows: unknown[] = [];
    for await (const row of readXlsxRows(workbook)) rows.push([row.sheet, row.rowNumber, row.cells]);
    return rows;
  };
  /** The figures a restore must keep: current values, exceptions (with their state) and stored report models. */
  const figures = (dataSource: DataSource) =>
    Promise.all([
      dataSource.query(
        `SELECT i.code, a.code AS area, v.period_type, to_char(v.period_start, 'YYYY-MM-DD') AS start, v.value::text, v.status
           FROM current_value v JOIN indicator i ON i.id = v.indicator_id JOIN area a ON a.id = v.area_id
          ORDER BY 1, 2, 3, 4`,
      ),
      dataSource.query(
        `SELECT e.id, e.kind, e.status, e.indicator_id, e.area_id, to_char(e.period_start, 'YYYY-MM-DD') AS start
           FROM exception e ORDER BY e.id`,
      ),
      dataSource.query(`SELECT id, data_cut_hash, model FROM report ORDER BY id`),
    ]);

  beforeAll(async () => {
    api = await createTestApi({ demoPassword: DEMO_PASSWORD, storagePath: await storage() }, clock);
    await api.get(DemoSeedService).seed({ latestQuarter: quarter(2025, 2) });
    await api.get(ExceptionEvaluator).rebuild();
    original = {
      config: api.config,
      app: api.app,
      worker: await startTestWorker(api.config, clock),
      dataSource: api.dataSource,
    };
    const requested = await supertest(api.app.getHttpServer())
      .post('/api/reports')
      .set('authorization', `Bearer ${await token(original)}`)
      .send({ type: 'board_scorecard', period: '2025-26 Q2' })
      .expect(202);
    report = await completed(original, requested.body.id);
    firstWorkbook = (await download(original, report.id, 200)).body as Buffer;
  }, 180_000);

  afterAll(async () => {
    await restored?.worker.close();
    await restored?.app.close();
    if (restoredDatabase) await onAdmin(`DROP DATABASE IF EXISTS ${restoredDatabase} WITH (FORCE)`);
    await original?.worker.close();
    await api?.close();
    await Promise.all(storages.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('refuses a stored report file that fails its SHA-256, and makes it again from the data cut', async () => {
    const [{ path: relative }] = await original.dataSource.query(
      `SELECT path FROM report_file WHERE report_id = $1 AND format = 'xlsx'`,
      [report.id],
    );
    const stored = path.join(original.config.storagePath, relative);
    const damaged = await readFile(stored);
    damaged[Math.floor(damaged.length / 2)] ^= 0xff;
    await writeFile(stored, damaged);

    const refused = await download(original, report.id, 409);
    expect(JSON.parse(String(refused.body))).toMatchObject({
      code: 'REPORTS.FILE_DAMAGED',
      message: expect.stringMatching(
        /^The stored XLSX of this report does not match the SHA-256 recorded .* made again/,
      ),
    });

    const again = await completed(original, report.id);
    const workbook = (await download(original, report.id, 200)).body as Buffer;
    expect(createHash('sha256').update(workbook).digest('hex')).toBe(
      again.files.find((f) => f.format === 'xlsx')!.sha256,
    );
    expect(await cellsOf(workbook)).toEqual(await cellsOf(firstWorkbook));
  });

  it('restores a pg_dump into a new database with the same values, exceptions and report figures', async () => {
    const dump = path.join(await storage(), 'cypp.dump');
    await run('pg_dump', ['--format=custom', `--file=${dump}`, `--dbname=${api.database.url}`]);
    restoredDatabase = `cypp_test_restore_${randomBytes(6).toString('hex')}`;
    await onAdmin(`CREATE DATABASE ${restoredDatabase} TEMPLATE template0`);
    const url = databaseUrl(restoredDatabase);
    await run('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${url}`, dump]);

    // The restored database alone, as on a new server: its own (empty) file storage and queue prefix.
    const config: AppConfig = {
      ...api.config,
      databaseUrl: url,
      storagePath: await storage(),
      queuePrefix: `test-${randomBytes(4).toString('hex')}`,
    };
    const app = await createApiApplication(config, { logger: false, clock });
    await app.init();
    restored = { config, app, worker: await startTestWorker(config, clock), dataSource: app.get(DataSource) };
    expect(await figures(restored.dataSource)).toEqual(await figures(original.dataSource));

    // Report files are not in the database: the first download finds the file missing and makes it
    // again, here from the restored data cut alone (the stored model is cleared so nothing is carried over).
    await restored.dataSource.query(`UPDATE report SET model = NULL WHERE id = $1`, [report.id]);
    const missing = await download(restored, report.id, 409);
    expect(JSON.parse(String(missing.body)).message).toMatch(
      /^The stored XLSX of this report is missing, so it was not sent/,
    );
    await completed(restored, report.id);
    const workbook = (await download(restored, report.id, 200)).body as Buffer;
    expect(await cellsOf(workbook)).toEqual(await cellsOf(firstWorkbook));
    const [{ model }] = await restored.dataSource.query(`SELECT model FROM report WHERE id = $1`, [report.id]);
    const [{ model: before }] = await original.dataSource.query(`SELECT model FROM report WHERE id = $1`, [report.id]);
    expect(model).toEqual(before);
  });
});
