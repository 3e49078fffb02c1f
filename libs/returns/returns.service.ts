import { createHash } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  type Actor,
  disclosureFor,
  mayActForGroup,
  type PersonKind,
  personFor,
  SYSTEM_ACTOR,
} from '../access/index.js';
import {
  CatalogueService,
  PeriodLockService,
  TargetsService,
  type Area,
  type Group,
  type Indicator,
} from '../catalogue/index.js';
import { Clock, pageOf, skipFor, type Page, type PageRequest } from '../common/index.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import {
  dateInEngland,
  formatPeriod,
  parsePeriod,
  periodKey,
  previousPeriod,
  returnsDeadline,
  type Period,
} from '../periods/index.js';
import { JobName, QueueService } from '../queue/index.js';
import { inspectUpload, uploadLimits, type UploadKind, type UploadLimits } from '../spreadsheets/index.js';
import { buildAnnotatedWorkbook } from './annotated-workbook.js';
import { readReturnFile, type ReadProgress, type ReturnFileRead } from './return-reader.js';
import {
  ownersForPeriod,
  referenceTarget,
  returnState,
  type OwnedTarget,
  type ReturnState,
} from './return-ownership.js';
import type { AreaRef, IndicatorRule, ReturnContext, ReturnProblem } from './return-validation.js';
import type { ReturnRow } from './returns-store.js';
import { ReturnsError, ReturnsErrorCode } from './returns.error.js';
import { ReturnsStore } from './returns-store.js';
import { buildReturnsTemplate, type TemplateRow } from './returns-template.js';

export interface SubmitReturnCommand {
  readonly content: Buffer;
  readonly fileName: string;
  readonly groupId: string;
  readonly period: Period;
  /** When it was uploaded (a queued upload's); by default when `submit` starts. */
  readonly receivedAt?: Date;
}

/** A queued upload: its job id, and whether the queue took it now (false: Redis away, it is sent later). */
export interface QueuedUpload {
  readonly jobId: string;
  readonly onQueue: boolean;
}

export type ReturnOutcome =
  | { outcome: 'accepted'; returnId: string; rowCount: number; supersededReturnId: string | null }
  | { outcome: 'already_received'; returnId: string; rowCount: number }
  /** The group requires sign-off: kept, and counted once a second person of the group signs it off. */
  | { outcome: 'awaiting_sign_off'; returnId: string; rowCount: number }
  | { outcome: 'rejected'; returnId: string; problemCount: number; problems: { location: string; message: string }[] };

export interface ReturnSummary {
  id: string;
  groupId: string;
  groupCode: string;
  period: Period & { label: string };
  fileName: string;
  sha256: string;
  byteSize: number;
  source: string;
  submittedBy: string;
  receivedAt: string;
  outcome: 'accepted' | 'rejected' | 'awaiting_sign_off' | 'sent_back';
  rowCount: number;
  problemCount: number;
  current: boolean;
  supersededAt: string | null;
  supersededBy: string | null;
}

export interface CurrentValue {
  indicatorId: string;
  indicatorCode: string;
  areaId: string;
  areaCode: string;
  period: Period & { label: string };
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  status: string;
  suppressionMarker: string | null;
  /** The group's note on the value, for readers who see the group's commentary (libs/access/disclosure.ts). */
  commentary: string | null;
  /** There is a note this reader may not see. */
  commentaryHeld: boolean;
  returnId: string;
  updatedAt: string;
}

export interface GroupReturnStatus {
  groupId: string;
  groupCode: string;
  groupName: string;
  deadline: string;
  state: ReturnState;
  indicatorCodes: string[];
  returnId: string | null;
  firstReceivedAt: string | null;
  /** Owned indicators the current return carries no value for. */
  indicatorsWithoutValues: string[];
  /** The current return was signed off by a second person (groups that require sign-off). */
  signedOff: boolean;
  /** A return waiting for sign-off, which does not count yet. */
  awaitingSignOff: { returnId: string; receivedAt: string } | null;
}

