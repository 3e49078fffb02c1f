import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Test } from 'supertest';
import { CatalogueWorkbookService } from '../../libs/catalogue/index.js';
import {
  catalogueWorkbookBuffer,
  editWorkbook,
  findRow,
  setCells,
  sheetObjects,
} from '../factories/catalogue-workbook.factory.js';
import { createTestApi, TestApi } from './test-app.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const TABLES = [
  'plan',
  'priority',
  'partnership_group',
  'area',
  'indicator',
  'target',
  'target_version',
  'target_ownership',
  'audit_event',
];

describe(CatalogueWorkbookService.name, () => {
  let api: TestApi;
  let admin: string;

  beforeAll(async () => {
    api = await createTestApi();
    admin = await api.signInAs('admin');
  });
  afterAll(() => api.close());

  const upload = (buffer: Buffer, fileName = 'catalogue.xlsx', token = admin): Test =>
    api
      .http()
      .post('/api/catalogue/workbook')
      .set('authorization', `Bearer ${token}`)
      .attach('file', buffer, { filename: fileName, contentType: XLSX });

  function download(token = admin): Test {
    return api
      .http()
      .get('/api/catalogue/workbook')
      .set('authorization', `Bearer ${token}`)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
  }

  const get = (path: string) => api.http().get(path).set('authorization', `Bearer ${admin}`).expect(200);

  async function rowCounts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of TABLES) {
      const [{ count }] = await api.dataSource.query(`SELECT count(*)::int AS count FROM ${table}`);
      counts[table] = count;
    }
    return counts;
  }

  /** Every test after the first works on the sample catalogue; uploading it again changes nothing. */
  async function withSampleCatalogue(): Promise<void> {
    const plans = await get('/api/plans');
    if (plans.body.total === 0) await upload(await catalogueWorkbookBuffer()).expect(200);
  }

  it('creates the catalogue a workbook describes, readable through the API', async () => {
    const response = await upload(await catalogueWorkbookBuffer()).expect(200);

    expect(response.body).toMatchObject({
      created: { plans: 1, priorities: 2, groups: 3, areas: 2, indicators: 3, targets: 4 },
      updated: { plans: 0, priorities: 0, groups: 0, areas: 0, indicators: 0, targets: 0 },
      newTargetVersions: 0,
      ownerChanges: 0,
    });
    const indicators = await get('/api/indicators?q=CLA');
    expect(indicators.body.items).toEqual([
      expect.objectContaining({
        code: 'CLA-RATE',
        polarity: 'lower_is_better',
        unit: 'rate_per_10000',
        reportedByArea: true,
        plausibleMax: 200,
      }),
    ]);
    const groups = (await get('/api/groups')).body.items as { id: string; code: string; parentId: string | null }[];
    const byCode = new Map(groups.map((g) => [g.code, g]));
    expect(byCode.get('EXEC')?.parentId).toBe(byCode.get('HWB')?.id);
    expect(byCode.get('EWB')?.parentId).toBe(byCode.get('EXEC')?.id);
    const targets = await get(`/api/targets?indicatorId=${indicators.body.items[0].id}`);
    expect(
      targets.body.items.map((t: { period: { label: string }; current: { value: number } }) => [
        t.period.label,
        t.current.value,
      ]),
    ).toEqual([
      ['2024-25', 55],
      ['2024-25 Q2', 60],
    ]);
  });

  it('downloads the catalogue as an attachment named for the day', async () => {
    await withSampleCatalogue();

    const response = await download();

    expect(response.headers['content-type']).toBe(XLSX);
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="cypp-catalogue-\d{4}-\d{2}-\d{2}\.xlsx"$/,
    );
    const targets = await sheetObjects(response.body, 'Targets');
    expect(targets).toContainEqual(
      expect.objectContaining({ 'Indicator code': 'EHCP-20WK', Period: '2024-25', 'Target value': 75.5, Version: 1 }),
    );
  });

  it('lets any signed-in role download the workbook', async () => {
    await withSampleCatalogue();

    const response = await download(await api.signInAs('viewer'));

    expect(response.body.length).toBeGreaterThan(1000);
  });

  it('changes nothing and records no audit event when the download is uploaded unchanged', async () => {
    await withSampleCatalogue();
    const workbook = (await download()).body as Buffer;
    const before = await rowCounts();

    const response = await upload(workbook).expect(200);

    expect(response.body).toMatchObject({
      created: { plans: 0, priorities: 0, groups: 0, areas: 0, indicators: 0, targets: 0 },
      updated: { plans: 0, priorities: 0, groups: 0, areas: 0, indicators: 0, targets: 0 },
      unchanged: { plans: 1, priorities: 2, groups: 3, areas: 2, indicators: 3, targets: 4 },
      newTargetVersions: 0,
      ownerChanges: 0,
    });
    expect(await rowCounts()).toEqual(before);
  });

  it('adds a target version with the reason when a value changes, keeping the earlier version', async () => {
    await withSampleCatalogue();
    const edited = await editWorkbook((await download()).body, (workbook) => {
      setCells(findRow(workbook, 'Targets', { 'Indicator code': 'EHCP-20WK', Period: '2024-25' }), {
        'Target value': 80,
        'Change reason': 'Raised after the SEND inspection',
      });
    });

    const response = await upload(edited).expect(200);

    expect(response.body).toMatchObject({
      newTargetVersions: 1,
      ownerChanges: 0,
      updated: { targets: 1 },
      unchanged: { targets: 3 },
    });
    const [indicator] = (await get('/api/indicators?q=EHCP')).body.items;
    const [target] = (await get(`/api/targets?indicatorId=${indicator.id}`)).body.items;
    const detail = (await get(`/api/targets/${target.id}`)).body;
    expect(
      detail.versions.map((v: { version: number; value: number; reason: string | null }) => [
        v.version,
        v.value,
        v.reason,
      ]),
    ).toEqual([
      [1, 75.5, null],
      [2, 80, 'Raised after the SEND inspection'],
    ]);
    const audit = await get(`/api/audit-events?entityType=target&entityId=${target.id}&action=update`);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0].before.current.value).toBe(75.5);
    expect(audit.body.items[0].after.current.value).toBe(80);
  });

  it('refuses a changed target value without a reason, naming the cell, and changes nothing', async () => {
    await withSampleCatalogue();
    let rowNumber = 0;
    const edited = await editWorkbook((await download()).body, (workbook) => {
      const row = findRow(workbook, 'Targets', { 'Indicator code': 'CLA-RATE', Period: '2024-25' });
      rowNumber = row.number;
      setCells(row, { 'Target value': 50 });
    });
    const before = await rowCounts();

    const response = await upload(edited).expect(422);

    expect(response.body).toMatchObject({ code: 'CATALOGUE.WORKBOOK_REJECTED' });
    expect(response.body.details).toEqual([
      {
        location: `Targets!N${rowNumber}`,
        message:
          'change reason is required: this changes the agreed target CLA-RATE 2024-25 (value 55 → 50), which adds version 2',
      },
    ]);
    expect(await rowCounts()).toEqual(before);
  });

  it('records a change of owning group with the change reason', async () => {
    await withSampleCatalogue();
    const edited = await editWorkbook((await download()).body, (workbook) => {
      setCells(findRow(workbook, 'Targets', { 'Indicator code': 'BMI-RECEPTION', Period: '2024-25' }), {
        'Owning group code': 'EXEC',
        'Change reason': 'Executive took the lead',
      });
    });

    const response = await upload(edited).expect(200);

    expect(response.body).toMatchObject({ newTargetVersions: 0, ownerChanges: 1 });
    const [indicator] = (await get('/api/indicators?q=BMI')).body.items;
    const [target] = (await get(`/api/targets?indicatorId=${indicator.id}`)).body.items;
    const detail = (await get(`/api/targets/${target.id}`)).body;
    expect(
      detail.ownership.map((o: { groupCode: string; until: string | null; reason: string | null }) => [
        o.groupCode,
        o.until === null,
        o.reason,
      ]),
    ).toEqual([
      ['EWB', false, null],
      ['EXEC', true, 'Executive took the lead'],
    ]);
  });

  it('updates items in place by code, creates new ones and reports what the workbook leaves out', async () => {
    await withSampleCatalogue();
    const edited = await editWorkbook((await download()).body, (workbook) => {
      setCells(findRow(workbook, 'Groups', { Code: 'EWB' }), { Name: 'Emotional Wellbeing and Mental Health Group' });
      workbook.getWorksheet('Groups')!.addRow(['YOS', 'Youth Offending Service', 'statutory_board', 'EXEC', 5]);
      const indicators = workbook.getWorksheet('Indicators')!;
      indicators.spliceRows(findRow(workbook, 'Indicators', { Code: 'BMI-RECEPTION' }).number, 1);
    });

    const response = await upload(edited).expect(200);

    expect(response.body).toMatchObject({
      created: { groups: 1, indicators: 0 },
      updated: { groups: 1, indicators: 0 },
      unchanged: { groups: 2, indicators: 2 },
      notInWorkbook: { plans: [], priorities: [], groups: [], areas: [], indicators: ['BMI-RECEPTION'], targets: [] },
    });
    const groups = (await get('/api/groups?q=Youth')).body.items;
    expect(groups).toEqual([
      expect.objectContaining({ code: 'YOS', kind: 'statutory_board', returnsDueWorkingDays: 5 }),
    ]);
    expect((await get('/api/indicators?q=BMI')).body.total).toBe(1);
  });

  it('lists every problem of a workbook with mistakes on several sheets, and writes nothing', async () => {
    await withSampleCatalogue();
    const rows: Record<string, number> = {};
    const edited = await editWorkbook((await download()).body, (workbook) => {
      const mark = (name: string, row: ReturnType<typeof findRow>, values: Parameters<typeof setCells>[1]) => {
        rows[name] = row.number;
        setCells(row, values);
      };
      mark('plan', findRow(workbook, 'Priorities', { 'Priority code': 'P2' }), { 'Plan start year': '2024/25' });
      mark('group', findRow(workbook, 'Groups', { Code: 'EWB' }), { 'Reports to (group code)': 'NOBODY' });
      mark('home', findRow(workbook, 'Areas', { 'Code (GSS)': 'E07000136' }), { 'Home authority (Y/N)': 'Y' });
      mark('county', findRow(workbook, 'Areas', { 'Code (GSS)': 'E10000019' }), {});
      mark('polarity', findRow(workbook, 'Indicators', { Code: 'CLA-RATE' }), { Polarity: 'higher' });
      mark('decimals', findRow(workbook, 'Indicators', { Code: 'EHCP-20WK' }), { 'Decimal places': '1,5' });
      mark('value', findRow(workbook, 'Targets', { 'Indicator code': 'CLA-RATE', Period: '2024-25' }), {
        'Target value': '12,5',
      });
      const added = workbook
        .getWorksheet('Targets')!
        .addRow(['EHCP-20WK', null, '2025-26', 80, null, null, 'absolute', 5]);
      mark('ghost', added, { 'Exceptional kind': 'absolute', 'Exceptional band': 10, 'Owning group code': 'GHOST' });
    });
    const before = await rowCounts();

    const response = await upload(edited).expect(422);

    expect(response.body.code).toBe('CATALOGUE.WORKBOOK_REJECTED');
    expect(response.body.message).toMatch(/8 problems.*Nothing was changed/);
    expect(response.body.details.map((d: { location: string }) => d.location)).toEqual([
      `Priorities!C${rows.plan}`,
      `Groups!D${rows.group}`,
      ...[rows.home, rows.county].sort().map((row) => `Areas!E${row}`),
      ...[
        [rows.polarity, 'F'],
        [rows.decimals, 'E'],
      ]
        .sort((a, b) => Number(a[0]) - Number(b[0]))
        .map(([row, column]) => `Indicators!${column}${row}`),
      `Targets!D${rows.value}`,
      `Targets!M${rows.ghost}`,
    ]);
    expect(response.body.details).toContainEqual({
      location: `Indicators!F${rows.polarity}`,
      message: "polarity 'higher' is not one of higher_is_better, lower_is_better, no_polarity",
    });
    expect(response.body.details).toContainEqual({
      location: `Targets!D${rows.value}`,
      message: "target value: '12,5' is not a number; use 12.5",
    });
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses the upload to anyone without catalogue write permission', async () => {
    await withSampleCatalogue();
    const [group] = (await get('/api/groups?q=EWB')).body.items;
    const officer = await api.signInAs('data_officer', [group.id]);

    const response = await upload(await catalogueWorkbookBuffer(), 'catalogue.xlsx', officer).expect(403);

    expect(response.body.code).toBe('AUTH.FORBIDDEN');
  });

  it('refuses a text file renamed .xlsx with a clear error', async () => {
    const response = await upload(Buffer.from('Code,Name\nEWB,Emotional wellbeing\n'), 'catalogue.xlsx').expect(422);

    expect(response.body).toMatchObject({
      code: 'SPREADSHEET.NOT_XLSX',
      message: "'catalogue.xlsx' is not an Excel workbook (.xlsx).",
    });
  });

  it('refuses a CSV file, since the catalogue travels as the workbook', async () => {
    const response = await upload(Buffer.from('Code,Name\n'), 'catalogue.csv').expect(422);

    expect(response.body.code).toBe('CATALOGUE.WORKBOOK_REJECTED');
    expect(response.body.message).toContain("'catalogue.csv' is a CSV file");
  });

  it('answers 400 when no file is attached', async () => {
    const response = await api
      .http()
      .post('/api/catalogue/workbook')
      .set('authorization', `Bearer ${admin}`)
      .send({})
      .expect(400);

    expect(response.body.details).toEqual([{ location: 'file', message: 'a file is required' }]);
  });

  it('documents the download and the multipart upload in the OpenAPI document', async () => {
    const response = await api.http().get('/api/docs-json').expect(200);

    const path = response.body.paths['/api/catalogue/workbook'];
    expect(Object.keys(path.post.requestBody.content)).toEqual(['multipart/form-data']);
    expect(path.post.requestBody.content['multipart/form-data'].schema.properties.file).toEqual(
      expect.objectContaining({ format: 'binary' }),
    );
    expect(Object.keys(path.get.responses['200'].content)).toEqual([XLSX]);
  });
});

describe(`${CatalogueWorkbookService.name} upload size limit`, () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi({ uploadMaxBytes: 4 * 1024 });
  });
  afterAll(() => api.close());

  it('refuses a file over the configured upload size with 413 while it arrives', async () => {
    const admin = await api.signInAs('admin');

    const response = await api
      .http()
      .post('/api/catalogue/workbook')
      .set('authorization', `Bearer ${admin}`)
      .attach('file', Buffer.alloc(8 * 1024, 1), { filename: 'catalogue.xlsx', contentType: XLSX })
      .expect(413);

    expect(response.body.code).toBe('REQUEST.TOO_LARGE');
  });
});
