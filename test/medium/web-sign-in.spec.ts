import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessService, systemActor } from '../../libs/access/index.js';
import { SignInController } from '../../apps/api/src/web/sign-in.controller.js';
import { createTestApi, TEST_PASSWORD, TestApi } from './test-app.js';

const EMAIL = 'officer@test.example';

/** The hidden CSRF field's value in a page. */
function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF field in the page');
  return match[1];
}

function cookieHeader(setCookie: string[] | string | undefined): string {
  return ([] as string[])
    .concat(setCookie ?? [])
    .map((cookie) => cookie.split(';')[0])
    .filter((cookie) => !cookie.endsWith('='))
    .join('; ');
}

describe(SignInController.name, () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await createTestApi();
    await api
      .get(AccessService)
      .createUser(
        { email: EMAIL, displayName: 'Officer', role: 'viewer', password: TEST_PASSWORD },
        systemActor('test'),
      );
  });
  afterAll(() => api.close());

  async function signIn(host = '127.0.0.1'): Promise<{ cookies: string; setCookie: string[] }> {
    const page = await api.http().get('/sign-in').set('host', host).expect(200);
    const preSession = cookieHeader(page.headers['set-cookie']);
    const response = await api
      .http()
      .post('/sign-in')
      .set('host', host)
      .set('cookie', preSession)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: EMAIL, password: TEST_PASSWORD, next: '/' })
      .expect(303);
    const setCookie = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
    return { cookies: cookieHeader(setCookie), setCookie };
  }

  it('shows the GOV.UK sign-in page titled with the service name', async () => {
    const page = await api.http().get('/sign-in').expect(200);
    expect(page.text).toContain('<title>Sign in – CYPP Scorecard</title>');
    expect(page.text).toContain('Skip to main content');
    expect(page.text).toContain('action="/sign-in"');
  });

  it('refuses a form POST without the CSRF token with 403', async () => {
    const page = await api.http().get('/sign-in').expect(200);
    const response = await api
      .http()
      .post('/sign-in')
      .set('cookie', cookieHeader(page.headers['set-cookie']))
      .type('form')
      .send({ email: EMAIL, password: TEST_PASSWORD })
      .expect(403);
    expect(response.headers['set-cookie'] ?? []).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^cypp_session=/)]),
    );
  });

  it('sets an HttpOnly, SameSite=Lax session cookie, not Secure on localhost', async () => {
    const { setCookie } = await signIn();
    const session = setCookie.find((cookie) => cookie.startsWith('cypp_session='));
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).not.toMatch(/Secure/);
  });

  it('marks the session cookie Secure on any other host', async () => {
    const { setCookie } = await signIn('cypp.example.gov.uk');
    expect(setCookie.find((cookie) => cookie.startsWith('cypp_session='))).toMatch(/Secure/);
  });

  it('lists each missing field in the error summary with "Error:" in the title', async () => {
    const page = await api.http().get('/sign-in').expect(200);
    const response = await api
      .http()
      .post('/sign-in')
      .set('cookie', cookieHeader(page.headers['set-cookie']))
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: '', password: '' })
      .expect(422);
    expect(response.text).toContain('<title>Error: Sign in – CYPP Scorecard</title>');
    expect(response.text).toContain('href="#email">Enter your email address');
    expect(response.text).toContain('href="#password">Enter your password');
  });

  it('ends the session at once on sign-out', async () => {
    const { cookies } = await signIn();
    const home = await api.http().get('/').set('cookie', cookies).expect(200);
    await api
      .http()
      .post('/sign-out')
      .set('cookie', cookies)
      .type('form')
      .send({ _csrf: csrfFrom(home.text) })
      .expect(303);
    const after = await api.http().get('/').set('cookie', cookies).expect(303);
    expect(after.headers.location).toBe('/sign-in?next=%2F');
  });

  it('sends a signed-out visitor to sign in and back to the page asked for', async () => {
    const response = await api.http().get('/exceptions?status=open').expect(303);
    expect(response.headers.location).toBe('/sign-in?next=%2Fexceptions%3Fstatus%3Dopen');
  });

  it('serves the GOV.UK Frontend stylesheet compressed with a year-long immutable cache', async () => {
    const page = await api.http().get('/sign-in').expect(200);
    const href = /href="(\/static\/govuk-frontend-[^"]+\.css)"/.exec(page.text)![1];
    const css = await api.http().get(href).set('accept-encoding', 'gzip').expect(200);
    expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(css.headers['content-encoding']).toBe('gzip');
  });
});
