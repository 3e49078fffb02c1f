import { Injectable, Logger } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { systemActor } from '../access/index.js';
import { AuditService } from '../audit/index.js';
import { Clock } from '../common/index.js';
import { rawClient } from '../database/index.js';
import { dateInEngland, parsePeriodKey } from '../periods/index.js';
import {
  loadAreas,
  loadComparators,
  loadGroupIds,
  loadIndicatorIds,
  loadIndicators,
  loadOwnedTargets,
  loadReceivedReturns,
  loadTargets,
  loadValues,
  periodInfoOf,
  SeriesEvaluation,
  TargetBook,
  type AreaRecord,
  type ExceptionKind,
  type RaisedException,
} from '../series/index.js';
import {
  lockSubjects,
  mergeExceptions,
  recordEvaluated,
  type ExistingException,
  type MergeCounts,
} from './exception-store.js';
import { ExceptionsError, ExceptionsErrorCode } from './exceptions.error.js';
import { resolutionNote } from './resolution-notes.js';
import {
  evaluateReturns,
  expectedReturns,
  receivedKey,
  returnResolutionNote,
  type ReceivedReturn,
  type ReturnExpectation,
} from './returns-deadlines.js';

/** What to re-evaluate. Omitted indicatorIds/groupIds mean none; `rebuild` evaluates everything. */
export interface EvaluationScope {
  readonly indicatorIds: readonly string[];
  readonly areaIds?: readonly string[] | null;
  /** Per-period verdicts only from this period on (a period key such as 2024-25-Q2). */
  readonly period?: string | null;
  /** Groups whose owed returns are re-checked; null checks every group. */
  readonly groupIds?: readonly string[] | null;
  readonly checkReturns?: boolean;
}

export interface EvaluationSummary extends MergeCounts {
  readonly indicators: number;
  readonly values: number;
  readonly exceptionsRaisedNow: number;
  readonly batches: number;
  readonly seconds: number;
  /** Seconds spent reading, evaluating and writing, summed over batches (which overlap). */
  readonly timings: { load: number; evaluate: number; write: number };
}

/** How an evaluation is split; the defaults suit a 2-core machine. */
export interface EvaluationTuning {
  readonly indicatorsPerBatch?: number;
  readonly batchesInFlight?: number;
}

interface BatchOutcome extends MergeCounts {
  values: number;
  exceptionsRaisedNow: number;
  load: number;
  evaluate: number;
  write: number;
}

/** Most indicators per transaction: about 50,000 values at 150 areas × 13 quarters, a few MB in memory. */
export const INDICATORS_PER_BATCH = 25;
/**
 * A small evaluation is still split, one batch per runner, so one batch's reads and writes overlap the
 * other's evaluation; smaller batches only add statements (measured with bench/exceptions.bench.ts).
 */
const MIN_INDICATORS_PER_BATCH = 4;
/** Batches in flight: one evaluating in JavaScript while the other reads or writes in PostgreSQL. */
const BATCHES_IN_FLIGHT = 2;
/** About 10 ms of evaluation between yields to the event loop. */
const SERIES_BETWEEN_YIELDS = 200;

const ACTOR_LABEL = 'exception evaluation';

/**
 * The exception engine (SPEC 4): loads series in bulk, evaluates them in memory with the pure rules of
 * libs/evaluation, and merges the outcome set-based. Each batch of indicators is one transaction holding
 * advisory locks on its indicators, so concurrent evaluations of the same indicators queue rather than race.
 */
