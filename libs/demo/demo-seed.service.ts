import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService, assertPasswordStrength, generatePassword, Role, systemActor } from '../access/index.js';
import { CatalogueService, TargetsService } from '../catalogue/index.js';
import { Clock } from '../common/index.js';
import { APP_CONFIG, AppConfig } from '../config/index.js';
import { formatPeriod, Period } from '../periods/index.js';
import { ReturnRow, ReturnsStore } from '../returns/index.js';
import { EXCEPTION_STATUSES, ExceptionsService } from '../exceptions/index.js';
import {
  buildDemoPartnership,
  DEMO_BOARD_GROUP_CODE,
  DemoPartnership,
  DemoReturn,
  latestCompleteQuarter,
} from './demo-partnership.js';

export interface DemoSeedOptions {
  /** The last quarter of history; defaults to the latest complete financial quarter. */
  latestQuarter?: Period;
}

export interface DemoSeedCounts {
  areas: number;
  groups: number;
  priorities: number;
  indicators: number;
  targets: number;
  targetRevisions: number;
  ownerChanges: number;
  returns: number;
  values: number;
  users: number;
}

export interface DemoUserSummary {
  email: string;
  displayName: string;
  role: Role;
  groupCodes: string[];
}

export type DemoSeedResult =
  | {
      outcome: 'seeded';
      latestQuarter: string;
      plan: { code: string; title: string };
      counts: DemoSeedCounts;
      users: DemoUserSummary[];
      /** The generated demo password, to show once; null when DEMO_PASSWORD was used. */
      generatedPassword: string | null;
      elapsedMs: number;
    }
  | { outcome: 'already_seeded' | 'not_empty'; message: string };

const ACTOR = systemActor('demo-seed');
const LOCK_KEY = 'cypp:demo-seed';
const ALL = { page: 1, pageSize: 1000 };

/**
 * Loads the demo partnership through the real services, in one transaction, so it is either all there
 * or not at all. Seeds once: a database that already has the demo, or any other catalogue, is left alone.
 */
