import { Injectable, Optional } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { type Actor, personKindOf } from '../access/index.js';
import { AuditService } from '../audit/index.js';
import { NotificationsService } from '../notifications/index.js';
import { formatPeriod, periodKey, type Period } from '../periods/index.js';
import { JobName, QueueService } from '../queue/index.js';
import { copyCell, copyText } from '../database/index.js';
import { signOffRequestedEmail } from './sign-off-emails.js';

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
  /** The row's own period, within the return's (a quarter of a year's return); absent: the return's period. */
  period?: Period;
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

/** An accepted return whose rows arrive as they are read and checked, in batches. */
export interface StreamedReturnInput extends Omit<AcceptedReturnInput, 'rows'> {
  /** Written as they come; an error thrown from it rolls the whole return back. */
  rows: AsyncIterable<readonly ReturnRow[]>;
}

export type AcceptOutcome =
  | { outcome: 'accepted'; returnId: string; rowCount: number; supersededReturnId: string | null }
  | { outcome: 'already_received'; returnId: string; rowCount: number }
  /** Stored in the history; counts once a second person of the group signs it off (issue 14). */
  | { outcome: 'awaiting_sign_off'; returnId: string; rowCount: number };

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

/** A stored batch from return_batch into the history and the current values, in one statement. */
const MOVE_BATCH = `
  WITH batch AS (SELECT ${RETURN_VALUE_COLUMNS.join(', ')} FROM return_batch),
       history AS (INSERT INTO return_value (${RETURN_VALUE_COLUMNS.join(', ')}) SELECT * FROM batch)
  INSERT INTO current_value (indicator_id, area_id, period_type, period_start, period_end, value, numerator, denominator,
                             status, suppression_marker, commentary, return_id, updated_at)
  SELECT indicator_id, area_id, period_type, period_start, period_end, value, numerator, denominator,
         status, suppression_marker, commentary, return_id, $1
    FROM batch
  ON CONFLICT (indicator_id, area_id, period_type, period_start) DO UPDATE SET
    period_end = EXCLUDED.period_end, value = EXCLUDED.value, numerator = EXCLUDED.numerator,
    denominator = EXCLUDED.denominator, status = EXCLUDED.status, suppression_marker = EXCLUDED.suppression_marker,
    commentary = EXCLUDED.commentary, return_id = EXCLUDED.return_id, updated_at = EXCLUDED.updated_at`;

/** A stored batch of a return that is not current: into the history only. */
const MOVE_BATCH_TO_HISTORY = `
  INSERT INTO return_value (${RETURN_VALUE_COLUMNS.join(', ')}) SELECT ${RETURN_VALUE_COLUMNS.join(', ')} FROM return_batch`;

/** Serialises the writes of returns for one group and period, so two uploads cannot both become current. */
async function lockGroupPeriod(manager: EntityManager, groupId: string, period: Period): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
    `return:${groupId}:${period.type}:${period.start}`,
  ]);
}

