import { UNIT_MULTIPLIER, type Unit } from '../catalogue/catalogue.types.js';
import { formatPeriod, parsePeriod, periodContaining, type Period } from '../periods/index.js';
import {
  cellRef,
  isErrorCell,
  isFormulaCell,
  parseNumber,
  parseSuppression,
  type XlsxCell,
} from '../spreadsheets/index.js';
import type { ReturnColumnKey } from './return-columns.js';
import { VALUE_STATUSES, type ReturnRow, type ValueStatus } from './returns-store.js';

/** What validation needs to know about an indicator. */
export interface IndicatorRule {
  readonly id: string;
  readonly code: string;
  readonly unit: Unit;
  readonly decimalPlaces: number;
  readonly reportedByArea: boolean;
  readonly plausibleMin: number | null;
  readonly plausibleMax: number | null;
}

export interface AreaRef {
  readonly id: string;
  readonly code: string;
  readonly name: string;
}

/** The catalogue as one return sees it: codes are looked up case-insensitively. */
export interface ReturnContext {
  readonly groupCode: string;
  readonly period: Period;
  /** Keyed by lower-case code. */
  readonly indicatorsByCode: ReadonlyMap<string, IndicatorRule>;
  /** Indicators the submitting group owns for this period. */
  readonly ownedIndicatorIds: ReadonlySet<string>;
  /** Keyed by lower-case code. */
  readonly areasByCode: ReadonlyMap<string, AreaRef>;
  readonly homeArea: AreaRef;
  /** Districts and localities of the home authority: the areas of indicators reported by area. */
  readonly districtAreaIds: ReadonlySet<string>;
}

export interface ReturnProblem {
  /** `Returns!G14`, `returns.csv!G14`, or the file name for a problem with the whole file. */
  readonly location: string;
  readonly message: string;
  readonly sheet?: string;
  readonly row?: number;
  readonly column?: number;
}

/** Problems kept (and listed) per upload; the count goes on past it. */
export const MAX_PROBLEMS_KEPT = 5_000;
export const COMMENTARY_MAX_CHARS = 4_000;

const STATUS_LIST = 'actual, provisional, estimate or suppressed';

type Text = { kind: 'text'; text: string } | { kind: 'problem'; message: string };

/**
 * Checks a return row by row as it is read, keeping the rows to store and every problem found
 * (SPEC 3: "accepted whole or rejected whole", each rejection naming sheet, cell and reason).
 */
