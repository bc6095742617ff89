/**
 * @module The events of a feed, read in pages. findEvents (src/db/events.ts) serves the API well
 * but sorts by each event's first occurrence through Luxon and reads themes and exceptions with
 * per-row subqueries, about a second for 10,000 events. A feed needs neither a date order nor a
 * window, so this reads pages of 500 events in id order (keyset pagination), then the themes
 * and exceptions of each page with one range scan each on their primary keys, and yields to the
 * event loop between pages: better-sqlite3 is synchronous, and one 10,000-row query would stall
 * every other request for its whole duration. Same visibility rule as everywhere
 * (visibilityScope in SQL, canSee again on every row).
 */
import type { Store } from '../db/store.js';
import { eventFromRow, exceptionFromRow } from '../db/events.js';
import { visibleIn } from '../db/visible.js';
import type { CalendarEvent } from '../domain/event.js';
import { canSee, visibilityScope } from '../domain/visibility.js';
import type { FeedSpec } from './filter.js';

export const FEED_PAGE_SIZE = 500;

const COLUMNS = [
  'id',
  'kind',
  'title',
  'description',
  'location',
  'links',
  'start_date',
  'end_date',
  'starts_at',
  'ends_at',
  'timezone',
  'rrule',
  'organisation_id',
  'group_id',
  'parent_id',
  'visibility',
  'status',
  'sequence',
  'created_at',
  'updated_at',
  'cancelled_at',
] as const;

interface Page {
  events: CalendarEvent[];
  /** The id of the page's last row (before canSee), where the next page starts; null at the end. */
  nextAfter: string | null;
}

/** One page of feed events after `afterId` (exclusive), in id order. */
async function page(store: Store, spec: FeedSpec, afterId: string, size: number): Promise<Page> {
  const { filter, viewer } = spec;
  let query = store.db
    .selectFrom('events')
    .select([...COLUMNS])
    .where('events.status', 'in', ['published', 'cancelled'])
    .where('events.visibility', '!=', 'confidential')
    .where('events.id', '>', afterId);
  const scope = visibilityScope(viewer);
  if (scope) query = query.where(visibleIn(scope));
  if (filter.kinds.length) query = query.where('events.kind', 'in', filter.kinds);
  if (filter.groupIds.length) query = query.where('events.group_id', 'in', filter.groupIds);
  if (filter.organisationIds.length) query = query.where('events.organisation_id', 'in', filter.organisationIds);
  if (filter.themes.length) {
    const themes = filter.themes;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('event_themes')
          .select('event_themes.theme')
          .whereRef('event_themes.event_id', '=', 'events.id')
          .where('event_themes.theme', 'in', themes),
      ),
    );
  }
  const rows = await query.orderBy('events.id').limit(size).execute();
  if (!rows.length) return { events: [], nextAfter: null };
  const first = rows[0]!.id;
  const last = rows[rows.length - 1]!.id;

  // Range scans on the primary keys (event_id, ...): a few rows outside this page may come
  // back (events the filter left out) and are ignored.
  const themeRows = await store.db
    .selectFrom('event_themes')
    .select(['event_id', 'theme'])
    .where('event_id', '>=', first)
    .where('event_id', '<=', last)
    .execute();
  const exceptionRows = await store.db
    .selectFrom('event_exceptions')
    .select(['event_id', 'recurrence_id', 'kind', 'start_date', 'end_date', 'starts_at', 'ends_at', 'location', 'note', 'updated_at'])
    .where('event_id', '>=', first)
    .where('event_id', '<=', last)
    .orderBy('event_id')
    .orderBy('recurrence_id')
    .execute();

  const events = new Map<string, CalendarEvent>();
  for (const row of rows) {
    const event = eventFromRow(row, [], []);
    if (canSee(viewer, event)) events.set(event.id, event);
  }
  for (const t of themeRows) events.get(t.event_id)?.themes.push(t.theme);
  for (const e of exceptionRows) {
    const event = events.get(e.event_id);
    if (!event) continue;
    event.exceptions.push(exceptionFromRow(e));
  }
  for (const event of events.values()) event.themes.sort();
  return { events: [...events.values()], nextAfter: rows.length < size ? null : last };
}

/** Every event of the feed, page by page; the caller yields to the event loop between pages. */
export async function* feedEventPages(store: Store, spec: FeedSpec, size = FEED_PAGE_SIZE): AsyncGenerator<CalendarEvent[]> {
  let afterId: string | null = '';
  while (afterId !== null) {
    const { events, nextAfter } = await page(store, spec, afterId, size);
    if (events.length) yield events;
    afterId = nextAfter;
  }
}
