import { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditTrail1764030001000 implements MigrationInterface {
  name = 'AuditTrail1764030001000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_event (
        id bigserial PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'token', 'system')),
        actor_id text,
        actor_label text NOT NULL,
        ip text,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        before jsonb,
        after jsonb
      )`);
    await db.query(`CREATE INDEX audit_event_entity ON audit_event (entity_type, entity_id)`);
    await db.query(`CREATE INDEX audit_event_actor ON audit_event (actor_id)`);
    // Append-only is enforced by the database, not only by the absence of an endpoint.
    await db.query(`
      CREATE FUNCTION audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only';
      END $$`);
    await db.query(`
      CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION audit_event_is_append_only()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER audit_event_no_change ON audit_event`);
    await db.query(`DROP FUNCTION audit_event_is_append_only()`);
    await db.query(`DROP TABLE audit_event`);
  }
}
