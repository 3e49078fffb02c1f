import { Injectable } from '@nestjs/common';
import { DataSource, EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { PENDING_JOBS, type PendingJob } from './pending-jobs.js';
import { QueueService } from './queue.service.js';

/**
 * Sends the jobs a transaction recorded (QueueService.enqueueAfterCommit) once it has committed, and
 * forgets them if it rolls back: a worker never reads data that is not there yet, or never will be.
 * A job Redis does not take now stays recorded as queued; the worker's reconciler sends it later.
 */
@Injectable()
export class AfterCommitJobs implements EntitySubscriberInterface {
  constructor(
    dataSource: DataSource,
    private readonly queues: QueueService,
  ) {
    dataSource.subscribers.push(this);
  }

  async afterTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    // Also called when a savepoint is released; only the outermost commit makes the data visible.
    if (event.queryRunner.isTransactionActive) return;
    const pending = takePending(event);
    for (const job of pending) job.settle(await this.queues.send(job.name, job.data));
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (event.queryRunner.isTransactionActive) return;
    for (const job of takePending(event)) job.settle(false);
  }
}

function takePending(event: TransactionCommitEvent | TransactionRollbackEvent): PendingJob[] {
  const pending = (event.queryRunner.data?.[PENDING_JOBS] as PendingJob[] | undefined) ?? [];
  if (pending.length > 0) delete event.queryRunner.data[PENDING_JOBS];
  return pending;
}