export class ReturnValidator {
  readonly rows: ReturnRow[] = [];
  readonly problems: ReturnProblem[] = [];
  problemCount = 0;
  rowsRead = 0;
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly context: ReturnContext,
    private readonly sheet: string,
    private readonly columns: ReadonlyMap<ReturnColumnKey, number>,
  ) {}

  /** A problem with the file as a whole, such as a missing header row. */
  fileProblem(location: string, message: string): void {
    this.push({ location, message });
  }

  check(rowNumber: number, cells: readonly XlsxCell[]): void {
    this.rowsRead += 1;
    const cell = (key: ReturnColumnKey): XlsxCell => {
      const column = this.columns.get(key);
      return column === undefined ? null : (cells[column - 1] ?? null);
    };
    const blank = (key: ReturnColumnKey): boolean => isBlank(cell(key));
    // A template row left empty is a value not (yet) returned, not a mistake.
    if (['value', 'numerator', 'denominator', 'status', 'commentary'].every((key) => blank(key as ReturnColumnKey)))
      return;

    const before = this.problemCount;
    const problem = (key: ReturnColumnKey, message: string): void => {
      const column = this.columns.get(key) ?? this.columns.get('indicatorCode') ?? 1;
      this.push({
        location: cellRef(this.sheet, column, rowNumber),
        message,
        sheet: this.sheet,
        row: rowNumber,
        column,
      });
    };
    // undefined: the cell could not be read as text, and the problem is already reported.
    const text = (key: ReturnColumnKey): string | null | undefined => {
      const read = asText(cell(key));
      if (read.kind === 'problem') {
        problem(key, read.message);
        return undefined;
      }
      return read.text === '' ? null : read.text;
    };

    const indicator = this.indicator(text('indicatorCode'), (message) => problem('indicatorCode', message));
    const area = this.area(text('areaCode'), indicator, (message) => problem('areaCode', message));
    this.checkPeriod(cell('period'), (message) => problem('period', message));

    const unit = indicator?.unit;
    const percentage = unit === 'percentage';
    const multiplier = unit ? UNIT_MULTIPLIER[unit] : null;
    const numeric = (
      key: 'value' | 'numerator' | 'denominator',
    ): { value: number | null; marker: string | null; ok: boolean } => {
      const raw = cell(key);
      if (isFormulaCell(raw)) return fail(() => problem(key, 'formulas are not accepted; paste the value'));
      if (isErrorCell(raw))
        return fail(() => problem(key, `the cell shows the Excel error ${raw.error}; enter a number`));
      if (raw instanceof Date) return fail(() => problem(key, 'is a date, not a number'));
      if (typeof raw === 'boolean') return fail(() => problem(key, `'${String(raw).toUpperCase()}' is not a number`));
      const suppression = parseSuppression(raw as string | number | null);
      if (suppression) return { value: null, marker: suppression.marker, ok: true };
      const parsed = parseNumber(raw as string | number | null, { allowPercentSign: key === 'value' && percentage });
      if (!parsed.ok) return fail(() => problem(key, parsed.message));
      return { value: parsed.value, marker: null, ok: true };
    };
    const value = numeric('value');
    const numerator = numeric('numerator');
    const denominator = numeric('denominator');
    const status = this.status(text('status'), (message) => problem('status', message));
    const commentary = text('commentary') ?? null;
    if (commentary && commentary.length > COMMENTARY_MAX_CHARS) {
      problem(
        'commentary',
        `the commentary is ${commentary.length.toLocaleString('en-GB')} characters; the limit is ${COMMENTARY_MAX_CHARS.toLocaleString('en-GB')}`,
      );
    }

    const marker = value.marker ?? numerator.marker ?? denominator.marker;
    let finalValue = value.value;
    let finalStatus: ValueStatus | null = status;
    if (indicator && value.ok && numerator.ok && denominator.ok) {
      const hasRatio = numerator.value !== null || denominator.value !== null;
      if (hasRatio && multiplier === null) {
        problem(
          numerator.value !== null ? 'numerator' : 'denominator',
          `${indicator.code} is a ${unitWords(indicator.unit)}; numerator and denominator are only for rates and percentages`,
        );
      } else if (hasRatio) {
        finalValue = this.checkRatio(
          indicator,
          value.value,
          numerator.value,
          denominator.value,
          multiplier as number,
          problem,
        );
      }
      if (marker) {
        if (status && status !== 'suppressed')
          problem('status', `the status is '${status}' but the value is marked suppressed ('${marker}')`);
        if (value.value !== null)
          problem('value', `the value is given but the row is marked suppressed ('${marker}'); give one or the other`);
        finalStatus = 'suppressed';
        finalValue = null;
      } else if (status === 'suppressed') {
        if (value.value !== null)
          problem('value', 'the status is suppressed, so leave the value blank or give a code such as c');
        finalValue = null;
      } else if (finalValue === null) {
        problem('value', 'a value is needed, or a suppression code such as c');
      } else {
        this.checkValue(indicator, finalValue, problem);
      }
      for (const [key, part] of [
        ['numerator', numerator.value],
        ['denominator', denominator.value],
      ] as const) {
        if (part !== null && part < 0) problem(key, `the ${key} cannot be negative (${part})`);
      }
    }

    if (indicator && area) {
      const key = `${indicator.id}|${area.id}`;
      const first = this.seen.get(key);
      if (first !== undefined) {
        problem(
          'indicatorCode',
          `repeats row ${first} (${indicator.code} for ${area.code}); give each indicator and area once`,
        );
      } else {
        this.seen.set(key, rowNumber);
      }
    }

    if (this.problemCount === before && indicator && area) {
      this.rows.push({
        indicatorId: indicator.id,
        areaId: area.id,
        value: finalValue,
        numerator: numerator.value,
        denominator: denominator.value,
        status: finalStatus ?? 'actual',
        suppressionMarker: marker,
        commentary,
      });
    }
  }

  /** After the last row: a return with no values at all is refused rather than accepted empty. */
  finish(): void {
    if (this.problemCount === 0 && this.rows.length === 0) {
      this.push({
        location: this.sheet,
        message: 'the return has no values; fill in the Value column for at least one row',
        sheet: this.sheet,
      });
    }
  }

  private push(problem: ReturnProblem): void {
    this.problemCount += 1;
    if (this.problems.length < MAX_PROBLEMS_KEPT) this.problems.push(problem);
  }

  private indicator(code: string | null | undefined, problem: (message: string) => void): IndicatorRule | null {
    if (code === undefined) return null;
    if (code === null) {
      problem('the indicator code is missing');
      return null;
    }
    const indicator = this.context.indicatorsByCode.get(code.toLowerCase());
    if (!indicator) {
      problem(`'${clip(code)}' is not an indicator code in the catalogue`);
      return null;
    }
    if (!this.context.ownedIndicatorIds.has(indicator.id)) {
      problem(
        `indicator ${indicator.code} is not owned by group ${this.context.groupCode} for ${formatPeriod(this.context.period)}; only its owning group returns it`,
      );
      return null;
    }
    return indicator;
  }

  private area(
    code: string | null | undefined,
    indicator: IndicatorRule | null,
    problem: (message: string) => void,
  ): AreaRef | null {
    const { homeArea } = this.context;
    if (code === undefined) return null;
    if (code === null) return homeArea;
    const area = this.context.areasByCode.get(code.toLowerCase());
    if (!area) {
      problem(`'${clip(code)}' is not an area code in the catalogue`);
      return null;
    }
    if (area.id === homeArea.id) return area;
    if (!this.context.districtAreaIds.has(area.id)) {
      problem(
        `${area.code} (${area.name}) is not one of the partnership's areas; returns are for ${homeArea.name} and its districts`,
      );
      return null;
    }
    if (indicator && !indicator.reportedByArea) {
      problem(`${indicator.code} is reported for ${homeArea.name} as a whole, not by district`);
      return null;
    }
    return area;
  }

  private checkPeriod(raw: XlsxCell, problem: (message: string) => void): void {
    if (isBlank(raw)) return;
    const expected = this.context.period;
    let period: Period;
    if (raw instanceof Date) {
      // Excel turns a typed "Sep 2024" into a date; only a monthly return can mean that.
      period = periodContaining('month', raw.toISOString().slice(0, 10));
    } else {
      const read = asText(raw);
      if (read.kind === 'problem') return problem(read.message);
      const parsed = parsePeriod(read.text);
      if (!parsed.ok) return problem(parsed.message);
      period = parsed.period;
    }
    if (period.type !== expected.type || period.start !== expected.start) {
      problem(`period ${formatPeriod(period)} does not match this return's period, ${formatPeriod(expected)}`);
    }
  }

  private status(text: string | null | undefined, problem: (message: string) => void): ValueStatus | null {
    if (text === null || text === undefined) return null;
    const status = text.trim().toLowerCase();
    if ((VALUE_STATUSES as readonly string[]).includes(status)) return status as ValueStatus;
    problem(`'${clip(text)}' is not a status; use ${STATUS_LIST}`);
    return null;
  }

  /** Numerator and denominator: consistent with each other and with the value; gives the value when it was left blank. */
  private checkRatio(
    indicator: IndicatorRule,
    value: number | null,
    numerator: number | null,
    denominator: number | null,
    multiplier: number,
    problem: (key: ReturnColumnKey, message: string) => void,
  ): number | null {
    if (numerator === null || denominator === null) {
      problem(
        numerator === null ? 'numerator' : 'denominator',
        numerator === null ? 'a denominator needs a numerator' : 'a numerator needs a denominator',
      );
      return value;
    }
    if (denominator === 0) {
      problem('denominator', 'the denominator cannot be 0');
      return value;
    }
    // A share cannot exceed the whole; a rate may count events, more than one per person.
    if (indicator.unit === 'percentage' && numerator > denominator) {
      problem('numerator', `the numerator (${numerator}) is larger than the denominator (${denominator})`);
      return value;
    }
    const places = indicator.decimalPlaces;
    const expected = roundTo((numerator / denominator) * multiplier, places);
    if (value === null) return expected;
    // Agreement "at the indicator's decimal places": within half a unit in the last place.
    if (Math.abs(value - (numerator / denominator) * multiplier) > 0.5 * 10 ** -places + 1e-9) {
      problem(
        'value',
        `${value} does not match numerator ÷ denominator × ${multiplier.toLocaleString('en-GB')} = ${expected.toFixed(places)} (to ${places} decimal place${places === 1 ? '' : 's'})`,
      );
    }
    return value;
  }

  private checkValue(
    indicator: IndicatorRule,
    value: number,
    problem: (key: ReturnColumnKey, message: string) => void,
  ): void {
    if (indicator.unit === 'percentage' && (value < 0 || value > 100)) {
      problem('value', `${value} is not a percentage between 0 and 100`);
      return;
    }
    if (indicator.unit !== 'score' && value < 0) {
      problem('value', `${value} is negative; a ${unitWords(indicator.unit)} cannot be`);
      return;
    }
    if (indicator.unit === 'count' && !Number.isInteger(value)) {
      problem('value', `${value} is not a whole number; ${indicator.code} is a count`);
      return;
    }
    const { plausibleMin: min, plausibleMax: max } = indicator;
    if ((min !== null && value < min) || (max !== null && value > max)) {
      problem(
        'value',
        `${value} is outside the plausible range for ${indicator.code} (${min ?? 'no minimum'} to ${max ?? 'no maximum'}); check it, or ask the performance team to review the range`,
      );
    }
  }
}

