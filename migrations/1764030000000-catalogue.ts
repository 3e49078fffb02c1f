import { MigrationInterface, QueryRunner } from 'typeorm';

const inList = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

export class Catalogue1764030000000 implements MigrationInterface {
  name = 'Catalogue1764030000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE plan (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        title text NOT NULL,
        start_year int NOT NULL,
        end_year int NOT NULL CHECK (end_year >= start_year),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE priority (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id uuid NOT NULL REFERENCES plan(id),
        code text NOT NULL,
        title text NOT NULL,
        description text NOT NULL DEFAULT '',
        accountable_member text NOT NULL DEFAULT '',
        display_order int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (plan_id, code)
      )`);
    await db.query(`
      CREATE TABLE partnership_group (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN (${inList([
          'hwb',
          'partnership_board',
          'executive',
          'lead_group',
          'locality_partnership',
          'statutory_board',
        ])})),
        parent_id uuid REFERENCES partnership_group(id),
        returns_due_working_days int NOT NULL DEFAULT 10 CHECK (returns_due_working_days BETWEEN 0 AND 120),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (parent_id IS NULL OR parent_id <> id)
      )`);
    await db.query(`
      CREATE TABLE area (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN (${inList(['country', 'region', 'local_authority', 'district', 'locality'])})),
        parent_code text,
        is_home boolean NOT NULL DEFAULT false,
        is_statistical_neighbour boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Only one home authority per installation.
    await db.query(`CREATE UNIQUE INDEX area_one_home ON area (is_home) WHERE is_home`);
    await db.query(`
      CREATE TABLE indicator (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        title text NOT NULL,
        definition text NOT NULL DEFAULT '',
        unit text NOT NULL CHECK (unit IN (${inList([
          'percentage',
          'rate_per_1000',
          'rate_per_10000',
          'rate_per_100000',
          'count',
          'days',
          'score',
        ])})),
        decimal_places int NOT NULL DEFAULT 1 CHECK (decimal_places BETWEEN 0 AND 6),
        polarity text NOT NULL CHECK (polarity IN ('higher_is_better', 'lower_is_better', 'no_polarity')),
        frequency text NOT NULL CHECK (frequency IN ('monthly', 'quarterly', 'annual', 'academic_year')),
        roll_up text NOT NULL CHECK (roll_up IN ('sum', 'recompute', 'latest', 'average')),
        cumulative_ytd boolean NOT NULL DEFAULT false,
        reported_by_area boolean NOT NULL DEFAULT false,
        priority_id uuid NOT NULL REFERENCES priority(id),
        data_source text NOT NULL DEFAULT '',
        plausible_min numeric,
        plausible_max numeric,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (plausible_min IS NULL OR plausible_max IS NULL OR plausible_min <= plausible_max)
      )`);
    await db.query(`CREATE INDEX indicator_priority ON indicator (priority_id)`);
    await db.query(`
      CREATE TABLE target (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        indicator_id uuid NOT NULL REFERENCES indicator(id),
        area_id uuid REFERENCES area(id),
        period_type text NOT NULL,
        period_start date NOT NULL,
        period_end date NOT NULL CHECK (period_end >= period_start),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE NULLS NOT DISTINCT (indicator_id, period_type, period_start, area_id)
      )`);
    await db.query(`
      CREATE TABLE target_version (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        target_id uuid NOT NULL REFERENCES target(id),
        version int NOT NULL CHECK (version >= 1),
        value numeric,
        range_low numeric,
        range_high numeric,
        tolerance_kind text NOT NULL CHECK (tolerance_kind IN ('absolute', 'relative')),
        tolerance_amount numeric NOT NULL CHECK (tolerance_amount >= 0),
        exceptional_kind text NOT NULL CHECK (exceptional_kind IN ('absolute', 'relative')),
        exceptional_amount numeric NOT NULL CHECK (exceptional_amount >= 0),
        agreed_by text NOT NULL DEFAULT '',
        agreed_on date,
        reason text,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (target_id, version),
        CHECK ((value IS NOT NULL) <> (range_low IS NOT NULL AND range_high IS NOT NULL)),
        CHECK (range_low IS NULL OR range_high IS NULL OR range_low <= range_high),
        CHECK (version = 1 OR coalesce(btrim(reason), '') <> '')
      )`);
    await db.query(`
      CREATE TABLE target_ownership (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        target_id uuid NOT NULL REFERENCES target(id),
        group_id uuid NOT NULL REFERENCES partnership_group(id),
        from_at timestamptz NOT NULL DEFAULT now(),
        until_at timestamptz,
        reason text,
        changed_by text
      )`);
    // "The Executive should agree which group has lead responsibility for each of the targets"
    // (leicestershire): exactly one current owner.
    await db.query(`CREATE UNIQUE INDEX target_one_owner ON target_ownership (target_id) WHERE until_at IS NULL`);
    await db.query(`CREATE INDEX target_ownership_group ON target_ownership (group_id) WHERE until_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'target_ownership',
      'target_version',
      'target',
      'indicator',
      'area',
      'partnership_group',
      'priority',
      'plan',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
