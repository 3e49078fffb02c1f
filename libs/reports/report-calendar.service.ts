import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { systemActor, type Actor } from '../access/index.js';
import { AuditService } from '../audit/index.js';
import { Clock } from '../common/index.js';
import { withRawClient } from '../database/index.js';
import { NotificationsService, longDate } from '../notifications/index.js';
import { addDays, formatPeriod, type IsoDate } from '../periods/index.js';
import { loadLongestReturnsDeadline } from '../series/index.js';
import { CalendarEvent, DueReport, reportsDue } from './report-schedule.js';
import { REPORT_TYPE_RULES } from './report-types.js';
import { ReportsService, ReportView } from './reports.service.js';
import { ReportsError, ReportsErrorCode } from './reports.error.js';

export interface CalendarEventView extends CalendarEvent {
  id: string;
  title: string;
}

export interface CalendarEventInput {
  kind: CalendarEvent['kind'];
  meetsOn: IsoDate;
  title?: string;
  papersDueDaysBefore?: number;
}

interface EventRow {
  id: string;
  kind: CalendarEvent['kind'];
  meets_on: string;
  title: string;
  papers_due_days_before: number;
}

const toView = (row: EventRow): CalendarEventView => ({
  id: row.id,
  kind: row.kind,
  meetsOn: row.meets_on,
  title: row.title,
  papersDueDaysBefore: row.papers_due_days_before,
});

const EVENT_SELECT = `SELECT id, kind, to_char(meets_on, 'YYYY-MM-DD') AS meets_on, title, papers_due_days_before FROM reporting_calendar_event`;

/** A missed daily tick (worker down) still catches up on anything due in the last week. */
export const CATCH_UP_DAYS = 7;

/**
 * The reporting calendar and the daily tick that turns it into report jobs. The schedule is computed
 * from the calendar on every tick, so a change to the calendar takes effect on the next tick with no
 * stored schedule to keep in step.
 */