@Injectable()
export class DemoSeedService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalogue: CatalogueService,
    private readonly targets: TargetsService,
    private readonly access: AccessService,
    private readonly returns: ReturnsStore,
    private readonly exceptions: ExceptionsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Three years of history are evaluated at once when the demo loads, which leaves every earlier quarter's
   * exceptions open. In a running partnership the executive would have reviewed and closed those at its
   * quarterly meetings, so the demo closes them, through the lifecycle and with a reason, leaving the
   * latest quarter's exceptions for the executive to work on.
   */
  async closeExceptionsBefore(date: string): Promise<number> {
    const actor = systemActor('demo-seed');
    const open = EXCEPTION_STATUSES.filter((status) => status !== 'closed');
    const earlier: string[] = [];
    for (let page = 1; ; page += 1) {
      const found = await this.exceptions.list({ status: open }, { page, pageSize: 500 }, actor);
      earlier.push(...found.items.filter((e) => e.period.end < date).map((e) => e.id));
      if (page * found.pageSize >= found.total) break;
    }
    for (const id of earlier) {
      await this.exceptions.close(id, 'Reviewed at an earlier quarterly executive meeting (demo history).', actor);
    }
    return earlier.length;
  }

  async seed(options: DemoSeedOptions = {}): Promise<DemoSeedResult> {
    const started = performance.now();
    const latestQuarter = options.latestQuarter ?? latestCompleteQuarter(this.clock.now().toISOString().slice(0, 10));
    const generatedPassword = this.config.demoPassword ? null : generatePassword();
    const password = this.config.demoPassword ?? (generatedPassword as string);
    // Fail before any work rather than halfway through creating users.
    assertPasswordStrength(password);
    const demo = buildDemoPartnership({ latestQuarter });

    return this.dataSource.transaction(async (manager) => {
      // Two seeds started together (e.g. two containers) queue here; the second then finds the demo.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [LOCK_KEY]);
      const refusal = await this.refusal();
      if (refusal) return refusal;
      const counts = await this.write(manager, demo, password);
      return {
        outcome: 'seeded' as const,
        latestQuarter: formatPeriod(latestQuarter),
        plan: { code: demo.plan.code, title: demo.plan.title },
        counts,
        users: demo.users.map((u) => ({
          email: u.email,
          displayName: u.displayName,
          role: u.role,
          groupCodes: u.groupCodes,
        })),
        generatedPassword,
        elapsedMs: Math.round(performance.now() - started),
      };
    });
  }

  private async refusal(): Promise<DemoSeedResult | null> {
    const [board, plans] = await Promise.all([
      this.catalogue.listGroups({}, DEMO_BOARD_GROUP_CODE, ALL),
      this.catalogue.listPlans(undefined, { page: 1, pageSize: 1 }),
    ]);
    if (board.items.some((g) => g.code === DEMO_BOARD_GROUP_CODE)) {
      const plan = plans.items[0];
      return {
        outcome: 'already_seeded',
        message: `The demo partnership is already loaded${plan ? ` (plan ${plan.code})` : ''}; nothing to do.`,
      };
    }
    const groups = await this.catalogue.listGroups({}, undefined, { page: 1, pageSize: 1 });
    if (plans.total > 0 || groups.total > 0) {
      return {
        outcome: 'not_empty',
        message: `The database already holds a catalogue (${plans.total} plan(s), ${groups.total} group(s)) that is not the demo; the demo is only loaded into an empty catalogue.`,
      };
    }
    return null;
  }

  private async write(manager: EntityManager, demo: DemoPartnership, password: string): Promise<DemoSeedCounts> {
    const counts: DemoSeedCounts = {
      areas: 0,
      groups: 0,
      priorities: 0,
      indicators: 0,
      targets: 0,
      targetRevisions: 0,
      ownerChanges: 0,
      returns: 0,
      values: 0,
      users: 0,
    };

    // Comparator imports may have created England, the region or neighbours already: reuse them.
    const existingAreas = new Map((await this.catalogue.listAreas({}, undefined, ALL)).items.map((a) => [a.code, a]));
    const areaIds = new Map<string, string>();
    for (const area of demo.areas) {
      const existing = existingAreas.get(area.code);
      if (existing) {
        if (area.isHome && !existing.isHome)
          await this.catalogue.updateArea(existing.id, { isHome: true }, ACTOR, manager);
        areaIds.set(area.code, existing.id);
        continue;
      }
      const created = await this.catalogue.createArea(area, ACTOR, manager);
      areaIds.set(area.code, created.id);
      counts.areas += 1;
    }

    const groupIds = new Map<string, string>();
    for (const group of demo.groups) {
      const parentId = group.parentCode ? lookup(groupIds, group.parentCode, 'group') : null;
      const created = await this.catalogue.createGroup({ ...group, parentId }, ACTOR, manager);
      groupIds.set(group.code, created.id);
      counts.groups += 1;
    }

    const plan = await this.catalogue.createPlan(demo.plan, ACTOR, manager);
    const priorityIds = new Map<string, string>();
    for (const priority of demo.priorities) {
      const created = await this.catalogue.createPriority({ ...priority, planId: plan.id }, ACTOR, manager);
      priorityIds.set(priority.code, created.id);
      counts.priorities += 1;
    }

    const indicatorIds = new Map<string, string>();
    for (const { priorityCode, ...indicator } of demo.indicators) {
      const priorityId = lookup(priorityIds, priorityCode, 'priority');
      const created = await this.catalogue.createIndicator({ ...indicator, priorityId }, ACTOR, manager);
      indicatorIds.set(indicator.code, created.id);
      counts.indicators += 1;
    }

    for (const target of demo.targets) {
      const { indicatorCode, owningGroupCode, revisions, ownerChanges, ...values } = target;
      const view = await this.targets.create(
        {
          ...values,
          indicatorId: lookup(indicatorIds, indicatorCode, 'indicator'),
          areaId: null,
          owningGroupId: lookup(groupIds, owningGroupCode, 'group'),
        },
        ACTOR,
        manager,
      );
      counts.targets += 1;
      for (const revision of revisions) {
        await this.targets.addVersion(view.id, revision, ACTOR, manager);
        counts.targetRevisions += 1;
      }
      for (const change of ownerChanges) {
        const reason = `${change.reason} Effective from ${formatPeriod(change.effectiveFrom)}.`;
        await this.targets.changeOwner(view.id, lookup(groupIds, change.groupCode, 'group'), reason, ACTOR, manager);
        counts.ownerChanges += 1;
      }
    }

    for (const user of demo.users) {
      const groups = user.groupCodes.map((code) => lookup(groupIds, code, 'group'));
      await this.access.createUser({ ...user, groupIds: groups, password }, ACTOR, manager);
      counts.users += 1;
    }

    const now = this.clock.now();
    for (const ret of demo.returns) {
      const rows: ReturnRow[] = ret.rows.map((row) => ({
        indicatorId: lookup(indicatorIds, row.indicatorCode, 'indicator'),
        areaId: lookup(areaIds, row.areaCode, 'area'),
        value: row.value,
        numerator: row.numerator,
        denominator: row.denominator,
        status: row.status,
        suppressionMarker: row.suppressionMarker,
        commentary: row.commentary,
      }));
      const content = canonicalContent(ret);
      const received = new Date(`${ret.receivedOn}T10:00:00Z`);
      await this.returns.acceptIn(
        manager,
        {
          groupId: lookup(groupIds, ret.groupCode, 'group'),
          period: ret.period,
          fileName: ret.fileName,
          sha256: createHash('sha256').update(content).digest('hex'),
          byteSize: Buffer.byteLength(content),
          source: 'seed',
          // A return due after today (when the latest quarter has only just ended) counts as received now.
          receivedAt: received > now ? now : received,
          rows,
        },
        ACTOR,
      );
      counts.returns += 1;
      counts.values += rows.length;
    }
    return counts;
  }
}

/** What the seed "uploaded": the same return always hashes the same, so re-seeding a period is a no-op. */
function canonicalContent(ret: DemoReturn): string {
  return JSON.stringify({ groupCode: ret.groupCode, period: ret.period, fileName: ret.fileName, rows: ret.rows });
}

function lookup(ids: ReadonlyMap<string, string>, code: string, kind: string): string {
  const id = ids.get(code);
  if (!id) throw new Error(`The demo data refers to ${kind} '${code}', which it does not define.`);
  return id;
}
