import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessService, Role, systemActor } from '../../libs/access/index.js';
import { CatalogueService } from '../../libs/catalogue/index.js';
import { CSRF_FIELD, csrfTokenFor, SESSION_COOKIE } from '../../apps/api/src/web/web-session.js';
import { discoverRoutes, Route } from '../factories/routes.js';
import { createTestApi, TEST_PASSWORD, TestApi } from './test-app.js';

type Caller = Role | 'data_officer_other_group' | 'api_token' | 'scorecard_token' | 'anonymous';

const SIGNED_IN: readonly Caller[] = [
  'admin',
  'data_officer',
  'data_officer_other_group',
  'executive_member',
  'board_member',
  'hwb_member',
  'viewer',
  'api_token',
  'scorecard_token',
];
/** A scorecard token (for a BI tool) may read the scorecard and nothing else. */
const EVERYONE = SIGNED_IN.filter((caller) => caller !== 'scorecard_token');
/** Every role and both kinds of token read the scorecard; data officers and returns tokens see their own groups' targets (scorecard.spec.ts). */
const SCORECARD_READERS = SIGNED_IN;
const ADMIN: readonly Caller[] = ['admin'];
/** People, not systems: their own emails and settings (admins see everyone's emails). */
const USERS: readonly Caller[] = SIGNED_IN.filter((caller) => caller !== 'api_token' && caller !== 'scorecard_token');
/** Hold ReturnsSubmit; which groups they may submit for is checked by ReturnsService (returns.spec.ts). */
const RETURN_SUBMITTERS: readonly Caller[] = ['admin', 'data_officer', 'data_officer_other_group', 'api_token'];
/** Every role reads exceptions (data officers only their own groups'); API tokens submit returns only. */
const EXCEPTION_READERS: readonly Caller[] = EVERYONE.filter((caller) => caller !== 'api_token');
/** Hold ExceptionsComment; which groups' exceptions they may comment on is checked by ExceptionsService (exceptions-lifecycle.spec.ts). */
const EXCEPTION_COMMENTERS: readonly Caller[] = ['admin', 'data_officer', 'data_officer_other_group'];
const EXECUTIVE: readonly Caller[] = ['admin', 'executive_member'];
/** Every role may list reports; each report's audience and confidentiality filter further (reports.spec.ts). */
const REPORT_READERS: readonly Caller[] = EVERYONE.filter((caller) => caller !== 'api_token');
/** Data officers may request only their own groups' updates (ReportsService). */
const REPORT_REQUESTERS: readonly Caller[] = ['admin', 'executive_member', 'data_officer', 'data_officer_other_group'];
/** Sign-outs end the callers' sessions, so they go last: the page's, then the API's. */
const SIGN_OUTS = ['POST /sign-out', 'POST /api/auth/sign-out'];
const lastRank = (route: Route): number => SIGN_OUTS.indexOf(route.key) + 1;
/** Where a page sends a caller it does not know: sign in (and come back). */
const TO_SIGN_IN = /^\/sign-in(\?next=|$)/;
/** The browser pages take the session cookie only: an API token is for systems, so it is never let in there. */
const PEOPLE: readonly Caller[] = EVERYONE.filter((caller) => caller !== 'api_token');
const PAGE_SUBMITTERS = RETURN_SUBMITTERS.filter((caller) => caller !== 'api_token');
const isPage = (route: Route): boolean => !route.path.startsWith('/api/') && route.path !== '/health';

/**
 * Who may call each route. Every route the application registers must appear here: the test
 * fails for a new route without a rule, so access is decided on purpose, never by accident.
 * 'public' routes answer without credentials.
 */
