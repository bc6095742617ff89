/** @module Pieces the event emails share: the details block and the footer, each as HTML and text. */
import { button, detailRow, escapeHtml, link } from './layout.js';

/** An event as an email shows it; times already in UK words. */
export interface EventView {
  partnershipName: string;
  title: string;
  kindLabel: string;
  when: string;
  whenShort: string;
  where: string;
  description: string;
  links: { title: string; url: string }[];
  groupName: string | null;
  /** What its campaign week's state means for a partner activity ("… was cancelled; this activity still goes ahead."). */
  parentNote?: string | null;
}

/** Why the person gets the email, and how to change that. */
export interface FooterView {
  reason: string;
  preferencesUrl: string;
  unsubscribeUrl: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export function detailsHtml(e: EventView, previous?: { when?: string; where?: string }): string {
  const rows = [
    detailRow(
      'What',
      `${escapeHtml(e.title)}<br><span style="color:#555555;font-size:13px;">${escapeHtml(e.kindLabel)}${e.groupName ? ` · ${escapeHtml(e.groupName)}` : ''}</span>`,
    ),
    detailRow(
      'When',
      `<strong>${escapeHtml(e.when)}</strong>${previous?.when ? `<br><span style="color:#8a1c1c;font-size:13px;">was ${escapeHtml(previous.when)}</span>` : ''}`,
    ),
  ];
  if (e.where || previous?.where) {
    rows.push(
      detailRow(
        'Where',
        `${escapeHtml(e.where || 'to be confirmed')}${previous?.where ? `<br><span style="color:#8a1c1c;font-size:13px;">was ${escapeHtml(previous.where)}</span>` : ''}`,
      ),
    );
  }
  return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;margin:0 0 16px 0;">${rows.join('')}</table>`;
}

export function detailsText(e: EventView, previous?: { when?: string; where?: string }): string {
  const lines = [`What:  ${e.title} (${e.kindLabel}${e.groupName ? `, ${e.groupName}` : ''})`, `When:  ${e.when}`];
  if (previous?.when) lines.push(`       (was ${previous.when})`);
  if (e.where || previous?.where) lines.push(`Where: ${e.where || 'to be confirmed'}`);
  if (previous?.where) lines.push(`       (was ${previous.where})`);
  return lines.join('\n');
}

export function linksHtml(e: EventView): string {
  if (!e.links.length) return '';
  return `<p style="margin:0 0 12px 0;">${e.links.map((l) => link(l.title, l.url)).join(' · ')}</p>`;
}

export function linksText(e: EventView): string {
  return e.links.map((l) => `${l.title}: ${l.url}`).join('\n');
}

export function footerHtml(f: FooterView): string {
  return `${escapeHtml(f.reason)}<br>${link('Change your reminder preferences', f.preferencesUrl)} · ${link('Unsubscribe', f.unsubscribeUrl)}`;
}

export function footerText(f: FooterView): string {
  return `${f.reason}\nChange your reminder preferences: ${f.preferencesUrl}\nUnsubscribe: ${f.unsubscribeUrl}`;
}

export const CALENDAR_NOTE = 'The attached invitation adds it to your calendar (Outlook, Google, Apple) and keeps it up to date.';

/** A meeting's one-click "Send my apologies" (reminders and "Changed" e-mails alike), or '' without a link. */
export function apologiesHtml(url: string | null): string {
  return url
    ? `<p style="margin:16px 0 8px 0;">Can’t make it? Let the organiser know:</p>${button('Send my apologies', url, '#555555')}`
    : '';
}

/** The text part's line for apologiesHtml, or '' without a link. */
export function apologiesText(url: string | null): string {
  return url ? `\nCan't make it? Send your apologies: ${url}` : '';
}
