/**
 * One message builder on both runtimes: the Worker hands the send_email binding what nodemailer's
 * MailComposer builds, and Node's SMTP transport composes from the same options. These tests parse
 * the Worker's raw message with two independent parsers (npm mailparser and Python's email
 * package, strict policy) and compare it with what the SMTP mailer delivers to a real SMTP server.
 */
import { spawnSync } from 'node:child_process';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailMessage } from '../../src/notify/mailer.js';
import { addressOf } from '../../src/runtime/mail-compose.js';
import { smtpMailer } from '../../src/runtime/smtp-mailer.js';
import { sendEmailMailer } from '../../src/runtime/worker-mailer.js';
import { SmtpSink } from '../notify/support/smtp-sink.js';

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
  headers: {
    'X-Safercal-Delivery': 'delivery-1',
    'Auto-Submitted': 'auto-generated',
    'List-Unsubscribe': '<https://calendar.example.org/api/email/unsubscribe/abc.def>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  },
  replyTo: 'IAG Secretary <iag-secretary@example.org>',
  messageId: '<delivery-1@calendar.example.org>',
  calendar: { method: 'REQUEST', content: INVITE },
};

class EmailMessage {
  constructor(
    readonly from: string,
    readonly to: string,
    readonly raw: string,
  ) {}
}

/** What the Worker's mailer gives the send_email binding, one EmailMessage per recipient. */
async function workerSends(message: MailMessage): Promise<EmailMessage[]> {
  const sent: EmailMessage[] = [];
  const binding = {
    async send(m: unknown) {
      sent.push(m as EmailMessage);
      return { messageId: 'ignored' };
    },
  };
  await sendEmailMailer(binding, EmailMessage, () => new Date('2022-10-03T09:00:00Z')).send(message);
  return sent;
}

async function build(message: MailMessage): Promise<string> {
  return (await workerSends(message))[0]!.raw;
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
  const sink = new SmtpSink();
  beforeAll(async () => {
    await sink.start();
  });
  afterAll(() => sink.stop());

  it('reads the same in a mail client as the email the SMTP mailer delivers on Node', async () => {
    const smtp = smtpMailer(sink.url);
    try {
      await smtp.send(reminder);
    } finally {
      smtp.close();
    }
    const ours = await simpleParser(await build(reminder));
    const theirs = await sink.parse(sink.received.at(-1)!);
    expect(whatTheClientSees(ours)).toEqual(whatTheClientSees(theirs));
    expect(ours.subject).toBe(reminder.subject);
    expect(ours.messageId).toBe('<delivery-1@calendar.example.org>');
    expect(ours.replyTo?.value).toEqual([{ name: 'IAG Secretary', address: 'iag-secretary@example.org' }]);
    expect(ours.date?.toISOString()).toBe('2022-10-03T09:00:00.000Z');
    expect(ours.text).toContain('Send apologies: https://calendar.example.org/apologies/abc?x=1&y=2');
    expect(ours.text).toContain('= always.   \n');
    // RFC 8058 one-click unsubscribe, as reminders carry it.
    expect(ours.headers.get('list')).toEqual({
      unsubscribe: { url: 'https://calendar.example.org/api/email/unsubscribe/abc.def' },
      'unsubscribe-post': { name: 'List-Unsubscribe=One-Click' },
    });
    const calendar = whatTheClientSees(ours).calendars;
    expect(calendar.map((c) => [c.type, c.method, c.filename ?? null])).toEqual([
      ['text/calendar', 'REQUEST', null],
      ['application/ics', undefined, 'invite.ics'],
    ]);
    expect(calendar.every((c) => c.content === INVITE)).toBe(true);
  });

  it('is well-formed MIME by a strict independent parser: short lines, CRLF, no defects', async () => {
    const raw = await build(reminder);
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
    const raw = await build(plain);
    const mail = await simpleParser(raw);
    expect(mail.attachments).toEqual([]);
    expect(mail.html).toBe(reminder.html);
    expect(raw).toMatch(/^Content-Type: multipart\/alternative;\s+boundary=/m);
  });

  it('keeps an event title with line breaks from adding mail headers', async () => {
    const raw = await build({ ...reminder, subject: 'Board meeting\r\nBcc: everyone@example.org' });
    const mail = await simpleParser(raw);
    expect(mail.bcc).toBeUndefined();
    expect(mail.subject).toBe('Board meeting Bcc: everyone@example.org');
  });

  it('writes a subject holding an encoded-word so a mail client shows it as typed, not decoded into a right-to-left override', async () => {
    // An imported or synced title reaches the subject unchecked by the API's text rule; nodemailer
    // passes a valid encoded-word in an ASCII subject through, and the reader's client decodes it.
    const subject = 'Reminder: Panel =?utf-8?q?=E2=80=AEfdp=2Eexe?= review';
    const smtp = smtpMailer(sink.url);
    try {
      await smtp.send({ ...reminder, subject });
    } finally {
      smtp.close();
    }
    const delivered = sink.received.at(-1)!.raw.toString('utf8');
    for (const text of [delivered, await build({ ...reminder, subject })]) {
      expect((await simpleParser(text)).subject).toBe(subject);
      const python = spawnSync(
        '/usr/bin/python3',
        [
          '-c',
          'import sys, json, email\nfrom email import policy\nmsg = email.message_from_bytes(sys.stdin.buffer.read(), policy=policy.strict)\nprint(json.dumps(str(msg["subject"])))',
        ],
        { input: text, encoding: 'utf8' },
      );
      expect(python.stderr).toBe('');
      expect(JSON.parse(python.stdout)).toBe(subject);
    }
  });

  it('quotes or encodes display names so the From line stays one address', async () => {
    const mail = await simpleParser(
      await build({
        ...reminder,
        from: '"Safer MK, Community Safety" <calendar@example.org>',
        to: ['Bürgermeister Büro <office@example.org>'],
      }),
    );
    expect(mail.from?.value).toEqual([{ name: 'Safer MK, Community Safety', address: 'calendar@example.org' }]);
    expect(Array.isArray(mail.to) ? undefined : mail.to?.value).toEqual([{ name: 'Bürgermeister Büro', address: 'office@example.org' }]);
    expect(() => addressOf('not an address')).toThrow(/not an email address/);
  });

  it('sends one message per recipient, each addressed only to that person', async () => {
    const sent: EmailMessage[] = [];
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
