import type { PoolClient } from 'pg';
import { queryRows } from '../database/index.js';
import type { Band, IndicatorUnit, Polarity } from '../evaluation/index.js';
import type { Period } from '../periods/index.js';
import type { TargetFacts } from './applicable-target.js';
import type { ExceptionKind, ExceptionStatus } from './exception-kinds.js';
import { periodInfoOf, type PeriodInfo } from './period-info.js';
import type { BenchmarkValue, IndicatorFacts, PublishedInterval, ValuePoint } from './series-evaluation.js';

/**
 * The read model's SQL: the one place outside a table's owning library that reads it (README, "Who owns
 * which tables"). Bulk reads of everything a batch of indicators needs, one query per kind of data,
 * ordered, on one raw connection (inside the caller's transaction when there is one). The exceptions
 * engine, the reports and the scorecard API read figures through these functions and nothing else.
 */

const rows = queryRows;

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

/** A current target ownership: its group owes a return for each of the indicator's periods in the target's period. */
export interface OwnedTarget {
  readonly groupId: string;
  readonly groupName: string;
  readonly returnsDueWorkingDays: number;
  readonly indicatorCode: string;
  readonly frequency: 'monthly' | 'quarterly' | 'annual' | 'academic_year';
  readonly targetPeriod: Period;
}

