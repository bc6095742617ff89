/** @module The email that confirms a self-service subscription (so nobody can sign up someone else). */
import { button, escapeHtml, shell } from './layout.js';
import type { RenderedEmail } from './parts.js';

export interface ConfirmInput {
  partnershipName: string;
  /** "campaign weeks", "Hate crime", "the weekly digest". */
  what: string;
  confirmUrl: string;
}

export function confirmEmail(c: ConfirmInput): RenderedEmail {
  const heading = `Confirm your reminders of ${c.what}`;
  const ignore = 'If you did not ask for this, ignore this email: nothing will be sent to you.';
  return {
    subject: `Confirm: reminders of ${c.what}`,
    html: shell({
      partnershipName: c.partnershipName,
      preheader: 'One click to confirm, or ignore this email.',
      heading,
      bodyHtml: `<p style="margin:0 0 16px 0;">Someone (we hope you) asked the ${escapeHtml(c.partnershipName)} calendar to email this address reminders of ${escapeHtml(c.what)}.</p>${button('Confirm', c.confirmUrl)}<p style="margin:16px 0 0 0;color:#555555;font-size:13px;">${escapeHtml(ignore)} The link works for 7 days.</p>`,
      footerHtml: escapeHtml(ignore),
    }),
    text: [
      heading,
      '',
      `Someone (we hope you) asked the ${c.partnershipName} calendar to email this address reminders of ${c.what}.`,
      '',
      `Confirm: ${c.confirmUrl}`,
      '',
      `${ignore} The link works for 7 days.`,
    ].join('\n'),
  };
}
