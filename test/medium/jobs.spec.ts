import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWorker } from '../factories/worker.js';
import { createTestApi, TestApi } from './test-app.js';
import { until } from '../factories/until.js';

describe('JobsController', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let admin: string;

  beforeAll(async () => {
    api = await createTestApi();
    worker = await startTestWorker(api.config);
    admin = await api.signInAs('admin');
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  it('shows an admin a ping answered by the worker, in the queue overview and the job list', async () => {
    const enqueued = await api.http().post('/api/jobs/ping').set('authorization', `Bearer ${admin}`).expect(202);
    const job = await until(
      async () => {
        const found: { state: string; result: { pong: boolean } | null } = (
          await api
            .http()
            .get(`/api/jobs/system/${enqueued.body.jobId}`)
            .set('authorization', `Bearer ${admin}`)
            .expect(200)
        ).body;
        return found.state === 'completed' ? found : null;
      },
      'the ping to be answered',
      15_000,
    );
    expect(job).toMatchObject({ state: 'completed', result: { pong: true } });

    const overview = await api.http().get('/api/jobs').set('authorization', `Bearer ${admin}`).expect(200);
    expect(overview.body).toEqual(
      expect.arrayContaining([{ queue: 'system', counts: expect.objectContaining({ completed: 1 }) }]),
    );
    const listed = await api
      .http()
      .get('/api/jobs/system?state=completed')
      .set('authorization', `Bearer ${admin}`)
      .expect(200);
    expect(listed.body.map((j: { id: string }) => j.id)).toEqual([enqueued.body.jobId]);
  });

  it('refuses an unknown queue name with a clear error', async () => {
    const response = await api.http().get('/api/jobs/nonsense').set('authorization', `Bearer ${admin}`).expect(400);
    expect(response.body.message).toMatch(/enum/i);
  });
});
