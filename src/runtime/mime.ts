/**
 * @module A MailMessage as an RFC 5322/2045 message, for runtimes without nodemailer (Workers'
 * send_email binding takes raw MIME). The structure mirrors what nodemailer sends on Node, so a
 * reminder looks the same in every mail client whichever runtime sent it: multipart/alternative
 * text + HTML, and for invitations a `text/calendar; method=…` alternative (what Outlook and
 * Gmail turn into Accept/Decline buttons) plus the same calendar as an `invite.ics` attachment.
 */
import type { MailMessage } from '../notify/mailer.js';

export interface Address {
  name?: string;
  address: string;
}

const CRLF = '\r\n';
const encoder = new TextEncoder();

/** Parses `Name <a@b>`, `"Name" <a@b>` or a bare `a@b`. */
export function parseAddress(text: string): Address {
  const trimmed = text.trim();
  const angled = /^(.*)<([^<>\s]+@[^<>\s]+)>$/.exec(trimmed);
  if (angled) {
    const name = angled[1]!
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .replace(/\\(.)/g, '$1');
    return name ? { name, address: angled[2]! } : { address: angled[2]! };
  }
  if (/^[^<>\s"]+@[^<>\s"]+$/.test(trimmed)) return { address: trimmed };
  throw new Error(`not an email address: "${text}"`);
}

function isPlainAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}

/** Removes line breaks so that a value taken from user input (an event title) cannot add headers. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+\s*/g, ' ');
}

/**
 * RFC 2047 encoded words of at most 39 UTF-8 bytes (64 characters, so even the first one fits
 * on a header line within 78), never splitting a character, joined by folding whitespace.
 */
export function encodeWords(text: string): string {
  const words: string[] = [];
  let chunk: number[] = [];
  const flush = () => {
    if (chunk.length) words.push(`=?UTF-8?B?${base64(Uint8Array.from(chunk))}?=`);
    chunk = [];
  };
  for (const char of text) {
    const bytes = encoder.encode(char);
    if (chunk.length + bytes.length > 39) flush();
    chunk.push(...bytes);
  }
  flush();
  return words.join(`${CRLF} `);
}

/**
 * A header line. Printable ASCII stays as it is (URLs in List-Unsubscribe must not be encoded),
 * folded at spaces to keep lines near 78 characters; anything else becomes encoded words.
 */
export function headerLine(name: string, text: string): string {
  const value = oneLine(text);
  if (!isPlainAscii(value)) return `${name}: ${encodeWords(value)}`;
  const lines: string[] = [];
  let line = `${name}:`;
  for (const word of value.split(' ')) {
    if (line.length + 1 + word.length > 78 && line.trim().length > name.length + 1) {
      lines.push(line);
      line = '';
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines.join(CRLF);
}

export function formatAddress({ name, address }: Address): string {
  if (!name) return address;
  const clean = oneLine(name);
  if (!isPlainAscii(clean)) return `${encodeWords(clean)}${CRLF} <${address}>`;
  return /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]+$/.test(clean)
    ? `${clean} <${address}>`
    : `"${clean.replace(/(["\\])/g, '\\$1')}" <${address}>`;
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Base64 body, lines of 76 characters. */
export function base64Body(text: string): string {
  return (base64(encoder.encode(text)).match(/.{1,76}/g) ?? []).join(CRLF);
}

/**
 * Quoted-printable body (RFC 2045 §6.7): UTF-8 bytes, CRLF line breaks, soft breaks keeping
 * lines within 76 characters, trailing spaces encoded so no transport strips them.
 */
export function quotedPrintable(text: string): string {
  return text
    .replace(/\r\n|\r/g, '\n')
    .split('\n')
    .map((line) => {
      const bytes = encoder.encode(line);
      const out: string[] = [];
      let current = '';
      bytes.forEach((b, i) => {
        const last = i === bytes.length - 1;
        const literal = (b >= 33 && b <= 126 && b !== 61) || ((b === 32 || b === 9) && !last);
        const token = literal ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
        if (current.length + token.length > 75) {
          out.push(`${current}=`);
          current = '';
        }
        current += token;
      });
      out.push(current);
      return out.join(CRLF);
    })
    .join(CRLF);
}

/** RFC 5322 date-time in UTC, e.g. `Wed, 21 Sep 2022 17:00:00 +0000`. */
export function mailDate(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

function boundary(): string {
  return `=_safercal_${crypto.randomUUID().replace(/-/g, '')}`;
}

interface Part {
  headers: string[];
  body: string;
}

function multipart(subtype: 'alternative' | 'mixed', parts: Part[]): Part {
  const b = boundary();
  const body = parts.map((p) => `--${b}${CRLF}${p.headers.join(CRLF)}${CRLF}${CRLF}${p.body}${CRLF}`).join('') + `--${b}--`;
  return { headers: [`Content-Type: multipart/${subtype};${CRLF} boundary="${b}"`], body };
}

/** Headers the message structure owns; a MailMessage may not override them. */
const STRUCTURAL = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'subject',
  'date',
  'message-id',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
]);

export interface MimeOptions {
  /** The recipients written in the To header (defaults to message.to). */
  to?: string[];
  /** Used when the message brings none of its own (message.messageId wins). */
  messageId: string;
  date: Date;
}

/** A fresh Message-ID on the sender's domain, as receiving servers expect. */
export function newMessageId(from: string): string {
  const domain = parseAddress(from).address.split('@')[1] ?? 'localhost';
  return `<${crypto.randomUUID()}@${domain}>`;
}

/** The whole message as text with CRLF line breaks, ready for an SMTP DATA or a send_email binding. */
export function buildMime(message: MailMessage, options: MimeOptions): string {
  const to = (options.to ?? message.to).map((r) => formatAddress(parseAddress(r)));
  const headers = [
    `From: ${formatAddress(parseAddress(message.from))}`,
    `To: ${to.join(`,${CRLF} `)}`,
    ...(message.replyTo ? [`Reply-To: ${formatAddress(parseAddress(message.replyTo))}`] : []),
    headerLine('Subject', message.subject),
    `Date: ${mailDate(options.date)}`,
    `Message-ID: ${oneLine(message.messageId ?? options.messageId)}`,
    'MIME-Version: 1.0',
  ];
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (!/^[!-9;-~]+$/.test(name)) throw new Error(`not a valid mail header name: "${name}"`);
    if (STRUCTURAL.has(name.toLowerCase())) continue;
    headers.push(headerLine(name, value));
  }

  const text: Part = {
    headers: ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable'],
    body: quotedPrintable(message.text),
  };
  const html: Part = {
    headers: ['Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable'],
    body: quotedPrintable(message.html),
  };
  let root: Part;
  if (message.calendar) {
    const { method, content } = message.calendar;
    const calendar: Part = {
      headers: [`Content-Type: text/calendar; charset=utf-8; method=${method}`, 'Content-Transfer-Encoding: base64'],
      body: base64Body(content),
    };
    const attachment: Part = {
      headers: [
        'Content-Type: application/ics; name="invite.ics"',
        'Content-Disposition: attachment; filename="invite.ics"',
        'Content-Transfer-Encoding: base64',
      ],
      body: base64Body(content),
    };
    root = multipart('mixed', [multipart('alternative', [text, html, calendar]), attachment]);
  } else {
    root = multipart('alternative', [text, html]);
  }
  return [...headers, ...root.headers].join(CRLF) + CRLF + CRLF + root.body + CRLF;
}
