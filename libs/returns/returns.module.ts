import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/index.js';
import { CatalogueModule } from '../catalogue/index.js';
import { ReturnReviewService } from './return-review.service.js';
import { NotificationsModule } from '../notifications/index.js';
import { ReturnsJobsService } from './returns-jobs.service.js';
import { ReturnsStore } from './returns-store.js';
import { ReturnsService } from './returns.service.js';

@Module({
  imports: [AuditModule, CatalogueModule, NotificationsModule],
  providers: [ReturnsStore, ReturnsService, ReturnsJobsService, ReturnReviewService],
  exports: [ReturnsStore, ReturnsService, ReturnReviewService],
})
export class ReturnsModule {}
