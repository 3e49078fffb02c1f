import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/index.js';
import { APP_CONFIG, AppConfig } from '../config/index.js';
import { createMailTransport, MAIL_TRANSPORT } from './mail-transport.js';
import { NotificationJobsService } from './notification-jobs.service.js';
import { NotificationsService } from './notifications.service.js';

/** Recording emails, settings and the outbox: what the API and every feature that sends email need. */
@Module({
  imports: [AuditModule],
  providers: [NotificationsService],
  exports: [NotificationsService],
})
export class NotificationsModule {}

/** Sending: the worker's part. */
@Module({
  imports: [NotificationsModule],
  providers: [
    { provide: MAIL_TRANSPORT, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createMailTransport(config) },
    NotificationJobsService,
  ],
})
export class NotificationsWorkerModule {}
