/** @module Reading requests: JSON bodies and query parameters, refused with a named field when wrong. */
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { DateTime } from 'luxon';
import { DEFAULT_ZONE, isDate, parseDateTime, yearRangeProblem } from '../domain/time.js';
import { isRecord, jsonTextProblems, textProblem, type FieldError } from '../domain/validation.js';
import { badRequest } from './errors.js';

const BROKEN_UTF8 = 'is not valid UTF-8 text: send it encoded as UTF-8';
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** `bytes` as UTF-8 text (a leading BOM dropped), or null when they are not valid UTF-8. */
function utf8Text(bytes: ArrayBuffer): string | null {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    return null;
  }
}

function shapeOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list ([…])';
  if (value === null) return 'null';
  return typeof value === 'string' ? 'text' : `a ${typeof value}`;
}

/**
 * The JSON object every write endpoint expects. Anything else (a list, text, a number, null,
 * broken JSON, nothing) is refused naming `body` before any field is read, so no route reads
 * fields off the wrong shape (a JSON list sent to /cancel once cancelled the event).
 * Every string in it, at any depth, is then held to the shared text rule (jsonTextProblems): NUL,
 * control and bidirectional characters are refused naming where they are, whichever field holds them.
 * Bytes that are not UTF-8 (RFC 8259 8.1) are refused naming `body`, rather than read as U+FFFD.
 * `optional`: an empty body reads as {} (a cancellation without a reason).
 */
export async function readJsonObject(c: Context, opts: { optional?: boolean } = {}): Promise<Record<string, unknown>> {
  const text = utf8Text(await c.req.arrayBuffer());
  if (text === null) throw badRequest([{ field: 'body', message: BROKEN_UTF8 }]);
  if (!text.trim()) {
    if (opts.optional) return {};
    throw badRequest([{ field: 'body', message: 'is empty: send a JSON object ({…})' }]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw badRequest([{ field: 'body', message: `must be valid JSON (${(error as Error).message})` }]);
  }
  if (!isRecord(value)) throw badRequest([{ field: 'body', message: `must be a JSON object ({…}), not ${shapeOf(value)}` }]);
  const hidden = jsonTextProblems(value);
  if (hidden.length) throw badRequest(hidden);
  return value;
}

/** A comma-separated or repeated query parameter, e.g. ?kind=meeting,deadline or ?kind=meeting&kind=deadline. */
export function listParam(c: Context, name: string): string[] {
  return (
    c.req
      .queries(name)
      ?.flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter(Boolean) ?? []
  );
}

export function enumListParam<T extends string>(c: Context, name: string, allowed: readonly T[]): T[] {
  const values = listParam(c, name);
  const bad = values.find((v) => !(allowed as readonly string[]).includes(v));
  if (bad !== undefined) throw badRequest([{ field: name, message: `has "${bad}"; use one of: ${allowed.join(', ')}` }]);
  return values as T[];
}

export function intParam(c: Context, name: string, opts: { fallback: number; min: number; max: number }): number {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return opts.fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < opts.min || Number(raw) > opts.max) {
    throw badRequest([{ field: name, message: `must be a whole number from ${opts.min} to ${opts.max}` }]);
  }
  return Number(raw);
}

/**
 * A date (start of that UK day; for `to`, the end of it) or a date-time. `to=2022-10-15` includes
 * the 15th, as a person reading "to 15 October" expects.
 */
export function instantParam(c: Context, name: string, edge: 'start' | 'end'): DateTime | undefined {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return undefined;
  const range = /^\d{4}-/.test(raw) ? yearRangeProblem(raw) : null;
  if (range) throw badRequest([{ field: name, message: range }]);
  if (isDate(raw)) {
    const day = DateTime.fromISO(raw, { zone: DEFAULT_ZONE });
    return edge === 'start' ? day.startOf('day') : day.plus({ days: 1 }).startOf('day');
  }
  const parsed = parseDateTime(raw, DEFAULT_ZONE);
  if (!parsed.ok) throw badRequest([{ field: name, message: `must be a date (2026-10-14) or date-time; it ${parsed.message}` }]);
  return parsed.instant;
}

