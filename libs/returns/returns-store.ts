import { Injectable, Optional } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../access/index.js';
import { AuditService } from '../audit/index.js';
import { periodKey, type Period } from '../periods/index.js';
import { JobName, QueueService } from '../queue/index.js';
import { copyRows } from './copy-rows.js';

export const VALUE_STATUSES = ['actual', 'provisional', 'estimate', 'suppressed'] as const;
export type ValueStatus = (typeof VALUE_STATUSES)[number];

/** One validated row of a return, ready to store. */
export interface ReturnRow {
  indicatorId: string;
  areaId: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  status: ValueStatus;
  suppressionMarker: string | null;
  commentary: string | null;
}

export interface AcceptedReturnInput {
  groupId: string;
  period: Period;
  fileName: string;
  sha256: string;
  byteSize: number;
  source: 'upload' | 'seed';
  receivedAt?: Date;
  rows: readonly ReturnRow[];
}

export interface RejectedReturnInput {
  groupId: string;
  period: Period;
  fileName: string;
  sha256: string;
  byteSize: number;
  receivedAt?: Date;
  /** The problems kept (at most MAX_PROBLEMS_KEPT), each with its location. */
  problems: readonly object[];
  /** Every problem found, kept or not. */
  problemCount: number;
}

export type AcceptOutcome =
  | { outcome: 'accepted'; returnId: string; rowCount: number; supersededReturnId: string | null }
  | { outcome: 'already_received'; returnId: string; rowCount: number };

const RETURN_VALUE_COLUMNS = [
  'return_id',
  'indicator_id',
  'area_id',
  'period_type',
  'period_start',
  'period_end',
  'value',
  'numerator',
  'denominator',
  'status',
  'suppression_marker',
  'commentary',
] as const;

/**
 * Writes an accepted return in one transaction: history row, its values (COPY), supersession of the
 * group's previous return for the period, and the current values every read sees.
 */
