/**
 * @module Where a date an e-mail was about is now. Every e-mail names its date by the identity
 * people hold (the event's UID and the RECURRENCE-ID they were told, ADR 91), and so do the links it
 * carries (apologies, the meeting's page, the invitation's URL). After a split or a change of rule or
 * time that identity is no longer a date of its event: it became another date, maybe of a later
 * part, or it ended. The links resolve through the same aliases the e-mails use (ADR 283).
 */
import { getEvent } from '../db/events.js';
import type { Store } from '../db/store.js';
import type { CalendarEvent } from '../domain/event.js';
import { heldDateNow } from '../series/index.js';
import { endedBySeriesEdit, occurrenceState, type OccurrenceState } from './occurrence-state.js';

export interface HeldDateNow {
  /** The event the date lives in now (the held one unless a split moved it to a later part or a kept one-off). */
  event: CalendarEvent;
  /** Its RECURRENCE-ID there ('' for a one-off event). */
  occurrence: string;
  /** What series edits did to it: nothing, moved it (to another event or RECURRENCE-ID), or ended it. */
  change: 'none' | 'moved' | 'ended';
  /** Its time, place and whether it is off; ended by a series edit, cancelled with that edit's reason. */
  state: OccurrenceState;
}

/**
 * What the date people hold as (`held`, `occurrence`) is now: one read of its alias by primary key,
 * and of the event it moved into when that is another. A date no edit moved is where it was held.
 */
export async function heldDateNowOf(store: Store, held: CalendarEvent, occurrence: string): Promise<HeldDateNow> {
  const alias = await heldDateNow(store, held.id, occurrence);
  if (alias && !alias.current) {
    return { event: held, occurrence, change: 'ended', state: endedBySeriesEdit(held, occurrence, alias.reason) };
  }
  const target = alias?.current;
  const event = target ? (target.eventId === held.id ? held : await getEvent(store, target.eventId)) : null;
  if (!target || !event) return { event: held, occurrence, change: 'none', state: occurrenceState(held, occurrence) };
  return { event, occurrence: target.recurrenceId, change: 'moved', state: occurrenceState(event, target.recurrenceId) };
}