async function requiresSignOff(manager: EntityManager, groupId: string): Promise<boolean> {
  const [group]: { requires_sign_off: boolean }[] = await manager.query(
    `SELECT requires_sign_off FROM partnership_group WHERE id = $1`,
    [groupId],
  );
  return group?.requires_sign_off === true;
}

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
    @Optional() private readonly notifications?: NotificationsService,
  ) {}

  async accept(input: AcceptedReturnInput, actor: Actor): Promise<AcceptOutcome> {
    return this.dataSource.transaction((manager) => this.acceptIn(manager, input, actor));
  }

  async acceptIn(manager: EntityManager, input: AcceptedReturnInput, actor: Actor): Promise<AcceptOutcome> {
    return this.acceptStreamIn(manager, { ...input, rows: inBatches(input.rows) }, actor);
  }

  /**
   * As `acceptIn`, but stores the rows while they are still being read and checked, so the database
   * writes one batch while the next is parsed. The group and period stay locked meanwhile; an error
   * from `input.rows` (such as a problem found further down the file) rolls everything back.
   */
  async acceptStreamIn(manager: EntityManager, input: StreamedReturnInput, actor: Actor): Promise<AcceptOutcome> {
    const { groupId, period } = input;
    await lockGroupPeriod(manager, groupId, period);
    const receivedAt = input.receivedAt ?? new Date();
    // The same upload stored already (its job ran again after its lock lapsed): that return, not a second one.
    const [same]: { id: string; row_count: number }[] = await manager.query(
      `SELECT id, row_count FROM indicator_return
        WHERE group_id = $1 AND period_type = $2 AND period_start = $3 AND sha256 = $4 AND received_at = $5
          AND outcome IN ('accepted', 'awaiting_sign_off')`,
      [groupId, period.type, period.start, input.sha256, receivedAt],
    );
    if (same) return { outcome: 'already_received', returnId: same.id, rowCount: same.row_count };
    if (input.source === 'upload' && (await requiresSignOff(manager, groupId))) {
      return this.storeAwaitingSignOff(manager, input, receivedAt, actor);
    }
    const [previous]: { id: string; sha256: string; row_count: number; received_at: Date }[] = await manager.query(
      `SELECT id, sha256, row_count, received_at FROM indicator_return
        WHERE group_id = $1 AND period_type = $2 AND period_start = $3 AND outcome = 'accepted' AND superseded_at IS NULL`,
      [groupId, period.type, period.start],
    );
    if (previous?.sha256 === input.sha256) {
      return { outcome: 'already_received', returnId: previous.id, rowCount: previous.row_count };
    }
    // Upload order decides which return is current, not the order the worker reached them in: a return
    // received before the current one is kept in the history, superseded by it from the start.
    const newer = previous && previous.received_at > receivedAt ? previous : undefined;
    const superseded = newer ? undefined : previous;
    if (superseded) {
      await manager.query(`UPDATE indicator_return SET superseded_at = $2 WHERE id = $1`, [superseded.id, receivedAt]);
    }
    const returnId = await insertReturn(manager, { ...input, groupId, period }, actor, receivedAt, 'accepted', {
      row_count: 0,
      superseded_at: newer?.received_at ?? null,
      superseded_by: newer?.id ?? null,
    });
    if (superseded) {
      await manager.query(`UPDATE indicator_return SET superseded_by = $2 WHERE id = $1`, [superseded.id, returnId]);
      await manager.query(`DELETE FROM current_value WHERE return_id = $1`, [superseded.id]);
    }
    const indicatorIds = new Set<string>();
    const rowCount = await this.storeValues(manager, returnId, period, receivedAt, input.rows, indicatorIds, !newer);
    await manager.query(`UPDATE indicator_return SET row_count = $2 WHERE id = $1`, [returnId, rowCount]);
    await this.audit.record(manager, actor, {
      action: 'accept',
      entityType: 'return',
      entityId: returnId,
      before: superseded ? { returnId: superseded.id, rowCount: superseded.row_count } : null,
      after: {
        returnId,
        groupId,
        period,
        fileName: input.fileName,
        sha256: input.sha256,
        rowCount,
        ...(newer ? { supersededBy: newer.id } : {}),
      },
    });
    // Only a return that became current changes what the exceptions see.
    if (!newer) await this.requestEvaluation(manager, returnId, input, superseded?.id ?? null, indicatorIds);
    return { outcome: 'accepted', returnId, rowCount, supersededReturnId: superseded?.id ?? null };
  }

  /**
   * The return's values, a batch at a time while the next batch is read: COPY into a scratch table,
   * then one statement moves the batch into return_value (history) and current_value (what reads see).
   * The database writes each batch while the file is still being parsed, so little is left to write
   * once the last row is read. Returns the number of rows stored; adds their indicators to `indicatorIds`.
   * A return that is not `current` (an earlier upload that arrived late) goes to the history only.
   */
  private async storeValues(
    manager: EntityManager,
    returnId: string,
    period: Period,
    receivedAt: Date,
    rows: AsyncIterable<readonly ReturnRow[]>,
    indicatorIds: Set<string>,
    current: boolean,
  ): Promise<number> {
    const client = (manager.queryRunner as unknown as { databaseConnection: PoolClient }).databaseConnection;
    // Session-local, unlogged, no keys; gone at the end of the transaction (IF NOT EXISTS: one
    // transaction may store several returns, as the demo seed does).
    await manager.query(`CREATE TEMP TABLE IF NOT EXISTS return_batch (LIKE return_value) ON COMMIT DROP`);
    let stored = 0;
    for await (const batch of readingAhead(copyBatches(returnId, period, rows, indicatorIds))) {
      await copyText(client, 'return_batch', RETURN_VALUE_COLUMNS, batch.text);
      await manager.query(current ? MOVE_BATCH : MOVE_BATCH_TO_HISTORY, current ? [receivedAt] : []);
      // TRUNCATE, not DELETE: the emptied table does not grow batch after batch.
      await manager.query(`TRUNCATE return_batch`);
      stored += batch.rows;
    }
    return stored;
  }

  /**
   * A return of a group that requires sign-off: kept in the history only (neither exceptions nor reports see
   * it), replacing any earlier one still waiting, until `signOffIn` makes it current or `sendBackIn` refuses it.
   */
  private async storeAwaitingSignOff(
    manager: EntityManager,
    input: StreamedReturnInput,
    receivedAt: Date,
    actor: Actor,
  ): Promise<AcceptOutcome> {
    const { groupId, period } = input;
    const [waiting]: { id: string; sha256: string; row_count: number }[] = await manager.query(
      `SELECT id, sha256, row_count FROM indicator_return WHERE group_id = $1 AND period_type = $2 AND period_start = $3
          AND outcome = 'awaiting_sign_off' AND superseded_at IS NULL`,
      [groupId, period.type, period.start],
    );
    if (waiting?.sha256 === input.sha256) {
      return { outcome: 'awaiting_sign_off', returnId: waiting.id, rowCount: waiting.row_count };
    }
    if (waiting) {
      await manager.query(`UPDATE indicator_return SET superseded_at = $2 WHERE id = $1`, [waiting.id, receivedAt]);
    }
    const returnId = await insertReturn(
      manager,
      { ...input, groupId, period },
      actor,
      receivedAt,
      'awaiting_sign_off',
      { row_count: 0, sign_off_required: true },
    );
    if (waiting) {
      await manager.query(`UPDATE indicator_return SET superseded_by = $2 WHERE id = $1`, [waiting.id, returnId]);
    }
    const rowCount = await this.storeValues(manager, returnId, period, receivedAt, input.rows, new Set(), false);
    await manager.query(`UPDATE indicator_return SET row_count = $2 WHERE id = $1`, [returnId, rowCount]);
    await this.audit.record(manager, actor, {
      action: 'await_sign_off',
      entityType: 'return',
      entityId: returnId,
      before: waiting ? { returnId: waiting.id, rowCount: waiting.row_count } : null,
      after: { returnId, groupId, period, fileName: input.fileName, sha256: input.sha256, rowCount },
    });
    await this.requestSignOff(manager, { returnId, groupId, period, fileName: input.fileName, rowCount }, actor);
    return { outcome: 'awaiting_sign_off', returnId, rowCount };
  }

  /** Asks the group's other members (not the uploader) to sign the return off, by email. */
  private async requestSignOff(
    manager: EntityManager,
    ret: { returnId: string; groupId: string; period: Period; fileName: string; rowCount: number },
    actor: Actor,
  ): Promise<void> {
    const notifications = this.notifications;
    if (!notifications) return;
    const [group]: { name: string }[] = await manager.query(`SELECT name FROM partnership_group WHERE id = $1`, [
      ret.groupId,
    ]);
    const content = signOffRequestedEmail(
      { ...ret, groupName: group!.name, periodLabel: formatPeriod(ret.period) },
      notifications.link(`/api/returns/${ret.returnId}`),
    );
    const members = await notifications.groupMembers(manager, ret.groupId);
    await notifications.notify(
      manager,
      members
        .filter((member) => member.userId !== actor.id)
        .map((member) => ({
          kind: 'sign_off_requested' as const,
          userId: member.userId,
          subjectKey: `return.${ret.returnId}`,
          content,
        })),
    );
  }

  /**
   * A second person signed off a waiting return: it becomes the accepted, current return for its group and
   * period (superseding the one before), its values become current, and exceptions are re-evaluated.
   */
  async signOffIn(manager: EntityManager, returnId: string, signedOffAt: Date, actor: Actor): Promise<void> {
    const [waiting]: { group_id: string; period_type: Period['type']; period_start: string; period_end: string }[] =
      await manager.query(
        `SELECT group_id, period_type, to_char(period_start, 'YYYY-MM-DD') AS period_start,
                to_char(period_end, 'YYYY-MM-DD') AS period_end
           FROM indicator_return WHERE id = $1 AND outcome = 'awaiting_sign_off' AND superseded_at IS NULL`,
        [returnId],
      );
    if (!waiting) throw new Error(`Return ${returnId} is not awaiting sign-off`);
    const period: Period = { type: waiting.period_type, start: waiting.period_start, end: waiting.period_end };
    await lockGroupPeriod(manager, waiting.group_id, period);
    const [previous]: { id: string }[] = await manager.query(
      `SELECT id FROM indicator_return WHERE group_id = $1 AND period_type = $2 AND period_start = $3
          AND outcome = 'accepted' AND superseded_at IS NULL`,
      [waiting.group_id, period.type, period.start],
    );
    if (previous) {
      await manager.query(`UPDATE indicator_return SET superseded_at = $2, superseded_by = $3 WHERE id = $1`, [
        previous.id,
        signedOffAt,
        returnId,
      ]);
      await manager.query(`DELETE FROM current_value WHERE return_id = $1`, [previous.id]);
    }
    await manager.query(
      `UPDATE indicator_return SET outcome = 'accepted', signed_off_by = $2, signed_off_at = $3 WHERE id = $1`,
      [returnId, actor.label, signedOffAt],
    );
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
      [returnId, signedOffAt],
    );
    const indicators: { indicator_id: string }[] = await manager.query(
      `SELECT DISTINCT indicator_id FROM return_value WHERE return_id = $1`,
      [returnId],
    );
    await this.requestEvaluation(
      manager,
      returnId,
      { groupId: waiting.group_id, period },
      previous?.id ?? null,
      new Set(indicators.map((row) => row.indicator_id)),
    );
  }

  /** A second person refused a waiting return, with the reason: it goes back to the group and never counts. */
  async sendBackIn(manager: EntityManager, returnId: string, reason: string, at: Date, actor: Actor): Promise<void> {
    await manager.query(
      `UPDATE indicator_return SET outcome = 'sent_back', signed_off_by = $2, signed_off_at = $3, sign_off_reason = $4
        WHERE id = $1 AND outcome = 'awaiting_sign_off'`,
      [returnId, actor.label, at, reason],
    );
  }

  /** Keeps an upload's bytes by content; the same bytes again are stored once. */
  async saveUpload(
    manager: EntityManager,
    upload: { sha256: string; fileName: string; content: Buffer },
  ): Promise<void> {
    // A queued upload is already kept: spare sending its bytes again.
    const kept = await manager.query(`SELECT 1 FROM return_upload WHERE sha256 = $1`, [upload.sha256]);
    if (kept.length > 0) return;
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
    await lockGroupPeriod(manager, input.groupId, input.period);
    const receivedAt = input.receivedAt ?? new Date();
    // The same upload's rejection recorded already (its job ran again): that one, not a second.
    const [same]: { id: string }[] = await manager.query(
      `SELECT id FROM indicator_return
        WHERE group_id = $1 AND period_type = $2 AND period_start = $3 AND sha256 = $4 AND received_at = $5
          AND outcome = 'rejected'`,
      [input.groupId, input.period.type, input.period.start, input.sha256, receivedAt],
    );
    if (same) return same.id;
    const id = await insertReturn(manager, { ...input, source: 'upload' }, actor, receivedAt, 'rejected', {
      problems: JSON.stringify(input.problems),
      problem_count: input.problemCount,
      row_count: 0,
    });
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
  private async requestEvaluation(
    manager: EntityManager,
    returnId: string,
    input: Pick<AcceptedReturnInput, 'groupId' | 'period'>,
    previousId: string | null,
    indicatorIds: ReadonlySet<string>,
  ): Promise<void> {
    if (!this.queues) return;
    // The new return's indicators were noted as it was stored; only the superseded one's are read back.
    const touched = new Set(indicatorIds);
    if (previousId) {
      const before: { indicator_id: string }[] = await manager.query(
        `SELECT DISTINCT indicator_id FROM return_value WHERE return_id = $1`,
        [previousId],
      );
      for (const row of before) touched.add(row.indicator_id);
    }
    await this.queues.enqueueAfterCommit(manager, JobName.EvaluateIndicators, {
      indicatorIds: [...touched].sort(),
      period: periodKey(input.period),
      groupIds: [input.groupId],
      cause: `return.${returnId}`,
    });
  }
}

