import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PostgreSQL is the record of every piece of queued work; Redis only carries it. A row is written in the
 * transaction that asks for the work (a transactional outbox) and the job is enqueued after commit under
 * the same id, so the reconciler can put back whatever Redis lost without doing anything twice.
 */
export class QueuedWork1796589725860 implements MigrationInterface {
  name = 'QueuedWork1796589725860';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE queued_work (
        job_id text PRIMARY KEY,
        queue text NOT NULL,
        name text NOT NULL,
        payload jsonb NOT NULL,
        state text NOT NULL CHECK (state IN ('queued', 'running', 'completed', 'failed')),
        attempts int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        max_attempts int NOT NULL CHECK (max_attempts >= 1),
        progress jsonb,
        result jsonb,
        error text,
        -- Which run holds the work and when it last said it was alive: a run whose heartbeat is fresh is
        -- left alone even when its job is gone from Redis.
        run_token text,
        heartbeat_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      )`);
    // The reconciler reads only the unfinished work.
    await db.query(
      `CREATE INDEX queued_work_unfinished ON queued_work (created_at) WHERE state IN ('queued', 'running')`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE queued_work`);
  }
}
