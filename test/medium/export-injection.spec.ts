import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../libs/access/index.js';
import { CatalogueService } from '../../libs/catalogue/index.js';
import { readXlsxRows } from '../../libs/spreadsheets/index.js';
import { createReturnsCatalogue, returnWorkbook, type ReturnsCatalogue } from '../factories/returns.factory.js';
import { startTestWorker } from '../factories/worker.js';
import { createTestApi, TestApi } from './test-app.js';

/** Text a spreadsheet would run as a formula (OWASP "CSV injection"), one of each leading character. */
const HOSTILE = {
  groupName: '=HYPERLINK("http://evil.example","Click")',
  planTitle: '+SUM(1,2)',
  areaName: '-2+3',
  indicatorTitle: '@SUM(A1:A9)',
  otherTitle: '\t=1+1',
  commentary: '=cmd|" /C calc"!A0',
} as const;
const DANGEROUS = /^[=+\-@\t\r]/;

/**
 * Every spreadsheet the product gives out (there is no CSV export) neutralises user-written text that
 * starts with = + - @ or a tab (libs/spreadsheets/safe-cell-text.ts): no cell holds a formula or text
 * a spreadsheet would run, and the hostile labels are there, each behind a quote.
 */
describe('exports and formula injection', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let cat: ReturnsCatalogue;
  let admin: string;

  const get = (url: string) =>
    api
      .http()
      .get(url)
      .set('authorization', `Bearer ${admin}`)
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      })
      .expect(200)
      .then((response) => response.body as Buffer);

  /** Every text cell of a workbook and whether any cell is a formula. */
  async function cells(workbook: Buffer): Promise<{ texts: string[]; formulas: number }> {
    const texts: string[] = [];
    let formulas = 0;
    for await (const row of readXlsxRows(workbook)) {
      for (const cell of row.cells) {
        if (typeof cell === 'string') texts.push(cell);
        else if (cell !== null && typeof cell === 'object' && !(cell instanceof Date) && cell.kind === 'formula')
          formulas += 1;
      }
    }
    return { texts, formulas };
  }

  function expectNeutralised(export_: string, found: { texts: string[]; formulas: number }, hostile: string[]) {
    expect(found.formulas, `${export_}: formula cells`).toBe(0);
    expect(
      found.texts.filter((text) => DANGEROUS.test(text)),
      `${export_}: text a spreadsheet would run`,
    ).toEqual([]);
    for (const text of hostile)
      expect(
        found.texts.some((cell) => cell.includes(`'${text}`)),
        `${export_} shows ${JSON.stringify(text)} behind a quote`,
      ).toBe(true);
  }

  beforeAll(async () => {
    api = await createTestApi();
    cat = await createReturnsCatalogue(api, 'R', 2024, 2024);
    const catalogue = api.get(CatalogueService);
    const actor = systemActor('test');
    await catalogue.updateGroup(cat.group.id, { name: HOSTILE.groupName }, actor);
    await catalogue.updateIndicator(cat.indicators.pct.id, { title: HOSTILE.indicatorTitle }, actor);
    await catalogue.updateIndicator(cat.indicators.rate.id, { title: HOSTILE.otherTitle }, actor);
    const [plan] = (await catalogue.listPlans(undefined, { page: 1, pageSize: 10 })).items;
    await catalogue.updatePlan(plan!.id, { title: HOSTILE.planTitle }, actor);
    await catalogue.createArea(
      { code: 'R-E07000138', name: HOSTILE.areaName, kind: 'district', parentCode: cat.home.code },
      actor,
    );
    admin = await api.signInAs('admin');
    worker = await startTestWorker(api.config);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  it('neutralises formula-like text in the returns template', async () => {
    const template = await get(`/api/returns/template?group=${cat.group.code}&period=2024-25 Q2`);
    expectNeutralised('template', await cells(template), [
      HOSTILE.indicatorTitle,
      HOSTILE.otherTitle,
      HOSTILE.areaName,
    ]);
  });

  it('neutralises formula-like text in the annotated copy of a rejected return', async () => {
    const upload = await returnWorkbook([
      { indicatorCode: cat.indicators.count.code, value: '12,5', commentary: HOSTILE.commentary },
    ]);
    const rejected = await api
      .http()
      .post('/api/returns')
      .set('authorization', `Bearer ${admin}`)
      .field('group', cat.group.code)
      .field('period', '2024-25 Q2')
      .attach('file', upload, 'return.xlsx')
      .expect(422);
    const annotated = await get(`/api/returns/${rejected.headers['x-return-id']}/annotated`);
    expectNeutralised('annotated return', await cells(annotated), [HOSTILE.commentary]);
  });

  it('neutralises formula-like text in the catalogue workbook', async () => {
    const workbook = await get('/api/catalogue/workbook');
    expectNeutralised('catalogue workbook', await cells(workbook), Object.values(HOSTILE).slice(0, 5));
  });

  it('neutralises formula-like text in the report workbook', async () => {
    await api
      .http()
      .post('/api/returns')
      .set('authorization', `Bearer ${admin}`)
      .field('group', cat.group.code)
      .field('period', '2024-25 Q2')
      .attach(
        'file',
        await returnWorkbook([
          { indicatorCode: cat.indicators.pct.code, value: 40, commentary: HOSTILE.commentary },
          { indicatorCode: cat.indicators.rate.code, value: 90 },
        ]),
        'return.xlsx',
      )
      .expect(201);
    const requested = await api
      .http()
      .post('/api/reports')
      .set('authorization', `Bearer ${admin}`)
      .send({ type: 'group_update', period: '2024-25 Q2', groupId: cat.group.id })
      .expect(202);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const [row] = await api.dataSource.query(`SELECT status, error FROM report WHERE id = $1`, [requested.body.id]);
      if (row.status === 'completed') break;
      if (row.status === 'failed' || Date.now() > deadline) throw new Error(`report ${row.status}: ${row.error}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const workbook = await get(`/api/reports/${requested.body.id}/files/xlsx`);
    expectNeutralised('report workbook', await cells(workbook), [
      HOSTILE.groupName,
      HOSTILE.indicatorTitle,
      HOSTILE.otherTitle,
    ]);
  });
});
