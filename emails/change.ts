/** @module The "it has moved" email sent to people already reminded, with the old time or place beside the new. */
import { paragraphs, shell } from './layout.js';
import {
  CALENDAR_NOTE,
  detailsHtml,
  detailsText,
  footerHtml,
  footerText,
  type EventView,
  type FooterView,
  type RenderedEmail,
} from './parts.js';

export interface ChangeInput {
  event: EventView;
  previous: { when?: string; where?: string };
  note: string;
  footer: FooterView;
}

export function changeEmail(c: ChangeInput): RenderedEmail {
  const e = c.event;
  const what = c.previous.when ? 'has moved' : 'has a new venue';
  const heading = `${e.title} ${what}`;
  return {
    subject: `Changed: ${e.title}, now ${e.whenShort}`,
    html: shell({
      partnershipName: e.partnershipName,
      preheader: `Now ${e.when}${e.where ? ` · ${e.where}` : ''}`,
      heading,
      bodyHtml: `${detailsHtml(e, c.previous)}${c.note ? paragraphs(c.note) : ''}<p style="margin:0 0 12px 0;color:#555555;font-size:13px;">${CALENDAR_NOTE}</p>`,
      footerHtml: footerHtml(c.footer),
    }),
    text: [
      heading + '.',
      '',
      detailsText(e, c.previous),
      c.note ? `\n${c.note}` : '',
      '',
      CALENDAR_NOTE,
      '',
      '-- ',
      footerText(c.footer),
    ].join('\n'),
  };
}