/** limit and offset for a paginated list. */
export function pageParams(c: Context, opts: { fallback: number; max: number }) {
  return {
    limit: intParam(c, 'limit', { fallback: opts.fallback, min: 1, max: opts.max }),
    offset: intParam(c, 'offset', { fallback: 0, min: 0, max: 1_000_000 }),
  };
}

/**
 * `segment` as the router reads it: each run of well-formed escapes decoded, the rest (`%ZZ`, a
 * cut-off or invalid UTF-8 sequence) left as written, as Hono's tryDecode does; and whether any
 * part was malformed. `a%00%ZZ` reads as `a`, NUL, `%ZZ`, malformed.
 */
function decodedSegment(segment: string): { text: string; malformed: boolean } {
  try {
    return { text: decodeURIComponent(segment), malformed: false };
  } catch {
    return { text: decodedRuns(segment).text, malformed: true };
  }
}

/**
 * `text` with each run of well-formed escapes (`%C3%A9`) decoded and everything else left as
 * written; `broken` when a run's bytes are not UTF-8 (`%FF`, a cut-off `%E0%A4`), which is left as written.
 */
function decodedRuns(text: string): { text: string; broken: boolean } {
  let broken = false;
  const decoded = text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      broken = true;
      return run;
    }
  });
  return { text: decoded, broken };
}

/** The name of the route parameter at path segment `index` (`id` of /api/events/:id), or `path`. */
function parameterAt(c: Context, index: number): string {
  for (const route of matchedRoutes(c)) {
    if (route.method !== 'ALL' && route.method !== c.req.method) continue;
    const name = /^:(\w+)/.exec(route.path.split('/')[index] ?? '')?.[1];
    if (name) return name;
  }
  return 'path';
}

/**
 * The address's check, before any route: each path segment and each query name and value,
 * percent-decoded, under textProblem's one-line rule. A NUL (`%00`), another control character, a
 * line break or a bidirectional override in an address is never a real id, date or search: it is a
 * 400 naming the parameter (`id`, `q`; `path` for a segment no route names), on every route at once.
 * (PostgreSQL refuses NUL in text, SQLSTATE 22021, and SQLite's FTS5 reads it as the end of the
 * query: each answered 500 before.) A segment with malformed encoding (`%ZZ`, `%`, `%FF`) is
 * refused too, naming the parameter: the router still decodes its well-formed runs, so
 * `a%00%ZZ` reached storage holding a NUL when such a segment was left to the routes (ADR 293).
 */
export const refuseHiddenCharactersInAddress: MiddlewareHandler = async (c, next) => {
  const errors: FieldError[] = [];
  const url = new URL(c.req.url);
  url.pathname.split('/').forEach((segment, index) => {
    const { text, malformed } = segment.includes('%') ? decodedSegment(segment) : { text: segment, malformed: false };
    const problem =
      textProblem(text, { singleLine: true }) ??
      (malformed ? 'is not valid percent-encoding: write "%" as %25 and each byte as % and two hex digits of UTF-8' : null);
    if (problem) errors.push({ field: parameterAt(c, index), message: problem });
  });
  if (url.search) {
    for (const [name, values] of Object.entries(c.req.queries())) {
      const nameProblem = textProblem(name, { singleLine: true });
      if (nameProblem) errors.push({ field: 'query', message: `has a parameter name that ${nameProblem}` });
      else
        for (const value of values) {
          const problem = textProblem(value, { singleLine: true });
          if (problem) errors.push({ field: name, message: problem });
        }
    }
  }
  if (errors.length) throw badRequest(errors);
  await next();
};

/** One byte a character, at the same offsets as the bytes (windows-1252, as WHATWG's "latin1"): for finding ASCII delimiters. */
const BYTE_TEXT = new TextDecoder('latin1');

