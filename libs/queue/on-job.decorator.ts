import { SetMetadata } from '@nestjs/common';
import { JobName } from './queue.constants.js';

export const ON_JOB = Symbol('ON_JOB');

/** Marks a service method as the handler of a job; the worker discovers handlers at start-up. */
export const OnJob = (name: JobName): MethodDecorator => SetMetadata(ON_JOB, name);
