import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PoolClient } from 'pg';
import { groupScopeOf, maySeeGroup, type Actor } from '../access/index.js';
import { Clock, pageOf, skipFor, type Page, type PageRequest } from '../common/index.js';
import { withRawClient } from '../database/index.js';
import type { Band, Polarity } from '../evaluation/index.js';
import { dateInEngland, periodContaining, previousPeriod, type Period } from '../periods/index.js';
import type { RagRating, SpcLimits } from '../reporting/index.js';
import {
  EXCEPTION_KIND_LABELS,
  loadCatalogueFacts,
  loadStamps,
  loadOpenExceptions,
  loadScorecardEntries,
  loadTargetSubject,
  periodInfo,
  type CatalogueFacts,
  type ExceptionKind,
  type OpenExceptionRow,
  type PeriodInfo,
  type ScorecardEntry,
} from '../series/index.js';
import { ScorecardError, ScorecardErrorCode } from './scorecard.error.js';

export const RAG_FILTERS = ['green', 'amber', 'red', 'none'] as const satisfies readonly RagRating[];

export interface ScorecardFilter {
  /** The period the scorecard is for; the last complete quarter (in England) when absent. */
  readonly period?: Period;
  /** Area id or code; the home authority when absent. */
  readonly area?: string;
  /** Priority id or code. */
  readonly priority?: string;
  /** Owning group id or code. */
  readonly group?: string;
  readonly rag?: readonly RagRating[];
  /** Only targets with an open exception of one of these kinds. */
  readonly exceptionKind?: readonly ExceptionKind[];
}

export interface OpenExceptionRef {
  id: string;
  kind: ExceptionKind;
  kindLabel: string;
  positive: boolean;
  status: string;
  period: string;
  summary: string;
}

export interface ComparatorFigure {
  name: string;
  value: number | null;
  /** e.g. "Better than England"; null when there is nothing to compare. */
  comparison: string | null;
}

/** One target on the scorecard: the same figures the board scorecard shows for it, as data. */
export interface ScorecardTargetView {
  targetId: string;
  indicator: {
    id: string;
    code: string;
    title: string;
    unit: string;
    decimalPlaces: number;
    polarity: Polarity;
  };
  priority: { id: string; code: string; title: string } | null;
  owningGroup: { id: string; code: string; name: string };
  area: { id: string; code: string; name: string };
  latest: { period: string; value: number | null; status: string } | null;
  target: {
    value: number | null;
    rangeLow: number | null;
    rangeHigh: number | null;
    label: string;
    /** The target the latest value is judged against, e.g. "2025-26" or "2025-26 Q2". */
    period: string | null;
  };
  tolerance: Band;
  rag: RagRating;
  ragLabel: string;
  directionOfTravel: { vsPrevious: string; vsLastYear: string };
  spc: { variation: string; assurance: string; explanation: string };
  england: ComparatorFigure;
  region: ComparatorFigure | null;
  forecast: { value: number | null; method: string; targetUnlikelyToBeMet: boolean; label: string } | null;
  openExceptions: OpenExceptionRef[];
}

export interface ScorecardPage extends Page<ScorecardTargetView> {
  period: Period & { label: string; key: string };
  area: { id: string; code: string; name: string };
}

export interface SeriesPoint {
  period: string;
  periodKey: string;
  value: number | null;
  status: string | null;
  /** The SPC point type (Making Data Count), when the series is long enough to chart. */
  pointType: string | null;
  /** The target the point is judged against (profiled in-year), or null. */
  target: number | { low: number; high: number } | null;
}

export interface ScorecardTargetDetail extends ScorecardTargetView {
  period: Period & { label: string; key: string };
  series: SeriesPoint[];
  /** The XmR chart's mean and process limits per point (Making Data Count); null under 7 values. */
  limits: SpcLimits | null;
  comparators: { name: string; points: { period: string; value: number | null }[] }[];
}

/** Evaluated scorecards kept per area and period while the figures stand (about 1 MB each at 500 targets). */
const CACHED_SCORECARDS = 64;

interface Evaluated {
  readonly catalogue: CatalogueFacts;
  readonly areaId: string;
  readonly entries: readonly ScorecardEntry[];
  /** Every entry's view with its open exceptions, as they stood at an exceptions stamp. */
  views: { readonly stamp: string; readonly items: readonly ScorecardItem[] } | null;
}

interface ScorecardItem {
  readonly entry: ScorecardEntry;
  readonly view: ScorecardTargetView;
}

/**
 * The scorecard API over the read model: every target for a period, with the figures the board
 * scorecard shows (built by the same loadScorecardEntries), filterable and paginated. Data officers and
 * returns tokens see their own groups' targets; everyone else with the permission sees all.
 */
