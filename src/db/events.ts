/**
 * @module Storage of events, their themes and their exceptions. Themes and exceptions are read in
 * the same query as the event (json_group_array subqueries) so a list is one round trip on D1 and
 * never hits its 100-parameter limit with a long `IN (...)` list.
 */
import { sql, type CompiledQuery, type SqlBool } from 'kysely';
import { eventFields, type CalendarEvent, type EventException, type EventFields, type When } from '../domain/event.js';
import type { EventKind, EventStatus, Visibility } from '../domain/kinds.js';
import { occurrencesInWindow, type Window } from '../domain/occurrences.js';
import { instantRange } from '../domain/time.js';
import { visibilityScope, type Viewer } from '../domain/visibility.js';
import { auditStatement, diff } from './audit.js';
import { visibleIn } from './visible.js';
import type { EventsTable } from './schema.js';
import { newId, stamp, type Store, type WriteContext } from './store.js';

export interface EventFilter {
  window?: Window;
  kinds?: EventKind[];
  themes?: string[];
  groupIds?: string[];
  organisationIds?: string[];
  visibilities?: Visibility[];
  statuses?: EventStatus[];
  parentIds?: string[];
  /** Events changed at or after this instant (for sync and cache checks). */
  updatedSince?: string;
  /** Words that must appear in the title, description or location. */
  text?: string;
}

type EventRow = EventsTable & { themes_json: string | null; exceptions_json: string | null };

/** The When stored in a row's date/instant columns (events and exceptions share the shape). */
export function whenOf(row: {
  start_date: string | null;
  end_date: string | null;
  starts_at: string | null;
  ends_at: string | null;
}): When {
  return row.start_date !== null && row.end_date !== null
    ? { allDay: true, startDate: row.start_date, endDate: row.end_date }
    : { allDay: false, startsAt: row.starts_at!, endsAt: row.ends_at! };
}

export interface ExceptionRow {
  recurrence_id: string;
  kind: string;
  start_date: string | null;
  end_date: string | null;
  starts_at: string | null;
  ends_at: string | null;
  location: string | null;
  note: string;
  updated_at: string;
}

export function exceptionFromRow(e: ExceptionRow): EventException {
  return {
    recurrenceId: e.recurrence_id,
    kind: e.kind as EventException['kind'],
    when: e.start_date !== null || e.starts_at !== null ? whenOf(e) : null,
    location: e.location,
    note: e.note,
    updatedAt: e.updated_at,
  };
}

/** An events row as a CalendarEvent; themes and exceptions are read by the caller's own query. */
export function eventFromRow(row: Omit<EventsTable, 'all_day'>, themes: string[], exceptions: EventException[]): CalendarEvent {
  return {
    id: row.id,
    kind: row.kind as EventKind,
    title: row.title,
    description: row.description,
    location: row.location,
    links: row.links === '[]' ? [] : (JSON.parse(row.links) as CalendarEvent['links']),
    when: whenOf(row),
    timezone: row.timezone,
    rrule: row.rrule,
    exceptions,
    themes,
    organisationId: row.organisation_id,
    groupId: row.group_id,
    parentId: row.parent_id,
    visibility: row.visibility as Visibility,
    status: row.status as EventStatus,
    sequence: row.sequence,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    cancelledAt: row.cancelled_at,
  };
}

function toEvent(row: EventRow): CalendarEvent {
  const exceptions = (JSON.parse(row.exceptions_json ?? '[]') as ExceptionRow[])
    .map(exceptionFromRow)
    .sort((a, b) => a.recurrenceId.localeCompare(b.recurrenceId));
  return eventFromRow(row, (JSON.parse(row.themes_json ?? '[]') as string[]).sort(), exceptions);
}

function baseQuery(store: Store) {
  return store.db
    .selectFrom('events')
    .selectAll('events')
    .select([
      sql<string>`(select json_group_array(theme) from event_themes where event_themes.event_id = events.id)`.as('themes_json'),
      sql<string>`(select json_group_array(json_object(
        'recurrence_id', recurrence_id, 'kind', kind, 'start_date', start_date, 'end_date', end_date,
        'starts_at', starts_at, 'ends_at', ends_at, 'location', location, 'note', note, 'updated_at', updated_at))
      from event_exceptions where event_exceptions.event_id = events.id)`.as('exceptions_json'),
    ]);
}

export async function getEvent(store: Store, id: string): Promise<CalendarEvent | null> {
  const row = await baseQuery(store).where('events.id', '=', id).executeTakeFirst();
  return row ? toEvent(row as EventRow) : null;
}

/**
 * The list's sort key: when the event starts or, for a series in a window, when its first
 * occurrence there starts. Null when the event has no occurrence in the window (it is left out).
 */
function sortKey(event: CalendarEvent, window?: Window): number | null {
  if (window) {
    const first = occurrencesInWindow(event, window)[0];
    if (!first) return null;
    if (event.rrule) return +instantRange(first.when, event.timezone).start;
  }
  return +instantRange(event.when, event.timezone).start;
}

/**
 * Every event matching the filter that the viewer may see, earliest first. Storage narrows by
 * the indexed columns; recurring series are then checked occurrence by occurrence, because a
 * monthly meeting that began in 2022 may well have an occurrence next week.
 */
