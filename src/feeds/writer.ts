/**
 * @module The one writer of iCalendar text: every content line of every feed, .ics download and
 * e-mail invitation is produced by ical-generator (the product brief's library) and folded by its
 * `foldLines` (RFC 5545 §3.1: at most 75 octets a line, never inside a UTF-8 sequence, CRLF).
 * This module only decides what goes in; the one edit it makes to what ical-generator wrote is
 * the case of a TZID in an x() line (tzidCase).
 *
 * What ical-generator 10.2 is given, and why (measured; docs/decisions.md, "iCalendar output is
 * written by ical-generator"):
 *  - date-times as Luxon DateTimes in the event's zone, with `timezone` per event and none on the
 *    calendar: plain Dates would be converted with the server's TZ, and a calendar time zone
 *    makes DTSTAMP and UNTIL local and adds a TIMEZONE-ID line libical rejects;
 *  - all-day dates as 'YYYY-MM-DD' with no zone (read as UTC dates, whatever the server's TZ);
 *  - an instant whose wall-clock time occurs twice (the repeated hour of the autumn change) in
 *    UTC form, because clients disagree on which of the two a TZID time means (docs/decisions.md,
 *    "A time in the hour the autumn clock change repeats is published in UTC");
 *  - the recurrence lines (RRULE with a UTC or DATE UNTIL, EXDATE list) as the documented
 *    `repeating` string, since its RRULE object form cannot say "3rd Wednesday" (numbered BYDAY);
 *  - an all-day RECURRENCE-ID (VALUE=DATE) through `x()`: its own RECURRENCE-ID is always a
 *    DATE-TIME, which no client matches to a DATE series;
 *  - text with control characters removed (TEXT may not hold them; it escapes the rest), and
 *    the calendar name escaped with its own `escape` (it leaves calendar names as given).
 */
import ical, {
  escape,
  foldLines,
  formatDate,
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalAttendeeType,
  ICalCalendarMethod,
  ICalEventClass,
  ICalEventStatus,
  ICalEventTransparency,
  type ICalCalendar,
  type ICalEventData,
} from 'ical-generator';
import { DateTime, IANAZone } from 'luxon';
import { keptActivityNote, type CalendarEvent, type EventException, type When } from '../domain/event.js';
import { KIND_LABELS, THEMES, isThemeCode } from '../domain/kinds.js';
import { originalWhen } from '../domain/occurrences.js';
import {
  clockChangeInstances,
  clockChangesKeptFrom,
  clockChangeYearsToLearn,
  formatRRule,
  learnClockChanges,
  parseRRule,
} from '../domain/recurrence.js';
import { addDays } from '../domain/time.js';
import { meetingPath } from '../meetings/paths.js';
import { vtimezoneComponent } from './vtimezone.js';

export const PRODID = '//safercal//Community Safety Calendar//EN';
export const CRLF = '\r\n';

/**
 * Bumped whenever the text written for the same input changes (a property added, a form
 * changed), so kept fragments written by an older writer are rewritten and every feed's
 * Last-Modified moves on (src/feeds/freshness.ts).
 */
export const WRITER_VERSION = 6;

