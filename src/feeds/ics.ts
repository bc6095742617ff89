/**
 * @module iCalendar output for feeds, .ics downloads and email invitations: one serializer so an
 * event has the same UID, SEQUENCE, times and text wherever a client meets it.
 *
 * Public API (stable; the reminders in src/notify call these):
 *
 *   eventUid(event: Pick<CalendarEvent, 'id'>): string
 *     '<event id>@safercal'. Independent of PUBLIC_URL, so moving the service to a new address
 *     never duplicates events in subscribers' calendars.
 *
 *   renderCalendar(events: CalendarEvent[], opts: {
 *     name: string; description?: string; publicUrl: string; refreshMinutes?: number; now: Date;
 *     feedUrl?: string }): string
 *     A whole VCALENDAR for subscription (no METHOD): VTIMEZONE per TZID used, one VEVENT per
 *     event (RRULE with UTC UNTIL, EXDATE for cancelled occurrences) plus one VEVENT with
 *     RECURRENCE-ID per moved occurrence. Drafts and confidential events are skipped; cancelled
 *     events are kept with STATUS:CANCELLED for CANCELLED_RETENTION_DAYS after `cancelledAt`
 *     (measured from opts.now), then dropped. CRLF line ends, folded at 75 octets.
 *
 *   renderInvitation(args: {
 *     event: CalendarEvent; recurrenceId?: string | null; method: 'REQUEST' | 'CANCEL';
 *     organizer: { name: string; email: string }; attendees: { email: string; name?: string }[];
 *     publicUrl: string; sequence?: number }): string
 *     An iTIP message (METHOD:REQUEST or METHOD:CANCEL) Outlook shows as a meeting, with
 *     ORGANIZER and ATTENDEE lines and the feed's UID. Without recurrenceId it covers the whole
 *     event (a series: master plus moved-occurrence overrides); with one (the occurrence's
 *     original start: a UTC instant like '2022-10-19T17:00:00Z', or a date for all-day series) it
 *     covers that occurrence only, via RECURRENCE-ID. SEQUENCE defaults to event.sequence.
 *     Send it as the MIME part `text/calendar; method=<method>; charset=utf-8`.
 *
 *   calendarParts(events, opts): Generator<string>  (the same output in pieces, for builders
 *     that yield to the event loop between chunks)
 */
import type { CalendarEvent, EventException, When } from '../domain/event.js';
import { KIND_LABELS, THEMES, isThemeCode } from '../domain/kinds.js';
import { originalWhen } from '../domain/occurrences.js';
import { formatRRule, parseRRule } from '../domain/recurrence.js';
import { meetingPath } from '../meetings/paths.js';
import { CRLF, escapeText, paramValue, pushLine, textLine, uriValue } from './ics-text.js';
import { addDaysToDate, dateValue, localStamp, utcStamp, zonedToUtcMs } from './ics-time.js';
import { vtimezoneLines } from './vtimezone.js';

export const PRODID = '-//safercal//Community Safety Calendar//EN';

/** How long a cancelled event stays in feeds (as STATUS:CANCELLED) before it is dropped. */
export const CANCELLED_RETENTION_DAYS = 30;
const RETENTION_MS = CANCELLED_RETENTION_DAYS * 24 * 60 * 60 * 1000;

export interface CalendarOptions {
  /** X-WR-CALNAME and NAME: what the calendar is called in the subscriber's client. */
  name: string;
  description?: string;
  /** The service's base URL (URL property of the calendar). */
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
}

export function eventUid(event: Pick<CalendarEvent, 'id'>): string {
  return `${event.id}@safercal`;
}

/** When a cancelled event leaves feeds; null for events that are not cancelled. */
export function retentionEndsAt(event: Pick<CalendarEvent, 'status' | 'cancelledAt' | 'updatedAt'>): Date | null {
  if (event.status !== 'cancelled') return null;
  return new Date(Date.parse(event.cancelledAt ?? event.updatedAt) + RETENTION_MS);
}

/** Whether an event belongs in a subscription feed at `now` (never drafts or confidential business). */
export function belongsInFeed(event: CalendarEvent, now: Date): boolean {
  if (event.status === 'draft' || event.visibility === 'confidential') return false;
  const ends = retentionEndsAt(event);
  return ends === null || ends.getTime() > now.getTime();
}

/**
 * The page a feed or invitation links an event (or one date of it) to, its URL property: a
 * meeting's own page, which carries its agenda, papers and minutes once published (the series'
 * page for the master of a meeting series, which lists its dates); otherwise the event's page.
 */
