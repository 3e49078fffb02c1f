import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../access/index.js';
import { AuditService } from '../audit/index.js';
import { PeriodLockService } from '../catalogue/index.js';
import { Clock } from '../common/index.js';
import { NotificationsService } from '../notifications/index.js';
import { formatPeriod, type Period, type PeriodType } from '../periods/index.js';
import { ReturnsStore } from '../returns/index.js';
import { WorkflowError, WorkflowErrorCode } from './workflow.error.js';

export interface SignOffDecision {
  /** `sign_off` makes the return count; `send_back` refuses it, with the reason. */
  decision: 'sign_off' | 'send_back';
  reason?: string;
}

export interface SignOffOutcome {
  returnId: string;
  outcome: 'accepted' | 'sent_back';
  decidedAt: string;
}

interface WaitingRow {
  id: string;
  group_id: string;
  group_name: string;
  period_type: PeriodType;
  period_start: string;
  period_end: string;
  outcome: string;
  superseded_at: Date | null;
  submitted_by_id: string | null;
  submitted_by_kind: string;
  file_name: string;
}

/**
 * Sign-off (issue 14, item 2): a group can require a second person of the group to sign off each return
 * before it counts. Only a member of the group other than the uploader may decide; a locked period refuses
 * sign-offs; the decision is audited and emailed to the uploader.
 */
@Injectable()
export class SignOffService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: ReturnsStore,
    private readonly locks: PeriodLockService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async decide(returnId: string, input: SignOffDecision, actor: Actor): Promise<SignOffOutcome> {
    const reason = input.reason?.trim() ?? '';
    if (input.decision === 'send_back' && reason === '') {
      throw new WorkflowError(
        WorkflowErrorCode.ReasonRequired,
        'Give the reason for sending the return back, so the group knows what to fix.',
      );
    }
    return this.dataSource.transaction(async (manager) => {
      const [ret]: WaitingRow[] = await manager.query(
        `SELECT r.id, r.group_id, g.name AS group_name, r.period_type, to_char(r.period_start, 'YYYY-MM-DD') AS period_start,
                to_char(r.period_end, 'YYYY-MM-DD') AS period_end, r.outcome, r.superseded_at, r.submitted_by_id,
                r.submitted_by_kind, r.file_name
           FROM indicator_return r JOIN partnership_group g ON g.id = r.group_id WHERE r.id = $1 FOR UPDATE OF r`,
        [returnId],
      );
      if (!ret) throw new WorkflowError(WorkflowErrorCode.NotFound, `No return '${returnId}' exists.`);
      const member = await manager.query(`SELECT 1 FROM user_group WHERE user_id = $1 AND group_id = $2`, [
        actor.kind === 'user' ? actor.id : null,
        ret.group_id,
      ]);
      if (member.length === 0) {
        throw new WorkflowError(
          WorkflowErrorCode.Forbidden,
          `Only a member of ${ret.group_name} can sign off its returns.`,
        );
      }
      if (ret.outcome !== 'awaiting_sign_off' || ret.superseded_at !== null) {
        const why =
          ret.outcome === 'awaiting_sign_off'
            ? 'a later upload replaced it'
            : `its outcome is ${ret.outcome.replace(/_/g, ' ')}`;
        throw new WorkflowError(WorkflowErrorCode.NotAwaitingSignOff, `This return is not awaiting sign-off: ${why}.`);
      }
      if (ret.submitted_by_kind === 'user' && ret.submitted_by_id === actor.id) {
        throw new WorkflowError(
          WorkflowErrorCode.Forbidden,
          `You uploaded this return, so you cannot sign it off: a second person of ${ret.group_name} must.`,
        );
      }
      const period: Period = { type: ret.period_type, start: ret.period_start, end: ret.period_end };
      await this.locks.assertUnlocked(manager, period, 'sign-offs', actor);
      const at = this.clock.now();
      if (input.decision === 'sign_off') await this.store.signOffIn(manager, returnId, at, actor);
      else await this.store.sendBackIn(manager, returnId, reason, at, actor);
      const outcome = input.decision === 'sign_off' ? 'accepted' : 'sent_back';
      await this.audit.record(manager, actor, {
        action: input.decision,
        entityType: 'return',
        entityId: returnId,
        before: { outcome: 'awaiting_sign_off' },
        after: { outcome, ...(reason ? { reason } : {}) },
      });
      if (ret.submitted_by_kind === 'user' && ret.submitted_by_id) {
        const label = formatPeriod(period);
        await this.notifications.notify(manager, [
          {
            kind: 'sign_off_decided',
            userId: ret.submitted_by_id,
            subjectKey: `return.${returnId}.${input.decision}`,
            content:
              input.decision === 'sign_off'
                ? {
                    subject: `${ret.group_name}: your ${label} return is signed off`,
                    paragraphs: [
                      `Your return for ${label} (${ret.file_name}) has been signed off by a second person of ${ret.group_name}.`,
                      'It now counts: the exceptions are being updated and the next papers will use it.',
                    ],
                  }
                : {
                    subject: `${ret.group_name}: your ${label} return was sent back`,
                    paragraphs: [
                      `Your return for ${label} (${ret.file_name}) was not signed off. It does not count.`,
                      `The reason given: ${reason}`,
                      'Correct it and upload it again.',
                    ],
                  },
          },
        ]);
      }
      return { returnId, outcome, decidedAt: at.toISOString() };
    });
  }
}
