import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/index.js';
import { Area } from './area.entity.js';
import { CatalogueStore } from './catalogue-store.js';
import { CatalogueWorkbookService } from './catalogue-workbook.service.js';
import { CatalogueService } from './catalogue.service.js';
import { Group } from './group.entity.js';
import { Indicator } from './indicator.entity.js';
import { PeriodLockService } from './period-lock.service.js';
import { Plan } from './plan.entity.js';
import { Priority } from './priority.entity.js';
import { TargetOwnership } from './target-ownership.entity.js';
import { TargetVersion } from './target-version.entity.js';
import { Target } from './target.entity.js';
import { TargetsService } from './targets.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([Plan, Priority, Group, Area, Indicator, Target, TargetVersion, TargetOwnership]),
    AuditModule,
  ],
  providers: [CatalogueStore, CatalogueService, TargetsService, CatalogueWorkbookService, PeriodLockService],
  exports: [CatalogueService, TargetsService, CatalogueWorkbookService, PeriodLockService],
})
export class CatalogueModule {}