export function eventPageUrl(
  publicUrl: string,
  event: Pick<CalendarEvent, 'id'> & Partial<Pick<CalendarEvent, 'kind' | 'rrule'>>,
  recurrenceId: string | null = null,
): string {
  if (event.kind === 'meeting' && (recurrenceId || !event.rrule))
    return `${publicUrl}${meetingPath({ eventId: event.id, occurrence: recurrenceId ?? '' })}`;
  return `${publicUrl}/events/${encodeURIComponent(event.id)}`;
}

export function renderCalendar(events: CalendarEvent[], opts: CalendarOptions): string {
  let out = '';
  for (const part of calendarParts(events, opts)) out += part;
  return out;
}

/** renderCalendar in pieces: the header, then one piece per event, then the footer. */
export function* calendarParts(events: CalendarEvent[], opts: CalendarOptions): Generator<string> {
  const included = events.filter((e) => belongsInFeed(e, opts.now));
  const lines: string[] = [];
  calendarHeader(lines, null);
  calendarMeta(lines, opts);
  for (const zone of zonesUsed(included)) for (const line of vtimezoneLines(zone)) lines.push(line, CRLF);
  yield lines.join('');
  for (const event of included) {
    const eventLines: string[] = [];
    writeEvent(eventLines, event, { url: eventPageUrl(opts.publicUrl, event), publicUrl: opts.publicUrl });
    yield eventLines.join('');
  }
  yield `END:VCALENDAR${CRLF}`;
}

export function renderInvitation(args: InvitationArgs): string {
  const { event, method } = args;
  const lines: string[] = [];
  const extra: EventExtras = {
    url: eventPageUrl(args.publicUrl, event, args.recurrenceId ?? null),
    publicUrl: args.publicUrl,
    sequence: args.sequence ?? event.sequence,
    cancelled: method === 'CANCEL',
    people: (out) => {
      pushLine(out, `ORGANIZER;CN=${paramValue(args.organizer.name)}:mailto:${uriValue(args.organizer.email)}`);
      for (const a of args.attendees) {
        const cn = a.name ? `;CN=${paramValue(a.name)}` : '';
        pushLine(out, `ATTENDEE${cn};CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:${uriValue(a.email)}`);
      }
    },
  };
  const single = args.recurrenceId ? occurrenceOf(event, args.recurrenceId) : null;
  calendarHeader(lines, method);
  const zones = new Set(zonesUsed([event]));
  if (single && !single.when.allDay) zones.add(event.timezone);
  for (const zone of [...zones].sort()) for (const line of vtimezoneLines(zone)) lines.push(line, CRLF);
  if (single) {
    writeOccurrence(lines, event, single.exception, single.recurrenceId, single.when, single.location, extra);
  } else if (method === 'CANCEL') {
    // Cancelling the whole event: the master alone is enough for the client to remove every occurrence.
    writeEvent(lines, event, { ...extra, masterOnly: true });
  } else {
    writeEvent(lines, event, extra);
  }
  lines.push(`END:VCALENDAR${CRLF}`);
  return lines.join('');
}

// ---------------------------------------------------------------------------------------------

interface EventExtras {
  /** The event's page on the web app, so a calendar client can link back to the details. */
  url?: string;
  /** The service's address, for the per-date pages of a meeting series' overrides. */
  publicUrl?: string;
  sequence?: number;
  cancelled?: boolean;
  masterOnly?: boolean;
  people?: (out: string[]) => void;
}

function calendarHeader(out: string[], method: string | null): void {
  out.push('BEGIN:VCALENDAR', CRLF, 'VERSION:2.0', CRLF, `PRODID:${PRODID}`, CRLF, 'CALSCALE:GREGORIAN', CRLF);
  if (method) out.push(`METHOD:${method}`, CRLF);
}

function calendarMeta(out: string[], opts: CalendarOptions): void {
  textLine(out, 'NAME', opts.name);
  textLine(out, 'X-WR-CALNAME', opts.name);
  if (opts.description) {
    textLine(out, 'DESCRIPTION', opts.description);
    textLine(out, 'X-WR-CALDESC', opts.description);
  }
  out.push('X-WR-TIMEZONE:Europe/London', CRLF);
  const refresh = durationValue(opts.refreshMinutes ?? 60);
  out.push(`REFRESH-INTERVAL;VALUE=DURATION:${refresh}`, CRLF, `X-PUBLISHED-TTL:${refresh}`, CRLF);
  if (opts.feedUrl) pushLine(out, `SOURCE;VALUE=URI:${uriValue(opts.feedUrl)}`);
  pushLine(out, `URL;VALUE=URI:${uriValue(opts.publicUrl)}`);
}

