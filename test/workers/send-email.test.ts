import { EmailMessage } from 'cloudflare:email';
import { env } from 'cloudflare:workers';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import type { MailMessage } from '../../src/notify/mailer.js';
import { sendEmailMailer } from '../../src/runtime/worker-mailer.js';
import { recordingBinding } from './support.js';

const invitation: MailMessage = {
  from: 'Community Safety Partnership <calendar@example.org>',
  to: ['iag-member@example.org', 'police-liaison@example.org'],
  subject: 'Reminder: Independent Advisory Group — Wednesday 21 October, 18:00',
  text: 'Independent Advisory Group\nWednesday 21 October 2026, 18:00–20:00\nMilton Keynes College\n',
  html: '<p>Independent Advisory Group</p><p>Wednesday 21 October 2026, 18:00–20:00</p>',
  calendar: {
    method: 'REQUEST',
    content:
      'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//safercal//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:iag-2026-10@example.org\r\nDTSTAMP:20261001T090000Z\r\nDTSTART:20261021T170000Z\r\nSUMMARY:Independent Advisory Group\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
  },
};

describe('reminder mail through the send_email binding', () => {
  it('is accepted by the binding once per recipient and arrives as text, HTML and an invitation', async () => {
    const binding = recordingBinding(env.EMAIL);
    const { id } = await sendEmailMailer(binding, EmailMessage).send(invitation);
    expect(binding.sent.map((m) => [m.from, m.to])).toEqual([
      ['calendar@example.org', 'iag-member@example.org'],
      ['calendar@example.org', 'police-liaison@example.org'],
    ]);
    expect(binding.accepted).toHaveLength(2);
    const mail = await simpleParser(binding.sent[0]!.raw);
    expect(mail.subject).toBe(invitation.subject);
    expect(mail.text).toContain('18:00–20:00');
    expect(mail.html).toBe(invitation.html);
    expect(mail.attachments.map((a) => a.contentType)).toEqual(['text/calendar', 'application/ics']);
    expect(mail.attachments[0]!.content.toString()).toBe(invitation.calendar!.content);
    expect(id.split(' ')[0]).toBe(mail.messageId);
  });

  it('fails loudly when the binding refuses the message, so the reminder is retried rather than lost', async () => {
    const refusing = { send: async () => Promise.reject(new Error('email to someone@example.org not allowed')) };
    await expect(sendEmailMailer(refusing, EmailMessage).send(invitation)).rejects.toThrow(/not allowed/);
  });
});
