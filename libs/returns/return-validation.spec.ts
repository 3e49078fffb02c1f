import { describe, expect, it } from 'vitest';
import { quarter } from '../periods/index.js';
import type { XlsxCell } from '../spreadsheets/index.js';
import { matchHeaderRow, RETURN_COLUMNS } from './return-columns.js';
import { ReturnValidator, roundTo, type IndicatorRule, type ReturnContext } from './return-validation.js';

const indicator = (code: string, overrides: Partial<IndicatorRule> = {}): IndicatorRule => ({
  id: `id-${code}`,
  code,
  unit: 'percentage',
  decimalPlaces: 1,
  reportedByArea: false,
  plausibleMin: null,
  plausibleMax: null,
  ...overrides,
});

const home = { id: 'home', code: 'E10000019', name: 'Lincolnshire' };
const indicators = [indicator('PCT'), indicator('RATE', { unit: 'rate_per_1000', decimalPlaces: 2 })];
const context: ReturnContext = {
  groupCode: 'EY',
  period: quarter(2024, 2),
  indicatorsByCode: new Map(indicators.map((i) => [i.code.toLowerCase(), i])),
  ownedIndicatorIds: new Set(indicators.map((i) => i.id)),
  areasByCode: new Map([['e10000019', home]]),
  homeArea: home,
  districtAreaIds: new Set(),
};
const columns = matchHeaderRow(RETURN_COLUMNS.map((c) => c.header))!;

function check(cells: Partial<Record<'code' | 'area' | 'value' | 'numerator' | 'denominator' | 'status', XlsxCell>>) {
  const sut = new ReturnValidator(context, 'Returns', columns);
  const row: XlsxCell[] = [];
  row[0] = cells.code ?? 'PCT';
  row[2] = cells.area ?? null;
  row[6] = cells.value ?? null;
  row[7] = cells.numerator ?? null;
  row[8] = cells.denominator ?? null;
  row[9] = cells.status ?? null;
  sut.check(5, row);
  return sut;
}

describe(ReturnValidator.name, () => {
  it('reads the blank area as the home authority and a blank status as actual', () => {
    expect(check({ value: 40 }).rows).toEqual([
      {
        indicatorId: 'id-PCT',
        areaId: 'home',
        value: 40,
        numerator: null,
        denominator: null,
        status: 'actual',
        suppressionMarker: null,
        commentary: null,
      },
    ]);
  });

  it('matches codes whatever their case', () => {
    expect(check({ code: 'pct', area: 'e10000019', value: 1 }).problemCount).toBe(0);
  });

  it('works the value out from numerator and denominator at the decimal places', () => {
    expect(check({ code: 'RATE', numerator: 2, denominator: 3 }).rows[0].value).toBe(666.67);
  });

  it('accepts a value rounded to the decimal places from numerator and denominator', () => {
    expect(check({ value: 66.7, numerator: 2, denominator: 3 }).problemCount).toBe(0);
    expect(check({ value: 66.6, numerator: 2, denominator: 3 }).problems[0].location).toBe('Returns!G5');
  });

  it('stores a suppression code as suppressed with no value', () => {
    expect(check({ value: '<5' }).rows[0]).toMatchObject({
      value: null,
      status: 'suppressed',
      suppressionMarker: '<5',
    });
  });

  it('skips a template row left blank', () => {
    const sut = check({});
    expect([sut.rows, sut.problems]).toEqual([[], []]);
  });

  it('names the cell of every problem in one row', () => {
    const sut = check({ code: 'PCT', value: '12,5', status: 'final' });
    expect(sut.problems.map((p) => p.location)).toEqual(['Returns!G5', 'Returns!J5']);
  });
});

describe(matchHeaderRow.name, () => {
  it('finds columns by name, in any order and case, ignoring notes in brackets', () => {
    expect(matchHeaderRow(['VALUE', 'indicator code ', 'Target (reference)'])).toEqual(
      new Map([
        ['value', 1],
        ['indicatorCode', 2],
        ['target', 3],
      ]),
    );
  });

  it('is not a header row without Indicator code and Value', () => {
    expect(matchHeaderRow(['Indicator code', 'Number'])).toBeNull();
  });
});

describe(roundTo.name, () => {
  it('rounds half away from zero despite binary fractions', () => {
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(-2.5, 0)).toBe(-3);
  });

  it('finds a repeated indicator and area however many areas the return names', () => {
    // Past 2,048 areas the row key no longer packs into one small integer; repeats are still caught.
    const areas = Array.from({ length: 2_100 }, (_, n) => ({ id: `area-${n}`, code: `A${n}`, name: `Area ${n}` }));
    const byArea = indicator('BYAREA', { reportedByArea: true });
    const wide: ReturnContext = {
      ...context,
      indicatorsByCode: new Map([['byarea', byArea]]),
      ownedIndicatorIds: new Set([byArea.id]),
      areasByCode: new Map(areas.map((a) => [a.code.toLowerCase(), a])),
      districtAreaIds: new Set(areas.map((a) => a.id)),
    };
    const sut = new ReturnValidator(wide, 'Returns', columns);
    const row = (area: string): XlsxCell[] => ['BYAREA', null, area, null, null, null, 40];
    areas.forEach((a, n) => sut.check(n + 2, row(a.code)));
    sut.check(2_102, row('A7'));
    sut.check(2_103, row('A2099'));
    expect(sut.problems.map((p) => p.message)).toEqual([
      'repeats row 9 (BYAREA for A7); give each indicator and area once',
      'repeats row 2101 (BYAREA for A2099); give each indicator and area once',
    ]);
    expect(sut.validRowCount).toBe(2_100);
  });
});
