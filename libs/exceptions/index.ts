export * from './exception-evaluator.service.js';
export * from './exception-jobs.service.js';
export * from './exceptions-engine.module.js';
export * from './exceptions-worker.module.js';
export * from './exceptions.error.js';
export * from './exceptions.module.js';
export * from './exceptions.service.js';
export * from './resolution-notes.js';
export * from './returns-deadlines.js';
/** The vocabulary of exception kinds lives with the rules that raise them, in the read model. */
export * from '../series/exception-kinds.js';
