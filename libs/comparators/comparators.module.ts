import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/index.js';
import { CatalogueModule } from '../catalogue/index.js';
import { ComparatorsService } from './comparators.service.js';

@Module({
  imports: [AuditModule, CatalogueModule],
  providers: [ComparatorsService],
  exports: [ComparatorsService],
})
export class ComparatorsModule {}
