/**
 * @module Building one feed body: read the events, serialize them in chunks (yielding to the
 * event loop between chunks so a 10,000-event build never stalls other requests), encode once,
 * and compute what HTTP caching needs (strong ETag from the bytes, Last-Modified, how long the
 * body stays right even if nothing is written: the next cancelled event to age out).
 */
import { sql } from 'kysely';
import type { Store } from '../db/store.js';
import type { CalendarEvent } from '../domain/event.js';
import { feedEventPages } from './feed-query.js';
import type { FeedSpec } from './filter.js';
import { belongsInFeed, calendarParts, retentionEndsAt, type CalendarOptions } from './ics.js';

/** Events serialized between two yields to the event loop (~2–4 ms of work). */
const EVENTS_PER_CHUNK = 200;

export interface BuiltFeed {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
  /** Milliseconds since the epoch, whole seconds (HTTP dates have no fraction). */
  lastModified: number;
  /** The body is stale at this instant even without writes (a cancelled event leaves); Infinity if never. */
  validUntil: number;
  events: number;
}

/** A cheap summary of everything a feed body depends on; it changes whenever any of it does. */
export interface Fingerprint {
  key: string;
  /** Latest change to events, groups or organisations (ms), the floor for Last-Modified. */
  changedAt: number;
}

/**
 * One indexed query: latest updated_at and row count of events (a deleted row changes the
 * count), and the latest change to groups and organisations (feed names). Portable SQL, so the
 * same check works on D1, where other isolates write without telling this one.
 */
export async function readFingerprint(store: Store): Promise<Fingerprint> {
  const { rows } = await sql<{ e: string | null; n: number; g: string | null; o: string | null }>`
    select (select max(updated_at) from events) as e, (select count(*) from events) as n,
           (select max(updated_at) from groups) as g, (select max(updated_at) from organisations) as o`.execute(store.db);
  const row = rows[0] ?? { e: null, n: 0, g: null, o: null };
  const times = [row.e, row.g, row.o].filter((t): t is string => !!t).map((t) => Date.parse(t));
  return { key: `${row.e}|${row.n}|${row.g}|${row.o}`, changedAt: times.length ? Math.max(...times) : 0 };
}

/**
 * The events of a feed (published and cancelled; the serializer keeps cancelled ones 30 days),
 * read page by page with a yield to the event loop after each page.
 */
export async function feedEvents(store: Store, spec: FeedSpec): Promise<CalendarEvent[]> {
  const events: CalendarEvent[] = [];
  for await (const page of feedEventPages(store, spec)) {
    events.push(...page);
    await yieldToEventLoop();
  }
  return events;
}

/**
 * Lets queued I/O (other requests) run. setImmediate on Node runs right after pending I/O, where
 * setTimeout(0) would add at least a millisecond per chunk; Workers have only setTimeout.
 */
export const yieldToEventLoop: () => Promise<void> =
  typeof (globalThis as { setImmediate?: unknown }).setImmediate === 'function'
    ? () => new Promise((resolve) => (globalThis as unknown as { setImmediate: (fn: () => void) => void }).setImmediate(resolve))
    : () => new Promise((resolve) => setTimeout(resolve, 0));

const encoder = new TextEncoder();

export async function buildFeed(events: CalendarEvent[], options: CalendarOptions, fingerprint: Fingerprint): Promise<BuiltFeed> {
  const now = options.now.getTime();
  // Encoded chunk by chunk: no 6 MB intermediate string, and each step stays a few milliseconds.
  const pieces: Uint8Array[] = [];
  let length = 0;
  let chunk: string[] = [];
  for (const part of calendarParts(events, options)) {
    chunk.push(part);
    if (chunk.length === EVENTS_PER_CHUNK) {
      const bytes = encoder.encode(chunk.join(''));
      pieces.push(bytes);
      length += bytes.length;
      chunk = [];
      await yieldToEventLoop();
    }
  }
  const tail = encoder.encode(chunk.join(''));
  pieces.push(tail);
  length += tail.length;
  const body = new Uint8Array(length);
  let offset = 0;
  for (const piece of pieces) {
    body.set(piece, offset);
    offset += piece.length;
  }

  let lastModified = fingerprint.changedAt;
  let validUntil = Infinity;
  for (const event of events) {
    const ends = retentionEndsAt(event)?.getTime();
    if (ends === undefined) continue;
    // A cancelled event leaving the feed is a change too: Last-Modified must not go backwards.
    if (ends <= now) lastModified = Math.max(lastModified, ends);
    else validUntil = Math.min(validUntil, ends);
  }
  return {
    body,
    etag: await contentEtag(body),
    lastModified: Math.floor(lastModified / 1000) * 1000,
    validUntil,
    events: events.filter((e) => belongsInFeed(e, options.now)).length,
  };
}

/**
 * The SHA-256 of public content (a feed body, a feed's normalised filters), for the ETag below and
 * the short filter ids of feeds/filter-sets.ts. Not for secrets: those are src/domain/secrets.ts'.
 */
export async function contentDigest(content: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', content));
}

/**
 * A strong ETag for a response body (RFC 9110 §8.8.3): the first 128 bits of its SHA-256, in hex
 * and quotes. A hash of public content, not of a secret (secrets are src/domain/secrets.ts').
 */
export async function contentEtag(body: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await contentDigest(body);
  return `"${[...digest.slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('')}"`;
}
