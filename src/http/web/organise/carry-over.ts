/**
 * @module The dashboard's "campaign weeks to carry over": last year's one-off campaign weeks with
 * no campaign of the same title this year, read in proportion to what the dashboard shows.
 */
import { sql, type SqlBool } from 'kysely';
import { DateTime } from 'luxon';
import { getEvents } from '../../../db/events.js';
import type { Store } from '../../../db/store.js';
import type { CalendarEvent } from '../../../domain/event.js';
import type { EventStatus } from '../../../domain/kinds.js';
import { DEFAULT_ZONE, utcIso } from '../../../domain/time.js';
import type { Viewer } from '../../../domain/visibility.js';
import { filterCondition } from '../../../occurrences/index.js';
import { LONG_RUNNING_DAYS } from '../../../occurrences/rows.js';

const STATUSES: EventStatus[] = ['published', 'draft'];
/** Candidates read per step: last year's campaign weeks mostly lack a counterpart, so one step usually fills the list. */
const STEP = 50;

/**
 * Up to `limit` one-off campaign weeks that start in `year - 1` (UK dates) and whose title
 * (ignoring case) no campaign week running in `year` has, earliest first; `more` says others
 * follow. Costs this year's campaign-week index rows (titles only: a year's campaigns, not the
 * calendar) and last year's campaign weeks by the events' (first_start, id) index, a step of
 * STEP at a time until the list is full: never every campaign week there is, nor a whole event
 * per candidate.
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
  // Campaign weeks running this year: those starting in it, and those begun in the days before it
  // (a campaign longer than LONG_RUNNING_DAYS is marked long_running in the index).
  const before = utcIso(DateTime.fromISO(thisYear).minus({ days: LONG_RUNNING_DAYS }));
  const taken = new Set(
    (
      await store.db
        .selectFrom('event_occurrences as o')
        .innerJoin('events as t', 't.id', 'o.event_id')
        .select(sql<string>`lower(t.title)`.as('title'))
        .distinct()
        .where('o.kind', '=', 'campaign_week')
        .where('o.state', '<>', 'cancelled')
        .where(filterCondition('o', 'event_id', filter, viewer))
        .where('o.start_at', '<', nextYear)
        .where('o.end_at', '>', thisYear)
        .where((eb) => eb.or([eb('o.start_at', '>=', before), eb('o.long_running', '=', 1)]))
        .execute()
    ).map((r) => r.title),
  );
  const chosen: string[] = [];
  let after: { firstStart: string; id: string } | null = null;
  for (;;) {
    let query = store.db
      .selectFrom('events as e')
      .select(['e.id', 'e.first_start', sql<string>`lower(e.title)`.as('title')])
      .where('e.kind', '=', 'campaign_week')
      .where('e.rrule', 'is', null)
      .where(filterCondition('e', 'id', filter, viewer))
      .where('e.first_start', '>=', lastYear)
      .where('e.first_start', '<', thisYear);
    if (after) {
      const a = after;
      query = query.where(sql<SqlBool>`(e.first_start > ${a.firstStart} or (e.first_start = ${a.firstStart} and e.id > ${a.id}))`);
    }
    const rows = await query.orderBy('e.first_start').orderBy('e.id').limit(STEP).execute();
    for (const r of rows) if (!taken.has(r.title)) chosen.push(r.id);
    if (chosen.length > limit || rows.length < STEP) break;
    const last = rows[rows.length - 1]!;
    after = { firstStart: last.first_start!, id: last.id };
  }
  const byId = new Map((await getEvents(store, chosen.slice(0, limit))).map((e) => [e.id, e]));
  return {
    events: chosen
      .slice(0, limit)
      .map((id) => byId.get(id))
      .filter((e): e is CalendarEvent => e !== undefined),
    more: chosen.length > limit,
  };
}