function durationValue(minutes: number): string {
  const m = Math.max(1, Math.round(minutes));
  if (m % 1440 === 0) return `P${m / 1440}D`;
  const hours = Math.floor(m / 60);
  const rest = m % 60;
  return `PT${hours ? `${hours}H` : ''}${rest ? `${rest}M` : ''}`;
}

/** Every zone a timed start, end or exception refers to, in a stable order. */
function zonesUsed(events: Pick<CalendarEvent, 'when' | 'timezone' | 'exceptions'>[]): string[] {
  const zones = new Set<string>();
  for (const e of events) {
    if (!e.when.allDay || e.exceptions.some((x) => x.when && !x.when.allDay)) zones.add(e.timezone);
  }
  return [...zones].sort();
}

function dtLine(out: string[], name: string, when: When, edge: 'start' | 'end', zone: string): void {
  if (when.allDay) {
    // iCalendar's DTEND is exclusive: 8–15 October ends on 20221016.
    const date = edge === 'start' ? when.startDate : addDaysToDate(when.endDate, 1);
    out.push(`${name};VALUE=DATE:${dateValue(date)}`, CRLF);
  } else {
    out.push(`${name};TZID=${zone}:${localStamp(edge === 'start' ? when.startsAt : when.endsAt, zone)}`, CRLF);
  }
}

function recurrenceIdValue(event: CalendarEvent, recurrenceId: string): string {
  return event.when.allDay
    ? `;VALUE=DATE:${dateValue(recurrenceId)}`
    : `;TZID=${event.timezone}:${localStamp(recurrenceId, event.timezone)}`;
}

const publishedRules = new Map<string, string | null>();

/**
 * The stored rule as published: UNTIL in UTC for timed series (RFC 5545 §3.3.10), a DATE for
 * all-day ones. Memoised: feeds repeat the same few rules thousands of times.
 */
function publishedRRule(event: CalendarEvent): string | null {
  if (!event.rrule) return null;
  const key = `${event.when.allDay ? 'D' : 'T'}|${event.timezone}|${event.rrule}`;
  let published = publishedRules.get(key);
  if (published === undefined) {
    published = publishRule(event.rrule, event.when.allDay, event.timezone);
    if (publishedRules.size > 10_000) publishedRules.clear();
    publishedRules.set(key, published);
  }
  return published;
}

function publishRule(text: string, allDay: boolean, zone: string): string | null {
  const parsed = parseRRule(text);
  if (!parsed.ok) return null;
  const rule = { ...parsed.rule };
  if (rule.until) {
    if (allDay) {
      rule.until = { date: 'date' in rule.until ? rule.until.date : rule.until.instant.slice(0, 10) };
    } else if ('date' in rule.until) {
      // The same bound src/domain/recurrence.ts expands to: the end of that day on the zone's clock.
      const end = zonedToUtcMs(rule.until.date, 23, 59, 59, zone);
      rule.until = { instant: new Date(end).toISOString().replace(/\.\d{3}Z$/, 'Z') };
    }
  }
  return formatRRule(rule);
}

const categoryLines = new Map<string, string>();

/** CATEGORIES: the kind and the themes by name. Memoised: a feed has few distinct combinations. */
function categories(event: CalendarEvent): string {
  const key = `${event.kind}|${event.themes.join('|')}`;
  let line = categoryLines.get(key);
  if (line === undefined) {
    const names = [KIND_LABELS[event.kind], ...event.themes.map((t) => (isThemeCode(t) ? THEMES[t] : t))];
    line = [...new Set(names)].map(escapeText).join(',');
    if (categoryLines.size > 10_000) categoryLines.clear();
    categoryLines.set(key, line);
  }
  return line;
}

function descriptionOf(event: CalendarEvent, note?: string): string {
  const parts: string[] = [];
  if (note) parts.push(note);
  if (event.description) parts.push(event.description);
  if (event.links.length) parts.push(event.links.map((l) => `${l.title}: ${l.url}`).join('\n'));
  return parts.join('\n\n');
}

