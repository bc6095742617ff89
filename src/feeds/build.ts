/**
 * @module Building one feed body from kept fragments (src/feeds/fragments.ts): the feed's head,
 * a VTIMEZONE per zone its events use, each member event's fragment in id order, and
 * END:VCALENDAR, copied into one buffer; then what HTTP caching needs (a strong ETag from the
 * fragments' digests, Last-Modified, how long the body stays right without writes: the next
 * cancelled event to age out). A build remembers its members, so the next build of the same feed
 * reads only the events changed since (by their change numbers, ADR 141) and writes only their
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
import { eventIdsChangedSince, eventsByIds, feedMemberPages } from './feed-query.js';
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
  /**
   * The database's latest change number (change_counter, ADR 141; 0 before any change): every event
   * changed since has a higher change_no, whichever instance wrote it and whatever its clock said.
   */
  changeNo: number;
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
  /** The database state the members reflect: the fingerprint read before them. */
  through: Fingerprint;
  /** The calendar-level text the body was assembled with (BuildInput.head). */
  head?: string;
  /** Set when this build found no event changed since the previous one. */
  noChanges?: boolean;
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
 * One query: the latest change number (the counter's one row, ADR 141), which any write to events,
 * groups or organisations raises in its own transaction, and the latest updated_at of each (by
 * index), the floor for Last-Modified. Portable SQL, so the same check works on D1 and
 * PostgreSQL, where other isolates or instances write without telling this one.
 */
export async function readFingerprint(store: Store): Promise<Fingerprint> {
  const { rows } = await sql<{ c: number | null; e: string | null; g: string | null; o: string | null }>`
    select (select n from change_counter where id = 1) as c, (select max(updated_at) from events) as e,
           (select max(updated_at) from groups) as g, (select max(updated_at) from organisations) as o`.execute(store.db);
  const row = rows[0] ?? { c: null, e: null, g: null, o: null };
  const times = [row.e, row.g, row.o].filter((t): t is string => !!t).map((t) => Date.parse(t));
  const changeNo = Number(row.c ?? 0);
  return { key: String(changeNo), changedAt: times.length ? Math.max(...times) : 0, changeNo };
}

const encoder = new TextEncoder();

/**
 * Builds the body of one feed; with `previous` (the parts of this feed's last body), reads only
 * the events changed since and starts from its members. Both ways give the same bytes. With
 * `previousBody` (that last body and its ETag), a build whose ETag comes out the same returns
 * that body itself instead of copying it again (a write elsewhere, a sign-in, leaves a 50 MB
 * feed's bytes as they were).
 */
export async function buildFeed(
  input: BuildInput,
  previous: FeedParts | null,
  previousBody: Omit<BuiltFeed, 'parts'> | null = null,
): Promise<BuiltFeed> {
  const specKey = JSON.stringify([input.spec.filter, input.spec.viewer]);
  // The fingerprint was read before the members: a write after it shows in the next build's changes.
  const parts =
    (previous && previous.specKey === specKey && previous.publicUrl === input.publicUrl && (await applyChanges(input, previous))) ||
    (await readMembers(input, specKey));
  await input.fragments.flush(yieldToEventLoop);
  // No event changed, the head is the same and no cancelled event has left since: the same bytes,
  // without walking 65,000 members for an ETag that would come out the same.
  const previousHead = previous?.head;
  parts.head = input.head;
  if (previousBody && parts.noChanges && previousHead === input.head && input.now.getTime() < previousBody.validUntil) {
    const lastModified = Math.max(previousBody.lastModified, input.fingerprint.changedAt, input.notBefore);
    return { ...previousBody, lastModified: Math.floor(lastModified / 1000) * 1000, parts };
  }
  return assemble(input, parts, previousBody);
}

/** The members of the feed read afresh, page by page, fragments taken from memory or the table where current. */
async function readMembers(input: BuildInput, specKey: string): Promise<FeedParts> {
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
        // Re-read whole: if it changed meanwhile, the next build reads it again (its change number is newer).
        members.set(event.id, { fragment: fragments.write(event, publicUrl, now), leavesAt: leavesAt(event) });
        found.add(event.id);
        await pause();
      }
      for (const id of missing) if (!found.has(id)) order.splice(order.indexOf(id), 1);
      // Kept page by page: a build cut short (a restart, a deploy) leaves what it wrote for the next.
      await fragments.flush(yieldToEventLoop);
    }
    await yieldToEventLoop();
  }
  return { specKey, publicUrl, members, order, through: input.fingerprint };
}

/**
 * The previous members with the events changed since applied: each changed event joins, is
 * rewritten or leaves. Null when there are too many to apply one by one, and the caller reads the
 * members afresh. New events are among the changes (an insert takes a change number too).
 */
async function applyChanges(input: BuildInput, previous: FeedParts): Promise<FeedParts | null> {
  const { store, fragments, spec, publicUrl, now, fingerprint } = input;
  const changed = await eventIdsChangedSince(store, previous.through.changeNo);
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
  return { specKey: previous.specKey, publicUrl, members, order, through: fingerprint, noChanges: changed.length === 0 };
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

async function assemble(input: BuildInput, parts: FeedParts, previousBody: Pick<BuiltFeed, 'body' | 'etag'> | null): Promise<BuiltFeed> {
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
  // The ETag stands for the bytes (ADR 12): the same tag is the same body, already in memory.
  const etag = await etagOf(head, pieces, end);
  const common = { etag, lastModified: Math.floor(lastModified / 1000) * 1000, validUntil, events: pieces.length, parts };
  if (previousBody?.etag === etag) return { body: previousBody.body, ...common };
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
  return { body, ...common };
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
