/** @module The email telling a group's organiser that a member sent apologies for a meeting. */
import { paragraphs, shell } from './layout.js';
import { detailsHtml, detailsText, type EventView, type RenderedEmail } from './parts.js';

export interface ApologyInput {
  event: EventView;
  /** Who sent apologies: their name or role and address, as the directory knows them. */
  member: string;
  note: string;
}

export function apologyEmail(a: ApologyInput): RenderedEmail {
  const e = a.event;
  const heading = `Apologies from ${a.member}`;
  return {
    subject: `Apologies: ${a.member}, ${e.title} ${e.whenShort}`,
    html: shell({
      partnershipName: e.partnershipName,
      preheader: `${a.member} cannot attend ${e.title} on ${e.when}.`,
      heading,
      bodyHtml: `${paragraphs(`${a.member} has sent apologies for:`)}${detailsHtml(e)}${a.note ? paragraphs(`Their note: ${a.note}`) : ''}`,
      footerHtml: `You get this as the organiser of ${e.groupName ?? 'this group'}.`,
    }),
    text: [
      heading,
      '',
      `${a.member} has sent apologies for:`,
      '',
      detailsText(e),
      a.note ? `\nTheir note: ${a.note}` : '',
      '',
      '-- ',
      `You get this as the organiser of ${e.groupName ?? 'this group'}.`,
    ].join('\n'),
  };
}
