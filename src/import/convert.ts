/**
 * @module From iCalendar components to our events: one item per UID (the event and the changed
 * dates of its series, RFC 5545 3.8.4.4), with every problem said in words an organiser can act
 * on. Times come out as UTC instants converted with the file's own VTIMEZONEs (ical.js); a
 * floating time (no zone) is read as UK time and says so. Our calendar keeps series in UK wall
 * time, so a series kept in another zone is converted: its dates are expanded in both zones and
 * every date where the two disagree (America/New_York and the UK change their clocks on different
 * Sundays) becomes a moved date at its true instant. Repeat rules go through our own parser
 * (parseRRule): a rule it cannot follow is a problem on that row, never a crash.
 */
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import type { CalendarEvent, EventException, EventFields, When } from '../domain/event.js';
import { validateEventInput } from '../domain/event-input.js';
import { moveCollisionErrors } from '../cancellations/dates.js';
import { occurrencesInWindow, originalWhen } from '../domain/occurrences.js';
import { parseRRule } from '../domain/recurrence.js';
import { addDays, DEFAULT_ZONE, utcIso, yearRangeProblem } from '../domain/time.js';
import { longDate, startDateOf, whenText } from '../http/pages/format.js';
import type { RawComponent } from './ics-read.js';
import { visibleText } from '../domain/visible-text.js';
import type { ImportChoices } from './choices.js';

/** How far ahead a series in another zone is corrected date by date. */
export const ZONE_CORRECTION_YEARS = 3;

export interface ImportItem {
  /** The component's UID (null when it has none, which makes it impossible to import). */
  uid: string | null;
  /** Where it starts in the file. */
  line: number;
  /** The title as shown in previews and problems: control and bidirectional characters as visible escapes (visibleText). */
  title: string;
  /** When, in words (empty when unknown). */
  when: string;
  /** The event to write, or null when it cannot be imported (see skip). */
  fields: EventFields | null;
  /** Changed and cancelled dates of a series (RECURRENCE-ID overrides, EXDATEs, zone corrections). */
  exceptions: Omit<EventException, 'updatedAt'>[];
  /** The highest SEQUENCE of the event and its changed dates. */
  sequence: number;
  /** The latest LAST-MODIFIED of the event and its changed dates (UTC ISO), or null. */
  modified: string | null;
  /** STATUS:CANCELLED in the source. */
  cancelled: boolean;
  /** Notes and problems the organiser should know about, even when it imports. */
  problems: string[];
  /** Why it cannot be imported at all, or null. */
  skip: string | null;
}

type Time = ICAL.Time;

function text(component: ICAL.Component, name: string): string {
  const value = component.getFirstPropertyValue(name);
  return typeof value === 'string' ? value : '';
}

function singleLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/** Cuts `value` to `max` characters, noting it. */
function capped(value: string, max: number, what: string, problems: string[]): string {
  if (value.length <= max) return value;
  problems.push(`The ${what} is longer than ${max} characters and was shortened.`);
  return value.slice(0, max - 1).trimEnd() + '…';
}

interface ZonedTime {
  /** A UTC instant, or a date for all-day values. */
  value: string;
  isDate: boolean;
  /** The zone the source gave (IANA or the VTIMEZONE's TZID), null for UTC or floating. */
  zone: string | null;
  floating: boolean;
}

function wall(t: Time, zone: string): DateTime {
  return DateTime.fromObject({ year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute, second: t.second }, { zone });
}

/**
 * One DATE or DATE-TIME property value as a UTC instant (or a date). A zone defined by the file's
 * VTIMEZONE is converted by ical.js; a TZID without a VTIMEZONE is taken as an IANA name when it
 * is one; a floating time is read as UK time. Notes go to `problems`.
 */
