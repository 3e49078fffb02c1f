export * from './scorecard-csv.js';
export * from './scorecard.error.js';
export * from './scorecard.module.js';
export * from './scorecard.service.js';
