/**
 * @module Building one feed body from kept fragments (src/feeds/fragments.ts): the feed's head,
 * a VTIMEZONE per zone its events use, each member event's fragment in id order, and
 * END:VCALENDAR, copied into one buffer; then what HTTP caching needs (a strong ETag from the
 * fragments' digests, Last-Modified, how long the body stays right without writes: the next
 * cancelled event to age out). A build remembers its members, so the next build of the same feed
 * reads only the events changed since (by the index on updated_at) and writes only their
 * fragments: after one edit, a 10,000-event feed is one ical-generator call, a few indexed reads
 * and a copy of the bytes. Long steps yield to the event loop every few milliseconds, so no
 * other request waits long.
 */
import { sql } from 'kysely';
import type { Store } from '../db/store.js';
import type { CalendarEvent } from '../domain/event.js';
import { strongEtag } from './conditional.js';
import { timeSlicer, yieldToEventLoop } from './yield.js';

/** Re-exported for code that imports it from here (src/occurrences). */
export { yieldToEventLoop };
import { eventIdsChangedSince, eventsByIds, eventsUpdatedAt, feedMemberPages, type EventVersions } from './feed-query.js';
import { inFeed, type FeedSpec } from './filter.js';
import { fragmentInputs, type Fragment, type FragmentStore } from './fragments.js';
import { retentionEndsAt } from './ics.js';
import { CALENDAR_END, writeTimezones } from './writer.js';

export interface BuiltFeed {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
  /** Milliseconds since the epoch, whole seconds (HTTP dates have no fraction). */
  lastModified: number;
  /** The body is stale at this instant even without writes (a cancelled event leaves); Infinity if never. */
  validUntil: number;
  /** VEVENT-bearing events in the body. */
  events: number;
  /** What an iCalendar body was assembled from, for the next build of the same feed (news feeds are rebuilt whole). */
  parts?: FeedParts;
}

/** A cheap summary of everything a feed body depends on in the database; it changes whenever any of it does. */
export interface Fingerprint {
  key: string;
  /** Latest change to events, groups or organisations (ms), the floor for Last-Modified. */
  changedAt: number;
  /** Latest events.updated_at (null for no events): where the next incremental build starts reading. */
  latestEventChange: string | null;
  /** Rows in events: more rows than changes read means a write was missed, and the build starts over. */
  eventCount: number;
}

/** One event of a feed: its fragment, and when it leaves the feed (a cancelled event, after 30 days). */
interface Member {
  fragment: Fragment;
  leavesAt: number | null;
}

/** The members a body was assembled from, and the database state it reflects. */
export interface FeedParts {
  specKey: string;
  publicUrl: string;
  members: Map<string, Member>;
  /** Member ids in id order: the order of VEVENTs in the body, kept sorted as members come and go. */
  order: string[];
  /** The database state the members reflect: the fingerprint read first, and the events at its latest updated_at. */
  through: Fingerprint;
  edge: EventVersions;
}

export interface BuildInput {
  store: Store;
  fragments: FragmentStore;
  spec: FeedSpec;
  /** The calendar-level text (src/feeds/ics.ts calendarHead). */
  head: string;
  publicUrl: string;
  now: Date;
  /** Read before any event, so a write racing the build leaves the next build to read it again. */
  fingerprint: Fingerprint;
  /** When something outside the database that shapes the body last changed (ms; src/feeds/freshness.ts). */
  notBefore: number;
}

/** More changes than this (or than half the feed) and a build reads the feed's members afresh. */
const MAX_CHANGES_READ_ONE_BY_ONE = 500;

/**
 * One indexed query: latest updated_at and row count of events (a deleted row changes the
 * count), the SEQUENCEs of the events at that latest updated_at (an edit in the same millisecond),
 * and the latest change to groups and organisations (feed names). Portable SQL, so the
 * same check works on D1, where other isolates write without telling this one.
 */