/** '<event id>@safercal': independent of PUBLIC_URL, so a move of the service duplicates nothing. */
export function eventUid(event: Pick<CalendarEvent, 'id'>): string {
  return `${event.id}@safercal`;
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

/** What a VEVENT carries beyond the event itself (invitations add people, a SEQUENCE, a method). */
export interface VeventOptions {
  publicUrl: string;
  sequence?: number;
  /** Every VEVENT written as STATUS:CANCELLED (an invitation's METHOD:CANCEL). */
  cancelled?: boolean;
  /** The series VEVENT alone, without its moved-occurrence overrides. */
  masterOnly?: boolean;
  organizer?: { name: string; email: string };
  attendees?: { email: string; name?: string }[];
}

/** The VEVENTs of one event, as text, and the TZIDs they refer to (each needs a VTIMEZONE). */
export interface WrittenEvents {
  text: string;
  tzids: string[];
}

/**
 * The series (or one-off) VEVENT, then one VEVENT with RECURRENCE-ID per moved occurrence:
 * folded content lines ending in CRLF. A pure function of the event and the options.
 */
export function writeEvent(event: CalendarEvent, options: VeventOptions): WrittenEvents {
  return written(eventData(event, options));
}

/** The calendar-level lines of a subscription feed, from BEGIN:VCALENDAR up to its first component. */
export interface HeadOptions {
  /** NAME and X-WR-CALNAME: what the subscriber's client calls the calendar. */
  name: string;
  /** X-WR-CALDESC. */
  description?: string;
  /** URL of the calendar: the service's address. */
  publicUrl: string;
  /** SOURCE: the feed's own address (left out of private feeds, whose bodies are shared). */
  feedUrl?: string;
  /** REFRESH-INTERVAL and X-PUBLISHED-TTL, in minutes. */
  refreshMinutes: number;
}

/**
 * The head of a subscription feed: BEGIN:VCALENDAR, VERSION, PRODID, URL, SOURCE, CALSCALE, NAME,
 * X-WR-CALNAME, X-WR-CALDESC, REFRESH-INTERVAL, X-PUBLISHED-TTL, X-WR-TIMEZONE, folded, CRLF after
 * each: what ical-generator writes for a calendar with no events, up to its END:VCALENDAR.
 */
export function writeHead(options: HeadOptions): string {
  const cal = ical({
    prodId: PRODID,
    scale: 'gregorian',
    name: escape(cleanText(options.name), false),
    description: options.description ? escape(cleanText(options.description), false) : null,
    url: options.publicUrl,
    source: options.feedUrl ?? null,
    ttl: Math.max(1, Math.round(options.refreshMinutes)) * 60,
    // Calendar-level X- properties come after the components in ical-generator's output; this
    // calendar has none, so the line lands among the calendar properties, where RFC 5545 wants it.
    x: [['X-WR-TIMEZONE', 'Europe/London']],
  });
  return withoutEnd(cal);
}

/** The VTIMEZONE components of these zones, in a stable order. */
export function writeTimezones(tzids: Iterable<string>): string {
  let out = '';
  for (const zone of [...new Set(tzids)].sort()) out += foldLines(vtimezoneComponent(zone)) + CRLF;
  return out;
}

export const CALENDAR_END = `END:VCALENDAR${CRLF}`;

/**
 * An iTIP message (RFC 5546): METHOD, VTIMEZONE, the VEVENTs given, END. ical-generator writes
 * it whole; we add only the CRLF after END:VCALENDAR (RFC 5545 §3.1: every line ends in one).
 */
export function writeInvitation(method: 'REQUEST' | 'CANCEL', vevents: ICalEventData[]): string {
  const cal = ical({
    prodId: PRODID,
    scale: 'gregorian',
    method: method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    timezone: { name: null, generator: vtimezoneComponent },
  });
  for (const data of vevents) cal.createEvent(data);
  let text = tzidCase(cal.toString(), vevents);
  // ical-generator adds the VTIMEZONE of each event's own zone; a clock-change override names
  // its series' zone only in RECURRENCE-ID (occurrenceData), so that one is added here.
  const missing = xTzids(vevents).filter((zone) => !text.includes(`TZID:${zone}\r\n`));
  if (missing.length) {
    const at = text.indexOf('BEGIN:VEVENT');
    text = text.slice(0, at) + writeTimezones(missing) + text.slice(at);
  }
  return text + CRLF;
}

/** The attendee address an invitation shared by several readers is written with (RFC 2606 .invalid: never a real mailbox). */
export const ATTENDEE_STAND_IN = 'attendee@invitation.invalid';

/**
 * One reader's invitation from the text writeInvitation wrote for ATTENDEE_STAND_IN: the same
 * text but the ATTENDEE's address, that line folded again by ical-generator's own foldLines
 * (RFC 5545 §3.1), as writing the invitation for the reader would have folded it. Everything else in an invitation
 * (DTSTAMP included) is the event's, so a pass renders each date's invitation once, not once per
 * reader (ADR 80).
 */
export function invitationFor(text: string, email: string): string {
  // Only the ATTENDEE lines are unfolded and folded again (foldLines measures every character in
  // UTF-8: a whole invitation per reader would cost more than writing it).
  const standIn = `:MAILTO:${ATTENDEE_STAND_IN}`;
  let out = '';
  let at = 0;
  for (;;) {
    const start = text.indexOf(`${CRLF}ATTENDEE`, at);
    if (start < 0) return out + text.slice(at);
    let end = start + CRLF.length;
    for (;;) {
      end = text.indexOf(CRLF, end);
      if (text[end + 2] !== ' ' && text[end + 2] !== '\t') break;
      end += CRLF.length;
    }
    const line = text.slice(start + CRLF.length, end).replace(/\r\n[ \t]/g, '');
    const addressed = line.endsWith(standIn) ? line.slice(0, -standIn.length) + `:MAILTO:${uriText(email)}` : line;
    out += text.slice(at, start + CRLF.length) + foldLines(addressed);
    at = end;
  }
}

/**
 * ical-generator upper-cases the names of x() lines, TZID parameter included; a TZID must match
 * its VTIMEZONE's exactly (libical refuses EUROPE/LONDON), so the zone's own spelling is put back.
 * The one edit made to ical-generator's text; same length, so its folding is unchanged.
 */
function tzidCase(text: string, vevents: ICalEventData[]): string {
  for (const zone of xTzids(vevents)) text = text.replaceAll(`;TZID=${zone.toUpperCase()}:`, `;TZID=${zone}:`);
  return text;
}

/** The zones named by TZID parameters in the events' x() lines. */
function xTzids(vevents: ICalEventData[]): string[] {
  const out = new Set<string>();
  for (const data of vevents) {
    for (const entry of Array.isArray(data.x) ? data.x : []) {
      const name = Array.isArray(entry) ? entry[0] : entry.key;
      const tzid = /;TZID=([^;:]+)/.exec(name)?.[1];
      if (tzid) out.add(tzid);
    }
  }
  return [...out];
}

/** The ical-generator data of an event's VEVENTs (for invitations, which add calendar lines). */
export function eventData(event: CalendarEvent, options: VeventOptions): ICalEventData[] {
  const out = [masterData(event, options)];
  if (!publishedRRule(event) || options.masterOnly) return out;
  for (const ex of event.exceptions) {
    if (ex.kind !== 'moved') continue;
    const when = ex.when ?? originalWhen(event, ex.recurrenceId);
    out.push(occurrenceData(event, ex, ex.recurrenceId, when, ex.location ?? event.location, options));
  }
  // Dates a clock change moves are read differently by each client (ADR 4): each is spelled out
  // as an override in UTC, the instant the API and the reminders use (ADR 72).
  const excepted = new Set(event.exceptions.map((ex) => ex.recurrenceId));
  for (const recurrenceId of clockChangeDates(event)) {
    if (excepted.has(recurrenceId)) continue;
    out.push(occurrenceData(event, null, recurrenceId, originalWhen(event, recurrenceId), event.location, options));
  }
  return out;
}

const clockChangeMemo = new Map<string, string[]>();

/**
 * The RECURRENCE-IDs (UTC instant text) of a timed series' instances whose local time a clock
 * change moves (src/domain/recurrence.ts clockChangeInstances); none for most series, whose time
 * of day is outside the hour that changes. Memoised by rule, first start and zone.
 */
function clockChangeDates(event: CalendarEvent): string[] {
  if (event.when.allDay || !event.rrule) return [];
  const key = `${event.timezone}|${event.when.startsAt}|${event.rrule}`;
  let dates = clockChangeMemo.get(key);
  if (!dates) {
    const parsed = parseRRule(event.rrule);
    dates = parsed.ok
      ? clockChangeInstances(parsed.rule, DateTime.fromISO(event.when.startsAt, { zone: 'UTC' }), event.timezone).map((i) => i.recurrenceId)
      : [];
    if (clockChangeMemo.size > 1_000) clockChangeMemo.clear();
    clockChangeMemo.set(key, dates);
  }
  return dates;
}

/**
 * Has the clock changes an event's VEVENTs will read computed beforehand, one year at a time
 * with `pause` (a timeSlicer) between, so writing the event afterwards holds the event loop only
 * for its own text. The first fragment of a series begun in 2014 without an end otherwise reads
 * 187 years of clock changes in one synchronous call (~100-150 ms of Intl look-ups, once per
 * process: the longest stall of a cold feed build, ADR 265). Nothing to do for all-day events,
 * one-off events, or once the years are kept.
 */
export async function learnClockChangesFor(event: CalendarEvent, pause: () => Promise<void>): Promise<void> {
  if (event.when.allDay || !event.rrule) return;
  // The clock changes read start the day after the series' first local date, which is no earlier
  // than its UTC start's date: once every year from that one to 2200 is kept, nothing to read (a
  // string and a map look-up, where parsing the rule of each of a build's series cost ~10% of
  // writing them).
  if (clockChangesKeptFrom(event.timezone) <= Number(event.when.startsAt.slice(0, 4))) return;
  if (clockChangeMemo.has(`${event.timezone}|${event.when.startsAt}|${event.rrule}`)) return;
  const parsed = parseRRule(event.rrule);
  if (!parsed.ok) return;
  const zone = event.timezone;
  for (const year of clockChangeYearsToLearn(parsed.rule, DateTime.fromISO(event.when.startsAt, { zone: 'UTC' }), zone)) {
    learnClockChanges(zone, year);
    await pause();
  }
}

/**
 * A timed series instance's RECURRENCE-ID or EXDATE value as every client's expansion of the
 * RRULE names it: its local date at the series' own time of day ('20270328T013000' for the
 * 01:30 the spring change skips, though the instant is 02:30 BST).
 */
function seriesLocalValue(event: CalendarEvent, recurrenceId: string): string {
  const zone = event.timezone;
  const time = DateTime.fromISO((event.when as { startsAt: string }).startsAt, { zone: 'UTC' })
    .setZone(zone)
    .toFormat('HHmmss');
  return `${DateTime.fromISO(recurrenceId, { zone: 'UTC' }).setZone(zone).toFormat('yyyyMMdd')}T${time}`;
}

/** The data of one occurrence's VEVENT (an override in a feed, or an invitation for one date). */
export function occurrenceData(
  event: CalendarEvent,
  exception: EventException | null,
  recurrenceId: string,
  when: When,
  location: string,
  options: VeventOptions,
): ICalEventData {
  const stamp = exception && exception.updatedAt > event.updatedAt ? exception.updatedAt : event.updatedAt;
  const cancelled = !!options.cancelled || event.status === 'cancelled' || exception?.kind === 'cancelled';
  const data: ICalEventData = {
    ...common(event, stamp, when, location, cancelled, exception?.note || undefined, options, recurrenceId),
    ...times(when, event.timezone, true),
  };
  if (event.when.allDay) {
    data.x = [['RECURRENCE-ID;VALUE=DATE', formatDate(null, recurrenceId, true)]];
  } else if (!when.allDay && clockChangeDates(event).includes(recurrenceId)) {
    // Its own times in UTC (the instant meant); its RECURRENCE-ID in the series' zone, as each
    // client's expansion of the RRULE names that date, whichever instant the client takes it for.
    data.timezone = null;
    data.start = DateTime.fromISO(when.startsAt, { zone: 'UTC' });
    data.end = when.endsAt === when.startsAt ? null : DateTime.fromISO(when.endsAt, { zone: 'UTC' });
    data.x = [[`RECURRENCE-ID;TZID=${event.timezone}`, seriesLocalValue(event, recurrenceId)]];
  } else {
    data.recurrenceId = DateTime.fromISO(recurrenceId, { zone: 'UTC' }).setZone(event.timezone);
  }
  return data;
}

// ---------------------------------------------------------------------------------------------

function masterData(event: CalendarEvent, options: VeventOptions): ICalEventData {
  const cancelled = !!options.cancelled || event.status === 'cancelled';
  const rrule = publishedRRule(event);
  return {
    ...common(event, event.updatedAt, event.when, event.location, cancelled, undefined, options),
    // A series follows its zone's wall clock (docs/decisions.md, 2), so its DTSTART keeps the TZID form.
    ...times(event.when, event.timezone, !rrule),
    repeating: rrule ? recurrenceLines(event, rrule) : null,
  };
}

function common(
  event: CalendarEvent,
  stamp: string,
  when: When,
  location: string,
  cancelled: boolean,
  note: string | undefined,
  options: VeventOptions,
  recurrenceId: string | null = null,
): Omit<ICalEventData, 'start'> {
  const description = descriptionOf(event, note);
  // Awareness weeks and deadlines mark the day without making anyone busy.
  const free = when.allDay || event.kind === 'campaign_week' || event.kind === 'deadline';
  const data: Omit<ICalEventData, 'start'> = {
    id: eventUid(event),
    sequence: options.sequence ?? event.sequence,
    // DTSTAMP and LAST-MODIFIED come from the record, so an unchanged event gives identical bytes.
    stamp,
    created: event.createdAt,
    lastModified: stamp,
    summary: cleanText(cancelled ? `Cancelled: ${event.title}` : event.title),
    description: description ? cleanText(description) : null,
    location: location ? cleanText(location) : null,
    url: eventPageUrl(options.publicUrl, event, recurrenceId),
    categories: categoryNames(event).map((name) => ({ name })),
    class: event.visibility === 'public' ? ICalEventClass.PUBLIC : ICalEventClass.PRIVATE,
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    transparency: free ? ICalEventTransparency.TRANSPARENT : ICalEventTransparency.OPAQUE,
  };
  if (options.organizer) {
    data.organizer = { name: paramText(options.organizer.name) || options.organizer.email, email: uriText(options.organizer.email) };
  }
  if (options.attendees) {
    data.attendees = options.attendees.map((a) => ({
      email: uriText(a.email),
      name: a.name ? paramText(a.name) : undefined,
      role: ICalAttendeeRole.REQ,
      type: ICalAttendeeType.INDIVIDUAL,
      status: ICalAttendeeStatus.NEEDSACTION,
      rsvp: false,
    }));
  }
  return data;
}

/**
 * DTSTART/DTEND. Timed values are Luxon DateTimes in the zone (TZID form) unless `utcIfRepeated`
 * and one of them falls in a repeated hour, when the whole VEVENT is written in UTC form.
 */
function times(when: When, zone: string, utcIfRepeated: boolean): Pick<ICalEventData, 'start' | 'end' | 'allDay' | 'timezone'> {
  if (when.allDay) {
    // iCalendar's DTEND is exclusive: 8–15 October ends on 20221016.
    return { allDay: true, timezone: null, start: when.startDate, end: addDays(when.endDate, 1) };
  }
  const start = DateTime.fromISO(when.startsAt, { zone: 'UTC' });
  // A zero-length timed event (a 17:00 deadline) has no DTEND: it ends when it starts.
  const end = when.endsAt === when.startsAt ? null : DateTime.fromISO(when.endsAt, { zone: 'UTC' });
  const utc = utcIfRepeated && (isRepeatedWallTime(start, zone) || (end !== null && isRepeatedWallTime(end, zone)));
  return {
    allDay: false,
    timezone: utc ? null : zone,
    start: utc ? start : start.setZone(zone),
    end: end && (utc ? end : end.setZone(zone)),
  };
}

/**
 * True when the instant's wall-clock time in `zone` also names another instant (the hour the
 * clocks go back repeats). Offsets three hours either side tell whether a change is near; every
 * zone changes its clocks by at most a few hours, never twice in six.
 */
export function isRepeatedWallTime(instant: DateTime, zone: string): boolean {
  const tz = IANAZone.create(zone);
  const ms = instant.toMillis();
  const offset = tz.offset(ms);
  for (const other of [tz.offset(ms - 3 * 3_600_000), tz.offset(ms + 3 * 3_600_000)]) {
    if (other === offset) continue;
    const twin = ms + (offset - other) * 60_000;
    if (tz.offset(twin) === other) return true;
  }
  return false;
}

/** RRULE, then one EXDATE line listing the cancelled occurrences (same form as their RECURRENCE-ID). */
function recurrenceLines(event: CalendarEvent, rrule: string): string {
  let lines = `RRULE:${rrule}`;
  const cancelled = event.exceptions.filter((ex) => ex.kind === 'cancelled').map((ex) => ex.recurrenceId);
  if (!cancelled.length) return lines;
  if (event.when.allDay) {
    lines += `\nEXDATE;VALUE=DATE:${cancelled.map((date) => formatDate(null, date, true)).join(',')}`;
  } else {
    lines += `\nEXDATE;TZID=${event.timezone}:${cancelled.map((id) => seriesLocalValue(event, id)).join(',')}`;
  }
  return lines;
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
      const end = DateTime.fromISO(rule.until.date, { zone }).endOf('day').toUTC();
      rule.until = { instant: end.toFormat("yyyy-MM-dd'T'HH:mm:ss'Z'") };
    }
  }
  return formatRRule(rule);
}

