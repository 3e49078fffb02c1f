import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReturnsPagesController } from '../../apps/api/src/web/returns-pages.controller.js';
import { expectAccessible, signInBySso, startWebHarness, type WebHarness } from './web-harness.js';

const OFFICER = 'do.ewmh@demo.cypp.local';

describe(ReturnsPagesController.name, () => {
  let web: WebHarness;
  let page: Page;

  beforeAll(async () => {
    web = await startWebHarness();
    page = await web.newPage();
  }, 180_000);
  afterAll(() => web?.close());

  it('signs a data officer in by single sign-on and shows what to do now', async () => {
    await signInBySso(page, web.baseUrl, OFFICER);
    await expect(page.title()).resolves.toBe('What to do now – CYPP Scorecard');
    await expectAccessible(page);
  });
});
