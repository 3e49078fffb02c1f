import { UNIT_MULTIPLIERS, type Unit } from '../catalogue/catalogue.types.js';
import { contains, formatPeriod, parsePeriod, periodContaining, type Period } from '../periods/index.js';
import {
  cellRef,
  isErrorCell,
  isFormulaCell,
  parseNumber,
  parseSuppression,
  unusualCharacters,
  type XlsxCell,
} from '../spreadsheets/index.js';
import { RETURN_COLUMNS, type ReturnColumnKey } from './return-columns.js';
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
/** Period labels and codes remembered per upload; a hostile file cannot grow these caches past them. */
const MAX_PERIOD_LABELS = 1_000;
const MAX_CODES_REMEMBERED = 100_000;
/**
 * Room for numbering indicators, areas and periods into one small integer, 2^13 × 2^11 × 2^6 = 2^30:
 * V8 keeps such keys unboxed, so the map of rows seen allocates nothing per row.
 */
const INDICATOR_SLOTS = 2 ** 13;
const AREA_SLOTS = 2 ** 11;
const PERIOD_SLOTS = 2 ** 6;

const STATUS_LIST = 'actual, provisional, estimate or suppressed';

/** Why a cell cannot be read as text; a cell that can is its (trimmed) text, as a plain string. */
interface TextProblem {
  readonly problem: string;
}

/**
 * Checks a return row by row as it is read, keeping the rows to store and every problem found
 * (SPEC 3: "accepted whole or rejected whole", each rejection naming sheet, cell and reason).
 */
export class ReturnValidator {
  /** Valid rows not yet taken (`takeRows`); emptied once a problem is found, as the return will be rejected. */
  readonly rows: ReturnRow[] = [];
  readonly problems: ReturnProblem[] = [];
  problemCount = 0;
  rowsRead = 0;
  /** Valid rows found, taken or not. */
  validRowCount = 0;
  /** The first row of each indicator × area × period: `seenKey`. */
  private readonly seen = new Map<number | string, number>();
  private readonly indicatorIndexes = new Map<string, number>();
  private readonly areaIndexes = new Map<string, number>();
  private readonly periodIndexes = new Map<Period, number>();
  /** Period labels already read, by their text, and one Period object for each period read. */
  private readonly periods = new Map<string, Period>();
  private readonly canonicalPeriods = new Map<string, Period>();
  /** Owned indicators and the areas found, by the code text as typed (spares lower-casing every row). */
  private readonly indicatorsByText = new Map<string, IndicatorRule>();
  private readonly areasByText = new Map<string, AreaRef>();
  /** 0-based index of each column in a row's cells, or -1 when the sheet lacks it. */
  private readonly at: Readonly<Record<ReturnColumnKey, number>>;
  /** The row being checked. */
  private cells: readonly XlsxCell[] = [];
  private rowNumber = 0;

  constructor(
    private readonly context: ReturnContext,
    private readonly sheet: string,
    private readonly columns: ReadonlyMap<ReturnColumnKey, number>,
  ) {
    this.at = Object.fromEntries(RETURN_COLUMNS.map(({ key }) => [key, (columns.get(key) ?? 0) - 1])) as Record<
      ReturnColumnKey,
      number
    >;
  }

  /** A problem with the file as a whole, such as a missing header row. */
  fileProblem(location: string, message: string): void {
    this.push({ location, message });
  }

