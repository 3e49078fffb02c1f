import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who submitted a return is shown to most readers by role and group, not by email (issue 10), so the
 * submitter's role at the time is kept beside the email; earlier returns take the user's current role.
 */
export class ReturnSubmitterRole1796589666912 implements MigrationInterface {
  name = 'ReturnSubmitterRole1796589666912';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE indicator_return ADD COLUMN submitted_by_role text
        CHECK (submitted_by_role IN ('admin', 'data_officer', 'executive_member', 'board_member', 'hwb_member', 'viewer', 'token', 'system'))`);
    await db.query(`
      UPDATE indicator_return r
         SET submitted_by_role = CASE WHEN r.submitted_by_kind = 'user'
                                      THEN (SELECT u.role FROM app_user u WHERE u.id::text = r.submitted_by_id::text LIMIT 1)
                                      ELSE r.submitted_by_kind END`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE indicator_return DROP COLUMN submitted_by_role`);
  }
}
