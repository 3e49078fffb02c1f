import ExcelJS from 'exceljs';
import type { ErrorDetail } from '../common/index.js';
import { formatPeriod, isIsoDate, parsePeriod, type Period } from '../periods/index.js';
import {
  cellRef,
  isErrorCell,
  isFormulaCell,
  parseNumber,
  safeCellText,
  unusualCharacters,
  type XlsxCell,
  type XlsxRow,
} from '../spreadsheets/index.js';
import type { Area } from './area.entity.js';
import {
  AREA_KINDS,
  type AreaKind,
  BAND_KINDS,
  type BandKind,
  CODE_MAX_LENGTH,
  CODE_PATTERN,
  CODE_RULE,
  FREQUENCIES,
  type Frequency,
  GROUP_KINDS,
  type GroupKind,
  type IndicatorPolarity,
  POLARITIES,
  ROLL_UPS,
  type RollUp,
  type Unit,
  UNITS,
} from './catalogue.types.js';
import type { Group } from './group.entity.js';
import type { Indicator } from './indicator.entity.js';
import type { Plan } from './plan.entity.js';
import type { Priority } from './priority.entity.js';
import { type TargetSettings, targetValueChanges, targetValuesProblem } from './target-values.js';

/*
 * The catalogue workbook: the whole plan as one .xlsx that an admin downloads, edits and uploads again.
 * This file is the pure part: building the workbook from a snapshot of the catalogue, and reading
 * uploaded rows into checked rows or a list of every problem with its `Sheet!Cell`.
 */

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
interface FromRow {
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

// ---------------------------------------------------------------------------------------------------
// Sheets and columns. The order of each column list is the order of the columns in the sheet.

type CellKind = 'code' | 'text' | 'integer' | 'number' | 'choice' | 'yes_no' | 'date' | 'period' | 'read_only';

interface ColumnSpec {
  readonly header: string;
  /** How messages name the column: "polarity 'higher' is not one of …". */
  readonly name: string;
  readonly kind: CellKind;
  readonly required: boolean;
  /** For the Instructions sheet when a column is required only sometimes. */
  readonly requiredText?: string;
  readonly values?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  readonly maxLength?: number;
  readonly defaultValue?: number;
  /** A code that may be written `PLAN/PRIORITY`. */
  readonly planPrefix?: boolean;
  readonly width: number;
  readonly help: string;
}

type Columns<K extends string> = Readonly<Record<K, ColumnSpec>>;

interface SheetSpec<K extends string> {
  readonly name: string;
  readonly purpose: string;
  readonly columns: Columns<K>;
}

export const WORKBOOK_SHEET_NAMES = ['Priorities', 'Groups', 'Areas', 'Indicators', 'Targets'] as const;
export type WorkbookSheetName = (typeof WORKBOOK_SHEET_NAMES)[number];
export const INSTRUCTIONS_SHEET = 'Instructions';

const YES_NO = ['Y', 'N'] as const;
/** Nothing in a catalogue comes near this; a bigger sheet is a mistake or an attack. */
export const MAX_ROWS_PER_SHEET = 20_000;
/** The response lists at most this many problems; the rest are counted. */
export const MAX_PROBLEMS_LISTED = 500;

const code = (header: string, name: string, required: boolean, help: string, width = 16): ColumnSpec => ({
  header,
  name,
  kind: 'code',
  required,
  maxLength: CODE_MAX_LENGTH,
  width,
  help,
});
const text = (
  header: string,
  name: string,
  required: boolean,
  maxLength: number,
  width: number,
  help: string,
): ColumnSpec => ({
  header,
  name,
  kind: 'text',
  required,
  maxLength,
  width,
  help,
});
const choice = (header: string, name: string, values: readonly string[], help: string, width = 20): ColumnSpec => ({
  header,
  name,
  kind: 'choice',
  required: true,
  values,
  width,
  help,
});
const yesNo = (header: string, name: string, help: string): ColumnSpec => ({
  header,
  name,
  kind: 'yes_no',
  required: false,
  values: YES_NO,
  width: 14,
  help: `${help} Y or N; blank means N.`,
});
const integer = (
  header: string,
  name: string,
  min: number,
  max: number,
  defaultValue: number | undefined,
  width: number,
  help: string,
): ColumnSpec => ({
  header,
  name,
  kind: 'integer',
  required: defaultValue === undefined,
  min,
  max,
  defaultValue,
  width,
  help: defaultValue === undefined ? help : `${help} Blank means ${defaultValue}.`,
});
const number = (
  header: string,
  name: string,
  required: boolean,
  min: number | undefined,
  width: number,
  help: string,
): ColumnSpec => ({
  header,
  name,
  kind: 'number',
  required,
  min,
  width,
  help,
});

const PRIORITIES_SHEET: SheetSpec<
  | 'planCode'
  | 'planTitle'
  | 'planStartYear'
  | 'planEndYear'
  | 'priorityCode'
  | 'priorityTitle'
  | 'description'
  | 'accountableMember'
  | 'displayOrder'
> = {
  name: 'Priorities',
  purpose:
    'One row per plan priority, with its plan repeated on each row. Every row of a plan must give the same plan title and years. ' +
    'A plan with no priorities yet is a row with the priority columns left blank.',
  columns: {
    planCode: code('Plan code', 'plan code', true, 'The plan (CYPP), e.g. CYPP-2024-27.'),
    planTitle: text('Plan title', 'plan title', true, 300, 40, "The plan's title."),
    planStartYear: integer(
      'Plan start year',
      'plan start year',
      2000,
      2100,
      undefined,
      16,
      'First financial year of the plan: 2024 for a plan starting in 2024-25.',
    ),
    planEndYear: integer(
      'Plan end year',
      'plan end year',
      2000,
      2100,
      undefined,
      16,
      'Start year of its last financial year: 2026 for a 2024-27 plan.',
    ),
    priorityCode: {
      ...code('Priority code', 'priority code', false, 'The priority, unique within its plan, e.g. P1.'),
      requiredText: 'yes, unless the row is a plan with no priorities',
    },
    priorityTitle: {
      ...text('Priority title', 'priority title', false, 300, 36, 'The priority or outcome area, e.g. Be healthy.'),
      requiredText: 'with a priority code',
    },
    description: text('Description', 'description', false, 4000, 40, 'What the priority covers.'),
    accountableMember: text(
      'Accountable board member',
      'accountable board member',
      false,
      300,
      28,
      'The board member accountable for the priority.',
    ),
    displayOrder: integer('Order', 'order', 0, 100_000, 0, 10, 'Where the priority comes in reports, smallest first.'),
  },
};

const GROUPS_SHEET: SheetSpec<'code' | 'name' | 'kind' | 'reportsTo' | 'returnsDue'> = {
  name: 'Groups',
  purpose:
    'Every body in the partnership structure and who it reports to. A group may report to a group further down the sheet.',
  columns: {
    code: code('Code', 'code', true, 'The group, e.g. EWB.'),
    name: text('Name', 'name', true, 300, 40, "The group's name."),
    kind: choice('Kind', 'kind', GROUP_KINDS, 'What sort of body it is.', 24),
    reportsTo: code(
      'Reports to (group code)',
      'reports to',
      false,
      'The code of the group it reports to; blank at the top of the structure.',
      22,
    ),
    returnsDue: integer(
      'Returns due (working days)',
      'returns due',
      0,
      120,
      10,
      24,
      'Returns are due this many working days after a period ends.',
    ),
  },
};

const AREAS_SHEET: SheetSpec<'code' | 'name' | 'kind' | 'parentCode' | 'isHome' | 'isStatisticalNeighbour'> = {
  name: 'Areas',
  purpose: 'Where values apply: the local authority, its districts or localities, and comparators.',
  columns: {
    code: code(
      'Code (GSS)',
      'code',
      true,
      'The ONS GSS code where one exists (E10000019), otherwise a local code.',
      14,
    ),
    name: text('Name', 'name', true, 300, 32, "The area's name."),
    kind: choice('Kind', 'kind', AREA_KINDS, 'What sort of area it is.', 18),
    parentCode: code(
      'Parent code',
      'parent code',
      false,
      'The code of the area it sits in (a district → its county, a county → its region); not checked against this sheet, as comparators may sit in areas the catalogue does not hold.',
      14,
    ),
    isHome: yesNo(
      'Home authority (Y/N)',
      'home authority',
      "Y for the partnership's own local authority: only one area may have Y.",
    ),
    isStatisticalNeighbour: yesNo(
      'Statistical neighbour (Y/N)',
      'statistical neighbour',
      'Y for a statistical neighbour used as a comparator.',
    ),
  },
};

const INDICATORS_SHEET: SheetSpec<
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
  | 'priorityRef'
  | 'dataSource'
  | 'plausibleMin'
  | 'plausibleMax'
> = {
  name: 'Indicators',
  purpose: 'The measures, each under one plan priority.',
  columns: {
    code: code('Code', 'code', true, 'The indicator, e.g. CLA-RATE.'),
    title: text(
      'Title',
      'title',
      true,
      300,
      44,
      'What it measures, e.g. Children looked after, rate per 10,000 children under 18.',
    ),
    definition: text('Definition', 'definition', false, 4000, 40, 'How it is calculated.'),
    unit: choice('Unit', 'unit', UNITS, 'What a value is measured in.', 18),
    decimalPlaces: integer(
      'Decimal places',
      'decimal places',
      0,
      6,
      1,
      14,
      'How many decimal places values are shown with.',
    ),
    polarity: choice(
      'Polarity',
      'polarity',
      POLARITIES,
      'Whether a higher value is better, a lower value is better, or neither (an in-range target).',
      20,
    ),
    frequency: choice('Frequency', 'frequency', FREQUENCIES, 'How often values are reported.', 16),
    rollUp: choice(
      'Roll-up',
      'roll-up',
      ROLL_UPS,
      'How values combine over a year: sum them, recompute from numerators and denominators, take the latest, or average them.',
      12,
    ),
    cumulativeYtd: yesNo(
      'Cumulative YTD (Y/N)',
      'cumulative YTD',
      'Y when returns carry the year-to-date figure rather than the period on its own.',
    ),
    reportedByArea: yesNo(
      'Reported by area (Y/N)',
      'reported by area',
      'Y when values are reported for each district or locality as well as the whole authority.',
    ),
    priorityRef: {
      ...code(
        'Priority code',
        'priority code',
        true,
        'The priority it comes under. Where two plans use the same priority code, write PLAN/PRIORITY, e.g. CYPP-2024-27/P1.',
        18,
      ),
      maxLength: 2 * CODE_MAX_LENGTH + 1,
      planPrefix: true,
    },
    dataSource: text('Data source', 'data source', false, 300, 24, 'Where the figures come from, e.g. DfE SSDA903.'),
    plausibleMin: number(
      'Plausible min',
      'plausible min',
      false,
      undefined,
      14,
      'Values below this are flagged as a data-quality problem. Blank: no limit.',
    ),
    plausibleMax: number(
      'Plausible max',
      'plausible max',
      false,
      undefined,
      14,
      'Values above this are flagged as a data-quality problem. Blank: no limit.',
    ),
  },
};

const TARGETS_SHEET: SheetSpec<
  | 'indicatorCode'
  | 'areaCode'
  | 'period'
  | 'value'
  | 'rangeLow'
  | 'rangeHigh'
  | 'toleranceKind'
  | 'tolerance'
  | 'exceptionalKind'
  | 'exceptional'
  | 'agreedBy'
  | 'agreedOn'
  | 'owningGroupCode'
  | 'changeReason'
  | 'version'
> = {
  name: 'Targets',
  purpose:
    'One row per target: an indicator for a period, for the whole authority or one area. Changing an agreed target adds a new version ' +
    '(the earlier ones are kept) and needs a change reason. Changing the owning group is recorded with the change reason, if given.',
  columns: {
    indicatorCode: code(
      'Indicator code',
      'indicator code',
      true,
      'The indicator (a code from the Indicators sheet or already in the catalogue).',
    ),
    areaCode: code(
      'Area code (blank = whole authority)',
      'area code',
      false,
      'Blank for the whole local authority, or an area code for a district or locality target.',
      20,
    ),
    period: {
      header: 'Period',
      name: 'period',
      kind: 'period',
      required: true,
      width: 16,
      help: 'The period the target is for, as a label: 2024-25, 2024-25 Q2, 2024-25 H1, Sep 2024, 2024/25 academic year.',
    },
    value: {
      ...number(
        'Target value',
        'target value',
        false,
        undefined,
        14,
        'The target. Leave blank for an in-range target and give the range instead.',
      ),
      requiredText: 'unless a range is given',
    },
    rangeLow: {
      ...number('Range low', 'range low', false, undefined, 12, 'Low end of an in-range target (inclusive).'),
      requiredText: 'for a range',
    },
    rangeHigh: {
      ...number('Range high', 'range high', false, undefined, 12, 'High end of an in-range target (inclusive).'),
      requiredText: 'for a range',
    },
    toleranceKind: choice(
      'Tolerance kind',
      'tolerance kind',
      BAND_KINDS,
      "Whether the tolerance is in the indicator's units (absolute) or a fraction of the target (relative: 0.05 is 5%).",
      16,
    ),
    tolerance: number(
      'Tolerance',
      'tolerance',
      true,
      0,
      12,
      'The amber band: worse than target but within this is amber, beyond it red. 0 for none.',
    ),
    exceptionalKind: choice(
      'Exceptional kind',
      'exceptional kind',
      BAND_KINDS,
      'As tolerance kind, for the exceptional band.',
      18,
    ),
    exceptional: number(
      'Exceptional band',
      'exceptional band',
      true,
      0,
      16,
      'Better than target by at least this counts as well above target (a positive exception).',
    ),
    agreedBy: text('Agreed by', 'agreed by', false, 300, 26, "Who agreed the target, e.g. Children's Trust Executive."),
    agreedOn: {
      header: 'Agreed on',
      name: 'agreed on',
      kind: 'date',
      required: false,
      width: 14,
      help: 'The date it was agreed: a date cell, 2024-03-14 or 14/03/2024.',
    },
    owningGroupCode: code(
      'Owning group code',
      'owning group code',
      true,
      'The lead group responsible for the target (a code from the Groups sheet or already in the catalogue).',
      18,
    ),
    changeReason: {
      ...text(
        'Change reason',
        'change reason',
        false,
        2000,
        36,
        'Why an agreed target changes. Leave blank when nothing changes; it is not kept for a new target.',
      ),
      requiredText: "when an existing target's values change",
    },
    version: {
      header: 'Version',
      name: 'version',
      kind: 'read_only',
      required: false,
      width: 10,
      help: 'The current version, for reference; ignored on upload.',
    },
  },
};

const SHEETS = [PRIORITIES_SHEET, GROUPS_SHEET, AREAS_SHEET, INDICATORS_SHEET, TARGETS_SHEET] as const;

function columnKeys<K extends string>(sheet: SheetSpec<K>): K[] {
  return Object.keys(sheet.columns) as K[];
}

function columnNumber<K extends string>(sheet: SheetSpec<K>, key: K): number {
  return columnKeys(sheet).indexOf(key) + 1;
}

// ---------------------------------------------------------------------------------------------------
// Problems, kept in sheet, row and column order so the list reads like the workbook.

interface Problem {
  readonly sheet: number;
  readonly row: number;
  readonly column: number;
  readonly location: string;
  readonly message: string;
}

class Problems {
  readonly list: Problem[] = [];

