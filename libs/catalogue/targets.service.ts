import { Injectable, Optional } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { type Actor, adminActionBy, SYSTEM_ACTOR } from '../access/index.js';
import { Page, PageRequest, pageOf, skipFor } from '../common/index.js';
import { formatPeriod, Period, periodKey, PeriodType } from '../periods/index.js';
import { JobName, QueueService } from '../queue/index.js';
import { CatalogueError, CatalogueErrorCode } from './catalogue.error.js';
import { CatalogueStore } from './catalogue-store.js';
import { PeriodLockService } from './period-lock.service.js';
import { BandKind } from './catalogue.types.js';
import { assertTargetValues, Band, sameTargetValues, TargetValues } from './target-values.js';
import { TargetOwnership } from './target-ownership.entity.js';
import { TargetVersion } from './target-version.entity.js';
import { Target } from './target.entity.js';

export { assertTargetValues } from './target-values.js';
export type { Band, TargetValues } from './target-values.js';

export interface NewTarget extends TargetValues {
  indicatorId: string;
  areaId?: string | null;
  period: Period;
  owningGroupId: string;
}

export interface NewTargetVersion extends TargetValues {
  reason: string;
}

export interface TargetVersionView {
  version: number;
  value: number | null;
  rangeLow: number | null;
  rangeHigh: number | null;
  tolerance: Band;
  exceptional: Band;
  agreedBy: string;
  agreedOn: string | null;
  reason: string | null;
  createdBy: string | null;
  createdAt: string;
}

export interface TargetOwnerView {
  groupId: string;
  groupCode: string;
  groupName: string;
  since: string;
}

export interface TargetView {
  id: string;
  indicatorId: string;
  indicatorCode: string;
  areaId: string | null;
  period: Period & { label: string };
  current: TargetVersionView;
  owner: TargetOwnerView;
}

export interface TargetDetailView extends TargetView {
  versions: TargetVersionView[];
  ownership: (TargetOwnerView & { until: string | null; reason: string | null; changedBy: string | null })[];
}

export interface TargetFilter {
  indicatorId?: string;
  owningGroupId?: string;
  priorityId?: string;
  periodType?: PeriodType;
  periodStart?: string;
  areaId?: string | null;
}

interface TargetRow {
  id: string;
  indicator_id: string;
  indicator_code: string;
  area_id: string | null;
  period_type: PeriodType;
  period_start: string;
  period_end: string;
  version: number;
  value: string | null;
  range_low: string | null;
  range_high: string | null;
  tolerance_kind: BandKind;
  tolerance_amount: string;
  exceptional_kind: BandKind;
  exceptional_amount: string;
  agreed_by: string;
  agreed_on: string | null;
  reason: string | null;
  created_by: string | null;
  version_created_at: Date;
  group_id: string;
  group_code: string;
  group_name: string;
  owner_since: Date;
}

const num = (value: string | null): number | null => (value === null ? null : Number(value));

// Dates come back as strings (pg type 1082 parser is left alone), so no timezone shifts.
const TARGET_SELECT = `
  SELECT t.id, t.indicator_id, i.code AS indicator_code, t.area_id, t.period_type,
         to_char(t.period_start, 'YYYY-MM-DD') AS period_start, to_char(t.period_end, 'YYYY-MM-DD') AS period_end,
         v.version, v.value, v.range_low, v.range_high, v.tolerance_kind, v.tolerance_amount,
         v.exceptional_kind, v.exceptional_amount, v.agreed_by, to_char(v.agreed_on, 'YYYY-MM-DD') AS agreed_on,
         v.reason, v.created_by, v.created_at AS version_created_at,
         g.id AS group_id, g.code AS group_code, g.name AS group_name, o.from_at AS owner_since
    FROM target t
    JOIN indicator i ON i.id = t.indicator_id
    JOIN LATERAL (SELECT * FROM target_version tv WHERE tv.target_id = t.id ORDER BY tv.version DESC LIMIT 1) v ON true
    JOIN target_ownership o ON o.target_id = t.id AND o.until_at IS NULL
    JOIN partnership_group g ON g.id = o.group_id`;

function toVersionView(
  row: Pick<
    TargetRow,
    | 'version'
    | 'value'
    | 'range_low'
    | 'range_high'
    | 'tolerance_kind'
    | 'tolerance_amount'
    | 'exceptional_kind'
    | 'exceptional_amount'
    | 'agreed_by'
    | 'agreed_on'
    | 'reason'
    | 'created_by'
  > & { created_at: Date },
  reader: Actor,
): TargetVersionView {
  return {
    version: row.version,
    value: num(row.value),
    rangeLow: num(row.range_low),
    rangeHigh: num(row.range_high),
    tolerance: { kind: row.tolerance_kind, amount: Number(row.tolerance_amount) },
    exceptional: { kind: row.exceptional_kind, amount: Number(row.exceptional_amount) },
    agreedBy: row.agreed_by,
    agreedOn: row.agreed_on,
    reason: row.reason,
    createdBy: adminActionBy(reader, row.created_by),
    createdAt: row.created_at.toISOString(),
  };
}

