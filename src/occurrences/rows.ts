/**
 * @module The occurrence index's rows for one event, with no I/O: which dated occurrences an event
 * has inside the indexed range, the series' first and last instants, and how far the rows reach.
 * The same rows are written for a new event, after every change, and when the scheduler rolls the
 * horizon forward (src/occurrences/maintain.ts).
 */
import { DateTime } from 'luxon';
import type { CalendarEvent, When } from '../domain/event.js';
import { occurrencesInWindow, originalWhen } from '../domain/occurrences.js';
import { parseRRule, expandTimedMs, expandAllDay, localDateOf } from '../domain/recurrence.js';
import { addDays, daysBetween, instantRangeMs, midnightMs } from '../domain/time.js';
import type { EventOccurrencesTable } from '../db/schema.js';

/** How far back and ahead of "now" a series' occurrences are kept as rows. */
export const HORIZON_BACK_YEARS = 2;
export const HORIZON_AHEAD_YEARS = 5;
/** Rows are written this far beyond the horizon, so the scheduler extends a series every ~60 days, not every day. */
export const HORIZON_SLACK_DAYS = 60;
/** An occurrence longer than this is `long_running`; reads find "still running at T" among those, and among the last 8 days' starts. */
export const LONG_RUNNING_DAYS = 8;
export const LONG_RUNNING_MS = LONG_RUNNING_DAYS * 24 * 60 * 60 * 1000;

/** indexed_from/indexed_until of an event whose every occurrence has its row. */
export const ALWAYS_FROM = '0000-01-01T00:00:00Z';
export const ALWAYS_UNTIL = '9999-12-31T23:59:59Z';

export type OccurrenceRow = EventOccurrencesTable;

/** The bookkeeping columns an event gets with its rows. */
export interface IndexBounds {
  /** UTC instant of the first occurrence's start (all-day: local midnight), moved dates included. */
  first_start: string;
  /** UTC instant of the last occurrence's end, or null for an endless series. An upper bound, never early. */
  last_end: string | null;
  indexed_from: string;
  indexed_until: string;
}

/** The instant range [from, until) a write made at `now` indexes a series over. */
export function indexRange(now: Date, zone = 'Europe/London'): { from: DateTime; until: DateTime } {
  // The same for every write on one local day: computed once per day and zone (a bulk load writes thousands).
  const key = `${zone}|${localDateOf(now.getTime(), zone)}`;
  let range = ranges.get(key);
  if (!range) {
    const today = DateTime.fromJSDate(now, { zone }).startOf('day');
    range = {
      from: today.minus({ years: HORIZON_BACK_YEARS }).toUTC(),
      until: today.plus({ years: HORIZON_AHEAD_YEARS, days: HORIZON_SLACK_DAYS }).toUTC(),
    };
    if (ranges.size > 1000) ranges.clear();
    ranges.set(key, range);
  }
  return range;
}
const ranges = new Map<string, { from: DateTime; until: DateTime }>();

/** The local date ('YYYY-MM-DD') of an instant in a zone, by the engine's offset arithmetic: rows are written by the thousand. */
const localDay = localDateOf;

const utcText = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The local days ('YYYY-MM-DD' in `zone`, an IANA name) a date touches, first and last inclusive,
 * as the occurrence index's start_day and end_day keep them: an all-day date's own dates; a timed
 * one's by its instants, where an 18:00–20:00 meeting ends the day it starts and a midnight end
 * does not spill over.
 */
export function occurrenceDays(when: When, zone: string): { startDay: string; endDay: string } {
  if (when.allDay) return { startDay: when.startDate, endDay: when.endDate };
  const { start, end } = instantRangeMs(when, zone);
  return { startDay: localDay(start, zone), endDay: localDay(end > start ? end - 1 : end, zone) };
}

function rowOf(
  event: CalendarEvent,
  recurrenceId: string,
  when: When,
  state: OccurrenceRow['state'],
  location: string | null,
  clockChange: string | null = null,
): OccurrenceRow {
  const zone = event.timezone;
  const { start, end } = instantRangeMs(when, zone);
  const { startDay, endDay } = occurrenceDays(when, zone);
  return {
    event_id: event.id,
    recurrence_id: recurrenceId,
    start_at: utcText(start),
    end_at: utcText(end),
    start_date: when.allDay ? when.startDate : null,
    end_date: when.allDay ? when.endDate : null,
    start_day: startDay,
    end_day: endDay,
    state,
    location,
    clock_change: clockChange,
    long_running: end - start > LONG_RUNNING_MS ? 1 : 0,
    kind: event.kind,
    status: event.status,
    visibility: event.visibility,
    group_id: event.groupId,
    organisation_id: event.organisationId,
    parent_id: event.parentId,
  };
}

