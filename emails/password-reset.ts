/** @module The email with a one-time link to set a new password ("forgot password"). */
import { button, escapeHtml, paragraphs, shell } from './layout.js';
import type { RenderedEmail } from './parts.js';

export interface PasswordResetInput {
  partnershipName: string;
  resetUrl: string;
  /** How long the link works, in minutes. */
  minutes: number;
}

export function passwordResetEmail(r: PasswordResetInput): RenderedEmail {
  const heading = 'Set a new password';
  const intro = `Someone (we hope you) asked to set a new password for your account on the ${r.partnershipName} calendar.`;
  const rules = `The link works once, for ${r.minutes} minutes. Setting a new password signs you out everywhere else.`;
  const ignore = 'If you did not ask for this, ignore this email: your password stays as it is.';
  return {
    subject: `Set a new password for the ${r.partnershipName} calendar`,
    html: shell({
      partnershipName: r.partnershipName,
      preheader: `The link works for ${r.minutes} minutes.`,
      heading,
      bodyHtml: `${paragraphs(intro)}${button('Set a new password', r.resetUrl)}${paragraphs(`${rules}\n\n${ignore}`)}<p style="margin:0;color:#555555;font-size:13px;word-break:break-all;">${escapeHtml(r.resetUrl)}</p>`,
      footerHtml: escapeHtml(ignore),
    }),
    text: [heading, '', intro, '', `Set a new password: ${r.resetUrl}`, '', rules, '', ignore].join('\n'),
  };
}
