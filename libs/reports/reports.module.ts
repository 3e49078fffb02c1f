import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/index.js';
import { CatalogueModule } from '../catalogue/index.js';
import { ExceptionsModule } from '../exceptions/index.js';
import { NotificationsModule } from '../notifications/index.js';
import { WorkflowModule } from '../workflow/index.js';
import { PaperDeliveryService } from './paper-delivery.js';
import { ReportCalendarService } from './report-calendar.service.js';
import { ReportJobsService } from './report-jobs.service.js';
import { ReportModelBuilder } from './report-model.builder.js';
import { PaperSettingsService } from './paper-settings.service.js';
import { ReportsService } from './reports.service.js';

/** Requests, reading and the calendar: what the API needs. */
@Module({
  imports: [AuditModule, CatalogueModule, NotificationsModule],
  providers: [ReportsService, ReportCalendarService, PaperSettingsService],
  exports: [ReportsService, ReportCalendarService, PaperSettingsService],
})
export class ReportsModule {}

/** Generation and the schedule tick: the worker's part. */
@Module({
  imports: [ReportsModule, ExceptionsModule, NotificationsModule, WorkflowModule],
  providers: [ReportModelBuilder, ReportJobsService, PaperDeliveryService],
})
export class ReportsWorkerModule {}
