import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CookieOptions, Request, Response } from 'express';
import { tokenKind } from '../../../../libs/access/index.js';

/** The browser's copy of the server-side session token (the same token the API takes as a bearer). */
export const SESSION_COOKIE = 'cypp_session';
/** A random value given to a browser before it signs in, so the sign-in form has a CSRF token too. */
export const PRE_SESSION_COOKIE = 'cypp_presession';
/** The hidden form field every POST carries. */
export const CSRF_FIELD = '_csrf';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** HttpOnly and SameSite=Lax always; Secure everywhere but on a developer's own machine (plain http there). */
export function cookieOptions(request: Request, maxAgeMs?: number): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    secure: !LOOPBACK.has(request.hostname),
    path: '/',
    ...(maxAgeMs === undefined ? {} : { maxAge: maxAgeMs }),
  };
}

/** Only a session token: an API token is for systems and never rides in a browser cookie. */
export function sessionCookie(request: Request): string | null {
  const token: unknown = request.cookies?.[SESSION_COOKIE];
  return typeof token === 'string' && tokenKind(token) === 'session' ? token : null;
}

/**
 * The CSRF token is derived from a secret the browser holds only in an HttpOnly cookie (the session
 * token once signed in, a random pre-session value before): another site can neither read the cookie
 * nor compute the token, and the server keeps no extra state. The platform has no signing key by design
 * (README: Sessions), so no HMAC secret is needed either.
 */
export function csrfTokenFor(secret: string): string {
  return createHash('sha256').update(`csrf\0${secret}`).digest('base64url');
}

/** The CSRF token for this browser, setting the pre-session cookie first when it has neither cookie. */
export function csrfToken(request: Request, response: Response): string {
  const secret = sessionCookie(request) ?? preSessionCookie(request);
  if (secret) return csrfTokenFor(secret);
  const fresh = randomBytes(32).toString('base64url');
  request.cookies = { ...request.cookies, [PRE_SESSION_COOKIE]: fresh };
  response.cookie(PRE_SESSION_COOKIE, fresh, cookieOptions(request));
  return csrfTokenFor(fresh);
}

/** Whether a form's token matches one of the browser's secrets. */
export function csrfTokenMatches(request: Request, given: unknown): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const secrets = [sessionCookie(request), preSessionCookie(request)].filter((secret) => secret !== null);
  const offered = Buffer.from(given);
  return secrets.some((secret) => {
    const expected = Buffer.from(csrfTokenFor(secret));
    return expected.length === offered.length && timingSafeEqual(expected, offered);
  });
}

function preSessionCookie(request: Request): string | null {
  const value: unknown = request.cookies?.[PRE_SESSION_COOKIE];
  return typeof value === 'string' && value.length >= 32 ? value : null;
}
