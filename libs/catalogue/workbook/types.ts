import type { ErrorDetail } from '../../common/index.js';
import type { Period } from '../../periods/index.js';
import type { Area } from '../area.entity.js';
import type { AreaKind, Frequency, GroupKind, IndicatorPolarity, RollUp, Unit } from '../catalogue.types.js';
import type { Group } from '../group.entity.js';
import type { Indicator } from '../indicator.entity.js';
import type { Plan } from '../plan.entity.js';
import type { Priority } from '../priority.entity.js';
import type { TargetSettings } from '../target-values.js';

/** What the catalogue holds and what a workbook says: the records, rows and parse outcome. */

// ---------------------------------------------------------------------------------------------------
// What the catalogue holds (a snapshot read in the import's transaction) and what a workbook says.

export type PlanRecord = Pick<Plan, 'id' | 'code' | 'title' | 'startYear' | 'endYear'>;
export type PriorityRecord = Pick<
  Priority,
  'id' | 'planId' | 'code' | 'title' | 'description' | 'accountableMember' | 'displayOrder'
>;
export type GroupRecord = Pick<Group, 'id' | 'code' | 'name' | 'kind' | 'parentId' | 'returnsDueWorkingDays'>;
export type AreaRecord = Pick<
  Area,
  'id' | 'code' | 'name' | 'kind' | 'parentCode' | 'isHome' | 'isStatisticalNeighbour'
>;
export type IndicatorRecord = Pick<
  Indicator,
  | 'id'
  | 'code'
  | 'title'
  | 'definition'
  | 'unit'
  | 'decimalPlaces'
  | 'polarity'
  | 'frequency'
  | 'rollUp'
  | 'cumulativeYtd'
  | 'reportedByArea'
  | 'priorityId'
  | 'dataSource'
  | 'plausibleMin'
  | 'plausibleMax'
>;

export interface TargetRecord {
  readonly id: string;
  readonly indicatorId: string;
  readonly areaId: string | null;
  readonly period: Period;
  readonly version: number;
  readonly settings: TargetSettings;
  readonly owningGroupId: string;
}

export interface CatalogueSnapshot {
  readonly plans: readonly PlanRecord[];
  readonly priorities: readonly PriorityRecord[];
  readonly groups: readonly GroupRecord[];
  readonly areas: readonly AreaRecord[];
  readonly indicators: readonly IndicatorRecord[];
  readonly targets: readonly TargetRecord[];
}

/** The sheet row a workbook row came from, for messages. */
export interface FromRow {
  readonly row: number;
}

export interface PlanRow extends FromRow {
  code: string;
  title: string;
  startYear: number;
  endYear: number;
}

export interface PriorityRow extends FromRow {
  planCode: string;
  code: string;
  title: string;
  description: string;
  accountableMember: string;
  displayOrder: number;
}

export interface GroupRow extends FromRow {
  code: string;
  name: string;
  kind: GroupKind;
  parentCode: string | null;
  returnsDueWorkingDays: number;
}

export interface AreaRow extends FromRow {
  code: string;
  name: string;
  kind: AreaKind;
  parentCode: string | null;
  isHome: boolean;
  isStatisticalNeighbour: boolean;
}

export interface IndicatorRow extends FromRow {
  code: string;
  title: string;
  definition: string;
  unit: Unit;
  decimalPlaces: number;
  polarity: IndicatorPolarity;
  frequency: Frequency;
  rollUp: RollUp;
  cumulativeYtd: boolean;
  reportedByArea: boolean;
  /** `P1`, or `PLAN/P1` where two plans use the same priority code. */
  priorityRef: string;
  dataSource: string;
  plausibleMin: number | null;
  plausibleMax: number | null;
}

export interface TargetRow extends FromRow {
  indicatorCode: string;
  /** Null: the whole local authority. */
  areaCode: string | null;
  period: Period;
  settings: TargetSettings;
  owningGroupCode: string;
  changeReason: string | null;
}

export interface CatalogueWorkbookRows {
  readonly plans: PlanRow[];
  readonly priorities: PriorityRow[];
  readonly groups: GroupRow[];
  readonly areas: AreaRow[];
  readonly indicators: IndicatorRow[];
  readonly targets: TargetRow[];
}

export type CatalogueWorkbookParse =
  | { readonly ok: true; readonly rows: CatalogueWorkbookRows }
  | {
      readonly ok: false;
      /** At most MAX_PROBLEMS_LISTED, then one line counting the rest. */
      readonly problems: ErrorDetail[];
      readonly problemCount: number;
    };