function fail(report: () => void): { value: null; marker: null; ok: false } {
  report();
  return { value: null, marker: null, ok: false };
}

function isBlank(cell: XlsxCell): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

function asText(cell: XlsxCell): Text {
  if (cell === null || cell === undefined) return { kind: 'text', text: '' };
  if (typeof cell === 'string') return { kind: 'text', text: cell.trim() };
  if (typeof cell === 'number') return { kind: 'text', text: String(cell) };
  if (isFormulaCell(cell)) return { kind: 'problem', message: 'formulas are not accepted; paste the value' };
  if (isErrorCell(cell))
    return { kind: 'problem', message: `the cell shows the Excel error ${cell.error}; type the text` };
  if (cell instanceof Date) return { kind: 'text', text: cell.toISOString().slice(0, 10) };
  return { kind: 'text', text: String(cell) };
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

/** Half away from zero, as Excel's ROUND; the tiny nudge undoes binary fractions such as 1.005 → 1.00499…. */
export function roundTo(value: number, places: number): number {
  const factor = 10 ** places;
  const magnitude = Math.round(Math.abs(value) * factor * (1 + Number.EPSILON)) / factor;
  return value < 0 ? -magnitude : magnitude;
}

export function unitWords(unit: Unit): string {
  switch (unit) {
    case 'percentage':
      return 'percentage';
    case 'rate_per_1000':
      return 'rate per 1,000';
    case 'rate_per_10000':
      return 'rate per 10,000';
    case 'rate_per_100000':
      return 'rate per 100,000';
    case 'count':
      return 'count';
    case 'days':
      return 'number of days';
    case 'score':
      return 'score';
  }
}
