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

/** Reads the file, or fetches the address; exactly one of them must be given. */
export async function takeIn(input: { file: File | null; url: string | null }, fetcher: Fetcher | undefined): Promise<Intake> {
  const { file, url } = input;
  if (file && file.size > 0 && url) return { ok: false, errors: [{ field: 'url', message: 'give a file or an address, not both' }] };
  if (file && file.size > 0) {
    if (file.size > MAX_IMPORT_BYTES) return { ok: false, errors: [{ field: 'file', message: `is larger than ${MB}; split it` }] };
    const content = await file.text();
    return { ok: true, sourceKind: 'file', sourceLabel: (file.name || 'calendar.ics').slice(0, 200), content };
  }
  if (!url)
    return { ok: false, errors: [{ field: 'file', message: 'is required: upload an .ics file or give the address of a calendar' }] };
  const refused = url.length > 2000 ? 'is longer than 2,000 characters' : refusedUrl(url);
  if (refused) return { ok: false, errors: [{ field: 'url', message: refused }] };
  if (!fetcher) return { ok: false, errors: [{ field: 'url', message: 'cannot be fetched: this service has no fetcher configured' }] };
  const fetched = await fetcher({ url: httpUrl(url), maxBytes: MAX_IMPORT_BYTES });
  if (!fetched.ok) return { ok: false, errors: [{ field: 'url', message: `could not be fetched: ${fetched.error}` }] };
  if (fetched.status !== 200) return { ok: false, errors: [{ field: 'url', message: 'could not be fetched (no content)' }] };
  return { ok: true, sourceKind: 'url', sourceLabel: url, content: fetched.body };
}