/** CATEGORIES: the kind and the themes by name (ical-generator escapes each). */
function categoryNames(event: CalendarEvent): string[] {
  const names = [KIND_LABELS[event.kind], ...event.themes.map((t) => (isThemeCode(t) ? THEMES[t] : t))];
  return [...new Set(names)].map(cleanText);
}

function descriptionOf(event: CalendarEvent, note?: string): string {
  const parts: string[] = [];
  if (note) parts.push(note);
  // Why it was cancelled (for an activity cancelled with its campaign week: "Part of …, which was cancelled").
  if (event.status === 'cancelled' && event.cancelReason) parts.push(`Cancelled. ${event.cancelReason}`);
  // An activity kept going when its week, or its date of the week, was cancelled says so (ADRs 274,
  // 296): the cancel and restore raise the activity's SEQUENCE (src/cancellations), so its kept
  // fragment is rewritten.
  const kept = keptActivityNote(event);
  if (kept) parts.push(kept);
  if (event.description) parts.push(event.description);
  if (event.links.length) parts.push(event.links.map((l) => `${l.title}: ${l.url}`).join('\n'));
  return parts.join('\n\n');
}

// Control characters other than HTAB are not allowed in TEXT (RFC 5545 §3.3.11); line breaks
// stay (ical-generator escapes them as \n), so nothing a user types can start a new content line.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** A TEXT value as ical-generator should see it: no control characters but line breaks and tabs. */
export function cleanText(value: string): string {
  return value.replace(CONTROL, '');
}

