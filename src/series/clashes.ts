/**
 * @module Two dates of one series, in any part of a split series, never start at the same moment,
 * whatever writes them: after an edit of the series' time, day or rule (a moved date stays where it
 * was moved, while the dates around it take the new pattern), after a one-off part's date changes,
 * and after a cancelled part comes back. A move onto a date is refused by moveCollisionsInSeries and
 * a restore of one date by restoreCollisionsInSeries (ADRs 177, 242); this is the same question
 * asked of whole events as they are about to be written (ADRs 243, 244, 248): moved dates against
 * the planned events' dates expanded two days around them, and every date of a planned event
 * against the other parts' dates read from the occurrence index within its span (with a bounded
 * expansion beyond the index), never the whole series.
 */
import { DateTime } from 'luxon';
import { getEvents } from '../db/events.js';
import type { Store } from '../db/store.js';
import type { CalendarEvent, EventException, When } from '../domain/event.js';
import { occurrencesInWindow } from '../domain/occurrences.js';
import type { FieldError } from '../domain/validation.js';
import { instantRangeMs, startInWords, utcIso } from '../domain/time.js';
import { indexedDateStartingAt, indexReachOf, otherPartsOf, startKey, type IndexReach } from './chain.js';
import { indexBounds } from '../occurrences/index.js';
import { longDate, startDateOf } from '../http/pages/format.js';

/**
 * Where two dates would meet: the start in words (startInWords: UK time, or BST/GMT in the hour the
 * autumn clock change repeats; the UK date of an all-day one), the UK day a moved date involved was
 * first on (null when no moved date is: two dates of the patterns, or a one-off part's date), and the
 * other part of the series involved, if any, named as people know it.
 */
export interface SeriesClash {
  at: string;
  movedDay: string | null;
  part: NamedPart | null;
}

/** A part of a split series as a message names it: its title, and its dates ("from Wednesday 20 January 2027", or "on …" for a one-off). */
export interface NamedPart {
  id: string;
  title: string;
  dates: string;
}

/** `part` named by its title and its first (or only) date, in words. */
export function namedPart(part: CalendarEvent): NamedPart {
  return { id: part.id, title: part.title, dates: `${part.rrule ? 'from' : 'on'} ${longDate(startDateOf(part.when, part.timezone))}` };
}

function localDay(recurrenceId: string, zone: string): string {
  return recurrenceId.length === 10 ? recurrenceId : DateTime.fromISO(recurrenceId, { zone: 'UTC' }).setZone(zone).toISODate()!;
}

type Moved = { event: CalendarEvent; exception: Omit<EventException, 'updatedAt'> & { when: When } };

function movedDatesOf(events: readonly CalendarEvent[]): Moved[] {
  return events.flatMap((event) =>
    event.exceptions
      .filter((e): e is EventException & { when: When } => e.kind === 'moved' && e.when !== null)
      .map((exception) => ({ event, exception })),
  );
}

const DAY_MS = 86_400_000;

/** An instant's UTC day number (a UK date: its UTC midnight's), for bucketing exceptions near a start. */
function dayOf(text: string): number {
  return Math.floor(Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text) / DAY_MS);
}

/**
 * A planned event with its exceptions bucketed by the UTC day of their RECURRENCE-ID and of their
 * moved start: the check of one moved date expands the event with only the exceptions near it,
 * so a series with hundreds of moved dates is not read whole for each of them.
 */
interface Bucketed {
  event: CalendarEvent;
  byDay: Map<number, EventException[]>;
}

function bucketed(event: CalendarEvent): Bucketed {
  const byDay = new Map<number, EventException[]>();
  const add = (day: number, e: EventException) => {
    const list = byDay.get(day) ?? [];
    if (!list.includes(e)) list.push(e);
    byDay.set(day, list);
  };
  for (const e of event.exceptions) {
    add(dayOf(e.recurrenceId), e);
    if (e.when) add(dayOf(e.when.allDay ? e.when.startDate : e.when.startsAt), e);
  }
  return { event, byDay };
}

