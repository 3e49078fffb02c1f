import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { DelayedError, Job, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config/index.js';
import { JobContext, JobFailure } from './job-context.js';
import { ON_JOB, ON_JOB_FAILED } from './on-job.decorator.js';
import { JOB_QUEUE, JobName, QueueName } from './queue.constants.js';
import { QueuedWorkStore } from './queued-work.store.js';
import { createRedisConnection } from './redis-connection.js';

type Handler = (data: unknown, context: JobContext) => Promise<unknown>;
type FailureHandler = (data: unknown, failure: JobFailure) => Promise<void>;

/** Concurrency per queue: report rendering is CPU and memory heavy, the rest is mostly I/O. */
const CONCURRENCY: Readonly<Record<QueueName, number>> = {
  [QueueName.System]: 5,
  // Checking a return holds the file and its rows in memory: a few at a time.
  [QueueName.Returns]: 2,
  // One evaluation at a time: each already spreads its batches over the database and the CPU.
  [QueueName.Evaluation]: 1,
  // Rendering 500 charts and a PDF peaks near 350 MB: one report at a time.
  [QueueName.Reports]: 1,
  // Emails wait on a mail server: several at a time.
  [QueueName.Notifications]: 5,
};

/**
 * The worker's commands include BullMQ's blocking wait for the next job, which BullMQ bounds at 10 s, so
 * its command timeout is above that; the API's own commands time out far sooner (REDIS_COMMAND_TIMEOUT_MS).
 */
const WORKER_COMMAND_TIMEOUT_MS = 15_000;
/** Times BullMQ may find a job's lock lapsed before failing it; the reconciler then sends it again. */
const MAX_STALLED_COUNT = 3;

/**
 * Finds every @OnJob method at start-up and runs a BullMQ worker per queue. Start-up fails if a
 * job has no handler or two, so a missing handler is found at deploy time, not when a job waits forever.
 *
 * Each run first claims its work in PostgreSQL (queued_work): work already completed is answered from its
 * row and work another live run holds waits, so a job Redis hands out twice (a lapsed lock, a job sent
 * again) runs once. While it runs, a heartbeat in PostgreSQL says it is alive; its end, success or failure,
 * is written there before BullMQ hears of it.
 */
@Injectable()
export class JobDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobDispatcher.name);
  private readonly workers: Worker[] = [];
  private connection: Redis | undefined;
  private handlers = new Map<JobName, Handler>();
  private failureHandlers = new Map<JobName, FailureHandler>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly store: QueuedWorkStore,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    this.handlers = this.discoverHandlers();
    this.failureHandlers = new Map(
      [...this.discover(ON_JOB_FAILED)].map(([name, handlers]) => [name, handlers[0] as FailureHandler]),
    );
    this.connection = createRedisConnection(this.config.redisUrl, { commandTimeout: WORKER_COMMAND_TIMEOUT_MS });
    for (const queue of Object.values(QueueName)) {
      const worker = new Worker(queue, (job, token) => this.dispatch(job, token), {
        connection: this.connection,
        prefix: this.config.queuePrefix,
        concurrency: CONCURRENCY[queue],
        lockDuration: this.config.jobLockMs,
        stalledInterval: this.config.jobLockMs,
        maxStalledCount: MAX_STALLED_COUNT,
      });
      worker.on('failed', (job, error) =>
        this.logger.warn(`${queue}/${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}): ${error.message}`),
      );
      worker.on('error', (error) => this.logger.error(`${queue} worker: ${error.message}`));
      this.workers.push(worker);
    }
    this.logger.log(`Handling ${this.handlers.size} job types on ${this.workers.length} queues`);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
    this.connection?.disconnect();
  }

  /** Errors are rethrown on purpose: BullMQ then retries with the job's backoff. */
  private async dispatch(job: Job, token: string | undefined): Promise<unknown> {
    const name = job.name as JobName;
    const handler = this.handlers.get(name);
    if (!handler) throw new Error(`No handler for job '${job.name}'`);
    const jobId = job.id as string;
    const runToken = randomUUID();
    const claim = await this.store.claim(jobId, runToken, this.config.jobLockMs);
    switch (claim.kind) {
      case 'untracked':
        // A job from a schedule: nothing in PostgreSQL to claim.
        return handler(job.data, this.context(job, job.attemptsMade, job.opts.attempts ?? 1));
      case 'completed':
        return claim.result;
      case 'failed':
        throw new UnrecoverableError(claim.error ?? 'failed');
      case 'busy':
        // Another run is alive: look again once its heartbeat would have lapsed.
        await job.moveToDelayed(Date.now() + this.config.jobLockMs, token);
        throw new DelayedError();
    }
    if (claim.attempts > claim.maxAttempts) {
      const reason = `Gave up after ${claim.maxAttempts} attempts: ${claim.lastError ?? 'each run was lost (the worker stopped, or Redis lost the job)'}`;
      await this.failed(name, jobId, job.data, { reason, final: true });
      throw new UnrecoverableError(reason);
    }

    const context = this.context(job, claim.attempts - 1, claim.maxAttempts);
    const heartbeat = setInterval(
      () =>
        this.store
          .heartbeat(jobId, runToken, context.latestProgress())
          .catch((error: Error) => this.logger.warn(`Heartbeat of ${jobId}: ${error.message}`)),
      Math.min(this.config.jobLockMs / 3, 2_000),
    );
    heartbeat.unref();
    try {
      const result = await handler(job.data, context);
      await this.store.complete(jobId, result, context.latestProgress());
      return result;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const final = claim.attempts >= claim.maxAttempts;
      await this.failed(name, jobId, job.data, { reason, final });
      // BullMQ counts only the attempts of this job; PostgreSQL counts every run, so it decides the end.
      throw final ? new UnrecoverableError(reason) : error;
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async failed(name: JobName, jobId: string, data: unknown, failure: JobFailure): Promise<void> {
    await this.store.fail(jobId, failure.reason, failure.final);
    await this.failureHandlers
      .get(name)?.(data, failure)
      .catch((error: Error) => this.logger.error(`Recording the failure of ${jobId}: ${error.message}`));
  }

  private context(job: Job, attemptsMade: number, maxAttempts: number): JobContext & { latestProgress(): unknown } {
    let latest: unknown;
    let inFlight = false;
    let again = false;
    const relay = (): void => {
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      job
        .updateProgress(latest as object)
        .catch(() => undefined)
        .finally(() => {
          inFlight = false;
          if (again) {
            again = false;
            relay();
          }
        });
    };
    return {
      id: job.id as string,
      attemptsMade,
      maxAttempts,
      updateProgress: (progress) => {
        latest = progress;
        relay();
      },
      latestProgress: () => latest,
    };
  }

  private discover(key: symbol): Map<JobName, ((...args: unknown[]) => Promise<unknown>)[]> {
    const found = new Map<JobName, ((...args: unknown[]) => Promise<unknown>)[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        const method = instance[methodName] as (...args: unknown[]) => Promise<unknown>;
        const name = this.reflector.get<JobName | undefined>(key, method);
        if (!name) continue;
        found.set(name, [...(found.get(name) ?? []), method.bind(instance)]);
      }
    }
    return found;
  }

  private discoverHandlers(): Map<JobName, Handler> {
    const found = this.discover(ON_JOB);
    const problems: string[] = [];
    for (const name of Object.values(JobName)) {
      const handlers = found.get(name) ?? [];
      if (handlers.length === 0) problems.push(`job '${name}' has no handler`);
      if (handlers.length > 1) problems.push(`job '${name}' has ${handlers.length} handlers`);
      if (!(name in JOB_QUEUE)) problems.push(`job '${name}' has no queue`);
    }
    for (const [name, handlers] of this.discover(ON_JOB_FAILED)) {
      if (handlers.length > 1) problems.push(`job '${name}' has ${handlers.length} failure handlers`);
    }
    if (problems.length > 0) throw new Error(`Cannot start the worker: ${problems.join('; ')}`);
    return new Map([...found].map(([name, handlers]) => [name, handlers[0] as Handler]));
  }
}
