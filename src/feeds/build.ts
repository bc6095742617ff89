/**
 * @module Building one feed body from kept fragments (src/feeds/fragments.ts): the feed's head,
 * a VTIMEZONE per zone its events use, each member event's fragment in id order, and
 * END:VCALENDAR, as a list of chunks (blocks of ~128 members, kept from one build to the next, so
 * an edit copies one block rather than the whole body; ADR 192); then what HTTP caching needs (a strong ETag from the
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
import { lastModifiedAfter, strongEtag } from './conditional.js';
import { timeSlicer, yieldToEventLoop } from './yield.js';

/** Re-exported for code that imports it from here (src/occurrences). */
export { yieldToEventLoop };
import { eventIdsChangedSince, eventsByIds, feedMemberPages } from './feed-query.js';
import { inFeed, type FeedSpec } from './filter.js';
import { fragmentInputs, type Fragment, type FragmentStore } from './fragments.js';
import { retentionEndsAt } from './ics.js';
import { ShardedMap } from './sharded-map.js';
import { CALENDAR_END, learnClockChangesFor, writeTimezones } from './writer.js';

/**
 * A feed body as consecutive byte chunks, written to the client in order and never joined on a
 * request path: after an edit only the block holding the changed event is new (ADR 192).
 */
export type FeedBody = readonly Uint8Array<ArrayBuffer>[];

export interface BuiltFeed {
  body: FeedBody;
  /** The body's length in bytes (the sum of its chunks'). */
  bytes: number;
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
  /** By event id, in many small tables (src/feeds/sharded-map.ts: no one copy of 65,000 entries as it grows). */
  members: ShardedMap<Member>;
  /** Member ids in id order: the order of VEVENTs in the body, kept sorted as members come and go. */
  order: string[];
  /** The database state the members reflect: the fingerprint read before them. */
  through: Fingerprint;
  /** The calendar-level text the body was assembled with (BuildInput.head). */
  head?: string;
  /** Set when this build found no event changed since the previous one. */
  noChanges?: boolean;
  /** The body's blocks of members in body order, for the next assembly to reuse (ADRs 192, 220). */
  blocks?: Block[];
  /**
   * The head and tail chunks of the last body (calendar text and VTIMEZONEs; END:VCALENDAR),
   * reused by the next assembly when its bytes are the same, so that after a join they stay views
   * of the joined array beside the blocks (ADR 277).
   */
  headBytes?: Uint8Array<ArrayBuffer>;
  endBytes?: Uint8Array<ArrayBuffer>;
  /** The array the last join made (joinInBackground), which the bodies built since are mostly views of. */
  joined?: ArrayBuffer;
  /**
   * Set by a build that applied changes to the previous members: the ids that changed. Only the
   * blocks whose range holds one of them (or whose next cancelled event has left) are made again.
   */
  changed?: readonly string[];
}

/**
 * A range of consecutive members (in id order, from `start` up to the next block's start) and
 * their fragments copied into one chunk of the body, with what the feed's totals need from it.
 */
interface Block {
  /** The range's lower bound: the id its first member had when it was cut (the first block also takes every id below). */
  start: string;
  /** The members of the range, in id order, cancelled ones that have left the feed included. */
  ids: string[];
  /** The fragments in the body: the members' that have not left. */
  fragments: Fragment[];
  bytes: Uint8Array<ArrayBuffer>;
  /** The fragments' digests, one after another (8 bytes each), for the body's ETag. */
  digests: Uint8Array<ArrayBuffer>;
  /** The TZIDs its fragments refer to. */
  tzids: ReadonlySet<string>;
  /** When the first of its cancelled members leaves the feed (ms); Infinity if none will. */
  validUntil: number;
  /** When the last of its members that have left did (ms); -Infinity if none has. */
  leftAt: number;
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
  // Blocks are reused only where they hold the very same fragments, so a fresh read may use them too.
  parts.blocks ??= previous?.blocks;
  parts.headBytes ??= previous?.headBytes;
  parts.endBytes ??= previous?.endBytes;
  parts.joined ??= previous?.joined;
  // No event changed, the head is the same and no cancelled event has left since: the same bytes,
  // without walking 65,000 members for an ETag that would come out the same.
  const previousHead = previous?.head;
  parts.head = input.head;
  if (previousBody && parts.noChanges && previousHead === input.head && input.now.getTime() < previousBody.validUntil) {
    const lastModified = Math.max(previousBody.lastModified, input.fingerprint.changedAt, input.notBefore);
    return { ...previousBody, lastModified: lastModifiedAfter(lastModified), parts };
  }
  return assemble(input, parts, previousBody);
}

