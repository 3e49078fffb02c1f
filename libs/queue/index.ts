export * from './job-context.js';
export * from './on-job.decorator.js';
export * from './queue.constants.js';
export * from './queue.module.js';
export * from './queue.service.js';
export * from './redis-connection.js';
export * from './worker-infrastructure.module.js';