  check(rowNumber: number, cells: readonly XlsxCell[]): void {
    this.rowsRead += 1;
    this.cells = cells;
    this.rowNumber = rowNumber;
    // A template row left empty is a value not (yet) returned, not a mistake.
    if (
      isBlank(this.cell('value')) &&
      isBlank(this.cell('numerator')) &&
      isBlank(this.cell('denominator')) &&
      isBlank(this.cell('status')) &&
      isBlank(this.cell('commentary'))
    )
      return;

    const before = this.problemCount;
    const indicator = this.indicator(this.text('indicatorCode'));
    const area = this.area(this.text('areaCode'), indicator);
    const period = this.checkPeriod(this.cell('period'));

    const unit = indicator?.unit;
    const percentage = unit === 'percentage';
    const multiplier = unit ? UNIT_MULTIPLIERS[unit] : null;
    const value = this.numeric('value', percentage);
    const numerator = this.numeric('numerator', false);
    const denominator = this.numeric('denominator', false);
    const status = this.status(this.text('status'));
    const commentary = this.text('commentary') ?? null;
    if (commentary && commentary.length > COMMENTARY_MAX_CHARS) {
      this.problem(
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
        this.problem(
          numerator.value !== null ? 'numerator' : 'denominator',
          `${indicator.code} is a ${unitWords(indicator.unit)}; numerator and denominator are only for rates and percentages`,
        );
      } else if (hasRatio) {
        finalValue = this.checkRatio(indicator, value.value, numerator.value, denominator.value, multiplier as number);
      }
      if (marker) {
        if (status && status !== 'suppressed')
          this.problem('status', `the status is '${status}' but the value is marked suppressed ('${marker}')`);
        if (value.value !== null)
          this.problem(
            'value',
            `the value is given but the row is marked suppressed ('${marker}'); give one or the other`,
          );
        finalStatus = 'suppressed';
        finalValue = null;
      } else if (status === 'suppressed') {
        if (value.value !== null)
          this.problem('value', 'the status is suppressed, so leave the value blank or give a code such as c');
        finalValue = null;
      } else if (finalValue === null) {
        this.problem('value', 'a value is needed, or a suppression code such as c');
      } else {
        this.checkValue(indicator, finalValue);
      }
      if (numerator.value !== null && numerator.value < 0)
        this.problem('numerator', `the numerator cannot be negative (${numerator.value})`);
      if (denominator.value !== null && denominator.value < 0)
        this.problem('denominator', `the denominator cannot be negative (${denominator.value})`);
    }

    if (indicator && area) {
      // A period cell that could not be read counts as the return's own, as a blank one does.
      const own = period === null || period === this.context.period;
      const key = this.seenKey(indicator.id, area.id, period ?? this.context.period);
      const first = this.seen.get(key);
      if (first !== undefined) {
        this.problem(
          'indicatorCode',
          own
            ? `repeats row ${first} (${indicator.code} for ${area.code}); give each indicator and area once`
            : `repeats row ${first} (${indicator.code} for ${area.code} in ${formatPeriod(period)}); give each indicator, area and period once`,
        );
      } else {
        this.seen.set(key, rowNumber);
      }
    }

    if (this.problemCount === before && indicator && area && period) {
      const row: ReturnRow = {
        indicatorId: indicator.id,
        areaId: area.id,
        value: finalValue,
        numerator: numerator.value,
        denominator: denominator.value,
        status: finalStatus ?? 'actual',
        suppressionMarker: marker,
        commentary,
      };
      if (period !== this.context.period) row.period = period;
      this.validRowCount += 1;
      if (this.problemCount === 0) this.rows.push(row);
    }
  }

  /** The valid rows found since the last call; none once a problem is found. */
  takeRows(): ReturnRow[] {
    return this.rows.splice(0);
  }

  /** After the last row: a return with no values at all is refused rather than accepted empty. */
  finish(): void {
    if (this.problemCount === 0 && this.validRowCount === 0) {
      this.push({
        location: this.sheet,
        message: 'the return has no values; fill in the Value column for at least one row',
        sheet: this.sheet,
      });
    }
  }

  private push(problem: ReturnProblem): void {
    // Rejected whole: the valid rows are no longer needed.
    if (this.problemCount === 0) this.rows.length = 0;
    this.problemCount += 1;
    if (this.problems.length < MAX_PROBLEMS_KEPT) this.problems.push(problem);
  }

  private cell(key: ReturnColumnKey): XlsxCell {
    const index = this.at[key];
    return index < 0 ? null : (this.cells[index] ?? null);
  }

  /** A problem in the row being checked, located at the column's cell (the indicator code's if the sheet lacks it). */
  private problem(key: ReturnColumnKey, message: string): void {
    const column = this.columns.get(key) ?? this.columns.get('indicatorCode') ?? 1;
    this.push({
      location: cellRef(this.sheet, column, this.rowNumber),
      message,
      sheet: this.sheet,
      row: this.rowNumber,
      column,
    });
  }

  /** The cell as trimmed text, null when blank; undefined when it cannot be read as text (the problem is reported). */
  private text(key: ReturnColumnKey): string | null | undefined {
    const raw = this.cell(key);
    const read = asText(raw);
    if (typeof read !== 'string') {
      this.problem(key, read.problem);
      return undefined;
    }
    return read === '' ? null : read;
  }

