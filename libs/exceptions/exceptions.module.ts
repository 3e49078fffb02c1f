import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/index.js';
import { ExceptionEvaluator } from './exception-evaluator.service.js';
import { ExceptionsService } from './exceptions.service.js';

/** Exceptions for the API and the worker: the evaluation engine and the lifecycle. */
@Module({
  imports: [AuditModule],
  providers: [ExceptionEvaluator, ExceptionsService],
  exports: [ExceptionEvaluator, ExceptionsService],
})
export class ExceptionsModule {}
