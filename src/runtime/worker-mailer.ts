/**
 * @module The Mailer on Workers: the message nodemailer's MailComposer builds (./mail-compose.ts,
 * the same builder as on Node) handed raw to the send_email binding. The binding takes one envelope recipient per EmailMessage, so a message
 * to several people is sent once per person, each seeing only their own address.
 */
import type { Mailer, MailMessage } from '../notify/mailer.js';
import { addressOf, composeRaw, newMessageId } from './mail-compose.js';

/** The send_email binding (`env.EMAIL`), as much of it as we use. */
export interface SendEmailBinding {
  send(message: unknown): Promise<{ messageId?: string } | void | undefined>;
}

/** `EmailMessage` from `cloudflare:email`; passed in so this module also loads outside workerd. */
export type EmailMessageConstructor = new (from: string, to: string, raw: string) => unknown;

/**
 * A refusal that retrying will not fix (recipient not allowed or not verified, malformed
 * message). It carries an SMTP-style 550 because the dispatcher classifies failures by SMTP
 * reply codes: permanent refusals fail that one delivery; anything else (no code) is treated as
 * the mail service being unavailable, which pauses the pass and retries later.
 */
export class MailRefusedError extends Error {
  readonly responseCode = 550;
}

const REFUSAL = /not allowed|not verified|invalid|could not parse|does not match|no such|rejected/i;

export function sendEmailMailer(
  binding: SendEmailBinding,
  EmailMessage: EmailMessageConstructor,
  now: () => Date = () => new Date(),
): Mailer {
  return {
    async send(message: MailMessage) {
      if (message.to.length === 0) throw new MailRefusedError('a message needs at least one recipient');
      const from = addressOf(message.from);
      // One Message-ID for every copy, as one SMTP transaction to several recipients would have;
      // the outbox's own id when it gives one, so a retried delivery keeps its Message-ID.
      const messageId = message.messageId ?? newMessageId(message.from);
      for (const recipient of message.to) {
        const raw = await composeRaw(message, { to: [recipient], messageId, date: now() });
        try {
          await binding.send(new EmailMessage(from, addressOf(recipient), raw));
        } catch (error) {
          const text = error instanceof Error ? error.message : String(error);
          if (REFUSAL.test(text)) throw new MailRefusedError(`send_email refused mail to ${recipient}: ${text}`);
          throw error;
        }
      }
      return { id: messageId };
    },
  };
}
