import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Clock } from '../../../libs/common/index.js';
import { AppConfig } from '../../../libs/config/index.js';
import { AppModule } from './app.module.js';
import { createValidationPipe } from './http/validation.pipe.js';
import { configureWebFrontEnd, cspNonce, helmetOptions } from './web/web-setup.js';

/** Builds the HTTP application exactly as production runs it; tests call this too. */
export interface ApiApplicationOptions {
  /** False silences Nest's logger (tests). */
  readonly logger?: boolean;
  /** Replaces the system clock (tests of lockouts, deadlines and schedules). */
  readonly clock?: Clock;
}

export async function createApiApplication(
  config: AppConfig,
  options: ApiApplicationOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options.clock), {
    logger: options.logger === false ? false : undefined,
    bodyParser: false,
  });
  configureApiApplication(app, config);
  return app;
}

export function configureApiApplication(app: INestApplication, config: AppConfig): void {
  const express = app as NestExpressApplication;
  express.use(cspNonce);
  express.use(helmet(helmetOptions()));
  configureWebFrontEnd(express, config);
  express.useBodyParser('json', { limit: '1mb' });
  express.useBodyParser('urlencoded', { limit: '1mb', extended: false });
  // The proxy in front (if any) sets X-Forwarded-For; trust one hop so rate limits see the client.
  express.set('trust proxy', 1);
  if (config.corsOrigins.length > 0) app.enableCors({ origin: [...config.corsOrigins], credentials: false });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('CYPP Scorecard API')
      .setDescription(
        "Performance scorecard and exception reporting for a children and young people's partnership. " +
          'Sign in with POST /api/auth/sign-in and send the token as `Authorization: Bearer …`.',
      )
      .setVersion('1')
      // Tokens are random and opaque (a server-side session or an API token), not JWTs.
      .addBearerAuth({
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'opaque',
        description: 'A session token from POST /api/auth/sign-in, or an API token (returns or scorecard).',
      })
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
