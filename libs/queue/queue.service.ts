import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/index.js';
import { getJobOptions, JOB_QUEUE, JobName, JobPayloads, QueueName } from './queue.constants.js';
import { QueueError, QueueErrorCode } from './queue.error.js';
import { QueuedWorkStore, type QueuedWork, type RecordMode } from './queued-work.store.js';
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

/** Recorded work and whether Redis took its job (false: Redis away; the reconciler sends it later). */
export interface Enqueued {
  readonly jobId: string;
  readonly sent: Promise<boolean>;
}

/** BullMQ states in which a job will still run (or is running): sending it again would change nothing. */
const LIVE_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

/**
 * Features enqueue through this service and never touch BullMQ types directly. Every enqueue records the
 * work in PostgreSQL first (queued_work, in the caller's transaction) and sends the job to Redis after
 * commit; the status of work is read from PostgreSQL, so it stays known whatever happens to Redis.
 */
@Injectable()
export class QueueService implements OnModuleDestroy {
  private readonly logger = new Logger(QueueService.name);
  private readonly connection: Redis;
  private readonly queues = new Map<QueueName, Queue>();
  private readonly schedules = new Map<string, () => Promise<unknown>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly store: QueuedWorkStore,
  ) {
    // Never wait long on Redis: a command (also one waiting for a connection) fails after the timeout.
    this.connection = createRedisConnection(config.redisUrl, {
      maxRetriesPerRequest: 1,
      commandTimeout: config.redisCommandTimeoutMs,
      connectTimeout: config.redisCommandTimeoutMs,
    });
    // ioredis reports every failed reconnection; /health says Redis is down, once is enough here.
    this.connection.on('error', () => undefined);
  }

  /** Records the work and sends its job; for work asked for outside any other transaction. */
  async enqueue<N extends JobName>(name: N, data: JobPayloads[N], mode: RecordMode = 'repeat'): Promise<Enqueued> {
    return this.dataSource.transaction((manager) => this.enqueueAfterCommit(manager, name, data, mode));
  }

  /**
   * Records the work in `manager`'s transaction (the outbox) and sends its job once that commits
   * (AfterCommitJobs), so the worker always finds the data, and work that is asked for is never lost:
   * what Redis does not take now, the reconciler sends later.
   */
  async enqueueAfterCommit<N extends JobName>(
    manager: EntityManager,
    name: N,
    data: JobPayloads[N],
    mode: RecordMode = 'repeat',
  ): Promise<Enqueued> {
    const options = getJobOptions(name, data);
    const jobId = options.jobId;
    if (!jobId) throw new Error(`Job '${name}' has no id of its own, so it cannot be recorded`);
    await this.store.record(manager, jobId, name, data, options.attempts ?? 1, mode, this.config.jobLockMs);
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) return { jobId, sent: this.send(name, data) };
    let settle: (sent: boolean) => void = () => undefined;
    const sent = new Promise<boolean>((resolve) => (settle = resolve));
    runner.data ??= {};
    ((runner.data[PENDING_JOBS] ??= []) as PendingJob[]).push({ name, data, settle });
    return { jobId, sent };
  }

  /**
   * Puts the job of recorded work on its queue under its own id: left alone while it waits or runs, added
   * afresh when Redis has no live job for it. Says whether Redis took it; never throws.
   */
  async send<N extends JobName>(name: N, data: JobPayloads[N]): Promise<boolean> {
    try {
      await this.redis(async () => {
        const queue = this.queue(JOB_QUEUE[name]);
        const options = getJobOptions(name, data);
        const existing = options.jobId ? await queue.getJob(options.jobId) : undefined;
        if (existing) {
          if (LIVE_STATES.has(await existing.getState())) return;
          await existing.remove();
        }
        await queue.add(name, data, options);
      });
      return true;
    } catch (error) {
      this.logger.warn(`${name} is recorded but not on its queue yet: ${(error as Error).message}`);
      return false;
    }
  }

  /**
   * Runs a job on a cron pattern in UK time. Upserting the same scheduler id again only updates it, so every
   * worker start may call this. Redis keeps schedules; one that restarted without its data has them put
   * back by the reconciler (restoreSchedules), so a worker may also start while Redis is away.
   */
  async schedule<N extends JobName>(
    schedulerId: string,
    pattern: string,
    name: N,
    data: JobPayloads[N],
  ): Promise<void> {
    const { jobId: _jobId, delay: _delay, deduplication: _deduplication, ...opts } = getJobOptions(name, data);
    const upsert = () =>
      this.redis(() =>
        this.queue(JOB_QUEUE[name]).upsertJobScheduler(
          schedulerId,
          { pattern, tz: 'Europe/London' },
          { name, data, opts },
        ),
      );
    this.schedules.set(schedulerId, upsert);
    await upsert().catch(() => this.logger.warn(`Schedule '${schedulerId}' waits for Redis`));
  }

  /** Upserts again every schedule this process set (idempotent): after a Redis that lost them comes back. */
  async restoreSchedules(): Promise<void> {
    for (const upsert of this.schedules.values()) await upsert();
  }

  /** The work as PostgreSQL records it. */
  async getWork(jobId: string): Promise<QueuedWork | null> {
    return this.store.find(jobId);
  }

  /**
   * A job's state for the status endpoints, from the PostgreSQL record. Jobs that have none (a schedule's,
   * or one sent before the record existed) are asked of Redis, and are unknown while it is away.
   */
  async getJob(queueName: QueueName, id: string): Promise<JobState | null> {
    const work = await this.store.find(id);
    if (work) return work.queue === queueName ? describeWork(work) : null;
    const job = await this.redis(() => this.queue(queueName).getJob(id)).catch(() => undefined);
    return job ? describeJob(queueName, job) : null;
  }

  /**
   * An admin's retry: failed work, or work stuck queued or running, starts again from its first attempt
   * under the same job id. Finished work is refused; work whose run is alive is left to finish.
   */
  async retry(queueName: QueueName, jobId: string): Promise<JobState> {
    const work = await this.store.find(jobId);
    if (!work || work.queue !== queueName) {
      throw new QueueError(QueueErrorCode.NotFound, `No job '${jobId}' in the ${queueName} queue.`);
    }
    if (work.state === 'completed') {
      throw new QueueError(QueueErrorCode.NotRetryable, 'This job has completed; there is nothing to retry.');
    }
    const { sent } = await this.enqueue(work.name, work.payload, 'retry');
    await sent;
    return describeWork((await this.store.find(jobId))!);
  }

  /** Recent jobs of a queue in the given states, newest first, for the admin's view of the queues. */
  async listJobs(
    queueName: QueueName,
    states: readonly JobStateName[],
    page: number,
    pageSize: number,
  ): Promise<JobState[]> {
    const start = (page - 1) * pageSize;
    return this.redis(async () => {
      const jobs = await this.queue(queueName).getJobs([...states], start, start + pageSize - 1, false);
      return Promise.all(jobs.map((job) => describeJob(queueName, job)));
    });
  }

  /** How many jobs a queue holds in each state. */
  async countJobs(queueName: QueueName): Promise<Record<string, number>> {
    return this.redis(() => this.queue(queueName).getJobCounts(...JOB_STATES));
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
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.connection.disconnect();
  }

  /**
   * Runs Redis work within a bound: each command already has a timeout, but BullMQ waits for a first
   * connection without one. A Redis away becomes QueueError.Unavailable (503 with Retry-After).
   */
  private async redis<T>(work: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error('Redis did not answer in time')),
        2 * this.config.redisCommandTimeoutMs,
      );
    });
    try {
      return await Promise.race([work(), bound]);
    } catch (error) {
      this.logger.warn(`Redis: ${(error as Error).message}`);
      throw QueueError.unavailable();
    } finally {
      clearTimeout(timer);
    }
  }
}

function describeWork(work: QueuedWork): JobState {
  return {
    id: work.jobId,
    name: work.name,
    queue: work.queue,
    state: work.state,
    progress: work.progress ?? 0,
    attemptsMade: work.attempts,
    failedReason: work.error,
    result: work.result ?? null,
    createdAt: work.createdAt.toISOString(),
    finishedAt: work.finishedAt?.toISOString() ?? null,
  };
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