function commonLines(out: string[], event: CalendarEvent, stamp: string, extras: EventExtras): void {
  out.push('BEGIN:VEVENT', CRLF);
  pushLine(out, `UID:${eventUid(event)}`);
  // DTSTAMP and LAST-MODIFIED come from the record, so an unchanged event gives identical bytes.
  out.push(`DTSTAMP:${utcStamp(stamp)}`, CRLF, `CREATED:${utcStamp(event.createdAt)}`, CRLF, `LAST-MODIFIED:${utcStamp(stamp)}`, CRLF);
  out.push(`SEQUENCE:${extras.sequence ?? event.sequence}`, CRLF);
}

function tailLines(
  out: string[],
  event: CalendarEvent,
  when: When,
  location: string,
  cancelled: boolean,
  note: string | undefined,
  extras: EventExtras,
): void {
  textLine(out, 'SUMMARY', cancelled ? `Cancelled: ${event.title}` : event.title);
  const description = descriptionOf(event, note);
  if (description) textLine(out, 'DESCRIPTION', description);
  if (location) textLine(out, 'LOCATION', location);
  if (extras.url) pushLine(out, `URL;VALUE=URI:${uriValue(extras.url)}`);
  out.push(`CATEGORIES:${categories(event)}`, CRLF);
  out.push(`CLASS:${event.visibility === 'public' ? 'PUBLIC' : 'PRIVATE'}`, CRLF);
  out.push(`STATUS:${cancelled ? 'CANCELLED' : 'CONFIRMED'}`, CRLF);
  // Awareness weeks and deadlines mark the day without making anyone busy.
  const free = when.allDay || event.kind === 'campaign_week' || event.kind === 'deadline';
  out.push(`TRANSP:${free ? 'TRANSPARENT' : 'OPAQUE'}`, CRLF);
  extras.people?.(out);
  out.push('END:VEVENT', CRLF);
}

function writeTimes(out: string[], when: When, zone: string): void {
  dtLine(out, 'DTSTART', when, 'start', zone);
  // A zero-length timed event (a 17:00 deadline) has no DTEND: it ends when it starts.
  if (when.allDay || when.startsAt !== when.endsAt) dtLine(out, 'DTEND', when, 'end', zone);
}

/** The series (or one-off) VEVENT, then one override VEVENT per moved occurrence. */
function writeEvent(out: string[], event: CalendarEvent, extras: EventExtras): void {
  const cancelled = extras.cancelled || event.status === 'cancelled';
  const rrule = publishedRRule(event);
  commonLines(out, event, event.updatedAt, extras);
  writeTimes(out, event.when, event.timezone);
  if (rrule) {
    out.push(`RRULE:${rrule}`, CRLF);
    for (const ex of event.exceptions) {
      if (ex.kind !== 'cancelled') continue;
      out.push(`EXDATE${recurrenceIdValue(event, ex.recurrenceId)}`, CRLF);
    }
  }
  tailLines(out, event, event.when, event.location, cancelled, undefined, extras);
  if (!rrule || extras.masterOnly) return;
  for (const ex of event.exceptions) {
    if (ex.kind !== 'moved') continue;
    writeOccurrence(
      out,
      event,
      ex,
      ex.recurrenceId,
      ex.when ?? originalWhen(event, ex.recurrenceId),
      ex.location ?? event.location,
      extras.publicUrl ? { ...extras, url: eventPageUrl(extras.publicUrl, event, ex.recurrenceId) } : extras,
    );
  }
}

function writeOccurrence(
  out: string[],
  event: CalendarEvent,
  exception: EventException | null,
  recurrenceId: string,
  when: When,
  location: string,
  extras: EventExtras,
): void {
  const stamp = exception && exception.updatedAt > event.updatedAt ? exception.updatedAt : event.updatedAt;
  const cancelled = extras.cancelled || event.status === 'cancelled' || exception?.kind === 'cancelled';
  commonLines(out, event, stamp, extras);
  out.push(`RECURRENCE-ID${recurrenceIdValue(event, recurrenceId)}`, CRLF);
  writeTimes(out, when, event.timezone);
  tailLines(out, event, when, location, cancelled, exception?.note || undefined, extras);
}

function occurrenceOf(
  event: CalendarEvent,
  recurrenceId: string,
): { recurrenceId: string; exception: EventException | null; when: When; location: string } {
  const exception = event.exceptions.find((e) => e.recurrenceId === recurrenceId) ?? null;
  const when = exception?.kind === 'moved' && exception.when ? exception.when : originalWhen(event, recurrenceId);
  return { recurrenceId, exception, when, location: exception?.location ?? event.location };
}
