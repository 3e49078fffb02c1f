export * from './applicable-target.js';
export * from './exception-kinds.js';
export * from './period-info.js';
export * from './series-evaluation.js';
export * from './series-store.js';
export * from './scorecard-rows.js';
