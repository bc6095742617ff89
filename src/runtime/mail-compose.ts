/**
 * @module The one message builder: nodemailer's MailComposer makes every email, on both runtimes.
 * On Node the SMTP transport composes from these options itself; on Workers, `composeRaw` hands
 * the same composer's output to the send_email binding (it runs in workerd under nodejs_compat).
 * The layout is nodemailer's: multipart/alternative text + HTML, and for an invitation a
 * `text/calendar; method=…` alternative (what Outlook and Gmail turn into Accept/Decline) plus
 * the same calendar as an `invite.ics` attachment (multipart/mixed around both).
 */
import addressparser from 'nodemailer/lib/addressparser';
import MailComposer, { type MailComposerOptions } from 'nodemailer/lib/mail-composer';
import { encodeWord } from 'nodemailer/lib/mime-funcs';
import type { MailMessage } from '../notify/mailer.js';

export interface ComposeOptions {
  /** The recipients written in the To header (defaults to message.to). */
  to?: string[];
  /** Used when the message brings none of its own (message.messageId wins). */
  messageId?: string;
  /** The Date header (defaults to the moment of building). */
  date?: Date;
}

/**
 * The composer's options for a MailMessage. Content comes only from the strings given: reading
 * files or URLs named in a message is switched off, so nothing an organiser typed can make the
 * composer open a path or fetch an address.
 */
export function composerOptions(message: MailMessage, opts: ComposeOptions = {}): MailComposerOptions {
  return {
    from: message.from,
    to: opts.to ?? message.to,
    replyTo: message.replyTo,
    ...subjectOptions(message),
    text: message.text,
    html: message.html,
    messageId: message.messageId ?? opts.messageId,
    date: opts.date,
    // icalEvent gives the text/calendar part the matching method= parameter Outlook looks for.
    icalEvent: message.calendar
      ? { method: message.calendar.method, content: message.calendar.content, filename: 'invite.ics' }
      : undefined,
    disableFileAccess: true,
    disableUrlAccess: true,
    // CRLF everywhere, bodies included: SMTP converts on the wire, a raw message must come so.
    newline: 'windows',
  };
}

/**
 * The Subject as the composer is to write it. Nodemailer writes an ASCII subject as it is, and a
 * well-formed RFC 2047 encoded-word in it stays one (mime-funcs' encodeWords passes valid ones
 * through), which the reader's mail program then decodes: a title (typed, imported or synced)
 * holding `=?utf-8?q?=E2=80=AEfdp=2Eexe?=` would show a right-to-left override in the subject. A
 * subject holding "=?" is therefore written as encoded-words of its own (UTF-8, Q, folded), so a
 * mail program decodes it once, back to the very characters the title has. Any other subject is
 * left to nodemailer, which encodes non-ASCII and control characters itself.
 */
function subjectOptions(message: MailMessage): Pick<MailComposerOptions, 'subject' | 'headers'> {
  if (!message.subject.includes('=?')) return { subject: message.subject, headers: message.headers };
  const value = encodeWord(message.subject.replace(/[\r\n]+/g, ' '), 'Q', 52);
  return { headers: { ...message.headers, Subject: { prepared: true, foldLines: true, value } } };
}

/** A message built whole for an SMTP transport: its bytes, the envelope they go under, and its Message-ID. */
export interface ComposedForSmtp {
  raw: Buffer;
  envelope: { from: string | false; to: string[] };
  messageId: string;
}

/**
 * The message built whole, for nodemailer's SMTP transport to send as `raw` (the layout and headers
 * are composerOptions'). Built in one piece because the transport's own composition streams the
 * message, and every MIME chunk it makes becomes a socket write of its own: about a third of the
 * CPU of sending a reminder (bench/reminders.ts, issue 9). Built without the CRLF transform: SMTP's
 * DATA stream (nodemailer's smtp-connection/data-stream) writes every line break as CRLF on the
 * wire, and dot-stuffs, itself (RFC 5321 §4.5.2).
 */
export async function composeForSmtp(message: MailMessage, opts: ComposeOptions = {}): Promise<ComposedForSmtp> {
  const node = new MailComposer({ ...composerOptions(message, opts), newline: undefined }).compile();
  const messageId = node.messageId();
  const envelope = node.getEnvelope() as ComposedForSmtp['envelope'];
  return { raw: await node.build(), envelope, messageId };
}

/** The whole message as RFC 5322 text (CRLF line breaks, 7-bit: quoted-printable and base64 parts). */
export async function composeRaw(message: MailMessage, opts: ComposeOptions = {}): Promise<string> {
  const raw = await new MailComposer(composerOptions(message, opts)).compile().build();
  return raw.toString('utf8');
}

/** The bare address of `Name <a@b>`, `"Name" <a@b>` or `a@b`; throws for anything else. */
export function addressOf(text: string): string {
  const [first] = addressparser(text, { flatten: true });
  if (!first?.address || !/^[^@\s]+@[^@\s]+$/.test(first.address)) throw new Error(`not an email address: "${text}"`);
  return first.address;
}

/** A fresh Message-ID on the sender's domain, as receiving servers expect. */
export function newMessageId(from: string): string {
  return `<${crypto.randomUUID()}@${addressOf(from).split('@')[1]}>`;
}
