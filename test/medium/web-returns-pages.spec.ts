import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReturnsPagesController } from '../../apps/api/src/web/returns-pages.controller.js';
import { CSRF_FIELD, csrfTokenFor, SESSION_COOKIE } from '../../apps/api/src/web/web-session.js';
import { createReturnsCatalogue, returnWorkbook, type ReturnsCatalogue } from '../factories/returns.factory.js';
import { startTestWorker } from '../factories/worker.js';
import { createTestApi, TestApi } from './test-app.js';

describe(ReturnsPagesController.name, () => {
  let api: TestApi;
  let worker: INestApplicationContext | null = null;
  let cat: ReturnsCatalogue;
  let session: string;
  let file: Buffer;

  beforeAll(async () => {
    // Every upload goes to the worker, which starts only when a test wants it to.
    api = await createTestApi({ returnsAsyncThresholdBytes: 0 });
    cat = await createReturnsCatalogue(api);
    session = await api.signInAs('data_officer', [cat.group.id]);
    file = await returnWorkbook([{ indicatorCode: cat.indicators.count.code, value: 17 }]);
  });
  afterAll(async () => {
    await worker?.close();
    await api.close();
  });

  const page = (path: string) => api.http().get(path).set('cookie', `${SESSION_COOKIE}=${session}`);
  const upload = (withCsrf: boolean) => {
    const request = api.http().post('/returns/upload').set('cookie', `${SESSION_COOKIE}=${session}`);
    if (withCsrf) request.field(CSRF_FIELD, csrfTokenFor(session));
    return request.field('group', cat.group.code).field('period', '2024-25 Q1').attach('file', file, 'q1.xlsx');
  };

  it('refuses an upload without the CSRF token and keeps nothing of the file', async () => {
    const response = await upload(false).expect(403);
    expect(response.text).toContain('This form could not be checked');
    const [{ count }] = await api.dataSource.query(`SELECT count(*)::int AS count FROM return_upload`);
    expect(count).toBe(0);
  });

  it('shows a queued return’s progress with a refresh link, then its outcome once the worker is done', async () => {
    const queued = await upload(true).expect(303);
    expect(queued.headers.location).toMatch(/^\/returns\/jobs\/return\./);

    const waiting = await page(queued.headers.location).expect(200);
    expect(waiting.text).toContain('<title>Checking your return – CYPP Scorecard</title>');
    expect(waiting.text).toContain('Your file is waiting to be checked.');
    expect(waiting.text).toMatch(/data-refresh-seconds="2"[^>]*>This page updates itself/);
    expect(waiting.text).toContain('>Refresh now</a>');

    worker = await startTestWorker(api.config);
    const deadline = Date.now() + 20_000;
    let done = await page(queued.headers.location);
    while (done.status === 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      done = await page(queued.headers.location);
    }
    expect(done.status).toBe(303);
    const outcome = await page(done.headers.location).expect(200);
    expect(outcome.text).toContain('<title>Return accepted – CYPP Scorecard</title>');
  });

  it('offers a data officer only their own groups in the exceptions filter', async () => {
    const list = await page('/exceptions').expect(200);
    expect(list.text).toContain(`(${cat.group.code})</option>`);
    expect(list.text).not.toContain(`(${cat.otherGroup.code})</option>`);
  });
});
