import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral, QueryFailedError } from 'typeorm';
import type { Actor } from '../access/actor.js';
import { AuditEntry, AuditService } from '../audit/index.js';
import { Page, PageRequest, pageOf, skipFor } from '../common/index.js';
import { CatalogueError, CatalogueErrorCode } from './catalogue.error.js';

export interface EntityDescriptor<T extends ObjectLiteral> {
  readonly target: EntityTarget<T>;
  /** Name used in messages and audit events, e.g. 'indicator'. */
  readonly name: string;
  readonly alias: string;
  /** Columns a `q` search matches with ILIKE. */
  readonly searchColumns: readonly string[];
  readonly orderBy: string;
}

type Filters = Readonly<Record<string, string | number | boolean | undefined>>;

const PG_UNIQUE_VIOLATION = '23505';
const PG_FOREIGN_KEY_VIOLATION = '23503';
const PG_CHECK_VIOLATION = '23514';

/** Turns constraint violations into errors that say what is wrong in the user's words. */
export function translateDatabaseError(error: unknown, entityName: string, code?: string): unknown {
  if (!(error instanceof QueryFailedError)) return error;
  const driverError = error.driverError as { code?: string; detail?: string; constraint?: string };
  switch (driverError.code) {
    case PG_UNIQUE_VIOLATION:
      // Not every unique rule is about codes: one home authority (area_one_home), one target per period.
      if (driverError.constraint === 'area_one_home') {
        return new CatalogueError(
          CatalogueErrorCode.DuplicateCode,
          'Another area is already the home authority; only one area can be.',
        );
      }
      if (entityName === 'target') {
        return new CatalogueError(
          CatalogueErrorCode.DuplicateCode,
          `There is already a target for ${code ?? 'this indicator and period'}; add a version to change it.`,
        );
      }
      return code
        ? CatalogueError.duplicate(entityName, code)
        : new CatalogueError(
            CatalogueErrorCode.DuplicateCode,
            `This ${entityName} already exists (${driverError.detail ?? 'duplicate'}).`,
          );
    case PG_FOREIGN_KEY_VIOLATION:
      return new CatalogueError(
        CatalogueErrorCode.InvalidReference,
        `The ${entityName} refers to something that does not exist (${driverError.detail ?? driverError.constraint}).`,
      );
    case PG_CHECK_VIOLATION:
      return new CatalogueError(
        CatalogueErrorCode.InvalidTarget,
        `The ${entityName} breaks the rule '${driverError.constraint}'.`,
      );
    default:
      return error;
  }
}

/** Create, update, read and list for catalogue entities, every write audited in the same transaction. */
@Injectable()
export class CatalogueStore {
  constructor(
    readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async transaction<R>(work: (manager: EntityManager) => Promise<R>, entityName: string, code?: string): Promise<R> {
    try {
      return await this.dataSource.transaction(work);
    } catch (error) {
      throw translateDatabaseError(error, entityName, code);
    }
  }

  /** Records an audit event for a write the caller has made in its own transaction. */
  recordAudit(manager: EntityManager, actor: Actor, entry: AuditEntry): Promise<void> {
    return this.audit.record(manager, actor, entry);
  }

  async create<T extends ObjectLiteral & { id: string }>(
    descriptor: EntityDescriptor<T>,
    values: Partial<NoInfer<T>>,
    actor: Actor,
    manager?: EntityManager,
  ): Promise<T> {
    const work = async (tx: EntityManager): Promise<T> => {
      const entity = await tx.save(descriptor.target, tx.create(descriptor.target, values as T));
      await this.audit.record(tx, actor, {
        action: 'create',
        entityType: descriptor.name,
        entityId: entity.id,
        after: entity,
      });
      return entity;
    };
    if (manager) return work(manager);
    return this.transaction(work, descriptor.name, (values as { code?: string }).code);
  }

  async update<T extends ObjectLiteral & { id: string }>(
    descriptor: EntityDescriptor<T>,
    id: string,
    patch: Partial<NoInfer<T>>,
    actor: Actor,
    manager?: EntityManager,
  ): Promise<T> {
    const work = async (tx: EntityManager): Promise<T> => {
      const before = await tx.findOne(descriptor.target, {
        where: { id } as never,
        lock: { mode: 'pessimistic_write' },
      });
      if (!before) throw CatalogueError.notFound(descriptor.name, id);
      const changed = Object.entries(patch).some(
        ([key, value]) => value !== undefined && JSON.stringify(value) !== JSON.stringify(before[key]),
      );
      if (!changed) return before;
      const after = await tx.save(
        descriptor.target,
        tx.merge(descriptor.target, tx.create(descriptor.target, { ...before }), patch as T),
      );
      await this.audit.record(tx, actor, {
        action: 'update',
        entityType: descriptor.name,
        entityId: id,
        before,
        after,
      });
      return after;
    };
    if (manager) return work(manager);
    return this.transaction(work, descriptor.name, (patch as { code?: string }).code);
  }

  async get<T extends ObjectLiteral>(
    descriptor: EntityDescriptor<T>,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<T> {
    const entity = await manager.findOne(descriptor.target, { where: { id } as never });
    if (!entity) throw CatalogueError.notFound(descriptor.name, id);
    return entity;
  }

  async list<T extends ObjectLiteral>(
    descriptor: EntityDescriptor<T>,
    filters: Filters,
    search: string | undefined,
    page: PageRequest,
  ): Promise<Page<T>> {
    const { alias } = descriptor;
    const query = this.dataSource.manager.createQueryBuilder(descriptor.target, alias);
    for (const [property, value] of Object.entries(filters)) {
      if (value !== undefined) query.andWhere(`${alias}.${property} = :${property}`, { [property]: value });
    }
    if (search) {
      const clauses = descriptor.searchColumns.map((column) => `${alias}.${column} ILIKE :search`);
      query.andWhere(`(${clauses.join(' OR ')})`, { search: `%${search.replace(/[%_\\]/g, '\\$&')}%` });
    }
    const [items, total] = await query
      .orderBy(`${alias}.${descriptor.orderBy}`, 'ASC')
      .addOrderBy(`${alias}.id`, 'ASC')
      .skip(skipFor(page))
      .take(page.pageSize)
      .getManyAndCount();
    return pageOf(items, total, page);
  }
}
