import { describe, expect, it } from 'vitest';
import { dfeRows, fingertipsRows } from './comparator-rows.js';

async function* records(lines: readonly string[][]) {
  for (const [index, cells] of lines.entries()) yield { rowNumber: index + 1, cells };
}

describe(dfeRows.name, () => {
  // Found by the fuzz test (test/medium/hostile-fuzz.spec.ts): the missing column made a problem at column 0, a 500.
  it('reports a local authority row in a file without new_la_code at the row, not at a cell that does not exist', async () => {
    const parsed = await dfeRows(
      records([
        ['time_period', 'time_identifier', 'geographic_level', 'country_code', 'la_name', 'rate_per_10000'],
        ['2024', 'Reporting year', 'Local authority', 'E92000001', 'Lincolnshire', '61'],
      ]),
      [
        {
          indicatorId: 'i',
          indicatorCode: 'CLA',
          measureColumn: 'rate_per_10000',
          filters: {},
          countColumn: null,
          denominatorColumn: null,
          lowerCiColumn: null,
          upperCiColumn: null,
        },
      ],
      'ees.csv',
    );
    expect(parsed.problems).toEqual([
      {
        location: 'ees.csv!2:2',
        message: "this local authority row needs the column 'new_la_code', which the file lacks",
      },
    ]);
  });
});

describe(fingertipsRows.name, () => {
  // Found by the fuzz test: the database refuses such limits, which was a 500.
  it('reports an upper confidence limit below the lower one at the upper limit', async () => {
    const header = ['Indicator ID', 'Area Code', 'Area Name', 'Area Type', 'Time period', 'Value'];
    const parsed = await fingertipsRows(
      records([
        [...header, 'Lower CI 95.0 limit', 'Upper CI 95.0 limit'],
        ['93356', 'E10000019', 'Lincolnshire', 'Counties & UAs', '2015', '108.7', '101.3', '11'],
      ]),
      [{ indicatorId: 'i', indicatorCode: 'CAMPY', fingertipsIndicatorId: 93356, sex: null, age: null }],
      'ft.csv',
    );
    expect(parsed.problems).toEqual([
      { location: 'ft.csv!H2', message: 'the upper confidence limit (11) is below the lower one (101.3)' },
    ]);
  });
});
