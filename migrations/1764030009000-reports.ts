import { MigrationInterface, QueryRunner } from 'typeorm';

export class Reports1764030009000 implements MigrationInterface {
  name = 'Reports1764030009000';

  async up(db: QueryRunner): Promise<void> {
    // The partnership's meeting calendar: the scorecard is produced a set number of days before each board
    // meeting; the HWB progress pack before the HWB meetings that follow H1 and H2.
    await db.query(`
      CREATE TABLE reporting_calendar_event (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('board_meeting', 'hwb_meeting')),
        meets_on date NOT NULL,
        title text NOT NULL DEFAULT '',
        papers_due_days_before int NOT NULL DEFAULT 7 CHECK (papers_due_days_before BETWEEN 0 AND 60),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (kind, meets_on)
      )`);
    await db.query(`
      CREATE TABLE report (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        type text NOT NULL CHECK (type IN ('exception_report', 'board_scorecard', 'hwb_progress_pack', 'group_update')),
        period_type text NOT NULL,
        period_start date NOT NULL,
        period_end date NOT NULL,
        group_id uuid REFERENCES partnership_group(id),
        data_cut jsonb NOT NULL,
        data_cut_hash text NOT NULL,
        job_id text NOT NULL UNIQUE,
        status text NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed')),
        progress int NOT NULL DEFAULT 0,
        error text,
        attempts int NOT NULL DEFAULT 0,
        confidential boolean NOT NULL DEFAULT false,
        audience text[] NOT NULL,
        trigger text NOT NULL CHECK (trigger IN ('on_demand', 'schedule')),
        requested_by text NOT NULL,
        requested_at timestamptz NOT NULL DEFAULT now(),
        generated_at timestamptz,
        model jsonb,
        CHECK ((type = 'group_update') = (group_id IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX report_period ON report (type, period_start)`);
    await db.query(`
      CREATE TABLE report_file (
        report_id uuid NOT NULL REFERENCES report(id),
        format text NOT NULL CHECK (format IN ('xlsx', 'pdf')),
        path text NOT NULL,
        byte_size bigint NOT NULL,
        sha256 text NOT NULL,
        PRIMARY KEY (report_id, format)
      )`);
    // Each scheduled report fires once per due date; moving a meeting gives a new due date, so it fires again.
    await db.query(`
      CREATE TABLE report_schedule_run (
        type text NOT NULL,
        period_type text NOT NULL,
        period_start date NOT NULL,
        due_on date NOT NULL,
        report_id uuid NOT NULL REFERENCES report(id),
        ran_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (type, period_type, period_start, due_on)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['report_schedule_run', 'report_file', 'report', 'reporting_calendar_event'])
      await db.query(`DROP TABLE ${table}`);
  }
}
