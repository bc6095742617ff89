/**
 * @module The HTML shell every email shares. Outlook renders HTML with Word's engine: no external
 * CSS, no flexbox or max-width on divs, no background images. So: nested presentation tables,
 * inline styles only, buttons as table cells with bgcolor, system fonts. The column is fluid up to
 * 600px (width:100%, max-width:600px), so it fits a 320px phone; Outlook on Windows ignores
 * max-width, so a "ghost" 600px table inside an [if mso] comment holds it there. Long words and
 * addresses wrap rather than widen the column.
 */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Text with line breaks kept, escaped for HTML. */
export function paragraphs(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => `<p style="margin:0 0 12px 0;">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

const FONT = 'font-family:Arial,Helvetica,sans-serif;';

export function button(label: string, href: string, colour = '#1d4f91'): string {
  return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;display:inline-table;margin:0 8px 8px 0;"><tr>
<td bgcolor="${colour}" style="background-color:${colour};padding:10px 18px;border-radius:4px;">
<a href="${escapeHtml(href)}" style="${FONT}font-size:15px;font-weight:bold;color:#ffffff;text-decoration:none;">${escapeHtml(label)}</a>
</td></tr></table>`;
}

/** A two-column row of the "when / where" table. */
export function detailRow(label: string, valueHtml: string): string {
  return `<tr><td valign="top" style="${FONT}font-size:15px;color:#555555;padding:4px 16px 4px 0;white-space:nowrap;">${escapeHtml(label)}</td>
<td valign="top" style="${FONT}font-size:15px;color:#111111;padding:4px 0;">${valueHtml}</td></tr>`;
}

export interface Shell {
  partnershipName: string;
  /** Shown as hidden preview text in the inbox list. */
  preheader: string;
  heading: string;
  bodyHtml: string;
  footerHtml: string;
}

export function shell(s: Shell): string {
  return `<!DOCTYPE html>
<html lang="en-GB" xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<title>${escapeHtml(s.heading)}</title>
</head>
<body style="margin:0;padding:0;background-color:#f2f4f7;">
<div style="display:none;font-size:1px;color:#f2f4f7;line-height:1px;max-height:0;max-width:0;opacity:0;overflow:hidden;">${escapeHtml(s.preheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="#f2f4f7" style="width:100%;background-color:#f2f4f7;border-collapse:collapse;">
<tr><td align="center" style="padding:16px 8px;">
<!--[if mso]><table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" align="center"><tr><td><![endif]-->
<table role="presentation" class="column" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;border-collapse:collapse;background-color:#ffffff;overflow-wrap:break-word;word-wrap:break-word;" bgcolor="#ffffff">
<tr><td bgcolor="#1d4f91" style="background-color:#1d4f91;padding:16px;${FONT}font-size:16px;font-weight:bold;color:#ffffff;">${escapeHtml(s.partnershipName)}</td></tr>
<tr><td style="padding:24px 16px 8px 16px;${FONT}font-size:15px;line-height:22px;color:#111111;">
<h1 style="margin:0 0 16px 0;${FONT}font-size:22px;line-height:28px;color:#111111;">${escapeHtml(s.heading)}</h1>
${s.bodyHtml}
</td></tr>
<tr><td style="padding:16px 16px 24px 16px;border-top:1px solid #dddddd;${FONT}font-size:13px;line-height:19px;color:#555555;">${s.footerHtml}</td></tr>
</table>
<!--[if mso]></td></tr></table><![endif]-->
</td></tr>
</table>
</body>
</html>`;
}

export function link(label: string, href: string): string {
  return `<a href="${escapeHtml(href)}" style="color:#1d4f91;text-decoration:underline;">${escapeHtml(label)}</a>`;
}
