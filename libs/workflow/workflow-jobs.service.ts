import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/index.js';
import { APP_CONFIG, AppConfig } from '../config/index.js';
import { NotificationsService, type NotificationDraft } from '../notifications/index.js';
import {
  dateInEngland,
  addWorkingDays,
  formatPeriod,
  isWorkingDay,
  periodContaining,
  periodKey,
  previousPeriod,
  workingDaysBetween,
  type Period,
  type PeriodType,
} from '../periods/index.js';
import { JobName, OnJob, QueueService } from '../queue/index.js';
import { ReturnsService, type GroupReturnStatus } from '../returns/index.js';
import {
  exceptionAlertEmail,
  exceptionEscalationEmail,
  returnOverdueEmail,
  returnReminderEmail,
  type DueReturn,
  type ExceptionNotice,
} from './workflow-emails.js';

/** Every morning, before the working day. */
export const WORKFLOW_CRON = '0 7 * * *';
export const WORKFLOW_SCHEDULER_ID = 'workflow-daily';

interface ExceptionRow {
  id: string;
  owning_group_id: string;
  group_name: string;
  indicator_code: string;
  indicator_title: string;
  period_type: PeriodType;
  period_start: string;
  period_end: string;
  summary: string;
  first_raised_at: Date;
}

export interface WorkflowTickResult {
  today: string;
  recorded: number;
}

/**
 * The daily chase (issue 14): returns reminders N working days before the deadline and on the day, overdue
 * notices copied to the group's chair, alerts on new negative exceptions, escalations of red exceptions left
 * without commentary. Each email's key names its subject and due date, so running the tick again (a retry,
 * a second worker, a restart the same day) records nothing twice.
 */
@Injectable()
export class WorkflowJobsService implements OnApplicationBootstrap {
  constructor(
    private readonly dataSource: DataSource,
    private readonly returns: ReturnsService,
    private readonly notifications: NotificationsService,
    private readonly queues: QueueService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queues.schedule(WORKFLOW_SCHEDULER_ID, WORKFLOW_CRON, JobName.WorkflowTick, {});
    // A worker (re)started after 07:00 still chases today; the day's tick runs once however often it starts.
    await this.queues.enqueue(JobName.WorkflowTick, { requestedAt: dateInEngland(this.clock.now()) });
  }

  @OnJob(JobName.WorkflowTick)
  async handleWorkflowTick(): Promise<WorkflowTickResult> {
    const today = dateInEngland(this.clock.now());
    let recorded = 0;
    // Quarterly returns are due weeks after their quarter: the last two quarters cover every open deadline.
    const last = previousPeriod(periodContaining('quarter', today));
    for (const period of [previousPeriod(last), last]) {
      for (const status of await this.returns.status(period)) {
        recorded += await this.chaseReturn(period, status, today);
      }
    }
    recorded += await this.alertExceptions(today);
    recorded += await this.escalateExceptions(today);
    return { today, recorded };
  }

  private async chaseReturn(period: Period, status: GroupReturnStatus, today: string): Promise<number> {
    if (status.firstReceivedAt || status.awaitingSignOff) return 0;
    const left = workingDaysBetween(today, status.deadline);
    const due: DueReturn = {
      groupName: status.groupName,
      periodLabel: formatPeriod(period),
      deadline: status.deadline,
      indicatorCodes: status.indicatorCodes,
      templateUrl: this.notifications.link(
        `/api/returns/template?group=${encodeURIComponent(status.groupCode)}&period=${encodeURIComponent(formatPeriod(period))}`,
      ),
    };
    const subjectKey = `return.${status.groupId}.${periodKey(period)}.due-${status.deadline}`;
    return this.dataSource.transaction(async (manager) => {
      const officers = (await this.notifications.groupMembers(manager, status.groupId)).filter(
        (member) => member.role === 'data_officer',
      );
      let drafts: NotificationDraft[] = [];
      if (left > 0 && left <= this.config.reminderWorkingDays) {
        drafts = officers.map((o) => ({
          kind: 'return_reminder',
          userId: o.userId,
          subjectKey,
          content: returnReminderEmail(due, left),
        }));
      } else if (left === 0 && today === status.deadline) {
        drafts = officers.map((o) => ({
          kind: 'return_due_today',
          userId: o.userId,
          subjectKey,
          content: returnReminderEmail(due, 0),
        }));
      } else if (today > status.deadline) {
        const late = workingDaysBetween(status.deadline, today);
        const chairs = await this.notifications.groupMembers(manager, status.groupId, true);
        // The chair (a member of the group) gets the copy addressed to the chair, not a second notice.
        drafts = [
          ...officers
            .filter((o) => !chairs.some((chair) => chair.userId === o.userId))
            .map((o) => ({
              kind: 'return_overdue' as const,
              userId: o.userId,
              subjectKey,
              content: returnOverdueEmail(due, late, false),
            })),
          ...chairs.map((chair) => ({
            kind: 'return_overdue' as const,
            userId: chair.userId,
            subjectKey,
            content: returnOverdueEmail(due, late, true),
          })),
        ];
      }
      return (await this.notifications.notify(manager, drafts)).length;
    });
  }

