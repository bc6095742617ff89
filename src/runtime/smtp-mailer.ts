/**
 * @module The SMTP mailer for Node: nodemailer with pooled connections (SMTP_URL, e.g.
 * smtp://user:pass@mail.example.org:587 or smtps://...:465). Pooling matters: a server may take
 * 100 ms or more to greet each new connection, so one connection per email caps throughput.
 */
import nodemailer from 'nodemailer';
import type { Mailer } from '../notify/mailer.js';
import { composeForSmtp } from './mail-compose.js';

export interface SmtpMailer extends Mailer {
  close(): void;
}

export function smtpMailer(url: string, opts: { maxConnections?: number } = {}): SmtpMailer {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`SMTP_URL must be a URL like smtp://user:password@mail.example.org:587 (got "${url}")`);
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:')
    throw new Error(`SMTP_URL must start with smtp:// or smtps:// (got "${parsed.protocol}")`);
  const transport = nodemailer.createTransport({
    host: parsed.hostname,
    port: Number(parsed.port || (parsed.protocol === 'smtps:' ? 465 : 587)),
    secure: parsed.protocol === 'smtps:',
    auth: parsed.username ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } : undefined,
    pool: true,
    maxConnections: opts.maxConnections ?? Number(parsed.searchParams.get('pool') ?? 5),
    maxMessages: Infinity,
    // Fail fast enough that a pass (and its 5-minute lease) is never outlived by one stuck send.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    tls: { rejectUnauthorized: parsed.searchParams.get('tls') !== 'insecure' },
  });
  return {
    async send(message) {
      // MailComposer builds it (the same builder and options as the Worker's), whole, and the
      // transport sends those bytes as they are (composeForSmtp says why).
      const { raw, envelope, messageId } = await composeForSmtp(message);
      await transport.sendMail({ raw, envelope });
      return { id: messageId };
    },
    close() {
      transport.close();
    },
  };
}
