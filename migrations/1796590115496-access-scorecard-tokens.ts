import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API tokens get a scope: 'returns' (as before: submits one group's returns) or 'scorecard' (a BI tool that
 * only reads the scorecard, for the whole partnership, so it has no group).
 */
export class AccessScorecardTokens1796590115496 implements MigrationInterface {
  name = 'AccessScorecardTokens1796590115496';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE api_token ADD COLUMN scope text NOT NULL DEFAULT 'returns' CHECK (scope IN ('returns', 'scorecard'))`,
    );
    await db.query(`ALTER TABLE api_token ALTER COLUMN group_id DROP NOT NULL`);
    await db.query(
      `ALTER TABLE api_token ADD CONSTRAINT api_token_scope_group CHECK ((scope = 'returns') = (group_id IS NOT NULL))`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM api_token WHERE scope <> 'returns'`);
    await db.query(`ALTER TABLE api_token DROP CONSTRAINT api_token_scope_group`);
    await db.query(`ALTER TABLE api_token ALTER COLUMN group_id SET NOT NULL`);
    await db.query(`ALTER TABLE api_token DROP COLUMN scope`);
  }
}
