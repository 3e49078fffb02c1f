import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor } from '../access/actor.js';
import { Clock } from '../common/index.js';
import { APP_CONFIG, AppConfig } from '../config/index.js';
import { displayName, inspectUpload, readXlsxRows, uploadLimits, type XlsxRow } from '../spreadsheets/index.js';
import { Area } from './area.entity.js';
import { CatalogueError, CatalogueErrorCode } from './catalogue.error.js';
import { CatalogueService } from './catalogue.service.js';
import { CatalogueStore } from './catalogue-store.js';
import {
  areasInApplyOrder,
  buildCatalogueWorkbook,
  type CatalogueSnapshot,
  type CatalogueWorkbookRows,
  changedFields,
  groupsInApplyOrder,
  MAX_ROWS_PER_SHEET,
  notInWorkbook,
  type NotInWorkbook,
  parseCatalogueWorkbook,
  priorityKey,
  resolvePriorityRef,
  targetKey,
  WORKBOOK_SHEET_NAMES,
} from './workbook/index.js';
import { Group } from './group.entity.js';
import { Indicator } from './indicator.entity.js';
import { Plan } from './plan.entity.js';
import { Priority } from './priority.entity.js';
import { sameTargetValues } from './target-values.js';
import { TargetsService } from './targets.service.js';

export interface CatalogueCounts {
  plans: number;
  priorities: number;
  groups: number;
  areas: number;
  indicators: number;
  targets: number;
}

/** What an accepted upload did. Targets count as updated when they got a new version or a new owner. */
export interface CatalogueImportSummary {
  created: CatalogueCounts;
  updated: CatalogueCounts;
  unchanged: CatalogueCounts;
  newTargetVersions: number;
  ownerChanges: number;
  /** Left alone: the catalogue holds them but the workbook does not mention them. */
  notInWorkbook: NotInWorkbook;
}

const zeroCounts = (): CatalogueCounts => ({ plans: 0, priorities: 0, groups: 0, areas: 0, indicators: 0, targets: 0 });

// One catalogue upload at a time: each one reads the catalogue, checks the workbook against it and writes.
const IMPORT_LOCK = 'catalogue-workbook-import';