async function* inBatches(rows: readonly ReturnRow[]): AsyncGenerator<readonly ReturnRow[]> {
  yield rows;
}

/**
 * Rows per batch: few enough that the last batch, written after the file has been read, is short;
 * enough that the three statements per batch cost little. For 300,000 rows, interleaved runs of the
 * in-process job: 25,000 → 5.20–5.51 s, 10,000 → 5.11–5.27 s, 5,000 → 5.73–6.01 s.
 */
const ROWS_PER_BATCH = 10_000;
const COPY_PIECE_CHARS = 64 * 1024;

/** return_value rows as COPY text, ROWS_PER_BATCH at a time (in pieces of COPY_PIECE_CHARS); notes each row's indicator. */
async function* copyBatches(
  returnId: string,
  period: Period,
  batches: AsyncIterable<readonly ReturnRow[]>,
  indicatorIds: Set<string>,
): AsyncGenerator<{ text: Buffer[]; rows: number }> {
  const periodColumns = new Map<Period, string>();
  let text: Buffer[] = [];
  let piece = '';
  let rows = 0;
  for await (const batch of batches) {
    for (const row of batch) {
      indicatorIds.add(row.indicatorId);
      const rowPeriod = row.period ?? period;
      let columns = periodColumns.get(rowPeriod);
      if (columns === undefined) {
        columns = `${rowPeriod.type}\t${rowPeriod.start}\t${rowPeriod.end}`;
        periodColumns.set(rowPeriod, columns);
      }
      piece +=
        `${returnId}\t${row.indicatorId}\t${row.areaId}\t${columns}\t${copyCell(row.value)}\t${copyCell(row.numerator)}\t` +
        `${copyCell(row.denominator)}\t${row.status}\t${copyCell(row.suppressionMarker)}\t${copyCell(row.commentary)}\n`;
      rows += 1;
      if (piece.length >= COPY_PIECE_CHARS) {
        // As bytes outside the JavaScript heap: the batch waits there for its COPY without the
        // garbage collector copying it from one generation to the next.
        text.push(Buffer.from(piece));
        piece = '';
      }
      if (rows === ROWS_PER_BATCH) {
        if (piece) text.push(Buffer.from(piece));
        yield { text, rows };
        text = [];
        piece = '';
        rows = 0;
      }
    }
  }
  if (piece) text.push(Buffer.from(piece));
  if (rows > 0) yield { text, rows };
}

