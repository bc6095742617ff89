/** @module The events API: list, read, create, edit, cancel, and per-occurrence exceptions. */
import { Hono, type Context } from 'hono';
import { DateTime } from 'luxon';
import {
  cancelWithActivities,
  duplicateMessage,
  NO_ACTIVITIES,
  putDateWithActivities,
  readCancelRequest,
  readDateActivities,
  restoreDateWithActivities,
  restoreEvent,
  duplicateSeries,
  weekOffError,
} from '../../cancellations/index.js';
import {
  activitiesOf,
  continuationsOf,
  createEvent,
  decodeEventCursor,
  encodeEventCursor,
  getEvent,
  pageEvents,
  type EventFilter,
} from '../../db/events.js';
import { decodeCursor, encodeCursor, pageEventsInWindow, pageOccurrences } from '../../occurrences/index.js';
import { mapInSlices, timeSlicer } from '../../feeds/yield.js';
import { eventReferenceErrors } from '../../db/references.js';
import type { CalendarEvent, EventFields } from '../../domain/event.js';
import { validateEventInput } from '../../domain/event-input.js';
import { checkRecurrenceId, readRecurrenceId, validateExceptionInput } from '../../domain/exception-input.js';
import { EVENT_KINDS, EVENT_STATUSES, VISIBILITIES } from '../../domain/kinds.js';
import { canSee } from '../../domain/visibility.js';
import { strayFields } from '../../domain/validation.js';
import { getGroup } from '../../db/directory.js';
import { requireOrganiser } from '../auth.js';
import type { AppEnv } from '../deps.js';
import { HttpError, badRequest, conflict, errorBody, notFound } from '../errors.js';
import {
  editEvent,
  moveCollisionsInSeries,
  restoreCollisionsInSeries,
  restoreEventCollisions,
  readSeriesEditRequest,
  oneOffStandingOf,
  sameTimeSeriesOfEdit,
  validateSeriesPatch,
  type Orphan,
  type SeriesEditRequest,
} from '../../series/index.js';
import { formatWhen } from '../../domain/time.js';
import { presentEvent, presentOccurrence } from '../present.js';
import { enumListParam, instantParam, intParam, listParam, readJsonObject } from '../request.js';

const MAX_WINDOW_DAYS = 731;
/** How far a window given by only `from` (or only `to`) reaches. */
const OPEN_WINDOW_DAYS = 731;

/** The list filters of GET /api/events (and its CSV form), read from the query string; 400 naming the field. */
export async function filterFromQuery(c: Context<AppEnv>, defaults: { window: boolean }): Promise<EventFilter> {
  const { store, clock } = c.get('deps');
  let from = instantParam(c, 'from', 'start');
  let to = instantParam(c, 'to', 'end');
  if (defaults.window) {
    from ??= DateTime.fromJSDate(clock()).setZone('Europe/London').startOf('day');
    to ??= from.plus({ days: 90 });
  }
  if (from && to && to <= from) throw badRequest([{ field: 'to', message: 'must be after from' }]);
  if (defaults.window && from && to && to.diff(from, 'days').days > MAX_WINDOW_DAYS) {
    throw badRequest([{ field: 'to', message: `must be within ${MAX_WINDOW_DAYS} days of from` }]);
  }
  // A lone "from" means the two years from then, a lone "to" the two years up to then: a window
  // always has an end, so no request expands a series across centuries.
  const window =
    from || to ? { from: from ?? to!.minus({ days: OPEN_WINDOW_DAYS }), to: to ?? from!.plus({ days: OPEN_WINDOW_DAYS }) } : undefined;
  const groupRefs = listParam(c, 'group');
  const groupIds: string[] = [];
  for (const ref of groupRefs) {
    const group = await getGroup(store, ref);
    if (!group) throw badRequest([{ field: 'group', message: `has "${ref}", which is not a group id or slug` }]);
    groupIds.push(group.id);
  }
  const text = c.req.query('q');
  const statuses = enumListParam(c, 'status', EVENT_STATUSES);
  // Cancelled events are listed only when asked for: the calendar shows what is happening.
  if (!statuses.length) statuses.push(...(c.get('viewer').organiser ? (['draft', 'published'] as const) : (['published'] as const)));
  if (text !== undefined && text.length > 200) throw badRequest([{ field: 'q', message: 'must be at most 200 characters' }]);
  return {
    window,
    kinds: enumListParam(c, 'kind', EVENT_KINDS),
    themes: listParam(c, 'theme').map((t) => (/^[a-z]\d$/i.test(t) ? t.toUpperCase() : t.toLowerCase())),
    groupIds,
    organisationIds: listParam(c, 'organisation'),
    visibilities: enumListParam(c, 'visibility', VISIBILITIES),
    statuses,
    parentIds: listParam(c, 'parent'),
    text,
  };
}

