import { randomUUID } from 'node:crypto';
import type { PoolClient, QueryResult } from 'pg';
import { copyInto, queryRows } from '../database/index.js';
import { RETURN_KINDS, SERIES_KINDS, type ExceptionKind, type RaisedException } from '../series/index.js';

/**
 * The exceptions' own SQL: locks, and a set-based merge of the exceptions an evaluation raised through a
 * staging table. The figures an evaluation reads come from the read model (libs/series). Runs on one raw
 * connection inside the caller's transaction.
 */

const rows = queryRows;

/** Serialises evaluation per indicator (and of returns) across jobs and processes; in key order, so never a deadlock. */
export async function lockSubjects(client: PoolClient, keys: readonly string[]): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest($1::text[]) AS k ORDER BY k`, [
    [...keys].sort().map((key) => `exceptions:${key}`),
  ]);
}

// --- the merge -----------------------------------------------------------------------------------

const STAGE_COLUMNS = [
  'id',
  'subject_key',
  'kind',
  'positive',
  'indicator_id',
  'area_id',
  'period_type',
  'period_start',
  'period_end',
  'period_label',
  'owning_group_id',
  'priority_id',
  'return_id',
  'target_version_id',
  'summary',
  'reasons',
  'previous_key',
  'carried_into',
] as const;

/** Which existing exceptions an evaluation speaks for: those it did not raise again no longer hold. */
export type MergeScope =
  | {
      readonly kind: 'indicators';
      readonly indicatorIds: readonly string[];
      readonly areaIds: readonly string[] | null;
      readonly fromPeriodStart: string | null;
    }
  | { readonly kind: 'returns'; readonly groupIds: readonly string[] | null };

export interface ExistingException {
  readonly id: string;
  readonly kind: ExceptionKind;
  readonly indicatorId: string | null;
  readonly areaId: string | null;
  readonly owningGroupId: string | null;
  readonly periodType: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly returnId: string | null;
  readonly status: string;
}

export interface MergeCounts {
  raised: number;
  reopened: number;
  updated: number;
  carriedForward: number;
  closedAutomatically: number;
}

/** The reasons as stored: the summary has its own column. */
function storedReasons(reasons: RaisedException['reasons']): string {
  const { summary: _summary, ...rest } = reasons;
  return JSON.stringify(rest);
}

/**
 * Writes what one evaluation found, set-based: COPY into a staging table, look up in one statement the
 * existing exceptions it speaks of (its own keys and the previous periods'), then
 * 1. insert the new exceptions, already linked to the one they carry forward and, when the next period's
 *    exception of the same kind holds too, already closed as carried forward (with both history records);
 * 2. reopen those the evaluation had closed itself and that hold again;
 * 3. refresh figures and data cut where they changed;
 * 4. link and close the previous period's exceptions that carried forward;
 * 5. close what no longer holds, with the note `noteFor` gives.
 * Every statement reaches the exception table through its primary key or the subject key, so its cost
 * follows the batch, not the table. Rows that did not change are not written: running it twice on the same
 * data changes nothing.
 */
export async function mergeExceptions(
  client: PoolClient,
  raised: readonly RaisedException[],
  scope: MergeScope,
  at: Date,
  actorLabel: string,
  noteFor: (closing: ExistingException[]) => Map<string, string>,
): Promise<MergeCounts> {
  await client.query(`
    CREATE TEMP TABLE IF NOT EXISTS exception_stage (
      id uuid NOT NULL, subject_key text COLLATE "C" PRIMARY KEY, kind text NOT NULL, positive boolean NOT NULL,
      indicator_id uuid, area_id uuid, period_type text NOT NULL, period_start date NOT NULL, period_end date NOT NULL,
      period_label text NOT NULL, owning_group_id uuid, priority_id uuid, return_id uuid, target_version_id uuid,
      summary text NOT NULL, reasons jsonb NOT NULL, previous_key text COLLATE "C", carried_into text
    ) ON COMMIT DELETE ROWS`);
  await client.query(`
    CREATE TEMP TABLE IF NOT EXISTS exception_existing (
      subject_key text COLLATE "C" PRIMARY KEY, id uuid NOT NULL, status text NOT NULL, closure text,
      carried_forward_from_id uuid
    ) ON COMMIT DELETE ROWS`);
  await client.query('TRUNCATE exception_stage, exception_existing');
  // The label of the next period's exception of the same kind and subject, when that one holds too.
  const carriedInto = new Map<string, string>();
  for (const r of raised) if (r.previousKey) carriedInto.set(r.previousKey, r.period.label);
  await copyInto(
    client,
    'exception_stage',
    STAGE_COLUMNS,
    (function* () {
      for (const r of raised) {
        yield [
          randomUUID(),
          r.key,
          r.kind,
          r.positive,
          r.indicatorId,
          r.areaId,
          r.period.period.type,
          r.period.period.start,
          r.period.period.end,
          r.period.label,
          r.owningGroupId,
          r.priorityId,
          r.returnId,
          r.targetVersionId,
          r.reasons.summary,
          storedReasons(r.reasons),
          r.previousKey,
          carriedInto.get(r.key) ?? null,
        ];
      }
    })(),
  );
  // Statistics of the keys only: the reasons would make this the slowest statement of the batch.
  await client.query('ANALYZE exception_stage (subject_key, previous_key, carried_into)');
  await client.query(
    `INSERT INTO exception_existing (subject_key, id, status, closure, carried_forward_from_id)
     SELECT e.subject_key, e.id, e.status, e.closure, e.carried_forward_from_id
       FROM (SELECT subject_key FROM exception_stage UNION SELECT previous_key FROM exception_stage WHERE previous_key IS NOT NULL) k
       JOIN exception e ON e.subject_key = k.subject_key`,
  );
  await client.query('ANALYZE exception_existing');
  const params = [at, actorLabel];
  const count = (result: QueryResult): number => result.rowCount ?? 0;

  const inserted = await client.query(
    `WITH inserted AS (
       INSERT INTO exception (id, subject_key, kind, positive, indicator_id, area_id, period_type, period_start, period_end,
                              owning_group_id, priority_id, return_id, target_version_id, summary, reasons, holds, status,
                              closure, closed_at, closed_by, carried_forward_from_id, first_raised_at, last_evaluated_at,
                              status_changed_at)
       SELECT s.id, s.subject_key, s.kind, s.positive, s.indicator_id, s.area_id, s.period_type, s.period_start, s.period_end,
              s.owning_group_id, s.priority_id, s.return_id, s.target_version_id, s.summary, s.reasons, true,
              CASE WHEN s.carried_into IS NULL THEN 'open' ELSE 'closed' END,
              CASE WHEN s.carried_into IS NULL THEN NULL ELSE 'carried_forward' END,
              CASE WHEN s.carried_into IS NULL THEN NULL ELSE $1::timestamptz END,
              CASE WHEN s.carried_into IS NULL THEN NULL ELSE $2 END,
              coalesce(xp.id, sp.id), $1, $1, $1
         FROM exception_stage s
         LEFT JOIN exception_existing xp ON xp.subject_key = s.previous_key
         LEFT JOIN exception_stage sp ON sp.subject_key = s.previous_key
        WHERE NOT EXISTS (SELECT 1 FROM exception_existing x WHERE x.subject_key = s.subject_key)
       ON CONFLICT (subject_key) DO NOTHING
       RETURNING id, subject_key, summary, status),
     history AS (
       INSERT INTO exception_history (exception_id, at, actor_kind, actor_label, action, from_status, to_status, note)
       SELECT id, $1, 'system', $2, 'raised', NULL, 'open', 'raised: ' || summary FROM inserted
       UNION ALL
       SELECT i.id, $1, 'system', $2, 'carried_forward', 'open', 'closed', 'carried forward to ' || s.carried_into
         FROM inserted i JOIN exception_stage s ON s.subject_key = i.subject_key WHERE i.status = 'closed'
       RETURNING action)
     SELECT count(*) FILTER (WHERE action = 'raised')::int AS raised,
            count(*) FILTER (WHERE action = 'carried_forward')::int AS carried
       FROM history`,
    params,
  );
  const { raised: raisedCount, carried: carriedNew } = inserted.rows[0] as { raised: number; carried: number };

  const reopened = await client.query(
    `WITH reopened AS (
       UPDATE exception e SET status = 'open', closure = NULL, closed_at = NULL, closed_by = NULL, close_reason = NULL,
                              status_changed_at = $1, last_evaluated_at = $1
         FROM exception_existing x JOIN exception_stage s ON s.subject_key = x.subject_key
        WHERE e.id = x.id AND x.status = 'closed' AND x.closure = 'automatic' AND s.carried_into IS NULL
       RETURNING e.id, s.summary)
     INSERT INTO exception_history (exception_id, at, actor_kind, actor_label, action, from_status, to_status, note)
     SELECT id, $1, 'system', $2, 'reopened', 'closed', 'open', 'reopened automatically: ' || summary FROM reopened`,
    params,
  );

  const updated = await client.query(
    `UPDATE exception e
        SET positive = s.positive, owning_group_id = s.owning_group_id, priority_id = s.priority_id, return_id = s.return_id,
            target_version_id = s.target_version_id, summary = s.summary, reasons = s.reasons, period_end = s.period_end,
            holds = true, last_evaluated_at = $1
       FROM exception_existing x JOIN exception_stage s ON s.subject_key = x.subject_key
      WHERE e.id = x.id
        AND (NOT e.holds OR e.positive <> s.positive OR e.owning_group_id IS DISTINCT FROM s.owning_group_id
             OR e.priority_id IS DISTINCT FROM s.priority_id OR e.return_id IS DISTINCT FROM s.return_id
             OR e.target_version_id IS DISTINCT FROM s.target_version_id OR e.summary <> s.summary
             OR e.period_end <> s.period_end OR e.reasons <> s.reasons)`,
    [at],
  );

  // New exceptions were linked when inserted; existing ones are linked here, and any previous period's
  // exception still open is closed as carried forward.
  const carried = await client.query(
    `WITH links AS (
       SELECT coalesce(x.id, s.id) AS current_id,
              CASE WHEN x.id IS NULL THEN coalesce(xp.id, sp.id) ELSE x.carried_forward_from_id END AS current_link,
              coalesce(xp.id, sp.id) AS previous_id, xp.status AS previous_status, s.period_label
         FROM exception_stage s
         LEFT JOIN exception_existing x ON x.subject_key = s.subject_key
         LEFT JOIN exception_existing xp ON xp.subject_key = s.previous_key
         LEFT JOIN exception_stage sp ON sp.subject_key = s.previous_key
        WHERE s.previous_key IS NOT NULL AND (xp.id IS NOT NULL OR sp.id IS NOT NULL)),
     linked AS (
       UPDATE exception e SET carried_forward_from_id = l.previous_id
         FROM links l WHERE e.id = l.current_id AND l.current_link IS DISTINCT FROM l.previous_id),
     closed AS (
       UPDATE exception p SET status = 'closed', closure = 'carried_forward', closed_at = $1, closed_by = $2,
                              status_changed_at = $1, last_evaluated_at = $1
         FROM links l WHERE p.id = l.previous_id AND l.previous_status <> 'closed'
       RETURNING p.id, l.previous_status, l.period_label)
     INSERT INTO exception_history (exception_id, at, actor_kind, actor_label, action, from_status, to_status, note)
     SELECT id, $1, 'system', $2, 'carried_forward', previous_status, 'closed', 'carried forward to ' || period_label FROM closed`,
    params,
  );

  const stale = await findNoLongerHolding(client, scope);
  let closedAutomatically = 0;
  if (stale.length > 0) {
    const notes = noteFor(stale);
    const ids = stale.map((e) => e.id);
    const result = await client.query(
      `WITH input AS (SELECT * FROM unnest($3::uuid[], $4::text[]) AS t(id, note)),
       old AS (SELECT e.id, e.status FROM exception e JOIN input USING (id)),
       changed AS (
         UPDATE exception e
            SET holds = false, last_evaluated_at = $1,
                closure = CASE WHEN e.status = 'closed' THEN e.closure ELSE 'automatic' END,
                closed_at = CASE WHEN e.status = 'closed' THEN e.closed_at ELSE $1 END,
                closed_by = CASE WHEN e.status = 'closed' THEN e.closed_by ELSE $2 END,
                status_changed_at = CASE WHEN e.status = 'closed' THEN e.status_changed_at ELSE $1 END,
                status = 'closed'
           FROM old WHERE e.id = old.id)
       INSERT INTO exception_history (exception_id, at, actor_kind, actor_label, action, from_status, to_status, note)
       SELECT old.id, $1, 'system', $2, 'closed_automatically', old.status, 'closed', 'closed automatically: ' || input.note
         FROM old JOIN input USING (id) WHERE old.status <> 'closed'`,
      [at, actorLabel, ids, ids.map((id) => notes.get(id) ?? 'the condition no longer holds')],
    );
    closedAutomatically = count(result);
  }
  return {
    raised: raisedCount,
    reopened: count(reopened),
    updated: count(updated),
    carriedForward: carriedNew + count(carried),
    closedAutomatically,
  };
}

/** Records when each subject was last evaluated: the only write of a run that finds nothing new. */
export async function recordEvaluated(
  client: PoolClient,
  subjects: readonly string[],
  at: Date,
  cause: string,
): Promise<void> {
  await client.query(
    `INSERT INTO exception_evaluation (subject, evaluated_at, cause) SELECT s, $2, $3 FROM unnest($1::text[]) AS s
     ON CONFLICT (subject) DO UPDATE SET evaluated_at = EXCLUDED.evaluated_at, cause = EXCLUDED.cause`,
    [subjects, at, cause],
  );
}

/** Exceptions in the scope that held at the last evaluation and were not raised this time. */
async function findNoLongerHolding(client: PoolClient, scope: MergeScope): Promise<ExistingException[]> {
  const select = `
    SELECT e.id, e.kind, e.indicator_id, e.area_id, e.owning_group_id, e.period_type, e.period_start::text, e.period_end::text, e.return_id, e.status
      FROM exception e
     WHERE e.holds AND NOT EXISTS (SELECT 1 FROM exception_stage s WHERE s.subject_key = e.subject_key)`;
  const found =
    scope.kind === 'indicators'
      ? await rows(
          client,
          `${select} AND e.indicator_id = ANY($1::uuid[]) AND ($2::uuid[] IS NULL OR e.area_id = ANY($2::uuid[]))
              AND ($3::date IS NULL OR e.period_start >= $3::date OR e.kind = ANY($4::text[]))
            ORDER BY e.id FOR UPDATE OF e`,
          [scope.indicatorIds, scope.areaIds, scope.fromPeriodStart, SERIES_KINDS],
        )
      : await rows(
          client,
          `${select} AND e.kind = ANY($1::text[]) AND ($2::uuid[] IS NULL OR e.owning_group_id = ANY($2::uuid[]))
            ORDER BY e.id FOR UPDATE OF e`,
          [RETURN_KINDS, scope.groupIds],
        );
  return found.map((r) => ({
    id: r[0] as string,
    kind: r[1] as ExceptionKind,
    indicatorId: r[2] as string | null,
    areaId: r[3] as string | null,
    owningGroupId: r[4] as string | null,
    periodType: r[5] as string,
    periodStart: r[6] as string,
    periodEnd: r[7] as string,
    returnId: r[8] as string | null,
    status: r[9] as string,
  }));
}
