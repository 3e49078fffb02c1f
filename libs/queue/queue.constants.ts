import { createHash } from 'node:crypto';
import type { JobsOptions } from 'bullmq';
import type { Actor } from '../access/actor.js';
import type { Period } from '../periods/index.js';

export enum QueueName {
  System = 'system',
  Returns = 'returns',
  /** Exception evaluation: one job at a time, so evaluations of the same indicators never race. */
  Evaluation = 'evaluation',
  /** Report generation: charts and PDFs are CPU and memory heavy. */
  Reports = 'reports',
  /** Emails: one job per email, so each is retried on its own. */
  Notifications = 'notifications',
}

/** Every job the platform runs. The worker refuses to start if one has no handler, or two. */
export enum JobName {
  Ping = 'system.ping',
  ProcessReturn = 'returns.process',
  EvaluateIndicators = 'exceptions.evaluate',
  RebuildExceptions = 'exceptions.rebuild',
  GenerateReport = 'reports.generate',
  ReportScheduleTick = 'reports.schedule-tick',
  SendNotification = 'notifications.send',
  SendDigests = 'notifications.digest',
  /** Reminders, overdue notices, exception alerts and escalations, and papers that cannot be ready in time. */
  WorkflowTick = 'workflow.tick',
}

export const JOB_QUEUE: Readonly<Record<JobName, QueueName>> = {
  [JobName.Ping]: QueueName.System,
  [JobName.ProcessReturn]: QueueName.Returns,
  [JobName.EvaluateIndicators]: QueueName.Evaluation,
  [JobName.RebuildExceptions]: QueueName.Evaluation,
  [JobName.GenerateReport]: QueueName.Reports,
  [JobName.ReportScheduleTick]: QueueName.Reports,
  [JobName.SendNotification]: QueueName.Notifications,
  [JobName.SendDigests]: QueueName.Notifications,
  [JobName.WorkflowTick]: QueueName.Notifications,
};

export interface JobPayloads {
  [JobName.Ping]: { requestedAt: string };
  /**
   * An uploaded return to check and store; its bytes wait in return_upload under `sha256`. `receivedAt`
   * (ISO) is when it was uploaded, not when the worker reaches it: it decides lateness and which return is current.
   */
  [JobName.ProcessReturn]: {
    groupId: string;
    period: Period;
    sha256: string;
    fileName: string;
    actor: Actor;
    receivedAt: string;
  };
  [JobName.EvaluateIndicators]: EvaluateIndicatorsPayload;
  [JobName.RebuildExceptions]: { requestedAt: string; requestedBy: string };
  /** `jobId` is the report's own (type, period, group and data-cut hash), recorded on the report row. */
  [JobName.GenerateReport]: { reportId: string; jobId: string };
  [JobName.ReportScheduleTick]: Record<string, never>;
  [JobName.SendNotification]: { notificationId: string };
  /** `requestedAt` (ISO) names a run asked for by hand; the daily schedule's runs leave it out. */
  [JobName.SendDigests]: { requestedAt?: string };
  [JobName.WorkflowTick]: { requestedAt?: string };
}

/**
 * Re-evaluates exceptions after a change: the indicators it touched (optionally only some areas, and
 * per-period verdicts only from `period` on), and the returns owed by `groupIds`. `cause` names the change
 * (e.g. `return.<id>`, `target.<id>.v2`), so the same change enqueued twice runs once while a later change
 * always gets its own job.
 */
export interface EvaluateIndicatorsPayload {
  indicatorIds: string[];
  areaIds?: string[];
  /** A period key (libs/periods `periodKey`), e.g. 2024-25-Q2. */
  period?: string;
  groupIds?: string[];
  cause: string;
}

const RETRY: JobsOptions = { attempts: 5, backoff: { type: 'exponential', delay: 2_000 } };
/** A return that fails to store (database away) is retried; one that fails validation completes, rejected. */
const RETURN_RETRY: JobsOptions = { attempts: 3, backoff: { type: 'exponential', delay: 5_000 } };

/** BullMQ job ids may not contain ':'; period starts and uuids do not. */
export function returnJobId(groupId: string, period: Pick<Period, 'type' | 'start'>, sha256: string): string {
  return `return.${groupId}.${period.type}.${period.start}.${sha256}`;
}

