/** @module The weekly digest: what is coming up in the next 14 days, earliest first. */
import { escapeHtml, shell } from './layout.js';
import { footerHtml, footerText, type FooterView, type RenderedEmail } from './parts.js';

export interface DigestInput {
  partnershipName: string;
  days: number;
  items: { title: string; kindLabel: string; when: string; where: string }[];
  footer: FooterView;
}

export function digestEmail(d: DigestInput): RenderedEmail {
  const heading = `Coming up in the next ${d.days} days`;
  const rows = d.items
    .map(
      (
        i,
      ) => `<tr><td style="padding:8px 0;border-bottom:1px solid #eeeeee;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:21px;color:#111111;">
<strong>${escapeHtml(i.title)}</strong> <span style="color:#555555;font-size:13px;">${escapeHtml(i.kindLabel)}</span><br>${escapeHtml(i.when)}${i.where ? `<br><span style="color:#555555;">${escapeHtml(i.where)}</span>` : ''}</td></tr>`,
    )
    .join('');
  const empty = d.items.length === 0 ? '<p style="margin:0 0 12px 0;">Nothing is on the calendar for the next two weeks.</p>' : '';
  return {
    subject: `${d.partnershipName}: coming up in the next ${d.days} days (${d.items.length} ${d.items.length === 1 ? 'date' : 'dates'})`,
    html: shell({
      partnershipName: d.partnershipName,
      preheader: d.items
        .slice(0, 3)
        .map((i) => i.title)
        .join(' · '),
      heading,
      bodyHtml: `${empty}<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;">${rows}</table>`,
      footerHtml: footerHtml(d.footer),
    }),
    text: [
      heading,
      '',
      ...d.items.map((i) => `* ${i.title} (${i.kindLabel})\n  ${i.when}${i.where ? `\n  ${i.where}` : ''}`),
      d.items.length ? '' : 'Nothing is on the calendar for the next two weeks.',
      '',
      '-- ',
      footerText(d.footer),
    ].join('\n'),
  };
}
