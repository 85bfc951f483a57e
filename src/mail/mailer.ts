import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { Config } from '../config.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** The mail port: use cases hand over a message; where it goes is configuration. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

type MailConfig = Pick<Config, 'SMTP_URL' | 'MAIL_FROM' | 'ADMIN_EMAIL' | 'DATA_DIR' | 'LOCAL_DOMAIN'>;

export function mailFrom(config: Pick<MailConfig, 'MAIL_FROM' | 'ADMIN_EMAIL' | 'LOCAL_DOMAIN'>): string {
  return config.MAIL_FROM || config.ADMIN_EMAIL || `no-reply@${config.LOCAL_DOMAIN.replace(/:\d+$/, '')}`;
}

/**
 * Nodemailer behind the port: SMTP when SMTP_URL is set; otherwise every message is built the same way and
 * written as an .eml file under DATA_DIR/mail (development, tests, or an operator who delivers by hand).
 * Logs name the message and the file, never its body: it may carry a confirmation link.
 */
export function createMailer(config: MailConfig, logger: Logger): Mailer {
  const from = mailFrom(config);
  if (config.SMTP_URL) {
    const transport = nodemailer.createTransport(config.SMTP_URL);
    return {
      async send(message) {
        const info = await transport.sendMail({ from, ...message });
        logger.info({ messageId: info.messageId, subject: message.subject }, 'mail sent over SMTP');
      },
    };
  }
  const directory = join(config.DATA_DIR, 'mail');
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(message) {
      const info = await transport.sendMail({ from, ...message });
      await mkdir(directory, { recursive: true });
      const path = join(directory, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID()}.eml`);
      await writeFile(path, info.message as Buffer, { mode: 0o600 });
      logger.info({ messageId: info.messageId, subject: message.subject, path }, 'mail written to file');
    },
  };
}
