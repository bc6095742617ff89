/**
 * @module Where an import's calendar comes from: an uploaded file or an address fetched behind the
 * SSRF guard. Shared by the API and the organisers' pages, so both refuse the same things with
 * the same words, naming the field.
 */
import type { FieldError } from '../domain/validation.js';
import { httpUrl, refusedUrl, type Fetcher } from './fetch.js';
import { MAX_IMPORT_BYTES } from './service.js';

export type Intake = { ok: true; sourceKind: 'file' | 'url'; sourceLabel: string; content: string } | { ok: false; errors: FieldError[] };

const MB = `${(MAX_IMPORT_BYTES / 1_000_000).toFixed(0)} MB`;

/**
 * An uploaded file's name as the import's label: letters, digits, spaces, dots, hyphens and
 * underscores only (accents dropped by NFKD), at most 100 characters, as a meeting document's
 * name is cleaned (safeFileName); `calendar.ics` when nothing is left. A name is the sender's,
 * so it may hold NUL (which PostgreSQL refuses) or a direction override: it is cleaned, not refused.
 */
function uploadLabel(name: string): string {
  const clean = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9 ._-]+/g, '')
    .trim()
    .slice(0, 100);
  return clean || 'calendar.ics';
}

/**
 * The calendar's text, or the error naming `field` when it holds a NUL character: RFC 5545
 * (3.3.11, TEXT; 3.1, CONTROL) allows none in any value, and PostgreSQL refuses NUL in text
 * (SQLSTATE 22021), so a kept import holding one answered 500 there. Other control characters
 * are left to each event's own check, which skips that event and says why.
 */
function nulProblem(field: 'file' | 'url', content: string): FieldError | null {
  const at = content.indexOf('\u0000');
  if (at < 0) return null;
  const line = content.slice(0, at).split('\n').length;
  return { field, message: `holds a NUL character (U+0000) on line ${line}, which no iCalendar text may hold; remove it` };
}

/** Reads the file, or fetches the address; exactly one of them must be given. */
export async function takeIn(input: { file: File | null; url: string | null }, fetcher: Fetcher | undefined): Promise<Intake> {
  const { file, url } = input;
  if (file && file.size > 0 && url) return { ok: false, errors: [{ field: 'url', message: 'give a file or an address, not both' }] };
  if (file && file.size > 0) {
    if (file.size > MAX_IMPORT_BYTES) return { ok: false, errors: [{ field: 'file', message: `is larger than ${MB}; split it` }] };
    const content = await file.text();
    const nul = nulProblem('file', content);
    if (nul) return { ok: false, errors: [nul] };
    return { ok: true, sourceKind: 'file', sourceLabel: uploadLabel(file.name), content };
  }
  if (!url)
    return { ok: false, errors: [{ field: 'file', message: 'is required: upload an .ics file or give the address of a calendar' }] };
  const refused = url.length > 2000 ? 'is longer than 2,000 characters' : refusedUrl(url);
  if (refused) return { ok: false, errors: [{ field: 'url', message: refused }] };
  if (!fetcher) return { ok: false, errors: [{ field: 'url', message: 'cannot be fetched: this service has no fetcher configured' }] };
  const fetched = await fetcher({ url: httpUrl(url), maxBytes: MAX_IMPORT_BYTES });
  if (!fetched.ok) return { ok: false, errors: [{ field: 'url', message: `could not be fetched: ${fetched.error}` }] };
  if (fetched.status !== 200) return { ok: false, errors: [{ field: 'url', message: 'could not be fetched (no content)' }] };
  const nul = nulProblem('url', fetched.body);
  if (nul) return { ok: false, errors: [nul] };
  return { ok: true, sourceKind: 'url', sourceLabel: url, content: fetched.body };
}
