import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { AccessModule } from '../../../libs/access/index.js';
import { AuditModule } from '../../../libs/audit/index.js';
import { CatalogueModule } from '../../../libs/catalogue/index.js';
import { Clock } from '../../../libs/common/index.js';
import { AppConfig, ConfigModule } from '../../../libs/config/index.js';
import { DatabaseModule } from '../../../libs/database/index.js';
import { DemoModule } from '../../../libs/demo/index.js';
import { ExceptionsModule } from '../../../libs/exceptions/index.js';
import { NotificationsModule } from '../../../libs/notifications/index.js';
import { QueueModule } from '../../../libs/queue/index.js';
import { ReportsModule } from '../../../libs/reports/index.js';
import { ScorecardModule } from '../../../libs/scorecard/index.js';
import { AuditController } from './auth/audit.controller.js';
import { AuthController } from './auth/auth.controller.js';
import { AuthGuard } from './auth/auth.guard.js';
import { UsersController } from './auth/users.controller.js';
import { CatalogueWorkbookController } from './catalogue/catalogue-workbook.controller.js';
import { CatalogueController } from './catalogue/catalogue.controller.js';
import { TargetsController } from './catalogue/targets.controller.js';
import { ExceptionsController } from './exceptions/exceptions.controller.js';
import { HealthController } from './health/health.controller.js';
import { ApiExceptionFilter } from './http/api-exception.filter.js';
import { correlationId } from './http/correlation-id.middleware.js';
import { JobsController } from './jobs/jobs.controller.js';
import { NotificationsController } from './notifications/notifications.controller.js';
import { ReportsController } from './reports/reports.controller.js';
import { ScorecardController } from './scorecard/scorecard.controller.js';
import { ReturnsHttpModule } from './returns/returns-http.module.js';
import { ComparatorsHttpModule } from './comparators/comparators-http.module.js';
import { WebModule } from './web/web.module.js';

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: AppConfig, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, clock),
        DatabaseModule,
        QueueModule,
        AuditModule,
        AccessModule,
        CatalogueModule,
        ExceptionsModule,
        // The demo seed (tests, `npm start` on a developer's machine) is no part of a production API.
        ...(config.nodeEnv === 'production' ? [] : [DemoModule]),
        ReturnsHttpModule,
        ComparatorsHttpModule,
        ReportsModule,
        ScorecardModule,
        WebModule,
        NotificationsModule,
        // Applied only where a route sets @Throttle (sign-in); the limit is per client IP.
        ThrottlerModule.forRoot([{ name: 'default', limit: 1_000_000, ttl: 60_000 }]),
      ],
      controllers: [
        HealthController,
        AuthController,
        UsersController,
        AuditController,
        CatalogueController,
        TargetsController,
        CatalogueWorkbookController,
        JobsController,
        ExceptionsController,
        ReportsController,
        ScorecardController,
        NotificationsController,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(correlationId).forRoutes('*path');
  }
}
