/** @module What an organiser may say about one occurrence of a series: cancel it, move it, relocate it. */
import { DateTime } from 'luxon';
import type { CalendarEvent, EventException, When } from './event.js';
import { readWhen } from './event-input.js';
import { isOccurrenceOf, originalWhen } from './occurrences.js';
import { nextInstanceOnOrAfter, parseRRule, previousInstanceBefore, seriesStartOf } from './recurrence.js';
import { dateProblem, parseDateTime, utcIso, yearRangeProblem } from './time.js';
import { Checker, isRecord, type Validated } from './validation.js';

/**
 * Reads a RECURRENCE-ID from a URL (RFC 5545 §3.8.4.4): a date for all-day series, a UTC or UK
 * local time for timed ones, in the years the calendar accepts; or why it is not one.
 */
export function readRecurrenceId(event: CalendarEvent, raw: string): { ok: true; value: string } | { ok: false; message: string } {
  if (event.when.allDay) {
    const problem = dateProblem(raw);
    return problem ? { ok: false, message: problem } : { ok: true, value: raw };
  }
  const parsed = parseDateTime(raw, event.timezone);
  if (parsed.ok) return { ok: true, value: utcIso(parsed.instant) };
  const range = /^\d{4}-/.test(raw) ? yearRangeProblem(raw) : null;
  return { ok: false, message: range ?? 'must be the original start, like 2026-10-21T18:00 (UK time)' };
}

/**
 * The dates of the series either side of `recurrenceId` (stored form: a UTC instant, or a UK date for
 * an all-day series) that is not one of its dates: each a When starting and ending at that date's
 * start (a UTC instant, or a UK date), found by bounded seeks from the key's UK day (never by
 * expansion from the series' first date); null where there is none within ten years, or the rule is
 * unreadable. The API's message writes them as URL keys, a page in words.
 */
export function nearestOccurrenceStarts(event: CalendarEvent, recurrenceId: string): { before: When | null; after: When | null } {
  const parsed = parseRRule(event.rrule ?? '');
  if (!parsed.ok) return { before: null, after: null };
  const zone = event.timezone;
  const first = seriesStartOf(event.when, zone);
  const date = event.when.allDay ? recurrenceId : DateTime.fromISO(recurrenceId, { zone }).toISODate()!;
  const at = (start: string | null): When | null => {
    if (start === null) return null;
    if (event.when.allDay) return { allDay: true, startDate: start, endDate: start };
    const instant = utcIso(new Date(Date.parse(start)));
    return { allDay: false, startsAt: instant, endsAt: instant };
  };
  return { before: at(previousInstanceBefore(parsed.rule, first, date)), after: at(nextInstanceOnOrAfter(parsed.rule, first, date)) };
}

/**
 * "is not an occurrence of this series; the nearest are 2026-10-21T18:00 and 2026-11-18T18:00
 * (UK time)": the occurrence keys either side (nearestOccurrenceStarts), in the form the URL takes.
 */
function notAnOccurrence(event: CalendarEvent, recurrenceId: string): string {
  const base = 'is not an occurrence of this series';
  const { before: earlier, after: later } = nearestOccurrenceStarts(event, recurrenceId);
  const key = (when: When | null) =>
    when === null
      ? null
      : when.allDay
        ? when.startDate
        : DateTime.fromISO(when.startsAt, { zone: event.timezone }).toFormat("yyyy-MM-dd'T'HH:mm");
  const after = key(later);
  const before = key(earlier);
  const time = event.when.allDay ? '' : ' (UK time)';
  if (before && after) return `${base}; the nearest are ${before} and ${after}${time}`;
  if (after || before) return `${base}; the nearest is ${after ?? before}${time}`;
  return base;
}

/**
 * A RECURRENCE-ID (RFC 5545 §3.8.4.4) as sent by a client or a form, checked to be one of the
 * series' own dates: the stored form, or errors naming `rrule` (not a series) or `recurrenceId`
 * (unreadable, or not a date of the rule, with the nearest dates suggested).
 */
export function checkRecurrenceId(event: CalendarEvent, rawRecurrenceId: string): Validated<string> {
  if (!event.rrule) return { ok: false, errors: [{ field: 'rrule', message: 'the event does not repeat; edit the event itself' }] };
  const read = readRecurrenceId(event, rawRecurrenceId);
  if (!read.ok) return { ok: false, errors: [{ field: 'recurrenceId', message: read.message }] };
  if (!isOccurrenceOf(event, read.value)) {
    return { ok: false, errors: [{ field: 'recurrenceId', message: notAnOccurrence(event, read.value) }] };
  }
  return { ok: true, value: read.value };
}

