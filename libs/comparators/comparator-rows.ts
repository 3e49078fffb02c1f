import type { AreaKind } from '../catalogue/catalogue.types.js';
import type { ErrorDetail } from '../common/index.js';
import { parsePeriod, periodKey, type Period } from '../periods/index.js';
import { cellRef, parseNumber, parseSuppression, rowRef, unusualCharacters } from '../spreadsheets/index.js';

/** Where an indicator's comparator values come from in a Fingertips export. */
export interface FingertipsMapping {
  readonly indicatorId: string;
  readonly indicatorCode: string;
  readonly fingertipsIndicatorId: number;
  readonly sex: string | null;
  readonly age: string | null;
}

/** Where an indicator's comparator values come from in a DfE Explore Education Statistics tidy CSV. */
export interface DfeMapping {
  readonly indicatorId: string;
  readonly indicatorCode: string;
  readonly measureColumn: string;
  /** Column → value; a row is used when every one matches (case and spaces aside). */
  readonly filters: Readonly<Record<string, string>>;
  readonly countColumn: string | null;
  readonly denominatorColumn: string | null;
  readonly lowerCiColumn: string | null;
  readonly upperCiColumn: string | null;
}

export interface ComparatorArea {
  readonly code: string;
  readonly name: string;
  readonly kind: AreaKind;
  readonly parentCode: string | null;
}

export interface ComparatorRow {
  readonly indicatorId: string;
  readonly area: ComparatorArea;
  readonly period: Period;
  readonly value: number | null;
  readonly lowerCi95: number | null;
  readonly upperCi95: number | null;
  readonly lowerCi998: number | null;
  readonly upperCi998: number | null;
  readonly count: number | null;
  readonly denominator: number | null;
  readonly suppressionMarker: string | null;
  readonly note: string | null;
}

export interface ParsedComparators {
  readonly rows: ComparatorRow[];
  readonly problems: ErrorDetail[];
  /** Rows for no mapped indicator, for a breakdown (sex, age, category) not mapped, or a geography not kept. */
  skipped: number;
}

const norm = (text: string | undefined): string => (text ?? '').trim().replace(/\s+/g, ' ').toLowerCase();

/** Column index by header (case and spaces aside); the first row is the header in both formats. */
function headerIndex(header: readonly string[]): (name: string) => number {
  const map = new Map(header.map((h, i) => [norm(h), i]));
  return (name) => map.get(norm(name)) ?? -1;
}

class Collector {
  readonly rows: ComparatorRow[] = [];
  readonly problems: ErrorDetail[] = [];
  skipped = 0;
  private readonly keys = new Map<string, string>();

  constructor(private readonly sheet: string) {}

  /** `column` -1: the row as a whole (a column it needs is missing). */
  problem(column: number, rowNumber: number, message: string): void {
    if (this.problems.length < 1000) {
      const location = column < 0 ? rowRef(this.sheet, rowNumber) : cellRef(this.sheet, column + 1, rowNumber);
      this.problems.push({ location, message });
    }
  }

  number(cells: readonly string[], column: number, rowNumber: number): number | null {
    if (column < 0) return null;
    const text = cells[column] ?? '';
    if (parseSuppression(text)) return null;
    const parsed = parseNumber(text);
    if (!parsed.ok) {
      this.problem(column, rowNumber, parsed.message);
      return null;
    }
    return parsed.value;
  }

  /** A confidence interval's two limits; an upper limit below the lower one is a problem at the upper. */
  limits(
    cells: readonly string[],
    lowerColumn: number,
    upperColumn: number,
    rowNumber: number,
  ): { lower: number | null; upper: number | null } {
    const lower = this.number(cells, lowerColumn, rowNumber);
    const upper = this.number(cells, upperColumn, rowNumber);
    if (lower !== null && upper !== null && upper < lower) {
      this.problem(upperColumn, rowNumber, `the upper confidence limit (${upper}) is below the lower one (${lower})`);
    }
    return { lower, upper };
  }

  add(row: ComparatorRow, rowNumber: number, duplicateHint: string): void {
    const key = `${row.indicatorId}|${row.area.code}|${periodKey(row.period)}`;
    const first = this.keys.get(key);
    if (first) {
      this.problem(0, rowNumber, `repeats ${first} (the same indicator, area and period); ${duplicateHint}`);
      return;
    }
    this.keys.set(key, `row ${rowNumber}`);
    this.rows.push(row);
  }

  result(): ParsedComparators {
    return { rows: this.rows, problems: this.problems, skipped: this.skipped };
  }
}

