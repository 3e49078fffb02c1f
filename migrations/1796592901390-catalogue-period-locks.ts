import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 14: a locked period refuses returns, sign-offs and target changes for it (PeriodLockService). */
export class CataloguePeriodLocks1796592901390 implements MigrationInterface {
  name = 'CataloguePeriodLocks1796592901390';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE period_lock (
        period_type text NOT NULL,
        period_start date NOT NULL,
        period_end date NOT NULL,
        locked_at timestamptz NOT NULL,
        locked_by text NOT NULL,
        reason text NOT NULL DEFAULT '',
        PRIMARY KEY (period_type, period_start)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE period_lock`);
  }
}