/**
 * The rows of `event` for occurrences overlapping [from, until): scheduled ones, cancelled ones (at
 * their original time, state 'cancelled'), and every moved one wherever it landed (moved dates are
 * few, and a date moved into the range must be found there). A one-off event has one row, always.
 */
export function occurrenceRows(event: CalendarEvent, range: { from: DateTime; until: DateTime }): OccurrenceRow[] {
  const parsed = event.rrule ? parseRRule(event.rrule) : null;
  if (!parsed?.ok) return [rowOf(event, '', event.when, 'scheduled', null)];
  const exceptions = new Map(event.exceptions.map((e) => [e.recurrenceId, e]));
  const rows: OccurrenceRow[] = [];
  const plain = occurrencesInWindow({ ...event, exceptions: [] }, { from: range.from, to: range.until });
  for (const slot of plain) {
    const id = slot.recurrenceId ?? '';
    const exception = exceptions.get(id);
    if (exception?.kind === 'moved') continue;
    rows.push(rowOf(event, id, slot.when, exception?.kind === 'cancelled' ? 'cancelled' : 'scheduled', null, slot.clockChange ?? null));
  }
  for (const ex of event.exceptions) {
    if (ex.kind !== 'moved') continue;
    rows.push(rowOf(event, ex.recurrenceId, ex.when ?? originalWhen(event, ex.recurrenceId), 'moved', ex.location));
  }
  return rows;
}

/**
 * The series' bounds: first start (DTSTART, or an earlier moved date), last end (null when
 * endless; for UNTIL a safe upper bound, for COUNT the real last occurrence), and how far the rows
 * written for `range` reach: the whole series when it lies inside the range.
 */
export function indexBounds(event: CalendarEvent, range: { from: DateTime; until: DateTime }, rows: OccurrenceRow[]): IndexBounds {
  const zone = event.timezone;
  const own = instantRangeMs(event.when, zone);
  let first = utcText(own.start);
  let last: string | null = utcText(own.end);
  const parsed = event.rrule ? parseRRule(event.rrule) : null;
  if (parsed?.ok) {
    const rule = parsed.rule;
    const durationMs = own.end - own.start;
    if (rule.count !== undefined) {
      // At most MAX_COUNT occurrences: walking them is bounded.
      if (event.when.allDay) {
        const all = expandAllDay(rule, event.when.startDate, daysBetween(event.when.startDate, event.when.endDate) + 1, {
          fromDate: event.when.startDate,
          toDate: '9999-12-31',
        });
        if (all.length) last = utcText(midnightMs(addDays(all[all.length - 1]!.endDate, 1), zone));
      } else {
        const all = expandTimedMs(rule, own.start, durationMs, zone, own.start - 1, Date.UTC(9999, 11, 31));
        if (all.length) last = utcText(all[all.length - 1]!.endMs);
      }
    } else if (rule.until) {
      const untilDate = 'date' in rule.until ? rule.until.date : rule.until.instant.slice(0, 10);
      // An upper bound: the last occurrence starts on or before UNTIL's day and lasts the series' duration
      // (local midnight two days after UNTIL's date, plus the duration).
      last = utcText(midnightMs(addDays(untilDate, 2), zone) + durationMs);
    } else {
      last = null;
    }
  }
  for (const row of rows) {
    if (row.start_at < first) first = row.start_at;
    if (last !== null && row.end_at > last) last = row.end_at;
  }
  if (!parsed?.ok) return { first_start: first, last_end: last, indexed_from: ALWAYS_FROM, indexed_until: ALWAYS_UNTIL };
  const from = utcText(range.from.toMillis());
  const until = utcText(range.until.toMillis());
  return {
    first_start: first,
    last_end: last,
    // Always the range's start for a series (never ALWAYS_FROM), so upkeep can later trim its old rows;
    // a window before a series' first date needs no rows anyway (reads check first_start).
    indexed_from: from,
    indexed_until: last !== null && last <= until ? ALWAYS_UNTIL : until,
  };
}
