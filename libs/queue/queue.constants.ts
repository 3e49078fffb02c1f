import type { JobsOptions } from 'bullmq';
import type { Actor } from '../access/actor.js';
import type { Period } from '../periods/index.js';

export enum QueueName {
  System = 'system',
  Returns = 'returns',
}

/** Every job the platform runs. The worker refuses to start if one has no handler, or two. */
export enum JobName {
  Ping = 'system.ping',
  ProcessReturn = 'returns.process',
}

export const JOB_QUEUE: Readonly<Record<JobName, QueueName>> = {
  [JobName.Ping]: QueueName.System,
  [JobName.ProcessReturn]: QueueName.Returns,
};

export interface JobPayloads {
  [JobName.Ping]: { requestedAt: string };
  /** An uploaded return to check and store; its bytes wait in return_upload under `sha256`. */
  [JobName.ProcessReturn]: { groupId: string; period: Period; sha256: string; fileName: string; actor: Actor };
}

const RETRY: JobsOptions = { attempts: 5, backoff: { type: 'exponential', delay: 2_000 } };
/** A return that fails to store (database away) is retried; one that fails validation completes, rejected. */
const RETURN_RETRY: JobsOptions = { attempts: 3, backoff: { type: 'exponential', delay: 5_000 } };

/** BullMQ job ids may not contain ':'; period starts and uuids do not. */
export function returnJobId(groupId: string, period: Pick<Period, 'type' | 'start'>, sha256: string): string {
  return `return.${groupId}.${period.type}.${period.start}.${sha256}`;
}

/**
 * The one place that decides job ids and retries. A job id built from the job's data makes
 * enqueueing idempotent: BullMQ ignores an add whose id already exists.
 */
export function getJobOptions<N extends JobName>(name: N, data: JobPayloads[N]): JobsOptions {
  switch (name) {
    case JobName.Ping:
      return { ...RETRY, attempts: 1, jobId: `ping-${(data as JobPayloads[JobName.Ping]).requestedAt}`, removeOnComplete: 100, removeOnFail: 100 };
    case JobName.ProcessReturn: {
      const { groupId, period, sha256 } = data as JobPayloads[JobName.ProcessReturn];
      // Same group, period and bytes → same job: uploading twice while queued enqueues once.
      // Results are kept a day so the uploader can read them.
      return { ...RETURN_RETRY, jobId: returnJobId(groupId, period, sha256), removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 } };
    }
    default:
      return RETRY;
  }
}
