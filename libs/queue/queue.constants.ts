import type { JobsOptions } from 'bullmq';

export enum QueueName {
  System = 'system',
}

/** Every job the platform runs. The worker refuses to start if one has no handler, or two. */
export enum JobName {
  Ping = 'system.ping',
}

export const JOB_QUEUE: Readonly<Record<JobName, QueueName>> = {
  [JobName.Ping]: QueueName.System,
};

export interface JobPayloads {
  [JobName.Ping]: { requestedAt: string };
}

const RETRY: JobsOptions = { attempts: 5, backoff: { type: 'exponential', delay: 2_000 } };

/**
 * The one place that decides job ids and retries. A job id built from the job's data makes
 * enqueueing idempotent: BullMQ ignores an add whose id already exists.
 */
export function getJobOptions<N extends JobName>(name: N, data: JobPayloads[N]): JobsOptions {
  switch (name) {
    case JobName.Ping:
      return { ...RETRY, attempts: 1, jobId: `ping-${data.requestedAt}`, removeOnComplete: 100, removeOnFail: 100 };
    default:
      return RETRY;
  }
}
