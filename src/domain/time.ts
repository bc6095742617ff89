/**
 * @module Wall-clock time in the partnership's zone. Everything here is explicit about its zone so
 * results do not depend on the server's TZ (tests run under TZ=UTC and TZ=America/New_York).
 */
import { DateTime } from 'luxon';
import { dayFromIso, isoFromDay } from './calendar-days.js';
import type { When } from './event.js';
import { zoneOffsetAt } from './recurrence.js';

export const DEFAULT_ZONE = 'Europe/London';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;
const ZONED_DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export function isDate(value: string): boolean {
  return DATE_RE.test(value) && DateTime.fromISO(value, { zone: 'UTC' }).isValid;
}

/**
 * The years the calendar accepts. A date outside them is a typing mistake (0001 for 2001, 9999 as
 * "no end"), and refusing it at the edge keeps expansions, indexes and zone arithmetic sane: before
 * 1900 the Europe/London rules give local mean time (a one-minute offset), and a series or an
 * index reaching year 9999 costs time for nothing.
 */
export const YEARS = { first: 1900, last: 2200 } as const;

/**
 * Why a date ('YYYY-MM-DD', or text starting with one), a year, or a date-time falls outside
 * YEARS, or null. A date-time's year is read in its own zone (the year as written). The one check every date entering the service passes (event dates, moved
 * occurrences, list filters, page queries, occurrence keys in URLs).
 */
export function yearRangeProblem(value: string | number | DateTime): string | null {
  const year = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.slice(0, 4)) : value.year;
  if (year >= YEARS.first && year <= YEARS.last) return null;
  const written = `${year < 0 ? '-' : ''}${String(Math.abs(year)).padStart(4, '0')}`;
  return `must be in the years ${YEARS.first} to ${YEARS.last} (it is in the year ${written})`;
}

/** Why `value` is not a calendar date in YEARS ('YYYY-MM-DD'), or null. */
export function dateProblem(value: string, example = '2026-10-14'): string | null {
  if (!isDate(value)) return `must be a date like ${example}`;
  return yearRangeProblem(value);
}

/** Canonical UTC text for an instant: second precision, 'Z' suffix, sortable as text. */
export function utcIso(instant: DateTime | Date): string {
  const dt = instant instanceof Date ? DateTime.fromJSDate(instant) : instant;
  return dt.toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss'Z'");
}

export type ParsedDateTime = { ok: true; instant: DateTime } | { ok: false; message: string };

/**
 * Reads an organiser's date-time: local wall time ('2022-09-21T18:00', read in `zone`) or an
 * instant with an offset. A local time that the spring clock change skips is refused, because
 * silently moving a meeting by an hour is worse than asking; the repeated autumn hour means its
 * first occurrence. Instants outside YEARS are refused (the message says so).
 */
export function parseDateTime(value: string, zone: string): ParsedDateTime {
  if (ZONED_DATETIME_RE.test(value)) {
    const dt = DateTime.fromISO(value, { setZone: true });
    if (!dt.isValid) return { ok: false, message: 'is not a real date and time' };
    const range = yearRangeProblem(dt);
    return range ? { ok: false, message: range } : { ok: true, instant: dt.toUTC() };
  }
  if (!LOCAL_DATETIME_RE.test(value)) {
    return { ok: false, message: 'must be a date and time like 2026-10-14T18:00 (UK time) or an ISO-8601 instant' };
  }
  const dt = DateTime.fromISO(value, { zone });
  if (!dt.isValid) return { ok: false, message: 'is not a real date and time' };
  const range = yearRangeProblem(value);
  if (range) return { ok: false, message: range };
  const wall = DateTime.fromISO(value, { zone: 'UTC' });
  if (dt.hour !== wall.hour || dt.minute !== wall.minute) {
    return { ok: false, message: `does not exist in ${zone}: the clocks go forward at that time` };
  }
  // In the autumn hour that happens twice, take the first (summer-time) one, as people mean it.
  const earlier = dt.minus({ hours: 1 });
  if (earlier.hour === dt.hour && earlier.minute === dt.minute) return { ok: true, instant: earlier.toUTC() };
  return { ok: true, instant: dt.toUTC() };
}

/** The first instant of an all-day date in the zone (midnight local). */
export function startOfDay(date: string, zone: string): DateTime {
  return DateTime.fromISO(date, { zone }).startOf('day');
}

/** The date `days` after 'YYYY-MM-DD' (day-number arithmetic, no Luxon: called per occurrence by the thousand). */
export function addDays(date: string, days: number): string {
  return isoFromDay(dayFromIso(date) + days);
}

