import type { Response } from 'supertest';
import { expect } from 'vitest';
import { readXlsxRows, displayName } from '../../libs/spreadsheets/index.js';
import type { CorpusBase, CorpusCell, CorpusSheet } from '../../scripts/hostile-corpus.js';
import type { TestApi } from '../medium/test-app.js';
import { createReturnsCatalogue, RETURN_HEADERS } from './returns.factory.js';

/** One of the four uploads that read files from people: returns, the catalogue workbook, two comparator imports. */
export interface UploadTarget {
  readonly base: CorpusBase;
  upload(fileName: string, content: Buffer): Promise<Response>;
  /** The number a correct parse of `base` stores for its number cell. */
  storedNumber(): Promise<number | null>;
}

/** Rows in every table an upload may write; compared before and after each hostile file. */
const TABLES = [
  'return_upload',
  'return_value',
  'current_value',
  'comparator_import',
  'comparator_value',
  'plan',
  'priority',
  'partnership_group',
  'area',
  'indicator',
  'target',
  'target_version',
  'target_ownership',
] as const;

export type TableCounts = Record<string, number>;

export async function tableCounts(api: TestApi): Promise<TableCounts> {
  const [row] = await api.dataSource.query(
    `SELECT ${TABLES.map((t) => `(SELECT count(*)::int FROM ${t}) AS ${t}`).join(', ')},
            (SELECT count(*)::int FROM indicator_return WHERE outcome = 'accepted') AS accepted_returns,
            (SELECT count(*)::int FROM indicator_return WHERE outcome = 'rejected') AS rejected_returns`,
  );
  return row as TableCounts;
}

const FINGERTIPS_HEADER = [
  'Indicator ID',
  'Indicator Name',
  'Parent Code',
  'Parent Name',
  'Area Code',
  'Area Name',
  'Area Type',
  'Sex',
  'Age',
  'Category Type',
  'Category',
  'Time period',
  'Value',
  'Lower CI 95.0 limit',
  'Upper CI 95.0 limit',
  'Lower CI 99.8 limit',
  'Upper CI 99.8 limit',
  'Count',
  'Denominator',
  'Value note',
];
const DFE_HEADER = [
  'time_period',
  'time_identifier',
  'geographic_level',
  'country_code',
  'country_name',
  'region_code',
  'region_name',
  'new_la_code',
  'la_name',
  'rate_per_10000',
  'number',
  'population_estimate',
  'note',
];

/**
 * A small partnership (test/factories/returns.factory.ts) with comparator mappings, and for each target
 * a valid table it accepts: a return for R-EY, the catalogue as downloaded, a Fingertips export and an
 * EES file, each with the number 1234 (or 5000) where typing it as text is tempting.
 */
export async function createUploadTargets(api: TestApi): Promise<UploadTarget[]> {
  const cat = await createReturnsCatalogue(api, 'R', 2024, 2024);
  const admin = await api.signInAs('admin');
  const bearer = { authorization: `Bearer ${admin}` };
  await api
    .http()
    .put('/api/comparators/mappings/fingertips')
    .set(bearer)
    .send({ indicator: cat.indicators.rate.code, fingertipsIndicatorId: 93356, sex: 'Persons', age: 'All ages' })
    .expect(200);
  await api
    .http()
    .put('/api/comparators/mappings/dfe')
    .set(bearer)
    .send({
      indicator: cat.indicators.count.code,
      measureColumn: 'rate_per_10000',
      countColumn: 'number',
      denominatorColumn: 'population_estimate',
    })
    .expect(200);
  const post = (url: string, fields: Record<string, string> = {}) =>
    async function upload(fileName: string, content: Buffer): Promise<Response> {
      let request = api.http().post(url).set(bearer);
      for (const [name, value] of Object.entries(fields)) request = request.field(name, value);
      return request.attach('file', content, fileName);
    };
  const scalar = async (sql: string, params: unknown[]): Promise<number | null> => {
    const [row] = await api.dataSource.query(sql, params);
    return row ? Number(row.value) : null;
  };

  const returns: CorpusBase = {
    target: 'returns',
    forms: ['xlsx', 'csv'],
    sheets: [
      {
        name: 'Returns',
        rows: [
          RETURN_HEADERS,
          [cat.indicators.pct.code, null, cat.home.code, null, null, null, 72.5, null, null, 'actual', 'On track'],
          [cat.indicators.rate.code, null, null, null, null, null, 55.1, null, null, 'actual', null],
          [cat.indicators.count.code, null, null, null, null, null, 1234, null, null, 'actual', null],
          [cat.indicators.score.code, null, null, null, null, null, 0.25, null, null, 'provisional', null],
        ],
      },
    ],
    numberCell: { sheet: 0, row: 3, column: 6 },
    codeCell: { sheet: 0, row: 1, column: 0 },
    textCell: { sheet: 0, row: 1, column: 10 },
  };

  const workbook = (await api.http().get('/api/catalogue/workbook').set(bearer).buffer(true).parse(binary).expect(200))
    .body as Buffer;
  const catalogueSheets = await tableOf(workbook);
  const indicators = catalogueSheets.findIndex((s) => s.name === 'Indicators');
  const indicatorRows = catalogueSheets[indicators]!.rows;
  const column = (name: string) => indicatorRows[0]!.indexOf(name);
  const countRow = indicatorRows.findIndex((row) => row[column('Code')] === cat.indicators.count.code);
  const catalogue: CorpusBase = {
    target: 'catalogue',
    forms: ['xlsx'],
    sheets: catalogueSheets,
    numberCell: { sheet: indicators, row: countRow, column: column('Plausible max') },
    codeCell: { sheet: indicators, row: countRow, column: column('Code') },
    textCell: { sheet: indicators, row: countRow, column: column('Definition') },
  };

  const fingertips: CorpusBase = {
    target: 'fingertips',
    forms: ['csv'],
    sheets: [
      {
        name: 'fingertips',
        rows: [
          FINGERTIPS_HEADER,
          row(
            93356,
            'Campylobacter',
            'E92000001',
            'England',
            cat.home.code,
            'Lincolnshire',
            'Counties & UAs',
            'Persons',
            'All ages',
            null,
            null,
            '2015',
            1234,
            101.3,
            116.5,
            null,
            null,
            801,
            736665,
            null,
          ),
          row(
            93356,
            'Campylobacter',
            null,
            null,
            'E92000001',
            'England',
            'England',
            'Persons',
            'All ages',
            null,
            null,
            '2015',
            96.1,
            null,
            null,
            null,
            null,
            54321,
            56000000,
            'Provisional',
          ),
        ],
      },
    ],
    numberCell: { sheet: 0, row: 1, column: 12 },
    codeCell: { sheet: 0, row: 1, column: 4 },
    textCell: { sheet: 0, row: 2, column: 19 },
  };

  const dfe: CorpusBase = {
    target: 'dfe',
    forms: ['csv'],
    sheets: [
      {
        name: 'ees',
        rows: [
          DFE_HEADER,
          row(
            '2024',
            'Reporting year',
            'National',
            'E92000001',
            'England',
            null,
            null,
            null,
            null,
            70,
            83630,
            11998646,
            null,
          ),
          row(
            '2024',
            'Reporting year',
            'Local authority',
            'E92000001',
            'England',
            'E12000004',
            'East Midlands',
            cat.home.code,
            'Lincolnshire',
            1234,
            1150,
            151000,
            'Published',
          ),
        ],
      },
    ],
    numberCell: { sheet: 0, row: 2, column: 9 },
    codeCell: { sheet: 0, row: 2, column: 7 },
    textCell: { sheet: 0, row: 2, column: 12 },
  };

  const comparatorNumber = (indicatorId: string) => () =>
    scalar(
      `SELECT v.value FROM comparator_value v JOIN area a ON a.id = v.area_id WHERE v.indicator_id = $1 AND a.code = $2`,
      [indicatorId, cat.home.code],
    );
  return [
    {
      base: returns,
      upload: post('/api/returns', { group: cat.group.code, period: '2024-25 Q2' }),
      storedNumber: () =>
        scalar(`SELECT value FROM current_value WHERE indicator_id = $1 AND area_id = $2`, [
          cat.indicators.count.id,
          cat.home.id,
        ]),
    },
    {
      base: catalogue,
      upload: post('/api/catalogue/workbook'),
      storedNumber: () =>
        scalar(`SELECT plausible_max AS value FROM indicator WHERE id = $1`, [cat.indicators.count.id]),
    },
    {
      base: fingertips,
      upload: post('/api/comparators/fingertips'),
      storedNumber: comparatorNumber(cat.indicators.rate.id),
    },
    { base: dfe, upload: post('/api/comparators/dfe'), storedNumber: comparatorNumber(cat.indicators.count.id) },
  ];
}