/** The first accepted return a group sent for a period. */
export interface ReceivedReturnRow {
  readonly groupId: string;
  readonly period: PeriodInfo;
  readonly returnId: string;
  readonly receivedAt: Date;
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

/** The first accepted return of each group and period (table indicator_return). */
export async function loadReceivedReturns(
  client: PoolClient,
  groupIds: readonly string[] | null,
): Promise<ReceivedReturnRow[]> {
  const found = await rows(
    client,
    `SELECT DISTINCT ON (group_id, period_type, period_start) group_id, period_type, period_start::text, period_end::text, id, received_at
       FROM indicator_return
      WHERE outcome = 'accepted' AND ($1::uuid[] IS NULL OR group_id = ANY($1::uuid[]))
      ORDER BY group_id, period_type, period_start, received_at`,
    [groupIds],
  );
  const received: ReceivedReturnRow[] = [];
  for (const r of found) {
    let period: PeriodInfo;
    try {
      period = periodInfoOf(r[1] as string, r[2] as string, r[3] as string);
    } catch {
      continue;
    }
    received.push({ groupId: r[0] as string, period, returnId: r[4] as string, receivedAt: r[5] as Date });
  }
  return received;
}

/** Every group's id (table partnership_group). */
export async function loadGroupIds(client: PoolClient): Promise<string[]> {
  return (await rows(client, 'SELECT id FROM partnership_group ORDER BY id')).map((row) => row[0] as string);
}

/** The catalogue facts a scorecard needs beside the figures: names, order, the home area and its region. */
export interface CatalogueFacts {
  readonly indicators: Map<string, IndicatorRecord & { title: string }>;
  readonly priorities: { id: string; code: string; title: string; accountableMember: string }[];
  readonly groupNames: Map<string, string>;
  readonly groupCodes: Map<string, string>;
  readonly areas: Map<string, AreaRecord>;
  readonly areaNames: Map<string, { code: string; name: string }>;
  readonly homeAreaId: string | null;
  readonly englandAreaId: string | null;
  /** The region the home authority is in (its parent code), when the catalogue holds it. */
  readonly region: { readonly id: string; readonly name: string } | null;
  readonly planStart: string | null;
}

export async function loadCatalogueFacts(client: PoolClient): Promise<CatalogueFacts> {
  const priorities = await client.query(
    `SELECT p.id, p.code, p.title, p.accountable_member, pl.start_year
       FROM priority p JOIN plan pl ON pl.id = p.plan_id ORDER BY pl.start_year DESC, p.display_order, p.code`,
  );
  const indicatorRows = await client.query(`SELECT id, title FROM indicator`);
  const records = await loadIndicators(
    client,
    indicatorRows.rows.map((row: { id: string }) => row.id),
  );
  const titles = new Map(indicatorRows.rows.map((row: { id: string; title: string }) => [row.id, row.title]));
  const groups = await client.query(`SELECT id, code, name FROM partnership_group`);
  const areas = await loadAreas(client);
  const areaRows = await client.query(`SELECT id, code, name, is_home FROM area`);
  const region = await client.query(
    `SELECT r.id, r.name FROM area h JOIN area r ON r.code = h.parent_code AND r.kind = 'region' WHERE h.is_home LIMIT 1`,
  );
  const firstPlanYear = priorities.rows[0]?.start_year as number | undefined;
  type AreaRow = { id: string; code: string; name: string; is_home: boolean };
  return {
    indicators: new Map([...records].map(([id, record]) => [id, { ...record, title: titles.get(id) ?? record.code }])),
    priorities: priorities.rows.map((row) => ({
      id: row.id,
      code: row.code,
      title: row.title,
      accountableMember: row.accountable_member,
    })),
    groupNames: new Map(groups.rows.map((row: { id: string; name: string }) => [row.id, row.name])),
    groupCodes: new Map(groups.rows.map((row: { id: string; code: string }) => [row.id, row.code])),
    areas,
    areaNames: new Map(areaRows.rows.map((row: AreaRow) => [row.id, { code: row.code, name: row.name }])),
    homeAreaId: (areaRows.rows as AreaRow[]).find((row) => row.is_home)?.id ?? null,
    englandAreaId: [...areas.values()].find((area) => area.isEngland)?.id ?? null,
    region: (region.rows[0] as { id: string; name: string } | undefined) ?? null,
    planStart: firstPlanYear === undefined ? null : `${firstPlanYear}-04-01`,
  };
}

/**
 * A report's data cut: every accepted, current return up to the end of the period, the current version of
 * every target, and the comparator imports whose values stand now.
 */
export async function loadDataCut(
  client: PoolClient,
  periodEnd: string,
): Promise<{ returnIds: string[]; targetVersionIds: string[]; comparatorImportIds: string[] }> {
  const ids = async (text: string, values: unknown[] = []) =>
    (await rows(client, text, values)).map((row) => row[0] as string);
  return {
    returnIds: await ids(
      `SELECT id FROM indicator_return
        WHERE outcome = 'accepted' AND superseded_at IS NULL AND period_end <= $1 ORDER BY id`,
      [periodEnd],
    ),
    targetVersionIds: await ids(
      `SELECT id FROM (SELECT DISTINCT ON (target_id) id FROM target_version ORDER BY target_id, version DESC) v ORDER BY id`,
    ),
    comparatorImportIds: await ids(`SELECT DISTINCT import_id AS id FROM comparator_value ORDER BY id`),
  };
}

/** The longest returns deadline of the groups that own a target (10 working days when none does). */
export async function loadLongestReturnsDeadline(client: PoolClient): Promise<number> {
  const [row] = await rows(
    client,
    `SELECT coalesce(max(g.returns_due_working_days), 10)::int
       FROM partnership_group g WHERE EXISTS (SELECT 1 FROM target_ownership o WHERE o.group_id = g.id AND o.until_at IS NULL)`,
  );
  return row![0] as number;
}

/** The indicator and area a target is set for (table target). */
export async function loadTargetSubject(
  client: PoolClient,
  targetId: string,
): Promise<{ indicatorId: string; areaId: string | null } | null> {
  const [row] = await rows(client, `SELECT indicator_id, area_id FROM target WHERE id = $1`, [targetId]);
  return row ? { indicatorId: row[0] as string, areaId: row[1] as string | null } : null;
}

/** A group's id from its id or its code (any case), as uploads and requests name it; null when none. */
export async function findGroupId(client: PoolClient, reference: string): Promise<string | null> {
  const [row] = await rows(
    client,
    `SELECT id FROM partnership_group WHERE id::text = $1 OR lower(code) = lower($1) ORDER BY (id::text = $1) DESC LIMIT 1`,
    [reference],
  );
  return (row?.[0] as string | undefined) ?? null;
}

/**
 * Two stamps, in one cheap statement over small tables (or their indexes), so a reader can keep what it
 * worked out until they change. `figures` changes whenever any figure a scorecard shows could change: a
 * return accepted or superseded, a target version or owner, a comparator import, a catalogue edit.
 * `exceptions` changes whenever an exception could have: every raise, close, reopen and lifecycle step
 * writes exception_history, and every evaluation (which may refresh a summary) exception_evaluation.
 */
export async function loadStamps(client: PoolClient): Promise<{ figures: string; exceptions: string }> {
  const [row] = await rows(
    client,
    `SELECT concat_ws('|',
       (SELECT count(*) || '@' || coalesce(max(received_at)::text, '') || '@' || count(superseded_at) FROM indicator_return),
       (SELECT count(*) || '@' || coalesce(max(created_at)::text, '') FROM target_version),
       (SELECT count(*) || '@' || coalesce(max(from_at)::text, '') || '@' || count(until_at) FROM target_ownership),
       (SELECT count(*) || '@' || coalesce(max(imported_at)::text, '') FROM comparator_import),
       (SELECT count(*) || '@' || coalesce(max(updated_at)::text, '') FROM indicator),
       (SELECT count(*) || '@' || coalesce(max(updated_at)::text, '') FROM area),
       (SELECT count(*) || '@' || coalesce(max(updated_at)::text, '') FROM partnership_group),
       (SELECT count(*) || '@' || coalesce(max(updated_at)::text, '') FROM priority),
       (SELECT count(*) || '@' || coalesce(max(updated_at)::text, '') FROM plan),
       (SELECT count(*) FROM target)),
     concat_ws('|', (SELECT max(id) FROM exception_history), (SELECT max(evaluated_at)::text FROM exception_evaluation))`,
  );
  return { figures: row![0] as string, exceptions: row![1] as string };
}

export interface OpenExceptionRow {
  readonly id: string;
  readonly indicatorId: string;
  readonly kind: ExceptionKind;
  readonly positive: boolean;
  readonly status: ExceptionStatus;
  readonly period: PeriodInfo;
  readonly summary: string;
}

/** The exceptions not yet closed for the indicators in one area, up to a period's end (table exception). */
export async function loadOpenExceptions(
  client: PoolClient,
  areaId: string,
  indicatorIds: readonly string[],
  periodEnd: string,
): Promise<OpenExceptionRow[]> {
  const found = await rows(
    client,
    `SELECT id, indicator_id, kind, positive, status, period_type, period_start::text, period_end::text, summary
       FROM exception
      WHERE indicator_id = ANY($1::uuid[]) AND area_id = $2 AND status <> 'closed' AND period_end <= $3
      ORDER BY period_start DESC, kind, id`,
    [indicatorIds, areaId, periodEnd],
  );
  return found.map((r) => ({
    id: r[0] as string,
    indicatorId: r[1] as string,
    kind: r[2] as ExceptionKind,
    positive: r[3] as boolean,
    status: r[4] as ExceptionStatus,
    period: periodInfoOf(r[5] as string, r[6] as string, r[7] as string),
    summary: r[8] as string,
  }));
}
