/**
 * @module What is true now about one occurrence that someone was told about: its time and place,
 * or that it no longer takes place (event cancelled, occurrence cancelled, series changed so the
 * occurrence no longer exists). Compared with what the last email said, this drives updates and
 * cancellations.
 */
import type { CalendarEvent, When } from '../domain/event.js';
import { isOccurrenceOf, originalWhen } from '../domain/occurrences.js';
import { occurrenceStart } from '../domain/reminders.js';
import { utcIso } from '../domain/time.js';
import { DateTime } from 'luxon';

/**
 * `reason` says in the system's words why the occurrence is off (delivery logs); `organiserReason`
 * is what the organiser wrote when cancelling ('' when nothing), quoted in the "Cancelled" e-mail.
 * `seriesCancelled`: the date was cancelled on its own (its note is `organiserReason`) and the whole
 * series is cancelled as well, with the organiser's reason for that; the e-mail says both (ADR 279).
 */
export type OccurrenceState =
  | { cancelled: false; when: When; location: string; start: string }
  | {
      cancelled: true;
      reason: string;
      organiserReason: string;
      seriesCancelled?: { reason: string };
      when: When;
      location: string;
    };

/** `occurrence` is the RECURRENCE-ID ('' for a one-off event). */
export function occurrenceState(event: CalendarEvent, occurrence: string): OccurrenceState {
  const fallbackWhen = occurrence ? safeOriginal(event, occurrence) : event.when;
  const ownCancel = occurrence ? event.exceptions.find((e) => e.recurrenceId === occurrence && e.kind === 'cancelled') : undefined;
  if (event.status === 'cancelled' && ownCancel)
    // Both are true and both are news to someone not yet told: the date's own words, then the series'.
    return {
      cancelled: true,
      reason: 'the event was cancelled',
      organiserReason: ownCancel.note,
      seriesCancelled: { reason: event.cancelReason ?? '' },
      when: fallbackWhen,
      location: event.location,
    };
  if (event.status !== 'published') {
    return {
      cancelled: true,
      reason: event.status === 'cancelled' ? 'the event was cancelled' : 'the event was withdrawn',
      organiserReason: event.status === 'cancelled' ? (event.cancelReason ?? '') : '',
      when: fallbackWhen,
      location: event.location,
    };
  }
  if (!occurrence) {
    if (event.rrule)
      return { cancelled: true, reason: 'the event became a series', organiserReason: '', when: event.when, location: event.location };
    return live(event, event.when, event.location);
  }
  const exception = event.exceptions.find((e) => e.recurrenceId === occurrence);
  if (exception?.kind === 'cancelled')
    return {
      cancelled: true,
      reason: 'this occurrence was cancelled',
      organiserReason: exception.note,
      when: fallbackWhen,
      location: event.location,
    };
  if (exception?.kind === 'moved') return live(event, exception.when ?? fallbackWhen, exception.location ?? event.location);
  if (!isOccurrenceOf(event, occurrence))
    return {
      cancelled: true,
      reason: 'the series no longer has this date',
      organiserReason: '',
      when: fallbackWhen,
      location: event.location,
    };
  return live(event, fallbackWhen, event.location);
}

/**
 * The end of an occurrence as an e-mail about it tells it, for comparing what a person was told
 * with the date now (ADR 274): a timed date's end as a UTC instant, an all-day date's last day
 * ('YYYY-MM-DD', UK local) as stored.
 */
export function endOfWhen(when: When): string {
  return when.allDay ? when.endDate : utcIso(DateTime.fromISO(when.endsAt, { zone: 'UTC' }));
}

function live(event: CalendarEvent, when: When, location: string): OccurrenceState {
  return { cancelled: false, when, location, start: utcIso(occurrenceStart(when, event.timezone)) };
}

function safeOriginal(event: CalendarEvent, occurrence: string): When {
  try {
    return originalWhen(event, occurrence);
  } catch {
    return event.when;
  }
}
