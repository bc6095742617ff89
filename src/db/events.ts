/**
 * @module Storage of events, their themes and their exceptions. Themes and exceptions are read in
 * the same query as the event (json_group_array subqueries) so a list is one round trip on D1 and
 * never hits its 100-parameter limit with a long `IN (...)` list.
 */
import { sql, type CompiledQuery, type Selectable, type SqlBool } from 'kysely';
import {
  eventFields,
  type CalendarEvent,
  type EventException,
  type EventFields,
  type ExceptionToWrite,
  type ParentOutcome,
  type When,
} from '../domain/event.js';
import type { EventKind, EventStatus, Visibility } from '../domain/kinds.js';
import { asTheSeriesPutsIt, moveOutcome } from '../domain/exception-input.js';
import { currentWhen, type Window } from '../domain/occurrences.js';
import type { Viewer } from '../domain/visibility.js';
import { filterCondition, planSearch, type CalendarFilter } from '../occurrences/filter.js';
import { occurrencesIn } from '../occurrences/read.js';
import { auditStatement, diff } from './audit.js';
import { exceptionsJson, statementChunks, themesJson } from './dialect.js';
import type { EventsTable } from './schema.js';
import { newId, stamp, type Store, type WriteContext } from './store.js';
import { indexEventStatements } from '../occurrences/write.js';

export interface EventFilter extends CalendarFilter {
  /** Events with an occurrence overlapping [from, to). */
  window?: Window;
}

type EventRow = Selectable<EventsTable> & {
  themes_json: string | null;
  exceptions_json: string | null;
  parent_cancelled_title: string | null;
};

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
  /** A cancelled date's move's note, '' for none (migration 0028, ADR 287). */
  move_note: string;
  updated_at: string;
}

export function exceptionFromRow(e: ExceptionRow): EventException {
  return {
    recurrenceId: e.recurrence_id,
    kind: e.kind as EventException['kind'],
    when: e.start_date !== null || e.starts_at !== null ? whenOf(e) : null,
    location: e.location,
    note: e.note,
    ...(e.move_note && e.kind === 'cancelled' ? { moveNote: e.move_note } : {}),
    updatedAt: e.updated_at,
  };
}

/** An events row as a CalendarEvent; themes and exceptions are read by the caller's own query. */
export function eventFromRow(
  row: Omit<EventsTable, 'all_day' | IndexColumns | 'split_from' | 'change_reason' | 'continues' | 'parent_date'> & {
    parent_date?: string;
    parent_cancelled_title?: string | null;
    split_from?: string | null;
    continues?: number;
    change_reason?: string;
  },
  themes: string[],
  exceptions: EventException[],
): CalendarEvent {
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
    cancelReason: row.cancel_reason,
    changeReason: row.change_reason ?? '',
    parentOutcome: (row.parent_outcome || null) as ParentOutcome | null,
    parentDate: row.parent_date || null,
    ...(row.parent_cancelled_title !== undefined ? { parentCancelledTitle: row.parent_cancelled_title } : {}),
    splitFrom: row.split_from ?? null,
    continuesSeries: row.continues === 1,
  };
}

function toEvent(row: EventRow): CalendarEvent {
  const exceptions = (JSON.parse(row.exceptions_json ?? '[]') as ExceptionRow[])
    .map(exceptionFromRow)
    .sort((a, b) => a.recurrenceId.localeCompare(b.recurrenceId));
  return eventFromRow(row, (JSON.parse(row.themes_json ?? '[]') as string[]).sort(), exceptions);
}

/**
 * The title of the event's parent (a partner activity's campaign week) when that is cancelled, else
 * null: a correlated read by primary key, for what is said of an activity kept going (ADR 274).
 */
export function parentCancelledTitle(store: Store) {
  return store.db
    .selectFrom('events as parent')
    .select('parent.title')
    .where('parent.id', '=', sql.ref<string>('events.parent_id'))
    .where('parent.status', '=', 'cancelled')
    .as('parent_cancelled_title');
}

