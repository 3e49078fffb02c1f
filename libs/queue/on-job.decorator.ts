import { SetMetadata } from '@nestjs/common';
import { JobName } from './queue.constants.js';

export const ON_JOB = Symbol('ON_JOB');
export const ON_JOB_FAILED = Symbol('ON_JOB_FAILED');

/** Marks a service method as the handler of a job; the worker discovers handlers at start-up. */
export const OnJob = (name: JobName): MethodDecorator => SetMetadata(ON_JOB, name);

/**
 * Marks a service method as told of each failed run of a job, with `final` once no attempt remains, so the
 * feature's own row (a report's status) always shows what became of its work, however the run ended.
 */
export const OnJobFailed = (name: JobName): MethodDecorator => SetMetadata(ON_JOB_FAILED, name);