/** The date of `events` (moved dates included, cancelled ones not) other than `moved` itself that starts exactly where `moved` starts. */
function plannedDateAt(events: readonly Bucketed[], moved: Moved): CalendarEvent | null {
  const { when } = moved.exception;
  const at = when.allDay
    ? DateTime.fromISO(when.startDate, { zone: moved.event.timezone })
    : DateTime.fromISO(when.startsAt, { zone: 'UTC' });
  const window = { from: at.minus({ days: 2 }), to: at.plus({ days: 2 }) };
  const key = startKey(when);
  const day = dayOf(when.allDay ? when.startDate : when.startsAt);
  for (const { event, byDay } of events) {
    const near = new Set<EventException>();
    for (let d = day - 4; d <= day + 4; d++) for (const e of byDay.get(d) ?? []) near.add(e);
    const hit = occurrencesInWindow({ ...event, exceptions: [...near] }, window).find(
      (o) => startKey(o.when) === key && !(event.id === moved.event.id && o.recurrenceId === moved.exception.recurrenceId),
    );
    if (hit) return event;
  }
  return null;
}

/**
 * Whether the events of a series as they are about to be written (`planned`: each with its fields
 * and exceptions after the write, ids as stored, a new part under any id no stored event has) would
 * give two of its dates one start, with the other parts of the series (the split chain of
 * `anchorId`, less the planned ones) as they are stored. First the moved dates (ADR 243): each moved
 * date of a planned event against every planned event's dates (expanded two days around it) and
 * against the other parts' dates (occurrence index by start); each moved date of another part
 * against the planned events' dates. Then every date of each planned event against the other parts'
 * dates (ADR 248, otherPartDateMeeting): the index rows within the event's span, and beyond the
 * index a bounded expansion. A cancelled event or date meets nothing. Two planned events' own
 * pattern dates are not compared with each other: an edit's pieces (the part before a split and
 * the part after it, the later parts following date by date) do not overlap. `before` are the
 * events as stored, so a moved date carried to a new RECURRENCE-ID is named by the day it was first
 * on. Returns the first clash, or null.
 */
export async function plannedSeriesClash(
  store: Store,
  anchorId: string,
  planned: readonly CalendarEvent[],
  before: readonly CalendarEvent[],
): Promise<SeriesClash | null> {
  const live = planned.filter((e) => e.status !== 'cancelled');
  if (!live.length) return null;
  const plannedIds = new Set(planned.map((e) => e.id));
  const otherIds = (await otherPartsOf(store, anchorId)).filter((id) => !plannedIds.has(id));
  const others = (await getEvents(store, otherIds)).filter((e) => e.status !== 'cancelled');
  const zone = live[0]!.timezone;
  // A moved date carried to another RECURRENCE-ID by a new pattern keeps its `when`: named by its first day.
  const firstDays = new Map(movedDatesOf([...before, ...others]).map((m) => [startKey(m.exception.when), m.exception.recurrenceId]));
  const named = (part: CalendarEvent | null) => (part && part.id !== anchorId && !plannedIds.has(part.id) ? namedPart(part) : null);
  const clash = (moved: Moved, part: CalendarEvent | null): SeriesClash => ({
    at: startInWords(moved.exception.when, zone),
    movedDay: localDay(firstDays.get(startKey(moved.exception.when)) ?? moved.exception.recurrenceId, zone),
    part: named(part),
  });
  const plannedMoves = movedDatesOf(live);
  const expandable = live.map(bucketed);
  for (const moved of plannedMoves) if (plannedDateAt(expandable, moved)) return clash(moved, null);
  for (const moved of movedDatesOf(others)) if (plannedDateAt(expandable, moved)) return clash(moved, moved.event);
  const met = await indexedDateStartingAt(
    store,
    others.map((e) => e.id),
    plannedMoves.map((m) => m.exception.when),
  );
  if (met) {
    const moved = plannedMoves.find((m) => startKey(m.exception.when) === startKey(met.when))!;
    return clash(moved, others.find((e) => e.id === met.eventId) ?? null);
  }
  const reach = await indexReachOf(
    store,
    others.map((e) => e.id),
  );
  for (const event of live) {
    const meeting = await otherPartDateMeeting(store, event, others, reach);
    if (meeting) return { at: startInWords(meeting.when, zone), movedDay: null, part: named(meeting.part) };
  }
  return null;
}

