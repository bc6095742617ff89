/**
 * @module The byte-level rules of iCalendar text (RFC 5545 §3.1, §3.3.11): escaping of TEXT
 * values and parameters, and folding of content lines at 75 octets. Hand-written because
 * ical-generator's folding costs ~0.4 s per 1,000 events (docs/decisions.md); this walks each
 * long line once, never splits a UTF-8 sequence or a backslash escape, and leaves short lines
 * (almost all of them) untouched.
 */

export const CRLF = '\r\n';

/** Longest content line in octets, CRLF excluded. Continuation lines spend one octet on the leading space. */
export const MAX_LINE_OCTETS = 75;

// Control characters other than HTAB are not allowed in TEXT (RFC 5545 §3.3.11); CR and LF are
// handled first (as \n), so nothing a user types can start a new content line.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;
const NEEDS_ESCAPE = /[\\;,\r\n\u0000-\u0008\u000b-\u001f\u007f]/;

/** Escapes a TEXT value: backslash, semicolon, comma and line breaks (as \n); drops other controls. */
export function escapeText(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value
    .replace(/\r\n|\r|\n/g, '\n')
    .replace(CONTROL, '')
    .replace(/[\\;,\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/**
 * A parameter value (CN=...). Parameters cannot be escaped, only quoted, and may not contain a
 * DQUOTE or a control character at all: those are removed, line breaks become spaces.
 */
export function paramValue(value: string): string {
  const clean = value.replace(/\r\n|\r|\n/g, ' ').replace(/[\u0000-\u001f\u007f"]/g, '');
  return /[:;,]/.test(clean) ? `"${clean}"` : clean;
}

/** A URI or mail address inside a property value: no whitespace controls may break the line. */
export function uriValue(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f\s]/g, '');
}

/**
 * Appends `line` to `out` followed by CRLF, folded so no physical line exceeds 75 octets.
 * A fold never falls inside a multi-byte UTF-8 sequence (we step by code point) nor between a
 * backslash and the character it escapes (we step over escapes as one unit).
 */
export function pushLine(out: string[], line: string): void {
  // A UTF-16 code unit is at most 3 UTF-8 octets, so 25 units always fit in 75 octets.
  if (line.length <= 25 || (line.length <= MAX_LINE_OCTETS && isAscii(line))) {
    out.push(line, CRLF);
    return;
  }
  let start = 0;
  let octets = 0;
  let limit = MAX_LINE_OCTETS;
  let i = 0;
  while (i < line.length) {
    const code = line.charCodeAt(i);
    let units = 1;
    let size: number;
    if (code === 0x5c && i + 1 < line.length) {
      // "\\", "\;", "\,", "\n": keep the pair together (both are ASCII).
      units = 2;
      size = 2;
    } else if (code < 0x80) size = 1;
    else if (code < 0x800) size = 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < line.length) {
      units = 2;
      size = 4;
    } else size = 3;
    if (octets + size > limit) {
      out.push(start === 0 ? line.slice(0, i) : ` ${line.slice(start, i)}`, CRLF);
      start = i;
      octets = 0;
      limit = MAX_LINE_OCTETS - 1;
    }
    octets += size;
    i += units;
  }
  out.push(start === 0 ? line : ` ${line.slice(start)}`, CRLF);
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Builds a TEXT property line: NAME[;params]:escaped-value. */
export function textLine(out: string[], name: string, value: string): void {
  pushLine(out, `${name}:${escapeText(value)}`);
}
