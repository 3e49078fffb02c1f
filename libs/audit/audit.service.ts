import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { Actor } from '../access/actor.js';
import { Page, PageRequest, pageOf, skipFor } from '../common/index.js';
import { AuditEvent } from './audit-event.entity.js';

export interface AuditEntry {
  readonly action: 'create' | 'update' | 'delete' | string;
  readonly entityType: string;
  readonly entityId: string;
  readonly before?: object | null;
  readonly after?: object | null;
}

export interface AuditFilter {
  readonly entityType?: string;
  readonly entityId?: string;
  readonly actorId?: string;
  readonly action?: string;
  /** Text to find in who acted, the action, the entity's type or id, or the snapshots. */
  readonly q?: string;
  readonly from?: Date;
  readonly to?: Date;
}

/** Plain JSON of an entity, so jsonb stores exactly what the API showed. */
function snapshot(value: object | null | undefined): Record<string, unknown> | null {
  if (value === null || value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>) {}

  /** Writes through the caller's transaction so the change and its audit event commit or fail together. */
  async record(manager: EntityManager, actor: Actor, entry: AuditEntry): Promise<void> {
    await manager.getRepository(AuditEvent).insert({
      actorKind: actor.kind,
      actorId: actor.id,
      actorLabel: actor.label,
      ip: actor.ip ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: snapshot(entry.before),
      after: snapshot(entry.after),
    } as Partial<AuditEvent> as never);
  }

  async list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditEvent>> {
    const query = this.events.createQueryBuilder('e').orderBy('e.id', 'DESC');
    if (filter.entityType) query.andWhere('e.entity_type = :entityType', { entityType: filter.entityType });
    if (filter.entityId) query.andWhere('e.entity_id = :entityId', { entityId: filter.entityId });
    if (filter.actorId) query.andWhere('e.actor_id = :actorId', { actorId: filter.actorId });
    if (filter.action) query.andWhere('e.action = :action', { action: filter.action });
    if (filter.q) {
      const q = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query.andWhere(
        `(e.actor_label ILIKE :q OR e.action ILIKE :q OR e.entity_type ILIKE :q OR e.entity_id ILIKE :q
          OR e.before::text ILIKE :q OR e.after::text ILIKE :q)`,
        { q },
      );
    }
    if (filter.from) query.andWhere('e.occurred_at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('e.occurred_at < :to', { to: filter.to });
    const [items, total] = await query.skip(skipFor(page)).take(page.pageSize).getManyAndCount();
    return pageOf(items, total, page);
  }
}