function baseQuery(store: Store) {
  return store.db
    .selectFrom('events')
    .selectAll('events')
    .select([themesJson(store).as('themes_json'), exceptionsJson(store).as('exceptions_json'), parentCancelledTitle(store)]);
}

export async function getEvent(store: Store, id: string): Promise<CalendarEvent | null> {
  const row = await baseQuery(store).where('events.id', '=', id).executeTakeFirst();
  return row ? (await withParentDatesOff(store, [toEvent(row as EventRow)]))[0]! : null;
}

/**
 * Sets `parentDateOff` on each partner activity kept going while one date of its repeating campaign
 * week is off (`parentOutcome` 'kept' with a `parentDate`): the week's title and that date where it
 * is (a date moved then cancelled, at its moved span, ADR 294), or null when the week no longer has
 * that date cancelled. One read of those weeks, only when there are such activities (ADR 296).
 * Returns `events`, changed in place.
 */
export async function withParentDatesOff(store: Store, events: CalendarEvent[]): Promise<CalendarEvent[]> {
  const kept = events.filter((e) => e.parentOutcome === 'kept' && e.parentDate && e.parentId);
  if (!kept.length) return events;
  const weeks = new Map((await getEvents(store, [...new Set(kept.map((e) => e.parentId!))])).map((w) => [w.id, w]));
  for (const activity of kept) {
    const week = weeks.get(activity.parentId!);
    const off = week?.exceptions.some((x) => x.recurrenceId === activity.parentDate && x.kind === 'cancelled');
    activity.parentDateOff =
      week && off ? { title: week.title, when: currentWhen(week, activity.parentDate!), timezone: week.timezone } : null;
  }
  return events;
}

/** The events with these ids (in no particular order; unknown ids are left out). */
export async function getEvents(store: Store, ids: readonly string[]): Promise<CalendarEvent[]> {
  const out: CalendarEvent[] = [];
  // Chunked: D1 allows at most 100 bound parameters per statement.
  for (const part of statementChunks(ids)) {
    const rows = await baseQuery(store).where('events.id', 'in', part).execute();
    out.push(...rows.map((r) => toEvent(r as EventRow)));
  }
  return withParentDatesOff(store, out);
}

/** A position in the events list ordered by first start: `first_start~id`. */
export interface EventCursor {
  firstStart: string;
  id: string;
}

export function encodeEventCursor(c: EventCursor): string {
  return `${c.firstStart}~${c.id}`;
}

export function decodeEventCursor(text: string | undefined | null): EventCursor | null {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)~([A-Za-z0-9-]{1,64})$/.exec(text ?? '');
  return m ? { firstStart: m[1]!, id: m[2]! } : null;
}

/**
 * One page of the events the viewer may see that match the filter (no window), ordered by when
 * they first start (`order` 'desc': latest first), read with LIMIT on the (first_start, id) index
 * after a cursor. `statuses` defaults to every status the viewer may see (drafts for organisers).
 */
export async function pageEvents(
  store: Store,
  viewer: Viewer,
  req: { filter: CalendarFilter; limit: number; after?: EventCursor | null; before?: EventCursor | null; order?: 'asc' | 'desc' },
): Promise<{ events: CalendarEvent[]; next: EventCursor | null; previous: EventCursor | null }> {
  const listOrder = req.order ?? 'asc';
  const backwards = !req.after && !!req.before;
  // Reading backwards from `before` walks the index the other way, then the page is put back in order.
  const order = backwards ? (listOrder === 'asc' ? 'desc' : 'asc') : listOrder;
  const cursor = backwards ? req.before : req.after;
  const op = order === 'asc' ? sql`>` : sql`<`;
  const filter = await planSearch(store, { ...req.filter, statuses: req.filter.statuses ?? allStatuses(viewer) });
  let query = store.db
    .selectFrom('events')
    .select(['events.id', 'events.first_start'])
    .where(filterCondition('events', 'id', filter, viewer));
  if (cursor) {
    query = query.where(
      sql<SqlBool>`(events.first_start ${op} ${cursor.firstStart} or (events.first_start = ${cursor.firstStart} and events.id ${op} ${cursor.id}))`,
    );
  }
  const rows = await query
    .orderBy('events.first_start', order)
    .orderBy('events.id', order)
    .limit(req.limit + 1)
    .execute();
  const more = rows.length > req.limit;
  const shown = rows.slice(0, req.limit);
  if (backwards) shown.reverse();
  const byId = new Map(
    (
      await getEvents(
        store,
        shown.map((r) => r.id),
      )
    ).map((e) => [e.id, e]),
  );
  const key = (r: (typeof rows)[number] | undefined): EventCursor | null => (r ? { firstStart: r.first_start ?? '', id: r.id } : null);
  const first = shown[0];
  const last = shown[shown.length - 1];
  return {
    events: shown.map((r) => byId.get(r.id)).filter((e): e is CalendarEvent => e !== undefined),
    next: backwards ? key(last) : more ? key(last) : null,
    previous: backwards ? (more ? key(first) : null) : cursor ? key(first) : null,
  };
}

