import { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS = `'paper_delivered', 'return_reminder', 'return_due_today', 'return_overdue', 'exception_alert',
  'exception_escalation', 'sign_off_requested', 'sign_off_decided', 'paper_late', 'digest'`;

/**
 * Issue 14: emails (each recorded once under its idempotency key, with its outcome), users' notification
 * settings, a group's chair and its sign-off rule, and returns awaiting a second person's sign-off. Period
 * locks are the catalogue's (the migration before this one).
 */
export class Notifications1796592901394 implements MigrationInterface {
  name = 'Notifications1796592901394';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE user_group ADD COLUMN is_chair boolean NOT NULL DEFAULT false`);
    await db.query(`ALTER TABLE partnership_group ADD COLUMN requires_sign_off boolean NOT NULL DEFAULT false`);

    // A return of a group that requires sign-off waits (in the history only) until a second person signs it
    // off, when it becomes accepted and current, or sends it back.
    await db.query(`ALTER TABLE indicator_return DROP CONSTRAINT indicator_return_outcome_check`);
    await db.query(`ALTER TABLE indicator_return DROP CONSTRAINT indicator_return_rejection_has_problems`);
    await db.query(`
      ALTER TABLE indicator_return ADD CONSTRAINT indicator_return_outcome_check
        CHECK (outcome IN ('accepted', 'rejected', 'awaiting_sign_off', 'sent_back'))`);
    await db.query(`
      ALTER TABLE indicator_return ADD CONSTRAINT indicator_return_rejection_has_problems
        CHECK (outcome <> 'rejected' OR (problems IS NOT NULL AND problem_count > 0))`);
    await db.query(`
      ALTER TABLE indicator_return
        ADD COLUMN sign_off_required boolean NOT NULL DEFAULT false,
        ADD COLUMN signed_off_by text,
        ADD COLUMN signed_off_at timestamptz,
        ADD COLUMN sign_off_reason text`);
    await db.query(`
      CREATE UNIQUE INDEX indicator_return_awaiting ON indicator_return (group_id, period_type, period_start)
        WHERE outcome = 'awaiting_sign_off' AND superseded_at IS NULL`);

    // A report states whether its period was locked when it was requested.
    await db.query(`ALTER TABLE report ADD COLUMN period_locked_at timestamptz, ADD COLUMN period_locked_by text`);

    await db.query(`
      CREATE TABLE notification_setting (
        user_id uuid PRIMARY KEY REFERENCES app_user(id),
        muted_kinds text[] NOT NULL DEFAULT '{}',
        digest boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One row per email to one person; the key (kind, recipient, subject, due date) makes it exactly once.
    await db.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        idempotency_key text NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN (${KINDS})),
        user_id uuid NOT NULL REFERENCES app_user(id),
        recipient text NOT NULL,
        subject text NOT NULL,
        body_text text NOT NULL,
        body_html text NOT NULL,
        attachment jsonb,
        status text NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'retrying', 'refused', 'held', 'digested')),
        attempts int NOT NULL DEFAULT 0,
        outcome text,
        transport text,
        message_id text,
        digest_id uuid REFERENCES notification(id),
        created_at timestamptz NOT NULL,
        sent_at timestamptz
      )`);
    await db.query(`CREATE INDEX notification_user ON notification (user_id, created_at DESC)`);
    await db.query(`CREATE INDEX notification_held ON notification (user_id) WHERE status = 'held'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE notification`);
    await db.query(`DROP TABLE notification_setting`);
    await db.query(`ALTER TABLE report DROP COLUMN period_locked_at, DROP COLUMN period_locked_by`);
    await db.query(`DROP INDEX indicator_return_awaiting`);
    await db.query(`
      ALTER TABLE indicator_return DROP COLUMN sign_off_required, DROP COLUMN signed_off_by,
        DROP COLUMN signed_off_at, DROP COLUMN sign_off_reason`);
    await db.query(`ALTER TABLE indicator_return DROP CONSTRAINT indicator_return_rejection_has_problems`);
    await db.query(`ALTER TABLE indicator_return DROP CONSTRAINT indicator_return_outcome_check`);
    await db.query(`ALTER TABLE indicator_return ADD CONSTRAINT indicator_return_outcome_check
      CHECK (outcome IN ('accepted', 'rejected'))`);
    await db.query(`ALTER TABLE indicator_return ADD CONSTRAINT indicator_return_rejection_has_problems
      CHECK (outcome = 'accepted' OR (problems IS NOT NULL AND problem_count > 0))`);
    await db.query(`ALTER TABLE partnership_group DROP COLUMN requires_sign_off`);
    await db.query(`ALTER TABLE user_group DROP COLUMN is_chair`);
  }
}
