import { mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { signInBySso, startWebHarness, type WebHarness } from '../e2e/web-harness.js';

const OUT = join(process.cwd(), 'docs', 'screenshots');
const WIDTH = 1100;

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
}

/** A template with one cell the check refuses, so the error summary has something to show. */
async function withBadCells(template: Buffer, path: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(template as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('Returns')!;
  const headers = (sheet.getRow(1).values as unknown[]).map(String);
  const [value, status] = [headers.indexOf('Value'), headers.indexOf('Status')];
  sheet.getRow(2).getCell(value).value = '12,5%';
  sheet.getRow(3).getCell(value).value = 'about 40';
  sheet.getRow(4).getCell(status).value = 'final';
  sheet.getRow(4).getCell(value).value = 51;
  await workbook.xlsx.writeFile(path);
}

describe('screenshots', () => {
  let web: WebHarness;

  beforeAll(async () => {
    await mkdir(OUT, { recursive: true });
    web = await startWebHarness();
  });
  afterAll(() => web?.close());

  async function as(email: string, next = '/'): Promise<Page> {
    const page = await web.newPage();
    await page.setViewportSize({ width: WIDTH, height: 800 });
    await signInBySso(page, web.baseUrl, email, next);
    return page;
  }

  it('takes each main page', async () => {
    const visitor = await web.newPage();
    await visitor.setViewportSize({ width: WIDTH, height: 800 });
    await visitor.goto('/sign-in');
    await shot(visitor, 'sign-in');

    const officer = await as('do.ewmh@demo.cypp.local');
    await shot(officer, 'home-data-officer');
    await officer.goto('/returns');
    await shot(officer, 'returns-choose');
    await officer.getByRole('button', { name: 'Continue' }).click();
    await shot(officer, 'returns-upload');
    const [download] = await Promise.all([
      officer.waitForEvent('download'),
      officer.getByRole('link', { name: /Download the returns template/ }).click(),
    ]);
    const bad = join(tmpdir(), 'screenshots-return.xlsx');
    await withBadCells(await readFile((await download.path())!), bad);
    await officer.getByLabel('Upload the filled-in template').setInputFiles(bad);
    await officer.getByRole('button', { name: 'Upload and check' }).click();
    await shot(officer, 'returns-upload-errors');
    await officer.goto('/exceptions?status=open');
    await shot(officer, 'exceptions-list');
    await officer.locator('table a').first().click();
    await shot(officer, 'exception');

    const executive = await as('executive@demo.cypp.local');
    await shot(executive, 'home-executive');
    await executive.goto('/reports');
    await executive.getByLabel('Which paper?').selectOption('board_scorecard');
    await executive.getByRole('button', { name: 'Ask for it' }).click();
    await executive.getByRole('link', { name: /^PDF of Quarterly scorecard/ }).waitFor({ timeout: 60_000 });
    await shot(executive, 'reports');
    const board = await as('board@demo.cypp.local');
    await shot(board, 'home-board');
    const admin = await as('admin@demo.cypp.local');
    await shot(admin, 'home-admin');

    const other = await as('do.birth-to-five@demo.cypp.local');
    await other.goto(officer.url());
    await shot(other, 'refused');
  });
});