function allStatuses(viewer: Viewer): EventStatus[] {
  return viewer.organiser ? ['draft', 'published', 'cancelled'] : ['published', 'cancelled'];
}

/**
 * Every event matching the filter that the viewer may see, earliest first; with a window, the
 * events with an occurrence in it, in the order of their first occurrence there. For bounded
 * sets (a campaign's activities, a year's campaign weeks, drafts): lists shown to people page
 * with pageEvents or src/occurrences' pageOccurrences instead.
 */
export async function findEvents(store: Store, filter: EventFilter, viewer: Viewer): Promise<CalendarEvent[]> {
  const { window, ...rest } = filter;
  const statuses = rest.statuses ?? allStatuses(viewer);
  if (!window) {
    const rows = await store.db
      .selectFrom('events')
      .select('events.id')
      .where(filterCondition('events', 'id', await planSearch(store, { ...rest, statuses }), viewer))
      .orderBy('events.first_start')
      .orderBy('events.id')
      .execute();
    const byId = new Map(
      (
        await getEvents(
          store,
          rows.map((r) => r.id),
        )
      ).map((e) => [e.id, e]),
    );
    return rows.map((r) => byId.get(r.id)).filter((e): e is CalendarEvent => e !== undefined);
  }
  const { items } = await occurrencesIn(store, viewer, window, { ...rest, statuses }, 100_000);
  const seen = new Map<string, CalendarEvent>();
  for (const { event } of items) if (!seen.has(event.id)) seen.set(event.id, event);
  return [...seen.values()];
}

/**
 * Columns kept on the event row by the database rather than by event writes: the occurrence
 * index's (src/occurrences) and the change number its triggers set (migration 0016, ADR 141).
 */
type IndexColumns = 'first_start' | 'last_end' | 'indexed_from' | 'indexed_until' | 'index_version' | 'change_no';

function rowValues(
  fields: EventFields,
): Omit<
  EventsTable,
  | 'id'
  | 'sequence'
  | 'created_at'
  | 'updated_at'
  | 'cancelled_at'
  | 'cancel_reason'
  | 'change_reason'
  | 'parent_outcome'
  | 'parent_date'
  | 'split_from'
  | 'continues'
  | IndexColumns