function readTime(t: Time, tzid: string | null, what: string, problems: string[]): ZonedTime {
  // Four digits whatever the year: ical.js reads 00010101 as the year 1, and '1-01-01' is no date
  // (the preview said "must be a date like…" instead of naming the year, issue 14).
  const date = `${String(t.year).padStart(4, '0')}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
  if (t.isDate) return { value: date, isDate: true, zone: null, floating: false };
  if (yearRangeProblem(t.year)) {
    // Refused for its year further on (asInput says which, as the API does), so taken as written, in
    // UTC, unconverted: ical.js's toUnixTime reads the years 0–99 as 1900–1999 (Date.UTC), which
    // made DTSTART:00010101T100000Z an event on 1 January 1901 (issue 14).
    const time = [t.hour, t.minute, t.second].map((n) => String(n).padStart(2, '0')).join(':');
    return { value: `${date}T${time}Z`, isDate: false, zone: null, floating: false };
  }
  const zone = t.zone;
  if (zone && zone.tzid === 'UTC') return { value: utcIso(new Date(t.toUnixTime() * 1000)), isDate: false, zone: null, floating: false };
  if (zone && zone.tzid !== 'floating' && zone.component) {
    return { value: utcIso(new Date(t.toUnixTime() * 1000)), isDate: false, zone: tzid ?? zone.tzid, floating: false };
  }
  if (tzid) {
    const named = wall(t, tzid);
    if (named.isValid) {
      // Many producers leave the VTIMEZONE out for an IANA name (RFC 5545 3.2.19 asks for it);
      // ical.js has no zone database of its own (TimezoneService is a registry the caller fills),
      // so the name is read from the IANA database through luxon, as ical.js's users do. Said
      // once per event, however many of its times name it.
      const note = `Its time zone ${tzid} is not defined in the file (no VTIMEZONE); it was read as that IANA time zone.`;
      if (!problems.includes(note)) problems.push(note);
      return { value: utcIso(named), isDate: false, zone: tzid, floating: false };
    }
    problems.push(`The ${what} names the zone "${tzid}", which is neither defined in the file nor known; it was read as UK time.`);
  } else {
    problems.push(`The ${what} is a floating time (no time zone); it was read as UK time (${DEFAULT_ZONE}).`);
  }
  const uk = wall(t, DEFAULT_ZONE);
  return { value: utcIso(uk), isDate: false, zone: DEFAULT_ZONE, floating: true };
}

/**
 * An RRULE value as RFC 5545 text (3.3.10). ical.js writes UNTIL through its Time's text, which
 * leaves a year below 1000 unpadded (`UNTIL=1-01-01T00:00:00Z`), so the rule was refused as having
 * "UNTIL that is neither a date nor a UTC time" instead of for its year (issue 14). UNTIL is written
 * here with four-digit years, as a date or a date-time (with Z when in UTC), and checked after.
 */
function ruleTextOf(recur: ICAL.Recur): string {
  const until = recur.until;
  if (!until) return String(recur);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const date = `${pad(until.year, 4)}${pad(until.month)}${pad(until.day)}`;
  const time = until.isDate ? '' : `T${pad(until.hour)}${pad(until.minute)}${pad(until.second)}${until.zone?.tzid === 'UTC' ? 'Z' : ''}`;
  // The rest as ical.js writes it (its clone() re-reads UNTIL's unpadded text and throws).
  recur.until = null;
  try {
    return `${String(recur)};UNTIL=${date}${time}`;
  } finally {
    recur.until = until;
  }
}

function timeProperty(component: ICAL.Component, name: string, what: string, problems: string[]): ZonedTime | null {
  const prop = component.getFirstProperty(name);
  if (!prop) return null;
  const value = prop.getFirstValue() as Time;
  const tzid = prop.getParameter('tzid');
  return readTime(value, typeof tzid === 'string' ? tzid : null, what, problems);
}

function maxModified(components: ICAL.Component[]): string | null {
  let latest: string | null = null;
  for (const c of components) {
    try {
      const t = c.getFirstPropertyValue('last-modified') as Time | null;
      if (!t) continue;
      const iso = utcIso(new Date(t.toUnixTime() * 1000));
      if (!latest || iso > latest) latest = iso;
    } catch {
      // A malformed LAST-MODIFIED counts as none.
    }
  }
  return latest;
}

function maxSequence(components: ICAL.Component[]): number {
  let max = 0;
  for (const c of components) {
    const raw = c.getFirstPropertyValue('sequence');
    const n = typeof raw === 'number' ? raw : Number(raw);
    if (Number.isInteger(n) && n > max) max = n;
  }
  return max;
}

/** A probe event for our recurrence engine (only the fields expansion reads). */
function probe(when: When, rrule: string): CalendarEvent {
  return {
    id: 'import',
    kind: 'activity',
    title: '',
    description: '',
    location: '',
    links: [],
    when,
    timezone: DEFAULT_ZONE,
    rrule,
    exceptions: [],
    themes: [],
    organisationId: null,
    groupId: null,
    parentId: null,
    visibility: 'public',
    status: 'published',
    sequence: 0,
    createdAt: '',
    updatedAt: '',
    cancelledAt: null,
  };
}

interface Slot {
  /** Our RECURRENCE-ID (UK wall time series). */
  recurrenceId: string;
  /** Where our series puts it. */
  ours: string;
  /** Where the source's own zone puts it. */
  truth: string;
}

/**
 * The dates of a timed series as our engine expands it in UK time, beside the instants the
 * source's zone gives (ical.js iterating the same rule), paired in order, up to `until`.
 */
function pairSlots(master: ICAL.Component, when: When & { allDay: false }, rrule: string, until: DateTime): Slot[] {
  const dtstartProp = master.getFirstProperty('dtstart')!;
  const dtstart = dtstartProp.getFirstValue() as Time;
  const tzid = dtstartProp.getParameter('tzid');
  const recur = master.getFirstPropertyValue('rrule') as ICAL.Recur;
  const truth: string[] = [];
  const iterator = recur.iterator(dtstart);
  for (let next = iterator.next(); next && truth.length < 1000; next = iterator.next()) {
    // Each wall time read as DTSTART is: by its VTIMEZONE, or its IANA name when the file has none.
    const instant = readTime(next, typeof tzid === 'string' ? tzid : null, 'start', []).value;
    if (Date.parse(instant) > until.toMillis()) break;
    truth.push(instant);
  }
  const ours = occurrencesInWindow(probe(when, rrule), {
    from: DateTime.fromISO(when.startsAt).minus({ minutes: 1 }),
    to: until.plus({ minutes: 1 }),
  }).filter((o) => !o.when.allDay && o.when.startsAt <= utcIso(until));
  return ours.slice(0, truth.length).map((o, i) => ({
    recurrenceId: o.recurrenceId!,
    ours: (o.when as { startsAt: string }).startsAt,
    truth: truth[i]!,
  }));
}

/** Choices and source values as API input, checked by the API's own rules. */
function asInput(choices: ImportChoices, event: Record<string, unknown>) {
  return validateEventInput({
    kind: choices.kind,
    themes: choices.themes,
    organisationId: choices.organisationId,
    groupId: choices.groupId,
    status: choices.status,
    ...event,
  });
}

/** Converts one UID's components (the event, then its changed dates) into an import item. */
function convertOne(uid: string, master: RawComponent, overrides: RawComponent[], choices: ImportChoices, now: Date): ImportItem {
  const problems: string[] = [];
  const c = master.component!;
  const title = capped(singleLine(text(c, 'summary')) || 'Untitled event', 200, 'title', problems);
  const item: ImportItem = {
    uid,
    line: master.line,
    // Shown, never written (fields.title is): a refused title's hidden characters as visible escapes (ADR 299).
    title: visibleText(title),
    when: '',
    fields: null,
    exceptions: [],
    sequence: maxSequence([c, ...overrides.flatMap((o) => (o.component ? [o.component] : []))]),
    modified: maxModified([c, ...overrides.flatMap((o) => (o.component ? [o.component] : []))]),
    cancelled: text(c, 'status').toUpperCase() === 'CANCELLED',
    problems,
    skip: null,
  };
  if (!text(c, 'summary').trim()) problems.push('It has no SUMMARY, so it is called "Untitled event".');
  let start: ZonedTime | null;
  try {
    start = timeProperty(c, 'dtstart', 'start', problems);
  } catch (error) {
    item.skip = `Its DTSTART is not a date or date-time (${(error as Error).message}).`;
    return item;
  }
  if (!start) {
    item.skip = 'It has no DTSTART, so it has no date.';
    return item;
  }

  // The end: DTEND, or DTSTART + DURATION, or the start itself (RFC 5545 3.6.1).
  let when: When;
  try {
    const end = timeProperty(c, 'dtend', 'end', problems);
    const durationValue = c.getFirstPropertyValue('duration') as ICAL.Duration | null;
    if (start.isDate) {
      let endDate = start.value;
      if (end?.isDate && end.value > start.value) endDate = addDays(end.value, -1);
      else if (durationValue) endDate = addDays(start.value, Math.max(0, Math.ceil(durationValue.toSeconds() / 86400) - 1));
      when = { allDay: true, startDate: start.value, endDate };
    } else {
      let endsAt = start.value;
      if (end && !end.isDate) endsAt = end.value;
      else if (durationValue) endsAt = utcIso(DateTime.fromISO(start.value).plus({ seconds: durationValue.toSeconds() }));
      when = { allDay: false, startsAt: start.value, endsAt };
    }
  } catch (error) {
    item.skip = `Its DTEND or DURATION cannot be read (${(error as Error).message}).`;
    return item;
  }
  item.when = whenText(when);

  // The repeat rule, through our own parser.
  const rules = c.getAllProperties('rrule');
  let rrule: string | null = null;
  if (rules.length > 1) {
    item.skip = 'It has more than one RRULE, which this calendar cannot keep.';
    return item;
  }
  if (rules.length === 1) {
    let ruleText: string;
    try {
      ruleText = ruleTextOf(rules[0]!.getFirstValue() as ICAL.Recur);
    } catch (error) {
      item.skip = `Its RRULE cannot be read (${(error as Error).message}).`;
      return item;
    }
    const parsed = parseRRule(ruleText);
    if (!parsed.ok) {
      item.skip = `Its repeat rule (RRULE:${ruleText}) ${parsed.message}.`;
      return item;
    }
    rrule = ruleText;
    if (c.getAllProperties('rdate').length) problems.push('Its extra dates (RDATE) are not supported and were left out.');
  }

  // Dates of the series as the source's zone has them, lined up with ours (UK wall time).
  const slotByTruth = new Map<string, Slot>();
  if (rrule && !when.allDay) {
    const horizon = DateTime.fromJSDate(now).plus({ years: ZONE_CORRECTION_YEARS });
    let latest = horizon;
    // Overrides and EXDATEs further ahead still need their slot.
    for (const o of overrides) {
      const rid = o.component?.getFirstPropertyValue('recurrence-id') as Time | null;
      if (rid) latest = DateTime.max(latest, DateTime.fromMillis(rid.toUnixTime() * 1000 + 86_400_000));
    }
    const slots = pairSlots(c, when, rrule, latest);
    const corrected = slots.filter((s) => s.ours !== s.truth);
    if (corrected.some((s) => Math.abs(Date.parse(s.ours) - Date.parse(s.truth)) > 3 * 3600_000)) {
      item.skip = `It repeats on ${start.zone} time on days that are not the same days in UK time; this calendar cannot keep such a series.`;
      return item;
    }
    for (const s of slots) slotByTruth.set(s.truth, s);
    if (corrected.length) {
      const duration = Date.parse(when.endsAt) - Date.parse(when.startsAt);
      for (const s of corrected) {
        item.exceptions.push({
          recurrenceId: s.recurrenceId,
          kind: 'moved',
          when: { allDay: false, startsAt: s.truth, endsAt: utcIso(new Date(Date.parse(s.truth) + duration)) },
          location: null,
          note: `At ${start.zone} time`,
        });
      }
      problems.push(
        `It repeats on ${start.zone} time, whose clocks change on other dates than the UK's: ${corrected.length} date(s) are kept at their true time.` +
          (slots.length && !ruleEnds(rrule) ? ` Dates after ${horizon.toISODate()} are not corrected.` : ''),
      );
    }
  }
  /** Our RECURRENCE-ID for a source date of the series, or null when the series has no such date. */
  const recurrenceIdOf = (t: ZonedTime): string | null => {
    if (when.allDay) return t.isDate ? t.value : DateTime.fromISO(t.value).setZone(DEFAULT_ZONE).toISODate();
    return slotByTruth.get(t.value)?.recurrenceId ?? null;
  };

  // EXDATEs: cancelled dates.
  if (rrule) {
    for (const prop of c.getAllProperties('exdate')) {
      const tzid = prop.getParameter('tzid');
      for (const value of prop.getValues() as Time[]) {
        const t = readTime(value, typeof tzid === 'string' ? tzid : null, 'excluded date', []);
        const recurrenceId = recurrenceIdOf(t);
        if (!recurrenceId || item.exceptions.some((e) => e.recurrenceId === recurrenceId && e.kind === 'cancelled')) {
          if (!recurrenceId) problems.push(`The excluded date ${t.value} is not a date of the series; it was ignored.`);
          continue;
        }
        item.exceptions = item.exceptions.filter((e) => e.recurrenceId !== recurrenceId);
        item.exceptions.push({ recurrenceId, kind: 'cancelled', when: null, location: null, note: '' });
      }
    }
  }

  // Changed dates (components with this UID and a RECURRENCE-ID), by our RECURRENCE-ID: their lines.
  const overrideLines = new Map<string, number>();
  for (const o of overrides) {
    if (!o.component) {
      problems.push(`The changed date on line ${o.line} is malformed (${o.error}); it was ignored.`);
      continue;
    }
    if (!rrule) {
      problems.push(`The changed date on line ${o.line} belongs to an event that does not repeat; it was ignored.`);
      continue;
    }
    const ridProp = o.component.getFirstProperty('recurrence-id')!;
    if (String(ridProp.getParameter('range') ?? '').toUpperCase() === 'THISANDFUTURE') {
      problems.push(
        `The change on line ${o.line} applies to "this and all later dates" (RANGE=THISANDFUTURE), which is not supported; it was ignored.`,
      );
      continue;
    }
    const overrideProblems: string[] = [];
    try {
      const rid = timeProperty(o.component, 'recurrence-id', 'changed date', overrideProblems)!;
      const recurrenceId = recurrenceIdOf(rid);
      if (!recurrenceId) {
        problems.push(`The changed date on line ${o.line} (${rid.value}) is not a date of the series; it was ignored.`);
        continue;
      }
      item.exceptions = item.exceptions.filter((e) => e.recurrenceId !== recurrenceId);
      overrideLines.set(recurrenceId, o.line);
      if (text(o.component, 'status').toUpperCase() === 'CANCELLED') {
        item.exceptions.push({ recurrenceId, kind: 'cancelled', when: null, location: null, note: '' });
        continue;
      }
      const oStart = timeProperty(o.component, 'dtstart', 'changed start', overrideProblems);
      const oEnd = timeProperty(o.component, 'dtend', 'changed end', overrideProblems);
      let moved: When | null = null;
      if (oStart && when.allDay && oStart.isDate) {
        const length = Math.round((Date.parse(when.endDate) - Date.parse(when.startDate)) / 86_400_000);
        moved = { allDay: true, startDate: oStart.value, endDate: oEnd?.isDate ? addDays(oEnd.value, -1) : addDays(oStart.value, length) };
      } else if (oStart && !when.allDay && !oStart.isDate) {
        const duration = Date.parse(when.endsAt) - Date.parse(when.startsAt);
        moved = {
          allDay: false,
          startsAt: oStart.value,
          endsAt: oEnd && !oEnd.isDate ? oEnd.value : utcIso(new Date(Date.parse(oStart.value) + duration)),
        };
      }
      const location = singleLine(text(o.component, 'location'));
      item.exceptions.push({
        recurrenceId,
        kind: 'moved',
        when: moved,
        location: location && location !== singleLine(text(c, 'location')) ? location.slice(0, 300) : null,
        note: '',
      });
      if (singleLine(text(o.component, 'summary')) && singleLine(text(o.component, 'summary')) !== singleLine(text(c, 'summary'))) {
        overrideProblems.push('it has its own title, which is not kept (a changed date keeps its time and place only)');
      }
      for (const p of overrideProblems)
        if (!problems.includes(p)) problems.push(`The changed date on line ${o.line}: ${p.replace(/^The /, 'the ')}`);
    } catch (error) {
      problems.push(`The changed date on line ${o.line} cannot be read (${(error as Error).message}); it was ignored.`);
    }
  }

  // A cancelled series writes none of its dates (plan.ts cancels it), so only a live one can clash.
  const clash = rrule && !item.cancelled ? overrideOntoAnotherDate(when, rrule, item.exceptions, overrideLines) : null;
  if (clash) {
    item.skip = clash;
    return item;
  }

  // Visibility: the organiser's choice, but private and confidential components stay out of feeds.
  const klass = text(c, 'class').toUpperCase();
  let visibility = choices.visibility;
  if (klass === 'PRIVATE' || klass === 'CONFIDENTIAL') {
    visibility = 'confidential';
    problems.push(`It is marked ${klass} in the source, so it is imported as confidential (never in any feed).`);
  }
  const url = text(c, 'url');
  const formatted = when.allDay
    ? { allDay: true, start: when.startDate, end: when.endDate }
    : { allDay: false, start: when.startsAt, end: when.endsAt };
  const result = asInput(choices, {
    title,
    description: capped(text(c, 'description').trim(), 10_000, 'description', problems),
    location: capped(singleLine(text(c, 'location')), 300, 'location', problems),
    links: /^https?:\/\//i.test(url) && url.length <= 2000 ? [{ title: 'Details', url }] : [],
    ...formatted,
    rrule,
    visibility,
  });
  if (!result.ok) {
    item.skip = `It does not fit this calendar: ${result.errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`;
    return item;
  }
  item.fields = result.value;
  return item;
}