/** Fingertips "Area Type" → our kind of area; other geographies are skipped. */
export function fingertipsAreaKind(areaType: string): AreaKind | null {
  const type = norm(areaType);
  if (type === 'england' || type === 'country') return 'country';
  if (type.includes('region')) return 'region';
  if (/count(y|ies)|\bua\b|unitary|upper tier|local authorit/.test(type)) return 'local_authority';
  return null;
}

const FINGERTIPS_REQUIRED = ['Indicator ID', 'Area Code', 'Area Name', 'Area Type', 'Time period', 'Value'];

/**
 * Rows of a Fingertips CSV export (fingertips.phe.org.uk "Export table"): the 26 standard columns,
 * ragged rows, breakdown rows by category (IMD deciles…) skipped, blank values kept with their
 * "Value note", periods such as 2015, 2015/16 and 2014 - 16.
 */
export async function fingertipsRows(
  records: AsyncIterable<{ rowNumber: number; cells: readonly string[] }>,
  mappings: readonly FingertipsMapping[],
  fileLabel: string,
): Promise<ParsedComparators> {
  const out = new Collector(fileLabel);
  const byId = new Map<number, FingertipsMapping[]>();
  for (const mapping of mappings)
    byId.set(mapping.fingertipsIndicatorId, [...(byId.get(mapping.fingertipsIndicatorId) ?? []), mapping]);
  let column: ((name: string) => number) | null = null;
  for await (const { rowNumber, cells } of records) {
    if (!column) {
      column = headerIndex(cells);
      const missing = FINGERTIPS_REQUIRED.filter((name) => column!(name) < 0);
      if (missing.length) {
        out.problems.push({
          location: fileLabel,
          message: `is not a Fingertips export: the first row lacks ${missing.map((m) => `'${m}'`).join(', ')}`,
        });
        return out.result();
      }
      continue;
    }
    const col = column;
    const text = (name: string): string => (col(name) >= 0 ? (cells[col(name)] ?? '').trim() : '');
    if (cells.every((cell) => cell.trim() === '')) continue;
    const candidates = byId.get(Number(text('Indicator ID'))) ?? [];
    const mapping = candidates.find(
      (m) =>
        (m.sex === null || norm(m.sex) === norm(text('Sex'))) && (m.age === null || norm(m.age) === norm(text('Age'))),
    );
    // Breakdown rows (deprivation deciles, ethnic groups…) are not an area's value.
    if (!mapping || text('Category Type') !== '') {
      out.skipped += 1;
      continue;
    }
    const kind = fingertipsAreaKind(text('Area Type'));
    if (!kind) {
      out.skipped += 1;
      continue;
    }
    const period = parsePeriod(text('Time period'));
    if (!period.ok) {
      out.problem(col('Time period'), rowNumber, period.message);
      continue;
    }
    const areaCode = text('Area Code');
    if (!/^[A-Z]\d{8}$/.test(areaCode)) {
      out.problem(col('Area Code'), rowNumber, `'${areaCode}' is not a GSS area code${unusualCharacters(areaCode)}`);
      continue;
    }
    const num = (name: string) => out.number(cells, col(name), rowNumber);
    const ci95 = out.limits(cells, col('Lower CI 95.0 limit'), col('Upper CI 95.0 limit'), rowNumber);
    const ci998 = out.limits(cells, col('Lower CI 99.8 limit'), col('Upper CI 99.8 limit'), rowNumber);
    out.add(
      {
        indicatorId: mapping.indicatorId,
        area: { code: areaCode, name: text('Area Name') || areaCode, kind, parentCode: text('Parent Code') || null },
        period: period.period,
        value: num('Value'),
        lowerCi95: ci95.lower,
        upperCi95: ci95.upper,
        lowerCi998: ci998.lower,
        upperCi998: ci998.upper,
        count: num('Count'),
        denominator: num('Denominator'),
        suppressionMarker: null,
        note: text('Value note') || null,
      },
      rowNumber,
      `set the mapping's sex and age (this file has ${text('Sex')} / ${text('Age')} among others)`,
    );
  }
  if (!column) out.problems.push({ location: fileLabel, message: 'is empty' });
  return out.result();
}

const DFE_REQUIRED = ['time_period', 'time_identifier', 'geographic_level'];

/** EES `geographic_level` → our kind of area and the columns naming it; other levels are skipped. */
const DFE_LEVELS: Readonly<Record<string, { kind: AreaKind; code: string; name: string; parent: string | null }>> = {
  national: { kind: 'country', code: 'country_code', name: 'country_name', parent: null },
  regional: { kind: 'region', code: 'region_code', name: 'region_name', parent: 'country_code' },
  'local authority': { kind: 'local_authority', code: 'new_la_code', name: 'la_name', parent: 'region_code' },
};

