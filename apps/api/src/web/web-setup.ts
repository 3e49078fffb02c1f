import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NestExpressApplication } from '@nestjs/platform-express';
import compression from 'compression';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import express from 'express';
import type { HelmetOptions } from 'helmet';
import nunjucks from 'nunjucks';
import type { AppConfig } from '../../../../libs/config/index.js';
import { formatUkDate, formatUkDateTime, formatUkNumber } from './web-format.js';

const require = createRequire(import.meta.url);
const GOVUK_DIST = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');
const GOVUK_VERSION = (require('govuk-frontend/package.json') as { version: string }).version;
/** CSS and JS are served under their version, so a year's cache is safe: an upgrade changes the address. */
export const STATIC_PATH = `/static/govuk-frontend-${GOVUK_VERSION}`;
const YEAR_MS = 365 * 24 * 3_600_000;

/** apps/api/<name>, found from this file whether it runs from source (tests) or from dist/. */
function apiDirectory(name: 'views' | 'static'): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, 'package.json'))) directory = dirname(directory);
  return join(directory, 'apps', 'api', name);
}

/** Our own few static files, under a hash of their content so they too can be cached for a year. */
function appStaticPath(directory: string): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(directory).sort()) hash.update(file).update(readFileSync(join(directory, file)));
  return `/static/app-${hash.digest('hex').slice(0, 12)}`;
}

declare module 'express' {
  interface Locals {
    cspNonce?: string;
  }
}

/** Content-Security-Policy for the API and the pages: the GOV.UK template's one inline script runs by nonce. */
export function helmetOptions(): HelmetOptions {
  return {
    contentSecurityPolicy: {
      directives: {
        scriptSrc: ["'self'", (_request, response) => `'nonce-${(response as Response).locals.cspNonce}'`],
      },
    },
  };
}

/** Runs before helmet so the policy and the page share the nonce. */
export function cspNonce(_request: Request, response: Response, next: NextFunction): void {
  response.locals.cspNonce = randomBytes(16).toString('base64');
  next();
}

/**
 * The web front end's plumbing: Nunjucks over our views and govuk-frontend's macros, the GOV.UK
 * Frontend assets with long cache headers, compression, and cookies (the session and CSRF secrets).
 */
export function configureWebFrontEnd(app: NestExpressApplication, config: AppConfig): void {
  const appStatic = apiDirectory('static');
  const appStaticUrl = appStaticPath(appStatic);
  const environment = nunjucks.configure([apiDirectory('views'), GOVUK_DIST], {
    autoescape: true,
    throwOnUndefined: false,
    noCache: config.nodeEnv === 'development',
    express: app.getHttpAdapter().getInstance(),
  });
  environment.addFilter('ukDate', formatUkDate);
  environment.addFilter('ukDateTime', formatUkDateTime);
  environment.addFilter('ukNumber', formatUkNumber);
  environment.addGlobal('staticPath', STATIC_PATH);
  environment.addGlobal('appStaticPath', appStaticUrl);
  app.setViewEngine('njk');

  app.use(compression());
  app.use(cookieParser());
  const immutable = { maxAge: YEAR_MS, immutable: true, index: false, fallthrough: false };
  app.use(STATIC_PATH, express.static(join(GOVUK_DIST, 'govuk'), immutable));
  app.use(appStaticUrl, express.static(appStatic, immutable));
  // The compiled CSS asks for its fonts and images at /assets; their names carry a content hash or never change.
  app.use('/assets', express.static(join(GOVUK_DIST, 'govuk', 'assets'), { maxAge: YEAR_MS, index: false }));
}