/**
 * The first changed date of the file (a RECURRENCE-ID override, RFC 5545 3.8.4.4; `overrideLines`
 * maps our RECURRENCE-ID to its line) that moves a date of the series onto the exact start of
 * another of its dates, in words, or null. The API refuses such a move (ADRs 98, 177, 242), so an
 * import refuses the series whole (ADR 246). `when` is the series' first date (UTC instants or UK
 * dates), `exceptions` its changed and cancelled dates as the file has them. Bounded as the API's
 * check is: only overrides that move a date, each by moveCollisionErrors' expansion of two days
 * around its new start, never the whole series.
 */
function overrideOntoAnotherDate(
  when: When,
  rrule: string,
  exceptions: Omit<EventException, 'updatedAt'>[],
  overrideLines: Map<string, number>,
): string | null {
  const series: CalendarEvent = { ...probe(when, rrule), exceptions: exceptions.map((e) => ({ ...e, updatedAt: '' })) };
  for (const exception of exceptions) {
    const line = overrideLines.get(exception.recurrenceId);
    const moved = exception.kind === 'moved' ? exception.when : null;
    if (line === undefined || !moved) continue;
    const original = originalWhen(series, exception.recurrenceId);
    const stays = moved.allDay
      ? moved.startDate === startDateOf(original)
      : !original.allDay && Date.parse(moved.startsAt) === Date.parse(original.startsAt);
    if (stays || !moveCollisionErrors(series, exception).length) continue;
    const onto = moved.allDay ? longDate(moved.startDate) : whenText({ allDay: false, startsAt: moved.startsAt, endsAt: moved.startsAt });
    return (
      `The changed date on line ${line} moves the date of ${longDate(startDateOf(original))} onto ${onto}, which is already a date of this series; ` +
      'this calendar cannot keep two dates of one series at the same time, so the series is not written until the source cancels one of the two or moves it elsewhere.'
    );
  }
  return null;
}