const RETURN_JOB_ID = /^return\.([0-9a-f-]{36})\.([a-z_]+)\.(\d{4}-\d{2}-\d{2})\.([0-9a-f]{64})$/;

/** The parts of a returns job id, read back where it is built; null for anything else. */
export function parseReturnJobId(
  jobId: string,
): { groupId: string; period: Pick<Period, 'type' | 'start'>; sha256: string } | null {
  const match = RETURN_JOB_ID.exec(jobId);
  if (!match) return null;
  return { groupId: match[1]!, period: { type: match[2] as Period['type'], start: match[3]! }, sha256: match[4]! };
}

/**
 * The one place that decides job ids and retries. A job id built from the job's data makes
 * enqueueing idempotent: BullMQ ignores an add whose id already exists.
 */
export function getJobOptions<N extends JobName>(name: N, data: JobPayloads[N]): JobsOptions {
  switch (name) {
    case JobName.Ping:
      return {
        ...RETRY,
        attempts: 1,
        jobId: `ping-${(data as JobPayloads[JobName.Ping]).requestedAt}`,
        removeOnComplete: 100,
        removeOnFail: 100,
      };
    case JobName.ProcessReturn: {
      const { groupId, period, sha256 } = data as JobPayloads[JobName.ProcessReturn];
      // Same group, period and bytes → same job: uploading twice while queued enqueues once.
      // Results are kept a day so the uploader can read them.
      return {
        ...RETURN_RETRY,
        jobId: returnJobId(groupId, period, sha256),
        removeOnComplete: { age: 24 * 3600 },
        removeOnFail: { age: 7 * 24 * 3600 },
      };
    }
    case JobName.EvaluateIndicators:
      // The cause is part of the id, so a later change never collides with a finished job kept for inspection.
      return {
        ...RETRY,
        jobId: evaluationJobId(data as EvaluateIndicatorsPayload),
        removeOnComplete: { age: 3600, count: 1000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      };
    case JobName.RebuildExceptions:
      return {
        ...RETRY,
        attempts: 3,
        jobId: `exceptions-rebuild.${(data as JobPayloads[JobName.RebuildExceptions]).requestedAt.replace(/[^0-9A-Za-z]/g, '')}`,
        removeOnComplete: 100,
        removeOnFail: 100,
      };
    case JobName.GenerateReport:
      // Finished jobs are kept a month so a repeated request within it finds the job, not a new one.
      return {
        ...RETRY,
        jobId: (data as JobPayloads[JobName.GenerateReport]).jobId,
        removeOnComplete: { age: 30 * 24 * 3600 },
        removeOnFail: false,
      };
    case JobName.ReportScheduleTick:
      // The id is for a tick asked for by hand; the daily schedule's own jobs get theirs from BullMQ.
      return { ...RETRY, attempts: 3, jobId: 'reports-schedule-tick', removeOnComplete: 30, removeOnFail: 100 };
    case JobName.SendNotification:
      // One job per email under the email's id: sending it twice enqueues once.
      return {
        attempts: 5,
        backoff: { type: 'exponential', delay: 1_000 },
        jobId: `notify.${(data as JobPayloads[JobName.SendNotification]).notificationId}`,
        removeOnComplete: { age: 7 * 24 * 3600 },
        removeOnFail: { age: 30 * 24 * 3600 },
      };
    case JobName.SendDigests:
    case JobName.WorkflowTick: {
      const { requestedAt } = data as JobPayloads[JobName.WorkflowTick];
      const id = `${name.replace('.', '-')}.${(requestedAt ?? 'daily').replace(/[^0-9A-Za-z]/g, '')}`;
      return { ...RETRY, attempts: 3, jobId: id, removeOnComplete: 30, removeOnFail: 100 };
    }
    default:
      return RETRY;
  }
}

/** The job id of an evaluation: a digest of its scope and cause (BullMQ ids may not contain ':'). */
export function evaluationJobId(data: EvaluateIndicatorsPayload): string {
  const canonical = JSON.stringify([
    [...data.indicatorIds].sort(),
    data.areaIds ? [...data.areaIds].sort() : null,
    data.period ?? null,
    data.groupIds ? [...data.groupIds].sort() : null,
    data.cause,
  ]);
  return `evaluate.${createHash('sha256').update(canonical).digest('hex').slice(0, 32)}`;
}
