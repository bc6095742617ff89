/**
 * @module One date of a series: the rule that a date cannot be moved onto another date of the same
 * series, and the values the move form starts from (the date as it is now, not as first planned).
 */
import { DateTime } from 'luxon';
import type { CalendarEvent, EventException, When } from '../domain/event.js';
import { occurrencesInWindow, originalWhen } from '../domain/occurrences.js';
import type { FieldError } from '../domain/validation.js';

function startKey(when: When): string {
  return when.allDay ? when.startDate : when.startsAt;
}

/**
 * A move of `exception.recurrenceId` onto the exact start of another occurrence of the series
 * (as it is now, moved dates included) is refused: the two would be one date twice in every
 * calendar. Returns a field error on 'start' naming the other date, or none.
 */
export function moveCollisionErrors(event: CalendarEvent, exception: Omit<EventException, 'updatedAt'>): FieldError[] {
  if (exception.kind !== 'moved' || !exception.when) return [];
  const target = startKey(exception.when);
  const zone = event.timezone;
  const at = exception.when.allDay
    ? DateTime.fromISO(exception.when.startDate, { zone })
    : DateTime.fromISO(exception.when.startsAt, { zone: 'UTC' });
  const others = occurrencesInWindow(event, { from: at.minus({ days: 2 }), to: at.plus({ days: 2 }) });
  const clash = others.find((o) => o.recurrenceId !== exception.recurrenceId && startKey(o.when) === target);
  if (!clash) return [];
  const day = exception.when.allDay
    ? exception.when.startDate
    : DateTime.fromISO(exception.when.startsAt, { zone: 'UTC' }).setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm");
  return [
    {
      field: 'start',
      message: `is the start of another date of this series (${day}${exception.when.allDay ? '' : ' UK time'}); cancel this date instead, or choose another time`,
    },
  ];
}

/** What the move form of one date shows to start with: the date, time and venue it has now. */
export interface MoveFormValues {
  date: string;
  time: string;
  location: string;
  note: string;
}

/** The current values of one date (moved dates open with their moved time and venue; the venue is never left blank). */
export function moveFormValues(event: CalendarEvent, recurrenceId: string): MoveFormValues {
  const exception = event.exceptions.find((e) => e.recurrenceId === recurrenceId && e.kind === 'moved');
  const when = exception?.when ?? originalWhen(event, recurrenceId);
  const location = exception?.location ?? event.location;
  if (when.allDay) return { date: when.startDate, time: '', location, note: exception?.note ?? '' };
  const start = DateTime.fromISO(when.startsAt, { zone: 'UTC' }).setZone(event.timezone);
  return { date: start.toISODate()!, time: start.toFormat('HH:mm'), location, note: exception?.note ?? '' };
}
