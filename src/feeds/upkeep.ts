/**
 * @module Keeping every event's feed fragment in the table ahead of the first feed request. A
 * calendar loaded in bulk (an import, a restore, the scale benchmark's generator) has events
 * without a kept fragment, and the first feed build after it would write them all with
 * ical-generator while a subscriber waits (65,000 at 100k events). The server runs this at start,
 * after the occurrence index upkeep: it walks the events a feed can hold in id order, 500 light
 * rows a page (id, record stamps and the kept fragment's key, no text), writes the fragments that
 * are missing or were written from other inputs, and saves them page by page, yielding every few
 * milliseconds. A feed build that starts meanwhile takes what is already saved and writes the
 * rest itself; a restart midway loses at most one page. Docs: docs/decisions.md ADR 186.
 */
import type { Store } from '../db/store.js';
import { eventsByIds } from './feed-query.js';
import { fragmentInputs, type FragmentStore } from './fragments.js';
import { timeSlicer, yieldToEventLoop } from './yield.js';
import { learnClockChangesFor } from './writer.js';

const PAGE = 500;

export interface FragmentUpkeep {
  /** Events a feed can hold (published or cancelled, not confidential) that were looked at. */
  checked: number;
  /** Fragments written by ical-generator and saved. */
  written: number;
}

/**
 * Writes and saves the fragment of every event a feed can hold whose kept fragment is missing or
 * stale (fragmentInputs differ: another writer version, PUBLIC_URL, or a later change). `now` is
 * the UTC instant recorded as written_at. Raises what the database raises on a read; a failed save
 * is reported once by the FragmentStore and costs only time.
 */
export async function keepFragments(store: Store, fragments: FragmentStore, publicUrl: string, now: () => Date): Promise<FragmentUpkeep> {
  const pause = timeSlicer();
  const result: FragmentUpkeep = { checked: 0, written: 0 };
  let afterId = '';
  for (;;) {
    const rows = await store.db
      .selectFrom('events')
      .leftJoin('feed_fragments', 'feed_fragments.event_id', 'events.id')
      .select(['events.id', 'events.updated_at', 'events.sequence', 'feed_fragments.inputs'])
      .where('events.status', 'in', ['published', 'cancelled'])
      .where('events.visibility', '!=', 'confidential')
      .where('events.id', '>', afterId)
      .orderBy('events.id')
      .limit(PAGE)
      .execute();
    if (!rows.length) return result;
    result.checked += rows.length;
    afterId = rows[rows.length - 1]!.id;
    const stale = rows.filter((r) => r.inputs !== fragmentInputs({ updatedAt: r.updated_at, sequence: r.sequence }, publicUrl));
    if (stale.length) {
      for (const event of await eventsByIds(
        store,
        stale.map((r) => r.id),
      )) {
        await learnClockChangesFor(event, pause);
        if (fragments.writeForTable(event, publicUrl, now())) result.written++;
        await pause();
      }
      await fragments.flush(yieldToEventLoop);
    }
    await yieldToEventLoop();
  }
}
