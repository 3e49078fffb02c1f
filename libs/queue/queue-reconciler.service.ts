import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/index.js';
import { QueueService } from './queue.service.js';
import { QueuedWorkStore } from './queued-work.store.js';

/** One pass at a time across every worker: a session-level advisory lock on this key. */
const RECONCILER_LOCK = 'queue-reconciler';
/** Rows looked at per pass; the oldest first, so a backlog is worked through pass by pass. */
const PASS_SIZE = 1_000;

/**
 * Puts back on Redis the work PostgreSQL says is queued or running but Redis does not hold (Redis
 * restarted without its data, a job sent while Redis was away, a job BullMQ failed after its lock
 * lapsed too often), under the same job id. Work whose run is alive (a fresh heartbeat) is left alone,
 * and the worker's claim answers any duplicate from the row, so nothing is done twice. It also puts back
 * the worker's schedules (the nightly rebuild, the daily report tick). Runs when the worker starts and
 * every RECONCILE_INTERVAL_MS.
 */
@Injectable()
export class QueueReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(QueueReconciler.name);
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<number> | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly store: QueuedWorkStore,
    private readonly queues: QueueService,
  ) {}

  onApplicationBootstrap(): void {
    void this.reconcile();
    this.timer = setInterval(() => void this.reconcile(), this.config.reconcileIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.pass;
  }

  /** One pass (or the pass already under way); resolves to how many jobs it checked against Redis. */
  reconcile(): Promise<number> {
    this.pass ??= this.run()
      .catch((error: Error) => {
        this.logger.warn(`Reconciling queued work: ${error.message}`);
        return 0;
      })
      .finally(() => (this.pass = undefined));
    return this.pass;
  }

  private async run(): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [RECONCILER_LOCK]);
      if (!locked) return 0;
      try {
        const checked = await this.checkUnfinished();
        await this.queues.restoreSchedules();
        return checked;
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [RECONCILER_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }

  private async checkUnfinished(): Promise<number> {
    const staleBefore = Date.now() - this.config.jobLockMs;
    let checked = 0;
    for (const work of await this.store.unfinished(PASS_SIZE)) {
      const alive = work.state === 'running' && work.heartbeatAt !== null && work.heartbeatAt.getTime() > staleBefore;
      if (alive) continue;
      // `send` leaves a job Redis still holds alone; false means Redis is away: stop until the next pass.
      if (!(await this.queues.send(work.name, work.payload))) break;
      checked += 1;
    }
    if (checked > 0) this.logger.log(`Checked ${checked} unfinished jobs against Redis`);
    return checked;
  }
}