@Injectable()
export class ExceptionEvaluator {
  private readonly logger = new Logger(ExceptionEvaluator.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Every indicator, area, period and owed return. */
  async rebuild(): Promise<EvaluationSummary> {
    const indicatorIds = await this.withClient((client) => loadIndicatorIds(client));
    return this.evaluate({ indicatorIds, groupIds: null, checkReturns: true }, 'rebuild');
  }

  async evaluate(scope: EvaluationScope, cause = 'change', tuning: EvaluationTuning = {}): Promise<EvaluationSummary> {
    const started = performance.now();
    const fromPeriodStart = scope.period ? periodStartOf(scope.period) : null;
    const at = this.clock.now();
    const ids = [...new Set(scope.indicatorIds)];
    const batches: string[][] = [];
    const inFlight = tuning.batchesInFlight ?? BATCHES_IN_FLIGHT;
    const size =
      tuning.indicatorsPerBatch ??
      Math.max(MIN_INDICATORS_PER_BATCH, Math.min(INDICATORS_PER_BATCH, Math.ceil(ids.length / inFlight)));
    for (let i = 0; i < ids.length; i += size) batches.push(ids.slice(i, i + size));
    const totals: BatchOutcome = {
      raised: 0,
      reopened: 0,
      updated: 0,
      carriedForward: 0,
      closedAutomatically: 0,
      values: 0,
      exceptionsRaisedNow: 0,
      load: 0,
      evaluate: 0,
      write: 0,
    };
    const add = (outcome: BatchOutcome): void => {
      for (const key of Object.keys(totals) as (keyof BatchOutcome)[]) totals[key] += outcome[key];
    };

    const shared = await this.withClient(async (client) => ({
      areas: await loadAreas(client),
      exceptionRows: await estimatedRows(client),
    }));
    let next = 0;
    const runner = async (): Promise<void> => {
      while (next < batches.length) {
        const batch = batches[next++]!;
        const outcome = await this.inTransaction((client, manager) =>
          this.evaluateBatch(client, manager, batch, scope, fromPeriodStart, shared, at, cause),
        );
        add(outcome);
        await this.keepStatisticsFresh(shared, outcome.raised);
      }
    };
    await Promise.all(Array.from({ length: Math.min(inFlight, batches.length) }, runner));

    if (scope.checkReturns || (scope.groupIds && scope.groupIds.length > 0)) {
      add(
        await this.inTransaction((client, manager) =>
          this.evaluateReturnsIn(client, manager, scope.groupIds ?? null, at, cause),
        ),
      );
    }
    const { load, evaluate, write, ...counts } = totals;
    const summary: EvaluationSummary = {
      ...counts,
      indicators: ids.length,
      batches: batches.length,
      seconds: (performance.now() - started) / 1000,
      timings: { load: load / 1000, evaluate: evaluate / 1000, write: write / 1000 },
    };
    this.logger.log(
      `Evaluated ${summary.indicators} indicators (${summary.values} values) for ${cause} in ${summary.seconds.toFixed(2)} s: ` +
        `${summary.exceptionsRaisedNow} exceptions hold, ${summary.raised} raised, ${summary.reopened} reopened, ` +
        `${summary.carriedForward} carried forward, ${summary.closedAutomatically} closed automatically`,
    );
    return summary;
  }

  private async evaluateBatch(
    client: PoolClient,
    manager: EntityManager,
    indicatorIds: string[],
    scope: EvaluationScope,
    fromPeriodStart: string | null,
    shared: { areas: Map<string, AreaRecord> },
    at: Date,
    cause: string,
  ): Promise<BatchOutcome> {
    const t0 = performance.now();
    await tuneForBatch(client);
    await lockSubjects(
      client,
      indicatorIds.map((id) => `indicator:${id}`),
    );
    const areaIds = scope.areaIds && scope.areaIds.length > 0 ? [...scope.areaIds] : null;
    const [indicators, targets, values] = [
      await loadIndicators(client, indicatorIds),
      await loadTargets(client, indicatorIds),
      await loadValues(client, indicatorIds, areaIds),
    ];
    const england = [...shared.areas.values()].find((area) => area.isEngland)?.id ?? null;
    const ownAreas = [...shared.areas.values()].filter((area) => area.takesAuthorityTargets).map((area) => area.id);
    const comparators = await loadComparators(client, indicatorIds, england, ownAreas);

    const t1 = performance.now();
    const raised: RaisedException[] = [];
    const evaluations = new Map<string, SeriesEvaluation>();
    let valueCount = 0;
    let seriesCount = 0;
    for (const [indicatorId, byArea] of values) {
      const indicator = indicators.get(indicatorId);
      if (!indicator) continue;
      const book = new TargetBook(targets.get(indicatorId) ?? []);
      const benchmark = comparators.benchmark.get(indicatorId);
      for (const [areaId, points] of byArea) {
        valueCount += points.length;
        // Hands the event loop back now and then, so the other batch's reads and writes go on meanwhile.
        if (++seriesCount % SERIES_BETWEEN_YIELDS === 0) await new Promise((resolve) => setImmediate(resolve));
        const evaluation = new SeriesEvaluation({
          indicator,
          areaId,
          takesAuthorityTargets: shared.areas.get(areaId)?.takesAuthorityTargets ?? false,
          points,
          targets: book,
          benchmark,
          benchmarkName: 'England',
          publishedIntervals: comparators.intervals.get(`${indicatorId}|${areaId}`),
          fromPeriodStart,
        });
        evaluations.set(`${indicatorId}|${areaId}`, evaluation);
        for (const exception of evaluation.evaluate()) raised.push(exception);
      }
    }

    const t2 = performance.now();
    const counts = await mergeExceptions(
      client,
      raised,
      { kind: 'indicators', indicatorIds, areaIds, fromPeriodStart },
      at,
      ACTOR_LABEL,
      (closing) => notesFor(closing, (e) => evaluations.get(`${e.indicatorId}|${e.areaId}`) ?? null),
    );
    await recordEvaluated(
      client,
      indicatorIds.map((id) => `indicator:${id}`),
      at,
      cause,
    );
    await this.recordChanges(manager, counts, { cause, indicators: indicatorIds.length });
    return {
      ...counts,
      values: valueCount,
      exceptionsRaisedNow: raised.length,
      load: t1 - t0,
      evaluate: t2 - t1,
      write: performance.now() - t2,
    };
  }

  private async evaluateReturnsIn(
    client: PoolClient,
    manager: EntityManager,
    groupIds: readonly string[] | null,
    at: Date,
    cause: string,
  ): Promise<BatchOutcome> {
    const t0 = performance.now();
    await lockSubjects(client, ['returns']);
    const expectations = expectedReturns(await loadOwnedTargets(client, groupIds));
    const received = new Map<string, ReceivedReturn>();
    for (const row of await loadReceivedReturns(client, groupIds)) {
      received.set(receivedKey(row.groupId, row.period.key), {
        returnId: row.returnId,
        receivedOn: dateInEngland(row.receivedAt),
      });
    }
    const raised = evaluateReturns(expectations, received, dateInEngland(at));
    const byKey = new Map<string, ReturnExpectation>(
      expectations.map((e) => [receivedKey(e.groupId, e.period.key), e]),
    );
    const counts = await mergeExceptions(client, raised, { kind: 'returns', groupIds }, at, ACTOR_LABEL, (closing) => {
      const notes = new Map<string, string>();
      for (const e of closing) {
        const key = receivedKey(e.owningGroupId ?? '', periodInfoOf(e.periodType, e.periodStart, e.periodEnd).key);
        notes.set(
          e.id,
          returnResolutionNote(e.kind as 'missing_return' | 'late_return', byKey.get(key), received.get(key)),
        );
      }
      return notes;
    });
    const groups = groupIds ?? (await loadGroupIds(client));
    await recordEvaluated(
      client,
      groups.map((id) => `returns:${id}`),
      at,
      cause,
    );
    await this.recordChanges(manager, counts, { cause, returnsOf: groupIds ?? 'all groups' });
    return {
      ...counts,
      values: 0,
      exceptionsRaisedNow: raised.length,
      load: 0,
      evaluate: 0,
      write: performance.now() - t0,
    };
  }

  /**
   * A first rebuild grows the exception table from nothing within a minute, faster than autovacuum
   * re-analyses it; planning later batches on stale statistics (an "empty" table) can pick a nested loop
   * over a sequential scan that takes minutes. So analyse whenever a batch added a fifth or more.
   */
  private async keepStatisticsFresh(shared: { exceptionRows: number }, added: number): Promise<void> {
    if (added < 1000 || added < shared.exceptionRows / 5) return;
    shared.exceptionRows += added;
    await this.withClient(async (client) => {
      // The columns the merge's plans depend on; the reasons would make it several times slower.
      await client.query(
        'ANALYZE exception (subject_key, indicator_id, area_id, kind, status, closure, holds, owning_group_id, period_start)',
      );
      shared.exceptionRows = await estimatedRows(client);
    });
  }

  /** One audit event per batch that changed an exception's status; a re-run that changes nothing records nothing. */
  private async recordChanges(
    manager: EntityManager,
    counts: MergeCounts,
    scope: Record<string, unknown>,
  ): Promise<void> {
    const { raised, reopened, carriedForward, closedAutomatically } = counts;
    if (raised + reopened + carriedForward + closedAutomatically === 0) return;
    await this.audit.record(manager, systemActor(ACTOR_LABEL), {
      action: 'evaluate',
      entityType: 'exceptions',
      entityId: String(scope['cause']),
      after: { ...scope, raised, reopened, carriedForward, closedAutomatically },
    });
  }

  private async inTransaction<R>(work: (client: PoolClient, manager: EntityManager) => Promise<R>): Promise<R> {
    return this.dataSource.transaction((manager) => work(rawClient(manager), manager));
  }

  private async withClient<R>(work: (client: PoolClient) => Promise<R>): Promise<R> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      return await work(rawClient(runner.manager));
    } finally {
      await runner.release();
    }
  }
}