/** The members of the feed read afresh, page by page, fragments taken from memory or the table where current. */
async function readMembers(input: BuildInput, specKey: string): Promise<FeedParts> {
  const { store, fragments, spec, publicUrl, now } = input;
  const members = new ShardedMap<Member>();
  const order: string[] = [];
  const pause = timeSlicer();
  for await (const rows of feedMemberPages(store, spec)) {
    const missing: string[] = [];
    for (const row of rows) {
      await pause();
      const inputs = fragmentInputs(row, publicUrl);
      const leaves = leavesAt(row);
      // One that has left the feed is not in the body: packed among the others, it would break the run of their bytes.
      const fragment =
        fragments.lookup(row.id, inputs) ?? fragments.adopt(row.id, inputs, row.fragment, leaves === null || leaves > now.getTime());
      if (fragment) members.set(row.id, { fragment, leavesAt: leaves });
      else missing.push(row.id);
      order.push(row.id);
    }
    if (missing.length) {
      const found = new Set<string>();
      for (const event of await eventsByIds(store, missing)) {
        await learnClockChangesFor(event, pause);
        // Re-read whole: if it changed meanwhile, the next build reads it again (its change number is newer).
        // Packed: written in id order, the body's, so a block of them is a view of one slab (ADR 273).
        const leaves = leavesAt(event);
        members.set(event.id, {
          fragment: fragments.write(event, publicUrl, now, leaves === null || leaves > now.getTime()),
          leavesAt: leaves,
        });
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
      await learnClockChangesFor(event, pause);
      members.set(id, { fragment: fragments.write(event, publicUrl, now), leavesAt: leavesAt(event) });
      if (order[at] !== id) order.splice(at, 0, id);
    } else if (members.delete(id)) {
      order.splice(at, 1);
    }
    await pause();
  }
  return {
    specKey: previous.specKey,
    publicUrl,
    members,
    order,
    through: fingerprint,
    noChanges: changed.length === 0,
    blocks: previous.blocks,
    changed,
  };
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

async function assemble(
  input: BuildInput,
  parts: FeedParts,
  previousBody: Pick<BuiltFeed, 'body' | 'bytes' | 'etag'> | null,
): Promise<BuiltFeed> {
  const now = input.now.getTime();
  // After a few changes only their blocks are made again (ADR 220): an edit at 100,000 members
  // touches one block of ~512, not every member.
  const blocks =
    parts.changed && parts.blocks ? await reblock(parts, parts.blocks, parts.changed, now) : await blocksOf(parts, parts.blocks, now);
  parts.blocks = blocks;
  parts.changed = undefined;
  let lastModified = Math.max(input.fingerprint.changedAt, input.notBefore);
  let validUntil = Infinity;
  let events = 0;
  const tzids = new Set<string>();
  for (const block of blocks) {
    // A cancelled event leaving the feed is a change too: Last-Modified must not go backwards.
    lastModified = Math.max(lastModified, block.leftAt);
    validUntil = Math.min(validUntil, block.validUntil);
    events += block.fragments.length;
    for (const zone of block.tzids) tzids.add(zone);
  }
  const written = encoder.encode(input.head + writeTimezones(tzids));
  const head = parts.headBytes && sameBytes(parts.headBytes, written) ? parts.headBytes : written;
  const end = parts.endBytes ?? encoder.encode(CALENDAR_END);
  parts.headBytes = head;
  parts.endBytes = end;
  // The ETag stands for the bytes (ADR 12): the same tag is the same body, already in memory.
  const etag = await etagOf(head, blocks, end);
  const common = { etag, lastModified: lastModifiedAfter(lastModified), validUntil, events, parts };
  if (previousBody?.etag === etag) return { body: previousBody.body, bytes: previousBody.bytes, ...common };
  // After an edit of a joined body, the blocks before and after the new one are consecutive views
  // of the joined array: the body is those two runs and the new block (ADR 277).
  const body = coalesce([head, ...blocks.map((b) => b.bytes), end]);
  let bytes = 0;
  for (const chunk of body) bytes += chunk.byteLength;
  // A small body is one chunk (one write to the socket); joining it takes well under a millisecond.
  return { body: bytes <= JOIN_BELOW_BYTES && body.length > 1 ? [join(body, bytes)] : body, bytes, ...common };
}

/** Whether two byte arrays hold the same bytes. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The chunks with each run of consecutive views of one buffer (one lying right after the other)
 * made one view, and empty chunks left out: the same bytes in fewer chunks, nothing copied.
 */
function coalesce(chunks: readonly Uint8Array<ArrayBuffer>[]): Uint8Array<ArrayBuffer>[] {
  const out: Uint8Array<ArrayBuffer>[] = [];
  for (const chunk of chunks) {
    if (!chunk.byteLength) continue;
    const last = out[out.length - 1];
    if (last && last.buffer === chunk.buffer && last.byteOffset + last.byteLength === chunk.byteOffset) {
      out[out.length - 1] = new Uint8Array(last.buffer, last.byteOffset, last.byteLength + chunk.byteLength);
    } else {
      out.push(chunk);
    }
  }
  return out;
}

/**
 * Joins a body of several chunks into one, in the background, a slice at a time: a warm GET then
 * writes one array to the socket, as a raw server would, instead of a stream of blocks that waits
 * for the socket to drain between blocks (ADR 192). The blocks (and the head and tail) kept for
 * the next build become views of the joined array, so the bytes are held once. A body over
 * JOIN_UP_TO_BYTES that is the last join's array around at most JOIN_AFTER_NEW_CHUNKS new chunks
 * (the blocks edits made since) is left as it is (ADR 277). Does nothing if the body is replaced
 * meanwhile.
 */
export async function joinInBackground(feed: { body: FeedBody; bytes: number; parts?: FeedParts }): Promise<void> {
  const chunks = feed.body;
  if (chunks.length < 2) return;
  const joined = feed.parts?.joined;
  const fresh = joined ? chunks.filter((chunk) => chunk.buffer !== joined).length : chunks.length;
  if (feed.bytes > JOIN_UP_TO_BYTES && fresh <= JOIN_AFTER_NEW_CHUNKS) return;
  await yieldToEventLoop();
  const out = new Uint8Array(feed.bytes);
  const pause = timeSlicer(4);
  let offset = 0;
  for (const chunk of chunks) {
    for (let from = 0; from < chunk.byteLength; from += JOIN_SLICE_BYTES) {
      out.set(chunk.subarray(from, Math.min(from + JOIN_SLICE_BYTES, chunk.byteLength)), offset + from);
      await pause();
    }
    offset += chunk.byteLength;
  }
  if (feed.body !== chunks) return;
  const starts: number[] = [];
  offset = 0;
  for (const chunk of chunks) {
    starts.push(offset);
    offset += chunk.byteLength;
  }
  // A piece of the body (a block, the head, the tail) as a view of the joined array, found by the chunk that holds it.
  const moved = (piece: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> => {
    for (let k = 0; k < chunks.length; k++) {
      const chunk = chunks[k]!;
      const at = piece.byteOffset - chunk.byteOffset;
      if (piece.buffer === chunk.buffer && at >= 0 && at + piece.byteLength <= chunk.byteLength) {
        return out.subarray(starts[k]! + at, starts[k]! + at + piece.byteLength);
      }
    }
    return piece;
  };
  const parts = feed.parts;
  if (parts) {
    for (const block of parts.blocks ?? []) block.bytes = moved(block.bytes);
    if (parts.headBytes) parts.headBytes = moved(parts.headBytes);
    if (parts.endBytes) parts.endBytes = moved(parts.endBytes);
    parts.joined = out.buffer;
  }
  feed.body = [out];
}

/**
 * A body over JOIN_UP_TO_BYTES that is the last join's array around at most this many new chunks
 * is written as it is: after an edit of a joined body it is the run of blocks before the new
 * block, the new block and the run after it (one more new block, and one more run, for each other
 * block edited since the join). Joining it again would copy every byte of the feed (53 MB at
 * 100,000 events: ~70 ms CPU, most of the first GET after the edit) to save each GET that is not
 * answered with gzip or a 304 about a tenth of its CPU (ADR 277). A full build's body (no join
 * yet, or blocks of its own) is joined.
 */
const JOIN_AFTER_NEW_CHUNKS = 4;

/**
 * Bodies up to this size are joined after every build, whatever their chunks: the copy costs at
 * most ~20 ms of CPU (5 MB at 10,000 events: ~7 ms), and a stream of chunks costs every warm GET
 * ~0.2 ms more (ADR 277).
 */
const JOIN_UP_TO_BYTES = 16 * 1024 * 1024;

/** Bytes copied between two looks at the clock while joining. */
const JOIN_SLICE_BYTES = 1024 * 1024;

/** Bodies up to this size are kept as one chunk. */
const JOIN_BELOW_BYTES = 1024 * 1024;
/** A block ends after a member whose id hashes to 0 modulo this: about 512 members (~250 kB) a block. */
const BLOCK_MEMBERS = 512;
/** And after this many members whatever the ids (a bound, should ids not be random). */
const MAX_BLOCK_MEMBERS = 4096;

/**
 * Where a run of members is cut into blocks: after a member whose id hashes to 0 modulo
 * BLOCK_MEMBERS (content-defined boundaries: an event joining or leaving changes only its own
 * block, not the blocks after it), or after MAX_BLOCK_MEMBERS. Returns each block's end (exclusive).
 */
function cuts(ids: readonly string[]): number[] {
  const ends: number[] = [];
  for (let from = 0; from < ids.length; from = ends[ends.length - 1]!) ends.push(cutAfter(ids, from));
  return ends;
}

/**
 * The end (exclusive) of the block of `ids` that begins at `from` (cuts' rule): one block's worth
 * of hashing at a time, so a caller cutting 65,000 members can yield between blocks (ADR 273).
 */
function cutAfter(ids: readonly string[], from: number): number {
  for (let i = from; i < ids.length; i++) {
    if (i + 1 < ids.length && i + 1 - from < MAX_BLOCK_MEMBERS && idHash(ids[i]!) % BLOCK_MEMBERS !== 0) continue;
    return i + 1;
  }
  return ids.length;
}

/**
 * One block of the members `ids` (a range of the feed's member order): the fragments of those
 * that have not left the feed by `now`, copied into one chunk unless `kept` holds the very same.
 */
function blockOf(start: string, ids: string[], members: ShardedMap<Member>, now: number, kept: Block | undefined): Block {
  const fragments: Fragment[] = [];
  const tzids = new Set<string>();
  let validUntil = Infinity;
  let leftAt = -Infinity;
  for (const id of ids) {
    const member = members.get(id)!;
    if (member.leavesAt !== null) {
      if (member.leavesAt <= now) {
        leftAt = Math.max(leftAt, member.leavesAt);
        continue;
      }
      validUntil = Math.min(validUntil, member.leavesAt);
    }
    fragments.push(member.fragment);
    for (const zone of member.fragment.tzids) tzids.add(zone);
  }
  const same = kept && kept.fragments.length === fragments.length && kept.fragments.every((f, k) => f === fragments[k]);
  const bytes = same ? kept.bytes : joinOrView(fragments.map((f) => f.bytes));
  const digests = same ? kept.digests : joinOrView(fragments.map((f) => f.digest));
  return { start, ids, fragments, bytes, digests, tzids, validUntil, leftAt };
}

/**
 * The chunks as one array: a view when they lie one after another in one buffer (a full build's
 * members, packed in body order: src/feeds/fragments.ts), a copy otherwise.
 */
function joinOrView(chunks: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const first = chunks[0];
  if (!first) return new Uint8Array(0);
  let end = first.byteOffset + first.byteLength;
  for (let k = 1; k < chunks.length; k++) {
    const chunk = chunks[k]!;
    if (chunk.buffer !== first.buffer || chunk.byteOffset !== end) return join(chunks);
    end += chunk.byteLength;
  }
  return new Uint8Array(first.buffer as ArrayBuffer, first.byteOffset, end - first.byteOffset);
}

/**
 * Every member cut into blocks, each block's bytes taken from `previous` (by its first member)
 * when it holds the same fragments, copied afresh otherwise.
 */
async function blocksOf(parts: FeedParts, previous: readonly Block[] | undefined, now: number): Promise<Block[]> {
  const kept = new Map(previous?.map((b) => [b.ids[0] ?? b.start, b]));
  const blocks: Block[] = [];
  const pause = timeSlicer();
  for (let from = 0; from < parts.order.length;) {
    const to = cutAfter(parts.order, from);
    const ids = parts.order.slice(from, to);
    blocks.push(blockOf(ids[0]!, ids, parts.members, now, kept.get(ids[0]!)));
    from = to;
    await pause();
  }
  return blocks;
}

/**
 * The previous blocks with the ranges that hold a changed id, or a member whose time to leave has
 * come, made again from the current member order (and cut again if they grew); the others as
 * they were. The same bytes as blocksOf gives, in blocks cut at other places at most.
 */
async function reblock(parts: FeedParts, previous: readonly Block[], changed: readonly string[], now: number): Promise<Block[]> {
  if (!previous.length) return blocksOf(parts, undefined, now);
  const dirty = new Set<number>();
  for (const id of changed) dirty.add(blockIndex(previous, id));
  for (let k = 0; k < previous.length; k++) if (previous[k]!.validUntil <= now) dirty.add(k);
  if (!dirty.size) return [...previous];
  const { order, members } = parts;
  const blocks: Block[] = [];
  const pause = timeSlicer();
  for (let k = 0; k < previous.length; k++) {
    const block = previous[k]!;
    if (!dirty.has(k)) {
      blocks.push(block);
      continue;
    }
    const lo = k === 0 ? 0 : sortedIndex(order, block.start);
    const hi = k + 1 < previous.length ? sortedIndex(order, previous[k + 1]!.start) : order.length;
    // An emptied range is dropped: the block before it now reaches the next start.
    if (lo === hi) continue;
    const ids = order.slice(lo, hi);
    let from = 0;
    for (const to of cuts(ids)) {
      const range = ids.slice(from, to);
      blocks.push(blockOf(from === 0 ? block.start : range[0]!, range, members, now, from === 0 ? block : undefined));
      from = to;
    }
    await pause();
  }
  return blocks;
}

/** The index of the block whose range holds `id`: the last whose start is not after it (or the first). */
function blockIndex(blocks: readonly Block[], id: string): number {
  let lo = 0;
  let hi = blocks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (blocks[mid]!.start <= id) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(0, lo - 1);
}

/** FNV-1a of a string's UTF-16 code units (32 bits). */
function idHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The chunks copied into one array (`bytes` long, when known). */
function join(chunks: readonly Uint8Array[], bytes?: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(bytes ?? chunks.reduce((n, c) => n + c.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * The body's strong ETag (RFC 9110 §8.8.3): SHA-256 of its head and tail bytes and of each
 * fragment's own digest, in body order (read from the blocks, which keep their fragments' digests
 * side by side). Any change to the bytes changes a digest or the head, so the tag changes with
 * them, and hashing 800 kB instead of a 53 MB body keeps a rebuild quick.
 */
async function etagOf(head: Uint8Array, blocks: readonly Block[], end: Uint8Array): Promise<string> {
  return strongEtag(join([head, ...blocks.map((b) => b.digests), end]));
}
