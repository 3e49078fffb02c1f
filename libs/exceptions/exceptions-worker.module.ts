import { Module } from '@nestjs/common';
import { ExceptionJobs } from './exception-jobs.service.js';
import { ExceptionsModule } from './exceptions.module.js';

/** Imported by the worker only: the job handlers and the nightly schedule. */
@Module({
  imports: [ExceptionsModule],
  providers: [ExceptionJobs],
})
export class ExceptionsWorkerModule {}