  private numeric(key: 'value' | 'numerator' | 'denominator', allowPercentSign: boolean): NumericCell {
    const raw = this.cell(key);
    if (isFormulaCell(raw)) return this.fail(key, 'formulas are not accepted; paste the value');
    if (isErrorCell(raw)) return this.fail(key, `the cell shows the Excel error ${raw.error}; enter a number`);
    if (raw instanceof Date) return this.fail(key, 'is a date, not a number');
    if (typeof raw === 'boolean') return this.fail(key, `'${String(raw).toUpperCase()}' is not a number`);
    const suppression = parseSuppression(raw);
    if (suppression) return { value: null, marker: suppression.marker, ok: true };
    const parsed = parseNumber(raw, { allowPercentSign });
    if (!parsed.ok) return this.fail(key, parsed.message);
    return { value: parsed.value, marker: null, ok: true };
  }

  private fail(key: ReturnColumnKey, message: string): NumericCell {
    this.problem(key, message);
    return { value: null, marker: null, ok: false };
  }

  /**
   * One number per indicator × area × period (ids and periods numbered as they are first met), or a
   * string if a catalogue were ever too large to number that way.
   */
  private seenKey(indicatorId: string, areaId: string, period: Period): number | string {
    const i = indexOf(this.indicatorIndexes, indicatorId);
    const a = indexOf(this.areaIndexes, areaId);
    const p = indexOf(this.periodIndexes, period);
    if (i < INDICATOR_SLOTS && a < AREA_SLOTS && p < PERIOD_SLOTS) return (p * INDICATOR_SLOTS + i) * AREA_SLOTS + a;
    return `${indicatorId}|${areaId}|${period.type}|${period.start}`;
  }

  private indicator(code: string | null | undefined): IndicatorRule | null {
    if (code === undefined) return null;
    if (code === null) {
      this.problem('indicatorCode', 'the indicator code is missing');
      return null;
    }
    const known = this.indicatorsByText.get(code);
    if (known) return known;
    const indicator = this.context.indicatorsByCode.get(code.toLowerCase());
    if (!indicator) {
      this.problem(
        'indicatorCode',
        `'${clip(code)}' is not an indicator code in the catalogue${unusualCharacters(code)}`,
      );
      return null;
    }
    if (!this.context.ownedIndicatorIds.has(indicator.id)) {
      this.problem(
        'indicatorCode',
        `indicator ${indicator.code} is not owned by group ${this.context.groupCode} for ${formatPeriod(this.context.period)}; only its owning group returns it`,
      );
      return null;
    }
    if (this.indicatorsByText.size < MAX_CODES_REMEMBERED) this.indicatorsByText.set(code, indicator);
    return indicator;
  }

  private area(code: string | null | undefined, indicator: IndicatorRule | null): AreaRef | null {
    const { homeArea } = this.context;
    if (code === undefined) return null;
    if (code === null) return homeArea;
    let area = this.areasByText.get(code);
    if (!area) {
      area = this.context.areasByCode.get(code.toLowerCase());
      if (!area) {
        this.problem('areaCode', `'${clip(code)}' is not an area code in the catalogue${unusualCharacters(code)}`);
        return null;
      }
      if (area.id !== homeArea.id && !this.context.districtAreaIds.has(area.id)) {
        this.problem(
          'areaCode',
          `${area.code} (${area.name}) is not one of the partnership's areas; returns are for ${homeArea.name} and its districts`,
        );
        return null;
      }
      if (this.areasByText.size < MAX_CODES_REMEMBERED) this.areasByText.set(code, area);
    }
    if (area.id === homeArea.id) return area;
    if (indicator && !indicator.reportedByArea) {
      this.problem('areaCode', `${indicator.code} is reported for ${homeArea.name} as a whole, not by district`);
      return null;
    }
    return area;
  }

  /**
   * The row's period: the return's when the cell is blank. A return for a year or a half may carry rows
   * for the quarters or months inside it, each stored with its own period. Null when the cell is wrong.
   */
  private checkPeriod(raw: XlsxCell): Period | null {
    if (isBlank(raw)) return this.context.period;
    // Excel turns a typed "Sep 2024" into a date; only a month can mean that.
    if (raw instanceof Date) return this.within(periodContaining('month', raw.toISOString().slice(0, 10)));
    const read = asText(raw);
    if (typeof read !== 'string') {
      this.problem('period', read.problem);
      return null;
    }
    const known = this.periods.get(read);
    if (known) return known;
    const parsed = parsePeriod(read);
    if (!parsed.ok) {
      this.problem('period', parsed.message);
      return null;
    }
    const period = this.within(parsed.period);
    // A return names a handful of periods: remembering each label's answer spares parsing it on every row.
    if (period && this.periods.size < MAX_PERIOD_LABELS) this.periods.set(read, period);
    return period;
  }

