export * from './return-columns.js';
export * from './return-ownership.js';
export * from './return-validation.js';
export * from './returns-jobs.service.js';
export * from './returns-store.js';
export * from './returns.error.js';
export * from './returns.module.js';
export * from './returns.service.js';
