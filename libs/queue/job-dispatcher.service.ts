import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config/index.js';
import { JobContext } from './job-context.js';
import { ON_JOB } from './on-job.decorator.js';
import { JOB_QUEUE, JobName, QueueName } from './queue.constants.js';
import { createRedisConnection } from './redis-connection.js';

type Handler = (data: unknown, context: JobContext) => Promise<unknown>;

/** Concurrency per queue: report rendering is CPU and memory heavy, the rest is mostly I/O. */
const CONCURRENCY: Readonly<Record<QueueName, number>> = {
  [QueueName.System]: 5,
  // Checking a return holds the file and its rows in memory: a few at a time.
  [QueueName.Returns]: 2,
  // One evaluation at a time: each already spreads its batches over the database and the CPU.
  [QueueName.Evaluation]: 1,
  // Rendering 500 charts and a PDF peaks near 350 MB: one report at a time.
  [QueueName.Reports]: 1,
};

/**
 * Finds every @OnJob method at start-up and runs a BullMQ worker per queue. Start-up fails if a
 * job has no handler or two, so a missing handler is found at deploy time, not when a job waits forever.
 */
@Injectable()
export class JobDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobDispatcher.name);
  private readonly workers: Worker[] = [];
  private connection: Redis | undefined;
  private handlers = new Map<JobName, Handler>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    this.handlers = this.discoverHandlers();
    this.connection = createRedisConnection(this.config.redisUrl);
    for (const queue of Object.values(QueueName)) {
      const worker = new Worker(queue, (job) => this.dispatch(job), {
        connection: this.connection,
        prefix: this.config.queuePrefix,
        concurrency: CONCURRENCY[queue],
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
  private async dispatch(job: Job): Promise<unknown> {
    const handler = this.handlers.get(job.name as JobName);
    if (!handler) throw new Error(`No handler for job '${job.name}'`);
    return handler(job.data, {
      id: job.id as string,
      attemptsMade: job.attemptsMade,
      maxAttempts: job.opts.attempts ?? 1,
      updateProgress: (progress) => job.updateProgress(progress),
    });
  }

  private discoverHandlers(): Map<JobName, Handler> {
    const found = new Map<JobName, Handler[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        const method = instance[methodName] as (...args: unknown[]) => Promise<unknown>;
        const name = this.reflector.get<JobName | undefined>(ON_JOB, method);
        if (!name) continue;
        found.set(name, [...(found.get(name) ?? []), method.bind(instance) as Handler]);
      }
    }
    const problems: string[] = [];
    for (const name of Object.values(JobName)) {
      const handlers = found.get(name) ?? [];
      if (handlers.length === 0) problems.push(`job '${name}' has no handler`);
      if (handlers.length > 1) problems.push(`job '${name}' has ${handlers.length} handlers`);
      if (!(name in JOB_QUEUE)) problems.push(`job '${name}' has no queue`);
    }
    if (problems.length > 0) throw new Error(`Cannot start the worker: ${problems.join('; ')}`);
    return new Map([...found].map(([name, handlers]) => [name, handlers[0]]));
  }
}
