/** @module Who will be told: the people already e-mailed about an event's dates still to come, as a confirmation page shows them. */
import type { Store } from '../db/store.js';
import { utcIso } from '../domain/time.js';

/** The most addresses a confirmation page lists by name (the rest are counted). */
const LISTED = 20;

/**
 * The distinct recipients sent a reminder or change notice about these events' occurrences not
 * yet started (one `occurrence` only when given): they get a "Cancelled" e-mail. One query per 90 ids.
 */
export async function peopleTold(
  store: Store,
  eventIds: string[],
  now: Date,
  occurrence?: string,
): Promise<{ count: number; listed: string[] }> {
  const all = new Set<string>();
  for (let i = 0; i < eventIds.length; i += 90) {
    let query = store.db
      .selectFrom('reminder_deliveries')
      .select('recipient')
      .distinct()
      .where('event_id', 'in', eventIds.slice(i, i + 90))
      .where('status', '=', 'sent')
      .where('kind', 'in', ['reminder', 'update'])
      .where('occurrence_start', '>', utcIso(now));
    if (occurrence !== undefined) query = query.where('occurrence', '=', occurrence);
    for (const r of await query.execute()) all.add(r.recipient);
  }
  const sorted = [...all].sort();
  return { count: sorted.length, listed: sorted.slice(0, LISTED) };
}
