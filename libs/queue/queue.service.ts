import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/index.js';
import { getJobOptions, JOB_QUEUE, JobName, JobPayloads, QueueName } from './queue.constants.js';
import { PENDING_JOBS, type PendingJob } from './pending-jobs.js';
import { createRedisConnection } from './redis-connection.js';

export const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'] as const;
export type JobStateName = (typeof JOB_STATES)[number];

export interface JobState {
  id: string;
  name: string;
  queue: QueueName;
  state: string;
  progress: unknown;
  attemptsMade: number;
  failedReason: string | null;
  result: unknown;
  createdAt: string;
  finishedAt: string | null;
}

/** Features enqueue through this service and never touch BullMQ types directly. */
@Injectable()
export class QueueService implements OnModuleDestroy {
  private readonly connection: Redis;
  private readonly queues = new Map<QueueName, Queue>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.connection = createRedisConnection(config.redisUrl, { maxRetriesPerRequest: 1 });
  }

  async enqueue<N extends JobName>(name: N, data: JobPayloads[N]): Promise<string> {
    const job = await this.queue(JOB_QUEUE[name]).add(name, data, getJobOptions(name, data));
    return job.id as string;
  }

  /**
   * Runs a job on a cron pattern in UK time. Upserting the same scheduler id again only updates it, so every
   * worker start may call this.
   */
  async schedule<N extends JobName>(
    schedulerId: string,
    pattern: string,
    name: N,
    data: JobPayloads[N],
  ): Promise<void> {
    const { jobId: _jobId, delay: _delay, deduplication: _deduplication, ...opts } = getJobOptions(name, data);
    await this.queue(JOB_QUEUE[name]).upsertJobScheduler(
      schedulerId,
      { pattern, tz: 'Europe/London' },
      { name, data, opts },
    );
  }

  /**
   * Enqueues once `manager`'s transaction commits (see AfterCommitJobs), so the job sees the data; at once
   * when there is no transaction.
   */
  async enqueueAfterCommit<N extends JobName>(manager: EntityManager, name: N, data: JobPayloads[N]): Promise<void> {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) {
      await this.enqueue(name, data);
      return;
    }
    runner.data ??= {};
    ((runner.data[PENDING_JOBS] ??= []) as PendingJob[]).push({ name, data });
  }

  async getJob(queueName: QueueName, id: string): Promise<JobState | null> {
    const job = await this.queue(queueName).getJob(id);
    return job ? describeJob(queueName, job) : null;
  }

  /**
   * A BullMQ job scheduler: Redis keeps it, so it survives restarts, and upserting the same id
   * replaces it rather than adding a second one.
   */
  async upsertSchedule<N extends JobName>(
    schedulerId: string,
    cron: string,
    name: N,
    data: JobPayloads[N],
  ): Promise<void> {
    const { jobId: _jobId, ...options } = getJobOptions(name, data);
    await this.queue(JOB_QUEUE[name]).upsertJobScheduler(
      schedulerId,
      { pattern: cron, tz: 'Europe/London' },
      { name, data, opts: options },
    );
  }

  /**
   * Runs a job again under the same id: a failed job is retried in place; a finished one is removed and
   * added afresh; a waiting or running one is left alone. Returns the job's id.
   */
  async rerun<N extends JobName>(name: N, data: JobPayloads[N]): Promise<string> {
    const queue = this.queue(JOB_QUEUE[name]);
    const options = getJobOptions(name, data);
    const existing = options.jobId ? await queue.getJob(options.jobId) : undefined;
    if (existing) {
      const state = await existing.getState();
      if (state === 'failed') {
        await existing.retry('failed');
        return existing.id as string;
      }
      if (state !== 'completed') return existing.id as string;
      await existing.remove();
    }
    return this.enqueue(name, data);
  }

  /** Recent jobs of a queue in the given states, newest first, for the admin's view of the queues. */
  async listJobs(
    queueName: QueueName,
    states: readonly JobStateName[],
    page: number,
    pageSize: number,
  ): Promise<JobState[]> {
    const start = (page - 1) * pageSize;
    const jobs = await this.queue(queueName).getJobs([...states], start, start + pageSize - 1, false);
    return Promise.all(jobs.map((job) => describeJob(queueName, job)));
  }

  /** How many jobs a queue holds in each state. */
  async countJobs(queueName: QueueName): Promise<Record<string, number>> {
    return this.queue(queueName).getJobCounts(...JOB_STATES);
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.connection.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.config.queuePrefix });
      this.queues.set(name, queue);
    }
    return queue;
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.connection.disconnect();
  }
}

export async function describeJob(queue: QueueName, job: Job): Promise<JobState> {
  return {
    id: job.id as string,
    name: job.name,
    queue,
    state: await job.getState(),
    progress: job.progress,
    attemptsMade: job.attemptsMade,
    failedReason: job.failedReason ?? null,
    result: job.returnvalue ?? null,
    createdAt: new Date(job.timestamp).toISOString(),
    finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
  };
}
