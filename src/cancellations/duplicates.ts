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
export const DATES_COMPARED = 20;

export interface DuplicateSeries {
  id: string;
  title: string;
  /** The first shared start, a UTC instant. */
  start: string;
}

/**
 * The warning's check for a new series: the group's other series (draft or published) with a date
 * at the same instant as one of the first 20 dates of `fields` (a series of a group; anything else
 * has none). `selfId` is left out. Reads the occurrence index: one query. Used by the API (409)
 * and the form (a "Save anyway" button); an edit asks src/series' sameTimeSeriesOfEdit, which
 * counts only the dates the edit adds.
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
  return seriesSharingStarts(store, fields.groupId, starts, selfId);
}

/**
 * The group's other series (draft or published, `selfId` left out) with a date that is not
 * cancelled at one of `starts` (UTC instants as the occurrence index keeps them, a moved date at
 * its new start), each with the first such start, in order of it. One query on the occurrence index.
 */
export async function seriesSharingStarts(
  store: Store,
  groupId: string,
  starts: readonly string[],
  selfId?: string,
): Promise<DuplicateSeries[]> {
  if (!starts.length) return [];
  let query = store.db
    .selectFrom('event_occurrences as o')
    .innerJoin('events as e', 'e.id', 'o.event_id')
    .select(['e.id', 'e.title', 'o.start_at'])
    .where('o.group_id', '=', groupId)
    .where('o.start_at', 'in', [...starts])
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

/**
 * 'the group already has "IAG meeting" on the same day and time (first together on Wed 21 Oct 2026,
 * 18:00); confirm to add this series as well': `action` 'edit' ends "confirm to save this change
 * anyway" (a change of a series adds no series).
 */
export function duplicateMessage(d: DuplicateSeries, zone: string, action: 'add' | 'edit' = 'add'): string {
  const at = DateTime.fromISO(d.start, { zone: 'UTC' }).setZone(zone).toFormat('ccc d LLL yyyy, HH:mm');
  const confirm = action === 'edit' ? 'save this change anyway' : 'add this series as well';
  return `the group already has "${d.title}" on the same day and time (first together on ${at}); confirm to ${confirm}`;
}
