import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignInController } from '../../apps/api/src/web/sign-in.controller.js';
import { AccessService, systemActor } from '../../libs/access/index.js';
import { expectAccessible, signInBySso, startWebHarness, type WebHarness } from './web-harness.js';

const VIEWER = 'viewer@council.example';
const PASSWORD = 'a long enough test password';

describe(SignInController.name, () => {
  let web: WebHarness;

  beforeAll(async () => {
    web = await startWebHarness({ demo: false });
    await web.app
      .get(AccessService)
      .createUser({ email: VIEWER, displayName: 'Viewer', role: 'viewer', password: PASSWORD }, systemActor('test'));
  }, 180_000);
  afterAll(() => web?.close());

  async function page(): Promise<Page> {
    return web.newPage();
  }

  it('signs in with a password, with the GOV.UK error summary for what is missing first', async () => {
    const browser = await page();
    await browser.goto('/sign-in');
    await expectAccessible(browser);
    await browser.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(browser.title()).resolves.toBe('Error: Sign in – CYPP Scorecard');
    await expectAccessible(browser);
    await browser.getByLabel('Email address').fill(VIEWER);
    await browser.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await browser.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(browser.title()).resolves.toBe('What to do now – CYPP Scorecard');
  });

  it('refuses single sign-on for an email address no admin has added (no self-sign-up)', async () => {
    const browser = await page();
    await signInBySso(browser, web.baseUrl, 'stranger@council.example');
    await expect(browser.title()).resolves.toBe('Error: Sign in – CYPP Scorecard');
    await expect(browser.locator('.govuk-error-summary').innerText()).resolves.toContain(
      'There is no active account for stranger@council.example',
    );
    await expectAccessible(browser);
  });

  it('refuses a callback whose state is not the one this browser was sent with', async () => {
    const browser = await page();
    // The provider's redirect back is rewritten in flight, as an attacker's forged callback would be.
    // A browser's own redirects are not routed, so the provider's are followed here (same cookie jar).
    let forged = false;
    await browser.route(`${web.issuer}/interaction/**`, async (route) => {
      let response = await route.fetch({ maxRedirects: 0 });
      let location = response.headers()['location'];
      while (location?.startsWith(web.issuer)) {
        response = await browser.context().request.get(location, { maxRedirects: 0 });
        location = response.headers()['location'];
      }
      if (!location?.startsWith(`${web.baseUrl}/sign-in/sso/callback`)) return route.fulfill({ response });
      const url = new URL(location);
      url.searchParams.set('state', 'forged-state');
      forged = true;
      return route.fulfill({ status: 303, headers: { location: url.href } });
    });
    await signInBySso(browser, web.baseUrl, VIEWER);
    await expect(browser.title()).resolves.toBe('Error: Sign in – CYPP Scorecard');
    expect(forged).toBe(true);
    await expect(browser.context().cookies()).resolves.not.toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'cypp_session' })]),
    );
  });

  it('signs a known user in by single sign-on and out again, ending the session at once', async () => {
    const browser = await page();
    await signInBySso(browser, web.baseUrl, VIEWER);
    await expect(browser.title()).resolves.toBe('What to do now – CYPP Scorecard');
    await browser.getByRole('button', { name: /Sign out/ }).click();
    await expect(browser.title()).resolves.toBe('Sign in – CYPP Scorecard');
    await browser.goto('/');
    expect(new URL(browser.url()).pathname).toBe('/sign-in');
  });
});
