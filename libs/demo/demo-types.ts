import { type Role } from '../access/index.js';
import {
  type AreaKind,
  type BandKind,
  type Frequency,
  type GroupKind,
  type IndicatorPolarity,
  type RollUp,
  type Unit,
} from '../catalogue/index.js';
import { type IsoDate, type Period } from '../periods/index.js';
import { type ValueStatus } from '../returns/index.js';

/** The shapes of the demo partnership and its fixed names. */

export const DEMO_EMAIL_DOMAIN = 'demo.cypp.local';
export const DEMO_HOME_AREA_CODE = 'E10000019';
/** The partnership board's code: its presence means the demo has been seeded. */
export const DEMO_BOARD_GROUP_CODE = 'CYPSP';
export const DEMO_HISTORY_QUARTERS = 12;

export interface DemoBand {
  kind: BandKind;
  amount: number;
}

export interface DemoPlan {
  code: string;
  title: string;
  startYear: number;
  endYear: number;
}

export interface DemoPriority {
  code: string;
  title: string;
  description: string;
  accountableMember: string;
  displayOrder: number;
}

export interface DemoArea {
  code: string;
  name: string;
  kind: AreaKind;
  parentCode: string | null;
  isHome: boolean;
  isStatisticalNeighbour: boolean;
}

export interface DemoGroup {
  code: string;
  name: string;
  kind: GroupKind;
  /** Listed after its parent, so groups can be created in order. */
  parentCode: string | null;
  returnsDueWorkingDays: number;
}

export interface DemoIndicator {
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
  priorityCode: string;
  dataSource: string;
  plausibleMin: number | null;
  plausibleMax: number | null;
}

export interface DemoTargetValues {
  value: number | null;
  rangeLow: number | null;
  rangeHigh: number | null;
  tolerance: DemoBand;
  exceptional: DemoBand;
  agreedBy: string;
  agreedOn: IsoDate;
}

/** A later, in-year version of an agreed target. */
export interface DemoTargetRevision extends DemoTargetValues {
  reason: string;
}

/** Lead responsibility moved to another group; it submits returns from `effectiveFrom` on. */
export interface DemoOwnerChange {
  groupCode: string;
  reason: string;
  effectiveFrom: Period;
}

export interface DemoTarget extends DemoTargetValues {
  indicatorCode: string;
  period: Period;
  owningGroupCode: string;
  revisions: DemoTargetRevision[];
  ownerChanges: DemoOwnerChange[];
}

export interface DemoValue {
  indicatorCode: string;
  areaCode: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  status: ValueStatus;
  suppressionMarker: string | null;
  commentary: string | null;
}

export interface DemoReturn {
  groupCode: string;
  period: Period;
  fileName: string;
  receivedOn: IsoDate;
  rows: DemoValue[];
}

export interface DemoUser {
  email: string;
  displayName: string;
  role: Role;
  groupCodes: string[];
}

export interface DemoPartnership {
  latestQuarter: Period;
  plan: DemoPlan;
  priorities: DemoPriority[];
  areas: DemoArea[];
  groups: DemoGroup[];
  indicators: DemoIndicator[];
  targets: DemoTarget[];
  /** In the order they were received; a later return for the same group and period supersedes. */
  returns: DemoReturn[];
  users: DemoUser[];
}

export interface DemoPartnershipOptions {
  /** The last quarter with returns; history runs for the 12 quarters ending with it. */
  latestQuarter: Period;
}
