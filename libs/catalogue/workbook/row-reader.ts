import type { ErrorDetail } from '../../common/index.js';
import { isIsoDate, parsePeriod, type Period } from '../../periods/index.js';
import {
  cellRef,
  isErrorCell,
  isFormulaCell,
  parseNumber,
  unusualCharacters,
  type XlsxCell,
} from '../../spreadsheets/index.js';
import { CODE_MAX_LENGTH, CODE_PATTERN, CODE_RULE } from '../catalogue.types.js';
import {
  columnNumber,
  MAX_PROBLEMS_LISTED,
  type SheetSpec,
  WORKBOOK_SHEET_NAMES,
  type WorkbookSheetName,
} from './sheet-specs.js';

/** Problems in workbook order, and reading one row's cells into checked values. */

// ---------------------------------------------------------------------------------------------------
// Problems, kept in sheet, row and column order so the list reads like the workbook.

export interface Problem {
  readonly sheet: number;
  readonly row: number;
  readonly column: number;
  readonly location: string;
  readonly message: string;
}

export class Problems {
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

export const GUARDED = /^'[=+\-@\t\r]/;

/** Undoes `safeCellText`: the quote it adds on download is not part of the text. */
export function unguard(value: string): string {
  return GUARDED.test(value) ? value.slice(1) : value;
}

export function isBlank(cell: XlsxCell | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function quote(value: string): string {
  return value.length > 60 ? `'${value.slice(0, 57)}…'` : `'${value}'`;
}

/** Reads one row of a sheet; each reader records its own problems and answers null for a bad cell. */
export class RowReader<K extends string> {
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
