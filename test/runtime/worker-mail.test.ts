/**
 * The Workers mailer builds MIME by hand (no nodemailer in the Worker bundle). These tests parse
 * what it builds with two independent parsers (npm mailparser and Python's email package, strict
 * policy) and compare it with what nodemailer sends on Node for the same reminder.
 */
import { spawnSync } from 'node:child_process';
import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer from 'nodemailer';
import { describe, expect, it } from 'vitest';
import type { MailMessage } from '../../src/notify/mailer.js';
import { buildMime, parseAddress } from '../../src/runtime/mime.js';
import { sendEmailMailer } from '../../src/runtime/worker-mailer.js';

const INVITE = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//safercal//reminders//EN',
  'METHOD:REQUEST',
  'BEGIN:VEVENT',
  'UID:women-hate-crime-event@example.org',
  'DTSTAMP:20221001T090000Z',
  'DTSTART:20221010T090000Z',
  'DTEND:20221010T110000Z',
  'SUMMARY:Women’s experience of hate crime',
  'ORGANIZER;CN=Community Safety Partnership:mailto:calendar@example.org',
  'ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:iag-member@example.org',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

const reminder: MailMessage = {
  from: 'Community Safety Partnership <calendar@example.org>',
  to: ['iag-member@example.org'],
  subject: 'Reminder: Women’s experience of hate crime — Monday 10 October, Council Chambers',
  text:
    'Women’s experience of hate crime\nMonday 10 October 2022, 10:00–12:00\nCouncil Chambers\n\n' +
    'A line long enough that quoted-printable must break it softly, because mail lines stop at 76 characters = always.   \n' +
    'Send apologies: https://calendar.example.org/apologies/abc?x=1&y=2\n',
  html: '<p>Women’s experience of hate crime</p>\n<p><a href="https://calendar.example.org/apologies/abc?x=1&amp;y=2">Send apologies</a></p>',
  headers: { 'X-Safercal-Delivery': 'delivery-1', 'Auto-Submitted': 'auto-generated' },
  replyTo: 'IAG Secretary <iag-secretary@example.org>',
  messageId: '<delivery-1@calendar.example.org>',
  calendar: { method: 'REQUEST', content: INVITE },
};

function build(message: MailMessage): string {
  return buildMime(message, { messageId: '<fallback@example.org>', date: new Date('2022-10-03T09:00:00Z') });
}

async function nodemailerRaw(message: MailMessage): Promise<Buffer> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await transport.sendMail({
    from: message.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    headers: message.headers,
    replyTo: message.replyTo,
    messageId: message.messageId,
    // As src/runtime/smtp-mailer.ts sends it on Node.
    icalEvent: message.calendar
      ? { method: message.calendar.method, content: message.calendar.content, filename: 'invite.ics' }
      : undefined,
  });
  return info.message as Buffer;
}

/** What a mail client shows: the text, the HTML and each calendar part with its method. */
function whatTheClientSees(mail: ParsedMail) {
  return {
    subject: mail.subject,
    from: mail.from?.value,
    to: Array.isArray(mail.to) ? mail.to.flatMap((a) => a.value) : mail.to?.value,
    text: mail.text?.replace(/\n$/, ''),
    html: mail.html,
    calendars: mail.attachments.map((a) => ({
      type: a.contentType,
      method: (a.headers.get('content-type') as { params?: Record<string, string> })?.params?.method,
      filename: a.filename,
      disposition: a.contentDisposition,
      content: a.content.toString('utf8'),
    })),
    delivery: mail.headers.get('x-safercal-delivery'),
    replyTo: mail.replyTo?.value,
    messageId: mail.messageId,
  };
}