/**
 * A parameter value (CN=...): ical-generator quotes it, but a DQUOTE or control character may not
 * appear in one at all (RFC 5545 §3.1), nor does a backslash mean anything there: all removed,
 * line breaks become spaces.
 */
function paramText(value: string): string {
  return value
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[\u0000-\u001f\u007f"\\]/g, '')
    .trim();
}

/** A mail address inside a URI value: no whitespace or control may break the line. */
function uriText(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f\s]/g, '');
}

function written(vevents: ICalEventData[]): WrittenEvents {
  const cal = ical();
  const tzids = new Set<string>();
  let text = '';
  for (const data of vevents) {
    const vevent = cal.createEvent(data);
    const zone = vevent.timezone();
    if (zone) tzids.add(zone);
    // A clock-change override names its series' zone in RECURRENCE-ID only (occurrenceData).
    for (const tzid of xTzids([data])) tzids.add(tzid);
    text += tzidCase(vevent.toString(), [data]);
  }
  return { text: foldLines(text), tzids: [...tzids].sort() };
}

/** A calendar's text up to (not including) END:VCALENDAR, to be followed by components. */
function withoutEnd(cal: ICalCalendar): string {
  const text = cal.toString();
  const end = text.lastIndexOf('END:VCALENDAR');
  if (end < 0) throw new Error('ical-generator wrote no END:VCALENDAR');
  return text.slice(0, end);
}
