import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/index.js';
import { ExceptionsEngineModule } from './exceptions-engine.module.js';
import { ExceptionsService } from './exceptions.service.js';

/** Exceptions for the API and the worker: the evaluation engine and the lifecycle. */
@Module({
  imports: [AuditModule, ExceptionsEngineModule],
  providers: [ExceptionsService],
  exports: [ExceptionsEngineModule, ExceptionsService],
})
export class ExceptionsModule {}
