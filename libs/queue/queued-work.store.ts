import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { JOB_QUEUE, type JobName, type JobPayloads, type QueueName } from './queue.constants.js';

export type WorkState = 'queued' | 'running' | 'completed' | 'failed';

/** A piece of queued work as PostgreSQL records it: what the status endpoints show. */
export interface QueuedWork {
  jobId: string;
  queue: QueueName;
  name: JobName;
  payload: JobPayloads[JobName];
  state: WorkState;
  attempts: number;
  maxAttempts: number;
  progress: unknown;
  result: unknown;
  error: string | null;
  heartbeatAt: Date | null;
  createdAt: Date;
  finishedAt: Date | null;
}

interface WorkRow {
  job_id: string;
  queue: QueueName;
  name: JobName;
  payload: JobPayloads[JobName];
  state: WorkState;
  attempts: number;
  max_attempts: number;
  progress: unknown;
  result: unknown;
  error: string | null;
  heartbeat_at: Date | null;
  created_at: Date;
  finished_at: Date | null;
}

const COLUMNS = `job_id, queue, name, payload, state, attempts, max_attempts, progress, result, error, heartbeat_at,
                 created_at, finished_at`;

const toWork = (row: WorkRow): QueuedWork => ({
  jobId: row.job_id,
  queue: row.queue,
  name: row.name,
  payload: row.payload,
  state: row.state,
  attempts: row.attempts,
  maxAttempts: row.max_attempts,
  progress: row.progress,
  result: row.result,
  error: row.error,
  heartbeatAt: row.heartbeat_at,
  createdAt: row.created_at,
  finishedAt: row.finished_at,
});

/**
 * How a request for work that is already recorded is treated. `repeat`: finished work starts again (the
 * same upload sent after a later one), unfinished work is left as it is. `retry` (an admin's): anything
 * not running right now starts again from its first attempt.
 */
export type RecordMode = 'repeat' | 'retry';

/** What a claim by a worker found. */
export type Claim =
  | { kind: 'run'; attempts: number; maxAttempts: number; lastError: string | null }
  | { kind: 'untracked' }
  | { kind: 'completed'; result: unknown }
  | { kind: 'failed'; error: string | null }
  | { kind: 'busy' };

/** The queued_work table: the outbox every enqueue writes and the record every status read comes from. */
@Injectable()
export class QueuedWorkStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Writes (or restarts) the work's row in `manager`'s transaction; the job is sent after commit. */
  async record<N extends JobName>(
    manager: EntityManager,
    jobId: string,
    name: N,
    payload: JobPayloads[N],
    maxAttempts: number,
    mode: RecordMode,
    staleAfterMs: number,
  ): Promise<void> {
    const restart =
      mode === 'repeat'
        ? `queued_work.state IN ('completed', 'failed')`
        : `queued_work.state <> 'running' OR queued_work.heartbeat_at IS NULL
             OR queued_work.heartbeat_at < now() - make_interval(secs => $6 / 1000.0)`;
    await manager.query(
      `INSERT INTO queued_work (job_id, queue, name, payload, state, max_attempts)
       VALUES ($1, $2, $3, $4, 'queued', $5)
       ON CONFLICT (job_id) DO UPDATE SET
         payload = EXCLUDED.payload, max_attempts = EXCLUDED.max_attempts, state = 'queued', attempts = 0,
         progress = NULL, result = NULL, error = NULL, run_token = NULL, heartbeat_at = NULL, started_at = NULL,
         finished_at = NULL, updated_at = now()
       WHERE ${restart}`,
      [jobId, JOB_QUEUE[name], name, JSON.stringify(payload), maxAttempts, ...(mode === 'retry' ? [staleAfterMs] : [])],
    );
  }

  async find(jobId: string): Promise<QueuedWork | null> {
    const [row]: WorkRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM queued_work WHERE job_id = $1`, [
      jobId,
    ]);
    return row ? toWork(row) : null;
  }

  /** Work not yet finished, oldest first: what the reconciler checks against Redis. */
  async unfinished(limit: number): Promise<QueuedWork[]> {
    const rows: WorkRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM queued_work WHERE state IN ('queued', 'running') ORDER BY created_at LIMIT $1`,
      [limit],
    );
    return rows.map(toWork);
  }

  /**
   * A worker takes the work for one run: queued work, or running work whose run has stopped saying it is
   * alive. Anything else is answered from the row, so a job that Redis hands out twice runs once.
   */
  async claim(jobId: string, runToken: string, staleAfterMs: number): Promise<Claim> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected].
    const [[claimed]]: [{ attempts: number; max_attempts: number; error: string | null }[], number] =
      await this.dataSource.query(
        `UPDATE queued_work SET state = 'running', attempts = attempts + 1, run_token = $2, heartbeat_at = now(),
              started_at = now(), updated_at = now()
        WHERE job_id = $1 AND (state = 'queued' OR (state = 'running'
          AND (heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => $3 / 1000.0))))
        RETURNING attempts, max_attempts, error`,
        [jobId, runToken, staleAfterMs],
      );
    if (claimed) {
      return { kind: 'run', attempts: claimed.attempts, maxAttempts: claimed.max_attempts, lastError: claimed.error };
    }
    const work = await this.find(jobId);
    if (!work) return { kind: 'untracked' };
    if (work.state === 'completed') return { kind: 'completed', result: work.result };
    if (work.state === 'failed') return { kind: 'failed', error: work.error };
    return { kind: 'busy' };
  }

  /** The run is alive; its latest progress goes with it. */
  async heartbeat(jobId: string, runToken: string, progress: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE queued_work SET heartbeat_at = now(), progress = COALESCE($3, progress), updated_at = now()
        WHERE job_id = $1 AND run_token = $2`,
      [jobId, runToken, progress === undefined ? null : JSON.stringify(progress)],
    );
  }

  async complete(jobId: string, result: unknown, progress: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE queued_work SET state = 'completed', result = $2, progress = COALESCE($3, progress), error = NULL,
              run_token = NULL, finished_at = now(), updated_at = now()
        WHERE job_id = $1`,
      [jobId, JSON.stringify(result ?? null), progress === undefined ? null : JSON.stringify(progress)],
    );
  }

  /** A run failed: the work waits for its next attempt, or has failed for good. */
  async fail(jobId: string, error: string, final: boolean): Promise<void> {
    await this.dataSource.query(
      `UPDATE queued_work SET state = $2, error = $3, run_token = NULL, heartbeat_at = NULL, updated_at = now(),
              finished_at = CASE WHEN $2 = 'failed' THEN now() END
        WHERE job_id = $1 AND state <> 'completed'`,
      [jobId, final ? 'failed' : 'queued', error],
    );
  }
}
