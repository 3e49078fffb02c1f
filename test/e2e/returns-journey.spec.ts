import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReturnsPagesController } from '../../apps/api/src/web/returns-pages.controller.js';
import { expectAccessible, signInBySso, startWebHarness, type WebHarness } from './web-harness.js';

const OFFICER = 'do.ewmh@demo.cypp.local';
const OTHER_OFFICER = 'do.birth-to-five@demo.cypp.local';
const EXECUTIVE = 'executive@demo.cypp.local';
const BOARD_MEMBER = 'board@demo.cypp.local';
const INDICATOR = 'HLT-CAMHS-ACCESS';

/** Sets the Value cell of the indicator's whole-authority row; returns that cell's address. */
async function fillValue(template: Buffer, value: string | number, path: string): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(template as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('Returns')!;
  const headers = (sheet.getRow(1).values as unknown[]).map(String);
  const valueColumn = headers.indexOf('Value');
  let address = '';
  sheet.eachRow((row, rowNumber) => {
    if (!address && rowNumber > 1 && row.getCell(1).value === INDICATOR) {
      row.getCell(valueColumn).value = value;
      address = row.getCell(valueColumn).address;
    }
  });
  await workbook.xlsx.writeFile(path);
  return address;
}

async function poll<T>(what: string, attempt: () => Promise<T | null>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const result = await attempt();
    if (result !== null) return result;
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe(ReturnsPagesController.name, () => {
  let web: WebHarness;
  let officer: Page;
  const visited: string[] = [];

  beforeAll(async () => {
    web = await startWebHarness();
    officer = await web.newPage();
  }, 180_000);
  afterAll(() => web?.close());

  it('takes a data officer from single sign-on through a rejected and an accepted return to commentary', async () => {
    await signInBySso(officer, web.baseUrl, OFFICER);
    await expect(officer.title()).resolves.toBe('What to do now – CYPP Scorecard');
    await expectAccessible(officer);

    await officer.getByRole('link', { name: 'Returns', exact: true }).click();
    await expect(officer.title()).resolves.toBe('Choose a return – CYPP Scorecard');
    await expectAccessible(officer);
    await officer.getByRole('button', { name: 'Continue' }).click();
    await expect(officer.title()).resolves.toBe('Upload a return – CYPP Scorecard');
    await expectAccessible(officer);
    visited.push(officer.url());

    const [download] = await Promise.all([
      officer.waitForEvent('download'),
      officer.getByRole('link', { name: /Download the returns template/ }).click(),
    ]);
    const template = await readFile((await download.path())!);
    const badFile = join(tmpdir(), `e2e-${process.pid}-bad.xlsx`);
    const cell = await fillValue(template, '12,5%', badFile);

    await officer.getByLabel('Upload the filled-in template').setInputFiles(badFile);
    await officer.getByRole('button', { name: 'Upload and check' }).click();
    await expect(officer.title()).resolves.toBe('Error: Upload a return – CYPP Scorecard');
    const summary = officer.locator('.govuk-error-summary');
    const problem = summary.getByRole('link', { name: new RegExp(`^Returns!${cell}: '12,5%' is not a number`) });
    await expect(problem.count()).resolves.toBe(1);
    await expectAccessible(officer);
    await problem.click();
    const rowNumber = cell.replace(/^[A-Z]+/, '');
    expect(new URL(officer.url()).hash).toBe(`#row-${rowNumber}`);
    await expect(officer.locator(`#row-${rowNumber}`).innerText()).resolves.toContain('12,5%');
    const rejected = await officer.getByRole('link', { name: /bad\.xlsx$/ }).getAttribute('href');
    visited.push(new URL(rejected!, web.baseUrl).href);

    const goodFile = join(tmpdir(), `e2e-${process.pid}-good.xlsx`);
    await fillValue(template, 100, goodFile);
    await officer.getByLabel('Upload the corrected file').setInputFiles(goodFile);
    await officer.getByRole('button', { name: 'Upload and check' }).click();
    await expect(officer.title()).resolves.toBe('Return accepted – CYPP Scorecard');
    await expect(officer.locator('.govuk-summary-list').first().innerText()).resolves.toMatch(/Values stored\s+1\b/);
    await expectAccessible(officer);
    visited.push(officer.url());

    // The worker re-evaluates after the return; the page lists the exception once it has.
    const exceptionLink = await poll('the below-target exception', async () => {
      await officer.reload();
      const link = officer.getByRole('link', { name: `${INDICATOR}: Below target` }).first();
      return (await link.count()) > 0 ? link : null;
    });
    await exceptionLink.click();
    await expect(officer.title()).resolves.toBe(`${INDICATOR} Below target – CYPP Scorecard`);
    await expectAccessible(officer);
    visited.push(officer.url());

    await officer.getByRole('button', { name: 'Save commentary' }).click();
    await expect(officer.title()).resolves.toBe(`Error: ${INDICATOR} Below target – CYPP Scorecard`);
    await expect(officer.locator('.govuk-error-summary').innerText()).resolves.toContain('Say what caused it.');
    await expectAccessible(officer);

    await officer.getByLabel('What caused it?').fill('Two clinicians left the service in the summer');
    await officer.getByLabel('What is being done about it?').fill('Agency cover from October; recruitment under way');
    await officer.getByLabel('Day').fill('31');
    await officer.getByLabel('Month').fill('3');
    await officer.getByLabel('Year').fill('2027');
    await officer.getByRole('button', { name: 'Save commentary' }).click();
    await expect(officer.locator('.govuk-notification-banner').innerText()).resolves.toContain(
      'Owner commentary given',
    );
    await expect(officer.locator('body').innerText()).resolves.toContain('31 March 2027');
  });

  it('lets the executive review the exception and refer it to the board', async () => {
    const executive = await web.newPage();
    const exceptionUrl = visited[visited.length - 1];
    await signInBySso(executive, web.baseUrl, EXECUTIVE, new URL(exceptionUrl).pathname);
    await executive.getByRole('button', { name: 'Mark as reviewed' }).click();
    await expect(executive.locator('.govuk-notification-banner').innerText()).resolves.toContain(
      'Reviewed by the executive',
    );
    await executive.getByRole('button', { name: 'Refer to the board' }).click();
    await expect(executive.locator('.govuk-notification-banner').innerText()).resolves.toContain(
      'Referred to the board',
    );
    await expectAccessible(executive);
  });

  it('lets the executive ask for the board scorecard, which a board member then downloads', async () => {
    const executive = await web.newPage();
    await signInBySso(executive, web.baseUrl, EXECUTIVE, '/reports');
    await expect(executive.title()).resolves.toBe('Reports – CYPP Scorecard');
    await executive.getByLabel('Which paper?').selectOption('board_scorecard');
    await executive.getByRole('button', { name: 'Ask for it' }).click();
    await expect(executive.locator('.govuk-notification-banner').innerText()).resolves.toContain('in the queue');
    await expectAccessible(executive);

    const board = await web.newPage();
    await signInBySso(board, web.baseUrl, BOARD_MEMBER, '/reports');
    const pdf = await poll(
      'the scorecard PDF',
      async () => {
        await board.reload();
        const link = board.getByRole('link', { name: /^PDF of Quarterly scorecard/ });
        return (await link.count()) > 0 ? link : null;
      },
      60_000,
    );
    await expectAccessible(board);
    const [download] = await Promise.all([board.waitForEvent('download'), pdf.click()]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const content = await readFile((await download.path())!);
    expect(content.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('refuses a data officer of another group every page of that journey, showing none of its data', async () => {
    const other = await web.newPage();
    await signInBySso(other, web.baseUrl, OTHER_OFFICER);
    const template = visited[0].replace('/returns/upload', '/returns/template');
    for (const url of [...visited, template]) {
      const response = await other.goto(url);
      expect(response?.status(), url).toBe(403);
      await expect(other.title()).resolves.toBe('You do not have access to this page – CYPP Scorecard');
      await expect(other.locator('main').innerText()).resolves.not.toContain(INDICATOR);
    }
    await expectAccessible(other);
  });

  it('refuses a form POST without the CSRF token', async () => {
    // From the signed-in page itself, so the session cookie goes with it; only the token is missing.
    const status = await officer.evaluate(
      async (path) => {
        const body = new URLSearchParams({ cause: 'x'.repeat(10), action: 'y'.repeat(10) });
        return (await fetch(path, { method: 'POST', body })).status;
      },
      `${new URL(officer.url()).pathname}/commentary`,
    );
    expect(status).toBe(403);
  });
});
