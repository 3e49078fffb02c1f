import { createHash } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NIGHTLY_REBUILD } from '../../libs/exceptions/index.js';
import { QueueName, QueueReconciler, QueueService } from '../../libs/queue/index.js';
import { startTestWorker } from '../factories/worker.js';
import { until } from '../factories/until.js';
import { createFaultWorld, FAULT_TIMINGS, validReturn, type FaultWorld } from './fault-world.js';

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

describe.each([
  { redis: 'without persistence', persistent: false },
  { redis: 'with an append-only file', persistent: true },
])(`${QueueReconciler.name}: Redis stopped and started again ($redis)`, ({ persistent }) => {
  let world: FaultWorld;
  let worker: INestApplicationContext | undefined;

  beforeAll(async () => {
    world = await createFaultWorld(persistent);
  });
  afterAll(async () => {
    await worker?.close();
    await world?.close();
  });

  it('finishes every upload, evaluation and paper queued or running when Redis went, each once, and answers honestly meanwhile', async () => {
    const { api, redis, cat } = world;
    const bearer = { authorization: `Bearer ${world.admin}` };
    // Asked for before any worker runs, so some are still waiting when Redis goes.
    const papers = [
      (await world.requestPaper('2024-25 Q3').expect(202)).body,
      (await world.requestPaper('2024-25 Q4').expect(202)).body,
    ];
    const files = await Promise.all([1, 2, 3].map((i) => validReturn(cat, i)));
    for (const [i, file] of files.entries()) await world.upload(`2024-25 Q${i + 1}`, file).expect(202);

    worker = await startTestWorker(api.config);
    await until(async () => {
      const rows = await world.work();
      return rows.some((row) => row.state === 'running') && rows.some((row) => row.state === 'queued') ? rows : null;
    }, 'work both running and queued');
    await redis.down();
    const stoppedAt = Date.now();

    const health = await api.http().get('/health').expect(503);
    expect(health.body.dependencies).toEqual({ postgres: 'up', redis: 'down' });
    const lateFile = await validReturn(cat, 4);
    const accepted = await world.upload('2023-24 Q1', lateFile).expect(202);
    expect(accepted.body).toMatchObject({
      state: 'queued',
      message: 'Queued; it will be checked when the queue is back.',
    });
    // The job id stays meaningful: its status is read from PostgreSQL.
    const status = await api.http().get(accepted.body.statusUrl).set(bearer).expect(200);
    expect(status.body.state).toBe('queued');
    // A small return is checked in the request, which needs only PostgreSQL; its evaluation waits.
    const directFile = await validReturn(cat, 6);
    await world.upload('2023-24 Q3', directFile, 'direct.xlsx', false).expect(201);
    const latePaper = (await world.requestPaper('2023-24 Q4').expect(202)).body;
    expect(latePaper.status).toBe('queued');
    const overview = await api.http().get('/api/jobs').set(bearer).expect(503);
    expect(overview.headers['retry-after']).toBe('30');
    expect(overview.body.code).toBe('QUEUE.UNAVAILABLE');
    // Redis stays away longer than a job's lock, so the running jobs' locks lapse as in a real outage.
    await until(async () => Date.now() - stoppedAt > FAULT_TIMINGS.jobLockMs + 500, 'the outage to outlast a lock');
    await redis.up();

    const work = await world.allWorkCompleted();
    for (const file of [...files, lateFile, directFile]) {
      const returns = await api.dataSource.query(`SELECT outcome FROM indicator_return WHERE sha256 = $1`, [
        sha256(file),
      ]);
      expect(returns).toEqual([{ outcome: 'accepted' }]);
    }
    for (const paper of [...papers, latePaper]) {
      const [report] = await api.dataSource.query(
        `SELECT status, (SELECT count(*)::int FROM report_file f WHERE f.report_id = r.id) AS files FROM report r WHERE id = $1`,
        [paper.id],
      );
      expect(report).toEqual({ status: 'completed', files: 2 });
    }
    expect(await api.dataSource.query(`SELECT count(*)::int AS n FROM report`)).toEqual([{ n: 3 }]);
    // One evaluation per accepted return, each finished (the catalogue's targets asked for their own).
    const evaluations = await api.dataSource.query(
      `SELECT w.state FROM queued_work w JOIN indicator_return r ON w.payload->>'cause' = 'return.' || r.id
        WHERE w.name = 'exceptions.evaluate'`,
    );
    expect(evaluations).toEqual(Array(5).fill({ state: 'completed' }));
    expect(work.every((row) => row.state === 'completed')).toBe(true);
    // No report or upload without its record of work.
    const orphans = await api.dataSource.query(
      `SELECT r.id FROM report r LEFT JOIN queued_work w ON w.job_id = r.job_id WHERE w.job_id IS NULL`,
    );
    expect(orphans).toEqual([]);
    // The worker's schedules are back, whether Redis kept them or not.
    await until(
      () => api.get(QueueService).queue(QueueName.Evaluation).getJobScheduler(NIGHTLY_REBUILD.schedulerId),
      'the nightly rebuild to be scheduled again',
      10_000,
    );
  });

  it.skipIf(persistent)(
    'answers /health and queues an upload within the bound while Redis accepts connections but answers nothing',
    async () => {
      const { api, redis, cat } = world;
      redis.freeze();
      try {
        const health = await api.http().get('/health').timeout(2_000).expect(503);
        expect(health.body.dependencies.redis).toBe('down');
        const file = await validReturn(cat, 5);
        const queued = await world.upload('2023-24 Q2', file).timeout(5_000).expect(202);
        expect(queued.body.message).toBe('Queued; it will be checked when the queue is back.');
      } finally {
        redis.thaw();
      }
      await world.allWorkCompleted();
      await api.http().get('/health').expect(200);
    },
  );

  it.skipIf(persistent)(
    'starts a worker while Redis is away, which takes up the waiting work once it is back',
    async () => {
      const { api, redis, cat } = world;
      await worker?.close();
      await redis.down();
      const file = await validReturn(cat, 7);
      await world.upload('2022-23 Q1', file).expect(202);
      worker = await startTestWorker(api.config);
      await redis.up();
      await world.allWorkCompleted();
      expect(
        await api.dataSource.query(`SELECT outcome FROM indicator_return WHERE sha256 = $1`, [sha256(file)]),
      ).toEqual([{ outcome: 'accepted' }]);
    },
  );
});
