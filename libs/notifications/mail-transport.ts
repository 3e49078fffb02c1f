import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { NotifyClient } from 'notifications-node-client';
import type { AppConfig } from '../config/index.js';

export interface OutgoingMail {
  /** The notification's id: the Message-ID and Notify reference, so a resend is recognisable. */
  readonly id: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly attachments: readonly { readonly filename: string; readonly path: string }[];
}

/** The server refused the message for good (an SMTP 5xx, a Notify 400): trying again would not help. */
export class MailRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'MailRefused';
  }
}

export interface MailTransport {
  /** "smtp", "outbox" or "notify", recorded with each email. */
  readonly name: string;
  /** Resolves with the server's id for the message; throws MailRefused, or any other error to be retried. */
  send(mail: OutgoingMail): Promise<string>;
}

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

const messageId = (id: string): string => `<${id}@cypp-scorecard>`;

/** SMTP through nodemailer: `SMTP_URL` (smtp:// or smtps://, with credentials in the URL) and `MAIL_FROM`. */
export class SmtpTransport implements MailTransport {
  readonly name = 'smtp';
  private readonly mailer;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.mailer = nodemailer.createTransport(url);
  }

  async send(mail: OutgoingMail): Promise<string> {
    try {
      const info = await this.mailer.sendMail({
        from: this.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: messageId(mail.id),
        attachments: mail.attachments.map((a) => ({ filename: a.filename, path: a.path })),
      });
      if (info.rejected.length > 0) throw new MailRefused(`${info.response}`);
      return info.messageId;
    } catch (error) {
      const smtp = error as { responseCode?: number; response?: string };
      if (smtp.responseCode !== undefined && smtp.responseCode >= 500) {
        throw new MailRefused(smtp.response ?? (error as Error).message);
      }
      throw error;
    }
  }
}

/**
 * With no SMTP server (development, `npm start`): each email is written as an .eml file, exactly as it would
 * have been sent, to `<STORAGE_PATH>/outbox`, where an admin can list and open it.
 */
export class OutboxTransport implements MailTransport {
  readonly name = 'outbox';
  private readonly mailer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  constructor(
    readonly folder: string,
    private readonly from: string,
  ) {}

  async send(mail: OutgoingMail): Promise<string> {
    const info = await this.mailer.sendMail({
      from: this.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: messageId(mail.id),
      attachments: mail.attachments.map((a) => ({ filename: a.filename, path: a.path })),
    });
    await mkdir(this.folder, { recursive: true });
    // Named by the notification, so a resend overwrites its own file instead of adding another.
    await writeFile(join(this.folder, `${mail.id}.eml`), info.message as Buffer);
    return info.messageId;
  }
}

/**
 * GOV.UK Notify, which many councils already use: one email template whose subject is ((subject)) and body
 * ((body)). Notify sends no attachments from us: papers are always linked.
 */
export class NotifyTransport implements MailTransport {
  readonly name = 'notify';
  private readonly client: NotifyClient;

  constructor(
    apiKey: string,
    private readonly templateId: string,
    baseUrl?: string,
  ) {
    this.client = baseUrl ? new NotifyClient(baseUrl, apiKey) : new NotifyClient(apiKey);
  }

  async send(mail: OutgoingMail): Promise<string> {
    try {
      const response = await this.client.sendEmail(this.templateId, mail.to, {
        personalisation: { subject: mail.subject, body: mail.text },
        reference: mail.id,
      });
      return response.data.id;
    } catch (error) {
      const response = (error as { response?: { status: number; data?: { errors?: { message: string }[] } } }).response;
      // Notify answers 400/403 for a request it will never accept; 429 and 5xx are worth trying again.
      if (response && response.status >= 400 && response.status < 429) {
        const messages = response.data?.errors?.map((e) => e.message).join('; ');
        throw new MailRefused(`GOV.UK Notify ${response.status}: ${messages || 'refused'}`);
      }
      throw error;
    }
  }
}

export function outboxFolder(config: Pick<AppConfig, 'storagePath'>): string {
  return join(config.storagePath, 'outbox');
}

/** Notify when configured, else SMTP when configured, else the outbox folder. */
export function createMailTransport(config: AppConfig): MailTransport {
  if (config.notifyApiKey && config.notifyTemplateId) {
    return new NotifyTransport(config.notifyApiKey, config.notifyTemplateId, config.notifyBaseUrl);
  }
  if (config.smtpUrl) return new SmtpTransport(config.smtpUrl, config.mailFrom);
  return new OutboxTransport(outboxFolder(config), config.mailFrom);
}

export interface OutboxFile {
  name: string;
  byteSize: number;
  writtenAt: string;
}

/** The .eml files in the outbox, newest first. */
export async function listOutbox(folder: string): Promise<OutboxFile[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const files = await Promise.all(
    names
      .filter((name) => name.endsWith('.eml'))
      .map(async (name) => {
        const info = await stat(join(folder, name));
        return { name, byteSize: info.size, writtenAt: info.mtime.toISOString() };
      }),
  );
  return files.sort((a, b) => b.writtenAt.localeCompare(a.writtenAt) || a.name.localeCompare(b.name));
}
