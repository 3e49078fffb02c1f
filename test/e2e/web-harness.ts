import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { AxeBuilder } from '@axe-core/playwright';
import Provider from 'oidc-provider';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { createApiApplication } from '../../apps/api/src/bootstrap.js';
import { loadConfig, type AppConfig } from '../../libs/config/index.js';
import { DemoSeedService } from '../../libs/demo/index.js';
import { ExceptionEvaluator } from '../../libs/exceptions/index.js';
import { parsePeriod } from '../../libs/periods/index.js';
import { QueueName, QueueService } from '../../libs/queue/index.js';
import { startTestWorker } from '../factories/worker.js';
import { createTestDatabase, type TestDatabase } from '../medium/test-database.js';

export const DEMO_PASSWORD = 'demo-password-for-browser-tests';
const CHROMIUM = '/usr/bin/chromium';
const CLIENT = { id: 'cypp-scorecard', secret: randomBytes(24).toString('base64url') };

async function freePort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A real OpenID Connect provider in this process (oidc-provider, with its development login screens):
 * whoever signs in as "someone@example" is vouched for with that verified email address.
 */
async function startIdentityProvider(redirectUrl: string): Promise<{ issuer: string; close(): Promise<void> }> {
  const port = await freePort();
  const issuer = `http://localhost:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT.id,
        client_secret: CLIENT.secret,
        redirect_uris: [redirectUrl],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    findAccount: async (_ctx, id) => ({
      accountId: id,
      claims: async () => ({ sub: id, email: id, email_verified: true }),
    }),
    features: { devInteractions: { enabled: true } },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
  });
  const server = provider.listen(port);
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return { issuer, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export interface WebHarness {
  readonly baseUrl: string;
  /** The OpenID provider's address. */
  readonly issuer: string;
  readonly config: AppConfig;
  readonly app: INestApplication;
  readonly browser: Browser;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * The whole product for a browser: the API listening on loopback, the worker, the suite's own database
 * (the demo partnership seeded) and queue prefix, an OIDC provider, and Debian's Chromium.
 */
export async function startWebHarness(options: { demo?: boolean } = {}): Promise<WebHarness> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`The browser tests need Debian's Chromium at ${CHROMIUM}: apt-get install -y chromium`);
  }
  const database: TestDatabase = await createTestDatabase();
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const redirectUrl = `${baseUrl}/sign-in/sso/callback`;
  const idp = await startIdentityProvider(redirectUrl);
  const config: AppConfig = {
    ...loadConfig(process.env),
    nodeEnv: 'test',
    databaseUrl: database.url,
    queuePrefix: `e2e-${randomBytes(4).toString('hex')}`,
    demoPassword: DEMO_PASSWORD,
    port,
    oidc: { issuerUrl: idp.issuer, clientId: CLIENT.id, clientSecret: CLIENT.secret, redirectUrl },
  };
  const app = await createApiApplication(config, { logger: false });
  await app.listen(port, '127.0.0.1');
  if (options.demo !== false) await seedDemo(app);
  const worker: INestApplicationContext = await startTestWorker(config);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  return {
    baseUrl,
    issuer: idp.issuer,
    config,
    app,
    browser,
    async newPage() {
      const context = await browser.newContext({ baseURL: baseUrl, acceptDownloads: true });
      return context.newPage();
    },
    async close() {
      await browser.close();
      await worker.close();
      await app.close();
      await idp.close();
      await database.drop();
    },
  };
}

/**
 * The demo partnership as `npm start` loads it (scripts/seed-demo.ts): seeded, evaluated once in full,
 * earlier quarters' exceptions closed as reviewed. The per-return evaluations the seed queued (this app
 * has a queue, the seed script's does not) would only redo that full evaluation, so they are dropped.
 */
async function seedDemo(app: INestApplication): Promise<void> {
  const result = await app.get(DemoSeedService).seed();
  if (result.outcome !== 'seeded') throw new Error(`the demo was not seeded: ${result.outcome}`);
  const queues = app.get(QueueService);
  await Promise.all(Object.values(QueueName).map((name) => queues.queue(name).obliterate({ force: true })));
  await app.get(ExceptionEvaluator).rebuild();
  const latest = parsePeriod(result.latestQuarter);
  if (!latest.ok) throw new Error(latest.message);
  await app.get(DemoSeedService).closeExceptionsBefore(latest.period.start);
}

/** No serious or critical axe-core violation on the page as it stands. */
export async function expectAccessible(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const blocking = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(blocking, `axe-core on ${page.url()}`).toEqual([]);
}

/** Signs in through the identity provider's own login and consent screens, as the council's users will. */
export async function signInBySso(page: Page, baseUrl: string, email: string, next = '/'): Promise<void> {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByRole('button', { name: /Sign in with your organisation/ }).click();
  await page.locator('input[name="login"]').fill(email);
  await page.locator('input[name="password"]').fill('any password: the development provider accepts it');
  await page.locator('button[type="submit"]').click();
  const back = (url: URL) => url.href.startsWith(baseUrl);
  // The development provider asks for consent the first time this client wants the scopes.
  const consent = page.locator('button[autofocus], button[type="submit"]').first();
  await Promise.race([page.waitForURL(back), consent.waitFor()]);
  if (!back(new URL(page.url()))) {
    await consent.click();
    await page.waitForURL(back);
  }
}
