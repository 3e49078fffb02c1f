import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/index.js';
import { ExceptionEvaluator } from './exception-evaluator.service.js';

/** The evaluation engine alone: for contexts without a queue, such as the demo seed script. */
@Module({
  imports: [AuditModule],
  providers: [ExceptionEvaluator],
  exports: [ExceptionEvaluator],
})
export class ExceptionsEngineModule {}
