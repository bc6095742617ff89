/**
 * @module Kept VEVENT fragments: the text ical-generator wrote for each event (its series VEVENT
 * and the overrides of its moved occurrences), written once per change and kept twice: encoded in
 * this process's memory, and as text in the feed_fragments table, so a fresh process or Workers
 * isolate assembles a 10,000-event feed from the database instead of running ical-generator (and
 * its slow line folding) 10,000 times. A fragment is a pure function of the event and PUBLIC_URL;
 * its `inputs` key names what it was written from, and a fragment whose key differs from the
 * event's current one is never used. Table writes are bookkeeping outside Store.batch, like
 * feed_subscriptions.last_used_at: they change no calendar data, so they invalidate no cache.
 * A build that reads a feed's members afresh packs their bytes and digests one after another into
 * shared slabs, in body order, so a block of the body is a view of a slab rather than a copy, and
 * 65,000 fragments are a few dozen arrays for the garbage collector, not 130,000 (ADR 273).
 */
import type { Store } from '../db/store.js';
import type { CalendarEvent } from '../domain/event.js';
import { visibleText } from '../domain/visible-text.js';
import { ShardedMap } from './sharded-map.js';
import { WRITER_VERSION, writeEvent } from './writer.js';

export interface Fragment {
  /** What the text was written from (see fragmentInputs). */
  inputs: string;
  /** The folded VEVENT text, UTF-8 encoded, ready to be copied into a feed body. */
  bytes: Uint8Array;
  /** The TZIDs the text refers to (a feed holding it needs their VTIMEZONE). */
  tzids: readonly string[];
  /** 64 bits of the bytes' FNV-1a digest: a feed's ETag is computed from these, not from 6 MB of body. */
  digest: Uint8Array;
}

/**
 * The key of everything a fragment depends on: the writer, the service address (URL lines) and
 * the event's record. Every change to an event, its themes or its exceptions raises its SEQUENCE
 * and updated_at in the same batch (src/db/events.ts), so these two stand for its content.
 */
export function fragmentInputs(event: { updatedAt: string; sequence: number }, publicUrl: string): string {
  return `${WRITER_VERSION}|${publicUrl}|${event.updatedAt}|${event.sequence}`;
}

/** A stored fragment row as the member query reads it (LEFT JOIN: all null when there is none). */
export interface StoredFragment {
  inputs: string | null;
  tzids: string | null;
  ics: string | null;
}

/** Rows per upsert: 5 parameters each, under D1's 100 bound parameters a statement. */
const ROWS_PER_WRITE = 19;
const encoder = new TextEncoder();

/** Bytes per slab of packed fragment text (about 5,000 fragments of a typical feed). */
const SLAB_BYTES = 4 * 1024 * 1024;
/** Digests per slab of packed digests (8 bytes each). */
const DIGEST_SLAB_ENTRIES = 8192;

/**
 * Fragments' bytes and digests written one after another into shared arrays (ADR 273): a full
 * build writes or adopts its members in id order, the body's order, so consecutive members'
 * bytes are consecutive in a slab and a block of them is one view (build.ts blockOf), and no
 * fragment holds an array (and an ArrayBuffer for the collector to track) of its own. A slab
 * lives while any of its views does; only full builds pack, so an edit's new fragment, written
 * on its own, never keeps a slab of others alive.
 */
class Slabs {
  /** `slabBytes`: the size of a text slab (a test makes it small to cross slab boundaries). */
  constructor(private readonly slabBytes = SLAB_BYTES) {}

  private text = new Uint8Array(0);
  private textUsed = 0;
  private digests = new Uint8Array(0);
  private digestsUsed = 0;

  /** `text` as UTF-8, a view of the current slab (a new one when it does not fit). */
  encode(text: string): Uint8Array<ArrayBuffer> {
    const first = encoder.encodeInto(text, this.text.subarray(this.textUsed));
    let written = first.written;
    if (first.read < text.length) {
      // UTF-8 takes at most 3 bytes per UTF-16 code unit: a text that might not fit an empty slab gets its own array.
      if (text.length * 3 > this.slabBytes) return encoder.encode(text);
      this.text = new Uint8Array(this.slabBytes);
      this.textUsed = 0;
      written = encoder.encodeInto(text, this.text).written;
    }
    const view = this.text.subarray(this.textUsed, this.textUsed + written);
    this.textUsed += written;
    return view;
  }

  /** The 8-byte digest of `bytes`, a view of the current digest slab. */
  digest(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
    if (this.digests.byteLength - this.digestsUsed < 8) {
      this.digests = new Uint8Array(DIGEST_SLAB_ENTRIES * 8);
      this.digestsUsed = 0;
    }
    const view = this.digests.subarray(this.digestsUsed, this.digestsUsed + 8);
    this.digestsUsed += 8;
    fnv1a64Into(bytes, view);
    return view;
  }
}

/** The fragments of one database, shared by every feed built from it in this process. */
export class FragmentStore {
  /** By event id, in many small tables (sharded-map.ts: no one copy of 65,000 entries as it grows). */
  private readonly kept = new ShardedMap<Fragment>();
  private readonly slabs: Slabs;
  /** One array per distinct TZID list read from the table, shared by the fragments that name it. */
  private readonly tzidLists = new Map<string, readonly string[]>();
  private pending = new Map<string, { inputs: string; tzids: string; ics: string; writtenAt: string }>();
  private warned = false;
  /** Fragments written by ical-generator in this process (for tests and the benchmark). */
  written = 0;

  /** `options.slabBytes`: the size of the slabs fragments are packed into (4 MB; tests make it small). */
  constructor(
    private readonly store: Store,
    options: { slabBytes?: number } = {},
  ) {
    this.slabs = new Slabs(options.slabBytes);
  }

