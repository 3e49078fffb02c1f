import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/index.js';
import { ReturnsStore } from './returns-store.js';

@Module({
  imports: [AuditModule],
  providers: [ReturnsStore],
  exports: [ReturnsStore],
})
export class ReturnsModule {}
