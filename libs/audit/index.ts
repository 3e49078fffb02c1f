export * from './audit.module.js';
export * from './audit.service.js';
export type { AuditEvent } from './audit-event.entity.js';