/**
 * A batch's reads are small and already run alongside the other batch, so parallel workers only add start-up
 * cost. Exceptions are derived data that the nightly rebuild re-creates, so a batch need not wait for its
 * commit to reach the disk (a crash loses at most the last moment's evaluation, never consistency).
 */
async function tuneForBatch(client: PoolClient): Promise<void> {
  await client.query('SET LOCAL max_parallel_workers_per_gather = 0');
  await client.query('SET LOCAL synchronous_commit = off');
}

async function estimatedRows(client: PoolClient): Promise<number> {
  const result = await client.query(
    `SELECT greatest(reltuples, 0)::float8 AS rows FROM pg_class WHERE oid = 'exception'::regclass`,
  );
  return (result.rows[0] as { rows: number }).rows;
}

function periodStartOf(key: string): string {
  const parsed = parsePeriodKey(key);
  if (!parsed.ok) throw new ExceptionsError(ExceptionsErrorCode.InvalidScope, parsed.message);
  return parsed.period.start;
}

export function notesFor(
  closing: readonly ExistingException[],
  evaluationOf: (exception: ExistingException) => SeriesEvaluation | null,
): Map<string, string> {
  const notes = new Map<string, string>();
  for (const e of closing) {
    const period = periodInfoOf(e.periodType, e.periodStart, e.periodEnd);
    notes.set(
      e.id,
      resolutionNote(
        {
          kind: e.kind as ExceptionKind,
          periodType: e.periodType,
          periodKey: period.key,
          periodLabel: period.label,
          returnId: e.returnId,
        },
        evaluationOf(e),
      ),
    );
  }
  return notes;
}
