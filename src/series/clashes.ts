/**
 * @module Two dates of one series never start at the same moment, whatever writes them: after an
 * edit of the series' time, day or rule (a moved date stays where it was moved, while the dates
 * around it take the new pattern), and after a cancelled part comes back. A move onto a date is
 * refused by moveCollisionsInSeries and a restore of one date by restoreCollisionsInSeries (ADRs
 * 177, 242); this is the same question asked of whole events as they are about to be written
 * (ADRs 243, 244). Only moved dates can meet another date, so only they are looked at: each one's
 * start against the planned events' dates expanded two days around it, and the other parts' dates
 * through the occurrence index, never the whole series.
 */
import { DateTime } from 'luxon';
import { getEvents } from '../db/events.js';
import type { Store } from '../db/store.js';
import type { CalendarEvent, EventException, When } from '../domain/event.js';
import { occurrencesInWindow } from '../domain/occurrences.js';
import type { FieldError } from '../domain/validation.js';
import { indexedDateStartingAt, otherPartsOf } from './chain.js';

/** Where two dates would meet: the UK local start, the moved date's own day (UK), and the other part involved, if any. */
export interface SeriesClash {
  at: string;
  allDay: boolean;
  movedDay: string;
  part: { id: string; title: string } | null;
}

function startKey(when: When): string {
  return when.allDay ? when.startDate : Date.parse(when.startsAt).toString();
}

function localStart(when: When, zone: string): string {
  return when.allDay ? when.startDate : DateTime.fromISO(when.startsAt, { zone: 'UTC' }).setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm");
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
 * `anchorId`, less the planned ones) as they are stored. Looks only at moved dates: each moved date
 * of a planned event against every planned event's dates (expanded two days around it) and against
 * the other parts' dates (occurrence index by start, one query per 90 starts); each moved date of
 * another part against the planned events' dates. A cancelled event or date meets nothing.
 * `before` are the events as stored, so a moved date carried to a new RECURRENCE-ID is named by the
 * day it was first on. Returns the first clash, or null. Reads: the chain (two bounded queries), the
 * other parts, and the index.
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
  const clash = (moved: Moved, part: CalendarEvent | null): SeriesClash => ({
    at: localStart(moved.exception.when, zone),
    allDay: moved.exception.when.allDay,
    movedDay: localDay(firstDays.get(startKey(moved.exception.when)) ?? moved.exception.recurrenceId, zone),
    part: part && part.id !== anchorId && !plannedIds.has(part.id) ? { id: part.id, title: part.title } : null,
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
  if (!met) return null;
  const moved = plannedMoves.find((m) => startKey(m.exception.when) === startKey(met.when))!;
  return clash(moved, others.find((e) => e.id === met.eventId) ?? null);
}

/**
 * A clash in the words of an edit of the series' time or rule (`field`: 'start' or 'rrule'),
 * answered 409: the calendar as it stands, not the request, is in the way.
 */
export function editClashError(clash: SeriesClash, field: 'start' | 'rrule'): FieldError {
  return {
    field,
    message: `would give two dates of this series one start (${where(clash)}): the date of ${clash.movedDay} was moved there${inPart(clash)}; move that date elsewhere first, or choose another ${field === 'rrule' ? 'rule' : 'time'}`,
  };
}

/** A clash in the words of a restore of a cancelled event (ADR 244): 409 on `status`. */
export function restoreClashError(clash: SeriesClash): FieldError {
  return {
    field: 'status',
    message: `cannot come back: two dates of this series would start at one moment (${where(clash)}), where the date of ${clash.movedDay} was moved${inPart(clash)}; move that date elsewhere first, or leave this event cancelled`,
  };
}

function where(clash: SeriesClash): string {
  return `${clash.at}${clash.allDay ? '' : ' UK time'}`;
}

function inPart(clash: SeriesClash): string {
  return clash.part ? `, in its part "${clash.part.title}" (/api/events/${clash.part.id})` : '';
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