  add(sheet: string, row: number, column: number, message: string): void {
    const order = WORKBOOK_SHEET_NAMES.indexOf(sheet as WorkbookSheetName);
    this.list.push({ sheet: order, row, column, location: cellRef(sheet, column, row), message });
  }

  details(): ErrorDetail[] {
    const sorted = [...this.list].sort((a, b) => a.sheet - b.sheet || a.row - b.row || a.column - b.column);
    const listed: ErrorDetail[] = sorted
      .slice(0, MAX_PROBLEMS_LISTED)
      .map(({ location, message }) => ({ location, message }));
    if (sorted.length > MAX_PROBLEMS_LISTED) {
      listed.push({ message: `… and ${sorted.length - MAX_PROBLEMS_LISTED} more problems; fix these first.` });
    }
    return listed;
  }
}

// ---------------------------------------------------------------------------------------------------
// Reading cells.

const GUARDED = /^'[=+\-@\t\r]/;

/** Undoes `safeCellText`: the quote it adds on download is not part of the text. */
function unguard(value: string): string {
  return GUARDED.test(value) ? value.slice(1) : value;
}

function isBlank(cell: XlsxCell | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function quote(value: string): string {
  return value.length > 60 ? `'${value.slice(0, 57)}…'` : `'${value}'`;
}

/** Reads one row of a sheet; each reader records its own problems and answers null for a bad cell. */
class RowReader<K extends string> {
  private readonly failed = new Set<K>();

  constructor(
    private readonly sheet: SheetSpec<K>,
    readonly row: number,
    private readonly cells: readonly XlsxCell[],
    private readonly problems: Problems,
  ) {}

  get ok(): boolean {
    return this.failed.size === 0;
  }

  failedOn(key: K): boolean {
    return this.failed.has(key);
  }

  problem(key: K, message: string): void {
    this.failed.add(key);
    this.problems.add(this.sheet.name, this.row, columnNumber(this.sheet, key), message);
  }

  blank(key: K): boolean {
    return isBlank(this.cells[columnNumber(this.sheet, key) - 1]);
  }

  /** The cell's value, or undefined (after recording why) for a formula or an Excel error. */
  private raw(key: K): Exclude<XlsxCell, object> | Date | undefined {
    const cell = this.cells[columnNumber(this.sheet, key) - 1] ?? null;
    const spec = this.sheet.columns[key];
    if (isFormulaCell(cell)) {
      this.problem(key, `${spec.name} is a formula (=${cell.formula.slice(0, 40)}); type the value itself`);
      return undefined;
    }
    if (isErrorCell(cell)) {
      this.problem(key, `${spec.name} shows the Excel error ${cell.error}; type the value itself`);
      return undefined;
    }
    return cell;
  }

  private missing(key: K): null {
    const spec = this.sheet.columns[key];
    if (spec.required) {
      this.problem(
        key,
        spec.values ? `${spec.name} is required (one of ${spec.values.join(', ')})` : `${spec.name} is required`,
      );
    }
    return null;
  }

  /** Text as typed; blank gives ''. */
  text(key: K): string {
    const value = this.raw(key);
    const spec = this.sheet.columns[key];
    if (value === undefined) return '';
    if (value === null || (typeof value === 'string' && value.trim() === '')) {
      this.missing(key);
      return '';
    }
    const result = value instanceof Date ? isoDate(value) : typeof value === 'string' ? unguard(value) : String(value);
    if (spec.maxLength !== undefined && result.length > spec.maxLength) {
      this.problem(key, `${spec.name} is longer than ${spec.maxLength} characters (${result.length})`);
    }
    return result;
  }

  code(key: K): string | null {
    const value = this.text(key).trim();
    if (value === '') return null;
    const spec = this.sheet.columns[key];
    const parts = spec.planPrefix ? value.split('/') : [value];
    if (parts.length > 2 || parts.some((part) => !CODE_PATTERN.test(part) || part.length > CODE_MAX_LENGTH)) {
      this.problem(key, `${spec.name} ${quote(value)} ${CODE_RULE}${unusualCharacters(value)}`);
      return null;
    }
    return value;
  }

  integer(key: K): number | null {
    const spec = this.sheet.columns[key];
    const value = this.raw(key);
    if (value === undefined) return null;
    if (isBlank(value)) return spec.defaultValue ?? this.missing(key);
    const parsed = typeof value === 'number' || typeof value === 'string' ? parseNumber(value) : null;
    const range = `a whole number from ${spec.min} to ${spec.max}`;
    if (
      !parsed?.ok ||
      parsed.value === null ||
      !Number.isInteger(parsed.value) ||
      parsed.value < spec.min! ||
      parsed.value > spec.max!
    ) {
      this.problem(
        key,
        `${spec.name} ${quote(String(value instanceof Date ? isoDate(value) : value))} is not ${range}`,
      );
      return null;
    }
    return parsed.value;
  }

  number(key: K): number | null {
    const spec = this.sheet.columns[key];
    const value = this.raw(key);
    if (value === undefined) return null;
    if (isBlank(value)) return this.missing(key);
    if (typeof value !== 'number' && typeof value !== 'string') {
      this.problem(
        key,
        value instanceof Date
          ? `${spec.name} ${quote(isoDate(value))} is a date, not a number; format the cell as a number`
          : `${spec.name} ${quote(String(value))} is not a number`,
      );
      return null;
    }
    const parsed = parseNumber(value);
    if (!parsed.ok) {
      this.problem(key, `${spec.name}: ${parsed.message}`);
      return null;
    }
    if (parsed.value !== null && spec.min !== undefined && parsed.value < spec.min) {
      this.problem(key, `${spec.name} cannot be below ${spec.min} (${parsed.value})`);
      return null;
    }
    return parsed.value;
  }

  /** One of the column's values; case, spaces and hyphens are forgiven ("Higher is better"). */
  choice<T extends string>(key: K): T | null {
    const spec = this.sheet.columns[key];
    const value = this.text(key).trim();
    if (value === '') return null;
    const normalised = value.toLowerCase().replace(/[\s-]+/g, '_');
    const match = spec.values!.find((allowed) => allowed === normalised);
    if (!match) {
      this.problem(key, `${spec.name} ${quote(value)} is not one of ${spec.values!.join(', ')}`);
      return null;
    }
    return match as T;
  }

  yesNo(key: K): boolean {
    const spec = this.sheet.columns[key];
    const value = this.raw(key);
    if (value === undefined || isBlank(value)) return false;
    if (typeof value === 'boolean') return value;
    const answer = String(value).trim().toUpperCase();
    if (answer === 'Y' || answer === 'YES') return true;
    if (answer === 'N' || answer === 'NO') return false;
    this.problem(key, `${spec.name} ${quote(String(value instanceof Date ? isoDate(value) : value))} is not Y or N`);
    return false;
  }

  /** An ISO date from a date cell, an Excel day number, `2024-03-14` or `14/03/2024`. */
  date(key: K): string | null {
    const spec = this.sheet.columns[key];
    const value = this.raw(key);
    if (value === undefined) return null;
    if (isBlank(value)) return this.missing(key);
    if (value instanceof Date) return isoDate(value);
    if (typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 2_958_466) {
      // Excel's day 1 is 1900-01-01, counted as if 1900 were a leap year, hence the 1899-12-30 epoch.
      return isoDate(new Date(Date.UTC(1899, 11, 30) + value * 86_400_000));
    }
    const typed = String(value).trim();
    const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(typed);
    const iso = uk ? `${uk[3]}-${uk[2].padStart(2, '0')}-${uk[1].padStart(2, '0')}` : typed;
    if (!isIsoDate(iso)) {
      this.problem(key, `${spec.name} ${quote(typed)} is not a date; use a date such as 2024-03-14 or 14/03/2024`);
      return null;
    }
    return iso;
  }

  period(key: K): { period: Period; label: string } | null {
    const spec = this.sheet.columns[key];
    const value = this.raw(key);
    if (value === undefined) return null;
    if (isBlank(value)) return this.missing(key);
    if (value instanceof Date) {
      this.problem(
        key,
        `${spec.name}: Excel turned the period into the date ${isoDate(value)}; type it as text, e.g. 2024-25 Q2 or Sep 2024`,
      );
      return null;
    }
    const label = String(value).trim();
    const parsed = parsePeriod(label);
    if (!parsed.ok) {
      this.problem(key, `${spec.name}: ${parsed.message}`);
      return null;
    }
    return { period: parsed.period, label };
  }
}

// ---------------------------------------------------------------------------------------------------
// Parsing.

const normaliseHeader = (value: string): string => value.replace(/\s+/g, ' ').trim().toLowerCase();

interface SheetRows {
  /** Rows after the header, blank rows left out. */
  readonly rows: readonly XlsxRow[];
  /** False when the sheet is missing or its headers are wrong: nothing on it was read. */
  readonly readable: boolean;
}

/** Finds the sheet and checks its header row; reports a missing sheet, wrong headers and too many rows. */
function sheetRows<K extends string>(
  spec: SheetSpec<K>,
  bySheet: ReadonlyMap<string, XlsxRow[]>,
  problems: Problems,
): SheetRows {
  const rows = bySheet.get(spec.name.toLowerCase());
  if (!rows) {
    problems.add(
      spec.name,
      1,
      1,
      `the workbook has no '${spec.name}' sheet; download the catalogue workbook to start from the right layout`,
    );
    return { rows: [], readable: false };
  }
  const header = rows.find((row) => row.rowNumber === 1);
  const keys = columnKeys(spec);
  let readable = true;
  keys.forEach((key, index) => {
    const column = spec.columns[key];
    const found = header?.cells[index];
    const foundText = found === null || found === undefined || typeof found === 'object' ? '' : String(found);
    // The read-only column is ours to write; a sheet without it is still complete.
    if (column.kind === 'read_only' && foundText.trim() === '') return;
    if (normaliseHeader(foundText) !== normaliseHeader(column.header)) {
      readable = false;
      problems.add(
        spec.name,
        1,
        index + 1,
        foundText.trim() === ''
          ? `expected the column heading '${column.header}' here; row 1 must hold the headings in the order the downloaded workbook has them`
          : `expected the column heading '${column.header}' here, found ${quote(foundText.trim())}`,
      );
    }
  });
  header?.cells.slice(keys.length).forEach((cell, offset) => {
    if (!isBlank(cell)) {
      readable = false;
      problems.add(
        spec.name,
        1,
        keys.length + offset + 1,
        `the column ${quote(String(cell))} is not part of the catalogue workbook; remove it`,
      );
    }
  });
  const body = rows.filter((row) => row.rowNumber > 1 && row.cells.some((cell) => !isBlank(cell)));
  if (body.length > MAX_ROWS_PER_SHEET) {
    problems.add(
      spec.name,
      body[MAX_ROWS_PER_SHEET].rowNumber,
      1,
      `the sheet has ${body.length} rows; the catalogue workbook takes at most ${MAX_ROWS_PER_SHEET}`,
    );
    return { rows: [], readable: false };
  }
  return { rows: readable ? body : [], readable };
}

/** Codes a sheet defines, known even on rows with other problems, so references to them do not also fail. */
interface Known {
  readonly priorities: Map<string, number>;
  readonly groups: Map<string, number>;
  readonly areas: Map<string, number>;
  readonly indicators: Map<string, number>;
}

export function priorityKey(planCode: string, priorityCode: string): string {
  return `${planCode}/${priorityCode}`;
}

/**
 * The priority an indicator names: `P1` when only one plan has a priority P1, or `PLAN/P1`.
 * `keys` are every `PLAN/PRIORITY` in the workbook and the catalogue.
 */
export function resolvePriorityRef(
  ref: string,
  keys: Iterable<string>,
): { ok: true; key: string } | { ok: false; message: string } {
  const all = [...new Set(keys)];
  if (ref.includes('/')) {
    return all.includes(ref)
      ? { ok: true, key: ref }
      : { ok: false, message: `priority code ${quote(ref)} is not a priority in this workbook or the catalogue` };
  }
  const matches = all.filter((key) => key.slice(key.indexOf('/') + 1) === ref);
  if (matches.length === 1) return { ok: true, key: matches[0] };
  if (matches.length === 0)
    return {
      ok: false,
      message: `priority code ${quote(ref)} is not a priority in this workbook or the catalogue${didYouMean(
        ref,
        all.map((key) => key.slice(key.indexOf('/') + 1)),
      )}`,
    };
  return {
    ok: false,
    message: `priority code ${quote(ref)} is used by more than one plan; write it as ${matches.map(quote).join(' or ')}`,
  };
}

function didYouMean(code: string, candidates: Iterable<string>): string {
  const lower = code.toLowerCase();
  for (const candidate of candidates) if (candidate.toLowerCase() === lower) return ` (did you mean '${candidate}'?)`;
  return '';
}

export function targetKey(indicatorCode: string, areaCode: string | null, period: Period): string {
  return `${indicatorCode}|${areaCode ?? ''}|${period.type}|${period.start}`;
}

export function describeTarget(indicatorCode: string, areaCode: string | null, period: Period): string {
  return `${indicatorCode} ${formatPeriod(period)}${areaCode ? ` for ${areaCode}` : ''}`;
}

/**
 * Reads the uploaded rows of the five sheets and checks them against each other and the catalogue.
 * Either every row is good, or every problem is listed with its `Sheet!Cell`; nothing is half-read.
 */
export function parseCatalogueWorkbook(
  uploaded: readonly XlsxRow[],
  catalogue: CatalogueSnapshot,
): CatalogueWorkbookParse {
  const problems = new Problems();
  const bySheet = new Map<string, XlsxRow[]>();
  for (const row of uploaded) {
    const name = row.sheet.trim().toLowerCase();
    const rows = bySheet.get(name) ?? [];
    rows.push(row);
    bySheet.set(name, rows);
  }
  const known: Known = { priorities: new Map(), groups: new Map(), areas: new Map(), indicators: new Map() };
  const prioritySheet = sheetRows(PRIORITIES_SHEET, bySheet, problems);
  const groupSheet = sheetRows(GROUPS_SHEET, bySheet, problems);
  const areaSheet = sheetRows(AREAS_SHEET, bySheet, problems);
  const indicatorSheet = sheetRows(INDICATORS_SHEET, bySheet, problems);
  const targetSheet = sheetRows(TARGETS_SHEET, bySheet, problems);

  const { plans, priorities } = readPriorities(prioritySheet.rows, problems, known);
  const groups = readGroups(groupSheet.rows, problems, known);
  const areas = readAreas(areaSheet.rows, problems, known);
  const indicators = readIndicators(indicatorSheet.rows, problems, known);
  const targets = readTargets(targetSheet.rows, problems);

  const references = new References(catalogue, known, {
    priorities: prioritySheet.readable,
    groups: groupSheet.readable,
    areas: areaSheet.readable,
    indicators: indicatorSheet.readable,
  });
  checkGroupReferences(groups, references, catalogue, problems);
  checkHomeAuthority(areas, catalogue, problems);
  checkIndicatorReferences(indicators, references, problems);
  checkTargets(targets, references, catalogue);

  if (problems.list.length > 0) return { ok: false, problems: problems.details(), problemCount: problems.list.length };
  return { ok: true, rows: { plans, priorities, groups, areas, indicators, targets: targets.map(({ row }) => row) } };
}

function readPriorities(
  rows: readonly XlsxRow[],
  problems: Problems,
  known: Known,
): { plans: PlanRow[]; priorities: PriorityRow[] } {
  const sheet = PRIORITIES_SHEET;
  const plans = new Map<string, PlanRow>();
  const priorities: PriorityRow[] = [];
  for (const { rowNumber, cells } of rows) {
    const r = new RowReader(sheet, rowNumber, cells, problems);
    const planCode = r.code('planCode');
    const plan = {
      title: r.text('planTitle'),
      startYear: r.integer('planStartYear'),
      endYear: r.integer('planEndYear'),
    };
    if (planCode) {
      const first = plans.get(planCode);
      if (first) {
        // Each row repeats its plan; a disagreement would leave the plan's real title or years unclear.
        if (plan.title !== '' && plan.title !== first.title) {
          r.problem(
            'planTitle',
            `plan title ${quote(plan.title)} differs from ${quote(first.title)} on row ${first.row} for plan '${planCode}'; every row of a plan must give the same plan title`,
          );
        }
        if (plan.startYear !== null && plan.startYear !== first.startYear) {
          r.problem(
            'planStartYear',
            `plan start year ${plan.startYear} differs from ${first.startYear} on row ${first.row} for plan '${planCode}'`,
          );
        }
        if (plan.endYear !== null && plan.endYear !== first.endYear) {
          r.problem(
            'planEndYear',
            `plan end year ${plan.endYear} differs from ${first.endYear} on row ${first.row} for plan '${planCode}'`,
          );
        }
      } else if (plan.startYear !== null && plan.endYear !== null) {
        if (plan.endYear < plan.startYear)
          r.problem('planEndYear', `plan end year ${plan.endYear} is before its start year ${plan.startYear}`);
        plans.set(planCode, {
          row: rowNumber,
          code: planCode,
          title: plan.title,
          startYear: plan.startYear,
          endYear: plan.endYear,
        });
      }
    }
    const priorityCode = r.code('priorityCode');
    const title = r.text('priorityTitle');
    const description = r.text('description');
    const accountableMember = r.text('accountableMember');
    const displayOrder = r.integer('displayOrder');
    if (priorityCode === null) {
      if (
        r.blank('priorityCode') &&
        (title !== '' || description !== '' || accountableMember !== '' || !r.blank('displayOrder'))
      ) {
        r.problem('priorityCode', 'priority code is required on a row that describes a priority');
      }
      continue;
    }
    if (title.trim() === '') r.problem('priorityTitle', 'priority title is required');
    if (planCode === null) continue;
    const key = priorityKey(planCode, priorityCode);
    const earlier = known.priorities.get(key);
    if (earlier !== undefined) {
      r.problem('priorityCode', `priority '${priorityCode}' of plan '${planCode}' is already on row ${earlier}`);
      continue;
    }
    known.priorities.set(key, rowNumber);
    priorities.push({
      row: rowNumber,
      planCode,
      code: priorityCode,
      title,
      description,
      accountableMember,
      displayOrder: displayOrder ?? 0,
    });
  }
  return { plans: [...plans.values()], priorities };
}

/** Registers a row's code, reporting a code already used higher up the sheet; false for a duplicate. */
function claimCode<K extends string>(
  r: RowReader<K>,
  key: K,
  value: string,
  codes: Map<string, number>,
  what: string,
): boolean {
  const earlier = codes.get(value);
  if (earlier !== undefined) {
    r.problem(key, `${what} '${value}' is already on row ${earlier}`);
    return false;
  }
  codes.set(value, r.row);
  return true;
}

// Rows with problems are kept (their codes and reporting lines still take part in the checks); the
// rows are only handed on when the whole workbook has no problem, so no half-read row is ever applied.

function readGroups(rows: readonly XlsxRow[], problems: Problems, known: Known): GroupRow[] {
  const result: GroupRow[] = [];
  for (const { rowNumber, cells } of rows) {
    const r = new RowReader(GROUPS_SHEET, rowNumber, cells, problems);
    const groupCode = r.code('code');
    const name = r.text('name');
    const kind = r.choice<GroupKind>('kind');
    const parentCode = r.code('reportsTo');
    const returnsDueWorkingDays = r.integer('returnsDue');
    if (groupCode === null || !claimCode(r, 'code', groupCode, known.groups, 'group')) continue;
    if (parentCode === groupCode) r.problem('reportsTo', `group '${groupCode}' cannot report to itself`);
    result.push({
      row: rowNumber,
      code: groupCode,
      name,
      kind: kind!,
      parentCode,
      returnsDueWorkingDays: returnsDueWorkingDays!,
    });
  }
  return result;
}

function readAreas(rows: readonly XlsxRow[], problems: Problems, known: Known): AreaRow[] {
  const result: AreaRow[] = [];
  for (const { rowNumber, cells } of rows) {
    const r = new RowReader(AREAS_SHEET, rowNumber, cells, problems);
    const areaCode = r.code('code');
    const row = {
      name: r.text('name'),
      kind: r.choice<AreaKind>('kind'),
      parentCode: r.code('parentCode'),
      isHome: r.yesNo('isHome'),
      isStatisticalNeighbour: r.yesNo('isStatisticalNeighbour'),
    };
    if (areaCode === null || !claimCode(r, 'code', areaCode, known.areas, 'area')) continue;
    result.push({ row: rowNumber, code: areaCode, ...row, kind: row.kind! });
  }
  return result;
}

function readIndicators(rows: readonly XlsxRow[], problems: Problems, known: Known): IndicatorRow[] {
  const result: IndicatorRow[] = [];
  for (const { rowNumber, cells } of rows) {
    const r = new RowReader(INDICATORS_SHEET, rowNumber, cells, problems);
    const indicatorCode = r.code('code');
    const row = {
      title: r.text('title'),
      definition: r.text('definition'),
      unit: r.choice<Unit>('unit')!,
      decimalPlaces: r.integer('decimalPlaces')!,
      polarity: r.choice<IndicatorPolarity>('polarity')!,
      frequency: r.choice<Frequency>('frequency')!,
      rollUp: r.choice<RollUp>('rollUp')!,
      cumulativeYtd: r.yesNo('cumulativeYtd'),
      reportedByArea: r.yesNo('reportedByArea'),
      priorityRef: r.code('priorityRef')!,
      dataSource: r.text('dataSource'),
      plausibleMin: r.number('plausibleMin'),
      plausibleMax: r.number('plausibleMax'),
    };
    if (row.plausibleMin !== null && row.plausibleMax !== null && row.plausibleMin > row.plausibleMax) {
      r.problem('plausibleMax', `plausible max ${row.plausibleMax} is below plausible min ${row.plausibleMin}`);
    }
    if (indicatorCode === null || !claimCode(r, 'code', indicatorCode, known.indicators, 'indicator')) continue;
    result.push({ row: rowNumber, code: indicatorCode, ...row });
  }
  return result;
}

interface ReadTarget {
  readonly row: TargetRow;
  readonly reader: RowReader<keyof typeof TARGETS_SHEET.columns>;
}

function readTargets(rows: readonly XlsxRow[], problems: Problems): ReadTarget[] {
  const result: ReadTarget[] = [];
  const seen = new Map<string, number>();
  for (const { rowNumber, cells } of rows) {
    const r = new RowReader(TARGETS_SHEET, rowNumber, cells, problems);
    const indicatorCode = r.code('indicatorCode');
    const areaCode = r.code('areaCode');
    const period = r.period('period');
    const value = r.number('value');
    const rangeLow = r.number('rangeLow');
    const rangeHigh = r.number('rangeHigh');
    const toleranceKind = r.choice<BandKind>('toleranceKind');
    const tolerance = r.number('tolerance');
    const exceptionalKind = r.choice<BandKind>('exceptionalKind');
    const exceptional = r.number('exceptional');
    const agreedBy = r.text('agreedBy');
    const agreedOn = r.date('agreedOn');
    const owningGroupCode = r.code('owningGroupCode');
    const changeReason = r.text('changeReason').trim();
    if (!r.failedOn('value') && !r.failedOn('rangeLow') && !r.failedOn('rangeHigh')) {
      const problem = targetValuesProblem({
        value,
        rangeLow,
        rangeHigh,
        tolerance: { kind: 'absolute', amount: 0 },
        exceptional: { kind: 'absolute', amount: 0 },
      });
      if (problem) r.problem(targetValuesCell(value, rangeLow, rangeHigh), lowerFirst(problem));
    }
    if (indicatorCode === null || period === null) continue;
    const key = targetKey(indicatorCode, areaCode, period.period);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      r.problem(
        'period',
        `the target ${describeTarget(indicatorCode, areaCode, period.period)} is already on row ${earlier}`,
      );
      continue;
    }
    seen.set(key, rowNumber);
    result.push({
      reader: r,
      row: {
        row: rowNumber,
        indicatorCode,
        areaCode,
        period: period.period,
        settings: {
          value,
          rangeLow,
          rangeHigh,
          tolerance: { kind: toleranceKind!, amount: tolerance! },
          exceptional: { kind: exceptionalKind!, amount: exceptional! },
          agreedBy,
          agreedOn,
        },
        owningGroupCode: owningGroupCode!,
        changeReason: changeReason === '' ? null : changeReason,
      },
    });
  }
  return result;
}

/** The cell a problem with a target's value or range is reported on: the one to fill in or fix. */
function targetValuesCell(
  value: number | null,
  low: number | null,
  high: number | null,
): 'value' | 'rangeLow' | 'rangeHigh' {
  if (value !== null || (low === null && high === null)) return 'value';
  return low === null ? 'rangeLow' : high === null ? 'rangeHigh' : 'rangeLow';
}

function lowerFirst(message: string): string {
  return (message.charAt(0).toLowerCase() + message.slice(1)).replace(/\.$/, '');
}

/** What a code in the workbook can refer to: a row of the workbook or something the catalogue holds. */
class References {
  readonly groupCodes: Set<string>;
  readonly areaCodes: Set<string>;
  readonly indicatorCodes: Set<string>;
  readonly priorityKeys: string[];

