import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/index.js';
import { NotificationsService, plural, type EmailContent, type Recipient } from '../notifications/index.js';
import type { ReportModel } from '../reporting/index.js';
import { resolveStored, type StoredFile } from './report-files.js';
import type { ReportRow } from './reports.service.js';

/** The counts a paper-delivered email gives: RAG, new exceptions, what needs attention. */
export function paperSummary(model: ReportModel): { table: EmailContent['table']; lines: string[] } {
  const total = (key: 'green' | 'amber' | 'red' | 'noTarget') =>
    model.summary.perPriority.reduce((sum, p) => sum + p[key], 0);
  const opened = model.exceptions.filter((e) => e.status === 'open').length;
  const attention = model.exceptions.filter((e) => !e.positive).length;
  const red = total('red');
  return {
    table: {
      head: ['Rating', 'Targets'],
      rows: [
        ['On target (green)', String(total('green'))],
        ['Near target (amber)', String(total('amber'))],
        ['Off target (red)', String(total('red'))],
        ['No current value', String(total('noTarget'))],
      ],
    },
    lines: [
      `${plural(red, 'target')} ${red === 1 ? 'needs' : 'need'} the ${model.audience}'s attention (off target).`,
      `${plural(model.exceptions.length, 'open exception')} (${attention} needing attention), of which ${opened} ${opened === 1 ? 'is' : 'are'} new, with no commentary yet.`,
    ],
  };
}

/**
 * Papers delivered (issue 14): when a paper is ready, each of its readers (the roles it was requested for,
 * admins aside; for a group update, that group's data officers) gets one email with a link and a short
 * summary. A confidential paper is never attached; any other is attached as PDF under
 * MAIL_ATTACHMENT_MAX_BYTES. Readers are exactly those ReportsService lets download the paper, so nobody
 * is emailed a paper they may not read; the summary carries counts, never commentary or people.
 */
@Injectable()
export class PaperDeliveryService {
  constructor(
    private readonly notifications: NotificationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async deliver(manager: EntityManager, report: ReportRow, model: ReportModel, pdf: StoredFile): Promise<number> {
    const recipients = await this.readers(manager, report);
    const attach = !report.confidential && pdf.byteSize <= this.config.mailAttachmentMaxBytes;
    const summary = paperSummary(model);
    const url = this.notifications.link(`/api/reports/${report.id}/files/pdf`);
    const content: EmailContent = {
      subject: `${model.title}: ${model.period.label} is ready`,
      paragraphs: [
        `The ${model.title.toLowerCase()} for ${model.period.label} is ready for the ${model.audience}.`,
        ...summary.lines,
        report.confidential
          ? 'This paper is OFFICIAL-SENSITIVE: it is not attached. Sign in to read it, and do not forward it.'
          : attach
            ? 'The paper is attached as a PDF.'
            : 'The paper is too large to attach: download it with the link below.',
      ],
      table: summary.table,
      link: { text: 'Download the paper (PDF)', url },
    };
    const attachment = attach
      ? { filename: pdf.path.split('/').at(-1)!, path: resolveStored(this.config.storagePath, pdf.path) }
      : undefined;
    const recorded = await this.notifications.notify(
      manager,
      recipients.map((recipient) => ({
        kind: 'paper_delivered' as const,
        userId: recipient.userId,
        subjectKey: `report.${report.id}`,
        content,
        attachment,
      })),
    );
    return recorded.length;
  }

  private async readers(manager: EntityManager, report: ReportRow): Promise<Recipient[]> {
    const roles = report.audience.filter((role) => role !== 'admin');
    return this.notifications.usersWithRoles(manager, roles as Recipient['role'][], report.group_id);
  }
}
