export * from './demo-partnership.js';
export * from './demo-seed.service.js';
export * from './demo.module.js';