  /** The period if it lies within the return's, as the one object used for it throughout; else reports it. */
  private within(period: Period): Period | null {
    const expected = this.context.period;
    if (period.type === expected.type && period.start === expected.start) return expected;
    if (contains(expected, period)) {
      const key = `${period.type}|${period.start}`;
      const canonical = this.canonicalPeriods.get(key);
      if (canonical) return canonical;
      this.canonicalPeriods.set(key, period);
      return period;
    }
    this.problem(
      'period',
      period.type === expected.type
        ? `period ${formatPeriod(period)} does not match this return's period, ${formatPeriod(expected)}`
        : `period ${formatPeriod(period)} is not within this return's period, ${formatPeriod(expected)}`,
    );
    return null;
  }

  private status(text: string | null | undefined): ValueStatus | null {
    if (text === null || text === undefined) return null;
    const status = text.trim().toLowerCase();
    if ((VALUE_STATUSES as readonly string[]).includes(status)) return status as ValueStatus;
    this.problem('status', `'${clip(text)}' is not a status; use ${STATUS_LIST}`);
    return null;
  }

  /** Numerator and denominator: consistent with each other and with the value; gives the value when it was left blank. */
  private checkRatio(
    indicator: IndicatorRule,
    value: number | null,
    numerator: number | null,
    denominator: number | null,
    multiplier: number,
  ): number | null {
    if (numerator === null || denominator === null) {
      this.problem(
        numerator === null ? 'numerator' : 'denominator',
        numerator === null ? 'a denominator needs a numerator' : 'a numerator needs a denominator',
      );
      return value;
    }
    if (denominator === 0) {
      this.problem('denominator', 'the denominator cannot be 0');
      return value;
    }
    // A share cannot exceed the whole; a rate may count events, more than one per person.
    if (indicator.unit === 'percentage' && numerator > denominator) {
      this.problem('numerator', `the numerator (${numerator}) is larger than the denominator (${denominator})`);
      return value;
    }
    const places = indicator.decimalPlaces;
    const expected = roundTo((numerator / denominator) * multiplier, places);
    if (value === null) return expected;
    // Agreement "at the indicator's decimal places": within half a unit in the last place.
    if (Math.abs(value - (numerator / denominator) * multiplier) > 0.5 * 10 ** -places + 1e-9) {
      this.problem(
        'value',
        `${value} does not match numerator ÷ denominator × ${multiplier.toLocaleString('en-GB')} = ${expected.toFixed(places)} (to ${places} decimal place${places === 1 ? '' : 's'})`,
      );
    }
    return value;
  }

  private checkValue(indicator: IndicatorRule, value: number): void {
    if (indicator.unit === 'percentage' && (value < 0 || value > 100)) {
      this.problem('value', `${value} is not a percentage between 0 and 100`);
      return;
    }
    if (indicator.unit !== 'score' && value < 0) {
      this.problem('value', `${value} is negative; a ${unitWords(indicator.unit)} cannot be`);
      return;
    }
    if (indicator.unit === 'count' && !Number.isInteger(value)) {
      this.problem('value', `${value} is not a whole number; ${indicator.code} is a count`);
      return;
    }
    const { plausibleMin: min, plausibleMax: max } = indicator;
    if ((min !== null && value < min) || (max !== null && value > max)) {
      this.problem(
        'value',
        `${value} is outside the plausible range for ${indicator.code} (${min ?? 'no minimum'} to ${max ?? 'no maximum'}); check it, or ask the performance team to review the range`,
      );
    }
  }
}

interface NumericCell {
  readonly value: number | null;
  readonly marker: string | null;
  readonly ok: boolean;
}

/** Numbers ids and periods as they are first met. */
function indexOf<K>(indexes: Map<K, number>, key: K): number {
  let index = indexes.get(key);
  if (index === undefined) {
    index = indexes.size;
    indexes.set(key, index);
  }
  return index;
}

function isBlank(cell: XlsxCell): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

function asText(cell: XlsxCell): string | TextProblem {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'number') return String(cell);
  if (isFormulaCell(cell)) return { problem: 'formulas are not accepted; paste the value' };
  if (isErrorCell(cell)) return { problem: `the cell shows the Excel error ${cell.error}; type the text` };
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell);
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