/**
 * The text fields of a multipart/form-data body (RFC 7578) whose name or value is not UTF-8, by
 * name. File parts (a `filename` in Content-Disposition) are the sender's bytes and are left to the
 * route that reads them (an .ics import checks its own text, a meeting paper is kept as it is).
 * The platform's parser reads such bytes as U+FFFD, which was then stored as the text.
 */
function brokenMultipartFields(bytes: Uint8Array, boundary: string): string[] {
  const text = BYTE_TEXT.decode(bytes);
  const delimiter = `--${boundary}`;
  const broken: string[] = [];
  let at = text.indexOf(delimiter);
  while (at >= 0) {
    const partStart = at + delimiter.length;
    if (text.startsWith('--', partStart)) break; // the closing delimiter
    const next = text.indexOf(`\r\n${delimiter}`, partStart);
    const headersEnd = text.indexOf('\r\n\r\n', partStart);
    if (next < 0 || headersEnd < 0 || headersEnd > next) break; // malformed: the route's parser answers it
    const headers = text.slice(partStart, headersEnd);
    const disposition = /^content-disposition:(.*)$/im.exec(headers)?.[1] ?? '';
    if (!/;\s*filename\*?=/i.test(disposition)) {
      const quoted = /;\s*name="((?:[^"\\]|\\.)*)"/i.exec(disposition) ?? /;\s*name=([^;\s]*)/i.exec(disposition);
      const nameAt = quoted ? partStart + headers.indexOf(quoted[1]!) : -1;
      const name = quoted ? utf8Text(bytes.slice(nameAt, nameAt + quoted[1]!.length).buffer) : '';
      const value = utf8Text(bytes.slice(headersEnd + 4, next).buffer);
      if (name === null || value === null) broken.push(name ?? new TextDecoder().decode(bytes.slice(nameAt, nameAt + quoted![1]!.length)));
    }
    at = next + 2;
  }
  return broken;
}

/**
 * A form (application/x-www-form-urlencoded, WHATWG URL 5.1, or multipart/form-data, RFC 7578)
 * whose text is not UTF-8 is refused with a 400 naming each such field (`body` when the bytes of a
 * url-encoded form themselves are broken), before the form is read: the platform's form parser
 * turns such bytes into U+FFFD, which was then stored as the text. A url-encoded form's escapes
 * count (`title=%FF`); a multipart form's file parts do not. The body is read as bytes, which Hono
 * keeps, so the route's parseBody or formData reads it again. On every page POST and every API
 * write (ADRs 293, 298); JSON bodies have their own check (readJsonObject).
 */
export const refuseBrokenTextInForm: MiddlewareHandler = async (c, next) => {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
  const type = c.req.header('Content-Type') ?? '';
  if (/^multipart\/form-data/i.test(type)) {
    const boundary = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(type);
    if (!boundary) return next();
    const broken = brokenMultipartFields(new Uint8Array(await c.req.arrayBuffer()), boundary[1] ?? boundary[2]!);
    if (broken.length)
      throw badRequest(
        broken.map((field) => ({ field, message: `holds bytes that are not UTF-8 text (the form's "${field}"); type it again` })),
      );
    return next();
  }
  if (c.req.method !== 'POST' || !type.startsWith('application/x-www-form-urlencoded')) return next();
  const text = utf8Text(await c.req.arrayBuffer());
  if (text === null) throw badRequest([{ field: 'body', message: BROKEN_UTF8 }]);
  const errors: FieldError[] = [];
  for (const pair of text.split('&')) {
    const [name = '', value = ''] = pair.replace(/\+/g, ' ').split(/=(.*)/s);
    const field = decodedRuns(name);
    if (field.broken || decodedRuns(value).broken)
      // Named in the message too: a page shows the messages of an error, not the field names.
      errors.push({ field: field.text, message: `holds bytes that are not UTF-8 text (the form's "${field.text}"); type it again` });
  }
  if (errors.length) throw badRequest(errors);
  await next();
};