@Injectable()
export class ScorecardService {
  /** By figures stamp, area and period; a new return, target or import changes the stamp. */
  private readonly evaluated = new Map<string, Evaluated>();
  private catalogue: { stamp: string; facts: CatalogueFacts } | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** The last complete quarter on the clock's date in England: what a scorecard shows by default. */
  defaultPeriod(): Period {
    return previousPeriod(periodContaining('quarter', dateInEngland(this.clock.now())));
  }

  async list(filter: ScorecardFilter, page: PageRequest | null, actor: Actor): Promise<ScorecardPage> {
    const period = periodInfo(filter.period ?? this.defaultPeriod());
    const { catalogue, items: visible, areaId } = await this.items(filter, period, actor);
    let views = visible.map((item) => item.view);
    if (filter.rag?.length) views = views.filter((view) => filter.rag!.includes(view.rag));
    if (filter.exceptionKind?.length) {
      views = views.filter((view) => view.openExceptions.some((e) => filter.exceptionKind!.includes(e.kind)));
    }
    const request = page ?? { page: 1, pageSize: Math.max(views.length, 1) };
    const items = views.slice(skipFor(request), skipFor(request) + request.pageSize);
    return {
      ...pageOf(items, views.length, request),
      period: { ...period.period, label: period.label, key: period.key },
      area: this.areaRef(catalogue, areaId),
    };
  }

  async target(
    targetId: string,
    filter: Pick<ScorecardFilter, 'period' | 'area'>,
    actor: Actor,
  ): Promise<ScorecardTargetDetail> {
    const notFound = () =>
      new ScorecardError(ScorecardErrorCode.NotFound, `No target '${targetId}' is on the scorecard.`);
    const subject = await withRawClient(this.dataSource, (client) => loadTargetSubject(client, targetId));
    if (!subject) throw notFound();
    const period = periodInfo(filter.period ?? this.defaultPeriod());
    const { items } = await this.items({ ...filter, area: filter.area ?? subject.areaId ?? undefined }, period, actor);
    const item = items.find((candidate) => candidate.entry.target.targetId === targetId);
    if (!item) throw notFound();
    const { entry, view } = item;
    const chart = entry.spc;
    const detail: ScorecardTargetDetail = {
      ...view,
      period: { ...period.period, label: period.label, key: period.key },
      series: entry.slots.map((slot, index) => ({
        period: slot.period.label,
        periodKey: slot.period.key,
        value: slot.usable,
        status: slot.point?.status ?? null,
        pointType: chart?.points[index]?.pointType ?? null,
        target: entry.evaluation.applicable(slot.period)?.comparedWith ?? null,
      })),
      limits: entry.row.spcLimits ? { ...entry.row.spcLimits } : null,
      comparators: (entry.row.comparatorSeries ?? []).map((series) => ({
        name: series.name,
        points: series.points.map((point) => ({ period: point.label, value: point.value })),
      })),
    };
    return detail;
  }

  /** The targets the actor may see, after the filters that do not depend on figures. */
  private async items(
    filter: ScorecardFilter,
    period: PeriodInfo,
    actor: Actor,
  ): Promise<{ catalogue: CatalogueFacts; areaId: string; items: ScorecardItem[] }> {
    return withRawClient(this.dataSource, async (client) => {
      const { figures: stamp, exceptions: exceptionsStamp } = await loadStamps(client);
      const catalogue = await this.catalogueFor(client, stamp);
      const areaId = this.resolveArea(catalogue, filter.area);
      const priorityId = filter.priority ? this.resolvePriority(catalogue, filter.priority) : null;
      const groupId = filter.group ? this.resolveGroup(catalogue, filter.group) : null;
      const evaluated = await this.evaluatedFor(client, stamp, catalogue, areaId, period);
      // Exceptions change with every evaluation and lifecycle step, without changing the figures.
      if (evaluated.views?.stamp !== exceptionsStamp) {
        const open = new Map<string, OpenExceptionRef[]>();
        const ids = evaluated.entries.map((entry) => entry.indicator.id);
        for (const row of ids.length > 0 ? await loadOpenExceptions(client, areaId, ids, period.period.end) : []) {
          const list = open.get(row.indicatorId) ?? [];
          list.push(openExceptionRef(row));
          open.set(row.indicatorId, list);
        }
        evaluated.views = {
          stamp: exceptionsStamp,
          items: evaluated.entries.map((entry) => ({
            entry,
            view: this.view(entry, catalogue, areaId, open.get(entry.indicator.id) ?? []),
          })),
        };
      }
      if (groupId && !maySeeGroup(actor, groupId)) return { catalogue, areaId, items: [] };
      const scope = groupScopeOf(actor);
      const items = evaluated.views.items.filter(
        ({ entry }) =>
          (scope === null || scope.includes(entry.target.owningGroupId)) &&
          (!groupId || entry.target.owningGroupId === groupId) &&
          (!priorityId || entry.indicator.priorityId === priorityId),
      );
      return { catalogue, areaId, items };
    });
  }

