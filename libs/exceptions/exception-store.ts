import { randomUUID } from 'node:crypto';
import type { PoolClient, QueryResult } from 'pg';
import { copyInto } from '../database/index.js';
import type { Band } from '../evaluation/index.js';
import type { IndicatorUnit, Polarity } from '../evaluation/index.js';
import type { TargetFacts } from './applicable-target.js';
import { RETURN_KINDS, SERIES_KINDS, type ExceptionKind } from './exception-kinds.js';
import { periodInfoOf } from './period-info.js';
import type { OwnedTarget, ReceivedReturn } from './returns-deadlines.js';
import { londonDate, receivedKey } from './returns-deadlines.js';
import type {
  BenchmarkValue,
  IndicatorFacts,
  PublishedInterval,
  RaisedException,
  ValuePoint,
} from './series-evaluation.js';

/**
 * The SQL of the evaluation: bulk reads of everything a batch of indicators needs (one query per kind of
 * data, ordered), and a set-based merge of the exceptions it raised through a staging table. Runs on one
 * raw connection inside the caller's transaction.
 */

type Row = unknown[];

async function rows(client: PoolClient, text: string, values: unknown[] = []): Promise<Row[]> {
  const result = await client.query({ text, values, rowMode: 'array' });
  return result.rows as Row[];
}

export interface IndicatorRecord extends IndicatorFacts {
  readonly frequency: 'monthly' | 'quarterly' | 'annual' | 'academic_year';
}

export interface AreaRecord {
  readonly id: string;
  readonly takesAuthorityTargets: boolean;
  readonly isEngland: boolean;
}

/** Indicator ids in a stable order: the batches of a full rebuild. */
export async function loadIndicatorIds(client: PoolClient): Promise<string[]> {
  return (await rows(client, 'SELECT id FROM indicator ORDER BY id')).map((row) => row[0] as string);
}

