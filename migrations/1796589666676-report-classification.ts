import { MigrationInterface, QueryRunner } from 'typeorm';

const REPORT_TYPES = `'exception_report', 'board_scorecard', 'hwb_progress_pack', 'group_update'`;

/**
 * A partnership sets each paper type's classification and audience (issue 10); a type with no row keeps
 * the defaults in libs/reports/report-types.ts. A report keeps the classification and audience it was
 * requested under, and who requested it by role as well as by email.
 */
export class ReportClassification1796589666676 implements MigrationInterface {
  name = 'ReportClassification1796589666676';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE report_type_setting (
        type text PRIMARY KEY CHECK (type IN (${REPORT_TYPES})),
        classification text NOT NULL CHECK (classification IN ('official', 'official-sensitive')),
        audience text[] NOT NULL,
        updated_at timestamptz NOT NULL,
        updated_by text NOT NULL
      )`);
    await db.query(`
      ALTER TABLE report ADD COLUMN requested_by_role text
        CHECK (requested_by_role IN ('admin', 'data_officer', 'executive_member', 'board_member', 'hwb_member', 'viewer', 'token', 'system'))`);
    await db.query(`
      UPDATE report r
         SET requested_by_role = CASE WHEN r.trigger = 'schedule' THEN 'system'
                                      ELSE (SELECT u.role FROM app_user u WHERE u.email = r.requested_by) END`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE report DROP COLUMN requested_by_role`);
    await db.query(`DROP TABLE report_type_setting`);
  }
}
