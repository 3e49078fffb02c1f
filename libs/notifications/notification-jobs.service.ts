import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/index.js';
import { JobContext, JobFailure, JobName, JobPayloads, OnJob, OnJobFailed, QueueService } from '../queue/index.js';
import { plural } from './email-content.js';
import { MAIL_TRANSPORT, MailRefused, type MailTransport } from './mail-transport.js';
import { NotificationsService } from './notifications.service.js';

/** Digests go out at the end of the working day. */
export const DIGEST_CRON = '0 17 * * *';
export const DIGEST_SCHEDULER_ID = 'notifications-digest';

interface SendingRow {
  id: string;
  recipient: string;
  subject: string;
  body_text: string;
  body_html: string;
  attachment: { filename: string; path: string } | null;
}

/** Worker-side: sends each recorded email once, and the daily digests. */
@Injectable()
export class NotificationJobsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(NotificationJobsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    private readonly queues: QueueService,
    private readonly clock: Clock,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queues.schedule(DIGEST_SCHEDULER_ID, DIGEST_CRON, JobName.SendDigests, {});
  }

  /**
   * Sends one email. The row is the record of truth: an email already sent or refused is not sent again,
   * whichever worker or retry reaches it (the dispatcher already lets only one run hold the job at a time).
   * A refusal for good (SMTP 5xx, Notify 400) is recorded with the server's reason and not retried; any other
   * failure is recorded as `retrying` and rethrown, so BullMQ tries again with backoff.
   */
  @OnJob(JobName.SendNotification)
  async handleSendNotification(
    data: JobPayloads[JobName.SendNotification],
    job: JobContext,
  ): Promise<{ notificationId: string; status: string }> {
    const [rows]: [SendingRow[], number] = await this.dataSource.query(
      `UPDATE notification SET status = 'sending', attempts = attempts + 1, transport = $2
        WHERE id = $1 AND status IN ('queued', 'retrying', 'sending')
        RETURNING id, recipient, subject, body_text, body_html, attachment`,
      [data.notificationId, this.transport.name],
    );
    const row = rows[0];
    if (!row) {
      const [{ status }] = await this.dataSource.query(`SELECT status FROM notification WHERE id = $1`, [
        data.notificationId,
      ]);
      return { notificationId: data.notificationId, status };
    }
    try {
      const messageId = await this.transport.send({
        id: row.id,
        to: row.recipient,
        subject: row.subject,
        text: row.body_text,
        html: row.body_html,
        attachments: row.attachment ? [row.attachment] : [],
      });
      await this.dataSource.query(
        `UPDATE notification SET status = 'sent', sent_at = $2, message_id = $3, outcome = NULL WHERE id = $1`,
        [row.id, this.clock.now(), messageId],
      );
      return { notificationId: row.id, status: 'sent' };
    } catch (error) {
      if (error instanceof MailRefused) {
        await this.dataSource.query(`UPDATE notification SET status = 'refused', outcome = $2 WHERE id = $1`, [
          row.id,
          error.reason,
        ]);
        this.logger.warn(`Email ${row.id} to ${row.recipient} refused: ${error.reason}`);
        return { notificationId: row.id, status: 'refused' };
      }
      await this.dataSource.query(`UPDATE notification SET status = 'retrying', outcome = $2 WHERE id = $1`, [
        row.id,
        `attempt ${job.attemptsMade + 1} failed: ${(error as Error).message}`,
      ]);
      throw error;
    }
  }

  /** Once no attempt remains, the email is recorded as refused with the last reason. */
  @OnJobFailed(JobName.SendNotification)
  async handleSendNotificationFailed(data: JobPayloads[JobName.SendNotification], failure: JobFailure): Promise<void> {
    if (!failure.final) return;
    await this.dataSource.query(
      `UPDATE notification SET status = 'refused', outcome = $2 WHERE id = $1 AND status NOT IN ('sent', 'refused')`,
      [data.notificationId, `not delivered after every attempt: ${failure.reason}`],
    );
  }

  /**
   * One email per person who chose the daily digest, listing what was held for them since the last one;
   * recorded under the day's date, so a second run on the same day sends nothing more.
   */
  @OnJob(JobName.SendDigests)
  async handleSendDigests(): Promise<{ digests: number }> {
    // Digests run at 17:00 in England, when its date and UTC's are the same.
    const today = this.clock.now().toISOString().slice(0, 10);
    const users: { user_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT user_id FROM notification WHERE status = 'held'`,
    );
    let digests = 0;
    for (const { user_id: userId } of users) {
      await this.dataSource.transaction(async (manager) => {
        const held: { id: string; subject: string; body_text: string }[] = await manager.query(
          `SELECT id, subject, body_text FROM notification WHERE user_id = $1 AND status = 'held'
            ORDER BY created_at, id FOR UPDATE SKIP LOCKED`,
          [userId],
        );
        if (held.length === 0) return;
        const [digestId] = await this.notifications.notify(manager, [
          {
            kind: 'digest',
            userId,
            subjectKey: today,
            content: {
              subject: `CYPP Scorecard: your daily digest (${plural(held.length, 'update')})`,
              paragraphs: [
                `Here is what CYPP Scorecard had for you on ${today}.`,
                held.map((n) => `- ${n.subject}`).join('\n'),
                // Each email without its footer: the digest has its own.
                ...held.map((n) => `${n.subject}\n\n${n.body_text.slice(0, n.body_text.lastIndexOf('\n\n---'))}`),
              ],
            },
          },
        ]);
        if (!digestId) return;
        await manager.query(`UPDATE notification SET status = 'digested', digest_id = $2 WHERE id = ANY($1)`, [
          held.map((n) => n.id),
          digestId,
        ]);
        digests += 1;
      });
    }
    return { digests };
  }
}