describe('reminder email built for the Workers send_email binding', () => {
  it('reads the same in a mail client as the email nodemailer sends on Node', async () => {
    const ours = await simpleParser(build(reminder));
    const theirs = await simpleParser(await nodemailerRaw(reminder));
    expect(whatTheClientSees(ours)).toEqual(whatTheClientSees(theirs));
    expect(ours.subject).toBe(reminder.subject);
    expect(ours.messageId).toBe('<delivery-1@calendar.example.org>');
    expect(ours.replyTo?.value).toEqual([{ name: 'IAG Secretary', address: 'iag-secretary@example.org' }]);
    expect(ours.date?.toISOString()).toBe('2022-10-03T09:00:00.000Z');
    expect(ours.text).toContain('Send apologies: https://calendar.example.org/apologies/abc?x=1&y=2');
    expect(ours.text).toContain('= always.   \n');
    const calendar = whatTheClientSees(ours).calendars;
    expect(calendar.map((c) => [c.type, c.method, c.filename ?? null])).toEqual([
      ['text/calendar', 'REQUEST', null],
      ['application/ics', undefined, 'invite.ics'],
    ]);
    expect(calendar.every((c) => c.content === INVITE)).toBe(true);
  });

  it('is well-formed MIME by a strict independent parser: short lines, CRLF, no defects', () => {
    const raw = build(reminder);
    expect(raw.split('\r\n').every((line) => Buffer.byteLength(line) <= 78)).toBe(true);
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const python = spawnSync(
      '/usr/bin/python3',
      [
        '-c',
        `import sys, json, email
from email import policy
msg = email.message_from_bytes(sys.stdin.buffer.read(), policy=policy.strict)
parts = [(p.get_content_type(), p.get_param('method'), len(p.defects)) for p in msg.walk()]
print(json.dumps({"subject": str(msg["subject"]), "defects": len(msg.defects), "parts": parts,
  "text": msg.get_body(("plain",)).get_content()}))`,
      ],
      { input: raw, encoding: 'utf8' },
    );
    expect(python.stderr).toBe('');
    const parsed = JSON.parse(python.stdout);
    expect(parsed.subject).toBe(reminder.subject);
    expect(parsed.defects).toBe(0);
    expect(parsed.parts).toEqual([
      ['multipart/mixed', null, 0],
      ['multipart/alternative', null, 0],
      ['text/plain', null, 0],
      ['text/html', null, 0],
      ['text/calendar', 'REQUEST', 0],
      ['application/ics', null, 0],
    ]);
    expect(parsed.text.replace(/\r\n/g, '\n')).toBe(reminder.text);
  });

  it('sends a plain reminder as text and HTML alternatives only', async () => {
    const { calendar: _omitted, ...plain } = reminder;
    const mail = await simpleParser(build(plain));
    expect(mail.attachments).toEqual([]);
    expect(mail.html).toBe(reminder.html);
    expect(build(plain)).toMatch(/^Content-Type: multipart\/alternative;\r\n boundary=/m);
  });

  it('keeps an event title with line breaks from adding mail headers', async () => {
    const raw = build({ ...reminder, subject: 'Board meeting\r\nBcc: everyone@example.org' });
    const mail = await simpleParser(raw);
    expect(mail.bcc).toBeUndefined();
    expect(mail.subject).toBe('Board meeting Bcc: everyone@example.org');
  });

  it('quotes or encodes display names so the From line stays one address', async () => {
    const mail = await simpleParser(
      build({ ...reminder, from: '"Safer MK, Community Safety" <calendar@example.org>', to: ['Bürgermeister Büro <office@example.org>'] }),
    );
    expect(mail.from?.value).toEqual([{ name: 'Safer MK, Community Safety', address: 'calendar@example.org' }]);
    expect(Array.isArray(mail.to) ? undefined : mail.to?.value).toEqual([{ name: 'Bürgermeister Büro', address: 'office@example.org' }]);
    expect(() => parseAddress('not an address')).toThrow(/not an email address/);
  });

  it('sends one message per recipient, each addressed only to that person', async () => {
    const sent: { from: string; to: string; raw: string }[] = [];
    class EmailMessage {
      constructor(
        readonly from: string,
        readonly to: string,
        readonly raw: string,
      ) {}
    }
    const binding = {
      async send(message: unknown) {
        sent.push(message as EmailMessage);
        return { messageId: 'ignored' };
      },
    };
    const mailer = sendEmailMailer(binding, EmailMessage);
    const { messageId: _own, ...withoutId } = reminder;
    const result = await mailer.send({ ...withoutId, to: ['board-chair@example.org', 'Board Secretary <board-secretary@example.org>'] });
    expect(result.id).toMatch(/^<[0-9a-f-]{36}@example\.org>$/);
    expect(sent.map((m) => [m.from, m.to])).toEqual([
      ['calendar@example.org', 'board-chair@example.org'],
      ['calendar@example.org', 'board-secretary@example.org'],
    ]);
    const parsed = await Promise.all(sent.map((m) => simpleParser(m.raw)));
    expect(parsed.map((p) => (Array.isArray(p.to) ? null : p.to?.text))).toEqual([
      'board-chair@example.org',
      '"Board Secretary" <board-secretary@example.org>',
    ]);
    // One Message-ID for both copies, as one SMTP transaction to two recipients would carry.
    expect(parsed.map((p) => p.messageId)).toEqual([result.id, result.id]);
  });
});
