import { describe, expect, it } from 'vitest';
import { dfeRows } from './comparator-rows.js';

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
