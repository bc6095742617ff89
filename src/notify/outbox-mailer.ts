/**
 * @module The built-in outbox: a Mailer that keeps each email in the database (mail_outbox)
 * instead of sending it. Used when no SMTP server is configured, so a new install shows what it
 * would have sent (`npm run cli -- outbox list`, GET /api/outbox). Portable: Node and Workers.
 */
import type { Store } from '../db/store.js';
import type { Clock } from '../domain/clock.js';
import type { Mailer } from './mailer.js';

export function outboxMailer(store: Store, clock: Clock, host = 'safercal.localhost'): Mailer {
  return {
    async send(message) {
      const id = crypto.randomUUID();
      const messageId = message.messageId ?? `<${id}@${host}>`;
      await store.batch([
        store.db
          .insertInto('mail_outbox')
          .values({
            id,
            message_id: messageId,
            sender: message.from,
            recipients: JSON.stringify(message.to),
            subject: message.subject,
            text_body: message.text,
            html_body: message.html,
            headers: JSON.stringify({ ...(message.headers ?? {}), ...(message.replyTo ? { 'Reply-To': message.replyTo } : {}) }),
            calendar: message.calendar ? JSON.stringify(message.calendar) : null,
            created_at: clock().toISOString(),
          })
          .compile(),
      ]);
      return { id: messageId };
    },
  };
}

export interface KeptEmail {
  id: string;
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  createdAt: string;
  text?: string;
  html?: string;
  headers?: Record<string, string>;
  calendar?: { method: string; content: string } | null;
}

export async function listKeptEmails(
  store: Store,
  opts: { limit: number; offset: number },
): Promise<{ emails: KeptEmail[]; total: number }> {
  const [rows, count] = await Promise.all([
    store.db
      .selectFrom('mail_outbox')
      .select(['id', 'message_id', 'sender', 'recipients', 'subject', 'created_at'])
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(opts.limit)
      .offset(opts.offset)
      .execute(),
    store.db
      .selectFrom('mail_outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(count.n),
    emails: rows.map((r) => ({
      id: r.id,
      messageId: r.message_id,
      from: r.sender,
      to: JSON.parse(r.recipients) as string[],
      subject: r.subject,
      createdAt: r.created_at,
    })),
  };
}

export async function getKeptEmail(store: Store, id: string): Promise<KeptEmail | null> {
  const r = await store.db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id,
    messageId: r.message_id,
    from: r.sender,
    to: JSON.parse(r.recipients) as string[],
    subject: r.subject,
    createdAt: r.created_at,
    text: r.text_body,
    html: r.html_body,
    headers: JSON.parse(r.headers) as Record<string, string>,
    calendar: r.calendar ? (JSON.parse(r.calendar) as { method: string; content: string }) : null,
  };
}
