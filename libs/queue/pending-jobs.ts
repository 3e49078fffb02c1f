import type { JobName, JobPayloads } from './queue.constants.js';

/** Where a transaction keeps the jobs to enqueue once it commits (TypeORM's QueryRunner.data is for this). */
export const PENDING_JOBS = 'pendingJobs';

export interface PendingJob {
  readonly name: JobName;
  readonly data: JobPayloads[JobName];
  /** Told whether Redis took the job (false also when the transaction rolled back). */
  readonly settle: (sent: boolean) => void;
}
