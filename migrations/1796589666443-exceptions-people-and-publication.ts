import { MigrationInterface, QueryRunner } from 'typeorm';

const PERSON_KINDS = `'admin', 'data_officer', 'executive_member', 'board_member', 'hwb_member', 'viewer', 'token', 'system'`;
const PEOPLE = ['commentary', 'reviewed', 'referred', 'closed'] as const;

/**
 * Who acted on an exception is shown to most readers by role and group ("Emotional Wellbeing data officer"),
 * not by email (issue 10), so each actor's role at the time is kept beside the email; rows written before
 * take it from the user's current role. The executive may approve an owner's commentary for publication in
 * papers that are not confidential; a new commentary needs approving again.
 */
export class ExceptionsPeopleAndPublication1796589666443 implements MigrationInterface {
  name = 'ExceptionsPeopleAndPublication1796589666443';

  async up(db: QueryRunner): Promise<void> {
    for (const who of PEOPLE) {
      await db.query(
        `ALTER TABLE exception ADD COLUMN ${who}_by_role text CHECK (${who}_by_role IN (${PERSON_KINDS}))`,
      );
      await db.query(`UPDATE exception e SET ${who}_by_role = u.role FROM app_user u WHERE u.email = e.${who}_by`);
    }
    await db.query(`
      ALTER TABLE exception
        ADD COLUMN commentary_published_at timestamptz,
        ADD COLUMN commentary_published_by text,
        ADD CHECK (commentary_published_at IS NULL OR commentary_at IS NOT NULL)`);
    await db.query(`ALTER TABLE exception_history ADD COLUMN actor_role text CHECK (actor_role IN (${PERSON_KINDS}))`);
    // The history is append-only; filling the new column for the rows already there is the one exception.
    await db.query(`ALTER TABLE exception_history DISABLE TRIGGER exception_history_no_change`);
    await db.query(`
      UPDATE exception_history h
         SET actor_role = CASE WHEN h.actor_kind = 'user'
                               THEN (SELECT u.role FROM app_user u WHERE u.id::text = h.actor_id OR u.email = h.actor_label LIMIT 1)
                               ELSE h.actor_kind END`);
    await db.query(`ALTER TABLE exception_history ENABLE TRIGGER exception_history_no_change`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE exception_history DROP COLUMN actor_role`);
    await db.query(`
      ALTER TABLE exception
        DROP COLUMN commentary_published_at,
        DROP COLUMN commentary_published_by,
        ${PEOPLE.map((who) => `DROP COLUMN ${who}_by_role`).join(', ')}`);
  }
}