function ruleEnds(rrule: string): boolean {
  return /(^|;)(COUNT|UNTIL)=/i.test(rrule);
}

/**
 * Every component of a file as import items: one per UID (its changed dates folded in), then one
 * per component that cannot be read, in file order. Components that are not events (VTODO,
 * VJOURNAL) are listed as left out.
 */
export function convertComponents(components: RawComponent[], choices: ImportChoices, now: Date): ImportItem[] {
  const masters = new Map<string, RawComponent>();
  const overrides = new Map<string, RawComponent[]>();
  const items: ImportItem[] = [];
  const unreadable = (raw: RawComponent, skip: string): ImportItem => ({
    uid: raw.uid,
    line: raw.line,
    title: raw.summary ? visibleText(singleLine(raw.summary).slice(0, 200)) : `${raw.name} on line ${raw.line}`,
    when: '',
    fields: null,
    exceptions: [],
    sequence: 0,
    modified: null,
    cancelled: false,
    problems: [],
    skip,
  });
  const order: (string | ImportItem)[] = [];
  for (const raw of components) {
    if (raw.name !== 'VEVENT') {
      order.push(unreadable(raw, `It is a ${raw.name}, not an event, so it was left out.`));
      continue;
    }
    if (!raw.component) {
      order.push(unreadable(raw, `It is malformed: ${raw.error}.`));
      continue;
    }
    const uid = text(raw.component, 'uid').trim();
    if (!uid) {
      order.push(unreadable(raw, 'It has no UID, so a later import could not recognise it.'));
      continue;
    }
    if (raw.component.hasProperty('recurrence-id')) {
      overrides.set(uid, [...(overrides.get(uid) ?? []), raw]);
      if (!masters.has(uid) && !order.includes(uid)) order.push(uid);
      continue;
    }
    if (masters.has(uid)) {
      order.push(
        unreadable(raw, `Its UID (${uid}) is used by the event on line ${masters.get(uid)!.line} too; only that one is imported.`),
      );
      continue;
    }
    masters.set(uid, raw);
    if (!order.includes(uid)) order.push(uid);
  }
  for (const entry of order) {
    if (typeof entry !== 'string') {
      items.push(entry);
      continue;
    }
    const master = masters.get(entry);
    const changed = overrides.get(entry) ?? [];
    if (!master) {
      const first = changed[0]!;
      items.push(unreadable(first, 'It is a changed date of a series that is not in the file, so there is nothing to change.'));
      continue;
    }
    try {
      items.push(convertOne(entry, master, changed, choices, now));
    } catch (error) {
      items.push(unreadable(master, `It cannot be read (${(error as Error).message}).`));
    }
  }
  // What each item says of itself quotes the file (a rule, a date, an override it could not read):
  // shown with control and bidirectional characters as visible escapes, as its title is (ADR 301).
  for (const item of items) {
    if (item.skip) item.skip = visibleText(item.skip);
    item.problems = item.problems.map(visibleText);
  }
  return items;
}
