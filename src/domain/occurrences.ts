/** @module The dated occurrences of an event in a window: the series expanded, exceptions applied. */
import { DateTime } from 'luxon';
import type { CalendarEvent, When } from './event.js';
import { expandAllDay, expandTimedMs, parseRRule, type ClockChange } from './recurrence.js';
import { addDays, daysBetween, instantRange, instantRangeMs } from './time.js';

export interface EventOccurrence {
  eventId: string;
  /** Null for a one-off event; the original start for an occurrence of a series. */
  recurrenceId: string | null;
  when: When;
  location: string;
  /** True when this occurrence was moved (or relocated) from where the series would put it. */
  moved: boolean;
  /** Set when a clock change shifted the series' usual local time on this date (RFC 5545 §3.3.5). */
  clockChange?: ClockChange | null;
}

export interface Window {
  from: DateTime;
  to: DateTime;
}

function overlaps(when: When, zone: string, window: Window): boolean {
  const { start, end } = instantRangeMs(when, zone);
  const from = window.from.toMillis();
  // A zero-length timed event (a deadline at 17:00) still belongs to the window it sits in.
  return start < window.to.toMillis() && (end > from || (end === start && start >= from));
}

/**
 * Every occurrence of `event` that overlaps [from, to), earliest first. Cancelled occurrences
 * (EXDATEs) are left out; moved ones appear at their new time, even when the original slot is
 * outside the window.
 */
export function occurrencesInWindow(event: CalendarEvent, window: Window): EventOccurrence[] {
  const zone = event.timezone;
  const base = { eventId: event.id, location: event.location, moved: false };
  if (!event.rrule) {
    return overlaps(event.when, zone, window) ? [{ ...base, recurrenceId: null, when: event.when }] : [];
  }
  const parsed = parseRRule(event.rrule);
  if (!parsed.ok) return overlaps(event.when, zone, window) ? [{ ...base, recurrenceId: null, when: event.when }] : [];
  const exceptions = new Map(event.exceptions.map((e) => [e.recurrenceId, e]));
  const out: EventOccurrence[] = [];

  let slots: { recurrenceId: string; when: When; clockChange?: ClockChange | null }[];
  if (event.when.allDay) {
    const length = daysBetween(event.when.startDate, event.when.endDate) + 1;
    slots = expandAllDay(parsed.rule, event.when.startDate, length, {
      fromDate: window.from.setZone(zone).toISODate()!,
      toDate: addDays(window.to.setZone(zone).minus({ milliseconds: 1 }).toISODate()!, 1),
    }).map((s) => ({ recurrenceId: s.recurrenceId, when: { allDay: true, startDate: s.startDate, endDate: s.endDate } }));
  } else {
    const first = Date.parse(event.when.startsAt);
    const duration = Date.parse(event.when.endsAt) - first;
    // Zero-length occurrences at exactly `from` would be dropped by expandTimed's end > from test.
    slots = expandTimedMs(parsed.rule, first, duration, zone, window.from.toMillis() - 1, window.to.toMillis()).map((o) => ({
      recurrenceId: o.recurrenceId,
      when: { allDay: false, startsAt: isoMs(o.startMs), endsAt: isoMs(o.endMs) },
      clockChange: o.clockChange,
    }));
  }
  for (const slot of slots) {
    if (exceptions.has(slot.recurrenceId)) continue;
    if (!overlaps(slot.when, zone, window)) continue;
    out.push({ ...base, recurrenceId: slot.recurrenceId, when: slot.when, ...(slot.clockChange ? { clockChange: slot.clockChange } : {}) });
  }
  for (const ex of exceptions.values()) {
    if (ex.kind !== 'moved') continue;
    const when = ex.when ?? originalWhen(event, ex.recurrenceId);
    if (!overlaps(when, zone, window)) continue;
    out.push({ ...base, recurrenceId: ex.recurrenceId, when, location: ex.location ?? event.location, moved: true });
  }
  const starts = new Map(out.map((o) => [o, instantRangeMs(o.when, zone).start]));
  return out.sort((a, b) => starts.get(a)! - starts.get(b)!);
}

/** Where the series itself puts the occurrence with this RECURRENCE-ID. */
export function originalWhen(event: CalendarEvent, recurrenceId: string): When {
  if (event.when.allDay) {
    const length = daysBetween(event.when.startDate, event.when.endDate);
    return { allDay: true, startDate: recurrenceId, endDate: addDays(recurrenceId, length) };
  }
  const duration = Date.parse(event.when.endsAt) - Date.parse(event.when.startsAt);
  const start = Date.parse(recurrenceId);
  return { allDay: false, startsAt: isoMs(start), endsAt: isoMs(start + duration) };
}

/**
 * Where the date with this RECURRENCE-ID is now: a moved date at its moved time (a cancelled one
 * that had been moved: where it was moved to, which restoring brings back, ADR 170), else where the
 * series puts it. What pages name a date by (issue 10).
 */
export function currentWhen(event: CalendarEvent, recurrenceId: string): When {
  return event.exceptions.find((e) => e.recurrenceId === recurrenceId)?.when ?? originalWhen(event, recurrenceId);
}

/** True when two Whens start and end together: the same instants for timed dates, the same UK days for all-day ones. */
export function sameSpan(a: When, b: When): boolean {
  if (a.allDay || b.allDay) return a.allDay && b.allDay && a.startDate === b.startDate && a.endDate === b.endDate;
  return Date.parse(a.startsAt) === Date.parse(b.startsAt) && Date.parse(a.endsAt) === Date.parse(b.endsAt);
}

/**
 * True when an occurrence is not at the time its series plans for it: a date that moved. One with a
 * venue of its own alone (or a note) is marked `moved` too, since its place is not the series', but
 * it has not moved in time: pages do not call it moved, nor schema.org's EventRescheduled (ADR 284).
 */
export function timeMoved(event: CalendarEvent, occurrence: EventOccurrence): boolean {
  return occurrence.moved && occurrence.recurrenceId !== null && !sameSpan(occurrence.when, originalWhen(event, occurrence.recurrenceId));
}

/**
 * What a reader of a list is told about one date of a series, as the event page says it (ADR 288):
 * 'moved' when its time moved (timeMoved), 'venue' when only its venue is its own, else null (as
 * planned, or a note alone, which lists do not show). One-off events are never either.
 */
export function dateChange(event: CalendarEvent, occurrence: EventOccurrence): 'moved' | 'venue' | null {
  if (timeMoved(event, occurrence)) return 'moved';
  return occurrence.moved && occurrence.location !== event.location ? 'venue' : null;
}

/** True when the series really has an occurrence starting at `recurrenceId`. */
export function isOccurrenceOf(event: CalendarEvent, recurrenceId: string): boolean {
  if (!event.rrule) return false;
  const when = originalWhen(event, recurrenceId);
  const { start } = instantRange(when, event.timezone);
  const probe = { ...event, exceptions: [] };
  return occurrencesInWindow(probe, { from: start, to: start.plus({ minutes: 1 }) }).some((o) => o.recurrenceId === recurrenceId);
}

/** The first occurrence at or after `from` (for "next meeting" lists and reminders). */
export function nextOccurrence(event: CalendarEvent, from: DateTime, horizonDays = 800): EventOccurrence | null {
  return occurrencesInWindow(event, { from, to: from.plus({ days: horizonDays }) })[0] ?? null;
}

/** UTC text at second precision (utcIso's format) without Luxon's formatter: expansion makes thousands. */
function isoMs(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
