import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AppConfig } from '../../libs/config/index.js';
import { createReturnsCatalogue, returnWorkbook, type ReturnsCatalogue } from '../factories/returns.factory.js';
import { until } from '../factories/until.js';
import { createTestApi, type TestApi } from '../medium/test-app.js';
import { TestRedis } from './redis-server.js';

/**
 * Short enough that a fault test sees locks lapse and lost work come back within seconds; the defaults
 * (30 s lock, a pass a minute) behave the same, only slower.
 */
export const FAULT_TIMINGS: Pick<AppConfig, 'jobLockMs' | 'reconcileIntervalMs' | 'redisCommandTimeoutMs'> = {
  jobLockMs: 2_000,
  reconcileIntervalMs: 1_000,
  redisCommandTimeoutMs: 500,
};

export interface WorkRow {
  job_id: string;
  name: string;
  state: string;
  attempts: number;
  error: string | null;
}

/** One fault test's world: its own Redis, its own database and API, a small catalogue and two users. */
export interface FaultWorld {
  readonly redis: TestRedis;
  readonly api: TestApi;
  readonly cat: ReturnsCatalogue;
  readonly officer: string;
  readonly admin: string;
  /** Uploads a return to be checked on the queue (POST /api/returns?async=true), or at once (`queued` false). */
  upload(
    period: string,
    content: Buffer,
    fileName?: string,
    queued?: boolean,
  ): ReturnType<ReturnType<TestApi['http']>['post']>;
  /** Requests the board scorecard for a quarter. */
  requestPaper(period: string): ReturnType<ReturnType<TestApi['http']>['post']>;
  work(): Promise<WorkRow[]>;
  /** Resolves once every piece of recorded work has completed; throws if any failed or time runs out. */
  allWorkCompleted(timeoutMs?: number): Promise<WorkRow[]>;
  close(): Promise<void>;
}

/** A valid one-row return for the catalogue's group; `value` makes each file's bytes its own. */
export function validReturn(cat: ReturnsCatalogue, value: number): Promise<Buffer> {
  return returnWorkbook([{ indicatorCode: cat.indicators.count.code, value }]);
}

export async function createFaultWorld(persistent: boolean): Promise<FaultWorld> {
  const redis = await TestRedis.start(persistent);
  const storage = await mkdtemp(path.join(tmpdir(), 'cypp-fault-'));
  const api = await createTestApi({ redisUrl: redis.url, storagePath: storage, ...FAULT_TIMINGS });
  const cat = await createReturnsCatalogue(api);
  const officer = await api.signInAs('data_officer', [cat.group.id]);
  const admin = await api.signInAs('admin');
  const work = (): Promise<WorkRow[]> =>
    api.dataSource.query(`SELECT job_id, name, state, attempts, error FROM queued_work ORDER BY created_at`);
  return {
    redis,
    api,
    cat,
    officer,
    admin,
    upload: (period, content, fileName = 'return.xlsx', queued = true) =>
      api
        .http()
        .post('/api/returns')
        .query({ async: String(queued) })
        .set('authorization', `Bearer ${officer}`)
        .field('group', cat.group.code)
        .field('period', period)
        .attach('file', content, fileName),
    requestPaper: (period) =>
      api.http().post('/api/reports').set('authorization', `Bearer ${admin}`).send({ type: 'board_scorecard', period }),
    work,
    allWorkCompleted: (timeoutMs = 120_000) =>
      until(
        async () => {
          const rows = await work();
          const failed = rows.find((row) => row.state === 'failed');
          if (failed) throw new Error(`${failed.job_id} failed: ${failed.error}`);
          return rows.every((row) => row.state === 'completed') ? rows : null;
        },
        'every piece of queued work to complete',
        timeoutMs,
      ),
    async close() {
      await api.close();
      await redis.close();
      await rm(storage, { recursive: true, force: true });
    },
  };
}
