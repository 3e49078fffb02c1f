export * from './completeness.js';
export * from './completeness.service.js';
export * from './group-chair.service.js';
export * from './sign-off.service.js';
export * from './workflow-jobs.service.js';
export * from './workflow.error.js';
export * from './workflow.module.js';
