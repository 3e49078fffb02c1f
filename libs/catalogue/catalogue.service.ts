import { Injectable, Optional } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor } from '../access/actor.js';
import { Page, PageRequest } from '../common/index.js';
import { JobName, QueueService } from '../queue/index.js';
import { Area } from './area.entity.js';
import { CatalogueError, CatalogueErrorCode } from './catalogue.error.js';
import { CatalogueStore, EntityDescriptor } from './catalogue-store.js';
import { AreaKind, Frequency, GroupKind, IndicatorPolarity, RollUp, Unit } from './catalogue.types.js';
import { Group } from './group.entity.js';
import { Indicator } from './indicator.entity.js';
import { Plan } from './plan.entity.js';
import { Priority } from './priority.entity.js';

export const PLANS: EntityDescriptor<Plan> = {
  target: Plan,
  name: 'plan',
  alias: 'p',
  searchColumns: ['code', 'title'],
  orderBy: 'startYear',
};
export const PRIORITIES: EntityDescriptor<Priority> = {
  target: Priority,
  name: 'priority',
  alias: 'p',
  searchColumns: ['code', 'title'],
  orderBy: 'displayOrder',
};
export const GROUPS: EntityDescriptor<Group> = {
  target: Group,
  name: 'group',
  alias: 'g',
  searchColumns: ['code', 'name'],
  orderBy: 'code',
};
export const AREAS: EntityDescriptor<Area> = {
  target: Area,
  name: 'area',
  alias: 'a',
  searchColumns: ['code', 'name'],
  orderBy: 'code',
};
export const INDICATORS: EntityDescriptor<Indicator> = {
  target: Indicator,
  name: 'indicator',
  alias: 'i',
  searchColumns: ['code', 'title'],
  orderBy: 'code',
};

export interface PlanInput {
  code: string;
  title: string;
  startYear: number;
  endYear: number;
}

export interface PriorityInput {
  planId: string;
  code: string;
  title: string;
  description?: string;
  accountableMember?: string;
  displayOrder?: number;
}

export interface GroupInput {
  code: string;
  name: string;
  kind: GroupKind;
  parentId?: string | null;
  returnsDueWorkingDays?: number;
  requiresSignOff?: boolean;
}

export interface AreaInput {
  code: string;
  name: string;
  kind: AreaKind;
  parentCode?: string | null;
  isHome?: boolean;
  isStatisticalNeighbour?: boolean;
}

export interface IndicatorInput {
  code: string;
  title: string;
  definition?: string;
  unit: Unit;
  decimalPlaces?: number;
  polarity: IndicatorPolarity;
  frequency: Frequency;
  rollUp: RollUp;
  cumulativeYtd?: boolean;
  reportedByArea?: boolean;
  priorityId: string;
  dataSource?: string;
  plausibleMin?: number | null;
  plausibleMax?: number | null;
}

export interface PriorityFilter {
  planId?: string;
}
export interface GroupFilter {
  kind?: GroupKind;
  parentId?: string;
}
export interface AreaFilter {
  kind?: AreaKind;
  isStatisticalNeighbour?: boolean;
}
export interface IndicatorFilter {
  priorityId?: string;
  polarity?: IndicatorPolarity;
  unit?: Unit;
  frequency?: Frequency;
}

const GROUP_STRUCTURE_LOCK = 'catalogue-group-structure';

/** The indicator settings the exception rules read: changing one re-evaluates the indicator's exceptions. */
const EVALUATED_INDICATOR_FIELDS = [
  'unit',
  'decimalPlaces',
  'polarity',
  'frequency',
  'rollUp',
  'cumulativeYtd',
  'reportedByArea',
  'plausibleMin',
  'plausibleMax',
] as const satisfies readonly (keyof Indicator)[];

/** Plans, priorities, groups, areas and indicators. Targets, being versioned, live in TargetsService. */
@Injectable()
export class CatalogueService {
  constructor(
    private readonly store: CatalogueStore,
    // Absent only in contexts without a queue (the demo seed), which evaluate by a rebuild instead.
    @Optional() private readonly queues?: QueueService,
  ) {}

  createPlan(input: PlanInput, actor: Actor, tx?: EntityManager): Promise<Plan> {
    this.assertPlanYears(input.startYear, input.endYear);
    return this.store.create(PLANS, input, actor, tx);
  }
  async updatePlan(id: string, patch: Partial<PlanInput>, actor: Actor, tx?: EntityManager): Promise<Plan> {
    if (patch.startYear !== undefined || patch.endYear !== undefined) {
      const current = await this.store.get(PLANS, id, tx);
      this.assertPlanYears(patch.startYear ?? current.startYear, patch.endYear ?? current.endYear);
    }
    return this.store.update(PLANS, id, patch, actor, tx);
  }
  getPlan(id: string): Promise<Plan> {
    return this.store.get(PLANS, id);
  }
  listPlans(search: string | undefined, page: PageRequest): Promise<Page<Plan>> {
    return this.store.list(PLANS, {}, search, page);
  }

  createPriority(input: PriorityInput, actor: Actor, tx?: EntityManager): Promise<Priority> {
    return this.store.create(PRIORITIES, input, actor, tx);
  }
  updatePriority(id: string, patch: Partial<PriorityInput>, actor: Actor, tx?: EntityManager): Promise<Priority> {
    return this.store.update(PRIORITIES, id, patch, actor, tx);
  }
  getPriority(id: string): Promise<Priority> {
    return this.store.get(PRIORITIES, id);
  }
  listPriorities(filter: PriorityFilter, search: string | undefined, page: PageRequest): Promise<Page<Priority>> {
    return this.store.list(PRIORITIES, { ...filter }, search, page);
  }