/** Rows of the index read at a time when the other parts' dates within an event's span are compared with it. */
const PAGE_ROWS = 500;
/** Rows further apart than this are compared with the event's dates by separate expansions, so a sparse page never expands years. */
const CLUSTER_GAP_MS = 7 * DAY_MS;
/**
 * The furthest beyond another part's indexed rows (about five years ahead) its dates are expanded for
 * a comparison: a year, a bound on the cost (a first meeting later than that is not seen, ADR 248).
 */
const BEYOND_INDEX_MS = 366 * DAY_MS;

/**
 * The span of `event`'s dates: the first start (moved dates included) and an upper bound of the
 * last start (the last end as the occurrence index records it, indexBounds: the real last date of
 * a COUNT, a bound past UNTIL), or null when it repeats without end. Milliseconds since the epoch.
 */
function spanOf(event: CalendarEvent): { from: number; to: number | null } {
  const own = instantRangeMs(event.when, event.timezone);
  const last = indexBounds(event, NO_RANGE, []).last_end;
  let from = own.start;
  let to = last === null ? null : Date.parse(last);
  for (const e of event.exceptions) {
    if (e.kind !== 'moved' || !e.when) continue;
    const start = instantRangeMs(e.when, event.timezone).start;
    from = Math.min(from, start);
    if (to !== null) to = Math.max(to, start);
  }
  return { from, to };
}
const NO_RANGE = { from: DateTime.fromMillis(0), until: DateTime.fromMillis(0) };

/** The dates of `event` (moved ones included, cancelled ones not) starting within [from, to], by start key. */
function startKeysBetween(event: CalendarEvent, from: number, to: number): Set<string> {
  const window = { from: DateTime.fromMillis(from), to: DateTime.fromMillis(to + 1) };
  return new Set(
    occurrencesInWindow(event, window)
      .filter((o) => {
        const start = instantRangeMs(o.when, event.timezone).start;
        return start >= from && start <= to;
      })
      .map((o) => startKey(o.when)),
  );
}

/**
 * A date of the stored parts `others` (not cancelled) that starts exactly where a date of `event`
 * (as it is about to be written) starts, or null (ADR 248). The index is read only within the
 * event's span (`event_occurrences (event_id, start_at)`, a page of 500 rows at a time, cancelled
 * dates and parts left out), and each page's rows are compared with the event's dates expanded
 * around them (clusters of rows a week apart at most); beyond another part's indexed rows, both are
 * expanded over the span they share there, at most a year. Never from a series' first date
 * except as the engine counts a COUNT.
 */
