import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobDispatcher } from '../../libs/queue/job-dispatcher.service.js';
import { returnCsv } from '../factories/returns.factory.js';
import { until } from '../factories/until.js';
import { createFaultWorld, type FaultWorld } from './fault-world.js';
import { WorkerProcess } from './worker-process.js';

describe(`${JobDispatcher.name}: the worker killed mid-job`, () => {
  let world: FaultWorld;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    world = await createFaultWorld(false);
  });
  afterAll(async () => {
    await worker?.stop();
    await world?.close();
  });

  const workOf = async (jobId: string) =>
    (
      await world.api.dataSource.query(`SELECT state, attempts, result FROM queued_work WHERE job_id = $1`, [jobId])
    )[0] as { state: string; attempts: number; result: { outcome?: string } | null };

  it('finishes a paper once after the worker is killed twice while drawing it', async () => {
    const { api } = world;
    const paper = (await world.requestPaper('2024-25 Q4').expect(202)).body;
    for (const attempt of [1, 2]) {
      worker = await WorkerProcess.start(api.config);
      await until(async () => {
        const [report] = await api.dataSource.query(`SELECT status, progress FROM report WHERE id = $1`, [paper.id]);
        const work = await workOf(paper.jobId);
        return report.status === 'running' && report.progress >= 30 && work.attempts === attempt;
      }, `run ${attempt} of the paper to be drawing`);
      await worker.kill();
      expect((await workOf(paper.jobId)).state).toBe('running');
    }

    worker = await WorkerProcess.start(api.config);
    await until(async () => (await workOf(paper.jobId)).state === 'completed', 'the paper after the restart');
    const [report] = await api.dataSource.query(
      `SELECT status, attempts, (SELECT count(*)::int FROM report_file f WHERE f.report_id = r.id) AS files
         FROM report r WHERE id = $1`,
      [paper.id],
    );
    expect(report).toEqual({ status: 'completed', attempts: 3, files: 2 });
    expect(await api.dataSource.query(`SELECT count(*)::int AS n FROM report`)).toEqual([{ n: 1 }]);
  });

  it('finishes an upload once after the worker is killed while checking it', async () => {
    const { api, cat } = world;
    // Big enough that the worker is still reading it when it is killed: every row names an unknown
    // indicator, so it ends rejected, with one rejection recorded.
    const file = returnCsv(Array.from({ length: 150_000 }, (_, i) => ({ indicatorCode: `UNKNOWN-${i}`, value: i })));
    const sha256 = createHash('sha256').update(file).digest('hex');
    const { jobId } = (await world.upload('2024-25 Q1', file, 'big.csv').expect(202)).body;
    await until(async () => (await workOf(jobId)).state === 'running', 'the upload to be checked');
    await worker!.kill();
    const recorded = () =>
      api.dataSource.query(`SELECT outcome FROM indicator_return WHERE sha256 = $1 AND group_id = $2`, [
        sha256,
        cat.group.id,
      ]);
    expect(await recorded()).toEqual([]);

    worker = await WorkerProcess.start(api.config);
    await until(async () => (await workOf(jobId)).state === 'completed', 'the upload after the restart');
    expect(await recorded()).toEqual([{ outcome: 'rejected' }]);
    expect(await workOf(jobId)).toMatchObject({ attempts: 2, result: { outcome: 'rejected' } });
  });
});