export async function findEvents(store: Store, filter: EventFilter, viewer: Viewer): Promise<CalendarEvent[]> {
  let query = baseQuery(store);
  const scope = visibilityScope(viewer);
  if (scope) query = query.where(visibleIn(scope));
  if (filter.kinds?.length) query = query.where('events.kind', 'in', filter.kinds);
  if (filter.groupIds?.length) query = query.where('events.group_id', 'in', filter.groupIds);
  if (filter.organisationIds?.length) query = query.where('events.organisation_id', 'in', filter.organisationIds);
  if (filter.visibilities?.length) query = query.where('events.visibility', 'in', filter.visibilities);
  if (filter.statuses?.length) query = query.where('events.status', 'in', filter.statuses);
  if (filter.parentIds?.length) query = query.where('events.parent_id', 'in', filter.parentIds);
  if (filter.updatedSince) query = query.where('events.updated_at', '>=', filter.updatedSince);
  if (filter.themes?.length) {
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
  if (filter.text) {
    for (const word of filter.text.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5)) {
      const like = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where(
        sql<SqlBool>`(lower(events.title) like ${like} escape '\\' or lower(events.description) like ${like} escape '\\' or lower(events.location) like ${like} escape '\\')`,
      );
    }
  }
  const window = filter.window;
  if (window) {
    // Coarse bounds only: one day of slack either side covers all-day dates in any offset.
    const fromDate = window.from.minus({ days: 1 }).toISODate()!;
    const toDate = window.to.plus({ days: 1 }).toISODate()!;
    const fromIso = window.from.toUTC().toISO()!;
    const toIso = window.to.toUTC().toISO()!;
    query = query.where((eb) =>
      eb.or([
        eb('events.rrule', 'is not', null),
        eb.and([eb('events.all_day', '=', 1), eb('events.start_date', '<=', toDate), eb('events.end_date', '>=', fromDate)]),
        eb.and([eb('events.all_day', '=', 0), eb('events.starts_at', '<=', toIso), eb('events.ends_at', '>=', fromIso)]),
      ]),
    );
  }
  const rows = (await query.execute()) as EventRow[];
  const events = rows.map(toEvent);
  // One expansion per event decides both whether it is in the window and where it sorts.
  return events
    .map((e) => ({ e, key: sortKey(e, window) }))
    .filter((entry): entry is { e: CalendarEvent; key: number } => entry.key !== null)
    .sort((a, b) => a.key - b.key || a.e.title.localeCompare(b.e.title) || a.e.id.localeCompare(b.e.id))
    .map(({ e }) => e);
}

function rowValues(fields: EventFields): Omit<EventsTable, 'id' | 'sequence' | 'created_at' | 'updated_at' | 'cancelled_at'> {
  const when = fields.when;
  return {
    kind: fields.kind,
    title: fields.title,
    description: fields.description,
    location: fields.location,
    links: JSON.stringify(fields.links),
    all_day: when.allDay ? 1 : 0,
    start_date: when.allDay ? when.startDate : null,
    end_date: when.allDay ? when.endDate : null,
    starts_at: when.allDay ? null : when.startsAt,
    ends_at: when.allDay ? null : when.endsAt,
    timezone: fields.timezone,
    rrule: fields.rrule,
    organisation_id: fields.organisationId,
    group_id: fields.groupId,
    parent_id: fields.parentId,
    visibility: fields.visibility,
    status: fields.status,
  };
}

function themeStatements(store: Store, eventId: string, themes: string[]): CompiledQuery[] {
  const out: CompiledQuery[] = [store.db.deleteFrom('event_themes').where('event_id', '=', eventId).compile()];
  for (const theme of themes) out.push(store.db.insertInto('event_themes').values({ event_id: eventId, theme }).compile());
  return out;
}

/** The statements that insert a new event; exposed so bulk loads (demo data, imports) can batch many. */
export function insertEventStatements(
  store: Store,
  fields: EventFields,
  ctx: WriteContext,
  id: string = newId(),
): { id: string; statements: CompiledQuery[] } {
  const now = stamp(ctx.now);
  const statements = [
    store.db
      .insertInto('events')
      .values({ id, ...rowValues(fields), sequence: 0, created_at: now, updated_at: now, cancelled_at: null })
      .compile(),
    ...themeStatements(store, id, fields.themes).slice(1),
    auditStatement(store, ctx, { action: 'create', entity: 'event', entityId: id, changes: { title: fields.title } }),
  ];
  return { id, statements };
}

export async function createEvent(store: Store, fields: EventFields, ctx: WriteContext): Promise<CalendarEvent> {
  const { id, statements } = insertEventStatements(store, fields, ctx);
  await store.batch(statements);
  return (await getEvent(store, id))!;
}

/** An event's fields in a form where equal means "nothing changed" (theme order does not count). */
function comparable(event: EventFields): Record<string, unknown> {
  return { ...eventFields(event), themes: [...event.themes].sort() };
}