@Injectable()
export class ReturnsStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    // Absent only in contexts without a queue (the demo seed script), which evaluate by a rebuild instead.
    @Optional() private readonly queues?: QueueService,
  ) {}

  async accept(input: AcceptedReturnInput, actor: Actor): Promise<AcceptOutcome> {
    return this.dataSource.transaction((manager) => this.acceptIn(manager, input, actor));
  }

  async acceptIn(manager: EntityManager, input: AcceptedReturnInput, actor: Actor): Promise<AcceptOutcome> {
    const { groupId, period } = input;
    // Serialises submissions for one group and period, so two uploads cannot both become current.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
      `return:${groupId}:${period.type}:${period.start}`,
    ]);
    const [previous]: { id: string; sha256: string; row_count: number }[] = await manager.query(
      `SELECT id, sha256, row_count FROM indicator_return
        WHERE group_id = $1 AND period_type = $2 AND period_start = $3 AND outcome = 'accepted' AND superseded_at IS NULL`,
      [groupId, period.type, period.start],
    );
    if (previous?.sha256 === input.sha256) {
      return { outcome: 'already_received', returnId: previous.id, rowCount: previous.row_count };
    }
    const receivedAt = input.receivedAt ?? new Date();
    if (previous) {
      await manager.query(`UPDATE indicator_return SET superseded_at = $2 WHERE id = $1`, [previous.id, receivedAt]);
    }
    const [{ id: returnId }] = await manager.query(
      `INSERT INTO indicator_return (group_id, period_type, period_start, period_end, file_name, sha256, byte_size, source,
                                     submitted_by, submitted_by_kind, submitted_by_id, received_at, outcome, row_count)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'accepted', $13) RETURNING id`,
      [
        groupId,
        period.type,
        period.start,
        period.end,
        input.fileName,
        input.sha256,
        input.byteSize,
        input.source,
        actor.label,
        actor.kind,
        actor.id,
        receivedAt,
        input.rows.length,
      ],
    );
    if (previous) {
      await manager.query(`UPDATE indicator_return SET superseded_by = $2 WHERE id = $1`, [previous.id, returnId]);
    }
    const client = (manager.queryRunner as unknown as { databaseConnection: PoolClient }).databaseConnection;
    await copyRows(
      client,
      'return_value',
      RETURN_VALUE_COLUMNS,
      (function* () {
        for (const row of input.rows) {
          yield [
            returnId,
            row.indicatorId,
            row.areaId,
            period.type,
            period.start,
            period.end,
            row.value,
            row.numerator,
            row.denominator,
            row.status,
            row.suppressionMarker,
            row.commentary,
          ];
        }
      })(),
    );
    if (previous) await manager.query(`DELETE FROM current_value WHERE return_id = $1`, [previous.id]);
    await manager.query(
      `INSERT INTO current_value (indicator_id, area_id, period_type, period_start, period_end, value, numerator, denominator,
                                  status, suppression_marker, commentary, return_id, updated_at)
       SELECT indicator_id, area_id, period_type, period_start, period_end, value, numerator, denominator,
              status, suppression_marker, commentary, return_id, $2
         FROM return_value WHERE return_id = $1
       ON CONFLICT (indicator_id, area_id, period_type, period_start) DO UPDATE SET
         period_end = EXCLUDED.period_end, value = EXCLUDED.value, numerator = EXCLUDED.numerator,
         denominator = EXCLUDED.denominator, status = EXCLUDED.status, suppression_marker = EXCLUDED.suppression_marker,
         commentary = EXCLUDED.commentary, return_id = EXCLUDED.return_id, updated_at = EXCLUDED.updated_at`,
      [returnId, receivedAt],
    );
    await this.audit.record(manager, actor, {
      action: 'accept',
      entityType: 'return',
      entityId: returnId,
      before: previous ? { returnId: previous.id, rowCount: previous.row_count } : null,
      after: { returnId, groupId, period, fileName: input.fileName, sha256: input.sha256, rowCount: input.rows.length },
    });
    await this.requestEvaluation(manager, returnId, input, previous?.id ?? null);
    return { outcome: 'accepted', returnId, rowCount: input.rows.length, supersededReturnId: previous?.id ?? null };
  }

  /** Keeps an upload's bytes by content; the same bytes again are stored once. */
  async saveUpload(
    manager: EntityManager,
    upload: { sha256: string; fileName: string; content: Buffer },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO return_upload (sha256, file_name, byte_size, content) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING`,
      [upload.sha256, upload.fileName, upload.content.length, upload.content],
    );
  }

  async loadUpload(sha256: string): Promise<{ fileName: string; content: Buffer } | null> {
    const [row]: { file_name: string; content: Buffer }[] = await this.dataSource.query(
      `SELECT file_name, content FROM return_upload WHERE sha256 = $1`,
      [sha256],
    );
    return row ? { fileName: row.file_name, content: row.content } : null;
  }

  /** Records a rejected upload with its problems; nothing current changes. */
  async recordRejectionIn(manager: EntityManager, input: RejectedReturnInput, actor: Actor): Promise<string> {
    const receivedAt = input.receivedAt ?? new Date();
    const [{ id }] = await manager.query(
      `INSERT INTO indicator_return (group_id, period_type, period_start, period_end, file_name, sha256, byte_size, source,
                                     submitted_by, submitted_by_kind, submitted_by_id, received_at, outcome, problems,
                                     problem_count, row_count)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'upload', $8, $9, $10, $11, 'rejected', $12, $13, 0) RETURNING id`,
      [
        input.groupId,
        input.period.type,
        input.period.start,
        input.period.end,
        input.fileName,
        input.sha256,
        input.byteSize,
        actor.label,
        actor.kind,
        actor.id,
        receivedAt,
        JSON.stringify(input.problems),
        input.problemCount,
      ],
    );
    await this.audit.record(manager, actor, {
      action: 'reject',
      entityType: 'return',
      entityId: id,
      before: null,
      after: {
        returnId: id,
        groupId: input.groupId,
        period: input.period,
        fileName: input.fileName,
        sha256: input.sha256,
        problemCount: input.problemCount,
      },
    });
    return id;
  }

  /**
   * Re-evaluates exceptions for what the return touched once its transaction commits: its indicators and
   * those only the superseded return carried (their values are gone now), per-period verdicts from its
   * period on, and the returns the group owes.
   */
  private async requestEvaluation(manager: EntityManager, returnId: string, input: AcceptedReturnInput, previousId: string | null): Promise<void> {
    if (!this.queues) return;
    const touched: { indicator_id: string }[] = await manager.query(
      `SELECT DISTINCT indicator_id FROM return_value WHERE return_id = ANY($1::uuid[]) ORDER BY indicator_id`,
      [[returnId, previousId].filter((id) => id !== null)],
    );
    await this.queues.enqueueAfterCommit(manager, JobName.EvaluateIndicators, {
      indicatorIds: touched.map((row) => row.indicator_id),
      period: periodKey(input.period),
      groupIds: [input.groupId],
      cause: `return.${returnId}`,
    });
  }
}
