export * from './email-content.js';
export * from './long-date.js';
export * from './mail-transport.js';
export * from './notification-jobs.service.js';
export * from './notification-kinds.js';
export * from './notifications.error.js';
export * from './notifications.module.js';
export * from './notifications.service.js';