  constructor(
    catalogue: CatalogueSnapshot,
    readonly known: Known,
    readonly readable: { priorities: boolean; groups: boolean; areas: boolean; indicators: boolean },
  ) {
    this.groupCodes = new Set([...catalogue.groups.map((g) => g.code), ...known.groups.keys()]);
    this.areaCodes = new Set([...catalogue.areas.map((a) => a.code), ...known.areas.keys()]);
    this.indicatorCodes = new Set([...catalogue.indicators.map((i) => i.code), ...known.indicators.keys()]);
    const planCodes = new Map(catalogue.plans.map((p) => [p.id, p.code]));
    this.priorityKeys = [
      ...catalogue.priorities.map((p) => priorityKey(planCodes.get(p.planId)!, p.code)),
      ...known.priorities.keys(),
    ];
  }

  /** Null when the code resolves, or when the sheet defining it could not be read (its problems are listed already). */
  missing(kind: 'group' | 'area' | 'indicator', value: string): string | null {
    const [codes, readable] =
      kind === 'group'
        ? [this.groupCodes, this.readable.groups]
        : kind === 'area'
          ? [this.areaCodes, this.readable.areas]
          : [this.indicatorCodes, this.readable.indicators];
    if (codes.has(value) || !readable) return null;
    return `there is no ${kind} '${value}' in this workbook or the catalogue${didYouMean(value, codes)}`;
  }
}

function checkGroupReferences(
  groups: readonly GroupRow[],
  references: References,
  catalogue: CatalogueSnapshot,
  problems: Problems,
): void {
  const column = columnNumber(GROUPS_SHEET, 'reportsTo');
  for (const group of groups) {
    if (group.parentCode === null || group.parentCode === group.code) continue;
    const missing = references.missing('group', group.parentCode);
    if (missing) problems.add(GROUPS_SHEET.name, group.row, column, `reports to: ${missing}`);
  }
  // The structure after the upload: the catalogue's reporting lines, replaced by the workbook's.
  const codeOf = new Map(catalogue.groups.map((g) => [g.id, g.code]));
  const parentOf = new Map<string, string | null>(
    catalogue.groups.map((g) => [g.code, g.parentId ? (codeOf.get(g.parentId) ?? null) : null]),
  );
  for (const group of groups) parentOf.set(group.code, group.parentCode);
  const reported = new Set<string>();
  for (const group of groups) {
    if (reported.has(group.code) || group.parentCode === group.code) continue;
    const chain = [group.code];
    let current = parentOf.get(group.code) ?? null;
    while (current !== null && !chain.includes(current)) {
      chain.push(current);
      current = parentOf.get(current) ?? null;
    }
    if (current !== group.code) continue;
    const cycle = [...chain, group.code].join(' → ');
    for (const member of groups.filter((g) => chain.includes(g.code))) {
      reported.add(member.code);
      problems.add(
        GROUPS_SHEET.name,
        member.row,
        column,
        `reports to: '${member.parentCode}' leads back to '${member.code}' (${cycle}); a group cannot report to itself, directly or through other groups`,
      );
    }
  }
}

function checkHomeAuthority(areas: readonly AreaRow[], catalogue: CatalogueSnapshot, problems: Problems): void {
  const inWorkbook = new Set(areas.map((a) => a.code));
  const homes = [
    ...areas.filter((a) => a.isHome).map((a) => ({ code: a.code, where: `row ${a.row}`, row: a.row as number | null })),
    ...catalogue.areas
      .filter((a) => a.isHome && !inWorkbook.has(a.code))
      .map((a) => ({ code: a.code, where: 'in the catalogue, not in this workbook', row: null })),
  ];
  if (homes.length < 2) return;
  for (const home of homes) {
    if (home.row === null) continue;
    const others = homes.filter((h) => h !== home).map((h) => `'${h.code}' (${h.where})`);
    problems.add(
      AREAS_SHEET.name,
      home.row,
      columnNumber(AREAS_SHEET, 'isHome'),
      `home authority: only one area can be the home authority, but ${others.join(' and ')} ${others.length === 1 ? 'is' : 'are'} too`,
    );
  }
}

function checkIndicatorReferences(
  indicators: readonly IndicatorRow[],
  references: References,
  problems: Problems,
): void {
  if (!references.readable.priorities) return;
  for (const indicator of indicators) {
    if (!indicator.priorityRef) continue;
    const resolved = resolvePriorityRef(indicator.priorityRef, references.priorityKeys);
    if (!resolved.ok)
      problems.add(
        INDICATORS_SHEET.name,
        indicator.row,
        columnNumber(INDICATORS_SHEET, 'priorityRef'),
        resolved.message,
      );
  }
}

function checkTargets(targets: readonly ReadTarget[], references: References, catalogue: CatalogueSnapshot): void {
  const indicatorCode = new Map(catalogue.indicators.map((i) => [i.id, i.code]));
  const areaCode = new Map(catalogue.areas.map((a) => [a.id, a.code]));
  const existing = new Map(
    catalogue.targets.map((t) => [
      targetKey(indicatorCode.get(t.indicatorId)!, t.areaId ? areaCode.get(t.areaId)! : null, t.period),
      t,
    ]),
  );
  for (const { row, reader } of targets) {
    const indicatorMissing = references.missing('indicator', row.indicatorCode);
    if (indicatorMissing) reader.problem('indicatorCode', `indicator code: ${indicatorMissing}`);
    const areaMissing = row.areaCode === null ? null : references.missing('area', row.areaCode);
    if (areaMissing) reader.problem('areaCode', `area code: ${areaMissing}`);
    const groupMissing = row.owningGroupCode ? references.missing('group', row.owningGroupCode) : null;
    if (groupMissing) reader.problem('owningGroupCode', `owning group code: ${groupMissing}`);
    const current = existing.get(targetKey(row.indicatorCode, row.areaCode, row.period));
    if (!current || row.changeReason !== null || !reader.ok) continue;
    const changes = targetValueChanges(current.settings, row.settings);
    if (changes.length > 0) {
      reader.problem(
        'changeReason',
        `change reason is required: this changes the agreed target ${describeTarget(row.indicatorCode, row.areaCode, row.period)} (${changes.join('; ')}), which adds version ${current.version + 1}`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Applying: the order of changes and what differs.

type Comparable = string | number | boolean | null;

/** The fields whose values differ, as a patch; line endings are compared loosely, as xlsx stores only \n. */
export function changedFields<T extends object, K extends keyof T & string>(
  current: T,
  desired: Pick<T, K>,
  keys: readonly K[],
): Partial<Pick<T, K>> {
  const patch: Partial<Pick<T, K>> = {};
  for (const key of keys) {
    const before = current[key] as Comparable;
    const after = desired[key] as Comparable;
    const same =
      typeof before === 'string' && typeof after === 'string'
        ? before.replace(/\r\n?/g, '\n') === after.replace(/\r\n?/g, '\n')
        : before === after;
    if (!same) patch[key] = desired[key];
  }
  return patch;
}

/**
 * Groups in an order where each one's parent already exists with its final parent when it is reached:
 * ancestors first. Creating a group with its parent in one step gives one audit event, and setting a
 * parent never meets a half-updated structure that only looks like a cycle.
 */
export function groupsInApplyOrder(groups: readonly GroupRow[], catalogue: CatalogueSnapshot): GroupRow[] {
  const codeOf = new Map(catalogue.groups.map((g) => [g.id, g.code]));
  const parentOf = new Map<string, string | null>(
    catalogue.groups.map((g) => [g.code, g.parentId ? (codeOf.get(g.parentId) ?? null) : null]),
  );
  for (const group of groups) parentOf.set(group.code, group.parentCode);
  const depth = new Map<string, number>();
  const depthOf = (groupCode: string, seen: number): number => {
    const known = depth.get(groupCode);
    if (known !== undefined) return known;
    const parent = parentOf.get(groupCode) ?? null;
    // `seen` bounds the walk even if a cycle slipped past the checks.
    const result = parent === null || seen > parentOf.size ? 0 : depthOf(parent, seen + 1) + 1;
    depth.set(groupCode, result);
    return result;
  };
  return [...groups].sort((a, b) => depthOf(a.code, 0) - depthOf(b.code, 0) || a.row - b.row);
}

/** Areas that stop being the home authority go first, so the one-home rule holds after every step. */
export function areasInApplyOrder(areas: readonly AreaRow[], catalogue: CatalogueSnapshot): AreaRow[] {
  const homeNow = new Set(catalogue.areas.filter((a) => a.isHome).map((a) => a.code));
  const losingHome = (area: AreaRow): number => (homeNow.has(area.code) && !area.isHome ? 0 : 1);
  return [...areas].sort((a, b) => losingHome(a) - losingHome(b) || a.row - b.row);
}

export interface NotInWorkbook {
  plans: string[];
  priorities: string[];
  groups: string[];
  areas: string[];
  indicators: string[];
  targets: string[];
}

/** What the catalogue holds that the workbook does not mention: left alone, and reported. */
export function notInWorkbook(rows: CatalogueWorkbookRows, catalogue: CatalogueSnapshot): NotInWorkbook {
  const planCode = new Map(catalogue.plans.map((p) => [p.id, p.code]));
  const indicatorCode = new Map(catalogue.indicators.map((i) => [i.id, i.code]));
  const areaCode = new Map(catalogue.areas.map((a) => [a.id, a.code]));
  const missing = <T>(items: readonly T[], keyOf: (item: T) => string, present: Iterable<string>): string[] => {
    const seen = new Set(present);
    return items.map(keyOf).filter((key) => !seen.has(key));
  };
  return {
    plans: missing(
      catalogue.plans,
      (p) => p.code,
      rows.plans.map((p) => p.code),
    ),
    priorities: missing(
      catalogue.priorities,
      (p) => priorityKey(planCode.get(p.planId)!, p.code),
      rows.priorities.map((p) => priorityKey(p.planCode, p.code)),
    ),
    groups: missing(
      catalogue.groups,
      (g) => g.code,
      rows.groups.map((g) => g.code),
    ),
    areas: missing(
      catalogue.areas,
      (a) => a.code,
      rows.areas.map((a) => a.code),
    ),
    indicators: missing(
      catalogue.indicators,
      (i) => i.code,
      rows.indicators.map((i) => i.code),
    ),
    targets: catalogue.targets
      .filter(
        (t) =>
          !rows.targets.some(
            (r) =>
              targetKey(r.indicatorCode, r.areaCode, r.period) ===
              targetKey(indicatorCode.get(t.indicatorId)!, t.areaId ? areaCode.get(t.areaId)! : null, t.period),
          ),
      )
      .map((t) =>
        describeTarget(indicatorCode.get(t.indicatorId)!, t.areaId ? areaCode.get(t.areaId)! : null, t.period),
      ),
  };
}

// ---------------------------------------------------------------------------------------------------
// Building the workbook for download.

type CellOut = string | number | Date | null;

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDEE0E2' } };
const READ_ONLY_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF3F2F1' } };
/** Drop-downs reach this far below the last row, for rows an admin adds. */
const VALIDATION_HEADROOM = 500;

/** The catalogue as the workbook an admin edits; uploading it unchanged changes nothing. */
export function buildCatalogueWorkbook(catalogue: CatalogueSnapshot, generatedAt: Date): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'CYPP Scorecard';
  workbook.created = generatedAt;
  addInstructions(workbook, generatedAt);

  const planById = new Map(catalogue.plans.map((p) => [p.id, p]));
  const groupCode = new Map(catalogue.groups.map((g) => [g.id, g.code]));
  const indicatorCode = new Map(catalogue.indicators.map((i) => [i.id, i.code]));
  const areaCode = new Map(catalogue.areas.map((a) => [a.id, a.code]));
  const byCode = <T extends { code: string }>(a: T, b: T): number => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

  const priorityRows: CellOut[][] = [];
  for (const plan of [...catalogue.plans].sort((a, b) => a.startYear - b.startYear || byCode(a, b))) {
    const planCells = [plan.code, plan.title, plan.startYear, plan.endYear];
    const ofPlan = catalogue.priorities
      .filter((p) => p.planId === plan.id)
      .sort((a, b) => a.displayOrder - b.displayOrder || byCode(a, b));
    if (ofPlan.length === 0) priorityRows.push([...planCells, null, null, null, null, null]);
    for (const p of ofPlan)
      priorityRows.push([...planCells, p.code, p.title, p.description, p.accountableMember, p.displayOrder]);
  }
  addSheet(workbook, PRIORITIES_SHEET, priorityRows);

  addSheet(
    workbook,
    GROUPS_SHEET,
    [...catalogue.groups]
      .sort(byCode)
      .map((g) => [
        g.code,
        g.name,
        g.kind,
        g.parentId ? (groupCode.get(g.parentId) ?? null) : null,
        g.returnsDueWorkingDays,
      ]),
  );

  const yn = (value: boolean): string => (value ? 'Y' : 'N');
  addSheet(
    workbook,
    AREAS_SHEET,
    [...catalogue.areas]
      .sort(byCode)
      .map((a) => [a.code, a.name, a.kind, a.parentCode, yn(a.isHome), yn(a.isStatisticalNeighbour)]),
  );

  // A priority code is written plainly unless two plans share it.
  const priorityRef = new Map(
    catalogue.priorities.map((p) => {
      const shared = catalogue.priorities.filter((other) => other.code === p.code).length > 1;
      return [p.id, shared ? priorityKey(planById.get(p.planId)!.code, p.code) : p.code];
    }),
  );
  addSheet(
    workbook,
    INDICATORS_SHEET,
    [...catalogue.indicators]
      .sort(byCode)
      .map((i) => [
        i.code,
        i.title,
        i.definition,
        i.unit,
        i.decimalPlaces,
        i.polarity,
        i.frequency,
        i.rollUp,
        yn(i.cumulativeYtd),
        yn(i.reportedByArea),
        priorityRef.get(i.priorityId) ?? null,
        i.dataSource,
        i.plausibleMin,
        i.plausibleMax,
      ]),
  );

  const targets = catalogue.targets.map((t) => ({
    ...t,
    indicator: indicatorCode.get(t.indicatorId)!,
    area: t.areaId ? areaCode.get(t.areaId)! : null,
  }));
  targets.sort(
    (a, b) =>
      a.indicator.localeCompare(b.indicator, 'en') ||
      (a.area ?? '').localeCompare(b.area ?? '', 'en') ||
      a.period.start.localeCompare(b.period.start) ||
      a.period.type.localeCompare(b.period.type),
  );
  addSheet(
    workbook,
    TARGETS_SHEET,
    targets.map((t) => [
      t.indicator,
      t.area,
      formatPeriod(t.period),
      t.settings.value,
      t.settings.rangeLow,
      t.settings.rangeHigh,
      t.settings.tolerance.kind,
      t.settings.tolerance.amount,
      t.settings.exceptional.kind,
      t.settings.exceptional.amount,
      t.settings.agreedBy,
      t.settings.agreedOn ? new Date(`${t.settings.agreedOn}T00:00:00Z`) : null,
      groupCode.get(t.owningGroupId) ?? null,
      // Blank on purpose: a reason is for a change made after this download.
      null,
      t.version,
    ]),
  );
  return workbook;
}

function addSheet<K extends string>(workbook: ExcelJS.Workbook, spec: SheetSpec<K>, rows: readonly CellOut[][]): void {
  const sheet = workbook.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  const columns = columnKeys(spec).map((key) => spec.columns[key]);
  sheet.columns = columns.map((column) => ({
    header: column.header,
    width: column.width,
    // Text-formatted, so Excel keeps "2024-25" and "Sep 2024" as typed instead of making dates of them.
    style: ['code', 'text', 'period', 'choice', 'yes_no'].includes(column.kind)
      ? { numFmt: '@' }
      : column.kind === 'date'
        ? { numFmt: 'yyyy-mm-dd' }
        : {},
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.height = 32;
  columns.forEach((column, index) => {
    const cell = header.getCell(index + 1);
    cell.fill = column.kind === 'read_only' ? READ_ONLY_FILL : HEADER_FILL;
    cell.note = column.help;
  });
  for (const values of rows) {
    sheet.addRow(values.map((value, index) => outputCell(columns[index], value)));
  }
  const last = rows.length + 1 + VALIDATION_HEADROOM;
  const validations = (
    sheet as unknown as { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } }
  ).dataValidations;
  columns.forEach((column, index) => {
    const letter = sheet.getColumn(index + 1).letter;
    if (column.kind === 'read_only') {
      for (let row = 2; row <= rows.length + 1; row += 1) sheet.getCell(`${letter}${row}`).fill = READ_ONLY_FILL;
    }
    if (!column.values) return;
    validations.add(`${letter}2:${letter}${last}`, {
      type: 'list',
      allowBlank: !column.required,
      formulae: [`"${column.values.join(',')}"`],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: column.header,
      error: `Choose one of: ${column.values.join(', ')}`,
    });
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
}

/** User-written text goes out through the formula-injection guard; parsing takes the guard off again. */
function outputCell(column: ColumnSpec, value: CellOut): CellOut {
  if (value === null || value === '') return null;
  if (typeof value === 'string' && (column.kind === 'text' || column.kind === 'code')) return safeCellText(value);
  return value;
}

function addInstructions(workbook: ExcelJS.Workbook, generatedAt: Date): void {
  const sheet = workbook.addWorksheet(INSTRUCTIONS_SHEET);
  [16, 32, 26, 48, 70].forEach((width, index) => (sheet.getColumn(index + 1).width = width));
  const lines = [
    "CYPP catalogue workbook: the Children and Young People's Plan, its priorities, groups, areas, indicators and targets",
    `Downloaded ${generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    '',
    'How to use it',
    '• Edit the sheets and upload the workbook again. Rows are matched by their codes: a new code adds an item, a known code updates it.',
    '• Each row states the whole item: a blank optional cell clears that field (or gives the default shown below).',
    '• Nothing is deleted: items missing from the workbook are left as they are and listed as "not in workbook" after the upload.',
    '• Changing an agreed target adds a new version (earlier versions are kept) and needs a Change reason on that row.',
    '• The upload is accepted whole or rejected whole: if anything is wrong, nothing changes and every problem is listed by sheet and cell.',
    '• Keep the headings in row 1 as they are. Type values, not formulas. Numbers use a full stop for decimals (12.5, not 12,5).',
    '• Text starting with = + - or @ is shown with a leading apostrophe so Excel never runs it as a formula; the apostrophe is removed on upload.',
    '',
  ];
  for (const line of lines) sheet.addRow([line]);
  sheet.getRow(1).font = { bold: true, size: 14 };
  sheet.getRow(4).font = { bold: true };
  const heading = sheet.addRow(['Sheet', 'Column', 'Required', 'Allowed values', 'What it means']);
  heading.font = { bold: true };
  heading.eachCell((cell) => (cell.fill = HEADER_FILL));
  for (const spec of SHEETS) {
    const first = sheet.addRow([spec.name, '', '', '', spec.purpose]);
    first.font = { bold: true };
    first.getCell(5).alignment = { wrapText: true, vertical: 'top' };
    for (const key of columnKeys(spec as SheetSpec<string>)) {
      const column = (spec.columns as Columns<string>)[key];
      const row = sheet.addRow(['', column.header, requiredText(column), allowedText(column), column.help]);
      row.alignment = { wrapText: true, vertical: 'top' };
    }
  }
}

function requiredText(column: ColumnSpec): string {
  if (column.kind === 'read_only') return 'no (read-only)';
  return column.requiredText ?? (column.required ? 'yes' : 'no');
}

function allowedText(column: ColumnSpec): string {
  switch (column.kind) {
    case 'code':
      return column.planPrefix
        ? `a priority code, or PLAN/PRIORITY (letters, digits, . _ -)`
        : `letters, digits, . _ - (up to ${column.maxLength} characters)`;
    case 'text':
      return `text, up to ${column.maxLength} characters`;
    case 'integer':
      return `a whole number from ${column.min} to ${column.max}`;
    case 'number':
      return column.min === undefined ? 'a number, e.g. 12.5' : `a number, ${column.min} or more`;
    case 'choice':
    case 'yes_no':
      return column.values!.join(', ');
    case 'date':
      return 'a date';
    case 'period':
      return 'a period label, e.g. 2024-25 or 2024-25 Q2';
    case 'read_only':
      return 'written on download';
  }
}
