import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/index.js';
import { CatalogueModule } from '../catalogue/index.js';
import { NotificationsModule } from '../notifications/index.js';
import { ReturnsModule } from '../returns/index.js';
import { CompletenessService } from './completeness.service.js';
import { GroupChairService } from './group-chair.service.js';
import { SignOffService } from './sign-off.service.js';
import { WorkflowJobsService } from './workflow-jobs.service.js';

/** Sign-off, completeness and chairs: what the API (and the papers) need. */
@Module({
  imports: [AuditModule, CatalogueModule, NotificationsModule, ReturnsModule],
  providers: [SignOffService, CompletenessService, GroupChairService],
  exports: [SignOffService, CompletenessService, GroupChairService],
})
export class WorkflowModule {}

/** The daily chase: the worker's part. */
@Module({
  imports: [WorkflowModule, NotificationsModule, ReturnsModule],
  providers: [WorkflowJobsService],
})
export class WorkflowWorkerModule {}
