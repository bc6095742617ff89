/**
 * @module The dashboard's "campaign weeks to carry over": last year's one-off campaign weeks with
 * no campaign of the same title this year, read title by title (a few seeks each), never week by week.
 */
import { sql } from 'kysely';
import { DateTime } from 'luxon';
import { getEvents } from '../../../db/events.js';
import type { Store } from '../../../db/store.js';
import type { CalendarEvent } from '../../../domain/event.js';
import type { EventStatus } from '../../../domain/kinds.js';
import { DEFAULT_ZONE, utcIso } from '../../../domain/time.js';
import type { Viewer } from '../../../domain/visibility.js';
import { filterCondition } from '../../../occurrences/index.js';

const STATUSES: EventStatus[] = ['published', 'draft'];

/**
 * Up to `limit` one-off campaign weeks that start in `year - 1` (UK dates) and whose title
 * (ignoring case) no campaign week running in `year` has, earliest first; `more` says others
 * follow. Works title by title on the events' (kind, lower(title), first_start, id) index
 * (migration 0020): last year's distinct titles, then for each one whether a campaign week of
 * that title has an index row this year (stopping at the first), then the earliest `limit + 1`
 * of last year's weeks for each title not taken. Costs the distinct titles, not the campaign
 * weeks: a calendar with thousands of weeks a year under a few dozen titles reads a few dozen
 * seeks (issue 9, ADR 161), where walking last year's weeks against this year's titles read them all.
 */
export async function campaignsToCarryOver(
  store: Store,
  viewer: Viewer,
  year: number,
  limit: number,
): Promise<{ events: CalendarEvent[]; more: boolean }> {
  const start = (y: number) => utcIso(DateTime.fromObject({ year: y, month: 1, day: 1 }, { zone: DEFAULT_ZONE }));
  const [lastYear, thisYear, nextYear] = [start(year - 1), start(year), start(year + 1)];
  const filter = { kinds: ['campaign_week' as const], statuses: STATUSES };
  const title = sql<string>`lower(e.title)`;
  const lastYearsWeeks = store.db
    .selectFrom('events as e')
    .where('e.kind', '=', 'campaign_week')
    .where('e.rrule', 'is', null)
    .where(filterCondition('e', 'id', filter, viewer))
    .where('e.first_start', '>=', lastYear)
    .where('e.first_start', '<', thisYear);
  const titles = (await lastYearsWeeks.select(title.as('title')).distinct().execute()).map((r) => r.title);
  const candidates: { id: string; firstStart: string }[] = [];
  for (const t of titles) {
    // Taken: a campaign week of this title with a date running this year (cancelled dates do not count).
    const taken = await store.db
      .selectFrom('events as e')
      .select('e.id')
      .where('e.kind', '=', 'campaign_week')
      .where(title, '=', t)
      .where(filterCondition('e', 'id', filter, viewer))
      // Latest first: a week running this year began before next year, most likely lately.
      .where('e.first_start', '<', nextYear)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('event_occurrences as o')
            .select(sql`1`.as('one'))
            .whereRef('o.event_id', '=', 'e.id')
            .where('o.state', '<>', 'cancelled')
            .where('o.start_at', '<', nextYear)
            .where('o.end_at', '>', thisYear),
        ),
      )
      .orderBy('e.first_start', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (taken) continue;
    const rows = await lastYearsWeeks
      .select(['e.id', 'e.first_start'])
      .where(title, '=', t)
      .orderBy('e.first_start')
      .orderBy('e.id')
      .limit(limit + 1)
      .execute();
    for (const r of rows) candidates.push({ id: r.id, firstStart: r.first_start! });
  }
  candidates.sort((a, b) => (a.firstStart < b.firstStart ? -1 : a.firstStart > b.firstStart ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const chosen = candidates.map((c) => c.id);
  const byId = new Map((await getEvents(store, chosen.slice(0, limit))).map((e) => [e.id, e]));
  return {
    events: chosen
      .slice(0, limit)
      .map((id) => byId.get(id))
      .filter((e): e is CalendarEvent => e !== undefined),
    more: chosen.length > limit,
  };
}
