/**
 * @module iCalendar output for feeds, .ics downloads and e-mail invitations. Every content line
 * comes from one writer (src/feeds/writer.ts, ical-generator), so an event has the same UID,
 * SEQUENCE, times and text wherever a client meets it.
 *
 * Public API (stable; src/notify and src/http call these):
 *
 *   eventUid(event: Pick<CalendarEvent, 'id'>): string
 *     '<event id>@safercal'. Independent of PUBLIC_URL, so moving the service to a new address
 *     never duplicates events in subscribers' calendars.
 *
 *   eventPageUrl(publicUrl: string, event: Pick<CalendarEvent, 'id'>): string
 *     The event's page on the web app, the URL property of its VEVENTs.
 *
 *   renderCalendar(events: CalendarEvent[], opts: {
 *     name: string; description?: string; publicUrl: string; refreshMinutes?: number; now: Date;
 *     feedUrl?: string }): string
 *     A whole VCALENDAR for subscription (no METHOD): a VTIMEZONE per TZID used, one VEVENT per
 *     event (RRULE with a UTC UNTIL, one EXDATE line for cancelled occurrences) plus one VEVENT
 *     with RECURRENCE-ID per moved occurrence. Drafts and confidential events are skipped;
 *     cancelled events are kept with STATUS:CANCELLED for CANCELLED_RETENTION_DAYS after
 *     `cancelledAt` (measured from opts.now), then dropped. CRLF line ends, folded at 75 octets.
 *     Subscription feeds are assembled from kept fragments instead (src/feeds/build.ts), to the
 *     same bytes.
 *
 *   renderInvitation(args: {
 *     event: CalendarEvent; recurrenceId?: string | null; method: 'REQUEST' | 'CANCEL';
 *     organizer: { name: string; email: string }; attendees: { email: string; name?: string }[];
 *     publicUrl: string; sequence?: number }): string
 *     An iTIP message (METHOD:REQUEST or METHOD:CANCEL, RFC 5546) Outlook shows as a meeting,
 *     with ORGANIZER and ATTENDEE lines and the feed's UID. Without recurrenceId it covers the
 *     whole event (a series: master plus moved-occurrence overrides; for CANCEL the master
 *     alone); with one (the occurrence's original start: a UTC instant like
 *     '2022-10-19T17:00:00Z', or a date for all-day series) that occurrence only, via
 *     RECURRENCE-ID. SEQUENCE defaults to event.sequence. Send it as the MIME part
 *     `text/calendar; method=<method>; charset=utf-8`.
 */
import type { CalendarEvent, EventException, When } from '../domain/event.js';
import { originalWhen } from '../domain/occurrences.js';
import {
  CALENDAR_END,
  eventData,
  eventPageUrl,
  eventUid,
  occurrenceData,
  PRODID,
  writeEvent,
  writeHead,
  writeInvitation,
  writeTimezones,
  type VeventOptions,
} from './writer.js';

export { eventPageUrl, eventUid, PRODID };

/** How long a cancelled event stays in feeds (as STATUS:CANCELLED) before it is dropped. */
export const CANCELLED_RETENTION_DAYS = 30;
const RETENTION_MS = CANCELLED_RETENTION_DAYS * 24 * 60 * 60 * 1000;

/** Refresh interval clients are asked for when a caller names none (minutes). */
const DEFAULT_REFRESH_MINUTES = 60;

export interface CalendarOptions {
  /** X-WR-CALNAME and NAME: what the calendar is called in the subscriber's client. */
  name: string;
  description?: string;
  /** The service's base URL (URL property of the calendar, and of each event's page). */
  publicUrl: string;
  /** How often clients should refresh (REFRESH-INTERVAL, X-PUBLISHED-TTL); default 60. */
  refreshMinutes?: number;
  /** Decides which cancelled events are still inside their retention period. */
  now: Date;
  /** This feed's own address (SOURCE), when the output is a subscription feed. */
  feedUrl?: string;
}

export interface InvitationArgs {
  event: CalendarEvent;
  recurrenceId?: string | null;
  method: 'REQUEST' | 'CANCEL';
  organizer: { name: string; email: string };
  attendees: { email: string; name?: string }[];
  publicUrl: string;
  sequence?: number;
  /**
   * The occurrence as it is now when people hold it under another UID or RECURRENCE-ID than the
   * series now gives it (a series edit moved it: src/series). `event` then carries the UID people
   * hold and `recurrenceId` the RECURRENCE-ID they hold; this says when and where it is.
   */
  instance?: { when: When; location: string; exception: EventException | null };
}

/** When a cancelled event leaves feeds; null for events that are not cancelled. */
export function retentionEndsAt(event: Pick<CalendarEvent, 'status' | 'cancelledAt' | 'updatedAt'>): Date | null {
  if (event.status !== 'cancelled') return null;
  return new Date(Date.parse(event.cancelledAt ?? event.updatedAt) + RETENTION_MS);
}

/** Whether an event belongs in a subscription feed at `now` (never drafts or confidential business). */
export function belongsInFeed(event: Pick<CalendarEvent, 'status' | 'visibility' | 'cancelledAt' | 'updatedAt'>, now: Date): boolean {
  if (event.status === 'draft' || event.visibility === 'confidential') return false;
  const ends = retentionEndsAt(event);
  return ends === null || ends.getTime() > now.getTime();
}

/** The calendar-level part of a subscription feed, for these options. */
export function calendarHead(opts: Omit<CalendarOptions, 'now'>): string {
  return writeHead({
    name: opts.name,
    description: opts.description,
    publicUrl: opts.publicUrl,
    feedUrl: opts.feedUrl,
    refreshMinutes: opts.refreshMinutes ?? DEFAULT_REFRESH_MINUTES,
  });
}

export function renderCalendar(events: CalendarEvent[], opts: CalendarOptions): string {
  const vevents = events.filter((e) => belongsInFeed(e, opts.now)).map((e) => writeEvent(e, { publicUrl: opts.publicUrl }));
  return calendarHead(opts) + writeTimezones(vevents.flatMap((v) => v.tzids)) + vevents.map((v) => v.text).join('') + CALENDAR_END;
}

export function renderInvitation(args: InvitationArgs): string {
  const { event, method } = args;
  const options: VeventOptions = {
    publicUrl: args.publicUrl,
    sequence: args.sequence ?? event.sequence,
    cancelled: method === 'CANCEL',
    organizer: args.organizer,
    attendees: args.attendees,
  };
  if (args.recurrenceId) {
    const recurrenceId = args.recurrenceId;
    // A date people hold under an earlier UID or RECURRENCE-ID (a series edit moved it): as it is now.
    if (args.instance) {
      const { when, location, exception } = args.instance;
      return writeInvitation(method, [occurrenceData(event, exception, recurrenceId, when, location, options)]);
    }
    const exception = event.exceptions.find((e) => e.recurrenceId === recurrenceId) ?? null;
    const when = exception?.kind === 'moved' && exception.when ? exception.when : originalWhen(event, recurrenceId);
    const location = exception?.location ?? event.location;
    return writeInvitation(method, [occurrenceData(event, exception, recurrenceId, when, location, options)]);
  }
  // Cancelling the whole event: the master alone is enough for the client to remove every occurrence.
  return writeInvitation(method, eventData(event, { ...options, masterOnly: method === 'CANCEL' }));
}