export function validateExceptionInput(
  event: CalendarEvent,
  rawRecurrenceId: string,
  input: unknown,
): Validated<Omit<EventException, 'updatedAt'>> {
  const checked = checkRecurrenceId(event, rawRecurrenceId);
  if (!checked.ok) return checked;
  const recurrenceId = checked.value;
  if (!isRecord(input)) return { ok: false, errors: [{ field: 'body', message: 'must be a JSON object' }] };
  const unknown = Object.keys(input).filter((k) => !['status', 'start', 'end', 'allDay', 'location', 'note'].includes(k));
  if (unknown.length) return { ok: false, errors: unknown.map((field) => ({ field, message: 'is not a field of an occurrence' })) };
  const check = new Checker(input);
  const status = check.oneOf('status', ['cancelled', 'moved'] as const, { fallback: 'moved' });
  const note = check.text('note', { max: 500, fallback: '' });
  const location = check.text('location', { max: 300, singleLine: true });
  let when: When | null = null;
  if (status === 'moved') {
    if (check.has('start')) {
      const original = originalWhen(event, recurrenceId);
      const withEnd = { ...input };
      if (!check.has('end')) {
        // Keep the series' length when only the start moves.
        if (original.allDay) withEnd.end = undefined;
        else {
          const parsed = typeof input.start === 'string' ? parseDateTime(input.start, event.timezone) : null;
          if (parsed?.ok) {
            const length = DateTime.fromISO(original.endsAt).diff(DateTime.fromISO(original.startsAt));
            withEnd.end = utcIso(parsed.instant.plus(length));
          }
        }
      }
      if (withEnd.allDay === undefined) withEnd.allDay = event.when.allDay;
      const inner = new Checker(withEnd);
      when = readWhen(inner, event.timezone) ?? null;
      for (const e of inner.errors) check.fail(e.field, e.message);
    } else if (location === undefined) {
      check.fail('start', 'or location is required to move an occurrence (or send status: "cancelled")');
    }
  }
  const result = check.result(() => ({
    recurrenceId,
    kind: status!,
    when: status === 'moved' ? when : null,
    location: status === 'moved' ? (location ?? null) : null,
    note: note!,
  }));
  // A note on a date left where the series puts it would be dropped: say so (ADR 270).
  if (
    result.ok &&
    result.value.note &&
    moveOutcome(event, result.value) !== 'write' &&
    !event.exceptions.some((e) => e.recurrenceId === recurrenceId)
  )
    return {
      ok: false,
      errors: [
        {
          field: 'note',
          message:
            'goes with a move or a cancellation: this date is already at that time and venue, so nothing is moved; change its time, date or venue, or cancel it',
        },
      ],
    };
  return result;
}

/** The start and end of a When as comparable keys: UTC milliseconds for a timed date, UK dates for an all-day one. */
function whenKey(when: When): string {
  return when.allDay ? `${when.startDate}/${when.endDate}` : `${Date.parse(when.startsAt)}/${Date.parse(when.endsAt)}`;
}

/**
 * What a checked move (validateExceptionInput's value) does to its date, ADRs 158 and 270:
 * - 'restore': it puts a moved or cancelled date back where the series puts it (its own time, compared
 *   as instants, and the series' venue): the exception is removed;
 * - 'unchanged': the date is already there, as planned or moved, with the same note: nothing is written
 *   (no exception, no SEQUENCE, no e-mail);
 * - 'write': anything else (a cancel is always 'write').
 * A move with no `when` keeps the series' time; a null `location`, the series' venue.
 */
export function moveOutcome(event: CalendarEvent, exception: Omit<EventException, 'updatedAt'>): 'restore' | 'unchanged' | 'write' {
  if (exception.kind !== 'moved') return 'write';
  const previous = event.exceptions.find((e) => e.recurrenceId === exception.recurrenceId);
  if (asTheSeriesPutsIt(event, exception)) return previous ? 'restore' : 'unchanged';
  const where = (e: MovedPlace) => placeKey(event, e);
  return previous?.kind === 'moved' && where(previous) === where(exception) && previous.note === exception.note ? 'unchanged' : 'write';
}

/** Where a moved date is: `when` null keeps the series' time, `location` null its venue. */
type MovedPlace = Pick<EventException, 'recurrenceId' | 'when' | 'location'>;

function placeKey(event: CalendarEvent, e: MovedPlace): string {
  return `${whenKey(e.when ?? originalWhen(event, e.recurrenceId))}\n${e.location ?? event.location}`;
}

/** True when a moved date is where the series itself puts it: its own time (instants compared) and venue (ADR 158). */
export function asTheSeriesPutsIt(event: CalendarEvent, move: MovedPlace): boolean {
  return placeKey(event, move) === placeKey(event, { recurrenceId: move.recurrenceId, when: null, location: null });
}
