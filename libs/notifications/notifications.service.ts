import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor, Role } from '../access/index.js';
import { AuditService } from '../audit/index.js';
import { Clock, Page, PageRequest, pageOf, skipFor } from '../common/index.js';
import { APP_CONFIG, AppConfig } from '../config/index.js';
import { JobName, QueueService } from '../queue/index.js';
import { renderEmail, type EmailContent } from './email-content.js';
import { listOutbox, outboxFolder, type OutboxFile } from './mail-transport.js';
import { KIND_LABELS, SETTABLE_KINDS, type NotificationKind, type NotificationStatus } from './notification-kinds.js';
import { NotificationsError, NotificationsErrorCode } from './notifications.error.js';

/** One email to one person, before it is recorded. */
export interface NotificationDraft {
  readonly kind: NotificationKind;
  readonly userId: string;
  /**
   * What the email is about and when, e.g. `return.<group>.<period>.due-2024-10-14`: with the kind and the
   * recipient it is the idempotency key, so the same email is recorded (and sent) once however often asked.
   */
  readonly subjectKey: string;
  readonly content: EmailContent;
  readonly attachment?: { readonly filename: string; readonly path: string };
}

export interface Recipient {
  readonly userId: string;
  readonly email: string;
  readonly role: Role;
}

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  recipient: string;
  subject: string;
  status: NotificationStatus;
  /** The server's reason for a refusal or a retry; the transport's message id once sent. */
  outcome: string | null;
  attempts: number;
  transport: string | null;
  attachment: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface NotificationSettings {
  /** Kinds the user does not want. */
  mutedKinds: NotificationKind[];
  /** Collect emails into one a day (17:00) instead of one each. */
  digest: boolean;
  /** Every kind a user may set, with its words. */
  kinds: { kind: NotificationKind; label: string; enabled: boolean }[];
}

export interface NotificationFilter {
  kind?: NotificationKind;
  status?: NotificationStatus;
}

interface NotificationRow {
  id: string;
  kind: NotificationKind;
  recipient: string;
  subject: string;
  status: NotificationStatus;
  outcome: string | null;
  attempts: number;
  transport: string | null;
  attachment: { filename: string; path: string } | null;
  created_at: Date;
  sent_at: Date | null;
}

const toView = (row: NotificationRow): NotificationView => ({
  id: row.id,
  kind: row.kind,
  recipient: row.recipient,
  subject: row.subject,
  status: row.status,
  outcome: row.outcome,
  attempts: row.attempts,
  transport: row.transport,
  attachment: row.attachment?.filename ?? null,
  createdAt: row.created_at.toISOString(),
  sentAt: row.sent_at?.toISOString() ?? null,
});

const SELECT = `SELECT id, kind, recipient, subject, status, outcome, attempts, transport, attachment, created_at, sent_at FROM notification`;

