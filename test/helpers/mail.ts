import type { Mailer, MailMessage } from '../../src/mail/mailer.js';

/** A mailer that keeps what it is given, for tests to read links from. */
export interface MemoryMailer extends Mailer {
  readonly sent: MailMessage[];
  /** The messages to `to`, oldest first. */
  to(address: string): MailMessage[];
}

export function createMemoryMailer(): MemoryMailer {
  const sent: MailMessage[] = [];
  return {
    sent,
    async send(message) {
      sent.push(message);
    },
    to: (address) => sent.filter((message) => message.to === address),
  };
}
