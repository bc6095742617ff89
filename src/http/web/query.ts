/**
 * @module Reading page query strings leniently: a malformed value falls back to the default rather
 * than an error page. A real date or year outside the years the calendar keeps (1900–2200) is the
 * exception: it is refused with a page saying so, rather than quietly shown as today.
 */
import type { Context } from 'hono';
import { isDate, yearRangeProblem } from '../../domain/time.js';
import { checkDate, datePartsOf, type DateParts } from './uk-dates.js';
import { encodeCursor, type OccurrencePage } from '../../occurrences/index.js';
import type { FieldError } from '../../domain/validation.js';

export type QueryValue<T> = { ok: true; value: T } | { ok: false; error: FieldError };

export function intQuery(c: Context, name: string, fallback: number, min: number, max: number): number {
  const raw = c.req.query(name);
  if (!raw || !/^\d+$/.test(raw)) return fallback;
  const n = Number(raw);
  return n < min || n > max ? fallback : n;
}

export function dateQuery(c: Context, name: string, fallback: string): QueryValue<string> {
  const raw = c.req.query(name);
  if (!raw || !isDate(raw)) return { ok: true, value: fallback };
  const range = yearRangeProblem(raw);
  return range ? { ok: false, error: { field: name, message: range } } : { ok: true, value: raw };
}

/** `?year=`: a number in 1900–2200, the fallback when absent or not a number. */
export function yearQuery(c: Context, fallback: number): QueryValue<number> {
  const raw = c.req.query('year');
  if (!raw || !/^\d{1,6}$/.test(raw)) return { ok: true, value: fallback };
  const range = yearRangeProblem(Number(raw));
  return range ? { ok: false, error: { field: 'year', message: range } } : { ok: true, value: Number(raw) };
}

export function textQuery(c: Context, name: string, max = 100): string {
  const raw = c.req.query(name) ?? '';
  return raw.length > max ? '' : raw.trim();
}

/** The current URL with some parameters replaced (empty values dropped): for pagers and links. */
export function withQuery(c: Context, changes: Record<string, string | number | null>): string {
  const url = new URL(c.req.url);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === '') url.searchParams.delete(k);
    else url.searchParams.set(k, String(v));
  }
  for (const [k, v] of [...url.searchParams]) if (v === '') url.searchParams.delete(k);
  return url.pathname + (url.search || '');
}

/** Previous/next links for page `page` of `total` items shown `size` at a time. */
export function pagerLinks(c: Context, page: number, size: number, total: number): { previous: string | null; next: string | null } {
  return {
    previous: page > 1 ? withQuery(c, { page: page - 1 }) : null,
    next: page * size < total ? withQuery(c, { page: page + 1 }) : null,
  };
}

/** Previous/next links of a keyset-paged list of occurrences (`after`/`before` cursors in the URL). */
export function cursorLinks(c: Context, page: Pick<OccurrencePage, 'next' | 'previous'>): { previous: string | null; next: string | null } {
  return {
    previous: page.previous ? withQuery(c, { before: encodeCursor(page.previous), after: null, page: null }) : null,
    next: page.next ? withQuery(c, { after: encodeCursor(page.next), before: null, page: null }) : null,
  };
}

/**
 * A date filter typed as day, month and year boxes (`name-day`, `name-month`, `name-year`), or given
 * as `name=2026-10-14` in a link; the fallback when neither is there. A date typed wrong falls back
 * too, with a message for the field.
 */
export function dateFilter(c: Context, name: string, fallback: string): { iso: string; parts: DateParts; error: string | null } {
  const parts = {
    day: c.req.query(`${name}-day`) ?? '',
    month: c.req.query(`${name}-month`) ?? '',
    year: c.req.query(`${name}-year`) ?? '',
  };
  const typed = checkDate({ day: parts.day.trim(), month: parts.month.trim(), year: parts.year.trim() });
  if (typed.ok) return { iso: typed.iso, parts, error: null };
  // A `name=` date out of range is refused by the page before it reads the filter (dateQuery).
  const linked = dateQuery(c, name, fallback);
  const iso = linked.ok ? linked.value : fallback;
  if (typed.empty) return { iso, parts: datePartsOf(iso), error: null };
  return { iso, parts, error: typed.message };
}