  private async catalogueFor(client: PoolClient, stamp: string): Promise<CatalogueFacts> {
    if (this.catalogue?.stamp !== stamp) this.catalogue = { stamp, facts: await loadCatalogueFacts(client) };
    return this.catalogue.facts;
  }

  /** Every target of the area for the period, evaluated once per figures stamp. */
  private async evaluatedFor(
    client: PoolClient,
    stamp: string,
    catalogue: CatalogueFacts,
    areaId: string,
    period: PeriodInfo,
  ): Promise<Evaluated> {
    const key = `${stamp}#${areaId}#${period.key}`;
    const cached = this.evaluated.get(key);
    if (cached) return cached;
    const entries = await loadScorecardEntries(client, catalogue, { areaId, period, dataCut: null });
    const evaluated: Evaluated = { catalogue, areaId, entries, views: null };
    // Scorecards of older figures are never asked for again; beyond the limit the oldest goes.
    for (const old of [...this.evaluated.keys()]) if (!old.startsWith(`${stamp}#`)) this.evaluated.delete(old);
    if (this.evaluated.size >= CACHED_SCORECARDS) this.evaluated.delete(this.evaluated.keys().next().value!);
    this.evaluated.set(key, evaluated);
    return evaluated;
  }

  private view(
    entry: ScorecardEntry,
    catalogue: CatalogueFacts,
    areaId: string,
    open: OpenExceptionRef[],
  ): ScorecardTargetView {
    const { indicator, row } = entry;
    const priority = catalogue.priorities.find((p) => p.id === indicator.priorityId) ?? null;
    const groupId = entry.target.owningGroupId;
    return {
      targetId: entry.target.targetId,
      indicator: {
        id: indicator.id,
        code: indicator.code,
        title: indicator.title,
        unit: indicator.unit,
        decimalPlaces: indicator.decimalPlaces,
        polarity: indicator.polarity,
      },
      priority: priority ? { id: priority.id, code: priority.code, title: priority.title } : null,
      owningGroup: { id: groupId, code: catalogue.groupCodes.get(groupId) ?? '', name: row.owningGroup },
      area: this.areaRef(catalogue, areaId),
      latest: entry.latest
        ? { period: row.latest.periodLabel, value: row.latest.value, status: row.latest.status }
        : null,
      target: { ...row.target, period: entry.applicable?.target.period.label ?? null },
      tolerance: entry.tolerance,
      rag: row.rag,
      ragLabel: row.ragLabel,
      directionOfTravel: { ...row.directionOfTravel },
      spc: { ...row.spc },
      england: {
        name: 'England',
        value: row.comparators.england,
        comparison: row.comparators.england === null ? null : row.comparators.comparison,
      },
      region: catalogue.region
        ? { name: catalogue.region.name, value: row.comparators.region ?? null, comparison: entry.regionComparison }
        : null,
      forecast:
        entry.forecast && entry.forecast.forecastValue !== null && row.forecast
          ? {
              value: entry.forecast.forecastValue,
              method: entry.forecast.method,
              targetUnlikelyToBeMet: entry.forecast.likelihood.unlikely,
              label: row.forecast,
            }
          : null,
      openExceptions: open,
    };
  }

  private areaRef(catalogue: CatalogueFacts, areaId: string) {
    const area = catalogue.areaNames.get(areaId);
    return { id: areaId, code: area?.code ?? '', name: area?.name ?? '' };
  }

  private resolveArea(catalogue: CatalogueFacts, area: string | undefined): string {
    if (!area) {
      if (!catalogue.homeAreaId)
        throw new ScorecardError(ScorecardErrorCode.NotFound, 'No home authority is set up yet.');
      return catalogue.homeAreaId;
    }
    for (const [id, names] of catalogue.areaNames) if (id === area || names.code === area) return id;
    throw new ScorecardError(ScorecardErrorCode.InvalidFilter, `area: no area has the id or code '${area}'.`);
  }

  private resolvePriority(catalogue: CatalogueFacts, priority: string): string {
    const found = catalogue.priorities.find((p) => p.id === priority || p.code === priority);
    if (!found)
      throw new ScorecardError(
        ScorecardErrorCode.InvalidFilter,
        `priority: no priority has the id or code '${priority}'.`,
      );
    return found.id;
  }

  private resolveGroup(catalogue: CatalogueFacts, group: string): string {
    for (const [id, code] of catalogue.groupCodes) if (id === group || code === group) return id;
    throw new ScorecardError(ScorecardErrorCode.InvalidFilter, `group: no group has the id or code '${group}'.`);
  }
}

function openExceptionRef(row: OpenExceptionRow): OpenExceptionRef {
  return {
    id: row.id,
    kind: row.kind,
    kindLabel: EXCEPTION_KIND_LABELS[row.kind],
    positive: row.positive,
    status: row.status,
    period: row.period.label,
    summary: row.summary,
  };
}