/**
 * Rows of a DfE Explore Education Statistics tidy CSV: `time_period` with `time_identifier`
 * (201617 + Academic year, 2024 + Reporting year…), `geographic_level` National / Regional / Local
 * authority, GSS codes in country_code / region_code / new_la_code, suppression codes c x z k.
 */
export async function dfeRows(
  records: AsyncIterable<{ rowNumber: number; cells: readonly string[] }>,
  mappings: readonly DfeMapping[],
  fileLabel: string,
): Promise<ParsedComparators> {
  const out = new Collector(fileLabel);
  let column: ((name: string) => number) | null = null;
  let applicable: readonly DfeMapping[] = [];
  for await (const { rowNumber, cells } of records) {
    if (!column) {
      column = headerIndex(cells);
      const col = column;
      const missing = DFE_REQUIRED.filter((name) => col(name) < 0);
      if (missing.length) {
        out.problems.push({
          location: fileLabel,
          message: `is not an Explore Education Statistics data file: the first row lacks ${missing.map((m) => `'${m}'`).join(', ')}`,
        });
        return out.result();
      }
      // Each EES file is one publication: a mapping applies to the files that have its measure column.
      applicable = mappings.filter((mapping) => col(mapping.measureColumn) >= 0);
      if (applicable.length === 0) {
        out.problems.push({
          location: fileLabel,
          message: `has none of the mapped measure columns (${mappings.map((m) => `'${m.measureColumn}'`).join(', ')})`,
        });
        return out.result();
      }
      for (const mapping of applicable) {
        const needed = [
          ...Object.keys(mapping.filters),
          mapping.countColumn,
          mapping.denominatorColumn,
          mapping.lowerCiColumn,
          mapping.upperCiColumn,
        ];
        const absent = needed.filter((name): name is string => name !== null && col(name) < 0);
        if (absent.length)
          out.problems.push({
            location: fileLabel,
            message: `has no column ${absent.map((a) => `'${a}'`).join(', ')}, which the mapping of ${mapping.indicatorCode} names`,
          });
      }
      if (out.problems.length) return out.result();
      continue;
    }
    const col = column;
    const text = (name: string | null): string => (name && col(name) >= 0 ? (cells[col(name)] ?? '').trim() : '');
    if (cells.every((cell) => cell.trim() === '')) continue;
    const level = DFE_LEVELS[norm(text('geographic_level'))];
    const matching = applicable.filter((m) =>
      Object.entries(m.filters).every(([name, value]) => norm(text(name)) === norm(value)),
    );
    if (!level || matching.length === 0) {
      out.skipped += 1;
      continue;
    }
    const period = parsePeriod(text('time_period'), { timeIdentifier: text('time_identifier') });
    if (!period.ok) {
      out.problem(col('time_period'), rowNumber, period.message);
      continue;
    }
    if (col(level.code) < 0) {
      out.problem(
        -1,
        rowNumber,
        `this ${level.kind.replace('_', ' ')} row needs the column '${level.code}', which the file lacks`,
      );
      continue;
    }
    const areaCode = text(level.code);
    if (!/^[A-Z]\d{8}$/.test(areaCode)) {
      out.problem(col(level.code), rowNumber, `'${areaCode}' is not a GSS area code${unusualCharacters(areaCode)}`);
      continue;
    }
    const area: ComparatorArea = {
      code: areaCode,
      name: text(level.name) || areaCode,
      kind: level.kind,
      parentCode: level.parent ? text(level.parent) || null : null,
    };
    for (const mapping of matching) {
      const num = (name: string | null) => (name ? out.number(cells, col(name), rowNumber) : null);
      const marker = parseSuppression(text(mapping.measureColumn));
      const column = (name: string | null) => (name ? col(name) : -1);
      const ci95 = out.limits(cells, column(mapping.lowerCiColumn), column(mapping.upperCiColumn), rowNumber);
      out.add(
        {
          indicatorId: mapping.indicatorId,
          area,
          period: period.period,
          value: num(mapping.measureColumn),
          lowerCi95: ci95.lower,
          upperCi95: ci95.upper,
          lowerCi998: null,
          upperCi998: null,
          count: num(mapping.countColumn),
          denominator: num(mapping.denominatorColumn),
          suppressionMarker: marker?.marker ?? null,
          note: marker ? marker.meaning : null,
        },
        rowNumber,
        `add a filter to the mapping of ${mapping.indicatorCode} so that one row is left`,
      );
    }
  }
  if (!column) out.problems.push({ location: fileLabel, message: 'is empty' });
  return out.result();
}