> {
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

/**
 * How a new event is linked to the series it came from: `splitFrom` the event, `continues` true
 * for a later part of that series (false: a moved date kept as a one-off, ADR 92), and the
 * organiser's `reason` for the edit that made it, kept as its change reason and in its history.
 */
export interface SplitLink {
  splitFrom: string;
  continues: boolean;
  reason?: string;
}

/**
 * The statements that insert a new event (with its themes, its moved or cancelled dates, its
 * occurrence-index rows and an audit entry); exposed so bulk loads (demo data, imports) can batch
 * many. Write new events only through this, so the index always has them.
 */
export function insertEventStatements(
  store: Store,
  fields: EventFields,
  ctx: WriteContext,
  id: string = newId(),
  exceptions: ExceptionToWrite[] = [],
  link: SplitLink | null = null,
): { id: string; statements: CompiledQuery[] } {
  const now = stamp(ctx.now);
  const splitFrom = link?.splitFrom ?? null;
  const event: CalendarEvent = {
    id,
    ...eventFields(fields),
    exceptions: exceptions
      .map((e) => ({ ...e, updatedAt: e.updatedAt ?? now }))
      .sort((a, b) => a.recurrenceId.localeCompare(b.recurrenceId)),
    sequence: 0,
    createdAt: now,
    updatedAt: now,
    cancelledAt: null,
    splitFrom,
    continuesSeries: link?.continues ?? false,
  };
  const statements = [
    store.db
      .insertInto('events')
      .values({
        id,
        ...rowValues(fields),
        sequence: 0,
        created_at: now,
        updated_at: now,
        cancelled_at: null,
        cancel_reason: '',
        change_reason: link?.reason ?? '',
        parent_outcome: '',
        split_from: splitFrom,
        continues: link?.continues ? 1 : 0,
      })
      .compile(),
    ...themeStatements(store, id, fields.themes).slice(1),
    ...exceptions.map((e) => exceptionStatement(store, id, e, ctx)),
    ...indexEventStatements(store, event, ctx.now),
    auditStatement(store, ctx, {
      action: 'create',
      entity: 'event',
      entityId: id,
      changes: link
        ? {
            title: fields.title,
            splitFrom,
            ...(link.continues ? { continues: true } : {}),
            ...(link.reason ? { reason: link.reason } : {}),
          }
        : { title: fields.title },
    }),
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
 * The statements that replace an event's fields, or none when nothing changed. SEQUENCE goes up
 * by one on every real change so calendar clients replace their copy instead of keeping a stale
 * one; `changeReason` (the organiser's words, '' for none) replaces the last change's reason. A cancelled event given a status other than 'cancelled' is reinstated (a synced feed
 * whose event came back). Exposed so imports and syncs can batch many changes.
 */
export function updateEventStatements(
  store: Store,
  current: CalendarEvent,
  fields: EventFields,
  ctx: WriteContext,
  changeReason = '',
): CompiledQuery[] {
  const changes = diff(comparable(current), comparable(fields));
  if (Object.keys(changes).length === 0) return [];
  const reinstated = current.status === 'cancelled' && fields.status !== 'cancelled';
  return [
    store.db
      .updateTable('events')
      .set({
        ...rowValues(fields),
        ...(reinstated ? { cancelled_at: null, cancel_reason: '' } : {}),
        // Every change says its own reason, or none: a later e-mail never quotes an earlier one's.
        change_reason: changeReason,
        sequence: sql<number>`sequence + 1`,
        updated_at: stamp(ctx.now),
      })
      .where('id', '=', current.id)
      .compile(),
    // Dates people hold under another UID or RECURRENCE-ID that live here now (a split's aliases,
    // ADR 91) quote the reason kept with the alias: it too becomes this change's, or none (ADR 176).
    store.db.updateTable('occurrence_aliases').set({ reason: changeReason }).where('current_event_id', '=', current.id).compile(),
    // A date whose latest change was its own (a move removed) quotes that change's reason until the
    // event itself changes again (ADR 201).
    store.db.deleteFrom('date_change_reasons').where('event_id', '=', current.id).compile(),
    ...themeStatements(store, current.id, fields.themes),
    ...indexEventStatements(store, { ...current, ...eventFields(fields), sequence: current.sequence + 1 }, ctx.now),
    auditStatement(store, ctx, { action: reinstated ? 'reinstate' : 'update', entity: 'event', entityId: current.id, changes }),
  ];
}

/** Replaces an event's fields (see updateEventStatements); a save that changes nothing is a no-op. */
export async function updateEvent(
  store: Store,
  current: CalendarEvent,
  fields: EventFields,
  ctx: WriteContext,
  changeReason = '',
): Promise<CalendarEvent> {
  const statements = updateEventStatements(store, current, fields, ctx, changeReason);
  if (statements.length === 0) return current;
  await store.batch(statements);
  return (await getEvent(store, current.id))!;
}

/**
 * The statements that cancel an event (none when it already is), keeping the organiser's reason
 * for the "Cancelled" e-mails; exposed for batched syncs. A campaign week's activities follow it
 * only through src/cancellations (cancelWithActivities).
 */
export function cancelEventStatements(store: Store, current: CalendarEvent, reason: string, ctx: WriteContext): CompiledQuery[] {
  if (current.status === 'cancelled') return [];
  const now = stamp(ctx.now);
  return [
    store.db
      .updateTable('events')
      .set({ status: 'cancelled', cancelled_at: now, cancel_reason: reason, sequence: sql<number>`sequence + 1`, updated_at: now })
      .where('id', '=', current.id)
      .compile(),
    ...indexEventStatements(store, { ...current, status: 'cancelled', sequence: current.sequence + 1 }, ctx.now),
    auditStatement(store, ctx, {
      action: 'cancel',
      entity: 'event',
      entityId: current.id,
      changes: { status: [current.status, 'cancelled'], reason },
    }),
  ];
}

export async function cancelEvent(store: Store, current: CalendarEvent, reason: string, ctx: WriteContext): Promise<CalendarEvent> {
  const statements = cancelEventStatements(store, current, reason, ctx);
  if (statements.length === 0) return current;
  await store.batch(statements);
  return (await getEvent(store, current.id))!;
}

/**
 * After a change to an event's moved or cancelled dates alone: raises its SEQUENCE and updated_at
 * and rewrites its occurrence-index rows. `event` is the event as it will be, with its new
 * exceptions (its SEQUENCE the one it had).
 */
export function touchEventStatements(store: Store, event: CalendarEvent, ctx: WriteContext): CompiledQuery[] {
  return [
    store.db
      .updateTable('events')
      .set({ sequence: sql<number>`sequence + 1`, updated_at: stamp(ctx.now) })
      .where('id', '=', event.id)
      .compile(),
    ...indexEventStatements(store, { ...event, sequence: event.sequence + 1 }, ctx.now),
  ];
}

/**
 * The upsert of one occurrence's exception; shared by the API and bulk loads. Stamped with the
 * write's instant, unless it is carried by a series edit with the instant of its own last change
 * (`updatedAt`, ADR 279).
 */
export function exceptionStatement(store: Store, eventId: string, exception: ExceptionToWrite, ctx: WriteContext): CompiledQuery {
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
    // A cancelled date keeps the note of the move it had, for its restore (ADRs 284, 287).
    move_note: exception.kind === 'cancelled' ? (exception.moveNote ?? '') : '',
    updated_at: exception.updatedAt ?? now,
  };
  return store.db
    .insertInto('event_exceptions')
    .values({ event_id: eventId, recurrence_id: exception.recurrenceId, created_at: now, ...values })
    .onConflict((oc) => oc.columns(['event_id', 'recurrence_id']).doUpdateSet(values))
    .compile();
}

/**
 * Moves, relocates or cancels one occurrence of a series (and bumps the series' SEQUENCE). A date
 * that had been moved and is now cancelled keeps the time and venue it was moved to (`when`,
 * `location` on the cancelled exception) and the move's note (`moveNote`), so restoring it brings
 * back the date people last held (ADRs 170, 284). `extra` statements join the same batch (a campaign week's activities following a
 * cancelled date, ADR 210).
 */
export async function putException(
  store: Store,
  event: CalendarEvent,
  input: Omit<EventException, 'updatedAt'>,
  ctx: WriteContext,
  extra: CompiledQuery[] = [],
): Promise<CalendarEvent> {
  const previous = event.exceptions.find((e) => e.recurrenceId === input.recurrenceId);
  const exception =
    input.kind === 'cancelled' && previous && (previous.when || previous.location !== null)
      ? {
          ...input,
          when: previous.when,
          location: previous.location,
          moveNote: previous.kind === 'moved' ? previous.note : (previous.moveNote ?? ''),
        }
      : input;
  // A date moved back to the series' own time and venue is no longer an exception (ADR 158); a move
  // to where the date already is writes nothing: no exception, no SEQUENCE, no "Changed" (ADR 270).
  const outcome = moveOutcome(event, exception);
  if (outcome === 'restore') return deleteException(store, event, exception.recurrenceId, ctx, extra);
  if (outcome === 'unchanged' && extra.length === 0) return event;
  const exceptions = [
    ...event.exceptions.filter((e) => e.recurrenceId !== exception.recurrenceId),
    { ...exception, updatedAt: stamp(ctx.now) },
  ].sort((a, b) => a.recurrenceId.localeCompare(b.recurrenceId));
  await store.batch([
    exceptionStatement(store, event.id, exception, ctx),
    // A change of this date alone: its words are its note, never a series edit's reason (ADR 232).
    dateChangeReasonStatement(store, event.id, exception.recurrenceId, '', ctx),
    ...touchEventStatements(store, { ...event, exceptions }, ctx),
    auditStatement(store, ctx, {
      action: exception.kind === 'cancelled' ? 'cancel-occurrence' : 'move-occurrence',
      entity: 'event',
      entityId: event.id,
      changes: { recurrenceId: exception.recurrenceId, when: exception.when, location: exception.location },
    }),
    ...extra,
  ]);
  return (await getEvent(store, event.id))!;
}

/**
 * Records `reason` ('' for none) as the reason of the latest change of one date, a change of that
 * date alone (a move removed): "Changed" e-mails quote it instead of the event's change_reason
 * until the event itself changes (updateEventStatements deletes the rows; ADR 201).
 */
export function dateChangeReasonStatement(
  store: Store,
  eventId: string,
  recurrenceId: string,
  reason: string,
  ctx: WriteContext,
): CompiledQuery {
  return store.db
    .insertInto('date_change_reasons')
    .values({ event_id: eventId, recurrence_id: recurrenceId, reason, created_at: stamp(ctx.now) })
    .onConflict((oc) => oc.columns(['event_id', 'recurrence_id']).doUpdateSet({ reason, created_at: stamp(ctx.now) }))
    .compile();
}

/** The reasons of dates whose latest change was their own (ADR 201), by RECURRENCE-ID, for one event. */
export async function dateChangeReasonsOf(store: Store, eventId: string): Promise<Map<string, string>> {
  const rows = await store.db
    .selectFrom('date_change_reasons')
    .select(['recurrence_id', 'reason'])
    .where('event_id', '=', eventId)
    .execute();
  return new Map(rows.map((r) => [r.recurrence_id, r.reason]));
}

/** The removal of one occurrence's exception (the occurrence goes back to where the series puts it). */
export function deleteExceptionStatement(store: Store, eventId: string, recurrenceId: string): CompiledQuery {
  return store.db.deleteFrom('event_exceptions').where('event_id', '=', eventId).where('recurrence_id', '=', recurrenceId).compile();
}

/**
 * Restores one occurrence: the exception is removed, so the date goes back to where the series
 * puts it; except a cancelled date that had been moved, which comes back at the time and venue it
 * was moved to, with the move's note (what people last held, ADRs 170, 284), unless that is where the series puts it anyway.
 * `extra` statements join the same batch (a week's activities restored with its date, ADR 210).
 */
export async function deleteException(
  store: Store,
  event: CalendarEvent,
  recurrenceId: string,
  ctx: WriteContext,
  extra: CompiledQuery[] = [],
): Promise<CalendarEvent> {
  const previous = event.exceptions.find((e) => e.recurrenceId === recurrenceId);
  if (previous?.kind === 'cancelled' && (previous.when || previous.location !== null)) {
    const moved = { recurrenceId, kind: 'moved' as const, when: previous.when, location: previous.location, note: previous.moveNote ?? '' };
    if (!asTheSeriesPutsIt(event, moved)) {
      const exceptions = event.exceptions.map((e) => (e.recurrenceId === recurrenceId ? { ...moved, updatedAt: stamp(ctx.now) } : e));
      await store.batch([
        exceptionStatement(store, event.id, moved, ctx),
        dateChangeReasonStatement(store, event.id, recurrenceId, '', ctx),
        ...touchEventStatements(store, { ...event, exceptions }, ctx),
        auditStatement(store, ctx, {
          action: 'restore-occurrence',
          entity: 'event',
          entityId: event.id,
          changes: { recurrenceId, when: moved.when, location: moved.location },
        }),
        ...extra,
      ]);
      return (await getEvent(store, event.id))!;
    }
  }
  await store.batch([
    deleteExceptionStatement(store, event.id, recurrenceId),
    // A change of this date alone, with no words of its own: its "Changed" e-mail quotes no
    // reason, never the event's last change_reason (ADR 201).
    dateChangeReasonStatement(store, event.id, recurrenceId, '', ctx),
    ...touchEventStatements(store, { ...event, exceptions: event.exceptions.filter((e) => e.recurrenceId !== recurrenceId) }, ctx),
    auditStatement(store, ctx, { action: 'restore-occurrence', entity: 'event', entityId: event.id, changes: { recurrenceId } }),
    ...extra,
  ]);
  return (await getEvent(store, event.id))!;
}

/** The events that continue this one after "this and following dates" edits (split_from), by first start. */
export async function continuationsOf(store: Store, eventId: string): Promise<string[]> {
  const rows = await store.db.selectFrom('events').select('id').where('split_from', '=', eventId).orderBy('first_start').execute();
  return rows.map((r) => r.id);
}

/**
 * The moved dates kept as one-off events (ADR 92) when a series' edit had no place for them: the
 * events linked to any of `seriesIds` by split_from without continuing it (`continues = 0`), by
 * first start. At most one short query (a chain has at most MAX_CHAIN_LINKS parts).
 */
export async function keptDatesOf(store: Store, seriesIds: string[]): Promise<string[]> {
  if (seriesIds.length === 0) return [];
  const rows = await store.db
    .selectFrom('events')
    .select('id')
    .where('split_from', 'in', seriesIds)
    .where('continues', '=', 0)
    .orderBy('first_start')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** The most links a series' chain is followed either way (one link per split; real chains are short). */
export const MAX_CHAIN_LINKS = 20;

/**
 * The whole chain of a split series around one event, each way in one bounded recursive query
 * (WITH RECURSIVE: SQLite, D1 and PostgreSQL): `earlier`, the events it continues, nearest first
 * (split_from, split_from's split_from, …); `later`, every event continuing it or its
 * continuations (kept one-offs included), by first start. At most MAX_CHAIN_LINKS steps each way.
 */
export async function seriesChainOf(store: Store, eventId: string): Promise<{ earlier: string[]; later: string[] }> {
  const [up, down] = await Promise.all([
    sql<{ id: string; depth: number }>`
      WITH RECURSIVE up(id, split_from, depth) AS (
        SELECT id, split_from, 0 FROM events WHERE id = ${eventId}
        UNION ALL
        SELECT e.id, e.split_from, u.depth + 1 FROM events e JOIN up u ON e.id = u.split_from WHERE u.depth < ${MAX_CHAIN_LINKS}
      )
      SELECT id, depth FROM up WHERE depth > 0 ORDER BY depth`.execute(store.db),
    sql<{ id: string }>`
      WITH RECURSIVE down(id, first_start, depth) AS (
        SELECT id, first_start, 1 FROM events WHERE split_from = ${eventId}
        UNION ALL
        SELECT e.id, e.first_start, d.depth + 1 FROM events e JOIN down d ON e.split_from = d.id WHERE d.depth < ${MAX_CHAIN_LINKS}
      )
      SELECT id FROM down ORDER BY first_start, id`.execute(store.db),
  ]);
  return { earlier: up.rows.map((r) => r.id), later: down.rows.map((r) => r.id) };
}

/** Campaign weeks' partner activities, by campaign id (for embedding in lists and pages). */
export async function activitiesOf(store: Store, campaignIds: string[], viewer: Viewer): Promise<Map<string, CalendarEvent[]>> {
  const out = new Map<string, CalendarEvent[]>();
  if (campaignIds.length === 0) return out;
  // Chunked: D1 allows at most 100 bound parameters per statement.
  for (const part of statementChunks(campaignIds)) {
    const children = await findEvents(store, { parentIds: part }, viewer);
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
