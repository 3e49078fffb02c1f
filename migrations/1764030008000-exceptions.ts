import { MigrationInterface, QueryRunner } from 'typeorm';

const inList = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

const KINDS = [
  'well_above_target',
  'below_target',
  'target_unlikely_to_be_met',
  'special_cause_concern',
  'special_cause_improvement',
  'worse_and_worsening',
  'missing_return',
  'late_return',
  'data_quality',
];
const STATUSES = ['open', 'commented', 'reviewed', 'referred', 'closed'];

export class Exceptions1764030008000 implements MigrationInterface {
  name = 'Exceptions1764030008000';

  async up(db: QueryRunner): Promise<void> {
    // One row per kind × subject × period (SPEC 4). `subject_key` names it (kind, indicator and area, or the
    // group for return kinds, and the period) so re-evaluation upserts instead of duplicating.
    // `holds` is what the last evaluation found; `status` is the people's lifecycle, which the evaluation
    // only moves to close an exception that no longer holds (closure 'automatic'), reopen one it closed
    // itself, or close one carried forward into the next period.
    await db.query(`
      CREATE TABLE exception (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject_key text COLLATE "C" NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN (${inList(KINDS)})),
        positive boolean NOT NULL,
        indicator_id uuid REFERENCES indicator(id),
        area_id uuid REFERENCES area(id),
        period_type text NOT NULL,
        period_start date NOT NULL,
        period_end date NOT NULL CHECK (period_end >= period_start),
        owning_group_id uuid REFERENCES partnership_group(id),
        -- The data cut and the links below point at rows that are never deleted (returns and target
        -- versions are history; exceptions are kept), so they carry no foreign key: the checks were a
        -- sixth of the cost of writing a rebuild's few hundred thousand rows.
        priority_id uuid,
        return_id uuid,
        target_version_id uuid,
        summary text NOT NULL,
        reasons jsonb NOT NULL,
        holds boolean NOT NULL DEFAULT true,
        status text NOT NULL DEFAULT 'open' CHECK (status IN (${inList(STATUSES)})),
        closure text CHECK (closure IN ('automatic', 'carried_forward', 'manual')),
        carried_forward_from_id uuid,
        first_raised_at timestamptz NOT NULL,
        -- Last evaluation that raised, changed or moved it; exception_evaluation says when its subject was last looked at.
        last_evaluated_at timestamptz NOT NULL,
        status_changed_at timestamptz NOT NULL,
        commentary_cause text,
        commentary_action text,
        commentary_expected_recovery date,
        commentary_by text,
        commentary_at timestamptz,
        reviewed_by text,
        reviewed_at timestamptz,
        referred_by text,
        referred_at timestamptz,
        closed_by text,
        closed_at timestamptz,
        close_reason text,
        CHECK ((status = 'closed') = (closure IS NOT NULL)),
        CHECK ((kind IN ('missing_return', 'late_return')) = (indicator_id IS NULL)),
        CHECK ((indicator_id IS NULL) = (area_id IS NULL)),
        CHECK (kind NOT IN ('missing_return', 'late_return') OR owning_group_id IS NOT NULL)
      )`);
    await db.query(`CREATE INDEX exception_subject ON exception (indicator_id, area_id)`);
    await db.query(`CREATE INDEX exception_group_status ON exception (owning_group_id, status)`);
    await db.query(`CREATE INDEX exception_status_period ON exception (status, period_start)`);
    await db.query(
      `CREATE INDEX exception_carried_forward ON exception (carried_forward_from_id) WHERE carried_forward_from_id IS NOT NULL`,
    );

    // When each indicator (and each group's owed returns) was last evaluated. An evaluation that changes
    // nothing writes here only, so re-running it leaves every exception row as it was.
    await db.query(`
      CREATE TABLE exception_evaluation (
        subject text COLLATE "C" PRIMARY KEY,
        evaluated_at timestamptz NOT NULL,
        cause text NOT NULL
      )`);

    // Who moved an exception from which status to which, when and why. Append-only, like audit_event.
    await db.query(`
      CREATE TABLE exception_history (
        id bigserial PRIMARY KEY,
        exception_id uuid NOT NULL REFERENCES exception(id),
        at timestamptz NOT NULL,
        actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'token', 'system')),
        actor_id text,
        actor_label text NOT NULL,
        action text NOT NULL CHECK (action IN (${inList([
          'raised',
          'reopened',
          'closed_automatically',
          'carried_forward',
          'commentary',
          'reviewed',
          'referred',
          'closed',
        ])})),
        from_status text CHECK (from_status IN (${inList(STATUSES)})),
        to_status text NOT NULL CHECK (to_status IN (${inList(STATUSES)})),
        note text
      )`);
    await db.query(`CREATE INDEX exception_history_exception ON exception_history (exception_id, id)`);
    await db.query(`
      CREATE FUNCTION exception_history_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'exception_history is append-only';
      END $$`);
    await db.query(`
      CREATE TRIGGER exception_history_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON exception_history
      FOR EACH STATEMENT EXECUTE FUNCTION exception_history_is_append_only()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER exception_history_no_change ON exception_history`);
    await db.query(`DROP FUNCTION exception_history_is_append_only()`);
    await db.query(`DROP TABLE exception_history`);
    await db.query(`DROP TABLE exception_evaluation`);
    await db.query(`DROP TABLE exception`);
  }
}
