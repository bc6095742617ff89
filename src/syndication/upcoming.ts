/**
 * @module The upcoming occurrences a news feed or an embed lists: what the viewer may see, with
 * the feed's filters, from now on, bounded (the next 50 within 12 months) so a listing stays a
 * listing and its cost does not grow with the calendar's history.
 */
import { DateTime } from 'luxon';
import type { Store } from '../db/store.js';
import type { FeedFilter } from '../feeds/filter.js';
import { pageOccurrences, type Dated } from '../occurrences/index.js';
import { DEFAULT_ZONE, instantRange } from '../domain/time.js';
import type { Viewer } from '../domain/visibility.js';

export const UPCOMING_LIMIT = 50;
export const UPCOMING_MONTHS = 12;

/**
 * Occurrences that have not ended by `now` (a campaign week under way is still listed), earliest
 * first, at most `limit`. Confidential events and drafts never appear (the viewer is never an
 * organiser here). Throws nothing for an empty calendar: the list is empty.
 */
export async function upcomingOccurrences(
  store: Store,
  viewer: Viewer,
  filter: FeedFilter,
  now: Date,
  limit = UPCOMING_LIMIT,
): Promise<Dated[]> {
  const from = DateTime.fromJSDate(now).setZone(DEFAULT_ZONE);
  const page = await pageOccurrences(store, viewer, {
    window: { from, to: from.plus({ months: UPCOMING_MONTHS }) },
    filter: {
      themes: filter.themes.length ? filter.themes : undefined,
      kinds: filter.kinds.length ? filter.kinds : undefined,
      groupIds: filter.groupIds.length ? filter.groupIds : undefined,
      organisationIds: filter.organisationIds.length ? filter.organisationIds : undefined,
    },
    limit,
  });
  return page.items;
}

/**
 * When a list built at `now` stops being right without any write: the first listed occurrence
 * ends (it leaves the list), or an hour later at most (later dates come into the 12 months).
 */
export function listValidUntil(items: Dated[], now: Date): number {
  let until = now.getTime() + 60 * 60 * 1000;
  for (const { event, occurrence } of items) {
    const end = instantRange(occurrence.when, event.timezone).end.toMillis();
    if (end > now.getTime()) until = Math.min(until, end);
  }
  return until;
}