@Injectable()
export class ReportCalendarService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly reports: ReportsService,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
  ) {}

  async list(): Promise<CalendarEventView[]> {
    const rows: EventRow[] = await this.dataSource.query(`${EVENT_SELECT} ORDER BY meets_on, kind`);
    return rows.map(toView);
  }

  async create(input: CalendarEventInput, actor: Actor): Promise<CalendarEventView> {
    return this.dataSource.transaction(async (manager) => {
      const [{ id }] = await manager.query(
        `INSERT INTO reporting_calendar_event (kind, meets_on, title, papers_due_days_before) VALUES ($1, $2, $3, $4) RETURNING id`,
        [input.kind, input.meetsOn, input.title ?? '', input.papersDueDaysBefore ?? 7],
      );
      const [row]: EventRow[] = await manager.query(`${EVENT_SELECT} WHERE id = $1`, [id]);
      await this.audit.record(manager, actor, {
        action: 'create',
        entityType: 'reporting_calendar_event',
        entityId: id,
        after: toView(row),
      });
      return toView(row);
    });
  }

  async update(id: string, patch: Partial<CalendarEventInput>, actor: Actor): Promise<CalendarEventView> {
    return this.dataSource.transaction(async (manager) => {
      const [before]: EventRow[] = await manager.query(`${EVENT_SELECT} WHERE id = $1 FOR UPDATE`, [id]);
      if (!before) throw new ReportsError(ReportsErrorCode.NotFound, `No calendar event '${id}' exists.`);
      await manager.query(
        `UPDATE reporting_calendar_event SET kind = $2, meets_on = $3, title = $4, papers_due_days_before = $5, updated_at = $6 WHERE id = $1`,
        [
          id,
          patch.kind ?? before.kind,
          patch.meetsOn ?? before.meets_on,
          patch.title ?? before.title,
          patch.papersDueDaysBefore ?? before.papers_due_days_before,
          this.clock.now(),
        ],
      );
      const [after]: EventRow[] = await manager.query(`${EVENT_SELECT} WHERE id = $1`, [id]);
      await this.audit.record(manager, actor, {
        action: 'update',
        entityType: 'reporting_calendar_event',
        entityId: id,
        before: toView(before),
        after: toView(after),
      });
      return toView(after);
    });
  }

  async remove(id: string, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [before]: EventRow[] = await manager.query(`${EVENT_SELECT} WHERE id = $1 FOR UPDATE`, [id]);
      if (!before) throw new ReportsError(ReportsErrorCode.NotFound, `No calendar event '${id}' exists.`);
      await manager.query(`DELETE FROM reporting_calendar_event WHERE id = $1`, [id]);
      await this.audit.record(manager, actor, {
        action: 'delete',
        entityType: 'reporting_calendar_event',
        entityId: id,
        before: toView(before),
      });
    });
  }

  /** Reports the calendar makes due between two dates (inclusive). */
  async schedule(from: IsoDate, to: IsoDate): Promise<DueReport[]> {
    const days = await withRawClient(this.dataSource, loadLongestReturnsDeadline);
    return reportsDue({ events: await this.list(), returnsDueWorkingDays: days, from, to });
  }

  /**
   * Requests every report due in the catch-up window that has not fired for its due date yet. A request
   * for data that has not changed reuses the existing report (ReportsService), so firing is cheap.
   */
  async tick(): Promise<ReportView[]> {
    const today = this.clock.now().toISOString().slice(0, 10);
    const due = await this.schedule(addDays(today, -(CATCH_UP_DAYS - 1)), today);
    const requested: ReportView[] = [];
    for (const report of due) {
      const key = [report.type, report.period.type, report.period.start, report.dueOn];
      const [fired] = await this.dataSource.query(
        `SELECT 1 FROM report_schedule_run WHERE type = $1 AND period_type = $2 AND period_start = $3 AND due_on = $4`,
        key,
      );
      if (fired) {
        if (report.dueOn < today) await this.warnIfLate(report, today);
        continue;
      }
      const view = await this.reports.request(
        { type: report.type, period: report.period },
        'schedule',
        systemActor('report-schedule'),
      );
      await this.dataSource.query(
        `INSERT INTO report_schedule_run (type, period_type, period_start, due_on, report_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING`,
        [...key, view.id],
      );
      requested.push(view);
    }
    return requested;
  }

  /**
   * A paper due before today that is still not ready (failed, or stuck) cannot reach its meeting in time:
   * admins are told once, with why.
   */
  private async warnIfLate(due: DueReport, today: IsoDate): Promise<void> {
    const [run]: { report_id: string; status: string; error: string | null }[] = await this.dataSource.query(
      `SELECT s.report_id, r.status, r.error FROM report_schedule_run s JOIN report r ON r.id = s.report_id
        WHERE s.type = $1 AND s.period_type = $2 AND s.period_start = $3 AND s.due_on = $4`,
      [due.type, due.period.type, due.period.start, due.dueOn],
    );
    if (!run || run.status === 'completed') return;
    const title = `${REPORT_TYPE_RULES[due.type].title} for ${formatPeriod(due.period)}`;
    await this.dataSource.transaction(async (manager) => {
      const admins = await this.notifications.usersWithRoles(manager, ['admin']);
      await this.notifications.notify(
        manager,
        admins.map((admin) => ({
          kind: 'paper_late' as const,
          userId: admin.userId,
          subjectKey: `report.${run.report_id}.due-${due.dueOn}`,
          content: {
            subject: `Not ready: ${title}, due ${longDate(due.dueOn)}`,
            paragraphs: [
              `The ${title.toLowerCase()} was due on ${longDate(due.dueOn)} (${due.reason}). On ${longDate(today)} it is still not ready: it is ${run.status}${run.error ? `, because: ${run.error}` : ''}.`,
              'It cannot reach its readers in time unless it is generated now. Look at the job and retry it.',
            ],
            link: { text: 'See the report', url: this.notifications.link(`/api/reports/${run.report_id}`) },
          },
        })),
      );
    });
  }
}
