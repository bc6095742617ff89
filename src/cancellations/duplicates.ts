/**
 * @module The warning before a second series of one group on the same day and time: usually the
 * same meeting added twice (members would get two reminders for each date). A warning, not a
 * rule: a group may really hold two things at once, so the organiser can confirm.
 */
import { DateTime } from 'luxon';
import type { Store } from '../db/store.js';
import type { CalendarEvent, EventFields } from '../domain/event.js';
import { occurrencesInWindow } from '../domain/occurrences.js';
import { occurrenceStart } from '../domain/reminders.js';
import { utcIso } from '../domain/time.js';

/** How many of the new series' dates are compared with the group's other series. */
const DATES_COMPARED = 20;

export interface DuplicateSeries {
  id: string;
  title: string;
  /** The first shared start, a UTC instant. */
  start: string;
}

/**
 * The group's other series (draft or published) with a date at the same instant as one of the
 * first 20 dates of `fields` (a series of a group; anything else has none). `selfId` is left out
 * (an edit of the series itself). Reads the occurrence index: one query.
 */
export async function duplicateSeries(store: Store, fields: EventFields, selfId?: string): Promise<DuplicateSeries[]> {
  if (!fields.rrule || !fields.groupId) return [];
  const probe = {
    ...fields,
    id: selfId ?? '',
    exceptions: [],
    sequence: 0,
    createdAt: '',
    updatedAt: '',
    cancelledAt: null,
  } as CalendarEvent;
  const first = occurrenceStart(fields.when, fields.timezone);
  const window = { from: first.minus({ days: 1 }), to: first.plus({ years: 2 }) };
  const starts = occurrencesInWindow(probe, window)
    .slice(0, DATES_COMPARED)
    .map((o) => utcIso(occurrenceStart(o.when, fields.timezone)));
  if (!starts.length) return [];
  let query = store.db
    .selectFrom('event_occurrences as o')
    .innerJoin('events as e', 'e.id', 'o.event_id')
    .select(['e.id', 'e.title', 'o.start_at'])
    .where('o.group_id', '=', fields.groupId)
    .where('o.start_at', 'in', starts)
    .where('o.state', '<>', 'cancelled')
    .where('e.status', 'in', ['draft', 'published'])
    .where('e.rrule', 'is not', null)
    .orderBy('o.start_at')
    .limit(50);
  if (selfId) query = query.where('e.id', '<>', selfId);
  const seen = new Map<string, DuplicateSeries>();
  for (const r of await query.execute()) if (!seen.has(r.id)) seen.set(r.id, { id: r.id, title: r.title, start: r.start_at });
  return [...seen.values()];
}

/** "Independent Advisory Group meeting already meets then (first on Wed 21 Oct 2026, 18:00)". */
export function duplicateMessage(d: DuplicateSeries, zone: string): string {
  const at = DateTime.fromISO(d.start, { zone: 'UTC' }).setZone(zone).toFormat('ccc d LLL yyyy, HH:mm');
  return `the group already has "${d.title}" on the same day and time (first together on ${at}); confirm to add this series as well`;
}

/**
 * The warning's check for a create (`current` absent) or an edit: the group's other series at the
 * same day and time, or none when an edit leaves the start, rule and group as they were (a new
 * title does not ask again). Used by the API (409) and the form (a "Save anyway" button).
 */
export async function sameTimeSeries(store: Store, fields: EventFields, current?: CalendarEvent): Promise<DuplicateSeries[]> {
  if (
    current &&
    JSON.stringify([current.when, current.rrule, current.groupId]) === JSON.stringify([fields.when, fields.rrule, fields.groupId])
  )
    return [];
  return duplicateSeries(store, fields, current?.id);
}
