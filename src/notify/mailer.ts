/**
 * @module The shape of a mailer, as everything outside src/runtime sees it. Node wires nodemailer
 * (SMTP) or the built-in outbox; Workers wire the send_email binding.
 */

export interface MailMessage {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
  /** An iCalendar invitation; method must match the METHOD inside the content (REQUEST/CANCEL). */
  calendar?: { method: 'REQUEST' | 'CANCEL' | 'PUBLISH'; content: string };
}

export interface Mailer {
  send(message: MailMessage): Promise<{ id: string }>;
}