function toTargetView(row: TargetRow, reader: Actor): TargetView {
  const period: Period = { type: row.period_type, start: row.period_start, end: row.period_end };
  return {
    id: row.id,
    indicatorId: row.indicator_id,
    indicatorCode: row.indicator_code,
    areaId: row.area_id,
    period: { ...period, label: formatPeriod(period) },
    current: toVersionView({ ...row, created_at: row.version_created_at }, reader),
    owner: {
      groupId: row.group_id,
      groupCode: row.group_code,
      groupName: row.group_name,
      since: row.owner_since.toISOString(),
    },
  };
}

/** Versioned targets and their owning groups: a change adds a row, nothing is overwritten. */
@Injectable()
export class TargetsService {
  constructor(
    private readonly store: CatalogueStore,
    private readonly locks: PeriodLockService,
    // Absent only in contexts without a queue (the demo seed script), which evaluate by a rebuild instead.
    @Optional() private readonly queues?: QueueService,
  ) {}

  async create(input: NewTarget, actor: Actor, tx?: EntityManager): Promise<TargetView> {
    assertTargetValues(input);
    const work = async (manager: EntityManager): Promise<TargetView> => {
      const target = await manager.save(
        Target,
        manager.create(Target, {
          indicatorId: input.indicatorId,
          areaId: input.areaId ?? null,
          periodType: input.period.type,
          periodStart: input.period.start,
          periodEnd: input.period.end,
        }),
      );
      await manager.insert(TargetVersion, versionRow(target.id, 1, input, null, actor));
      await manager.insert(TargetOwnership, {
        targetId: target.id,
        groupId: input.owningGroupId,
        changedBy: actor.label,
        reason: null,
      });
      const view = await this.findView(manager, target.id, actor);
      await this.store.recordAudit(manager, actor, {
        action: 'create',
        entityType: 'target',
        entityId: target.id,
        after: view,
      });
      await this.requestEvaluation(manager, view, `target.${view.id}.v1`, [view.owner.groupId]);
      return view;
    };
    return tx ? work(tx) : this.store.transaction(work, 'target', describeTargetKey(input));
  }

  /** An in-year change: a new version with who, when and why; the previous version stays. */
  async addVersion(targetId: string, input: NewTargetVersion, actor: Actor, tx?: EntityManager): Promise<TargetView> {
    assertTargetValues(input);
    if (!input.reason || input.reason.trim() === '') {
      throw new CatalogueError(CatalogueErrorCode.ReasonRequired, 'Give the reason for changing an agreed target.');
    }
    const work = async (manager: EntityManager): Promise<TargetView> => {
      await manager.query('SELECT id FROM target WHERE id = $1 FOR UPDATE', [targetId]);
      const before = await this.findView(manager, targetId, actor);
      if (sameTargetValues(before.current, input)) return before;
      await this.locks.assertUnlocked(manager, before.period, 'target changes', actor);
      await manager.insert(
        TargetVersion,
        versionRow(targetId, before.current.version + 1, input, input.reason.trim(), actor),
      );
      const after = await this.findView(manager, targetId, actor);
      await this.store.recordAudit(manager, actor, {
        action: 'update',
        entityType: 'target',
        entityId: targetId,
        before,
        after,
      });
      await this.requestEvaluation(manager, after, `target.${targetId}.v${after.current.version}`, [
        after.owner.groupId,
      ]);
      return after;
    };
    return tx ? work(tx) : this.store.transaction(work, 'target');
  }

  /** A change of lead group closes the current ownership row and opens a new one. */
  async changeOwner(
    targetId: string,
    groupId: string,
    reason: string | null,
    actor: Actor,
    tx?: EntityManager,
  ): Promise<TargetView> {
    const work = async (manager: EntityManager): Promise<TargetView> => {
      await manager.query('SELECT id FROM target WHERE id = $1 FOR UPDATE', [targetId]);
      const before = await this.findView(manager, targetId, actor);
      if (before.owner.groupId === groupId) return before;
      await this.locks.assertUnlocked(manager, before.period, 'target changes', actor);
      await manager.query('UPDATE target_ownership SET until_at = now() WHERE target_id = $1 AND until_at IS NULL', [
        targetId,
      ]);
      await manager.insert(TargetOwnership, {
        targetId,
        groupId,
        reason: reason?.trim() || null,
        changedBy: actor.label,
      });
      const after = await this.findView(manager, targetId, actor);
      await this.store.recordAudit(manager, actor, {
        action: 'change_owner',
        entityType: 'target',
        entityId: targetId,
        before,
        after,
      });
      await this.requestEvaluation(manager, after, `target.${targetId}.owner.${after.owner.since}`, [
        before.owner.groupId,
        groupId,
      ]);
      return after;
    };
    return tx ? work(tx) : this.store.transaction(work, 'target');
  }

