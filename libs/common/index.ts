export * from './domain-error.js';
export * from './pagination.js';
export * from './clock.js';
export * from './v8-tuning.js';