/** The most events an API list skips with `offset` (windowed lists read every skipped event's occurrences). */
const MAX_OFFSET = 10_000;

/** This request's path and query with some parameters replaced (null removes one). */
function linkWith(c: Context, changes: Record<string, string | null>): string {
  const url = new URL(c.req.url);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) url.searchParams.delete(k);
    else url.searchParams.set(k, v);
  }
  return url.pathname + url.search;
}

/** A paging cursor from the query string; a malformed one is a 400 naming the parameter. */
function cursorParam<T>(c: Context, name: string, decode: (text: string) => T | null): T | null {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return null;
  const cursor = decode(raw);
  if (!cursor)
    throw badRequest([{ field: name, message: 'is not a position in this list; use the next or previous link of the last answer' }]);
  return cursor;
}

/**
 * A second series of the group on the same day and time is answered 409 with a warning the client
 * confirms by repeating the request with ?allowSameTime=true. Checked when a series is created, and
 * when an edit (`edit`: the event and its "Which dates?" request) adds a date another series of the
 * group has (an edit of its title, or one that only shortens dates already shared, does not ask).
 */
async function warnSameTime(
  c: Context<AppEnv>,
  fields: EventFields,
  edit?: { current: CalendarEvent; request: SeriesEditRequest },
): Promise<void> {
  if (c.req.query('allowSameTime') === 'true') return;
  const { store, clock } = c.get('deps');
  const same = edit ? await sameTimeSeriesOfEdit(store, edit.current, fields, edit.request, clock()) : await duplicateSeries(store, fields);
  if (!same.length) return;
  throw new HttpError(
    409,
    same.map((d) => ({ field: 'rrule', message: duplicateMessage(d, fields.timezone, edit ? 'edit' : 'add') })),
    {},
    { warning: 'same-group-same-time', override: 'allowSameTime=true', series: same },
  );
}

/** A moved or cancelled date with no place in a series' new pattern, as the API shows it. */
function presentOrphan(o: Orphan) {
  return { recurrenceId: o.recurrenceId, status: o.kind, ...formatWhen(o.when, 'Europe/London'), location: o.location };
}

async function visibleEvent(c: Context<AppEnv>): Promise<CalendarEvent> {
  const event = await getEvent(c.get('deps').store, c.req.param('id')!);
  // Not found and not allowed look the same, so ids of confidential business are not confirmed.
  if (!event || !canSee(c.get('viewer'), event)) throw notFound('event');
  return event;
}

/**
 * An event as `GET /api/events/{id}` answers it: a campaign week with the activities the viewer may
 * see, and the events that continue it (`continuesAs`). Every write answering one event answers this.
 */
async function eventAnswer(c: Context<AppEnv>, event: CalendarEvent) {
  const { store, config } = c.get('deps');
  const activities = event.kind === 'campaign_week' ? await activitiesOf(store, [event.id], c.get('viewer')) : new Map();
  return presentEvent(event, config.publicUrl, {
    activities: activities.get(event.id),
    continuesAs: await continuationsOf(store, event.id),
  });
}

async function checkedFields(
  c: Context<AppEnv>,
  result: ReturnType<typeof validateEventInput>,
  current?: CalendarEvent,
): Promise<EventFields> {
  if (!result.ok) throw badRequest(result.errors);
  const errors = await eventReferenceErrors(c.get('deps').store, result.value, current?.id);
  if (errors.length) throw badRequest(errors);
  // Well formed, but the week it names is off that day: a 422, as other refusals by the calendar's state are.
  const weekOff = await weekOffError(c.get('deps').store, result.value, current ?? null);
  if (weekOff) throw new HttpError(422, [weekOff]);
  return result.value;
}

