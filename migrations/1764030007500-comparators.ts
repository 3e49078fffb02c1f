import { MigrationInterface, QueryRunner } from 'typeorm';

export class Comparators1764030007500 implements MigrationInterface {
  name = 'Comparators1764030007500';

  async up(db: QueryRunner): Promise<void> {
    // Where an indicator's comparator values come from in each published format.
    await db.query(`
      CREATE TABLE indicator_comparator_source (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        indicator_id uuid NOT NULL REFERENCES indicator(id),
        source text NOT NULL CHECK (source IN ('fingertips', 'dfe_ees')),
        -- Fingertips: the export's "Indicator ID", and optionally its Sex and Age (an indicator is often
        -- published for several).
        fingertips_indicator_id int,
        fingertips_sex text,
        fingertips_age text,
        -- DfE Explore Education Statistics tidy data: the measure column, and filter column = value pairs
        -- that pick its rows (e.g. {"population_count": "Children looked after at 31 March each year"}).
        dfe_measure_column text,
        dfe_filters jsonb NOT NULL DEFAULT '{}'::jsonb,
        -- Optional columns of the same rows holding the count, denominator and 95% confidence limits.
        dfe_count_column text,
        dfe_denominator_column text,
        dfe_lower_ci_column text,
        dfe_upper_ci_column text,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (indicator_id, source),
        CHECK (source <> 'fingertips' OR fingertips_indicator_id IS NOT NULL),
        CHECK (source <> 'dfe_ees' OR (dfe_measure_column IS NOT NULL AND dfe_measure_column ~ '^[A-Za-z0-9_]+$')),
        CHECK (jsonb_typeof(dfe_filters) = 'object')
      )`);
    await db.query(
      `CREATE INDEX indicator_comparator_source_ft ON indicator_comparator_source (fingertips_indicator_id) WHERE source = 'fingertips'`,
    );

    // One imported file; importing the same bytes again changes nothing.
    await db.query(`
      CREATE TABLE comparator_import (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        source text NOT NULL CHECK (source IN ('fingertips', 'dfe_ees')),
        file_name text NOT NULL,
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        byte_size bigint NOT NULL,
        imported_by text NOT NULL,
        imported_at timestamptz NOT NULL DEFAULT now(),
        value_count int NOT NULL DEFAULT 0,
        areas_created int NOT NULL DEFAULT 0,
        rows_skipped int NOT NULL DEFAULT 0,
        UNIQUE (source, sha256)
      )`);

    // The latest published value of an indicator for a comparator area and period; a later import replaces it.
    await db.query(`
      CREATE TABLE comparator_value (
        indicator_id uuid NOT NULL REFERENCES indicator(id),
        area_id uuid NOT NULL REFERENCES area(id),
        period_type text NOT NULL,
        period_start date NOT NULL,
        period_end date NOT NULL CHECK (period_end >= period_start),
        value numeric,
        lower_ci95 numeric,
        upper_ci95 numeric,
        lower_ci998 numeric,
        upper_ci998 numeric,
        count numeric,
        denominator numeric,
        suppression_marker text,
        note text,
        import_id uuid NOT NULL REFERENCES comparator_import(id),
        PRIMARY KEY (indicator_id, area_id, period_type, period_start),
        CHECK (lower_ci95 IS NULL OR upper_ci95 IS NULL OR lower_ci95 <= upper_ci95),
        CHECK (lower_ci998 IS NULL OR upper_ci998 IS NULL OR lower_ci998 <= upper_ci998)
      )`);
    await db.query(`CREATE INDEX comparator_value_import ON comparator_value (import_id)`);
    await db.query(`CREATE INDEX comparator_value_period ON comparator_value (indicator_id, period_start)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['comparator_value', 'comparator_import', 'indicator_comparator_source'])
      await db.query(`DROP TABLE ${table}`);
  }
}