  /**
   * Re-evaluates the exceptions a target change touches once the transaction commits: the indicator (in the
   * target's area, or every area for an authority-wide target) from the target's period on, and the returns
   * its old and new owners owe.
   */
  private async requestEvaluation(
    manager: EntityManager,
    target: TargetView,
    cause: string,
    groupIds: string[],
  ): Promise<void> {
    await this.queues?.enqueueAfterCommit(manager, JobName.EvaluateIndicators, {
      indicatorIds: [target.indicatorId],
      ...(target.areaId ? { areaIds: [target.areaId] } : {}),
      period: periodKey(target.period),
      groupIds: [...new Set(groupIds)],
      cause,
    });
  }

  /** Who changed a version or an owner is an email for admins only. */
  async get(targetId: string, reader: Actor): Promise<TargetDetailView> {
    const manager = this.store.dataSource.manager;
    const view = await this.findView(manager, targetId, reader);
    const versions: Parameters<typeof toVersionView>[0][] = await manager.query(
      `SELECT version, value, range_low, range_high, tolerance_kind, tolerance_amount, exceptional_kind,
              exceptional_amount, agreed_by, to_char(agreed_on, 'YYYY-MM-DD') AS agreed_on, reason, created_by, created_at
         FROM target_version WHERE target_id = $1 ORDER BY version`,
      [targetId],
    );
    const ownership: {
      group_id: string;
      code: string;
      name: string;
      from_at: Date;
      until_at: Date | null;
      reason: string | null;
      changed_by: string | null;
    }[] = await manager.query(
      `SELECT o.group_id, g.code, g.name, o.from_at, o.until_at, o.reason, o.changed_by
           FROM target_ownership o JOIN partnership_group g ON g.id = o.group_id
          WHERE o.target_id = $1 ORDER BY o.from_at, o.until_at NULLS LAST`,
      [targetId],
    );
    return {
      ...view,
      versions: versions.map((version) => toVersionView(version, reader)),
      ownership: ownership.map((o) => ({
        groupId: o.group_id,
        groupCode: o.code,
        groupName: o.name,
        since: o.from_at.toISOString(),
        until: o.until_at?.toISOString() ?? null,
        reason: o.reason,
        changedBy: adminActionBy(reader, o.changed_by),
      })),
    };
  }

  async list(filter: TargetFilter, page: PageRequest, reader: Actor): Promise<Page<TargetView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, value: unknown): void => {
      params.push(value);
      where.push(clause.replace('?', `$${params.length}`));
    };
    if (filter.indicatorId) add('t.indicator_id = ?', filter.indicatorId);
    if (filter.owningGroupId) add('o.group_id = ?', filter.owningGroupId);
    if (filter.priorityId) add('i.priority_id = ?', filter.priorityId);
    if (filter.periodType) add('t.period_type = ?', filter.periodType);
    if (filter.periodStart) add('t.period_start = ?', filter.periodStart);
    if (filter.areaId === null) where.push('t.area_id IS NULL');
    else if (filter.areaId) add('t.area_id = ?', filter.areaId);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const manager = this.store.dataSource.manager;
    const [{ count }] = await manager.query(
      `SELECT count(*)::int AS count FROM target t JOIN indicator i ON i.id = t.indicator_id
         JOIN target_ownership o ON o.target_id = t.id AND o.until_at IS NULL ${whereSql}`,
      params,
    );
    const rows: TargetRow[] = await manager.query(
      `${TARGET_SELECT} ${whereSql} ORDER BY i.code, t.period_start, t.period_type, t.id LIMIT ${page.pageSize} OFFSET ${skipFor(page)}`,
      params,
    );
    return pageOf(
      rows.map((row) => toTargetView(row, reader)),
      count,
      page,
    );
  }

  /** Every target with its current version and owner, unpaged: for the catalogue workbook (hundreds of rows). */
  async listAll(manager: EntityManager = this.store.dataSource.manager): Promise<TargetView[]> {
    const rows: TargetRow[] = await manager.query(
      `${TARGET_SELECT} ORDER BY i.code, t.area_id NULLS FIRST, t.period_start, t.period_type, t.id`,
    );
    return rows.map((row) => toTargetView(row, SYSTEM_ACTOR));
  }

  private async findView(manager: EntityManager, targetId: string, reader: Actor): Promise<TargetView> {
    const rows: TargetRow[] = await manager.query(`${TARGET_SELECT} WHERE t.id = $1`, [targetId]);
    if (rows.length === 0) throw CatalogueError.notFound('target', targetId);
    return toTargetView(rows[0], reader);
  }
}

function describeTargetKey(input: NewTarget): string {
  return `${formatPeriod(input.period)} for this indicator${input.areaId ? ' and area' : ''}`;
}

function versionRow(
  targetId: string,
  version: number,
  input: TargetValues,
  reason: string | null,
  actor: Actor,
): Partial<TargetVersion> {
  return {
    targetId,
    version,
    value: input.value ?? null,
    rangeLow: input.rangeLow ?? null,
    rangeHigh: input.rangeHigh ?? null,
    toleranceKind: input.tolerance.kind,
    toleranceAmount: input.tolerance.amount,
    exceptionalKind: input.exceptional.kind,
    exceptionalAmount: input.exceptional.amount,
    agreedBy: input.agreedBy ?? '',
    agreedOn: input.agreedOn ?? null,
    reason,
    createdBy: actor.label,
  };
}
