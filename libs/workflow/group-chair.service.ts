import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../access/index.js';
import { AuditService } from '../audit/index.js';
import { WorkflowError, WorkflowErrorCode } from './workflow.error.js';

/** The chair of a group: a member of it, copied on its overdue notices (issue 14). At most one per group. */
@Injectable()
export class GroupChairService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Makes `userId` (a member of the group) its chair, or leaves it without one (`null`). */
  async setChair(
    groupId: string,
    userId: string | null,
    actor: Actor,
  ): Promise<{ groupId: string; chairUserId: string | null }> {
    return this.dataSource.transaction(async (manager) => {
      const [before]: { user_id: string }[] = await manager.query(
        `SELECT user_id FROM user_group WHERE group_id = $1 AND is_chair FOR UPDATE`,
        [groupId],
      );
      if (userId) {
        const member = await manager.query(`SELECT 1 FROM user_group WHERE group_id = $1 AND user_id = $2`, [
          groupId,
          userId,
        ]);
        if (member.length === 0) {
          throw new WorkflowError(
            WorkflowErrorCode.NotFound,
            'That user is not a member of the group; add them to it first (PATCH /api/users/:id with groupIds).',
          );
        }
      }
      await manager.query(`UPDATE user_group SET is_chair = coalesce(user_id = $2::uuid, false) WHERE group_id = $1`, [
        groupId,
        userId,
      ]);
      await this.audit.record(manager, actor, {
        action: 'set_chair',
        entityType: 'group',
        entityId: groupId,
        before: { chairUserId: before?.user_id ?? null },
        after: { chairUserId: userId },
      });
      return { groupId, chairUserId: userId };
    });
  }
}
