/**
 * @module The two emails about a meeting's papers: the agenda, sent to members when it is published
 * (numbered items, each with its lead and public papers linked; an exempt item shows only its
 * number and the reason the public is excluded), and the draft minutes, sent when they are ready
 * for approval at the next meeting.
 */
import { button, escapeHtml, link, paragraphs, shell } from './layout.js';
import { detailsHtml, detailsText, footerHtml, footerText, type EventView, type FooterView, type RenderedEmail } from './parts.js';

export interface PaperLink {
  title: string;
  url: string;
}

export interface AgendaEntry {
  number: number;
  /** Null for an exempt item: its title is for the meeting page, not an email that may be forwarded. */
  title: string | null;
  lead: string;
  exemptReason: string | null;
  papers: PaperLink[];
  /** The item's minute (minutes email only; '' for none or exempt). */
  minutes: string;
}

export interface MeetingPapersInput {
  event: EventView;
  /** The meeting's page: agenda, papers, attendance and minutes. */
  pageUrl: string;
  items: AgendaEntry[];
  /** Papers for the whole meeting (an agenda pack, a minutes document). */
  documents: PaperLink[];
  /** 1 for the first sending; later ones say the agenda was updated. */
  revision: number;
  apologiesUrl: string | null;
  /** Minutes only: where they will be approved ("Thursday 18 July 2019, 14:00"), if known. */
  nextMeeting: string | null;
  footer: FooterView;
}

const SMALL = 'color:#555555;font-size:13px;';

function itemHtml(item: AgendaEntry, withMinutes: boolean): string {
  const heading = item.title
    ? `<strong>${item.number}. ${escapeHtml(item.title)}</strong>${item.lead ? ` <span style="${SMALL}">${escapeHtml(item.lead)}</span>` : ''}`
    : `<strong>${item.number}. Exempt item</strong><br><span style="${SMALL}">The public and press are excluded: ${escapeHtml(item.exemptReason ?? '')}</span>`;
  const papers = item.papers.length ? `<br>${item.papers.map((p) => link(p.title, p.url)).join(' · ')}` : '';
  const minute = withMinutes && item.minutes ? `<div style="margin:6px 0 0 0;">${paragraphs(item.minutes)}</div>` : '';
  return `<tr><td style="padding:8px 0;border-bottom:1px solid #eeeeee;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:21px;color:#111111;">${heading}${papers}${minute}</td></tr>`;
}

function itemText(item: AgendaEntry, withMinutes: boolean): string {
  const lines = item.title
    ? [`${item.number}. ${item.title}${item.lead ? ` (${item.lead})` : ''}`]
    : [`${item.number}. Exempt item: the public and press are excluded (${item.exemptReason ?? ''})`];
  for (const p of item.papers) lines.push(`   ${p.title}: ${p.url}`);
  if (withMinutes && item.minutes) lines.push(...item.minutes.split('\n').map((l) => `   ${l}`));
  return lines.join('\n');
}

function papersEmail(p: MeetingPapersInput, kind: 'agenda' | 'minutes'): RenderedEmail {
  const e = p.event;
  const minutes = kind === 'minutes';
  const heading = minutes
    ? `Draft minutes of ${e.title} are ready for approval`
    : p.revision > 1
      ? `The agenda for ${e.title} has been updated`
      : `The agenda for ${e.title} is published`;
  const subject = minutes
    ? `Draft minutes: ${e.title}, ${e.whenShort}`
    : `Agenda${p.revision > 1 ? ' (updated)' : ''}: ${e.title}, ${e.whenShort}`;
  const intro = minutes
    ? `Please read the draft minutes before the next meeting${p.nextMeeting ? ` (${p.nextMeeting})` : ''}, where they will be put for approval as a correct record. They are not public until then.`
    : 'The agenda and the papers published so far are below and on the meeting’s page.';
  const documents = p.documents.length
    ? `<p style="margin:0 0 12px 0;">${p.documents.map((d) => link(d.title, d.url)).join(' · ')}</p>`
    : '';
  const apologies = p.apologiesUrl
    ? `<p style="margin:16px 0 8px 0;">Can’t make it? Let the organiser know:</p>${button('Send my apologies', p.apologiesUrl, '#555555')}`
    : '';
  const html = shell({
    partnershipName: e.partnershipName,
    preheader: `${e.title}, ${e.when}`,
    heading,
    bodyHtml: `${detailsHtml(e)}${paragraphs(intro)}<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;margin:0 0 16px 0;">${p.items.map((i) => itemHtml(i, minutes)).join('')}</table>${documents}${button(minutes ? 'Read the minutes' : 'Agenda and papers', p.pageUrl)}${apologies}`,
    footerHtml: footerHtml(p.footer),
  });
  const text = [
    heading + '.',
    '',
    detailsText(e),
    '',
    intro,
    '',
    ...p.items.map((i) => itemText(i, minutes)),
    ...p.documents.map((d) => `${d.title}: ${d.url}`),
    '',
    `${minutes ? 'The minutes' : 'Agenda and papers'}: ${p.pageUrl}`,
    p.apologiesUrl ? `\nCan't make it? Send your apologies: ${p.apologiesUrl}` : '',
    '',
    '-- ',
    footerText(p.footer),
  ].join('\n');
  return { subject, html, text };
}

export function agendaEmail(p: MeetingPapersInput): RenderedEmail {
  return papersEmail(p, 'agenda');
}

export function minutesEmail(p: MeetingPapersInput): RenderedEmail {
  return papersEmail(p, 'minutes');
}
