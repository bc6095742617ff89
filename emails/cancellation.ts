/** @module The cancellation email sent to people already reminded; its METHOD:CANCEL invitation removes the calendar entry. */
import { paragraphs, shell } from './layout.js';
import { detailsHtml, detailsText, footerHtml, footerText, type EventView, type FooterView, type RenderedEmail } from './parts.js';

export interface CancellationInput {
  event: EventView;
  /** The organiser's reason, in their words ('' when none was given); shown as "Reason: …". */
  reason: string;
  /**
   * The whole series is cancelled as well as this date on its own (`reason` is then the date's):
   * said after it, with the series' own reason when it has another (ADR 279).
   */
  seriesCancelled?: { reason: string };
  footer: FooterView;
}

export function cancellationEmail(c: CancellationInput): RenderedEmail {
  const e = c.event;
  const own = c.reason.trim();
  const seriesReason = c.seriesCancelled?.reason.trim() ?? '';
  const series = c.seriesCancelled
    ? `All dates of this series are cancelled too.${seriesReason && seriesReason !== own ? ` Reason: ${seriesReason}` : ''}`
    : '';
  const reason = [own ? `Reason: ${own}` : '', series].filter(Boolean).join('\n\n');
  const heading = `Cancelled: ${e.title}, ${e.when}`;
  const note = 'If you accepted the invitation, your calendar will remove it.';
  return {
    subject: `Cancelled: ${e.title}, ${e.whenShort}`,
    html: shell({
      partnershipName: e.partnershipName,
      preheader: `${e.title} on ${e.when} will not take place.`,
      heading,
      bodyHtml: `<p style="margin:0 0 12px 0;">This will not take place.</p>${detailsHtml(e)}${reason ? paragraphs(reason) : ''}<p style="margin:0 0 12px 0;color:#555555;font-size:13px;">${note}</p>`,
      footerHtml: footerHtml(c.footer),
    }),
    text: [
      heading,
      '',
      'This will not take place.',
      '',
      detailsText(e),
      reason ? `\n${reason}` : '',
      '',
      note,
      '',
      '-- ',
      footerText(c.footer),
    ].join('\n'),
  };
}
