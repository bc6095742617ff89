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
  /** Where replies go (a group's organiser), when not to the From address. */
  replyTo?: string;
  /**
   * The Message-ID to use, e.g. '<delivery-id@calendar.example.org>'. The outbox gives each delivery
   * one stable id, so a retry after a crash carries the same Message-ID and mail clients can fold
   * the rare duplicate.
   */
  messageId?: string;
  /** An iCalendar invitation; method must match the METHOD inside the content (REQUEST/CANCEL). */
  calendar?: { method: 'REQUEST' | 'CANCEL' | 'PUBLISH'; content: string };
}

export interface Mailer {
  send(message: MailMessage): Promise<{ id: string }>;
}
