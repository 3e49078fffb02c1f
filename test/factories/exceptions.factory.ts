import { createHash, randomBytes } from 'node:crypto';
import { type Actor, systemActor } from '../../libs/access/index.js';
import {
  CatalogueService,
  TargetsService,
  type Area,
  type Group,
  type Indicator,
  type IndicatorInput,
  type NewTarget,
  type TargetView,
} from '../../libs/catalogue/index.js';
import { addDays, formatPeriod, quarter, type Period } from '../../libs/periods/index.js';
import { QueueName, QueueService } from '../../libs/queue/index.js';
import { ReturnsStore, type AcceptOutcome, type ReturnRow } from '../../libs/returns/index.js';
import { until } from './until.js';

type Services = { get<T>(token: new (...args: never[]) => T): T };

const actor = systemActor('test');

/** Quarters from `from` (financial year, quarter) for `count` quarters, oldest first. */
export function quarters(fromYear: number, fromQuarter: number, count: number): Period[] {
  return Array.from({ length: count }, (_, i) => {
    const n = fromQuarter - 1 + i;
    return quarter(fromYear + Math.floor(n / 4), (n % 4) + 1);
  });
}

/**
 * A small partnership built through the real services, for exception tests: a plan with one priority,
 * groups, a home authority and indicators with defaults a test overrides in part, targets, and returns
 * accepted through ReturnsStore (so every return enqueues its evaluation after commit, as in production).
 */
export class ScorecardFactory {
  private readonly catalogue: CatalogueService;
  private readonly targets: TargetsService;
  private readonly returns: ReturnsStore;
  private sequence = 0;
  priorityId = '';
  home!: Area;

  constructor(
    services: Services,
    private readonly prefix = 'X',
  ) {
    this.catalogue = services.get(CatalogueService);
    this.targets = services.get(TargetsService);
    this.returns = services.get(ReturnsStore);
  }

  async setUp(): Promise<this> {
    const plan = await this.catalogue.createPlan(
      { code: `${this.prefix}-CYPP`, title: 'CYPP 2024-27', startYear: 2024, endYear: 2026 },
      actor,
    );
    const priority = await this.catalogue.createPriority(
      { planId: plan.id, code: `${this.prefix}-P1`, title: 'Stay safe' },
      actor,
    );
    this.priorityId = priority.id;
    this.home =
      (await this.catalogue.homeArea()) ??
      (await this.catalogue.createArea(
        { code: `${this.prefix}-HOME`, name: 'Lincolnshire', kind: 'local_authority', isHome: true },
        actor,
      ));
    return this;
  }

  group(code: string, returnsDueWorkingDays = 10): Promise<Group> {
    return this.catalogue.createGroup(
      { code: `${this.prefix}-${code}`, name: `${code} group`, kind: 'lead_group', returnsDueWorkingDays },
      actor,
    );
  }

  area(code: string, overrides: Partial<Parameters<CatalogueService['createArea']>[0]> = {}): Promise<Area> {
    return this.catalogue.createArea(
      { code: `${this.prefix}-${code}`, name: code, kind: 'locality', ...overrides },
      actor,
    );
  }

  /** Defaults: a percentage to one decimal place, higher is better, quarterly, recomputed from counts. */
  indicator(code: string, overrides: Partial<IndicatorInput> = {}): Promise<Indicator> {
    return this.catalogue.createIndicator(
      {
        code: `${this.prefix}-${code}`,
        title: `Indicator ${code}`,
        unit: 'percentage',
        decimalPlaces: 1,
        polarity: 'higher_is_better',
        frequency: 'quarterly',
        rollUp: 'recompute',
        priorityId: this.priorityId,
        ...overrides,
      },
      actor,
    );
  }

  /** Defaults: target 80, amber within 2, well above target from 5 better. */
  target(indicator: Indicator, period: Period, owner: Group, overrides: Partial<NewTarget> = {}): Promise<TargetView> {
    return this.targets.create(
      {
        indicatorId: indicator.id,
        period,
        owningGroupId: owner.id,
        value: 80,
        tolerance: { kind: 'absolute', amount: 2 },
        exceptional: { kind: 'absolute', amount: 5 },
        ...overrides,
      },
      actor,
    );
  }

  /**
   * Accepts a group's return for a period, received three days after the period ended unless told.
   * `values` maps an indicator to its value (or value with counts) in the home area unless an area is given.
   */
  submit(
    group: Group,
    period: Period,
    values: readonly {
      indicator: Indicator;
      value: number | null;
      area?: Area;
      numerator?: number;
      denominator?: number;
      commentary?: string;
    }[],
    receivedAt: Date = new Date(`${addDays(period.end, 3)}T10:00:00Z`),
    by: Actor = actor,
  ): Promise<AcceptOutcome> {
    const rows: ReturnRow[] = values.map((v) => ({
      indicatorId: v.indicator.id,
      areaId: (v.area ?? this.home).id,
      value: v.value,
      numerator: v.numerator ?? null,
      denominator: v.denominator ?? null,
      status: v.value === null ? 'suppressed' : 'actual',
      suppressionMarker: v.value === null ? 'c' : null,
      commentary: v.commentary ?? null,
    }));
    const content = `${group.id}|${formatPeriod(period)}|${JSON.stringify(rows)}|${this.sequence++}|${randomBytes(4).toString('hex')}`;
    return this.returns.accept(
      {
        groupId: group.id,
        period,
        fileName: `${group.code}-${formatPeriod(period)}.csv`,
        sha256: createHash('sha256').update(content).digest('hex'),
        byteSize: content.length,
        source: 'upload',
        receivedAt,
        rows,
      },
      by,
    );
  }
}

/** Waits (bounded) until the evaluation queue has nothing waiting or running (the nightly rebuild stays delayed). */
export async function evaluationQueueDrained(services: Services, timeoutMs = 30_000): Promise<void> {
  const queue = services.get(QueueService).queue(QueueName.Evaluation);
  await until(
    async () => {
      const counts = await queue.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children', 'failed');
      if (counts['failed']) {
        const [failed] = await queue.getFailed(0, 0);
        throw new Error(`an evaluation job failed: ${failed?.failedReason}`);
      }
      return !counts['waiting'] && !counts['active'] && !counts['prioritized'] && !counts['waiting-children'];
    },
    'the evaluation queue to drain',
    timeoutMs,
  );
}