const ALL = { page: 1, pageSize: 100_000 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const num = (value: string | null): number | null => (value === null ? null : Number(value));

/**
 * Returns end to end: the template a group fills, the check and storage of what it sends (accepted
 * whole or rejected whole), the history, current values and where each group stands on its deadline.
 */
@Injectable()
export class ReturnsService {
  readonly limits: UploadLimits;
  readonly asyncThresholdBytes: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: ReturnsStore,
    private readonly catalogue: CatalogueService,
    private readonly targets: TargetsService,
    private readonly clock: Clock,
    private readonly locks: PeriodLockService,
    @Inject(APP_CONFIG) config: AppConfig,
    // Absent only in contexts without a queue (the demo seed script), which never queue an upload.
    @Optional() private readonly queues?: QueueService,
  ) {
    this.limits = uploadLimits({ maxBytes: config.uploadMaxBytes });
    this.asyncThresholdBytes = config.returnsAsyncThresholdBytes;
  }

  // ---- references -----------------------------------------------------------------------------

  async resolveGroup(reference: string | undefined): Promise<Group> {
    if (!reference)
      throw new ReturnsError(ReturnsErrorCode.InvalidRequest, "Say which group: 'group' is a group id or code.");
    if (UUID.test(reference)) {
      return this.catalogue.getGroup(reference).catch(() => {
        throw ReturnsError.notFound('group', reference);
      });
    }
    const { items } = await this.catalogue.listGroups({}, reference, ALL);
    const group = items.find((g) => g.code.toLowerCase() === reference.toLowerCase());
    if (!group) throw ReturnsError.notFound('group', reference);
    return group;
  }

  parsePeriod(label: string | undefined): Period {
    if (!label) throw new ReturnsError(ReturnsErrorCode.InvalidRequest, "Say which period, e.g. 'period=2024-25 Q2'.");
    const parsed = parsePeriod(label);
    if (!parsed.ok) throw new ReturnsError(ReturnsErrorCode.InvalidRequest, `${parsed.message}.`);
    return parsed.period;
  }

  /** Admins submit for any group; data officers and API tokens only for their own. */
  assertMaySubmit(actor: Actor, group: Pick<Group, 'id' | 'code'>): void {
    if (!mayActForGroup(actor, group.id)) {
      throw new ReturnsError(
        ReturnsErrorCode.Forbidden,
        `You may submit returns only for your own groups, not for ${group.code}.`,
      );
    }
  }

  // ---- template ---------------------------------------------------------------------------------

  async template(group: Group, period: Period, actor: Actor): Promise<{ fileName: string; content: Buffer }> {
    this.assertMaySubmit(actor, group);
    const { context, indicators, targets, districts } = await this.loadContext(group, period);
    const owned = indicators.filter((i) => context.ownedIndicatorIds.has(i.id));
    const areaRows = (indicator: Indicator): AreaRef[] =>
      indicator.reportedByArea ? [context.homeArea, ...districts] : [context.homeArea];
    const previous = await this.previousValues(
      owned.map((i) => i.id),
      previousPeriod(period),
    );
    const rows: TemplateRow[] = owned.flatMap((indicator) =>
      areaRows(indicator).map((area) => {
        const target = referenceTarget(targets, indicator.id, area.id, period);
        const before = previous.get(`${indicator.id}|${area.id}`);
        return {
          indicatorCode: indicator.code,
          indicatorTitle: indicator.title,
          areaCode: area.code,
          areaName: area.name,
          unit: indicator.unit,
          decimalPlaces: indicator.decimalPlaces,
          previousValue: before ?? null,
          target: target ? (target.value ?? `${target.rangeLow}–${target.rangeHigh}`) : null,
        };
      }),
    );
    const content = await buildReturnsTemplate({
      groupCode: group.code,
      groupName: group.name,
      period,
      deadline: returnsDeadline(period, group.returnsDueWorkingDays),
      rows,
    });
    return { fileName: `return-${group.code}-${periodKey(period)}.xlsx`, content };
  }

  // ---- upload -----------------------------------------------------------------------------------

  /**
   * Checks an upload before it is read (size, type, zip bomb, sheets) and says how to read it.
   * Throws SpreadsheetError for a file that cannot be read at all: nothing is recorded for those.
   */
  inspect(content: Buffer, fileName: string): Promise<UploadKind> {
    return inspectUpload(content, fileName, this.limits);
  }

  sha256(content: Buffer): string {
    return createHash('sha256').update(content).digest('hex');
  }

  /**
   * Keeps the bytes (the worker shares only the database with the API) and records the work to check them
   * in one transaction, received now; the job goes to the returns queue once that commits. Nothing is lost
   * while Redis is away: the work stays recorded as queued and the worker's reconciler sends it later.
   */
  async queueUpload(command: Omit<SubmitReturnCommand, 'receivedAt'>, actor: Actor): Promise<QueuedUpload> {
    const queues = this.queues;
    if (!queues) throw new Error('Queueing an upload needs the job queue; this context has none.');
    await this.assertOpenFor(command.period, actor);
    const sha256 = this.sha256(command.content);
    const { jobId, sent } = await this.dataSource.transaction(async (manager) => {
      await this.store.saveUpload(manager, { sha256, fileName: command.fileName, content: command.content });
      return queues.enqueueAfterCommit(manager, JobName.ProcessReturn, {
        groupId: command.groupId,
        period: command.period,
        sha256,
        fileName: command.fileName,
        actor,
        receivedAt: this.clock.now().toISOString(),
      });
    });
    return { jobId, onQueue: await sent };
  }

  async loadUpload(sha256: string): Promise<{ fileName: string; content: Buffer }> {
    const upload = await this.store.loadUpload(sha256);
    if (!upload) throw ReturnsError.notFound('upload', sha256);
    return upload;
  }

  /**
   * The one path every upload takes, direct or queued: inspect, validate every row, then accept the
   * whole return or record its rejection with every problem. The same bytes again change nothing.
   */
  async submit(
    command: SubmitReturnCommand,
    actor: Actor,
    onProgress?: (progress: ReadProgress) => Promise<void> | void,
  ): Promise<ReturnOutcome> {
    const group = await this.catalogue.getGroup(command.groupId);
    this.assertMaySubmit(actor, group);
    await this.assertOpenFor(command.period, actor, command.receivedAt);
    const kind = await this.inspect(command.content, command.fileName);
    const sha256 = this.sha256(command.content);
    const repeat = await this.repeatOutcome(group.id, command.period, sha256);
    if (repeat) return repeat;

    const { context } = await this.loadContext(group, command.period);
    const read = readReturnFile(
      { content: command.content, fileName: command.fileName, kind, limits: this.limits, onProgress },
      context,
    );
    const receivedAt = command.receivedAt ?? this.clock.now();
    const upload = { sha256, fileName: command.fileName, content: command.content };
    try {
      // The rows are stored as they are checked, in the transaction that accepts them; a problem
      // anywhere rolls it all back, and the rejection is recorded instead.
      return await this.dataSource.transaction(async (manager) => {
        await this.store.saveUpload(manager, upload);
        return this.store.acceptStreamIn(
          manager,
          {
            groupId: group.id,
            period: command.period,
            fileName: command.fileName,
            sha256,
            byteSize: command.content.length,
            source: 'upload',
            receivedAt,
            rows: acceptedRows(read),
          },
          actor,
        );
      });
    } catch (error) {
      if (!(error instanceof RejectedWhole)) throw error;
    }
    const { problems, problemCount } = read.validator;
    const returnId = await this.dataSource.transaction(async (manager) => {
      await this.store.saveUpload(manager, upload);
      return this.store.recordRejectionIn(
        manager,
        {
          groupId: group.id,
          period: command.period,
          fileName: command.fileName,
          sha256,
          byteSize: command.content.length,
          receivedAt,
          problems,
          problemCount,
        },
        actor,
      );
    });
    return {
      outcome: 'rejected',
      returnId,
      problemCount,
      problems: problems.map(({ location, message }) => ({ location, message })),
    };
  }

  /**
   * A return is for a period that has ended (today Q3 returns would be accepted on 6 December without a
   * word) and is not locked (issue 14).
   */
  private async assertOpenFor(period: Period, actor: Actor, receivedAt?: Date): Promise<void> {
    const today = dateInEngland(receivedAt ?? this.clock.now());
    if (period.end >= today) {
      throw new ReturnsError(
        ReturnsErrorCode.PeriodNotEnded,
        `${formatPeriod(period)} has not ended yet (it ends on ${period.end}); send its return once it has.`,
      );
    }
    await this.locks.assertUnlocked(this.dataSource.manager, period, 'returns', actor);
  }

  /** Same bytes as the current return → already received; same bytes as the latest rejection → that rejection again. */
  private async repeatOutcome(groupId: string, period: Period, sha256: string): Promise<ReturnOutcome | null> {
    const [latest]: {
      id: string;
      sha256: string;
      outcome: string;
      row_count: number;
      problems: ReturnProblem[] | null;
      problem_count: number;
      superseded_at: Date | null;
    }[] = await this.dataSource.query(
      `SELECT id, sha256, outcome, row_count, problems, problem_count, superseded_at FROM indicator_return
          WHERE group_id = $1 AND period_type = $2 AND period_start = $3 AND sha256 = $4
          ORDER BY received_at DESC LIMIT 1`,
      [groupId, period.type, period.start, sha256],
    );
    if (!latest) return null;
    if (latest.outcome === 'accepted' && latest.superseded_at === null) {
      return { outcome: 'already_received', returnId: latest.id, rowCount: latest.row_count };
    }
    if (latest.outcome === 'awaiting_sign_off' && latest.superseded_at === null) {
      return { outcome: 'awaiting_sign_off', returnId: latest.id, rowCount: latest.row_count };
    }
    if (latest.outcome === 'rejected') {
      const newer = await this.dataSource.query(
        `SELECT 1 FROM indicator_return r, indicator_return rejected
          WHERE rejected.id = $1 AND r.group_id = rejected.group_id AND r.period_type = rejected.period_type
            AND r.period_start = rejected.period_start AND r.received_at > rejected.received_at LIMIT 1`,
        [latest.id],
      );
      if (newer.length === 0) {
        return {
          outcome: 'rejected',
          returnId: latest.id,
          problemCount: latest.problem_count,
          problems: (latest.problems ?? []).map(({ location, message }) => ({ location, message })),
        };
      }
    }
    return null;
  }

  // ---- reads ------------------------------------------------------------------------------------

  async getReturn(id: string, reader: Actor): Promise<ReturnSummary> {
    if (!UUID.test(id)) throw ReturnsError.notFound('return', id);
    const [row] = await this.queryReturns('WHERE r.id = $1', [id], reader);
    if (!row) throw ReturnsError.notFound('return', id);
    return row;
  }

  /** One return with, when it was rejected, the problems kept for it. */
  async getReturnDetail(
    id: string,
    reader: Actor,
  ): Promise<ReturnSummary & { problems: { location: string; message: string }[] }> {
    const summary = await this.getReturn(id, reader);
    const [{ problems }]: { problems: ReturnProblem[] | null }[] = await this.dataSource.query(
      `SELECT problems FROM indicator_return WHERE id = $1`,
      [id],
    );
    return { ...summary, problems: (problems ?? []).map(({ location, message }) => ({ location, message })) };
  }

  async history(
    groupId: string | null,
    period: Period | null,
    page: PageRequest,
    reader: Actor,
  ): Promise<Page<ReturnSummary>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (groupId) where.push(`r.group_id = $${params.push(groupId)}`);
    if (period) {
      where.push(`r.period_type = $${params.push(period.type)}`);
      where.push(`r.period_start = $${params.push(period.start)}`);
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ count }] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM indicator_return r ${whereSql}`,
      params,
    );
    return pageOf(await this.queryReturns(whereSql, params, reader, page), count, page);
  }

  /** The uploaded file with its problem cells marked: for the data officer fixing a rejected return. */
  async annotated(returnId: string, actor: Actor): Promise<{ fileName: string; content: Buffer }> {
    const summary = await this.getReturn(returnId, actor);
    this.assertMaySubmit(actor, { id: summary.groupId, code: summary.groupCode });
    const [{ problems }]: { problems: ReturnProblem[] | null }[] = await this.dataSource.query(
      `SELECT problems FROM indicator_return WHERE id = $1`,
      [returnId],
    );
    const upload = await this.loadUpload(summary.sha256);
    const kind = await this.inspect(upload.content, summary.fileName);
    const content = await buildAnnotatedWorkbook(upload.content, kind, summary.fileName, problems ?? [], this.limits);
    const base =
      summary.fileName
        .replace(/\.[A-Za-z0-9]+$/, '')
        .replace(/[^A-Za-z0-9._-]+/g, '_')
        .slice(0, 80) || 'return';
    return { fileName: `${base}-checked.xlsx`, content };
  }

  async currentValues(
    filter: { indicator?: string; area?: string; period?: string },
    page: PageRequest,
    reader: Actor,
  ): Promise<Page<CurrentValue>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.indicator) {
      where.push(
        UUID.test(filter.indicator)
          ? `v.indicator_id = $${params.push(filter.indicator)}`
          : `lower(i.code) = lower($${params.push(filter.indicator)})`,
      );
    }
    if (filter.area) {
      where.push(
        UUID.test(filter.area)
          ? `v.area_id = $${params.push(filter.area)}`
          : `lower(a.code) = lower($${params.push(filter.area)})`,
      );
    }
    if (filter.period) {
      const period = this.parsePeriod(filter.period);
      where.push(`v.period_type = $${params.push(period.type)}`, `v.period_start = $${params.push(period.start)}`);
    }
    const rows: {
      indicator_id: string;
      indicator_code: string;
      area_id: string;
      area_code: string;
      period_type: Period['type'];
      period_start: string;
      period_end: string;
      value: string | null;
      numerator: string | null;
      denominator: string | null;
      status: string;
      suppression_marker: string | null;
      commentary: string | null;
      return_id: string;
      group_id: string;
      updated_at: Date;
    }[] = await this.dataSource.query(
      `SELECT v.indicator_id, i.code AS indicator_code, v.area_id, a.code AS area_code, v.period_type,
              to_char(v.period_start, 'YYYY-MM-DD') AS period_start, to_char(v.period_end, 'YYYY-MM-DD') AS period_end,
              v.value, v.numerator, v.denominator, v.status, v.suppression_marker, v.commentary, v.return_id, v.updated_at,
              r.group_id
         FROM current_value v JOIN indicator i ON i.id = v.indicator_id JOIN area a ON a.id = v.area_id
         JOIN indicator_return r ON r.id = v.return_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY i.code, a.code, v.period_start, v.period_type
        LIMIT ${page.pageSize} OFFSET ${skipFor(page)}`,
      params,
    );
    const [{ count }] = await this.dataSource.query(
      `SELECT count(*)::int AS count
         FROM current_value v JOIN indicator i ON i.id = v.indicator_id JOIN area a ON a.id = v.area_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
      params,
    );
    const items = rows.map((r) => {
      const period: Period = { type: r.period_type, start: r.period_start, end: r.period_end };
      const sees = disclosureFor(reader, { owningGroupId: r.group_id, referred: false, commentaryPublished: false });
      return {
        indicatorId: r.indicator_id,
        indicatorCode: r.indicator_code,
        areaId: r.area_id,
        areaCode: r.area_code,
        period: { ...period, label: formatPeriod(period) },
        value: num(r.value),
        numerator: num(r.numerator),
        denominator: num(r.denominator),
        status: r.status,
        suppressionMarker: r.suppression_marker,
        commentary: sees.commentary ? r.commentary : null,
        commentaryHeld: !sees.commentary && r.commentary !== null,
        returnId: r.return_id,
        updatedAt: r.updated_at.toISOString(),
      };
    });
    return pageOf(items, count, page);
  }

  /** Per group that owns indicators for the period: its deadline and whether its return is in, late or missing. */
  async status(period: Period): Promise<GroupReturnStatus[]> {
    const [indicators, targets, groups] = await Promise.all([
      this.catalogue.listIndicators({}, undefined, ALL).then((p) => p.items),
      this.ownedTargets(),
      this.catalogue.listGroups({}, undefined, ALL).then((p) => p.items),
    ]);
    const owners = ownersForPeriod(targets, period);
    const codeOf = new Map(indicators.map((i) => [i.id, i.code]));
    const received: {
      group_id: string;
      first_received_at: Date;
      current_id: string | null;
      signed_off: boolean;
    }[] = await this.dataSource.query(
      `SELECT group_id, min(received_at) AS first_received_at,
              (array_agg(id) FILTER (WHERE superseded_at IS NULL))[1] AS current_id,
              bool_or(superseded_at IS NULL AND signed_off_at IS NOT NULL) AS signed_off
         FROM indicator_return WHERE outcome = 'accepted' AND period_type = $1 AND period_start = $2 GROUP BY group_id`,
      [period.type, period.start],
    );
    const byGroup = new Map(received.map((r) => [r.group_id, r]));
    const waiting: { group_id: string; id: string; received_at: Date }[] = await this.dataSource.query(
      `SELECT group_id, id, received_at FROM indicator_return
        WHERE outcome = 'awaiting_sign_off' AND superseded_at IS NULL AND period_type = $1 AND period_start = $2`,
      [period.type, period.start],
    );
    const waitingFor = new Map(waiting.map((w) => [w.group_id, w]));
    const today = dateInEngland(this.clock.now());
    const result: GroupReturnStatus[] = [];
    for (const group of groups) {
      const indicatorIds = [...owners].filter(([, owner]) => owner === group.id).map(([indicatorId]) => indicatorId);
      if (indicatorIds.length === 0) continue;
      const deadline = returnsDeadline(period, group.returnsDueWorkingDays);
      const got = byGroup.get(group.id);
      const awaiting = waitingFor.get(group.id);
      let withoutValues: string[] = [];
      if (got?.current_id) {
        const carried: { indicator_id: string }[] = await this.dataSource.query(
          `SELECT DISTINCT indicator_id FROM return_value WHERE return_id = $1`,
          [got.current_id],
        );
        const has = new Set(carried.map((c) => c.indicator_id));
        withoutValues = indicatorIds
          .filter((id) => !has.has(id))
          .map((id) => codeOf.get(id) ?? id)
          .sort();
      }
      result.push({
        groupId: group.id,
        groupCode: group.code,
        groupName: group.name,
        deadline,
        state: returnState(deadline, today, got ? dateInEngland(got.first_received_at) : null),
        indicatorCodes: indicatorIds.map((id) => codeOf.get(id) ?? id).sort(),
        returnId: got?.current_id ?? null,
        firstReceivedAt: got?.first_received_at.toISOString() ?? null,
        indicatorsWithoutValues: withoutValues,
        signedOff: got?.signed_off ?? false,
        awaitingSignOff: awaiting ? { returnId: awaiting.id, receivedAt: awaiting.received_at.toISOString() } : null,
      });
    }
    return result.sort((a, b) => a.groupCode.localeCompare(b.groupCode));
  }

  // ---- internals --------------------------------------------------------------------------------

  private async ownedTargets(): Promise<OwnedTarget[]> {
    const { items: views } = await this.targets.list({}, ALL, SYSTEM_ACTOR);
    return views.map((t) => ({
      indicatorId: t.indicatorId,
      areaId: t.areaId,
      period: { type: t.period.type, start: t.period.start, end: t.period.end },
      ownerGroupId: t.owner.groupId,
      value: t.current.value,
      rangeLow: t.current.rangeLow,
      rangeHigh: t.current.rangeHigh,
    }));
  }

  async loadContext(
    group: Group,
    period: Period,
  ): Promise<{ context: ReturnContext; indicators: Indicator[]; targets: OwnedTarget[]; districts: AreaRef[] }> {
    const [indicators, areas, targets] = await Promise.all([
      this.catalogue.listIndicators({}, undefined, ALL).then((p) => p.items),
      this.catalogue.listAreas({}, undefined, ALL).then((p) => p.items),
      this.ownedTargets(),
    ]);
    const home = areas.find((a) => a.isHome);
    if (!home) {
      throw new ReturnsError(
        ReturnsErrorCode.NoHomeArea,
        "The catalogue has no home area (the partnership's local authority); an admin must add one before returns can be made.",
      );
    }
    const districts = areas
      .filter((a) => (a.kind === 'district' || a.kind === 'locality') && a.parentCode === home.code)
      .sort((a, b) => a.code.localeCompare(b.code));
    const owners = ownersForPeriod(targets, period);
    const toRule = (i: Indicator): IndicatorRule => ({
      id: i.id,
      code: i.code,
      unit: i.unit,
      decimalPlaces: i.decimalPlaces,
      reportedByArea: i.reportedByArea,
      plausibleMin: i.plausibleMin,
      plausibleMax: i.plausibleMax,
    });
    const toRef = (a: Area): AreaRef => ({ id: a.id, code: a.code, name: a.name });
    const context: ReturnContext = {
      groupCode: group.code,
      period,
      indicatorsByCode: new Map(indicators.map((i) => [i.code.toLowerCase(), toRule(i)])),
      ownedIndicatorIds: new Set([...owners].filter(([, owner]) => owner === group.id).map(([id]) => id)),
      areasByCode: new Map(areas.map((a) => [a.code.toLowerCase(), toRef(a)])),
      homeArea: toRef(home),
      districtAreaIds: new Set(districts.map((d) => d.id)),
    };
    return {
      context,
      indicators: [...indicators].sort((a, b) => a.code.localeCompare(b.code)),
      targets,
      districts: districts.map(toRef),
    };
  }

  private async previousValues(indicatorIds: string[], period: Period): Promise<Map<string, number | string>> {
    if (indicatorIds.length === 0) return new Map();
    const rows: { indicator_id: string; area_id: string; value: string | null; suppression_marker: string | null }[] =
      await this.dataSource.query(
        `SELECT indicator_id, area_id, value, suppression_marker FROM current_value
        WHERE indicator_id = ANY($1) AND period_type = $2 AND period_start = $3`,
        [indicatorIds, period.type, period.start],
      );
    return new Map(
      rows.map((r) => [
        `${r.indicator_id}|${r.area_id}`,
        r.value !== null ? Number(r.value) : (r.suppression_marker ?? 'suppressed'),
      ]),
    );
  }

  /** Who submitted each return is an email only for admins and the submitter; a role and group for others. */
  private async queryReturns(
    where: string,
    params: unknown[],
    reader: Actor,
    page?: PageRequest,
  ): Promise<ReturnSummary[]> {
    const rows: {
      id: string;
      group_id: string;
      group_code: string;
      group_name: string;
      period_type: Period['type'];
      period_start: string;
      period_end: string;
      file_name: string;
      sha256: string;
      byte_size: string;
      source: string;
      submitted_by: string;
      submitted_by_role: PersonKind | null;
      received_at: Date;
      outcome: 'accepted' | 'rejected';
      row_count: number;
      problem_count: number;
      superseded_at: Date | null;
      superseded_by: string | null;
    }[] = await this.dataSource.query(
      `SELECT r.id, r.group_id, g.code AS group_code, g.name AS group_name, r.period_type, to_char(r.period_start, 'YYYY-MM-DD') AS period_start,
              to_char(r.period_end, 'YYYY-MM-DD') AS period_end, r.file_name, r.sha256, r.byte_size, r.source, r.submitted_by,
              r.submitted_by_role, r.received_at, r.outcome, r.row_count, r.problem_count, r.superseded_at, r.superseded_by
         FROM indicator_return r JOIN partnership_group g ON g.id = r.group_id
        ${where}
        ORDER BY r.received_at DESC, r.id
        ${page ? `LIMIT ${page.pageSize} OFFSET ${skipFor(page)}` : ''}`,
      params,
    );
    return rows.map((r) => {
      const period: Period = { type: r.period_type, start: r.period_start, end: r.period_end };
      return {
        id: r.id,
        groupId: r.group_id,
        groupCode: r.group_code,
        period: { ...period, label: formatPeriod(period) },
        fileName: r.file_name,
        sha256: r.sha256,
        byteSize: Number(r.byte_size),
        source: r.source,
        submittedBy: personFor(reader, { label: r.submitted_by, kind: r.submitted_by_role, groupName: r.group_name }),
        receivedAt: r.received_at.toISOString(),
        outcome: r.outcome,
        rowCount: r.row_count,
        problemCount: r.problem_count,
        current: r.outcome === 'accepted' && r.superseded_at === null,
        supersededAt: r.superseded_at?.toISOString() ?? null,
        supersededBy: r.superseded_by,
      };
    });
  }
}

/** Thrown out of the accepting transaction when the upload had problems, to roll back what was stored. */
class RejectedWhole extends Error {}

/** The upload's valid rows while it has no problem; at its end, RejectedWhole if it had any. */
async function* acceptedRows(read: ReturnFileRead): AsyncGenerator<readonly ReturnRow[]> {
  yield* read;
  if (read.validator.problemCount > 0) throw new RejectedWhole();
}
