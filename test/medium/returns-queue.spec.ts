import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReturnsJobsService } from '../../libs/returns/index.js';
import {
  createReturnsCatalogue,
  returnCsv,
  returnWorkbook,
  type ReturnSheetRow,
  type ReturnsCatalogue,
} from '../factories/returns.factory.js';
import { startTestWorker } from '../factories/worker.js';
import { createTestApi, TestApi } from './test-app.js';
import { until } from '../factories/until.js';

const ASYNC_THRESHOLD = 32 * 1024;

describe(ReturnsJobsService.name, () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let officer: string;
  let otherOfficer: string;
  let cat: ReturnsCatalogue;

  beforeAll(async () => {
    api = await createTestApi({ returnsAsyncThresholdBytes: ASYNC_THRESHOLD });
    worker = await startTestWorker(api.config);
    cat = await createReturnsCatalogue(api);
    officer = await api.signInAs('data_officer', [cat.group.id]);
    otherOfficer = await api.signInAs('data_officer', [cat.otherGroup.id]);
  });
  afterAll(async () => {
    await worker?.close();
    await api.close();
  });

  const upload = (content: Buffer, fileName: string, period: string, async = false) => {
    const request = api.http().post('/api/returns').set('authorization', `Bearer ${officer}`);
    if (async) request.query({ async: 'true' });
    return request.field('group', cat.group.code).field('period', period).attach('file', content, fileName);
  };

  /** Polls the job until it finishes; bounded, no sleeps beyond the poll interval. */
  async function finished(jobId: string, token = officer) {
    return until(
      async () => {
        const response = await api
          .http()
          .get(`/api/returns/jobs/${jobId}`)
          .set('authorization', `Bearer ${token}`)
          .expect(200);
        return response.body.state === 'completed' || response.body.state === 'failed' ? response.body : null;
      },
      `returns job ${jobId} to finish`,
      20_000,
    );
  }

  const stored = (returnId: string) =>
    api.dataSource.query(
      `SELECT indicator_id, area_id, value::float, numerator::float, denominator::float, status, suppression_marker, commentary
         FROM return_value WHERE return_id = $1 ORDER BY indicator_id, area_id`,
      [returnId],
    );

  it('gives a queued return the same rows and outcome as a direct one', async () => {
    const rows: ReturnSheetRow[] = [
      { indicatorCode: cat.indicators.pct.code, numerator: 45, denominator: 60 },
      { indicatorCode: cat.indicators.pct.code, areaCode: cat.districts[0].code, value: 'c' },
      { indicatorCode: cat.indicators.count.code, value: 17, commentary: 'Up on last quarter' },
    ];
    const file = await returnWorkbook(rows);
    const direct = await upload(file, 'direct.xlsx', '2024-25 Q1').expect(201);
    const queued = await upload(file, 'queued.xlsx', '2024-25 Q2', true).expect(202);
    expect(queued.body.statusUrl).toBe(`/api/returns/jobs/${queued.body.jobId}`);
    const job = await finished(queued.body.jobId);
    expect(job.state).toBe('completed');
    expect(job.result).toEqual({ ...direct.body, returnId: job.result.returnId });
    expect(await stored(job.result.returnId)).toEqual(await stored(direct.body.returnId));
  });

  it('gives a queued rejection the same problems as a direct one, and shows progress', async () => {
    const rows: ReturnSheetRow[] = [
      { indicatorCode: 'NOPE', value: '12,5' },
      { indicatorCode: cat.indicators.count.code, value: { formula: '1+1' } },
      { indicatorCode: cat.indicators.pct.code, value: '104' },
    ];
    const file = await returnWorkbook(rows);
    const direct = await upload(file, 'bad.xlsx', '2023-24 Q1').expect(422);
    const queued = await upload(file, 'bad.xlsx', '2023-24 Q2', true).expect(202);
    const job = await finished(queued.body.jobId);
    expect(job.result).toMatchObject({ outcome: 'rejected', problemCount: 4 });
    expect(job.result.problems).toEqual(direct.body.details);
    expect(job.progress).toEqual({ rowsRead: 4, problems: 4 });
  });

  it('queues a file above the size threshold without being asked, with a job id from group, period and content', async () => {
    const rows: ReturnSheetRow[] = Array.from({ length: 1500 }, (_, i) => ({
      indicatorCode: `UNKNOWN-${i}`,
      value: i,
    }));
    const file = returnCsv(rows);
    expect(file.length).toBeGreaterThan(ASYNC_THRESHOLD);
    const first = await upload(file, 'big.csv', '2022-23 Q1').expect(202);
    const again = await upload(file, 'big.csv', '2022-23 Q1').expect(202);
    expect(again.body.jobId).toBe(first.body.jobId);
    expect(first.body.jobId).toMatch(new RegExp(`^return\\.${cat.group.id}\\.quarter\\.2022-04-01\\.[0-9a-f]{64}$`));
    const job = await finished(first.body.jobId);
    expect(job.result).toMatchObject({ outcome: 'rejected', problemCount: 1500 });
    expect(job.progress).toEqual({ rowsRead: 1501, problems: 1500 });
  });

  it('refuses a hostile file at once, even when asked to queue it', async () => {
    const response = await upload(Buffer.from('not a workbook'), 'x.xlsx', '2022-23 Q2', true).expect(422);
    expect(response.body.code).toBe('SPREADSHEET.NOT_XLSX');
    expect(
      Number((await api.dataSource.query(`SELECT count(*) FROM return_upload WHERE file_name = 'x.xlsx'`))[0].count),
    ).toBe(0);
  });

  it("does not show a group's job to a data officer of another group", async () => {
    const queued = await upload(
      await returnWorkbook([{ indicatorCode: cat.indicators.count.code, value: 3 }]),
      'q.xlsx',
      '2022-23 Q3',
      true,
    ).expect(202);
    await finished(queued.body.jobId);
    await api
      .http()
      .get(`/api/returns/jobs/${queued.body.jobId}`)
      .set('authorization', `Bearer ${otherOfficer}`)
      .expect(404);
  });
});