const RULES: Readonly<Record<string, readonly Caller[] | 'public'>> = {
  'GET /health': 'public',
  'POST /api/auth/sign-in': 'public',
  'POST /api/auth/sign-out': EVERYONE,
  'GET /api/auth/me': EVERYONE,

  'GET /api/users': ADMIN,
  'GET /api/users/:id': ADMIN,
  'POST /api/users': ADMIN,
  'PATCH /api/users/:id': ADMIN,
  'GET /api/api-tokens': ADMIN,
  'POST /api/api-tokens': ADMIN,
  'POST /api/api-tokens/:id/revoke': ADMIN,
  'GET /api/audit-events': ADMIN,
  'POST /api/jobs/ping': ADMIN,
  'GET /api/jobs': ADMIN,
  'GET /api/jobs/:queue': ADMIN,
  'GET /api/jobs/:queue/:id': ADMIN,
  'POST /api/jobs/:queue/:id/retry': ADMIN,

  'GET /api/plans': EVERYONE,
  'GET /api/plans/:id': EVERYONE,
  'POST /api/plans': ADMIN,
  'PATCH /api/plans/:id': ADMIN,
  'GET /api/priorities': EVERYONE,
  'GET /api/priorities/:id': EVERYONE,
  'POST /api/priorities': ADMIN,
  'PATCH /api/priorities/:id': ADMIN,
  'GET /api/groups': EVERYONE,
  'GET /api/groups/:id': EVERYONE,
  'POST /api/groups': ADMIN,
  'PATCH /api/groups/:id': ADMIN,
  'GET /api/areas': EVERYONE,
  'GET /api/areas/:id': EVERYONE,
  'POST /api/areas': ADMIN,
  'PATCH /api/areas/:id': ADMIN,
  'GET /api/indicators': EVERYONE,
  'GET /api/indicators/:id': EVERYONE,
  'POST /api/indicators': ADMIN,
  'PATCH /api/indicators/:id': ADMIN,
  'GET /api/targets': EVERYONE,
  'GET /api/targets/:id': EVERYONE,
  'POST /api/targets': ADMIN,
  'POST /api/targets/:id/versions': ADMIN,
  'PUT /api/targets/:id/owner': ADMIN,

  'GET /api/exceptions': EXCEPTION_READERS,
  'GET /api/exceptions/:id': EXCEPTION_READERS,
  'POST /api/exceptions/:id/commentary': EXCEPTION_COMMENTERS,
  'POST /api/exceptions/:id/review': EXECUTIVE,
  'POST /api/exceptions/:id/refer': EXECUTIVE,
  'POST /api/exceptions/:id/close': EXECUTIVE,
  'POST /api/exceptions/rebuild': ADMIN,

  'GET /api/returns/template': RETURN_SUBMITTERS,
  'POST /api/returns': RETURN_SUBMITTERS,
  'GET /api/returns': EVERYONE,
  'GET /api/returns/status': EVERYONE,
  'GET /api/returns/jobs/:id': RETURN_SUBMITTERS,
  'GET /api/returns/:id': EVERYONE,
  'GET /api/returns/:id/annotated': RETURN_SUBMITTERS,
  'GET /api/returns/completeness': EVERYONE,
  'POST /api/returns/:id/sign-off': ['admin', 'data_officer', 'data_officer_other_group'],
  'GET /api/periods/locks': EVERYONE,
  'POST /api/periods/:period/lock': ADMIN,
  'POST /api/periods/:period/unlock': ADMIN,
  'PUT /api/groups/:id/chair': ADMIN,
  'GET /api/notifications': USERS,
  'GET /api/notifications/settings': USERS,
  'PUT /api/notifications/settings': USERS,
  'GET /api/notifications/outbox': ADMIN,
  'GET /api/values': EVERYONE,
  'GET /api/comparators/mappings': EVERYONE,
  'PUT /api/comparators/mappings/fingertips': ADMIN,
  'PUT /api/comparators/mappings/dfe': ADMIN,
  'POST /api/comparators/fingertips': ADMIN,
  'POST /api/comparators/dfe': ADMIN,
  'GET /api/comparators/imports': EVERYONE,
  'GET /api/comparators/values': EVERYONE,
  'GET /api/catalogue/workbook': EVERYONE,
  'POST /api/catalogue/workbook': ADMIN,

  'GET /api/reports': REPORT_READERS,
  'POST /api/reports': REPORT_REQUESTERS,
  'GET /api/reports/:id': REPORT_READERS,
  'GET /api/reports/:id/files/:format': REPORT_READERS,
  'POST /api/reports/:id/retry': ADMIN,
  'GET /api/reporting-calendar': REPORT_READERS,
  'GET /api/reporting-calendar/schedule': REPORT_READERS,
  'POST /api/reporting-calendar': ADMIN,
  'PATCH /api/reporting-calendar/:id': ADMIN,
  'DELETE /api/reporting-calendar/:id': ADMIN,
  'GET /api/report-types': ADMIN,
  'PUT /api/report-types/:type': ADMIN,

  'GET /api/scorecard': SCORECARD_READERS,
  'GET /api/scorecard/targets/:id': SCORECARD_READERS,

  // Browser pages: the same permissions as the API routes they stand beside.
  'GET /sign-in': 'public',
  'POST /sign-in': 'public',
  'GET /sign-in/sso': 'public',
  'GET /sign-in/sso/callback': 'public',
  'POST /sign-out': PEOPLE,
  'GET /': PEOPLE,
  'GET /reports': REPORT_READERS,
  'POST /reports': REPORT_REQUESTERS,
  'POST /reports/:id/retry': ADMIN,
  'GET /reports/:id/files/:format': REPORT_READERS,
  'GET /returns': PAGE_SUBMITTERS,
  'GET /returns/upload': PAGE_SUBMITTERS,
  'POST /returns/upload': PAGE_SUBMITTERS,
  'GET /returns/template': PAGE_SUBMITTERS,
  'GET /returns/jobs/:id': PAGE_SUBMITTERS,
  'GET /returns/:id': PAGE_SUBMITTERS,
  'GET /returns/:id/annotated': PAGE_SUBMITTERS,
  'GET /exceptions': EXCEPTION_READERS,
  'GET /exceptions/:id': EXCEPTION_READERS,
  'POST /exceptions/:id/commentary': EXCEPTION_COMMENTERS,
  'POST /exceptions/:id/review': EXECUTIVE,
  'POST /exceptions/:id/refer': EXECUTIVE,
  'POST /exceptions/:id/close': EXECUTIVE,
};