async function otherPartDateMeeting(
  store: Store,
  event: CalendarEvent,
  others: readonly CalendarEvent[],
  reach: IndexReach,
): Promise<{ part: CalendarEvent; when: When } | null> {
  if (!others.length) return null;
  const span = spanOf(event);
  const byId = new Map(others.map((e) => [e.id, e]));
  let cursor = utcIso(new Date(span.from));
  const seen = new Set<string>();
  for (;;) {
    let query = store.db
      .selectFrom('event_occurrences')
      .select(['event_id', 'recurrence_id', 'start_at', 'end_at', 'start_date', 'end_date'])
      .where('event_id', 'in', [...byId.keys()].slice(0, 90))
      .where('state', '<>', 'cancelled')
      .where('status', '<>', 'cancelled')
      .where('start_at', '>=', cursor);
    if (span.to !== null) query = query.where('start_at', '<=', utcIso(new Date(span.to)));
    const rows = await query.orderBy('start_at').limit(PAGE_ROWS).execute();
    const fresh = rows.filter((r) => !seen.has(`${r.event_id}|${r.recurrence_id}`));
    // Rows a week apart or less are compared with one expansion of the event around them.
    let cluster: typeof fresh = [];
    const compare = () => {
      if (!cluster.length) return null;
      const keys = startKeysBetween(event, Date.parse(cluster[0]!.start_at), Date.parse(cluster.at(-1)!.start_at));
      const row = cluster.find((r) => keys.has(r.start_date ?? Date.parse(r.start_at).toString()));
      cluster = [];
      if (!row) return null;
      const when: When = row.start_date
        ? { allDay: true, startDate: row.start_date, endDate: row.end_date! }
        : { allDay: false, startsAt: row.start_at, endsAt: row.end_at };
      return { part: byId.get(row.event_id)!, when };
    };
    for (const row of fresh) {
      const last = cluster.at(-1);
      if (last && Date.parse(row.start_at) - Date.parse(last.start_at) > CLUSTER_GAP_MS) {
        const met = compare();
        if (met) return met;
      }
      cluster.push(row);
    }
    const met = compare();
    if (met) return met;
    const lastStart = rows.at(-1)?.start_at;
    if (rows.length < PAGE_ROWS || !lastStart || lastStart === cursor) break;
    seen.clear();
    for (const r of rows) if (r.start_at === lastStart) seen.add(`${r.event_id}|${r.recurrence_id}`);
    cursor = lastStart;
  }
  // Beyond a part's indexed rows (about five years ahead), its dates are expanded where the two spans meet.
  for (const part of others) {
    const bounds = reach.get(part.id);
    if (!bounds) continue;
    const from = Math.max(span.from, bounds.until, bounds.first);
    const to = Math.min(span.to ?? Infinity, bounds.last ?? Infinity, from + BEYOND_INDEX_MS);
    if (from > to) continue;
    const keys = startKeysBetween(event, from, to);
    if (!keys.size) continue;
    const window = { from: DateTime.fromMillis(from), to: DateTime.fromMillis(to + 1) };
    const hit = occurrencesInWindow(part, window).find((o) => keys.has(startKey(o.when)));
    if (hit) return { part, when: hit.when };
  }
  return null;
}

/**
 * A clash in the words of an edit of the series' time or rule, or of a one-off part's date
 * (`field`: 'start' or 'rrule'), answered 409: the calendar as it stands, not the request, is in
 * the way. A sentence of its own, so the edit form shows it as it is.
 */
export function editClashError(clash: SeriesClash, field: 'start' | 'rrule'): FieldError {
  const other = field === 'rrule' ? 'rule' : 'time';
  return {
    field,
    message: clash.movedDay
      ? `This would give two dates of this series the same start (${clash.at}): the date of ${clash.movedDay} was moved there${inPart(clash)}; move that date elsewhere first, or choose another ${other}.`
      : `This would give two dates of this series the same start (${clash.at}): ${partHas(clash)}; choose another ${other}, or move or cancel that date first.`,
  };
}

/** A clash in the words of a restore of a cancelled event (ADRs 244, 248): 409 on `status`. */
export function restoreClashError(clash: SeriesClash): FieldError {
  return {
    field: 'status',
    message: clash.movedDay
      ? `cannot come back: two dates of this series would start at one moment (${clash.at}), where the date of ${clash.movedDay} was moved${inPart(clash)}; move that date elsewhere first, or leave this event cancelled`
      : `cannot come back: two dates of this series would start at one moment (${clash.at}), where ${partHas(clash)}; move or cancel that date first, or leave this event cancelled`,
  };
}

function inPart(clash: SeriesClash): string {
  return clash.part ? `, in its part "${clash.part.title}" (${clash.part.dates})` : '';
}

function partHas(clash: SeriesClash): string {
  return clash.part ? `its part "${clash.part.title}" (${clash.part.dates}) has a date then` : 'another of its dates is then';
}

/**
 * Restoring the cancelled `event` (POST /api/events/{id}/restore, the restore page) where, since
 * it was cancelled, a date of another part of its series was moved onto one of its dates' start
 * (moves onto a cancelled part are allowed, ADR 177), or one of its moved dates now meets another
 * part's date: one error on `status` (answered 409; nothing written), or none (ADR 244).
 */
export async function restoreEventCollisions(store: Store, event: CalendarEvent): Promise<FieldError[]> {
  if (event.status !== 'cancelled') return [];
  const clash = await plannedSeriesClash(store, event.id, [{ ...event, status: 'published' }], [event]);
  return clash ? [restoreClashError(clash)] : [];
}
