import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { PENDING_JOBS, type PendingJob } from './pending-jobs.js';
import { QueueService } from './queue.service.js';

/**
 * Enqueues the jobs a transaction asked for (QueueService.enqueueAfterCommit) once it has committed, and
 * forgets them if it rolls back: a worker never reads data that is not there yet, or never will be.
 * A job that cannot be enqueued (Redis away) is logged and left to the nightly rebuild; the committed
 * change stands.
 */
@Injectable()
export class AfterCommitJobs implements EntitySubscriberInterface {
  private readonly logger = new Logger(AfterCommitJobs.name);

  constructor(
    dataSource: DataSource,
    private readonly queues: QueueService,
  ) {
    dataSource.subscribers.push(this);
  }

  async afterTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    // Also called when a savepoint is released; only the outermost commit makes the data visible.
    if (event.queryRunner.isTransactionActive) return;
    const pending = event.queryRunner.data?.[PENDING_JOBS] as PendingJob[] | undefined;
    if (!pending?.length) return;
    delete event.queryRunner.data[PENDING_JOBS];
    for (const job of pending) {
      try {
        await this.queues.enqueue(job.name, job.data);
      } catch (error) {
        this.logger.error(`Could not enqueue ${job.name} after commit: ${(error as Error).message}`);
      }
    }
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive && event.queryRunner.data) delete event.queryRunner.data[PENDING_JOBS];
  }
}