function concretePath(route: Route): string {
  return route.path
    .replace(':queue', 'system')
    .replace(':format', 'pdf')
    .replace(/:[A-Za-z]+/g, () => randomUUID());
}

describe('access matrix', () => {
  let api: TestApi;
  let routes: Route[];
  const tokens = new Map<Caller, string>();
  const pageTokens = new Map<Caller, string>();
  const call = (route: Route) => {
    const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    return api.http()[method](concretePath(route));
  };

  beforeAll(async () => {
    api = await createTestApi();
    routes = discoverRoutes(api.app);
    const catalogue = api.get(CatalogueService);
    const actor = systemActor('test');
    const own = await catalogue.createGroup({ code: 'OWN', name: 'Own group', kind: 'lead_group' }, actor);
    const other = await catalogue.createGroup({ code: 'OTHER', name: 'Other group', kind: 'lead_group' }, actor);
    for (const role of ['admin', 'executive_member', 'board_member', 'hwb_member', 'viewer'] as const) {
      tokens.set(role, await api.signInAs(role));
    }
    tokens.set('data_officer', await api.signInAs('data_officer', [own.id]));
    tokens.set('data_officer_other_group', await api.signInAs('data_officer', [other.id]));
    const { token } = await api.get(AccessService).createApiToken('matrix', own.id, actor);
    tokens.set('api_token', token);
    const scorecard = await api.get(AccessService).createApiToken('bi', null, actor, 'scorecard');
    tokens.set('scorecard_token', scorecard.token);
    // A second session per person for the pages, so the page's sign-out leaves the API's session alone.
    const access = api.get(AccessService);
    for (const [caller, bearer] of tokens) {
      const actor = await access.authenticate(bearer, undefined);
      pageTokens.set(
        caller,
        actor?.kind === 'user' ? (await access.signIn(actor.label, TEST_PASSWORD, undefined)).token : bearer,
      );
    }
  });
  afterAll(() => api.close());

  it('has an access rule for every route the application registers', () => {
    const missing = routes.map((route) => route.key).filter((key) => !(key in RULES));
    expect(missing, `routes without an access rule: add them to RULES`).toEqual([]);
  });

  it('lists no rule for a route that no longer exists', () => {
    const registered = new Set(routes.map((route) => route.key));
    expect(Object.keys(RULES).filter((key) => !registered.has(key))).toEqual([]);
  });

  it('answers 401 without credentials on every route but the public ones (a page: to the sign-in page)', async () => {
    for (const route of routes) {
      if (RULES[route.key] === 'public') continue;
      const response = await call(route);
      if (isPage(route)) {
        expect(response.status, route.key).toBe(303);
        expect(response.headers.location, route.key).toMatch(TO_SIGN_IN);
      } else {
        expect(response.status, route.key).toBe(401);
        expect(response.body.code, route.key).toBe('AUTH.UNAUTHENTICATED');
      }
    }
  });

  it('allows exactly the callers each rule names and refuses the rest with 403', async () => {
    const outcomes: string[] = [];
    const signOutLast = [...routes].sort((a, b) => lastRank(a) - lastRank(b));
    for (const route of signOutLast) {
      const rule = RULES[route.key];
      if (rule === 'public' || rule === undefined) continue;
      for (const caller of SIGNED_IN) {
        const token = (isPage(route) ? pageTokens : tokens).get(caller)!;
        // A page gets the cookie and a valid CSRF token, so what is tested is the permission alone.
        const response = isPage(route)
          ? await call(route)
              .set('cookie', `${SESSION_COOKIE}=${token}`)
              .type('form')
              .send({ [CSRF_FIELD]: csrfTokenFor(token) })
          : await call(route).set('authorization', `Bearer ${token}`).send({});
        const expected =
          // Pages take a browser session only: an API token of either kind is sent to sign in.
          isPage(route) && (caller === 'api_token' || caller === 'scorecard_token')
            ? 'unauthenticated'
            : rule.includes(caller)
              ? 'allowed'
              : 'denied';
        const unauthenticated =
          response.status === 401 ||
          (isPage(route) && response.status === 303 && TO_SIGN_IN.test(response.headers.location));
        const actual = response.status === 403 ? 'denied' : unauthenticated ? 'unauthenticated' : 'allowed';
        if (actual !== expected)
          outcomes.push(`${route.key} as ${caller}: expected ${expected}, got ${response.status}`);
      }
    }
    expect(outcomes).toEqual([]);
  });
});
