import {
  AREA_KINDS,
  BAND_KINDS,
  CODE_MAX_LENGTH,
  FREQUENCIES,
  GROUP_KINDS,
  POLARITIES,
  ROLL_UPS,
  UNITS,
} from '../catalogue.types.js';

/** The sheets and their columns, in the order they appear. */

// ---------------------------------------------------------------------------------------------------
// Sheets and columns. The order of each column list is the order of the columns in the sheet.

export type CellKind = 'code' | 'text' | 'integer' | 'number' | 'choice' | 'yes_no' | 'date' | 'period' | 'read_only';

export interface ColumnSpec {
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

export type Columns<K extends string> = Readonly<Record<K, ColumnSpec>>;

export interface SheetSpec<K extends string> {
  readonly name: string;
  readonly purpose: string;
  readonly columns: Columns<K>;
}

export const WORKBOOK_SHEET_NAMES = ['Priorities', 'Groups', 'Areas', 'Indicators', 'Targets'] as const;
export type WorkbookSheetName = (typeof WORKBOOK_SHEET_NAMES)[number];
export const INSTRUCTIONS_SHEET = 'Instructions';

export const YES_NO = ['Y', 'N'] as const;
/** Nothing in a catalogue comes near this; a bigger sheet is a mistake or an attack. */
export const MAX_ROWS_PER_SHEET = 20_000;
/** The response lists at most this many problems; the rest are counted. */
export const MAX_PROBLEMS_LISTED = 500;

export const code = (header: string, name: string, required: boolean, help: string, width = 16): ColumnSpec => ({
  header,
  name,
  kind: 'code',
  required,
  maxLength: CODE_MAX_LENGTH,
  width,
  help,
});
export const text = (
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
export const choice = (
  header: string,
  name: string,
  values: readonly string[],
  help: string,
  width = 20,
): ColumnSpec => ({
  header,
  name,
  kind: 'choice',
  required: true,
  values,
  width,
  help,
});
export const yesNo = (header: string, name: string, help: string): ColumnSpec => ({
  header,
  name,
  kind: 'yes_no',
  required: false,
  values: YES_NO,
  width: 14,
  help: `${help} Y or N; blank means N.`,
});
export const integer = (
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
export const number = (
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

export const PRIORITIES_SHEET: SheetSpec<
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

export const GROUPS_SHEET: SheetSpec<'code' | 'name' | 'kind' | 'reportsTo' | 'returnsDue'> = {
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

export const AREAS_SHEET: SheetSpec<'code' | 'name' | 'kind' | 'parentCode' | 'isHome' | 'isStatisticalNeighbour'> = {
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

export const INDICATORS_SHEET: SheetSpec<
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

export const TARGETS_SHEET: SheetSpec<
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

export const SHEETS = [PRIORITIES_SHEET, GROUPS_SHEET, AREAS_SHEET, INDICATORS_SHEET, TARGETS_SHEET] as const;

export function columnKeys<K extends string>(sheet: SheetSpec<K>): K[] {
  return Object.keys(sheet.columns) as K[];
}

export function columnNumber<K extends string>(sheet: SheetSpec<K>, key: K): number {
  return columnKeys(sheet).indexOf(key) + 1;
}
