export * from './returns-store.js';
export * from './returns.module.js';