/** A CSV row: every number as the text a CSV file holds. */
const row = (...cells: (string | number | null)[]): CorpusCell[] =>
  cells.map((cell) => (typeof cell === 'number' ? String(cell) : cell));

function binary(response: Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => callback(null, Buffer.concat(chunks)));
}

/** A downloaded workbook as the corpus's table: every sheet, every row at its place. */
async function tableOf(workbook: Buffer): Promise<CorpusSheet[]> {
  const sheets = new Map<string, CorpusCell[][]>();
  for await (const row of readXlsxRows(workbook)) {
    const rows = sheets.get(row.sheet) ?? [];
    sheets.set(row.sheet, rows);
    while (rows.length < row.rowNumber - 1) rows.push([]);
    rows[row.rowNumber - 1] = row.cells.map((cell) =>
      cell === null || typeof cell === 'string' || typeof cell === 'number' || cell instanceof Date
        ? cell
        : String(cell),
    );
  }
  return [...sheets].map(([name, rows]) => ({ name, rows }));
}

/**
 * What every answer to a hostile file must be: no 5xx; a 4xx with a message that names the file or
 * lists each problem at its place; no contents of a file the server can read.
 */
export function expectClearAnswer(response: Response, fileName: string): void {
  const body = response.body as { message?: string; details?: { location?: string; message: string }[] };
  const label = `${fileName}: ${response.status} ${JSON.stringify(body).slice(0, 400)}`;
  expect(response.status, label).toBeLessThan(500);
  expect(response.text, label).not.toMatch(/root:x:0:0/);
  if (response.status < 400) return;
  expect(typeof body.message, label).toBe('string');
  const namesFile = body.message!.includes(displayName(fileName));
  // Lists of problems end with a line counting the ones left out, which has no place.
  const details = body.details ?? [];
  const placed = details.some((d) => d.location) && details.every((d) => d.message);
  expect(namesFile || placed, `${label}: names neither the file nor a place`).toBe(true);
}

/** Nothing half-written: every table as before, but for the record of a rejected return (which the SPEC keeps). */
export function expectNothingWritten(
  before: TableCounts,
  after: TableCounts,
  response: Response,
  fileName: string,
): void {
  const label = `${fileName} (${response.status}) changed the database`;
  if (response.status !== 422 || response.headers['x-return-id'] === undefined) {
    expect(after, label).toEqual(before);
    return;
  }
  // The rejection is recorded with the file (kept once by its SHA-256), and nothing else.
  expect(after.return_upload! - before.return_upload!, label).toBeLessThanOrEqual(1);
  expect({ ...after, return_upload: before.return_upload }, label).toEqual({
    ...before,
    rejected_returns: before.rejected_returns! + 1,
  });
}
