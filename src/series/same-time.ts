/**
 * @module The same-group-same-time warning (ADR 98) for an edit of an event: only the dates the
 * edit adds to the series count, each as it will be (a moved date at its move, a cancelled one not
 * at all), so an edit that only shortens, or keeps, dates the group's series already shared does
 * not warn, and the first date named is one the two series will really share (ADR 285).
 */
import { DateTime } from 'luxon';
import { DATES_COMPARED, seriesSharingStarts, type DuplicateSeries } from '../cancellations/duplicates.js';
import type { Store } from '../db/store.js';
import type { CalendarEvent, EventFields } from '../domain/event.js';
import { readRecurrenceId } from '../domain/exception-input.js';
import { occurrencesInWindow } from '../domain/occurrences.js';
import { instantRangeMs, utcIso } from '../domain/time.js';
import { planSeriesEdit, plannedEvents, type SeriesEditRequest } from './plan.js';

/** How far ahead of an edit's first date still to come its dates are compared. */
const YEARS_COMPARED = 2;

/**
 * The group's other series that share a date with `current` after the edit to `fields` (with the
 * "Which dates?" `request`, planned as editEvent plans it at `now`) and did not share it before:
 * the first DATES_COMPARED dates of the planned events from `now` (two years at most), less the
 * starts `current` already has as it stands (moved and cancelled dates as they are; none when the
 * group changes). Each series with the first start it newly shares (a UTC instant). None when
 * the start, rule and group are unchanged (a new title asks nothing), or the edit makes no series
 * of a group. An edit the planner refuses (its own 409/422 follows) is compared as the new fields
 * without exceptions, as a new series is. One query on the occurrence index.
 */
export async function sameTimeSeriesOfEdit(
  store: Store,
  current: CalendarEvent,
  fields: EventFields,
  request: SeriesEditRequest,
  now: Date,
): Promise<DuplicateSeries[]> {
  if (!fields.rrule || !fields.groupId) return [];
  if (JSON.stringify([current.when, current.rrule, current.groupId]) === JSON.stringify([fields.when, fields.rrule, fields.groupId]))
    return [];
  // `from` in its stored form, as editEvent reads it. Kept or dropped, a moved date the new pattern
  // has no place for is a date the series had already.
  const from = request.from === null ? null : readRecurrenceId(current, request.from);
  const planned = { ...request, from: from?.ok ? from.value : request.from, orphans: request.orphans ?? 'drop' };
  const outcome = current.rrule ? planSeriesEdit(current, fields, planned, now) : null;
  const after: CalendarEvent[] = outcome?.ok ? plannedEvents(current, outcome.plan, null) : [{ ...current, ...fields, exceptions: [] }];
  const zone = fields.timezone;
  const startOf = (e: CalendarEvent) => Math.max(now.getTime(), instantRangeMs(e.when, e.timezone).start);
  const first = DateTime.fromMillis(Math.min(...after.map(startOf)), { zone: 'UTC' });
  const window = { from: first, to: first.plus({ years: YEARS_COMPARED }) };
  const starts = after
    .flatMap((e) => occurrencesInWindow(e, window))
    .map((o) => instantRangeMs(o.when, zone).start)
    .filter((ms) => ms >= first.toMillis())
    .sort((a, b) => a - b)
    .slice(0, DATES_COMPARED);
  if (!starts.length) return [];
  const had = new Set(
    current.groupId === fields.groupId
      ? occurrencesInWindow(current, { from: first, to: DateTime.fromMillis(starts.at(-1)! + 1, { zone: 'UTC' }) }).map(
          (o) => instantRangeMs(o.when, current.timezone).start,
        )
      : [],
  );
  const added = [...new Set(starts.filter((ms) => !had.has(ms)))].map((ms) => utcIso(new Date(ms)));
  return seriesSharingStarts(store, fields.groupId, added, current.id);
}
