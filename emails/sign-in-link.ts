/**
 * @module The email with a one-time sign-in link: the way in that no amount of wrong passwords
 * typed by someone else can block (see src/signin/limits.ts).
 */
import { button, escapeHtml, shell } from './layout.js';
import type { RenderedEmail } from './parts.js';

export interface SignInLinkInput {
  partnershipName: string;
  /** The account's email address. */
  email: string;
  signInUrl: string;
  /** How long the link works. */
  minutes: number;
}

export function signInLinkEmail(s: SignInLinkInput): RenderedEmail {
  const heading = `Sign in to the ${s.partnershipName} calendar`;
  const works = `The link works once, for ${s.minutes} minutes.`;
  const ignore =
    'If you did not ask for it, ignore this email: the link is no use to anyone without your email, and your password still works. ' +
    'If these keep coming, tell an administrator: someone may be trying to guess your password.';
  return {
    subject: `Your sign-in link for the ${s.partnershipName} calendar`,
    html: shell({
      partnershipName: s.partnershipName,
      preheader: works,
      heading,
      bodyHtml: `<p style="margin:0 0 16px 0;">Someone (we hope you) asked to sign in as ${escapeHtml(s.email)}.</p>${button('Sign in', s.signInUrl)}<p style="margin:16px 0 0 0;color:#555555;font-size:13px;">${escapeHtml(works)}</p>`,
      footerHtml: escapeHtml(ignore),
    }),
    text: [heading, '', `Someone (we hope you) asked to sign in as ${s.email}.`, '', `Sign in: ${s.signInUrl}`, '', works, '', ignore].join(
      '\n',
    ),
  };
}
