export * from './comparator-rows.js';
export * from './comparators.error.js';
export * from './comparators.module.js';
export * from './comparators.service.js';
