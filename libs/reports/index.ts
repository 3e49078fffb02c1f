export * from './report-calendar.service.js';
export * from './report-schedule.js';
export * from './report-types.js';
export * from './reports.error.js';
export * from './reports.module.js';
export * from './reports.service.js';
export * from './report-jobs.service.js';
export * from './paper-settings.service.js';