/**
 * Reads the next item while the caller works on this one (here: parses the next batch while the
 * database stores this one). When the caller stops early, the read in flight settles before the
 * source is closed.
 */
async function* readingAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  let done = false;
  try {
    for (;;) {
      const result = await next;
      if (result.done) {
        done = true;
        return;
      }
      next = iterator.next();
      // Awaited on the next turn; this only keeps a failure meanwhile from counting as unhandled.
      next.catch(() => undefined);
      yield result.value;
    }
  } finally {
    if (!done) {
      await next.catch(() => undefined);
      await iterator.return?.();
    }
  }
}

/** One row of indicator_return: what every outcome records of the file and who sent it, and its own columns. */
async function insertReturn(
  manager: EntityManager,
  file: {
    groupId: string;
    period: Period;
    fileName: string;
    sha256: string;
    byteSize: number;
    source: string;
  },
  actor: Actor,
  receivedAt: Date,
  outcome: 'accepted' | 'awaiting_sign_off' | 'rejected',
  columns: Record<string, unknown>,
): Promise<string> {
  const values: Record<string, unknown> = {
    group_id: file.groupId,
    period_type: file.period.type,
    period_start: file.period.start,
    period_end: file.period.end,
    file_name: file.fileName,
    sha256: file.sha256,
    byte_size: file.byteSize,
    source: file.source,
    submitted_by: actor.label,
    submitted_by_kind: actor.kind,
    submitted_by_id: actor.id,
    submitted_by_role: personKindOf(actor),
    received_at: receivedAt,
    outcome,
    ...columns,
  };
  const names = Object.keys(values);
  const [{ id }]: { id: string }[] = await manager.query(
    `INSERT INTO indicator_return (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    Object.values(values),
  );
  return id;
}
