import { MigrationInterface, QueryRunner } from 'typeorm';

export class Returns1764030003000 implements MigrationInterface {
  name = 'Returns1764030003000';

  async up(db: QueryRunner): Promise<void> {
    // One upload by one group for one period. Rejected uploads are kept too, with their problems.
    await db.query(`
      CREATE TABLE indicator_return (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        group_id uuid NOT NULL REFERENCES partnership_group(id),
        period_type text NOT NULL,
        period_start date NOT NULL,
        period_end date NOT NULL,
        file_name text NOT NULL,
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        byte_size bigint NOT NULL,
        source text NOT NULL CHECK (source IN ('upload', 'seed')),
        submitted_by text NOT NULL,
        submitted_by_kind text NOT NULL,
        submitted_by_id text,
        received_at timestamptz NOT NULL DEFAULT now(),
        outcome text NOT NULL CHECK (outcome IN ('accepted', 'rejected')),
        problems jsonb,
        row_count int NOT NULL DEFAULT 0,
        superseded_at timestamptz,
        superseded_by uuid REFERENCES indicator_return(id)
      )`);
    // At most one current accepted return per group and period; a later one supersedes it.
    await db.query(`
      CREATE UNIQUE INDEX indicator_return_current ON indicator_return (group_id, period_type, period_start)
        WHERE outcome = 'accepted' AND superseded_at IS NULL`);
    await db.query(`CREATE INDEX indicator_return_sha ON indicator_return (sha256)`);
    await db.query(`CREATE INDEX indicator_return_group_period ON indicator_return (group_id, period_start)`);

    // Every row every accepted return carried: history, never updated.
    await db.query(`
      CREATE TABLE return_value (
        return_id uuid NOT NULL REFERENCES indicator_return(id),
        indicator_id uuid NOT NULL REFERENCES indicator(id),
        area_id uuid NOT NULL REFERENCES area(id),
        period_type text NOT NULL,
        period_start date NOT NULL,
        period_end date NOT NULL,
        value numeric,
        numerator numeric,
        denominator numeric,
        status text NOT NULL CHECK (status IN ('actual', 'provisional', 'estimate', 'suppressed')),
        suppression_marker text,
        commentary text,
        PRIMARY KEY (return_id, indicator_id, area_id, period_type, period_start),
        CHECK (status = 'suppressed' OR value IS NOT NULL)
      )`);

    // The latest accepted value of each indicator x area x period: what every read sees.
    await db.query(`
      CREATE TABLE current_value (
        indicator_id uuid NOT NULL REFERENCES indicator(id),
        area_id uuid NOT NULL REFERENCES area(id),
        period_type text NOT NULL,
        period_start date NOT NULL,
        period_end date NOT NULL,
        value numeric,
        numerator numeric,
        denominator numeric,
        status text NOT NULL,
        suppression_marker text,
        commentary text,
        return_id uuid NOT NULL REFERENCES indicator_return(id),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (indicator_id, area_id, period_type, period_start)
      )`);
    await db.query(`CREATE INDEX current_value_return ON current_value (return_id)`);
    await db.query(`CREATE INDEX current_value_period ON current_value (period_start, period_type)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['current_value', 'return_value', 'indicator_return']) await db.query(`DROP TABLE ${table}`);
  }
}
