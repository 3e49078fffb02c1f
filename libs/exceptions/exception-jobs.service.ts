import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EvaluateIndicatorsPayload, JobName, JobPayloads, OnJob, QueueService } from '../queue/index.js';
import { ExceptionEvaluator, type EvaluationSummary } from './exception-evaluator.service.js';

/** Every night at 02:00 UK time: returns whose deadline passed are now missing, and anything an enqueue missed is caught up. */
export const NIGHTLY_REBUILD = { schedulerId: 'exceptions-nightly-rebuild', pattern: '0 2 * * *' } as const;

/** The worker's side of exceptions. Errors are rethrown so BullMQ retries with backoff. */
@Injectable()
export class ExceptionJobs implements OnApplicationBootstrap {
  private readonly logger = new Logger(ExceptionJobs.name);

  constructor(
    private readonly evaluator: ExceptionEvaluator,
    private readonly queues: QueueService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queues.schedule(NIGHTLY_REBUILD.schedulerId, NIGHTLY_REBUILD.pattern, JobName.RebuildExceptions, {
      requestedAt: 'nightly',
      requestedBy: 'nightly schedule',
    });
    this.logger.log(`Exceptions are rebuilt nightly (${NIGHTLY_REBUILD.pattern}, Europe/London)`);
  }

  @OnJob(JobName.EvaluateIndicators)
  async handleEvaluateIndicators(data: EvaluateIndicatorsPayload): Promise<EvaluationSummary> {
    return this.evaluator.evaluate(
      {
        indicatorIds: data.indicatorIds,
        areaIds: data.areaIds ?? null,
        period: data.period ?? null,
        groupIds: data.groupIds ?? [],
      },
      data.cause,
    );
  }

  @OnJob(JobName.RebuildExceptions)
  async handleRebuildExceptions(data: JobPayloads[JobName.RebuildExceptions]): Promise<EvaluationSummary> {
    this.logger.log(`Rebuilding exceptions (requested by ${data.requestedBy})`);
    return this.evaluator.rebuild();
  }
}
