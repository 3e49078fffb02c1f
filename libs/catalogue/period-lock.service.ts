import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { adminActionBy, type Actor } from '../access/index.js';
import { AuditService } from '../audit/index.js';
import { Clock } from '../common/index.js';
import { formatPeriod, type Period, type PeriodType } from '../periods/index.js';
import { CatalogueError, CatalogueErrorCode } from './catalogue.error.js';

export interface PeriodLock {
  period: Period & { label: string };
  lockedAt: string;
  /** An email for admins; "Administrator" for everyone else (libs/access/people.ts). */
  lockedBy: string;
  reason: string;
}

interface LockRow {
  period_type: PeriodType;
  period_start: string;
  period_end: string;
  locked_at: Date;
  locked_by: string;
  reason: string;
}

const SELECT = `SELECT period_type, to_char(period_start, 'YYYY-MM-DD') AS period_start,
  to_char(period_end, 'YYYY-MM-DD') AS period_end, locked_at, locked_by, reason FROM period_lock`;

function toLock(row: LockRow, reader: Actor): PeriodLock {
  const period = { type: row.period_type, start: row.period_start, end: row.period_end };
  return {
    period: { ...period, label: formatPeriod(period) },
    lockedAt: row.locked_at.toISOString(),
    lockedBy: adminActionBy(reader, row.locked_by)!,
    reason: row.reason,
  };
}

/**
 * Period locks (issue 14): an admin freezes a period, usually before its packs are built. While it is locked,
 * returns, sign-offs and target changes for any period overlapping it are refused with a message naming the
 * lock; unlocking needs a reason. Both are audited.
 */
@Injectable()
export class PeriodLockService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(reader: Actor): Promise<PeriodLock[]> {
    const rows: LockRow[] = await this.dataSource.query(`${SELECT} ORDER BY period_start DESC, period_type`);
    return rows.map((row) => toLock(row, reader));
  }

  async lock(period: Period, reason: string, actor: Actor): Promise<PeriodLock> {
    return this.dataSource.transaction(async (manager) => {
      const existing = await this.find(manager, period, actor, true);
      if (existing) {
        throw new CatalogueError(
          CatalogueErrorCode.PeriodLocked,
          `${existing.period.label} is already locked (by ${existing.lockedBy} on ${existing.lockedAt.slice(0, 10)}).`,
        );
      }
      await manager.query(
        `INSERT INTO period_lock (period_type, period_start, period_end, locked_at, locked_by, reason) VALUES ($1, $2, $3, $4, $5, $6)`,
        [period.type, period.start, period.end, this.clock.now(), actor.label, reason.trim()],
      );
      const lock = (await this.find(manager, period, actor, true))!;
      await this.audit.record(manager, actor, {
        action: 'lock',
        entityType: 'period',
        entityId: `${period.type}:${period.start}`,
        after: lock,
      });
      return lock;
    });
  }

  async unlock(period: Period, reason: string, actor: Actor): Promise<PeriodLock> {
    if (reason.trim() === '') {
      throw new CatalogueError(CatalogueErrorCode.ReasonRequired, 'Give the reason for unlocking the period.');
    }
    return this.dataSource.transaction(async (manager) => {
      const lock = await this.find(manager, period, actor, true);
      if (!lock) {
        throw new CatalogueError(CatalogueErrorCode.NotFound, `${formatPeriod(period)} is not locked.`);
      }
      await manager.query(`DELETE FROM period_lock WHERE period_type = $1 AND period_start = $2`, [
        period.type,
        period.start,
      ]);
      await this.audit.record(manager, actor, {
        action: 'unlock',
        entityType: 'period',
        entityId: `${period.type}:${period.start}`,
        before: lock,
        after: { reason: reason.trim() },
      });
      return lock;
    });
  }

  /** The lock on `period` itself (`exact`), or the first lock on a period overlapping it. */
  async find(manager: EntityManager, period: Period, reader: Actor, exact = false): Promise<PeriodLock | null> {
    const [row]: LockRow[] = await manager.query(
      exact
        ? `${SELECT} WHERE period_type = $1 AND period_start = $2`
        : `${SELECT} WHERE period_start <= $2 AND period_end >= $1 ORDER BY period_start LIMIT 1`,
      exact ? [period.type, period.start] : [period.start, period.end],
    );
    return row ? toLock(row, reader) : null;
  }

  /** Refuses `what` (e.g. "returns") for a period overlapping a locked one, naming the lock and who set it. */
  async assertUnlocked(manager: EntityManager, period: Period, what: string, actor: Actor): Promise<void> {
    const lock = await this.find(manager, period, actor);
    if (!lock) return;
    throw new CatalogueError(
      CatalogueErrorCode.PeriodLocked,
      `${lock.period.label} is locked (by ${lock.lockedBy} on ${lock.lockedAt.slice(0, 10)}${lock.reason ? `: "${lock.reason}"` : ''}), so ${what} for ${formatPeriod(period)} are refused. An administrator can unlock it, giving a reason.`,
    );
  }
}
