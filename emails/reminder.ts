/** @module The reminder email: "IAG meeting in 7 days", with when/where, the invitation and apologies link. */
import { paragraphs, shell } from './layout.js';
import {
  apologiesHtml,
  apologiesText,
  CALENDAR_NOTE,
  detailsHtml,
  detailsText,
  footerHtml,
  footerText,
  linksHtml,
  linksText,
  type EventView,
  type FooterView,
  type RenderedEmail,
} from './parts.js';

export interface ReminderInput {
  event: EventView;
  /** "in 7 days", "tomorrow". */
  lead: string;
  /** Meetings only: the one-click "send apologies" page. */
  apologiesUrl: string | null;
  footer: FooterView;
}

export function reminderEmail(r: ReminderInput): RenderedEmail {
  const e = r.event;
  const subject = `Reminder: ${e.title}, ${e.whenShort}`;
  const intro = `${e.title} is ${r.lead}.`;
  const apologies = apologiesHtml(r.apologiesUrl);
  const html = shell({
    partnershipName: e.partnershipName,
    preheader: `${e.when}${e.where ? ` · ${e.where}` : ''}`,
    heading: intro,
    bodyHtml: `${detailsHtml(e)}${e.parentNote ? paragraphs(e.parentNote) : ''}${e.description ? paragraphs(e.description) : ''}${linksHtml(e)}<p style="margin:0 0 12px 0;color:#555555;font-size:13px;">${CALENDAR_NOTE}</p>${apologies}`,
    footerHtml: footerHtml(r.footer),
  });
  const text = [
    intro,
    '',
    detailsText(e),
    e.parentNote ? `\n${e.parentNote}` : '',
    e.description ? `\n${e.description}` : '',
    linksText(e) ? `\n${linksText(e)}` : '',
    '',
    CALENDAR_NOTE,
    apologiesText(r.apologiesUrl),
    '',
    '-- ',
    footerText(r.footer),
  ]
    .filter((l, i, all) => !(l === '' && all[i - 1] === ''))
    .join('\n');
  return { subject, text, html };
}