  createGroup(input: GroupInput, actor: Actor, tx?: EntityManager): Promise<Group> {
    return this.store.create(GROUPS, input, actor, tx);
  }
  async updateGroup(id: string, patch: Partial<GroupInput>, actor: Actor, tx?: EntityManager): Promise<Group> {
    const work = async (manager: EntityManager): Promise<Group> => {
      if (patch.parentId) {
        // The cycle check and the change share one transaction, and reporting-line changes queue behind
        // each other: two concurrent changes (A under B, B under A) would each pass a check made on its own.
        await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [GROUP_STRUCTURE_LOCK]);
        await this.assertNoCycle(id, patch.parentId, manager);
      }
      const before = await this.store.get(GROUPS, id, manager);
      const after = await this.store.update(GROUPS, id, patch, actor, manager);
      if (after.returnsDueWorkingDays !== before.returnsDueWorkingDays) {
        // A new deadline can make the group's returns late, or no longer late.
        await this.queues?.enqueueAfterCommit(manager, JobName.EvaluateIndicators, {
          indicatorIds: [],
          groupIds: [id],
          cause: `group.${id}.${after.updatedAt.getTime()}`,
        });
      }
      return after;
    };
    return tx ? work(tx) : this.store.transaction(work, 'group', patch.code);
  }
  getGroup(id: string): Promise<Group> {
    return this.store.get(GROUPS, id);
  }
  listGroups(filter: GroupFilter, search: string | undefined, page: PageRequest): Promise<Page<Group>> {
    return this.store.list(GROUPS, { ...filter }, search, page);
  }

  createArea(input: AreaInput, actor: Actor, tx?: EntityManager): Promise<Area> {
    return this.store.create(AREAS, input, actor, tx);
  }
  updateArea(id: string, patch: Partial<AreaInput>, actor: Actor, tx?: EntityManager): Promise<Area> {
    return this.store.update(AREAS, id, patch, actor, tx);
  }
  getArea(id: string): Promise<Area> {
    return this.store.get(AREAS, id);
  }
  listAreas(filter: AreaFilter, search: string | undefined, page: PageRequest): Promise<Page<Area>> {
    return this.store.list(AREAS, { ...filter }, search, page);
  }
  async homeArea(): Promise<Area | null> {
    return this.store.dataSource.manager.findOne(Area, { where: { isHome: true } });
  }

  createIndicator(input: IndicatorInput, actor: Actor, tx?: EntityManager): Promise<Indicator> {
    this.assertPlausibleRange(input.plausibleMin, input.plausibleMax);
    return this.store.create(INDICATORS, input, actor, tx);
  }
  async updateIndicator(
    id: string,
    patch: Partial<IndicatorInput>,
    actor: Actor,
    tx?: EntityManager,
  ): Promise<Indicator> {
    const work = async (manager: EntityManager): Promise<Indicator> => {
      const before = await this.store.get(INDICATORS, id, manager);
      // Changing one end of the plausible range is checked against the other end as stored.
      this.assertPlausibleRange(
        patch.plausibleMin !== undefined ? patch.plausibleMin : before.plausibleMin,
        patch.plausibleMax !== undefined ? patch.plausibleMax : before.plausibleMax,
      );
      const after = await this.store.update(INDICATORS, id, patch, actor, manager);
      if (EVALUATED_INDICATOR_FIELDS.some((field) => after[field] !== before[field])) {
        await this.queues?.enqueueAfterCommit(manager, JobName.EvaluateIndicators, {
          indicatorIds: [id],
          cause: `indicator.${id}.${after.updatedAt.getTime()}`,
        });
      }
      return after;
    };
    return tx ? work(tx) : this.store.transaction(work, 'indicator', patch.code);
  }
  getIndicator(id: string): Promise<Indicator> {
    return this.store.get(INDICATORS, id);
  }
  listIndicators(filter: IndicatorFilter, search: string | undefined, page: PageRequest): Promise<Page<Indicator>> {
    return this.store.list(INDICATORS, { ...filter }, search, page);
  }

  private assertPlanYears(startYear: number, endYear: number): void {
    if (endYear < startYear) {
      throw new CatalogueError(
        CatalogueErrorCode.InvalidPeriod,
        `A plan cannot end (${endYear}) before it starts (${startYear}).`,
      );
    }
  }

  private assertPlausibleRange(min: number | null | undefined, max: number | null | undefined): void {
    if (min != null && max != null && min > max) {
      throw new CatalogueError(
        CatalogueErrorCode.InvalidTarget,
        `The plausible minimum (${min}) is greater than the plausible maximum (${max}).`,
      );
    }
  }

  /** A group cannot report to itself, directly or through its parents. */
  private async assertNoCycle(groupId: string, parentId: string, manager: EntityManager): Promise<void> {
    const rows: { id: string }[] = await manager.query(
      `WITH RECURSIVE up(id, parent_id) AS (
         SELECT id, parent_id FROM partnership_group WHERE id = $1
         UNION SELECT g.id, g.parent_id FROM partnership_group g JOIN up ON g.id = up.parent_id
       ) SELECT id FROM up WHERE id = $2`,
      [parentId, groupId],
    );
    if (rows.length > 0) {
      throw new CatalogueError(
        CatalogueErrorCode.GroupCycle,
        'A group cannot report to itself or to a group that reports to it.',
      );
    }
  }
}
