import { createHash } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../libs/access/index.js';
import { quarter } from '../../libs/periods/index.js';
import { JobName, QueueName, QueueService } from '../../libs/queue/index.js';
import { ReturnsStore } from '../../libs/returns/index.js';
import { ControlledClock } from '../factories/controlled-clock.js';
import { createReturnsCatalogue, returnWorkbook, type ReturnsCatalogue } from '../factories/returns.factory.js';
import { until } from '../factories/until.js';
import { startTestWorker } from '../factories/worker.js';
import { createTestApi, TestApi } from './test-app.js';

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

describe(QueueService.name, () => {
  let api: TestApi;
  let worker: INestApplicationContext | undefined;
  let clock: ControlledClock;
  let cat: ReturnsCatalogue;
  let officer: string;
  let admin: string;

  beforeAll(async () => {
    clock = new ControlledClock(new Date('2025-07-10T08:55:00Z'));
    api = await createTestApi({ jobLockMs: 2_000, reconcileIntervalMs: 500 }, clock);
    cat = await createReturnsCatalogue(api);
    officer = await api.signInAs('data_officer', [cat.group.id]);
    admin = await api.signInAs('admin');
  });
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
  });
  afterAll(() => api.close());

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const upload = (content: Buffer, period: string, queued = true) =>
    api
      .http()
      .post('/api/returns')
      .query({ async: String(queued) })
      .set(bearer(officer))
      .field('group', cat.group.code)
      .field('period', period)
      .attach('file', content, 'return.xlsx');
  const work = async (jobId: string) =>
    (await api.http().get(`/api/jobs/returns/${jobId}`).set(bearer(admin)).expect(200)).body;
  const finished = (jobId: string) =>
    until(async () => {
      const job = await work(jobId);
      return job.state === 'completed' || job.state === 'failed' ? job : null;
    }, `job ${jobId}`);

  it('keeps the later upload current when an earlier one is checked after it, and stamps each when it was uploaded', async () => {
    const earlier = await returnWorkbook([{ indicatorCode: cat.indicators.count.code, value: 11 }]);
    const later = await returnWorkbook([{ indicatorCode: cat.indicators.count.code, value: 22 }]);
    clock.set(new Date('2025-07-10T09:00:00Z'));
    const first = (await upload(earlier, '2024-25 Q4').expect(202)).body;
    // Redis loses the earlier upload's job before any worker reaches it.
    await (await api.get(QueueService).queue(QueueName.Returns).getJob(first.jobId))!.remove();
    // A correction ten minutes later, checked at once.
    clock.set(new Date('2025-07-10T09:10:00Z'));
    await upload(later, '2024-25 Q4', false).expect(201);
    clock.set(new Date('2025-07-10T09:30:00Z'));

    // The reconciler sends the lost job again: the earlier upload is checked after the correction.
    worker = await startTestWorker(api.config, clock);
    expect((await finished(first.jobId)).result.outcome).toBe('accepted');

    const returns = await api.dataSource.query(
      `SELECT sha256, received_at, superseded_by IS NOT NULL AS superseded FROM indicator_return
        WHERE group_id = $1 AND period_start = $2 ORDER BY received_at`,
      [cat.group.id, quarter(2024, 4).start],
    );
    expect(returns).toEqual([
      { sha256: sha256(earlier), received_at: new Date('2025-07-10T09:00:00Z'), superseded: true },
      { sha256: sha256(later), received_at: new Date('2025-07-10T09:10:00Z'), superseded: false },
    ]);
    const values = await api.dataSource.query(
      `SELECT value::float FROM current_value WHERE indicator_id = $1 AND period_start = $2`,
      [cat.indicators.count.id, quarter(2024, 4).start],
    );
    expect(values).toEqual([{ value: 22 }]);
  });

  it('fails work after its last attempt with the reason, and runs it again from the first when an admin retries it', async () => {
    const file = await returnWorkbook([{ indicatorCode: cat.indicators.count.code, value: 33 }]);
    // Work whose bytes are missing fails each attempt; two have failed already.
    const { jobId } = await api.get(QueueService).enqueue(JobName.ProcessReturn, {
      groupId: cat.group.id,
      period: quarter(2023, 4),
      sha256: sha256(file),
      fileName: 'return.xlsx',
      actor: systemActor('test'),
      receivedAt: clock.now().toISOString(),
    });
    await api.dataSource.query(`UPDATE queued_work SET attempts = max_attempts - 1 WHERE job_id = $1`, [jobId]);

    worker = await startTestWorker(api.config, clock);
    const failed = await finished(jobId);
    expect(failed).toMatchObject({
      state: 'failed',
      attemptsMade: 3,
      failedReason: `No upload '${sha256(file)}' exists.`,
    });

    await api
      .get(ReturnsStore)
      .saveUpload(api.dataSource.manager, { sha256: sha256(file), fileName: 'x', content: file });
    const retried = await api.http().post(`/api/jobs/returns/${jobId}/retry`).set(bearer(admin)).expect(202);
    expect(retried.body).toMatchObject({ state: 'queued', attemptsMade: 0, failedReason: null });
    expect(await finished(jobId)).toMatchObject({
      state: 'completed',
      attemptsMade: 1,
      result: { outcome: 'accepted' },
    });
    await api.http().post(`/api/jobs/returns/${jobId}/retry`).set(bearer(admin)).expect(409);
  });
});
