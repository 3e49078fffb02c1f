import { MigrationInterface, QueryRunner } from 'typeorm';

export class ReturnUploads1764030007000 implements MigrationInterface {
  name = 'ReturnUploads1764030007000';

  async up(db: QueryRunner): Promise<void> {
    // The bytes of every uploaded return, by content: the annotated copy of a rejected upload is made
    // from them, and the worker reads queued uploads from here (the API and worker share no disk).
    await db.query(`
      CREATE TABLE return_upload (
        sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        file_name text NOT NULL,
        byte_size bigint NOT NULL CHECK (byte_size >= 0),
        content bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (octet_length(content) = byte_size)
      )`);
    await db.query(
      `ALTER TABLE indicator_return ADD COLUMN problem_count int NOT NULL DEFAULT 0 CHECK (problem_count >= 0)`,
    );
    await db.query(`
      ALTER TABLE indicator_return ADD CONSTRAINT indicator_return_rejection_has_problems
        CHECK (outcome = 'accepted' OR (problems IS NOT NULL AND problem_count > 0))`);
    // Status and history read returns by period across groups.
    await db.query(`CREATE INDEX indicator_return_period ON indicator_return (period_type, period_start, group_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX indicator_return_period`);
    await db.query(`ALTER TABLE indicator_return DROP CONSTRAINT indicator_return_rejection_has_problems`);
    await db.query(`ALTER TABLE indicator_return DROP COLUMN problem_count`);
    await db.query(`DROP TABLE return_upload`);
  }
}
