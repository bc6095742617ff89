/** @module Who will be told: the people already e-mailed about an event's dates still to come, as a confirmation page shows them. */
import type { Store } from '../db/store.js';
import { utcIso } from '../domain/time.js';
import { sentLater } from '../notify/outbox.js';
import { occurrenceLinks } from '../series/store.js';

/** The most addresses a confirmation page lists by name (the rest are counted). */
const LISTED = 20;

/**
 * The distinct recipients a "Cancelled" e-mail will reach if these events (or, with `occurrence`,
 * that one current RECURRENCE-ID of them) are cancelled: people whose last e-mail about a date not
 * yet started was a reminder or a change notice; with `news: 'back on'`, those a restore tells
 * "Back on": people whose last e-mail about such a date was "Cancelled". Found as the planner finds them
 * (src/notify/plan.ts), through the occurrence aliases of series edits (ADR 91), so a date people
 * hold under an earlier part's UID or RECURRENCE-ID counts for the part it lives in now. Three
 * queries per event; `now` is a UTC instant.
 */
export async function peopleTold(
  store: Store,
  eventIds: string[],
  now: Date,
  { occurrence, news = 'cancelled' }: { occurrence?: string; news?: 'cancelled' | 'back on' } = {},
): Promise<{ count: number; listed: string[] }> {
  const all = new Set<string>();
  for (const eventId of eventIds) {
    const links = await occurrenceLinks(store, eventId);
    const rows = await store.db
      .selectFrom('reminder_deliveries')
      .select(['event_id', 'occurrence', 'recipient', 'kind', 'sent_no', 'sent_at'])
      .where('event_id', 'in', links.eventIds)
      .where('status', '=', 'sent')
      .where('kind', 'in', ['reminder', 'update', 'cancellation'])
      .where('occurrence_start', '>', utcIso(now))
      .execute();
    // The last e-mail each person got about each date they hold (ADR 129's order).
    const latest = new Map<string, (typeof rows)[number]>();
    for (const row of rows) {
      if (!links.belongs(row.event_id, row.occurrence)) continue;
      const current = links.currentOf.get(`${row.event_id}\u0000${row.occurrence}`) ?? row.occurrence;
      if (occurrence !== undefined && current !== occurrence) continue;
      const k = `${row.event_id}\u0000${row.occurrence}\u0000${row.recipient}`;
      const seen = latest.get(k);
      if (!seen || sentLater(row, seen)) latest.set(k, row);
    }
    for (const row of latest.values()) if ((row.kind === 'cancellation') === (news === 'back on')) all.add(row.recipient);
  }
  const sorted = [...all].sort();
  return { count: sorted.length, listed: sorted.slice(0, LISTED) };
}
