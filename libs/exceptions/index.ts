export * from './applicable-target.js';
export * from './exception-evaluator.service.js';
export * from './exception-jobs.service.js';
export * from './exception-kinds.js';
export * from './exceptions-engine.module.js';
export * from './exceptions-worker.module.js';
export * from './exceptions.error.js';
export * from './exceptions.module.js';
export * from './exceptions.service.js';
export * from './period-info.js';
export * from './resolution-notes.js';
export * from './returns-deadlines.js';
export * from './series-evaluation.js';
export {
  hasTable,
  loadAreas,
  loadComparators,
  loadIndicators,
  loadTargets,
  loadValues,
  type AreaRecord,
  type IndicatorRecord,
} from './exception-store.js';
