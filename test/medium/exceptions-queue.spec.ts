import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../libs/access/index.js';
import { CatalogueService, TargetsService } from '../../libs/catalogue/index.js';
import { ExceptionEvaluator, ExceptionJobs } from '../../libs/exceptions/index.js';
import { financialYear, quarter } from '../../libs/periods/index.js';
import { JobName, QueueService } from '../../libs/queue/index.js';
import { ControlledClock } from '../factories/controlled-clock.js';
import { evaluationQueueDrained, quarters, ScorecardFactory } from '../factories/exceptions.factory.js';
import { startTestWorker } from '../factories/worker.js';
import { createTestApi, TestApi } from './test-app.js';

const NOW = new Date('2025-02-01T09:00:00Z');

/**
 * The same partnership, returns and target change on any API: two groups, a red and a trending indicator,
 * a run below the mean, one return corrected, one target lowered, one return never sent.
 */
async function scenario(api: TestApi): Promise<Settings> {
  const make = await new ScorecardFactory(api, 'Q').setUp();
  const own = await make.group('OWN');
  const other = await make.group('OTHER');
  const district = await make.area('DISTRICT', { kind: 'district' });
  const rag = await make.indicator('RAG');
  const spc = await make.indicator('SPC');
  const late = await make.indicator('LATE');
  const ragTarget = await make.target(rag, financialYear(2024), own);
  await make.target(late, financialYear(2024), other);
  const series = quarters(2021, 3, 13);
  const values = [80, 82, 79, 81, 80, 82, 76, 77, 75, 77, 76, 75, 77];
  const ragValues: Record<string, number[]> = {
    '2024-04-01': [70, 60],
    '2024-07-01': [72, 90],
    '2024-10-01': [79, 75],
  };
  for (const [i, period] of series.entries()) {
    const rows = [{ indicator: spc, value: values[i]! }];
    const inYear = ragValues[period.start];
    if (inYear)
      rows.push({ indicator: rag, value: inYear[0]! }, { indicator: rag, value: inYear[1]!, area: district } as never);
    await make.submit(own, period, rows);
  }
  // A corrected Q2: the home authority's value is now red too.
  await make.submit(own, quarter(2024, 2), [
    { indicator: spc, value: 75 },
    { indicator: rag, value: 71 },
    { indicator: rag, value: 90, area: district },
  ]);
  await make.submit(other, quarter(2024, 1), [{ indicator: late, value: 81 }], new Date('2024-09-02T10:00:00Z'));
  await api.get(TargetsService).addVersion(
    ragTarget.id,
    {
      value: 74,
      tolerance: { kind: 'absolute', amount: 2 },
      exceptional: { kind: 'absolute', amount: 5 },
      reason: 'Revised at mid-year review',
    },
    systemActor('test'),
  );
  return { trending: spc.id, lateGroup: other.id };
}

interface Settings {
  trending: string;
  lateGroup: string;
}

/**
 * Later, settings the rules read: the trending indicator is found to be lower-is-better (its run below the
 * mean becomes an improvement), and the late group's returns were due in 50 working days, so its Q1 return
 * (in on 2 September) was not late.
 */
async function changeSettings(api: TestApi, { trending, lateGroup }: Settings): Promise<void> {
  const catalogue = api.get(CatalogueService);
  await catalogue.updateIndicator(trending, { polarity: 'lower_is_better' }, systemActor('test'));
  await catalogue.updateGroup(lateGroup, { returnsDueWorkingDays: 50 }, systemActor('test'));
}

/**
 * The exceptions that hold now, as people see them. The queued path also keeps what held for a while and
 * closed itself (e.g. returns missing until they arrived), which a single rebuild of the end state never saw.
 */
const holding = (api: TestApi): Promise<unknown[]> =>
  api.dataSource.query(
    `SELECT e.kind, i.code AS indicator, a.code AS area, g.code AS owning_group, e.period_type, e.period_start::text,
            e.status, e.closure, e.positive, e.summary, e.reasons, (e.carried_forward_from_id IS NOT NULL) AS carried
       FROM exception e
       LEFT JOIN indicator i ON i.id = e.indicator_id
       LEFT JOIN area a ON a.id = e.area_id
       LEFT JOIN partnership_group g ON g.id = e.owning_group_id
      WHERE e.holds
      ORDER BY e.kind, i.code NULLS FIRST, a.code NULLS FIRST, g.code, e.period_start`,
  );

/** Every exception row with its history: what a rebuild must leave untouched. */
const everything = (api: TestApi): Promise<unknown[]> =>
  api.dataSource.query(
    `SELECT e.*, (SELECT count(*)::int FROM exception_history h WHERE h.exception_id = e.id) AS history FROM exception e ORDER BY e.id`,
  );

describe(ExceptionJobs.name, () => {
  let queued: TestApi;
  let direct: TestApi;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    queued = await createTestApi({}, new ControlledClock(NOW));
    worker = await startTestWorker(queued.config, new ControlledClock(NOW));
    direct = await createTestApi({}, new ControlledClock(NOW));
  });
  afterAll(async () => {
    await worker?.close();
    await queued?.close();
    await direct?.close();
  });

  it('coalesces the same change enqueued twice into one job', async () => {
    const queues = queued.get(QueueService);
    const payload = { indicatorIds: ['b', 'a'], period: '2024-25-Q1', groupIds: ['g'], cause: 'return.test' };

    const first = await queues.enqueue(JobName.EvaluateIndicators, payload);
    const second = await queues.enqueue(JobName.EvaluateIndicators, { ...payload, indicatorIds: ['a', 'b'] });

    expect(second.jobId).toBe(first.jobId);
    await evaluationQueueDrained(queued);
  });

  it('gives through the queue, after every return, target and setting change, the exceptions a direct rebuild gives', async () => {
    const settings = await scenario(queued);
    await evaluationQueueDrained(queued);
    await changeSettings(queued, settings);
    await evaluationQueueDrained(queued);
    await changeSettings(direct, await scenario(direct));
    await direct.get(ExceptionEvaluator).rebuild();

    const throughQueue = await holding(queued);

    expect(throughQueue.length).toBeGreaterThan(5);
    expect(throughQueue).toEqual(await holding(direct));
  });

  it('leaves nothing for a rebuild to change after the queued evaluations', async () => {
    const summary = await queued.get(ExceptionEvaluator).rebuild();

    expect(summary).toMatchObject({ raised: 0, reopened: 0, updated: 0, carriedForward: 0, closedAutomatically: 0 });
  });

  it('runs a rebuild requested through the API on the worker', async () => {
    const admin = await queued.signInAs('admin');
    const before = await everything(queued);

    const { body } = await queued
      .http()
      .post('/api/exceptions/rebuild')
      .set('authorization', `Bearer ${admin}`)
      .expect(202);
    await evaluationQueueDrained(queued);

    const job = await queued.get(QueueService).getJob(body.queue, body.jobId);
    expect(job).toMatchObject({ state: 'completed', result: { raised: 0, closedAutomatically: 0 } });
    expect(await everything(queued)).toEqual(before);
  });
});