/**
 * Replaces an event's fields. SEQUENCE goes up by one on every real change so calendar clients
 * replace their copy instead of keeping a stale one; a save that changes nothing is a no-op.
 */
export async function updateEvent(store: Store, current: CalendarEvent, fields: EventFields, ctx: WriteContext): Promise<CalendarEvent> {
  const changes = diff(comparable(current), comparable(fields));
  if (Object.keys(changes).length === 0) return current;
  await store.batch([
    store.db
      .updateTable('events')
      .set({ ...rowValues(fields), sequence: sql<number>`sequence + 1`, updated_at: stamp(ctx.now) })
      .where('id', '=', current.id)
      .compile(),
    ...themeStatements(store, current.id, fields.themes),
    auditStatement(store, ctx, { action: 'update', entity: 'event', entityId: current.id, changes }),
  ]);
  return (await getEvent(store, current.id))!;
}

export async function cancelEvent(store: Store, current: CalendarEvent, reason: string, ctx: WriteContext): Promise<CalendarEvent> {
  if (current.status === 'cancelled') return current;
  const now = stamp(ctx.now);
  await store.batch([
    store.db
      .updateTable('events')
      .set({ status: 'cancelled', cancelled_at: now, sequence: sql<number>`sequence + 1`, updated_at: now })
      .where('id', '=', current.id)
      .compile(),
    auditStatement(store, ctx, {
      action: 'cancel',
      entity: 'event',
      entityId: current.id,
      changes: { status: [current.status, 'cancelled'], reason },
    }),
  ]);
  return (await getEvent(store, current.id))!;
}

/** The upsert of one occurrence's exception; shared by the API and bulk loads. */
export function exceptionStatement(
  store: Store,
  eventId: string,
  exception: Omit<EventException, 'updatedAt'>,
  ctx: WriteContext,
): CompiledQuery {
  const now = stamp(ctx.now);
  const when = exception.when;
  const values = {
    kind: exception.kind,
    start_date: when?.allDay ? when.startDate : null,
    end_date: when?.allDay ? when.endDate : null,
    starts_at: when && !when.allDay ? when.startsAt : null,
    ends_at: when && !when.allDay ? when.endsAt : null,
    location: exception.location,
    note: exception.note,
    updated_at: now,
  };
  return store.db
    .insertInto('event_exceptions')
    .values({ event_id: eventId, recurrence_id: exception.recurrenceId, created_at: now, ...values })
    .onConflict((oc) => oc.columns(['event_id', 'recurrence_id']).doUpdateSet(values))
    .compile();
}

/** Moves, relocates or cancels one occurrence of a series (and bumps the series' SEQUENCE). */
export async function putException(
  store: Store,
  event: CalendarEvent,
  exception: Omit<EventException, 'updatedAt'>,
  ctx: WriteContext,
): Promise<CalendarEvent> {
  await store.batch([
    exceptionStatement(store, event.id, exception, ctx),
    store.db
      .updateTable('events')
      .set({ sequence: sql<number>`sequence + 1`, updated_at: stamp(ctx.now) })
      .where('id', '=', event.id)
      .compile(),
    auditStatement(store, ctx, {
      action: exception.kind === 'cancelled' ? 'cancel-occurrence' : 'move-occurrence',
      entity: 'event',
      entityId: event.id,
      changes: { recurrenceId: exception.recurrenceId, when: exception.when, location: exception.location },
    }),
  ]);
  return (await getEvent(store, event.id))!;
}

export async function deleteException(store: Store, event: CalendarEvent, recurrenceId: string, ctx: WriteContext): Promise<CalendarEvent> {
  const now = stamp(ctx.now);
  await store.batch([
    store.db.deleteFrom('event_exceptions').where('event_id', '=', event.id).where('recurrence_id', '=', recurrenceId).compile(),
    store.db
      .updateTable('events')
      .set({ sequence: sql<number>`sequence + 1`, updated_at: now })
      .where('id', '=', event.id)
      .compile(),
    auditStatement(store, ctx, { action: 'restore-occurrence', entity: 'event', entityId: event.id, changes: { recurrenceId } }),
  ]);
  return (await getEvent(store, event.id))!;
}

/** Campaign weeks' partner activities, by campaign id (for embedding in lists and pages). */
export async function activitiesOf(store: Store, campaignIds: string[], viewer: Viewer): Promise<Map<string, CalendarEvent[]>> {
  const out = new Map<string, CalendarEvent[]>();
  if (campaignIds.length === 0) return out;
  // Chunked: D1 allows at most 100 bound parameters per statement.
  for (let i = 0; i < campaignIds.length; i += 90) {
    const children = await findEvents(store, { parentIds: campaignIds.slice(i, i + 90) }, viewer);
    for (const child of children) {
      const list = out.get(child.parentId!) ?? [];
      list.push(child);
      out.set(child.parentId!, list);
    }
  }
  return out;
}

/** Latest change to any event: the basis of feed ETags and caches. */
export async function lastEventChange(store: Store): Promise<string | null> {
  const row = await store.db
    .selectFrom('events')
    .select((eb) => eb.fn.max('updated_at').as('latest'))
    .executeTakeFirst();
  return (row?.latest as string | null | undefined) ?? null;
}