export async function readFingerprint(store: Store): Promise<Fingerprint> {
  const { rows } = await sql<{ e: string | null; n: number; s: number | null; g: string | null; o: string | null }>`
    select (select max(updated_at) from events) as e, (select count(*) from events) as n,
           (select sum(sequence) from events where updated_at = (select max(updated_at) from events)) as s,
           (select max(updated_at) from groups) as g, (select max(updated_at) from organisations) as o`.execute(store.db);
  const row = rows[0] ?? { e: null, n: 0, s: null, g: null, o: null };
  const times = [row.e, row.g, row.o].filter((t): t is string => !!t).map((t) => Date.parse(t));
  return {
    // The SEQUENCEs at the latest updated_at tell apart an edit made in the same millisecond as the
    // one before (by another instance, whose writes this process's revision cannot see).
    key: `${row.e}|${row.n}|${row.s}|${row.g}|${row.o}`,
    changedAt: times.length ? Math.max(...times) : 0,
    latestEventChange: row.e,
    eventCount: Number(row.n),
  };
}

const encoder = new TextEncoder();

/**
 * Builds the body of one feed; with `previous` (the parts of this feed's last body), reads only
 * the events changed since and starts from its members. Both ways give the same bytes.
 */
export async function buildFeed(input: BuildInput, previous: FeedParts | null): Promise<BuiltFeed> {
  const specKey = JSON.stringify([input.spec.filter, input.spec.viewer]);
  // Read before the members: a write after this read shows in the next build's changes.
  const latest = input.fingerprint.latestEventChange;
  const edge = latest === null ? new Map<string, number>() : await eventsUpdatedAt(input.store, latest);
  const parts =
    (previous && previous.specKey === specKey && previous.publicUrl === input.publicUrl && (await applyChanges(input, previous, edge))) ||
    (await readMembers(input, specKey, edge));
  await input.fragments.flush(yieldToEventLoop);
  return assemble(input, parts);
}

/** The members of the feed read afresh, page by page, fragments taken from memory or the table where current. */
async function readMembers(input: BuildInput, specKey: string, edge: EventVersions): Promise<FeedParts> {
  const { store, fragments, spec, publicUrl, now } = input;
  const members = new Map<string, Member>();
  const order: string[] = [];
  const pause = timeSlicer();
  for await (const rows of feedMemberPages(store, spec)) {
    const missing: string[] = [];
    for (const row of rows) {
      await pause();
      const inputs = fragmentInputs(row, publicUrl);
      const fragment = fragments.lookup(row.id, inputs) ?? fragments.adopt(row.id, inputs, row.fragment);
      if (fragment) members.set(row.id, { fragment, leavesAt: leavesAt(row) });
      else missing.push(row.id);
      order.push(row.id);
    }
    if (missing.length) {
      const found = new Set<string>();
      for (const event of await eventsByIds(store, missing)) {
        // Re-read whole: if it changed meanwhile, the next build reads it again (its updated_at is newer).
        members.set(event.id, { fragment: fragments.write(event, publicUrl, now), leavesAt: leavesAt(event) });
        found.add(event.id);
        await pause();
      }
      for (const id of missing) if (!found.has(id)) order.splice(order.indexOf(id), 1);
    }
    await yieldToEventLoop();
  }
  return { specKey, publicUrl, members, order, through: input.fingerprint, edge };
}

/**
 * The previous members with the events changed since applied: each changed event joins, is
 * rewritten or leaves. Null when the change cannot be applied one by one (too many, or rows the
 * changed-since read did not see), and the caller reads the members afresh.
 */