/** Whole days from one 'YYYY-MM-DD' to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayFromIso(to) - dayFromIso(from);
}

/** The half-open instant range [start, end) a When covers; all-day dates cover whole local days. */
export function instantRange(when: When, zone: string): { start: DateTime; end: DateTime } {
  if (when.allDay) {
    return { start: startOfDay(when.startDate, zone), end: startOfDay(addDays(when.endDate, 1), zone) };
  }
  return { start: DateTime.fromISO(when.startsAt, { zone }), end: DateTime.fromISO(when.endsAt, { zone }) };
}

/** The organiser-facing text of a When: dates for all-day, local times with offset for timed. */
export function formatWhen(when: When, zone: string): { allDay: boolean; start: string; end: string } {
  if (when.allDay) return { allDay: true, start: when.startDate, end: when.endDate };
  return { allDay: false, start: localIso(when.startsAt, zone), end: localIso(when.endsAt, zone) };
}

/**
 * An instant as local ISO 8601 text with its offset, as Luxon's `toISO({ suppressMilliseconds:
 * true })` writes it ('2150-07-01T19:00:00+01:00'). In the UK zone, for whole seconds in the
 * accepted years, by the engine's cached offsets (whole hours there since 1900) instead of a Luxon
 * object per instant: a page of 200 occurrences wrote 400 of them (ADR 276). Anything else through Luxon.
 */
function localIso(iso: string, zone: string): string {
  const ms = Date.parse(iso);
  if (zone === DEFAULT_ZONE && ms % 1000 === 0 && ms >= UK_WHOLE_HOURS_FROM && ms < UK_WHOLE_HOURS_UNTIL) {
    const offset = zoneOffsetAt(zone, ms);
    const hours = Math.floor(Math.abs(offset) / 60);
    const minutes = Math.abs(offset) % 60;
    const sign = offset < 0 ? '-' : '+';
    return `${new Date(ms + offset * 60_000).toISOString().slice(0, 19)}${sign}${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
  }
  return DateTime.fromISO(iso, { zone }).toISO({ suppressMilliseconds: true })!;
}

/** The instants (ms) between which localIso writes UK times itself: the years the calendar accepts. */
const UK_WHOLE_HOURS_FROM = Date.UTC(YEARS.first, 0, 1);
const UK_WHOLE_HOURS_UNTIL = Date.UTC(YEARS.last + 1, 0, 1);

const midnights = new Map<string, number>();

/** Local midnight of a date in a zone, in ms since the epoch (memoised: a calendar has few distinct days). */
export function midnightMs(date: string, zone: string): number {
  const key = `${zone}|${date}`;
  let ms = midnights.get(key);
  if (ms === undefined) {
    if (midnights.size > 100_000) midnights.clear();
    midnights.set(key, (ms = (zone === DEFAULT_ZONE ? ukMidnightMs(date) : null) ?? startOfDay(date, zone).toMillis()));
  }
  return ms;
}

/**
 * UK local midnight of a date by the engine's cached offsets: UTC midnight less the offset in force
 * then, when that offset is still the one in force at the instant found (the clocks change at
 * 01:00 UTC, never at midnight, but null sends any other case to Luxon). A far window's first page
 * met ~200 new dates and paid ~10 ms of Luxon for them (ADR 276).
 */
function ukMidnightMs(date: string): number | null {
  const utcMidnight = dayFromIso(date) * 86_400_000;
  const offset = zoneOffsetAt(DEFAULT_ZONE, utcMidnight);
  const ms = utcMidnight - offset * 60_000;
  return zoneOffsetAt(DEFAULT_ZONE, ms) === offset ? ms : null;
}

/**
 * instantRange in milliseconds, without building Luxon objects: timed Whens are UTC instants
 * already, all-day ones local midnights (memoised). For code that handles occurrences by the
 * thousand (expansion, the occurrence index).
 */
export function instantRangeMs(when: When, zone: string): { start: number; end: number } {
  if (when.allDay) return { start: midnightMs(when.startDate, zone), end: midnightMs(addDays(when.endDate, 1), zone) };
  return { start: Date.parse(when.startsAt), end: Date.parse(when.endsAt) };
}

/**
 * A date's UK local start as messages about clashes name it: '2027-06-23T18:30 UK time', or for an
 * all-day date its UK date ('2027-06-23'). The hour the autumn clock change repeats names its
 * offset instead ('2027-10-31T01:30 BST' and, an hour later, '2027-10-31T01:30 GMT'), so the two
 * 01:30s of that night read as two times (RFC 5545 3.3.5 leaves the repeated hour to the instant).
 */
export function startInWords(when: When, zone: string): string {
  if (when.allDay) return when.startDate;
  const local = DateTime.fromISO(when.startsAt, { zone: 'UTC' }).setZone(zone).setLocale('en-GB');
  const wall = (t: DateTime) => t.toFormat("yyyy-MM-dd'T'HH:mm");
  const repeated = wall(local.plus({ hours: 1 })) === wall(local) || wall(local.minus({ hours: 1 })) === wall(local);
  return `${wall(local)} ${repeated ? local.offsetNameShort : 'UK time'}`;
}
