import type { XlsxRow } from '../../spreadsheets/index.js';
import type { AreaKind, BandKind, Frequency, GroupKind, IndicatorPolarity, RollUp, Unit } from '../catalogue.types.js';
import { targetValuesProblem } from '../target-values.js';
import { describeTarget, type Known, priorityKey, type ReadTarget, targetKey } from './keys.js';
import {
  checkGroupReferences,
  checkHomeAuthority,
  checkIndicatorReferences,
  checkTargets,
  References,
} from './checks.js';
import { isBlank, Problems, quote, RowReader } from './row-reader.js';
import {
  AREAS_SHEET,
  columnKeys,
  GROUPS_SHEET,
  INDICATORS_SHEET,
  MAX_ROWS_PER_SHEET,
  PRIORITIES_SHEET,
  type SheetSpec,
  TARGETS_SHEET,
} from './sheet-specs.js';
import type {
  AreaRow,
  CatalogueSnapshot,
  CatalogueWorkbookParse,
  GroupRow,
  IndicatorRow,
  PlanRow,
  PriorityRow,
} from './types.js';

/** Parsing an uploaded workbook into checked rows or every problem with its Sheet!Cell. */

// ---------------------------------------------------------------------------------------------------
// Parsing.

export const normaliseHeader = (value: string): string => value.replace(/\s+/g, ' ').trim().toLowerCase();

export interface SheetRows {
  /** Rows after the header, blank rows left out. */
  readonly rows: readonly XlsxRow[];
  /** False when the sheet is missing or its headers are wrong: nothing on it was read. */
  readonly readable: boolean;
}

/** Finds the sheet and checks its header row; reports a missing sheet, wrong headers and too many rows. */
export function sheetRows<K extends string>(
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

export function readPriorities(
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
export function claimCode<K extends string>(
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

export function readGroups(rows: readonly XlsxRow[], problems: Problems, known: Known): GroupRow[] {
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

export function readAreas(rows: readonly XlsxRow[], problems: Problems, known: Known): AreaRow[] {
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

export function readIndicators(rows: readonly XlsxRow[], problems: Problems, known: Known): IndicatorRow[] {
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

export function readTargets(rows: readonly XlsxRow[], problems: Problems): ReadTarget[] {
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
export function targetValuesCell(
  value: number | null,
  low: number | null,
  high: number | null,
): 'value' | 'rangeLow' | 'rangeHigh' {
  if (value !== null || (low === null && high === null)) return 'value';
  return low === null ? 'rangeLow' : high === null ? 'rangeHigh' : 'rangeLow';
}

export function lowerFirst(message: string): string {
  return (message.charAt(0).toLowerCase() + message.slice(1)).replace(/\.$/, '');
}

/** What a code in the workbook can refer to: a row of the workbook or something the catalogue holds. */