export function eventRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/events', async (c) => {
    const { store, config } = c.get('deps');
    const viewer = c.get('viewer');
    const { window, ...filter } = await filterFromQuery(c, { window: false });
    const limit = intParam(c, 'limit', { fallback: 50, min: 1, max: 500 });
    let events: CalendarEvent[];
    let next: string | null;
    let previous: string | null;
    if (window) {
      // Events with an occurrence in the window, by their first occurrence there; offset paging (capped).
      const offset = intParam(c, 'offset', { fallback: 0, min: 0, max: MAX_OFFSET });
      const page = await pageEventsInWindow(store, viewer, { window, filter, limit, offset });
      events = page.events;
      next = page.more ? linkWith(c, { offset: String(offset + limit), limit: String(limit) }) : null;
      previous = offset > 0 ? linkWith(c, { offset: String(Math.max(0, offset - limit)), limit: String(limit) }) : null;
    } else {
      // Every event by when it first starts; keyset paging on (first_start, id).
      const after = cursorParam(c, 'after', decodeEventCursor);
      const before = cursorParam(c, 'before', decodeEventCursor);
      const page = await pageEvents(store, viewer, { filter, limit, after, before });
      events = page.events;
      next = page.next ? linkWith(c, { after: encodeEventCursor(page.next), before: null, limit: String(limit) }) : null;
      previous = page.previous ? linkWith(c, { before: encodeEventCursor(page.previous), after: null, limit: String(limit) }) : null;
    }
    const activities = await activitiesOf(
      store,
      events.filter((e) => e.kind === 'campaign_week').map((e) => e.id),
      viewer,
    );
    return c.json({
      events: events.map((e) => presentEvent(e, config.publicUrl, { activities: activities.get(e.id) })),
      page: { limit, next, previous },
    });
  });

  app.get('/occurrences', async (c) => {
    const { store } = c.get('deps');
    const viewer = c.get('viewer');
    const { window, ...filter } = await filterFromQuery(c, { window: true });
    const limit = intParam(c, 'limit', { fallback: 200, min: 1, max: 1000 });
    // One slicer for reading and presenting: a far window's page yields every ~8 ms throughout (ADR 260).
    const pause = timeSlicer();
    const page = await pageOccurrences(store, viewer, {
      window: window!,
      filter,
      limit,
      after: cursorParam(c, 'after', decodeCursor),
      before: cursorParam(c, 'before', decodeCursor),
      pause,
    });
    const occurrences = await mapInSlices(page.items, ({ event, occurrence }) => presentOccurrence(event, occurrence), pause);
    return c.json({
      from: window!.from.toISO(),
      to: window!.to.toISO(),
      occurrences,
      page: {
        limit,
        next: page.next ? linkWith(c, { after: encodeCursor(page.next), before: null, limit: String(limit) }) : null,
        previous: page.previous ? linkWith(c, { before: encodeCursor(page.previous), after: null, limit: String(limit) }) : null,
      },
    });
  });

  app.get('/events/:id', async (c) => {
    return c.json(await eventAnswer(c, await visibleEvent(c)));
  });

  app.post('/events', requireOrganiser, async (c) => {
    const { store, clock, config } = c.get('deps');
    const fields = await checkedFields(c, validateEventInput(await readJsonObject(c)));
    await warnSameTime(c, fields);
    const event = await createEvent(store, fields, { actor: c.get('actor'), now: clock() });
    c.header('Location', `/api/events/${event.id}`);
    return c.json(presentEvent(event, config.publicUrl, { activities: [] }), 201);
  });

  const edit = (mode: 'patch' | 'put') => async (c: Context<AppEnv>) => {
    const { store, clock, config } = c.get('deps');
    const current = await visibleEvent(c);
    if (current.status === 'cancelled')
      throw conflict('status', `the event is cancelled; restore it first (POST /api/events/${current.id}/restore)`);
    // "Which dates?" (dates, from, orphans, reason) is read apart from the event's own fields.
    const series = readSeriesEditRequest(await readJsonObject(c));
    if (!series.ok) throw badRequest(series.errors);
    const result = mode === 'patch' ? validateSeriesPatch(current, series.request, series.rest) : validateEventInput(series.rest);
    const fields = await checkedFields(c, result, current);
    await warnSameTime(c, fields, { current, request: series.request });
    if (current.kind === 'campaign_week' && fields.kind !== 'campaign_week') {
      const children = await activitiesOf(store, [current.id], c.get('viewer'));
      if (children.get(current.id)?.length) throw conflict('kind', 'the campaign week has partner activities; move them first');
    }
    const edited = await editEvent(store, current, fields, series.request, { actor: c.get('actor'), now: clock() });
    if (!edited.ok) {
      const body = { ...errorBody(edited.errors), ...(edited.orphans ? { orphans: edited.orphans.map(presentOrphan) } : {}) };
      return c.json(body, edited.status);
    }
    const { event, summary } = edited;
    const activities = await activitiesOf(store, [event.id], c.get('viewer'));
    return c.json({
      ...presentEvent(event, config.publicUrl, { activities: activities.get(event.id) }),
      series: {
        change: summary.mode,
        from: summary.from,
        allBecameFollowing: summary.allBecameFollowing,
        earlierDates: summary.earlierEventId,
        keptAsOneOffs: summary.keptAsOneOffs,
        orphans: summary.orphans.map(presentOrphan),
        activities: summary.activities,
        continuations: summary.continuations,
        message: summary.message,
      },
    });
  };
  app.patch('/events/:id', requireOrganiser, edit('patch'));
  app.put('/events/:id', requireOrganiser, edit('put'));

  app.post('/events/:id/cancel', requireOrganiser, async (c) => {
    const { store, clock } = c.get('deps');
    const current = await visibleEvent(c);
    const body = await readJsonObject(c, { optional: true });
    const request = readCancelRequest(body);
    if (!request.ok) throw badRequest(request.errors);
    // Only a campaign week has activities: a choice sent for anything else is refused as PATCH refuses it.
    if (current.kind !== 'campaign_week' && body && 'activities' in body) throw new HttpError(422, [{ ...NO_ACTIVITIES }]);
    const event = await cancelWithActivities(store, current, request, { actor: c.get('actor'), now: clock() });
    return c.json(await eventAnswer(c, event));
  });

  app.post('/events/:id/restore', requireOrganiser, async (c) => {
    const { store, clock } = c.get('deps');
    // A restore takes no fields: one sent by mistake is refused, as every other write refuses it.
    const stray = strayFields(await readJsonObject(c, { optional: true }), [], 'is not a field of a restore; send no body');
    if (stray.length) throw badRequest(stray);
    const current = await visibleEvent(c);
    if (current.status !== 'cancelled') throw conflict('status', `the event is not cancelled (it is ${current.status})`);
    // Coming back where a date of another part was moved since would give two dates one start (ADR 244).
    const [collision] = await restoreEventCollisions(store, current);
    if (collision) throw conflict(collision.field, collision.message);
    const event = await restoreEvent(store, current, { actor: c.get('actor'), now: clock() });
    return c.json(await eventAnswer(c, event));
  });

  app.put('/events/:id/occurrences/:recurrenceId', requireOrganiser, async (c) => {
    const { store, clock } = c.get('deps');
    const current = await visibleEvent(c);
    // A one-off part of a split series is one date of it: changed with PATCH of that event (ADRs 175, 200).
    if (await oneOffStandingOf(store, current)) {
      throw badRequest([
        {
          field: 'rrule',
          message: `this event is one date of a split series, with no dates of its own to change one by one; change that date alone with PATCH /api/events/${current.id} (or cancel it with POST /api/events/${current.id}/cancel)`,
        },
      ]);
    }
    // A campaign week's date cancelled asks what becomes of the activities inside it (ADR 210).
    const { activities: rawActivities, ...change } = await readJsonObject(c);
    const result = validateExceptionInput(current, c.req.param('recurrenceId'), change);
    if (!result.ok) throw badRequest(result.errors);
    const activities = readDateActivities(current, change, rawActivities);
    if (!activities.ok) throw new HttpError(activities.status, [activities.error]);
    const collision = await moveCollisionsInSeries(store, current, result.value);
    if (collision.length) throw badRequest(collision);
    const event = await putDateWithActivities(store, current, result.value, activities.value, { actor: c.get('actor'), now: clock() });
    // The week as GET answers it, its activities included (ADR 234).
    return c.json(await eventAnswer(c, event));
  });

  app.delete('/events/:id/occurrences/:recurrenceId', requireOrganiser, async (c) => {
    const { store, clock } = c.get('deps');
    const current = await visibleEvent(c);
    // The key is read as PUT reads it: unreadable or out of the years is a 400 naming it.
    const read = readRecurrenceId(current, c.req.param('recurrenceId')!);
    if (!read.ok) throw badRequest([{ field: 'recurrenceId', message: read.message }]);
    if (!current.exceptions.some((e) => e.recurrenceId === read.value)) {
      // A key that is no date of the series is answered as PUT answers it (400, the nearest dates);
      // a date of the series with nothing moved or cancelled has no exception to remove (404).
      const checked = checkRecurrenceId(current, read.value);
      if (!checked.ok) throw badRequest(checked.errors);
      throw notFound('exception for this occurrence');
    }
    // Coming back where another date of the series was moved since would give two dates one start (ADR 242).
    const [collision] = await restoreCollisionsInSeries(store, current, read.value);
    if (collision) throw conflict(collision.field, collision.message);
    const event = await restoreDateWithActivities(store, current, read.value, { actor: c.get('actor'), now: clock() });
    return c.json(await eventAnswer(c, event));
  });

  return app;
}