/**
 * Records emails, once each, and queues their sending (issue 14). A feature calls `notify` inside the
 * transaction that makes the email due, so the email is recorded exactly when its cause commits; the
 * unique idempotency key makes a repeated cause (a retried job, a second worker) record nothing new.
 * A user's settings decide at that moment: a muted kind is not recorded, a digest reader's email is held
 * for the day's digest.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    // Absent only in contexts without a queue (the demo seed script), which send no email.
    @Optional() private readonly queues?: QueueService,
  ) {}

  get settingsUrl(): string {
    return `${this.config.publicUrl}/account/notifications`;
  }

  link(path: string): string {
    return `${this.config.publicUrl}${path}`;
  }

  /** Records each draft not recorded before, and queues the immediate ones; returns the ids recorded now. */
  async notify(manager: EntityManager, drafts: readonly NotificationDraft[]): Promise<string[]> {
    const queues = this.queues;
    if (!queues) throw new Error('Sending email needs the job queue; this context has none.');
    const recorded: string[] = [];
    for (const draft of drafts) {
      const [user]: { email: string; muted_kinds: string[] | null; digest: boolean | null }[] = await manager.query(
        `SELECT u.email, s.muted_kinds, s.digest FROM app_user u LEFT JOIN notification_setting s ON s.user_id = u.id
          WHERE u.id = $1 AND u.disabled_at IS NULL`,
        [draft.userId],
      );
      if (!user || user.muted_kinds?.includes(draft.kind)) continue;
      const held = user.digest === true && draft.kind !== 'digest';
      const email = renderEmail(draft.content, this.settingsUrl);
      const [row]: { id: string }[] = await manager.query(
        `INSERT INTO notification (idempotency_key, kind, user_id, recipient, subject, body_text, body_html, attachment, status, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
        [
          `${draft.kind}:${draft.userId}:${draft.subjectKey}`,
          draft.kind,
          draft.userId,
          user.email,
          email.subject,
          email.text,
          email.html,
          held || !draft.attachment ? null : JSON.stringify(draft.attachment),
          held ? 'held' : 'queued',
          this.clock.now(),
        ],
      );
      if (!row) continue;
      recorded.push(row.id);
      if (!held) await queues.enqueueAfterCommit(manager, JobName.SendNotification, { notificationId: row.id });
    }
    return recorded;
  }

  /** Active users holding one of `roles`; with `groupId`, data officers only of that group. */
  async usersWithRoles(manager: EntityManager, roles: readonly Role[], groupId?: string | null): Promise<Recipient[]> {
    return manager.query(
      `SELECT u.id AS "userId", u.email, u.role FROM app_user u
        WHERE u.disabled_at IS NULL AND u.role = ANY($1)
          AND (u.role <> 'data_officer' OR
               EXISTS (SELECT 1 FROM user_group ug WHERE ug.user_id = u.id AND ($2::uuid IS NULL OR ug.group_id = $2)))
        ORDER BY u.email`,
      [roles, groupId ?? null],
    );
  }

  /** Active members of a group (its data officers and anyone else placed in it); `chairOnly` for its chair. */
  async groupMembers(manager: EntityManager, groupId: string, chairOnly = false): Promise<Recipient[]> {
    return manager.query(
      `SELECT u.id AS "userId", u.email, u.role FROM app_user u JOIN user_group ug ON ug.user_id = u.id
        WHERE ug.group_id = $1 AND u.disabled_at IS NULL AND ($2 = false OR ug.is_chair) ORDER BY u.email`,
      [groupId, chairOnly],
    );
  }

  /** Admins see every email; everyone else their own. */
  async list(filter: NotificationFilter, page: PageRequest, actor: Actor): Promise<Page<NotificationView>> {
    const params = [actor.role === 'admin' ? null : actor.id, filter.kind ?? null, filter.status ?? null];
    const where = `WHERE ($1::uuid IS NULL OR user_id = $1) AND ($2::text IS NULL OR kind = $2) AND ($3::text IS NULL OR status = $3)`;
    const rows: NotificationRow[] = await this.dataSource.query(
      `${SELECT} ${where} ORDER BY created_at DESC, id LIMIT ${page.pageSize} OFFSET ${skipFor(page)}`,
      params,
    );
    const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count FROM notification ${where}`, params);
    return pageOf(rows.map(toView), count, page);
  }

  async settings(actor: Actor): Promise<NotificationSettings> {
    const userId = this.userOf(actor);
    const [row]: { muted_kinds: NotificationKind[]; digest: boolean }[] = await this.dataSource.query(
      `SELECT muted_kinds, digest FROM notification_setting WHERE user_id = $1`,
      [userId],
    );
    const muted = row?.muted_kinds ?? [];
    return {
      mutedKinds: muted,
      digest: row?.digest ?? false,
      kinds: SETTABLE_KINDS.map((kind) => ({ kind, label: KIND_LABELS[kind], enabled: !muted.includes(kind) })),
    };
  }

  async updateSettings(
    input: { mutedKinds: readonly string[]; digest: boolean },
    actor: Actor,
  ): Promise<NotificationSettings> {
    const userId = this.userOf(actor);
    const unknown = input.mutedKinds.filter((kind) => !(SETTABLE_KINDS as readonly string[]).includes(kind));
    if (unknown.length > 0) {
      throw new NotificationsError(
        NotificationsErrorCode.Invalid,
        `'${unknown.join("', '")}' is not a kind of email; use one of ${SETTABLE_KINDS.join(', ')}.`,
      );
    }
    const muted = SETTABLE_KINDS.filter((kind) => input.mutedKinds.includes(kind));
    await this.dataSource.transaction(async (manager) => {
      const before = await this.settings(actor);
      await manager.query(
        `INSERT INTO notification_setting (user_id, muted_kinds, digest, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id) DO UPDATE SET muted_kinds = $2, digest = $3, updated_at = $4`,
        [userId, muted, input.digest, this.clock.now()],
      );
      await this.audit.record(manager, actor, {
        action: 'update',
        entityType: 'notification_setting',
        entityId: userId,
        before: { mutedKinds: before.mutedKinds, digest: before.digest },
        after: { mutedKinds: muted, digest: input.digest },
      });
    });
    return this.settings(actor);
  }

  /** The .eml files written while no SMTP server is configured. */
  async outbox(): Promise<{ folder: string; files: OutboxFile[] }> {
    const folder = outboxFolder(this.config);
    return { folder, files: await listOutbox(folder) };
  }

  private userOf(actor: Actor): string {
    if (actor.kind !== 'user' || !actor.id) {
      throw new NotificationsError(NotificationsErrorCode.Forbidden, 'Only a signed-in person has email settings.');
    }
    return actor.id;
  }
}