  /** The kept fragment of an event, if it was written from exactly these inputs. */
  lookup(eventId: string, inputs: string): Fragment | undefined {
    const fragment = this.kept.get(eventId);
    return fragment?.inputs === inputs ? fragment : undefined;
  }

  /**
   * Takes a fragment read from the table, if it was written from these inputs. With `packed` (a
   * full build adopting a feed's members in body order) its bytes go into the shared slabs.
   */
  adopt(eventId: string, inputs: string, stored: StoredFragment, packed = false): Fragment | undefined {
    if (stored.inputs !== inputs || stored.ics === null) return undefined;
    const bytes = packed ? this.slabs.encode(stored.ics) : encoder.encode(stored.ics);
    const fragment: Fragment = {
      inputs,
      bytes,
      tzids: this.tzidList(stored.tzids),
      digest: packed ? this.slabs.digest(bytes) : fnv1a64(bytes),
    };
    this.kept.set(eventId, fragment);
    return fragment;
  }

  /**
   * Writes an event's fragment with ical-generator, keeps it, and queues it for the table. With
   * `packed` (a full build writing members in body order) its bytes go into the shared slabs;
   * otherwise (an edit) into an array of its own.
   */
  write(event: CalendarEvent, publicUrl: string, now: Date, packed = false): Fragment {
    const inputs = fragmentInputs(event, publicUrl);
    const known = this.lookup(event.id, inputs);
    if (known) return known;
    const { text, tzids } = writeEvent(event, { publicUrl });
    const bytes = packed ? this.slabs.encode(text) : encoder.encode(text);
    const fragment: Fragment = { inputs, bytes, tzids, digest: packed ? this.slabs.digest(bytes) : fnv1a64(bytes) };
    this.kept.set(event.id, fragment);
    this.pending.set(event.id, { inputs, tzids: tzids.join(','), ics: text, writtenAt: now.toISOString() });
    this.written++;
    return fragment;
  }

  /**
   * Writes an event's fragment for the table only (queued for the next flush), unless this process
   * already keeps it from these inputs: background upkeep (src/feeds/upkeep.ts) fills the table
   * without holding every fragment in memory; a feed build takes them from the table when it needs them.
   */
  writeForTable(event: CalendarEvent, publicUrl: string, now: Date): boolean {
    const inputs = fragmentInputs(event, publicUrl);
    if (this.lookup(event.id, inputs) || this.pending.get(event.id)?.inputs === inputs) return false;
    const { text, tzids } = writeEvent(event, { publicUrl });
    this.pending.set(event.id, { inputs, tzids: tzids.join(','), ics: text, writtenAt: now.toISOString() });
    this.written++;
    return true;
  }

  /**
   * Saves the fragments written since the last flush, a few rows per statement, yielding between
   * statements. A failed save costs only time (the fragment is written again later), so it is
   * reported once and not raised.
   */
  async flush(yieldNow: () => Promise<void>): Promise<void> {
    if (!this.pending.size) return;
    const rows = [...this.pending].map(([eventId, f]) => ({
      event_id: eventId,
      inputs: f.inputs,
      tzids: f.tzids,
      ics: f.ics,
      written_at: f.writtenAt,
    }));
    this.pending = new Map();
    for (let i = 0; i < rows.length; i += ROWS_PER_WRITE) {
      try {
        await this.store.db
          .insertInto('feed_fragments')
          .values(rows.slice(i, i + ROWS_PER_WRITE))
          .onConflict((oc) =>
            oc.column('event_id').doUpdateSet((eb) => ({
              inputs: eb.ref('excluded.inputs'),
              tzids: eb.ref('excluded.tzids'),
              ics: eb.ref('excluded.ics'),
              written_at: eb.ref('excluded.written_at'),
            })),
          )
          .execute();
      } catch (error) {
        if (!this.warned)
          console.warn(`feeds: could not keep VEVENT fragments in the database (${visibleText(String(error))}); continuing without`);
        this.warned = true;
        return;
      }
      if (i + ROWS_PER_WRITE < rows.length) await yieldNow();
    }
  }

  get size(): number {
    return this.kept.size;
  }

  /** The TZIDs of a stored fragment ('Europe/London,…' or null), one shared array per distinct list. */
  private tzidList(stored: string | null): readonly string[] {
    if (!stored) return NO_TZIDS;
    let list = this.tzidLists.get(stored);
    if (!list) {
      list = Object.freeze(stored.split(','));
      this.tzidLists.set(stored, list);
    }
    return list;
  }
}

const NO_TZIDS: readonly string[] = Object.freeze([]);

/**
 * FNV-1a over the bytes in two 32-bit lanes with different offset bases: 64 bits, synchronous,
 * about a microsecond per fragment. Not cryptographic; it only has to change when the bytes do.
 */
export function fnv1a64(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(8);
  fnv1a64Into(bytes, out);
  return out;
}

/** fnv1a64 written into `out` (8 bytes, big-endian lanes). */
function fnv1a64Into(bytes: Uint8Array, out: Uint8Array): void {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < bytes.length; i++) {
    a = Math.imul(a ^ bytes[i]!, 0x01000193);
    b = Math.imul(b ^ bytes[i]!, 0x01000193);
  }
  out[0] = a >>> 24;
  out[1] = (a >>> 16) & 0xff;
  out[2] = (a >>> 8) & 0xff;
  out[3] = a & 0xff;
  out[4] = b >>> 24;
  out[5] = (b >>> 16) & 0xff;
  out[6] = (b >>> 8) & 0xff;
  out[7] = b & 0xff;
}