/** The whole catalogue as one .xlsx: download it, edit it, upload it; accepted whole or rejected whole. */
@Injectable()
export class CatalogueWorkbookService {
  constructor(
    private readonly store: CatalogueStore,
    private readonly catalogue: CatalogueService,
    private readonly targets: TargetsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async exportWorkbook(): Promise<Buffer> {
    // One consistent read, so a target never names a group written after the groups were read.
    const snapshot = await this.store.dataSource.transaction('REPEATABLE READ', (tx) => this.snapshot(tx));
    const workbook = buildCatalogueWorkbook(snapshot, this.clock.now());
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  async importWorkbook(buffer: Buffer, fileName: string, actor: Actor): Promise<CatalogueImportSummary> {
    const rows = await this.readUpload(buffer, fileName);
    return this.store.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [IMPORT_LOCK]);
      const snapshot = await this.snapshot(tx);
      const parsed = parseCatalogueWorkbook(rows, snapshot);
      if (!parsed.ok) {
        const count = parsed.problemCount === 1 ? '1 problem' : `${parsed.problemCount} problems`;
        throw new CatalogueError(
          CatalogueErrorCode.WorkbookRejected,
          `The workbook was not accepted: it has ${count}, listed by sheet and cell. Nothing was changed.`,
          parsed.problems,
        );
      }
      return this.apply(tx, parsed.rows, snapshot, actor);
    }, 'catalogue workbook');
  }

  /**
   * Inspected before it is opened (size, zip structure, bombs, sheet count), then streamed. Not
   * `workbook.xlsx.load`: besides holding the whole file in memory, exceljs expands every data
   * validation range cell by cell while loading, so one `sqref="A1:XFD1048576"` — or an admin applying
   * a drop-down to whole columns in Excel — takes minutes and gigabytes; the streaming reader skips it.
   */
  private async readUpload(buffer: Buffer, fileName: string): Promise<XlsxRow[]> {
    const limits = uploadLimits({
      maxBytes: this.config.uploadMaxBytes,
      maxSheets: 20,
      maxRows: WORKBOOK_SHEET_NAMES.length * (MAX_ROWS_PER_SHEET + 1),
      maxCells: WORKBOOK_SHEET_NAMES.length * (MAX_ROWS_PER_SHEET + 1) * 20,
    });
    const kind = await inspectUpload(buffer, fileName, limits);
    if (kind !== 'xlsx') {
      throw new CatalogueError(
        CatalogueErrorCode.WorkbookRejected,
        `'${displayName(fileName)}' is a CSV file; upload the catalogue as the Excel workbook (.xlsx) you downloaded from here.`,
      );
    }
    const wanted = new Set(WORKBOOK_SHEET_NAMES.map((name) => name.toLowerCase()));
    const rows: XlsxRow[] = [];
    for await (const row of readXlsxRows(buffer, {
      fileName,
      limits,
      sheets: (name) => wanted.has(name.trim().toLowerCase()),
    })) {
      rows.push(row);
    }
    return rows;
  }

  private async snapshot(tx: EntityManager): Promise<CatalogueSnapshot> {
    // One after another: a transaction is one connection, which runs one query at a time anyway.
    const plans = await tx.find(Plan);
    const priorities = await tx.find(Priority);
    const groups = await tx.find(Group);
    const areas = await tx.find(Area);
    const indicators = await tx.find(Indicator);
    const targets = await this.targets.listAll(tx);
    return {
      plans,
      priorities,
      groups,
      areas,
      indicators,
      targets: targets.map((t) => ({
        id: t.id,
        indicatorId: t.indicatorId,
        areaId: t.areaId,
        period: { type: t.period.type, start: t.period.start, end: t.period.end },
        version: t.current.version,
        settings: {
          value: t.current.value,
          rangeLow: t.current.rangeLow,
          rangeHigh: t.current.rangeHigh,
          tolerance: t.current.tolerance,
          exceptional: t.current.exceptional,
          agreedBy: t.current.agreedBy,
          agreedOn: t.current.agreedOn,
        },
        owningGroupId: t.owner.groupId,
      })),
    };
  }

  /** Writes through the catalogue's own services, so every change is audited in this transaction. */
  private async apply(
    tx: EntityManager,
    rows: CatalogueWorkbookRows,
    snapshot: CatalogueSnapshot,
    actor: Actor,
  ): Promise<CatalogueImportSummary> {
    const summary: CatalogueImportSummary = {
      created: zeroCounts(),
      updated: zeroCounts(),
      unchanged: zeroCounts(),
      newTargetVersions: 0,
      ownerChanges: 0,
      notInWorkbook: notInWorkbook(rows, snapshot),
    };
    const tally = (kind: keyof CatalogueCounts, patch: object): boolean => {
      const changed = Object.keys(patch).length > 0;
      summary[changed ? 'updated' : 'unchanged'][kind] += 1;
      return changed;
    };

    const planIds = new Map(snapshot.plans.map((p) => [p.code, p.id]));
    const plans = new Map(snapshot.plans.map((p) => [p.code, p]));
    for (const { code, title, startYear, endYear } of rows.plans) {
      const existing = plans.get(code);
      if (!existing) {
        planIds.set(code, (await this.catalogue.createPlan({ code, title, startYear, endYear }, actor, tx)).id);
        summary.created.plans += 1;
        continue;
      }
      const patch = changedFields(existing, { title, startYear, endYear }, ['title', 'startYear', 'endYear']);
      if (tally('plans', patch)) await this.catalogue.updatePlan(existing.id, patch, actor, tx);
    }

    const planCode = new Map(snapshot.plans.map((p) => [p.id, p.code]));
    const priorities = new Map(snapshot.priorities.map((p) => [priorityKey(planCode.get(p.planId)!, p.code), p]));
    const priorityIds = new Map([...priorities].map(([key, p]) => [key, p.id]));
    for (const { planCode: plan, code, title, description, accountableMember, displayOrder } of rows.priorities) {
      const key = priorityKey(plan, code);
      const existing = priorities.get(key);
      const desired = { title, description, accountableMember, displayOrder };
      if (!existing) {
        priorityIds.set(
          key,
          (await this.catalogue.createPriority({ planId: planIds.get(plan)!, code, ...desired }, actor, tx)).id,
        );
        summary.created.priorities += 1;
        continue;
      }
      const patch = changedFields(existing, desired, ['title', 'description', 'accountableMember', 'displayOrder']);
      if (tally('priorities', patch)) await this.catalogue.updatePriority(existing.id, patch, actor, tx);
    }

    const groups = new Map(snapshot.groups.map((g) => [g.code, g]));
    const groupIds = new Map(snapshot.groups.map((g) => [g.code, g.id]));
    for (const { code, name, kind, parentCode, returnsDueWorkingDays } of groupsInApplyOrder(rows.groups, snapshot)) {
      const desired = {
        name,
        kind,
        returnsDueWorkingDays,
        parentId: parentCode === null ? null : groupIds.get(parentCode)!,
      };
      const existing = groups.get(code);
      if (!existing) {
        groupIds.set(code, (await this.catalogue.createGroup({ code, ...desired }, actor, tx)).id);
        summary.created.groups += 1;
        continue;
      }
      const patch = changedFields(existing, desired, ['name', 'kind', 'returnsDueWorkingDays', 'parentId']);
      if (tally('groups', patch)) await this.catalogue.updateGroup(existing.id, patch, actor, tx);
    }

    const areas = new Map(snapshot.areas.map((a) => [a.code, a]));
    const areaIds = new Map(snapshot.areas.map((a) => [a.code, a.id]));
    for (const { code, name, kind, parentCode, isHome, isStatisticalNeighbour } of areasInApplyOrder(
      rows.areas,
      snapshot,
    )) {
      const desired = { name, kind, parentCode, isHome, isStatisticalNeighbour };
      const existing = areas.get(code);
      if (!existing) {
        areaIds.set(code, (await this.catalogue.createArea({ code, ...desired }, actor, tx)).id);
        summary.created.areas += 1;
        continue;
      }
      const patch = changedFields(existing, desired, [
        'name',
        'kind',
        'parentCode',
        'isHome',
        'isStatisticalNeighbour',
      ]);
      if (tally('areas', patch)) await this.catalogue.updateArea(existing.id, patch, actor, tx);
    }

    const indicators = new Map(snapshot.indicators.map((i) => [i.code, i]));
    const indicatorIds = new Map(snapshot.indicators.map((i) => [i.code, i.id]));
    const priorityKeys = [...priorityIds.keys()];
    for (const { row: _row, code, priorityRef, ...fields } of rows.indicators) {
      const resolved = resolvePriorityRef(priorityRef, priorityKeys);
      // The parse resolved every reference already; this cannot fail unless the two disagree.
      if (!resolved.ok) throw new Error(`Indicator ${code}: ${resolved.message}`);
      const desired = { ...fields, priorityId: priorityIds.get(resolved.key)! };
      const existing = indicators.get(code);
      if (!existing) {
        indicatorIds.set(code, (await this.catalogue.createIndicator({ code, ...desired }, actor, tx)).id);
        summary.created.indicators += 1;
        continue;
      }
      const patch = changedFields(existing, desired, [
        'title',
        'definition',
        'unit',
        'decimalPlaces',
        'polarity',
        'frequency',
        'rollUp',
        'cumulativeYtd',
        'reportedByArea',
        'priorityId',
        'dataSource',
        'plausibleMin',
        'plausibleMax',
      ]);
      if (tally('indicators', patch)) await this.catalogue.updateIndicator(existing.id, patch, actor, tx);
    }

    const indicatorCode = new Map(snapshot.indicators.map((i) => [i.id, i.code]));
    const areaCode = new Map(snapshot.areas.map((a) => [a.id, a.code]));
    const targets = new Map(
      snapshot.targets.map((t) => [
        targetKey(indicatorCode.get(t.indicatorId)!, t.areaId ? areaCode.get(t.areaId)! : null, t.period),
        t,
      ]),
    );
    for (const row of rows.targets) {
      const owningGroupId = groupIds.get(row.owningGroupCode)!;
      const existing = targets.get(targetKey(row.indicatorCode, row.areaCode, row.period));
      if (!existing) {
        const areaId = row.areaCode === null ? null : areaIds.get(row.areaCode)!;
        await this.targets.create(
          {
            indicatorId: indicatorIds.get(row.indicatorCode)!,
            areaId,
            period: row.period,
            owningGroupId,
            ...row.settings,
          },
          actor,
          tx,
        );
        summary.created.targets += 1;
        continue;
      }
      let changed = false;
      if (!sameTargetValues(existing.settings, row.settings)) {
        // The parse refused a changed target without a reason, so the reason is here.
        await this.targets.addVersion(existing.id, { ...row.settings, reason: row.changeReason! }, actor, tx);
        summary.newTargetVersions += 1;
        changed = true;
      }
      if (existing.owningGroupId !== owningGroupId) {
        await this.targets.changeOwner(existing.id, owningGroupId, row.changeReason, actor, tx);
        summary.ownerChanges += 1;
        changed = true;
      }
      summary[changed ? 'updated' : 'unchanged'].targets += 1;
    }
    return summary;
  }
}