  /**
   * New negative exceptions that need the owning group's commentary, one email a working day per group
   * listing those raised since the previous working day's chase (missing and late returns are chased above).
   * Each date falls in exactly one working day's window, so each exception is announced once.
   */
  private async alertExceptions(today: string): Promise<number> {
    if (!isWorkingDay(today)) return 0;
    const from = addWorkingDays(today, -1);
    const rows = (await this.openExceptions(`e.kind NOT IN ('missing_return', 'late_return')`, [])).filter((row) => {
      const raised = dateInEngland(row.first_raised_at);
      return raised >= from && raised < today;
    });
    const byGroup = new Map<string, ExceptionRow[]>();
    for (const row of rows) byGroup.set(row.owning_group_id, [...(byGroup.get(row.owning_group_id) ?? []), row]);
    return this.dataSource.transaction(async (manager) => {
      let recorded = 0;
      for (const [groupId, exceptions] of byGroup) {
        const officers = (await this.notifications.groupMembers(manager, groupId)).filter(
          (member) => member.role === 'data_officer',
        );
        const content = exceptionAlertEmail(
          exceptions.map((row) => this.notice(row)),
          this.notifications.link(`/api/exceptions?owningGroupId=${groupId}&status=open`),
        );
        recorded += (
          await this.notifications.notify(
            manager,
            officers.map((o) => ({
              kind: 'exception_alert' as const,
              userId: o.userId,
              subjectKey: `exceptions.${groupId}.raised-${from}`,
              content,
            })),
          )
        ).length;
      }
      return recorded;
    });
  }

  /** Red (below target) exceptions left without commentary for ESCALATION_WORKING_DAYS: to the executive. */
  private async escalateExceptions(today: string): Promise<number> {
    const rows = await this.openExceptions(`e.kind = 'below_target'`, []);
    const due = rows
      .map((row) => ({ row, without: workingDaysBetween(dateInEngland(row.first_raised_at), today) }))
      .filter(({ without }) => without >= this.config.escalationWorkingDays);
    if (due.length === 0) return 0;
    return this.dataSource.transaction(async (manager) => {
      const executive = await this.notifications.usersWithRoles(manager, ['executive_member']);
      let recorded = 0;
      for (const { row, without } of due) {
        const content = exceptionEscalationEmail(this.notice(row), without);
        recorded += (
          await this.notifications.notify(
            manager,
            executive.map((e) => ({
              kind: 'exception_escalation',
              userId: e.userId,
              subjectKey: `exception.${row.id}`,
              content,
            })),
          )
        ).length;
      }
      return recorded;
    });
  }

  private notice(row: ExceptionRow): ExceptionNotice {
    return {
      groupName: row.group_name,
      indicatorCode: row.indicator_code,
      indicatorTitle: row.indicator_title,
      periodLabel: formatPeriod({ type: row.period_type, start: row.period_start, end: row.period_end }),
      summary: row.summary,
      url: this.notifications.link(`/api/exceptions/${row.id}`),
    };
  }

  /** Open negative exceptions that hold and have no commentary, with what the emails name. */
  private openExceptions(condition: string, params: unknown[]): Promise<ExceptionRow[]> {
    return this.dataSource.query(
      `SELECT e.id, e.owning_group_id, g.name AS group_name, i.code AS indicator_code, i.title AS indicator_title,
              e.period_type, to_char(e.period_start, 'YYYY-MM-DD') AS period_start,
              to_char(e.period_end, 'YYYY-MM-DD') AS period_end, e.summary, e.first_raised_at
         FROM exception e JOIN partnership_group g ON g.id = e.owning_group_id JOIN indicator i ON i.id = e.indicator_id
        WHERE e.status = 'open' AND e.holds AND NOT e.positive AND e.commentary_at IS NULL AND ${condition}
        ORDER BY e.first_raised_at, e.id`,
      params,
    );
  }
}
