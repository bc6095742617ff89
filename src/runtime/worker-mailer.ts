/**
 * @module The Mailer on Workers: raw MIME (built by ./mime.ts, no nodemailer) handed to the
 * send_email binding. The binding takes one envelope recipient per EmailMessage, so a message
 * to several people is sent once per person, each seeing only their own address.
 */
import type { Mailer, MailMessage } from '../notify/mailer.js';
import { buildMime, newMessageId, parseAddress } from './mime.js';

/** The send_email binding (`env.EMAIL`), as much of it as we use. */
export interface SendEmailBinding {
  send(message: unknown): Promise<{ messageId?: string } | void | undefined>;
}

/** `EmailMessage` from `cloudflare:email`; passed in so this module also loads outside workerd. */
export type EmailMessageConstructor = new (from: string, to: string, raw: string) => unknown;

export function sendEmailMailer(
  binding: SendEmailBinding,
  EmailMessage: EmailMessageConstructor,
  now: () => Date = () => new Date(),
): Mailer {
  return {
    async send(message: MailMessage) {
      if (message.to.length === 0) throw new Error('a message needs at least one recipient');
      const from = parseAddress(message.from).address;
      const ids: string[] = [];
      for (const recipient of message.to) {
        const messageId = newMessageId(message.from);
        const raw = buildMime(message, { to: [recipient], messageId, date: now() });
        // Our Message-ID is the one recipients (and their replies) see; the binding's own id is not.
        await binding.send(new EmailMessage(from, parseAddress(recipient).address, raw));
        ids.push(messageId);
      }
      return { id: ids.join(' ') };
    },
  };
}

/** Used when no way of sending mail is configured: refuses loudly rather than losing reminders. */
export const unconfiguredMailer: Mailer = {
  async send() {
    throw new Error('no mail binding configured: add a send_email binding named EMAIL to wrangler.toml');
  },
};
