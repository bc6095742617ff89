/** @module The calendar event as the rest of the code sees it, independent of storage and transport. */
import type { EventKind, EventStatus, Visibility } from './kinds.js';
import { whenText } from './when-in-words.js';

/**
 * When an event happens. All-day events keep inclusive local dates (Hate Crime Awareness Week
 * 8–15 October is startDate 2022-10-08, endDate 2022-10-15); feeds turn that into the exclusive
 * DTEND iCalendar wants. Timed events keep UTC instants ('2022-09-21T17:00:00Z').
 */
export type When = { allDay: true; startDate: string; endDate: string } | { allDay: false; startsAt: string; endsAt: string };

export interface EventLink {
  title: string;
  url: string;
}

/**
 * An exception to a recurring event, keyed by the original start of the occurrence it replaces
 * (its RECURRENCE-ID): a UTC instant for timed events, a date for all-day ones.
 */
export interface EventException {
  recurrenceId: string;
  kind: 'cancelled' | 'moved';
  /** For 'moved': the new time; absent when only the place changed. */
  when: When | null;
  /** For 'moved': the new location, or null to keep the series' location. */
  location: string | null;
  note: string;
  /**
   * For a cancelled date that had been moved: the move's note, which restoring the date brings
   * back with its time and venue (ADRs 170, 284; its own column, migration 0028, ADR 287); absent otherwise.
   */
  moveNote?: string;
  updatedAt: string;
}

/**
 * An exception as it is written. A new move or cancel has no `updatedAt`: it takes the write's
 * instant. One a series edit writes again unchanged (carried to its date in the new pattern, or to
 * the part the date now lives in) keeps the instant of its own last change, so the activities its
 * move shifted are still told apart from those changed or added since (ADR 279).
 */
export type ExceptionToWrite = Omit<EventException, 'updatedAt'> & { updatedAt?: string };

export interface CalendarEvent {
  id: string;
  kind: EventKind;
  title: string;
  description: string;
  location: string;
  links: EventLink[];
  when: When;
  timezone: string;
  rrule: string | null;
  exceptions: EventException[];
  themes: string[];
  organisationId: string | null;
  groupId: string | null;
  parentId: string | null;
  visibility: Visibility;
  status: EventStatus;
  sequence: number;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  /** The organiser's reason for cancelling the event ('' or absent: none given). */
  cancelReason?: string;
  /** The organiser's reason for the last change ('' or absent: none given); quoted in "Changed" e-mails. */
  changeReason?: string;
  /**
   * For a partner activity whose campaign week is cancelled: 'cancelled_with_parent' (it was
   * cancelled with the week, and comes back with it) or 'kept' (the organiser kept it going);
   * absent or null otherwise (ADR 95).
   */
  parentOutcome?: ParentOutcome | null;
  /**
   * With `parentOutcome`: the RECURRENCE-ID of the repeating week's date whose cancel set it (the
   * activity falls in that date; restoring the date undoes it), or absent/null when the whole
   * week's cancel did (migration 0027, ADR 210).
   */
  parentDate?: string | null;
  /**
   * The title of this activity's campaign week when that week is cancelled (read with the event,
   * absent when not read): with `parentOutcome` 'kept' and no `parentDate`, pages, feeds and
   * e-mails say "<week> was cancelled; this activity still goes ahead" (issue 10, ADR 274).
   */
  parentCancelledTitle?: string | null;
  /**
   * With `parentOutcome` 'kept' and a `parentDate`: the campaign week's title and that cancelled
   * date where it is (its span, in the week's zone), read with the event (absent when not read,
   * null when the date is no longer cancelled), so feeds and e-mails say what the page says (ADR 296).
   */
  parentDateOff?: { title: string; when: When; timezone: string } | null;
  /**
   * The event this one continues: a series split by a "this and following dates" edit ends the
   * day before and carries on as a new event (its own UID) linked back to it.
   */
  splitFrom?: string | null;
  /**
   * True when this event is a later part of the series `splitFrom` names (a split made it, even
   * one left with a single date, ADR 125); false for a moved date kept as a one-off (ADR 92),
   * linked only for its history (migration 0017, ADR 128).
   */
  continuesSeries?: boolean;
}

export type ParentOutcome = 'cancelled_with_parent' | 'kept';

/** The fields an organiser sets; the rest (id, sequence, timestamps) are the system's. */
export type EventFields = Pick<
  CalendarEvent,
  | 'kind'
  | 'title'
  | 'description'
  | 'location'
  | 'links'
  | 'when'
  | 'timezone'
  | 'rrule'
  | 'themes'
  | 'organisationId'
  | 'groupId'
  | 'parentId'
  | 'visibility'
  | 'status'
>;

/** The organiser-set fields of an event (what an edit replaces, what a copy carries over). */
export function eventFields(event: EventFields): EventFields {
  return {
    kind: event.kind,
    title: event.title,
    description: event.description,
    location: event.location,
    links: event.links,
    when: event.when,
    timezone: event.timezone,
    rrule: event.rrule,
    themes: event.themes,
    organisationId: event.organisationId,
    groupId: event.groupId,
    parentId: event.parentId,
    visibility: event.visibility,
    status: event.status,
  };
}

/**
 * What is said of a partner activity the organiser kept going while its campaign week is off, in
 * its feeds' DESCRIPTION, its RSS and Atom entries and its e-mails, in the words of its page (ADR
 * 95, 274, 296): for the whole week's cancel "<week> was cancelled; this activity still goes
 * ahead."; for one cancelled date of a repeating week "<week> (<that date, as the page writes it>):
 * that date of the week is cancelled; this activity still goes ahead.". Null otherwise. Needs
 * `parentCancelledTitle` or `parentDateOff` read with the event (src/db/events.ts,
 * src/feeds/feed-query.ts); the words are in the week's zone, never the server's.
 */
export function keptActivityNote(event: CalendarEvent): string | null {
  if (event.status === 'cancelled' || event.parentOutcome !== 'kept') return null;
  if (event.parentDate) {
    const off = event.parentDateOff;
    return off
      ? `${off.title} (${whenText(off.when, off.timezone)}): that date of the week is cancelled; this activity still goes ahead.`
      : null;
  }
  return event.parentCancelledTitle ? `${event.parentCancelledTitle} was cancelled; this activity still goes ahead.` : null;
}