export async function loadIndicators(
  client: PoolClient,
  ids: readonly string[],
): Promise<Map<string, IndicatorRecord>> {
  const found = await rows(
    client,
    `SELECT id, code, unit, decimal_places, polarity, frequency, roll_up, cumulative_ytd, plausible_min::float8, plausible_max::float8, priority_id
       FROM indicator WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(
    found.map((r) => [
      r[0] as string,
      {
        id: r[0] as string,
        code: r[1] as string,
        unit: r[2] as IndicatorUnit,
        decimalPlaces: r[3] as number,
        polarity: r[4] as Polarity,
        frequency: r[5] as IndicatorRecord['frequency'],
        rollUp: r[6] as IndicatorRecord['rollUp'],
        cumulativeYtd: r[7] as boolean,
        plausibleMin: r[8] as number | null,
        plausibleMax: r[9] as number | null,
        priorityId: r[10] as string,
      },
    ]),
  );
}

/**
 * The whole authority's targets (area null) apply to the home authority and its districts and localities;
 * England is the benchmark for "worse than England" (GSS code E92000001, else the one country area).
 */
export async function loadAreas(client: PoolClient): Promise<Map<string, AreaRecord>> {
  const found = await rows(
    client,
    `SELECT id, (is_home OR kind IN ('district', 'locality')) AND NOT is_statistical_neighbour, kind = 'country', code = 'E92000001'
       FROM area ORDER BY (code = 'E92000001') DESC, code`,
  );
  let englandChosen = false;
  const areas = new Map<string, AreaRecord>();
  for (const r of found) {
    const isEngland = !englandChosen && (r[2] as boolean);
    if (isEngland) englandChosen = true;
    areas.set(r[0] as string, { id: r[0] as string, takesAuthorityTargets: r[1] as boolean, isEngland });
  }
  return areas;
}

/**
 * Current version and current owner of every target of the indicators; or, given a report's data cut,
 * exactly the versions it recorded.
 */
export async function loadTargets(
  client: PoolClient,
  indicatorIds: readonly string[],
  versionIds: readonly string[] | null = null,
): Promise<Map<string, TargetFacts[]>> {
  const found = await rows(
    client,
    `SELECT t.indicator_id, t.id, v.id, v.version, t.area_id, t.period_type, t.period_start::text, t.period_end::text,
            v.value::float8, v.range_low::float8, v.range_high::float8, v.tolerance_kind, v.tolerance_amount::float8,
            v.exceptional_kind, v.exceptional_amount::float8, o.group_id
       FROM target t
       JOIN (SELECT DISTINCT ON (target_id) * FROM target_version
              WHERE target_id IN (SELECT id FROM target WHERE indicator_id = ANY($1::uuid[]))
                AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))
              ORDER BY target_id, version DESC) v ON v.target_id = t.id
       JOIN target_ownership o ON o.target_id = t.id AND o.until_at IS NULL
      WHERE t.indicator_id = ANY($1::uuid[])
      ORDER BY t.indicator_id, t.id`,
    [indicatorIds, versionIds],
  );
  const byIndicator = new Map<string, TargetFacts[]>();
  for (const r of found) {
    const target: TargetFacts = {
      targetId: r[1] as string,
      versionId: r[2] as string,
      version: r[3] as number,
      areaId: r[4] as string | null,
      period: periodInfoOf(r[5] as string, r[6] as string, r[7] as string),
      value: r[8] as number | null,
      rangeLow: r[9] as number | null,
      rangeHigh: r[10] as number | null,
      tolerance: { kind: r[11] as Band['kind'], amount: r[12] as number },
      exceptional: { kind: r[13] as Band['kind'], amount: r[14] as number },
      owningGroupId: r[15] as string,
    };
    const list = byIndicator.get(r[0] as string);
    if (list) list.push(target);
    else byIndicator.set(r[0] as string, [target]);
  }
  return byIndicator;
}

/**
 * Current values grouped by indicator, then area, oldest first: one ordered scan of current_value's key.
 * Given a report's data cut (the returns that were current when it was requested), the values those
 * returns carried instead, so the report can be reproduced after later returns arrive.
 */
export async function loadValues(
  client: PoolClient,
  indicatorIds: readonly string[],
  areaIds: readonly string[] | null,
  returnIds: readonly string[] | null = null,
): Promise<Map<string, Map<string, ValuePoint[]>>> {
  const source = returnIds === null ? 'current_value' : 'return_value';
  const found = await rows(
    client,
    `SELECT cv.indicator_id, cv.area_id, cv.period_type, cv.period_start::text, cv.period_end::text,
            cv.value::float8, cv.numerator::float8, cv.denominator::float8, cv.status, cv.return_id, r.group_id
       FROM ${source} cv JOIN indicator_return r ON r.id = cv.return_id
      WHERE cv.indicator_id = ANY($1::uuid[]) AND ($2::uuid[] IS NULL OR cv.area_id = ANY($2::uuid[]))
        AND ($3::uuid[] IS NULL OR cv.return_id = ANY($3::uuid[]))
      ORDER BY cv.indicator_id, cv.area_id, cv.period_type, cv.period_start`,
    [indicatorIds, areaIds, returnIds],
  );
  const byIndicator = new Map<string, Map<string, ValuePoint[]>>();
  let indicatorId = '';
  let areaId = '';
  let byArea: Map<string, ValuePoint[]> | undefined;
  let points: ValuePoint[] = [];
  for (const r of found) {
    if (r[0] !== indicatorId) {
      indicatorId = r[0] as string;
      areaId = '';
      byArea = new Map();
      byIndicator.set(indicatorId, byArea);
    }
    if (r[1] !== areaId) {
      areaId = r[1] as string;
      points = [];
      byArea!.set(areaId, points);
    }
    points.push({
      period: periodInfoOf(r[2] as string, r[3] as string, r[4] as string),
      value: r[5] as number | null,
      numerator: r[6] as number | null,
      denominator: r[7] as number | null,
      status: r[8] as string,
      returnId: r[9] as string,
      returnGroupId: r[10] as string,
    });
  }
  return byIndicator;
}

export interface ComparatorData {
  /** England's value by indicator, then period key. */
  readonly benchmark: Map<string, Map<string, BenchmarkValue>>;
  /** Published 95% intervals by `indicator|area`, then period key. */
  readonly intervals: Map<string, Map<string, PublishedInterval>>;
  /** The region's value by indicator, then period key (empty unless a region was asked for). */
  readonly region: Map<string, Map<string, BenchmarkValue>>;
}

/**
 * Published comparator values (table comparator_value): England's, the region's when asked for, and any
 * interval published for our own areas.
 */
export async function loadComparators(
  client: PoolClient,
  indicatorIds: readonly string[],
  englandAreaId: string | null,
  ownAreaIds: readonly string[],
  regionAreaId: string | null = null,
): Promise<ComparatorData> {
  const benchmark = new Map<string, Map<string, BenchmarkValue>>();
  const intervals = new Map<string, Map<string, PublishedInterval>>();
  const region = new Map<string, Map<string, BenchmarkValue>>();
  if (!englandAreaId) return { benchmark, intervals, region };
  const found = await rows(
    client,
    `SELECT indicator_id, area_id, period_type, period_start::text, period_end::text, value::float8, lower_ci95::float8, upper_ci95::float8
       FROM comparator_value
      WHERE indicator_id = ANY($1::uuid[])
        AND (area_id = $2 OR area_id = $4 OR (area_id = ANY($3::uuid[]) AND lower_ci95 IS NOT NULL))`,
    [indicatorIds, englandAreaId, ownAreaIds, regionAreaId],
  );
  for (const r of found) {
    let key: string;
    try {
      key = periodInfoOf(r[2] as string, r[3] as string, r[4] as string).key;
    } catch {
      continue; // a published period that is not one of ours (e.g. an odd span) has no value to compare
    }
    if (r[1] === englandAreaId || r[1] === regionAreaId) {
      const byIndicator = r[1] === englandAreaId ? benchmark : region;
      let map = byIndicator.get(r[0] as string);
      if (!map) byIndicator.set(r[0] as string, (map = new Map()));
      map.set(key, { value: r[5] as number | null });
    } else {
      const id = `${r[0]}|${r[1]}`;
      let map = intervals.get(id);
      if (!map) intervals.set(id, (map = new Map()));
      map.set(key, { value: r[5] as number | null, lower: r[6] as number | null, upper: r[7] as number | null });
    }
  }
  return { benchmark, intervals, region };
}

export async function hasTable(client: PoolClient, table: string): Promise<boolean> {
  const [row] = await rows(client, 'SELECT to_regclass($1) IS NOT NULL', [table]);
  return row![0] as boolean;
}

/** Current ownerships, for the returns each group owes. */
export async function loadOwnedTargets(client: PoolClient, groupIds: readonly string[] | null): Promise<OwnedTarget[]> {
  const found = await rows(
    client,
    `SELECT o.group_id, g.name, g.returns_due_working_days, i.code, i.frequency, t.period_type, t.period_start::text, t.period_end::text
       FROM target t
       JOIN target_ownership o ON o.target_id = t.id AND o.until_at IS NULL
       JOIN partnership_group g ON g.id = o.group_id
       JOIN indicator i ON i.id = t.indicator_id
      WHERE $1::uuid[] IS NULL OR o.group_id = ANY($1::uuid[])`,
    [groupIds],
  );
  return found.map((r) => ({
    groupId: r[0] as string,
    groupName: r[1] as string,
    returnsDueWorkingDays: r[2] as number,
    indicatorCode: r[3] as string,
    frequency: r[4] as OwnedTarget['frequency'],
    targetPeriod: periodInfoOf(r[5] as string, r[6] as string, r[7] as string).period,
  }));
}

/** The first accepted return of each group and period. */
export async function loadReceivedReturns(
  client: PoolClient,
  groupIds: readonly string[] | null,
): Promise<Map<string, ReceivedReturn>> {
  const found = await rows(
    client,
    `SELECT DISTINCT ON (group_id, period_type, period_start) group_id, period_type, period_start::text, period_end::text, id, received_at
       FROM indicator_return
      WHERE outcome = 'accepted' AND ($1::uuid[] IS NULL OR group_id = ANY($1::uuid[]))
      ORDER BY group_id, period_type, period_start, received_at`,
    [groupIds],
  );
  const received = new Map<string, ReceivedReturn>();
  for (const r of found) {
    let key: string;
    try {
      key = periodInfoOf(r[1] as string, r[2] as string, r[3] as string).key;
    } catch {
      continue;
    }
    received.set(receivedKey(r[0] as string, key), { returnId: r[4] as string, receivedOn: londonDate(r[5] as Date) });
  }
  return received;
}

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
