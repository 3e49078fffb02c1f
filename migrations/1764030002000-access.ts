import { MigrationInterface, QueryRunner } from 'typeorm';

export class Access1764030002000 implements MigrationInterface {
  name = 'Access1764030002000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL UNIQUE CHECK (email = lower(email)),
        display_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'data_officer', 'executive_member', 'board_member', 'hwb_member', 'viewer')),
        password_hash text NOT NULL,
        failed_sign_ins int NOT NULL DEFAULT 0,
        locked_until timestamptz,
        disabled_at timestamptz,
        last_sign_in_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE user_group (
        user_id uuid NOT NULL REFERENCES app_user(id),
        group_id uuid NOT NULL REFERENCES partnership_group(id),
        PRIMARY KEY (user_id, group_id)
      )`);
    await db.query(`CREATE INDEX user_group_group ON user_group (group_id)`);
    // Server-side sessions: only a SHA-256 of the bearer token is stored.
    await db.query(`
      CREATE TABLE user_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id),
        token_hash text NOT NULL UNIQUE,
        ip text,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await db.query(`
      CREATE TABLE api_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        group_id uuid NOT NULL REFERENCES partnership_group(id),
        token_hash text NOT NULL UNIQUE,
        token_prefix text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['api_token', 'user_session', 'user_group', 'app_user']) await db.query(`DROP TABLE ${table}`);
  }
}
