/**
 * @module What a feed reads from the database, and no more. A feed body is assembled from kept
 * fragments (src/feeds/fragments.ts), so a full build reads only a light row per member (id,
 * status, record stamps and the kept fragment), 200 rows a page in id order (keyset pagination),
 * yielding to the event loop between pages: better-sqlite3 is synchronous, and one 10,000-row
 * query would stall every other request for its whole duration. Whole events (themes,
 * exceptions) are read only for the few whose fragment must be written again, and after an edit
 * only the events changed since the last build are read, by the index on change_no. Same
 * visibility rule as everywhere (visibilityScope in SQL, canSee again on every row).
 */
import type { Store } from '../db/store.js';
import { eventFromRow, exceptionFromRow, parentCancelledTitle, withParentDatesOff } from '../db/events.js';
import { visibleIn } from '../db/visible.js';
import type { CalendarEvent } from '../domain/event.js';
import { canSee, visibilityScope } from '../domain/visibility.js';
import type { FeedSpec } from './filter.js';
import type { StoredFragment } from './fragments.js';
import { yieldToEventLoop } from './yield.js';

export const FEED_PAGE_SIZE = 200;

/** Ids per `IN (...)` list: D1 allows at most 100 bound parameters a statement. */
const IDS_PER_QUERY = 90;

/** A feed member as a full build reads it: what membership, retention and the fragment key need. */
export interface MemberRow {
  id: string;
  status: CalendarEvent['status'];
  visibility: CalendarEvent['visibility'];
  groupId: string | null;
  updatedAt: string;
  sequence: number;
  cancelledAt: string | null;
  fragment: StoredFragment;
}

/** One page of a feed's members after `afterId` (exclusive), in id order. */
async function memberPage(
  store: Store,
  spec: FeedSpec,
  afterId: string,
  size: number,
): Promise<{ rows: MemberRow[]; nextAfter: string | null }> {
  const { filter, viewer } = spec;
  let query = store.db
    .selectFrom('events')
    .leftJoin('feed_fragments', 'feed_fragments.event_id', 'events.id')
    .select([
      'events.id',
      'events.status',
      'events.visibility',
      'events.group_id',
      'events.updated_at',
      'events.sequence',
      'events.cancelled_at',
      'feed_fragments.inputs as fragment_inputs',
      'feed_fragments.tzids as fragment_tzids',
      'feed_fragments.ics as fragment_ics',
    ])
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
  const raw = await query.orderBy('events.id').limit(size).execute();
  const rows: MemberRow[] = [];
  for (const r of raw) {
    const row: MemberRow = {
      id: r.id,
      status: r.status as MemberRow['status'],
      visibility: r.visibility as MemberRow['visibility'],
      groupId: r.group_id,
      updatedAt: r.updated_at,
      sequence: r.sequence,
      cancelledAt: r.cancelled_at,
      fragment: { inputs: r.fragment_inputs, tzids: r.fragment_tzids, ics: r.fragment_ics },
    };
    if (canSee(viewer, row)) rows.push(row);
  }
  return { rows, nextAfter: raw.length < size ? null : raw[raw.length - 1]!.id };
}

/** Every member of the feed, page by page; the caller yields to the event loop between pages. */
export async function* feedMemberPages(store: Store, spec: FeedSpec, size = FEED_PAGE_SIZE): AsyncGenerator<MemberRow[]> {
  let afterId: string | null = '';
  while (afterId !== null) {
    const { rows, nextAfter } = await memberPage(store, spec, afterId, size);
    if (rows.length) yield rows;
    afterId = nextAfter;
  }
}

/**
 * The ids of events (any status: an event that left a feed must leave its body too) changed after
 * change number `since` (migration 0016, ADR 141), in id order, by the index on change_no.
 */
export async function eventIdsChangedSince(store: Store, since: number): Promise<string[]> {
  const rows = await store.db.selectFrom('events').select('id').where('change_no', '>', since).orderBy('id').execute();
  return rows.map((r) => r.id);
}

/**
 * Whole events (themes and exceptions included, and what is said of an activity kept going under a
 * week that is off) by id, in id order; unknown ids are left out.
 * Read 90 at a time, yielding to the event loop between reads.
 */
export async function eventsByIds(store: Store, ids: readonly string[]): Promise<CalendarEvent[]> {
  const out: CalendarEvent[] = [];
  const sorted = [...new Set(ids)].sort();
  for (let i = 0; i < sorted.length; i += IDS_PER_QUERY) {
    const chunk = sorted.slice(i, i + IDS_PER_QUERY);
    const rows = await store.db
      .selectFrom('events')
      .select([
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
        'cancel_reason',
        'parent_outcome',
        'parent_date',
        'split_from',
        parentCancelledTitle(store),
      ])
      .where('id', 'in', chunk)
      .orderBy('id')
      .execute();
    if (!rows.length) continue;
    const themeRows = await store.db.selectFrom('event_themes').select(['event_id', 'theme']).where('event_id', 'in', chunk).execute();
    const exceptionRows = await store.db
      .selectFrom('event_exceptions')
      .select([
        'event_id',
        'recurrence_id',
        'kind',
        'start_date',
        'end_date',
        'starts_at',
        'ends_at',
        'location',
        'note',
        'move_note',
        'updated_at',
      ])
      .where('event_id', 'in', chunk)
      .orderBy('event_id')
      .orderBy('recurrence_id')
      .execute();
    const events = new Map<string, CalendarEvent>();
    for (const row of rows) events.set(row.id, eventFromRow(row, [], []));
    for (const t of themeRows) events.get(t.event_id)?.themes.push(t.theme);
    for (const e of exceptionRows) events.get(e.event_id)?.exceptions.push(exceptionFromRow(e));
    for (const event of events.values()) {
      event.themes.sort();
      out.push(event);
    }
    if (i + IDS_PER_QUERY < sorted.length) await yieldToEventLoop();
  }
  // A partner activity kept going while one date of its week is off says so, as its page does (ADR 296).
  return withParentDatesOff(store, out);
}
