import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessService, systemActor } from '../../libs/access/index.js';
import { ReturnsService } from '../../libs/returns/index.js';
import { workbookZip } from '../../libs/spreadsheets/zip.fixture.js';
import { ControlledClock } from '../factories/controlled-clock.js';
import {
  createReturnsCatalogue,
  fillTemplate,
  returnCsv,
  returnWorkbook,
  type ReturnSheetRow,
  type ReturnsCatalogue,
} from '../factories/returns.factory.js';
import { createTestApi, TestApi } from './test-app.js';

const Q2 = '2024-25 Q2';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function binary(res: NodeJS.ReadableStream, done: (error: Error | null, body: unknown) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

async function loadWorkbook(content: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  return workbook;
}

describe(ReturnsService.name, () => {
  let api: TestApi;
  let clock: ControlledClock;
  let officer: string;
  let otherOfficer: string;
  let viewer: string;
  let cat: ReturnsCatalogue;
  let code: ReturnsCatalogue['indicators'] extends infer I ? { [K in keyof I]: string } : never;

  beforeAll(async () => {
    clock = new ControlledClock(new Date('2024-10-08T10:00:00Z'));
    api = await createTestApi({}, clock);
    cat = await createReturnsCatalogue(api);
    code = Object.fromEntries(Object.entries(cat.indicators).map(([k, v]) => [k, v.code])) as typeof code;
    officer = await api.signInAs('data_officer', [cat.group.id]);
    otherOfficer = await api.signInAs('data_officer', [cat.otherGroup.id]);
    viewer = await api.signInAs('viewer');
  });
  afterAll(() => api.close());

  const count = async (table: string): Promise<number> =>
    Number((await api.dataSource.query(`SELECT count(*) FROM ${table}`))[0].count);
  const valueCounts = async () => ({
    returnValue: await count('return_value'),
    currentValue: await count('current_value'),
  });
  const upload = (token: string, content: Buffer, fileName: string, period = Q2, group = cat.group.code) => {
    // Time moves on between uploads, as it does for people; history is ordered by it.
    clock.advance(1_000);
    return api
      .http()
      .post('/api/returns')
      .set('authorization', `Bearer ${token}`)
      .field('group', group)
      .field('period', period)
      .attach('file', content, fileName);
  };
  const download = async (token: string, url: string, query: Record<string, string> = {}): Promise<Buffer> => {
    const response = await api
      .http()
      .get(url)
      .query(query)
      .set('authorization', `Bearer ${token}`)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    expect(response.headers['content-type']).toContain(XLSX);
    return response.body as Buffer;
  };
  const template = (token: string, period = Q2) =>
    download(token, '/api/returns/template', { group: cat.group.code, period });
  /** Every input row of the template filled with valid values. */
  const validFill = ({ indicatorCode }: { indicatorCode: string }) =>
    indicatorCode === code.pct
      ? { numerator: 45, denominator: 60, value: 75 }
      : indicatorCode === code.rate
        ? { numerator: 30, denominator: 10_000, value: 30 }
        : { value: 12 };

  describe('template', () => {
    let workbook: ExcelJS.Workbook;
    let sheet: ExcelJS.Worksheet;
    const rowOf = (indicatorCode: string, areaCode = cat.home.code): ExcelJS.Row => {
      let found: ExcelJS.Row | undefined;
      sheet.eachRow((row) => {
        if (row.getCell(1).value === indicatorCode && row.getCell(3).value === areaCode) found = row;
      });
      if (!found) throw new Error(`no row for ${indicatorCode} ${areaCode}`);
      return found;
    };

    beforeAll(async () => {
      workbook = await loadWorkbook(await template(officer));
      sheet = workbook.getWorksheet('Returns')!;
    });

    it('has one row per owned indicator, and per district where the indicator is reported by area', () => {
      const rows: string[] = [];
      sheet.eachRow((row, n) => {
        if (n > 1) rows.push(`${row.getCell(1).value}|${row.getCell(3).value}`);
      });
      expect(rows).toEqual([
        `${code.count}|${cat.home.code}`,
        `${code.pct}|${cat.home.code}`,
        `${code.pct}|${cat.districts[0].code}`,
        `${code.pct}|${cat.districts[1].code}`,
        `${code.rate}|${cat.home.code}`,
        `${code.score}|${cat.home.code}`,
      ]);
    });

    it('has the columns in order, the period on every row and the target for reference', () => {
      expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
        'Indicator code',
        'Indicator',
        'Area code',
        'Area',
        'Period',
        'Unit',
        'Value',
        'Numerator',
        'Denominator',
        'Status',
        'Commentary',
        'Previous value',
        'Target (reference)',
      ]);
      const row = rowOf(code.pct);
      expect(row.getCell(5).value).toBe(Q2);
      expect(row.getCell(6).value).toBe('percentage');
      expect(row.getCell(13).value).toBe(75);
    });

    it('locks code columns and protects the sheet without a password', () => {
      const row = rowOf(code.pct);
      expect((sheet as unknown as { sheetProtection: object }).sheetProtection).toMatchObject({ sheet: true });
      expect((sheet as unknown as { sheetProtection: object }).sheetProtection).not.toHaveProperty('hashValue');
      // Locked is Excel's default, so a locked cell carries no protection style.
      expect(row.getCell(1).protection?.locked ?? true).toBe(true);
      expect(row.getCell(7).protection?.locked).toBe(false);
      expect(row.getCell(11).protection?.locked).toBe(false);
    });

    it('opens numerator and denominator only for rates and percentages', () => {
      expect(rowOf(code.pct).getCell(8).protection?.locked).toBe(false);
      expect(rowOf(code.count).getCell(8).protection?.locked ?? true).toBe(true);
      expect((rowOf(code.count).getCell(8).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFD9D9D9');
    });

    it('offers the statuses as a drop-down', () => {
      expect(rowOf(code.rate).getCell(10).dataValidation).toMatchObject({
        type: 'list',
        formulae: ['"actual,provisional,estimate,suppressed"'],
      });
    });

    it('has an instructions sheet naming the deadline and the suppression codes', () => {
      const text: string[] = [];
      workbook.getWorksheet('Instructions')!.eachRow((row) => text.push(String(row.getCell(1).value)));
      const all = text.join('\n');
      expect(all).toContain('Due by Monday 14 October 2024.');
      expect(all).toMatch(/c \(confidential/);
      expect(all).toContain('12,5 is refused');
    });

    it('refuses a data officer of another group (403)', async () => {
      const response = await api
        .http()
        .get('/api/returns/template')
        .query({ group: cat.group.code, period: Q2 })
        .set('authorization', `Bearer ${otherOfficer}`)
        .expect(403);
      expect(response.body.code).toBe('RETURNS.FORBIDDEN');
    });
  });

  describe('upload', () => {
    it('accepts a filled template whole and serves its values', async () => {
      const before = await valueCounts();
      const response = await upload(officer, await fillTemplate(await template(officer), validFill), 'q2.xlsx').expect(
        201,
      );
      expect(response.body).toMatchObject({ outcome: 'accepted', rowCount: 6, supersededReturnId: null });
      expect(await valueCounts()).toEqual({
        returnValue: before.returnValue + 6,
        currentValue: before.currentValue + 6,
      });
      const values = await api
        .http()
        .get('/api/values')
        .query({ indicator: code.pct, period: Q2, area: cat.districts[0].code })
        .set('authorization', `Bearer ${viewer}`)
        .expect(200);
      expect(values.body.items).toEqual([
        expect.objectContaining({
          indicatorCode: code.pct,
          areaCode: cat.districts[0].code,
          value: 75,
          numerator: 45,
          denominator: 60,
          status: 'actual',
          returnId: response.body.returnId,
        }),
      ]);
      expect(values.body.items[0].period).toMatchObject({
        type: 'quarter',
        start: '2024-07-01',
        end: '2024-09-30',
        label: Q2,
      });
    });

    it('answers the same file again with already_received and writes nothing', async () => {
      const file = await returnWorkbook([{ indicatorCode: code.count, value: 40 }]);
      const first = await upload(officer, file, 'same.xlsx', '2024-25 Q1').expect(201);
      const returns = await count('indicator_return');
      const audit = await count('audit_event');
      const again = await upload(officer, file, 'renamed.xlsx', '2024-25 Q1').expect(200);
      expect(again.body).toEqual({ outcome: 'already_received', returnId: first.body.returnId, rowCount: 1 });
      expect(await count('indicator_return')).toBe(returns);
      expect(await count('audit_event')).toBe(audit);
    });

    it('supersedes the previous return for the group and period and keeps the history', async () => {
      const period = '2023-24 Q3';
      const first = await upload(
        officer,
        await returnWorkbook([{ indicatorCode: code.count, value: 10 }]),
        'v1.xlsx',
        period,
      ).expect(201);
      const second = await upload(
        officer,
        await returnWorkbook([{ indicatorCode: code.count, value: 11 }]),
        'v2.xlsx',
        period,
      ).expect(201);
      expect(second.body.supersededReturnId).toBe(first.body.returnId);
      const history = await api
        .http()
        .get('/api/returns')
        .query({ group: cat.group.code, period })
        .set('authorization', `Bearer ${viewer}`)
        .expect(200);
      expect(
        history.body.items.map((r: { fileName: string; current: boolean; supersededBy: string | null }) => [
          r.fileName,
          r.current,
          r.supersededBy,
        ]),
      ).toEqual([
        ['v2.xlsx', true, null],
        ['v1.xlsx', false, second.body.returnId],
      ]);
      // Pages like every other list.
      const paged = await api
        .http()
        .get('/api/returns')
        .query({ group: cat.group.code, period, page: 2, pageSize: 1 })
        .set('authorization', `Bearer ${viewer}`)
        .expect(200);
      expect(paged.body).toMatchObject({ page: 2, pageSize: 1, total: 2 });
      expect(paged.body.items.map((r: { fileName: string }) => r.fileName)).toEqual(['v1.xlsx']);
      const values = await api
        .http()
        .get('/api/values')
        .query({ indicator: code.count, period })
        .set('authorization', `Bearer ${viewer}`)
        .expect(200);
      expect(values.body.items.map((v: { value: number }) => v.value)).toEqual([11]);
      expect(values.body).toMatchObject({ page: 1, pageSize: 50, total: 1 });
      expect(
        await api.dataSource.query(`SELECT value::float FROM return_value WHERE return_id = $1`, [first.body.returnId]),
      ).toEqual([{ value: 10 }]);
    });

    it('stores the same rows from a csv as from an xlsx with the same data', async () => {
      const period = '2023-24 Q4';
      const rows: ReturnSheetRow[] = [
        {
          indicatorCode: code.pct,
          value: '75',
          numerator: '45',
          denominator: '60',
          status: 'provisional',
          commentary: 'Line one,\n"quoted" line two',
        },
        { indicatorCode: code.pct, areaCode: cat.districts[1].code, value: 'c' },
        { indicatorCode: code.rate, numerator: '1,234', denominator: '250,000', commentary: '=cmd|calc' },
        { indicatorCode: code.count, value: '<5' },
        { indicatorCode: code.score, value: '-0.25', status: 'Estimate' },
      ];
      const xlsx = await upload(officer, await returnWorkbook(rows), 'q4.xlsx', period).expect(201);
      const csv = await upload(officer, returnCsv(rows), 'q4.csv', period).expect(201);
      const stored = (id: string) =>
        api.dataSource.query(
          `SELECT indicator_id, area_id, value::float, numerator::float, denominator::float, status, suppression_marker, commentary
             FROM return_value WHERE return_id = $1 ORDER BY indicator_id, area_id`,
          [id],
        );
      const fromXlsx = await stored(xlsx.body.returnId);
      expect(fromXlsx).toHaveLength(5);
      expect(await stored(csv.body.returnId)).toEqual(fromXlsx);
      expect(fromXlsx).toContainEqual(
        expect.objectContaining({
          area_id: cat.districts[1].id,
          value: null,
          status: 'suppressed',
          suppression_marker: 'c',
        }),
      );
      // 1,234 ÷ 250,000 × 10,000 = 49.36, worked out at the indicator's 1 decimal place.
      expect(fromXlsx).toContainEqual(
        expect.objectContaining({
          indicator_id: cat.indicators.rate.id,
          value: 49.4,
          numerator: 1234,
          denominator: 250000,
        }),
      );
      expect(fromXlsx).toContainEqual(
        expect.objectContaining({ indicator_id: cat.indicators.score.id, value: -0.25, status: 'estimate' }),
      );
    });

    it('accepts a return for a financial year carrying its quarters, storing each value for its own period', async () => {
      const rows: ReturnSheetRow[] = [
        ...[1, 2, 3, 4].map((q) => ({ indicatorCode: code.count, period: `2020-21 Q${q}`, value: 10 + q })),
        // No period: the return's own, the year.
        { indicatorCode: code.score, value: 1.5 },
      ];
      const response = await upload(officer, await returnWorkbook(rows), 'year.xlsx', '2020-21').expect(201);
      expect(response.body).toMatchObject({ outcome: 'accepted', rowCount: 5 });
      expect(
        await api.dataSource.query(
          `SELECT indicator_id, period_type, to_char(period_start, 'YYYY-MM-DD') AS start, to_char(period_end, 'YYYY-MM-DD') AS end,
                  value::float FROM return_value WHERE return_id = $1 ORDER BY indicator_id, period_start, period_type`,
          [response.body.returnId],
        ),
      ).toEqual(
        [
          ...[
            ['2020-04-01', '2020-06-30', 11],
            ['2020-07-01', '2020-09-30', 12],
            ['2020-10-01', '2020-12-31', 13],
            ['2021-01-01', '2021-03-31', 14],
          ].map(([start, end, value]) => ({
            indicator_id: cat.indicators.count.id,
            period_type: 'quarter',
            start,
            end,
            value,
          })),
          {
            indicator_id: cat.indicators.score.id,
            period_type: 'financial_year',
            start: '2020-04-01',
            end: '2021-03-31',
            value: 1.5,
          },
        ].sort((a, b) => a.indicator_id.localeCompare(b.indicator_id)),
      );
      const values = await api
        .http()
        .get('/api/values')
        .query({ indicator: code.count, period: '2020-21 Q3' })
        .set('authorization', `Bearer ${viewer}`)
        .expect(200);
      expect(values.body.items).toEqual([
        expect.objectContaining({
          value: 13,
          returnId: response.body.returnId,
          period: expect.objectContaining({ label: '2020-21 Q3' }),
        }),
      ]);
    });

    it('refuses, in a return for a year, a quarter of another year and a quarter given twice', async () => {
      const response = await upload(
        officer,
        returnCsv([
          { indicatorCode: code.count, period: '2020-21 Q1', value: 1 },
          { indicatorCode: code.count, period: '2021-22 Q1', value: 2 },
          { indicatorCode: code.count, period: 'Q1 2020-21', value: 3 },
        ]),
        'year.csv',
        '2020-21',
      ).expect(422);
      expect(response.body.details).toEqual([
        { location: 'year.csv!E3', message: "period 2021-22 Q1 is not within this return's period, 2020-21" },
        {
          location: 'year.csv!A4',
          message: `repeats row 2 (${code.count} for ${cat.home.code} in 2020-21 Q1); give each indicator, area and period once`,
        },
      ]);
    });

    it.each(['return', 'indicator', 'area'] as const)(
      'refuses to store a value naming a %s that does not exist',
      async (missing) => {
        const [{ id: returnId }] = await api.dataSource.query(
          `SELECT id FROM indicator_return WHERE outcome = 'accepted' LIMIT 1`,
        );
        const ids = { return: returnId, indicator: cat.indicators.count.id, area: cat.home.id };
        ids[missing] = '00000000-0000-4000-8000-000000000000';
        await expect(
          api.dataSource.query(
            `INSERT INTO return_value (return_id, indicator_id, area_id, period_type, period_start, period_end, value, status)
             VALUES ($1, $2, $3, 'quarter', '2010-04-01', '2010-06-30', 1, 'actual')`,
            [ids.return, ids.indicator, ids.area],
          ),
        ).rejects.toThrow(`return_value names ${missing === 'return' ? 'indicator_return' : missing} ${ids[missing]}`);
      },
    );

    it('reads a percentage typed with a % sign, in a cell Excel formats as a percentage', async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Data');
      sheet.addRow(['Title row above the table']);
      sheet.addRow(['INDICATOR CODE', 'value']);
      sheet.addRow([code.pct, 0.125]);
      sheet.getCell('B3').numFmt = '0.0%';
      const response = await upload(
        officer,
        Buffer.from(await workbook.xlsx.writeBuffer()),
        'plain.xlsx',
        '2023-24 Q1',
      ).expect(201);
      const [row] = await api.dataSource.query(`SELECT value::float FROM return_value WHERE return_id = $1`, [
        response.body.returnId,
      ]);
      expect(row.value).toBe(12.5);
    });
  });

  describe('validation', () => {
    const rejected = async (rows: ReturnSheetRow[], format: 'csv' | 'xlsx' = 'csv') => {
      const content = format === 'csv' ? returnCsv(rows) : await returnWorkbook(rows);
      const response = await upload(officer, content, `returns.${format}`, '2022-23 Q1').expect(422);
      expect(response.body.code).toBe('RETURNS.REJECTED');
      return response.body.details as { location: string; message: string }[];
    };
    const home = () => cat.home.code;

    it.each([
      [
        'an unknown indicator code',
        () => [{ indicatorCode: 'NOPE', value: 1 }],
        'returns.csv!A2',
        () => "'NOPE' is not an indicator code in the catalogue",
      ],
      [
        'a missing indicator code',
        () => [{ indicatorCode: '', value: 1 }],
        'returns.csv!A2',
        () => 'the indicator code is missing',
      ],
      [
        'an indicator another group owns',
        () => [{ indicatorCode: code.others, value: 1 }],
        'returns.csv!A2',
        () =>
          `indicator ${code.others} is not owned by group ${cat.group.code} for 2022-23 Q1; only its owning group returns it`,
      ],
      [
        'an unknown area code',
        () => [{ indicatorCode: code.pct, areaCode: 'E99999999', value: 1 }],
        'returns.csv!C2',
        () => "'E99999999' is not an area code in the catalogue",
      ],
      [
        'a comparator area',
        () => [{ indicatorCode: code.pct, areaCode: cat.england.code, value: 1 }],
        'returns.csv!C2',
        () =>
          `${cat.england.code} (England) is not one of the partnership's areas; returns are for Lincolnshire and its districts`,
      ],
      [
        'a district for a whole-authority indicator',
        () => [{ indicatorCode: code.rate, areaCode: cat.districts[0].code, value: 1 }],
        'returns.csv!C2',
        () => `${code.rate} is reported for Lincolnshire as a whole, not by district`,
      ],
      [
        'another period',
        () => [{ indicatorCode: code.count, period: '2022-23 Q2', value: 1 }],
        'returns.csv!E2',
        () => "period 2022-23 Q2 does not match this return's period, 2022-23 Q1",
      ],
      [
        'an unreadable period',
        () => [{ indicatorCode: code.count, period: 'Q5 2022', value: 1 }],
        'returns.csv!E2',
        () => expect.stringMatching(/^'Q5 2022' is not a period/),
      ],
      [
        'a decimal comma',
        () => [{ indicatorCode: code.score, value: '12,5' }],
        'returns.csv!G2',
        () => "'12,5' is not a number; use 12.5",
      ],
      [
        '1e308',
        () => [{ indicatorCode: code.score, value: '1e308' }],
        'returns.csv!G2',
        () => "'1e308' is too large (the limit is 1,000,000,000,000)",
      ],
      [
        'words',
        () => [{ indicatorCode: code.score, value: 'about 5' }],
        'returns.csv!G2',
        () => "'about 5' is not a number",
      ],
      [
        'a percentage over 100',
        () => [{ indicatorCode: code.pct, value: '104.2' }],
        'returns.csv!G2',
        () => '104.2 is not a percentage between 0 and 100',
      ],
      [
        'a % sign on a rate',
        () => [{ indicatorCode: code.rate, value: '12%' }],
        'returns.csv!G2',
        () => "'12%' has a % sign but this value is not a percentage; leave out the %",
      ],
      [
        'a negative count',
        () => [{ indicatorCode: code.count, value: '-3' }],
        'returns.csv!G2',
        () => '-3 is negative; a count cannot be',
      ],
      [
        'a fractional count',
        () => [{ indicatorCode: code.count, value: '2.5' }],
        'returns.csv!G2',
        () => `2.5 is not a whole number; ${code.count} is a count`,
      ],
      [
        'a count beyond its plausible range',
        () => [{ indicatorCode: code.count, value: '6000' }],
        'returns.csv!G2',
        () =>
          expect.stringMatching(new RegExp(`^6000 is outside the plausible range for ${code.count} \\(0 to 5000\\)`)),
      ],
      [
        'a negative numerator',
        () => [{ indicatorCode: code.pct, value: '0', numerator: '-1', denominator: '10' }],
        'returns.csv!H2',
        () => 'the numerator cannot be negative (-1)',
      ],
      [
        'a numerator above the denominator',
        () => [{ indicatorCode: code.pct, numerator: '70', denominator: '60' }],
        'returns.csv!H2',
        () => 'the numerator (70) is larger than the denominator (60)',
      ],
      [
        'a zero denominator',
        () => [{ indicatorCode: code.pct, numerator: '0', denominator: '0' }],
        'returns.csv!I2',
        () => 'the denominator cannot be 0',
      ],
      [
        'a numerator alone',
        () => [{ indicatorCode: code.pct, numerator: '5' }],
        'returns.csv!I2',
        () => 'a numerator needs a denominator',
      ],
      [
        'a numerator for a count',
        () => [{ indicatorCode: code.count, value: '3', numerator: '1', denominator: '2' }],
        'returns.csv!H2',
        () => `${code.count} is a count; numerator and denominator are only for rates and percentages`,
      ],
      [
        'a value that disagrees with its numerator and denominator',
        () => [{ indicatorCode: code.pct, value: '80', numerator: '45', denominator: '60' }],
        'returns.csv!G2',
        () => '80 does not match numerator ÷ denominator × 100 = 75.0 (to 1 decimal place)',
      ],
      [
        'a rate that disagrees at its decimal places',
        () => [{ indicatorCode: code.rate, value: '30.2', numerator: '3', denominator: '1000' }],
        'returns.csv!G2',
        () => '30.2 does not match numerator ÷ denominator × 10,000 = 30.0 (to 1 decimal place)',
      ],
      [
        'an unknown status',
        () => [{ indicatorCode: code.count, value: '1', status: 'final' }],
        'returns.csv!J2',
        () => "'final' is not a status; use actual, provisional, estimate or suppressed",
      ],
      [
        'a suppression code with status actual',
        () => [{ indicatorCode: code.count, value: 'c', status: 'actual' }],
        'returns.csv!J2',
        () => "the status is 'actual' but the value is marked suppressed ('c')",
      ],
      [
        'a number with status suppressed',
        () => [{ indicatorCode: code.count, value: '4', status: 'suppressed' }],
        'returns.csv!G2',
        () => 'the status is suppressed, so leave the value blank or give a code such as c',
      ],
      [
        'commentary without a value',
        () => [{ indicatorCode: code.count, commentary: 'no data yet' }],
        'returns.csv!G2',
        () => 'a value is needed, or a suppression code such as c',
      ],
      [
        'a repeated indicator and area',
        () => [
          { indicatorCode: code.count, value: '1' },
          { indicatorCode: code.count, areaCode: home(), value: '2' },
        ],
        'returns.csv!A3',
        () => `repeats row 2 (${code.count} for ${home()}); give each indicator and area once`,
      ],
      [
        'commentary over 4,000 characters',
        () => [{ indicatorCode: code.count, value: '1', commentary: 'x'.repeat(4001) }],
        'returns.csv!K2',
        () => 'the commentary is 4,001 characters; the limit is 4,000',
      ],
    ] as [string, () => ReturnSheetRow[], string, () => unknown][])(
      'rejects %s, naming the cell',
      async (_, rows, location, message) => {
        expect(await rejected(rows())).toContainEqual({ location, message: message() });
      },
    );

    it('refuses a formula cell and says to paste the value', async () => {
      const details = await rejected([{ indicatorCode: code.count, value: { formula: '2+3', result: 5 } }], 'xlsx');
      expect(details).toEqual([{ location: 'Returns!G2', message: 'formulas are not accepted; paste the value' }]);
    });

    it('refuses an Excel error value', async () => {
      const details = await rejected(
        [{ indicatorCode: code.count, value: { error: '#DIV/0!' } as ExcelJS.CellErrorValue }],
        'xlsx',
      );
      expect(details).toEqual([
        { location: 'Returns!G2', message: 'the cell shows the Excel error #DIV/0!; enter a number' },
      ]);
    });

    it('refuses a file without the header row', async () => {
      const response = await upload(officer, Buffer.from('code,number\nX,1\n'), 'returns.csv', '2022-23 Q1').expect(
        422,
      );
      expect(response.body.details).toEqual([
        {
          location: 'returns.csv',
          message: expect.stringContaining("no sheet has a header row naming the columns 'Indicator code' and 'Value'"),
        },
      ]);
    });

    it('refuses a return with no values', async () => {
      const details = await rejected([{ indicatorCode: code.count }]);
      expect(details).toEqual([
        { location: 'returns.csv', message: 'the return has no values; fill in the Value column for at least one row' },
      ]);
    });

    it('reports all 50 problems of a workbook, writes no values, and marks them in the annotated copy', async () => {
      const rows: ReturnSheetRow[] = [];
      for (let i = 0; i < 10; i += 1) rows.push({ indicatorCode: `UNKNOWN${i}`, value: '12,5' }); // 2 each
      for (let i = 0; i < 10; i += 1)
        rows.push({ indicatorCode: code.pct, areaCode: `E0${i}`, value: { formula: 'A1' } }); // 2 each
      for (let i = 0; i < 5; i += 1) rows.push({ indicatorCode: `NOPE${i}`, value: '1', status: 'final' }); // 2 each
      const before = await valueCounts();
      const returns = await count('indicator_return');
      const response = await upload(officer, await returnWorkbook(rows), 'fifty.xlsx', '2021-22 Q1').expect(422);
      expect(response.body.details).toHaveLength(50);
      expect(response.body.message).toMatch(/^The return was rejected: 50 problems \(nothing was saved\)/);
      expect(response.body.details).toContainEqual({
        location: 'Returns!G12',
        message: 'formulas are not accepted; paste the value',
      });
      expect(response.body.details).toContainEqual({
        location: 'Returns!J26',
        message: "'final' is not a status; use actual, provisional, estimate or suppressed",
      });
      expect(await valueCounts()).toEqual(before);
      expect(await count('indicator_return')).toBe(returns + 1);

      const returnId = response.headers['x-return-id'];
      const [recorded] = await api.dataSource.query(
        `SELECT outcome, problem_count, jsonb_array_length(problems) AS kept FROM indicator_return WHERE id = $1`,
        [returnId],
      );
      expect(recorded).toEqual({ outcome: 'rejected', problem_count: 50, kept: 50 });

      const annotated = await loadWorkbook(await download(officer, `/api/returns/${returnId}/annotated`));
      const sheet = annotated.getWorksheet('Returns')!;
      let noted = 0;
      sheet.eachRow((row) => row.eachCell((cell) => void (cell.note ? (noted += 1) : 0)));
      expect(noted).toBe(50);
      expect(sheet.getCell('G12').note).toBe('formulas are not accepted; paste the value');
      expect(sheet.getCell('G12').value).toBe("'=A1");
      expect((sheet.getCell('G12').fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
      expect(annotated.getWorksheet('Problems')!.rowCount).toBe(51);
    });

    it('answers a rejected file sent again with the same rejection, recording nothing new', async () => {
      const file = returnCsv([{ indicatorCode: 'NOPE', value: 1 }]);
      const first = await upload(officer, file, 'again.csv', '2021-22 Q2').expect(422);
      const returns = await count('indicator_return');
      const second = await upload(officer, file, 'again.csv', '2021-22 Q2').expect(422);
      expect(second.body.details).toEqual(first.body.details);
      expect(second.headers['x-return-id']).toBe(first.headers['x-return-id']);
      expect(await count('indicator_return')).toBe(returns);
    });

    it('shows a rejected return with its problems', async () => {
      const response = await upload(
        officer,
        returnCsv([{ indicatorCode: 'NOPE', value: 1 }]),
        'shown.csv',
        '2020-21 Q3',
      ).expect(422);
      const shown = await api
        .http()
        .get(`/api/returns/${response.headers['x-return-id']}`)
        .set('authorization', `Bearer ${viewer}`)
        .expect(200);
      expect(shown.body).toMatchObject({
        outcome: 'rejected',
        current: false,
        problemCount: 1,
        fileName: 'shown.csv',
        problems: response.body.details,
      });
    });

    it('annotates a rejected csv as a workbook with the csv as its sheet', async () => {
      const response = await upload(
        officer,
        returnCsv([{ indicatorCode: code.count, value: '12,5' }]),
        'returns.csv',
        '2021-22 Q3',
      ).expect(422);
      const annotated = await loadWorkbook(
        await download(officer, `/api/returns/${response.headers['x-return-id']}/annotated`),
      );
      expect(annotated.getWorksheet('returns.csv')!.getCell('G2').note).toBe("'12,5' is not a number; use 12.5");
    });

    it('does not give the annotated copy to a data officer of another group', async () => {
      const response = await upload(
        officer,
        returnCsv([{ indicatorCode: 'NOPE', value: 1 }]),
        'mine.csv',
        '2021-22 Q4',
      ).expect(422);
      await api
        .http()
        .get(`/api/returns/${response.headers['x-return-id']}/annotated`)
        .set('authorization', `Bearer ${otherOfficer}`)
        .expect(403);
    });
  });

  describe('hostile files', () => {
    const refused = async (
      content: Buffer,
      fileName: string,
      status: number,
      codeExpected: string,
      message: RegExp,
    ) => {
      const before = {
        ...(await valueCounts()),
        returns: await count('indicator_return'),
        uploads: await count('return_upload'),
      };
      const response = await upload(officer, content, fileName, '2020-21 Q1').expect(status);
      expect(response.body.code).toBe(codeExpected);
      expect(response.body.message).toMatch(message);
      expect({
        ...(await valueCounts()),
        returns: await count('indicator_return'),
        uploads: await count('return_upload'),
      }).toEqual(before);
    };

    it('refuses a zip bomb before inflating it', async () => {
      const bomb = workbookZip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(100 * 1024 * 1024) }]);
      await refused(bomb, 'bomb.xlsx', 422, 'SPREADSHEET.ZIP_BOMB', /possible zip bomb/);
    });

    it('refuses a workbook of 10,000 sheets', async () => {
      const sheets = Array.from({ length: 10_000 }, (_, i) => ({
        name: `xl/worksheets/sheet${i + 1}.xml`,
        data: Buffer.from('<worksheet/>'),
        store: true,
      }));
      await refused(workbookZip(sheets), 'sheets.xlsx', 413, 'SPREADSHEET.TOO_MANY_SHEETS', /sheets; the limit is 200/);
    });

    it('refuses a text file renamed .xlsx', async () => {
      await refused(
        Buffer.from('Indicator code,Value\n'),
        'return.xlsx',
        422,
        'SPREADSHEET.NOT_XLSX',
        /^'return\.xlsx' is not an Excel workbook \(\.xlsx\)\.$/,
      );
    });

    it('refuses 1e308 in a number cell as too large, storing no value', async () => {
      const before = await valueCounts();
      const response = await upload(
        officer,
        await returnWorkbook([{ indicatorCode: code.score, value: 1e308 }]),
        'huge.xlsx',
        '2020-21 Q2',
      ).expect(422);
      expect(response.body.details).toEqual([
        { location: 'Returns!G2', message: expect.stringMatching(/^'1e\+308' is too large/) },
      ]);
      expect(await valueCounts()).toEqual(before);
    });
  });

  describe('access', () => {
    it('refuses a data officer of another group (403) and writes nothing', async () => {
      const returns = await count('indicator_return');
      const response = await upload(
        otherOfficer,
        await returnWorkbook([{ indicatorCode: code.count, value: 1 }]),
        'x.xlsx',
        '2019-20 Q1',
      ).expect(403);
      expect(response.body).toMatchObject({
        code: 'RETURNS.FORBIDDEN',
        message: `You may submit returns only for your own groups, not for ${cat.group.code}.`,
      });
      expect(await count('indicator_return')).toBe(returns);
    });

    it("accepts an API token's return for its own group", async () => {
      const { token } = await api.get(AccessService).createApiToken('case system', cat.group.id, systemActor('test'));
      await upload(
        token,
        await returnWorkbook([{ indicatorCode: code.count, value: 1 }]),
        'x.xlsx',
        '2019-20 Q2',
      ).expect(201);
    });

    it('refuses a viewer (403)', async () => {
      await upload(
        viewer,
        await returnWorkbook([{ indicatorCode: code.count, value: 1 }]),
        'x.xlsx',
        '2019-20 Q3',
      ).expect(403);
    });
  });

  describe('deadlines', () => {
    const Q3 = '2024-25 Q3';
    const status = async () => {
      const response = await api
        .http()
        .get('/api/returns/status')
        .query({ period: Q3 })
        .set('authorization', `Bearer ${viewer}`)
        .expect(200);
      return Object.fromEntries(
        (response.body as { groupCode: string; state: string; deadline: string }[])
          .filter((s) => s.groupCode.startsWith('R-'))
          .map((s) => [s.groupCode, [s.state, s.deadline]]),
      );
    };

    it('shows each group received, late, missing or not yet due against its working-day deadline', async () => {
      // Q3 ends 31 December; Christmas, Boxing Day and New Year's Day are not working days.
      clock.set(new Date('2025-01-10T16:00:00Z'));
      // Sessions idle out when the clock jumps; sign in again.
      officer = await api.signInAs('data_officer', [cat.group.id]);
      otherOfficer = await api.signInAs('data_officer', [cat.otherGroup.id]);
      viewer = await api.signInAs('viewer');
      await upload(officer, await returnWorkbook([{ indicatorCode: code.count, value: 5 }]), 'q3.xlsx', Q3).expect(201);
      expect(await status()).toEqual({
        [cat.group.code]: ['received', '2025-01-15'],
        [cat.otherGroup.code]: ['not_yet_due', '2025-01-22'],
      });
      clock.set(new Date('2025-01-23T09:00:00Z'));
      officer = await api.signInAs('data_officer', [cat.group.id]);
      otherOfficer = await api.signInAs('data_officer', [cat.otherGroup.id]);
      viewer = await api.signInAs('viewer');
      expect((await status())[cat.otherGroup.code]).toEqual(['missing', '2025-01-22']);
      await upload(
        otherOfficer,
        await returnWorkbook([{ indicatorCode: code.others, value: 5 }]),
        'late.xlsx',
        Q3,
        cat.otherGroup.code,
      ).expect(201);
      expect((await status())[cat.otherGroup.code]).toEqual(['late', '2025-01-22']);
    });

    it('lists the owned indicators a received return carries no value for', async () => {
      const response = await api
        .http()
        .get('/api/returns/status')
        .query({ period: Q3 })
        .set('authorization', `Bearer ${viewer}`)
        .expect(200);
      const mine = response.body.find((s: { groupCode: string }) => s.groupCode === cat.group.code);
      expect(mine.indicatorsWithoutValues).toEqual([code.pct, code.rate, code.score].sort());
    });
  });
});
