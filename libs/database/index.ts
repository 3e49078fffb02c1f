export * from './column-transformers.js';
export * from './database.module.js';
export * from './migration-runner.js';
export * from './copy-rows.js';
export * from './raw-client.js';
