/**
 * @module Kept VEVENT fragments: the text ical-generator wrote for each event (its series VEVENT
 * and the overrides of its moved occurrences), written once per change and kept twice: encoded in
 * this process's memory, and as text in the feed_fragments table, so a fresh process or Workers
 * isolate assembles a 10,000-event feed from the database instead of running ical-generator (and
 * its slow line folding) 10,000 times. A fragment is a pure function of the event and PUBLIC_URL;
 * its `inputs` key names what it was written from, and a fragment whose key differs from the
 * event's current one is never used. Table writes are bookkeeping outside Store.batch, like
 * feed_subscriptions.last_used_at: they change no calendar data, so they invalidate no cache.
 */
import type { Store } from '../db/store.js';
import type { CalendarEvent } from '../domain/event.js';
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

/** The fragments of one database, shared by every feed built from it in this process. */
export class FragmentStore {
  private readonly kept = new Map<string, Fragment>();
  private pending = new Map<string, { inputs: string; tzids: string; ics: string; writtenAt: string }>();
  private warned = false;
  /** Fragments written by ical-generator in this process (for tests and the benchmark). */
  written = 0;

  constructor(private readonly store: Store) {}

  /** The kept fragment of an event, if it was written from exactly these inputs. */
  lookup(eventId: string, inputs: string): Fragment | undefined {
    const fragment = this.kept.get(eventId);
    return fragment?.inputs === inputs ? fragment : undefined;
  }

  /** Takes a fragment read from the table, if it was written from these inputs. */
  adopt(eventId: string, inputs: string, stored: StoredFragment): Fragment | undefined {
    if (stored.inputs !== inputs || stored.ics === null) return undefined;
    const bytes = encoder.encode(stored.ics);
    const fragment: Fragment = { inputs, bytes, tzids: stored.tzids ? stored.tzids.split(',') : [], digest: fnv1a64(bytes) };
    this.kept.set(eventId, fragment);
    return fragment;
  }

  /** Writes an event's fragment with ical-generator, keeps it, and queues it for the table. */
  write(event: CalendarEvent, publicUrl: string, now: Date): Fragment {
    const inputs = fragmentInputs(event, publicUrl);
    const known = this.lookup(event.id, inputs);
    if (known) return known;
    const { text, tzids } = writeEvent(event, { publicUrl });
    const bytes = encoder.encode(text);
    const fragment: Fragment = { inputs, bytes, tzids, digest: fnv1a64(bytes) };
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
        if (!this.warned) console.warn(`feeds: could not keep VEVENT fragments in the database (${String(error)}); continuing without`);
        this.warned = true;
        return;
      }
      if (i + ROWS_PER_WRITE < rows.length) await yieldNow();
    }
  }

  get size(): number {
    return this.kept.size;
  }
}

/**
 * FNV-1a over the bytes in two 32-bit lanes with different offset bases: 64 bits, synchronous,
 * about a microsecond per fragment. Not cryptographic; it only has to change when the bytes do.
 */
export function fnv1a64(bytes: Uint8Array): Uint8Array {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < bytes.length; i++) {
    a = Math.imul(a ^ bytes[i]!, 0x01000193);
    b = Math.imul(b ^ bytes[i]!, 0x01000193);
  }
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  view.setUint32(0, a >>> 0);
  view.setUint32(4, b >>> 0);
  return out;
}
