import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { safeNext } from './sign-in.controller.js';
import { cookieOptions, csrfTokenFor, csrfTokenMatches, PRE_SESSION_COOKIE, SESSION_COOKIE } from './web-session.js';

const SESSION = 'cypp_ses_' + 'a'.repeat(43);
const request = (cookies: Record<string, string>, hostname = 'localhost') =>
  ({ cookies, hostname }) as unknown as Request;

describe(csrfTokenMatches.name, () => {
  it('accepts the token derived from the session cookie', () => {
    expect(csrfTokenMatches(request({ [SESSION_COOKIE]: SESSION }), csrfTokenFor(SESSION))).toBe(true);
  });

  it('accepts the pre-session token on the sign-in form', () => {
    const secret = 'p'.repeat(43);
    expect(csrfTokenMatches(request({ [PRE_SESSION_COOKIE]: secret }), csrfTokenFor(secret))).toBe(true);
  });

  it('refuses a missing token, another browser’s token, and a token with no cookie behind it', () => {
    const mine = request({ [SESSION_COOKIE]: SESSION });
    expect(csrfTokenMatches(mine, undefined)).toBe(false);
    expect(csrfTokenMatches(mine, csrfTokenFor('cypp_ses_' + 'b'.repeat(43)))).toBe(false);
    expect(csrfTokenMatches(request({}), csrfTokenFor(SESSION))).toBe(false);
  });

  it('does not derive a token from an API token placed in the session cookie', () => {
    const apiToken = 'cypp_pat_' + 'a'.repeat(43);
    expect(csrfTokenMatches(request({ [SESSION_COOKIE]: apiToken }), csrfTokenFor(apiToken))).toBe(false);
  });
});

describe(cookieOptions.name, () => {
  it('is HttpOnly and SameSite=Lax, Secure except on localhost', () => {
    expect(cookieOptions(request({}, 'localhost'))).toMatchObject({ httpOnly: true, sameSite: 'lax', secure: false });
    expect(cookieOptions(request({}, 'cypp.council.gov.uk'))).toMatchObject({ secure: true });
  });
});

describe(safeNext.name, () => {
  it('keeps a path on this service and drops anything that would leave it', () => {
    expect(safeNext('/exceptions?status=open')).toBe('/exceptions?status=open');
    expect(safeNext('//evil.example/')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext('https://evil.example/')).toBe('/');
    expect(safeNext(undefined)).toBe('/');
  });
});