async function applyChanges(input: BuildInput, previous: FeedParts, edge: EventVersions): Promise<FeedParts | null> {
  const { store, fragments, spec, publicUrl, now, fingerprint } = input;
  const since = previous.through.latestEventChange;
  if (since === null) return null;
  const changed = await eventIdsChangedSince(store, since, previous.edge);
  // New rows appear among the changes (their updated_at is their creation): more rows than changes means one was missed.
  if (fingerprint.eventCount - previous.through.eventCount > changed.length) return null;
  if (changed.length > Math.max(MAX_CHANGES_READ_ONE_BY_ONE, previous.order.length / 2)) return null;
  // Changed in place: this build is the only one of this feed, and if it fails half-way the next
  // one applies the same changes again (each is "set or delete", and `through` is not moved).
  const { members, order } = previous;
  const events = new Map((await eventsByIds(store, changed)).map((e) => [e.id, e]));
  const pause = timeSlicer();
  for (const id of changed) {
    const event = events.get(id);
    const at = sortedIndex(order, id);
    if (event && inFeed(event, spec)) {
      members.set(id, { fragment: fragments.write(event, publicUrl, now), leavesAt: leavesAt(event) });
      if (order[at] !== id) order.splice(at, 0, id);
    } else if (members.delete(id)) {
      order.splice(at, 1);
    }
    await pause();
  }
  return { specKey: previous.specKey, publicUrl, members, order, through: fingerprint, edge };
}

function leavesAt(event: Pick<CalendarEvent, 'status' | 'cancelledAt' | 'updatedAt'>): number | null {
  return retentionEndsAt(event)?.getTime() ?? null;
}

/** Where `id` is or would go in the sorted `order`. */
function sortedIndex(order: readonly string[], id: string): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (order[mid]! < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

async function assemble(input: BuildInput, parts: FeedParts): Promise<BuiltFeed> {
  const now = input.now.getTime();
  let lastModified = Math.max(input.fingerprint.changedAt, input.notBefore);
  let validUntil = Infinity;
  const pieces: Fragment[] = [];
  const tzids = new Set<string>();
  for (const id of parts.order) {
    const member = parts.members.get(id)!;
    if (member.leavesAt !== null) {
      // A cancelled event leaving the feed is a change too: Last-Modified must not go backwards.
      if (member.leavesAt <= now) {
        lastModified = Math.max(lastModified, member.leavesAt);
        continue;
      }
      validUntil = Math.min(validUntil, member.leavesAt);
    }
    for (const zone of member.fragment.tzids) tzids.add(zone);
    pieces.push(member.fragment);
  }
  const head = encoder.encode(input.head + writeTimezones(tzids));
  const end = encoder.encode(CALENDAR_END);
  let length = head.length + end.length;
  for (const piece of pieces) length += piece.bytes.length;
  const body = new Uint8Array(length);
  body.set(head, 0);
  let offset = head.length;
  // Copying 6 MB is quick, but touching fresh memory can be slow on a busy machine: yield between slices.
  const pause = timeSlicer();
  for (let i = 0; i < pieces.length; i++) {
    const bytes = pieces[i]!.bytes;
    body.set(bytes, offset);
    offset += bytes.length;
    if (i % 256 === 255) await pause();
  }
  body.set(end, offset);

  return {
    body,
    etag: await etagOf(head, pieces, end),
    lastModified: Math.floor(lastModified / 1000) * 1000,
    validUntil,
    events: pieces.length,
    parts,
  };
}

/**
 * The body's strong ETag (RFC 9110 §8.8.3): SHA-256 of its head and tail bytes and of each
 * fragment's own digest, in body order. Any change to the bytes changes a digest or the head, so
 * the tag changes with them, and hashing 80 kB instead of a 6 MB body keeps a rebuild quick.
 */
async function etagOf(head: Uint8Array, pieces: readonly Fragment[], end: Uint8Array): Promise<string> {
  const manifest = new Uint8Array(head.length + pieces.length * 8 + end.length);
  manifest.set(head, 0);
  let offset = head.length;
  for (const piece of pieces) {
    manifest.set(piece.digest, offset);
    offset += 8;
  }
  manifest.set(end, offset);
  return strongEtag(manifest);
}
