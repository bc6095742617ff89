/** @module How dates and times read on the pages: UK English, UK time, ranges written as people say them. */
import { DateTime } from 'luxon';
import type { When } from '../../domain/event.js';
import { localDateOf, localTimeOf, zoneOffsetAt } from '../../domain/recurrence.js';
import { DEFAULT_ZONE } from '../../domain/time.js';
import { clockNameAt, inRepeatedHour } from './repeated-hour.js';

const LOCALE = 'en-GB';

function day(date: string): DateTime {
  return DateTime.fromISO(date, { zone: 'UTC', locale: LOCALE });
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * A 'YYYY-MM-DD' date's parts, by arithmetic: pages such as the year planner write hundreds of
 * dates, and Luxon's Intl formatting cost ~0.3 ms each (the same words, en-GB: checked in
 * test/web/dates-in-words.test.ts against Luxon).
 */
function parts(date: string): { year: string; month: string; day: number; weekday: string } {
  const [y, m, d] = [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
  return {
    year: date.slice(0, 4),
    month: MONTHS[m - 1]!,
    day: d,
    weekday: WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]!,
  };
}

/** "Monday 10 October 2022". */
export function longDate(date: string): string {
  const p = parts(date);
  return `${p.weekday} ${p.day} ${p.month} ${p.year}`;
}

/**
 * A message from the API's checks as a page shows it: each instant written "2027-01-21T18:00 UK
 * time" (or "… BST" / "… GMT" in the hour the autumn clock change repeats, ADR 248) becomes
 * "Thursday 21 January 2027, 18:00" (keeping BST or GMT), and "the date of 2022-11-09" (or "from
 * 2026-12-03", as a later part of a series is named) becomes "the date of Wednesday 9 November 2022".
 * Anything else is left as it is.
 */
export function instantsInWords(message: string): string {
  return message
    .replace(
      /\b(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}) (UK time|BST|GMT)\b/g,
      (_, date: string, time: string, zone: string) => `${longDate(date)}, ${time}${zone === 'UK time' ? '' : ` ${zone}`}`,
    )
    .replace(/\b(the date of|from) (\d{4}-\d{2}-\d{2})\b(?![T\d-])/g, (_, words: string, date: string) => `${words} ${longDate(date)}`);
}

/**
 * The start of a date as a page names it: "Wednesday 30 June 2027, 18:00" (UK time), "Sunday 31
 * October 2027, 01:30 BST" (or GMT) in the hour the autumn clock change repeats, or the day alone
 * ("Wednesday 30 June 2027") for an all-day date. `when` in stored form (UTC instants or UK dates).
 */
export function startOnPage(when: When, zone = DEFAULT_ZONE): string {
  // whenText of the start alone names BST or GMT in the repeated hour (ADRs 269, 270).
  return when.allDay ? longDate(when.startDate) : whenText({ allDay: false, startsAt: when.startsAt, endsAt: when.startsAt }, zone);
}

export function shortDate(date: string): string {
  return day(date).toFormat('ccc d LLL yyyy');
}

/** "8–15 October 2022", "29 September – 31 October 2022", "Monday 10 October 2022". */
export function dateRange(startDate: string, endDate: string): string {
  if (startDate === endDate) return longDate(startDate);
  const a = parts(startDate);
  const b = parts(endDate);
  if (a.year !== b.year) return `${a.day} ${a.month} ${a.year} – ${b.day} ${b.month} ${b.year}`;
  if (a.month !== b.month) return `${a.day} ${a.month} – ${b.day} ${b.month} ${b.year}`;
  return `${a.day}–${b.day} ${b.month} ${b.year}`;
}

export function local(iso: string, zone = DEFAULT_ZONE): DateTime {
  return DateTime.fromISO(iso, { zone }).setLocale(LOCALE);
}

/**
 * The whole "when" of an occurrence in words. Times carry BST or GMT where the local time alone would
 * mislead: across a clock change, and in the hour the autumn change repeats ("Sunday 31 October 2027,
 * 01:30 GMT"), where 01:30 names two instants an hour apart (ADR 269).
 */
export function whenText(when: When, zone = DEFAULT_ZONE): string {
  if (when.allDay) return dateRange(when.startDate, when.endDate);
  // By the engine's offsets (lists such as a group's year write hundreds: ~0.2 ms each through Luxon).
  const s = Date.parse(when.startsAt);
  const e = Date.parse(when.endsAt);
  const startDay = localDateOf(s, zone);
  const endDay = localDateOf(e, zone);
  const zoned = inRepeatedHour(s, zone) || inRepeatedHour(e, zone);
  if (startDay !== endDay) {
    // Over days, each time names its zone when either falls in the repeated hour (ADR 269).
    const time = (ms: number) => `${localTimeOf(ms, zone)}${zoned ? ` ${clockNameAt(ms, zone)}` : ''}`;
    return `${longDate(startDay)}, ${time(s)} – ${longDate(endDay)}, ${time(e)}`;
  }
  // A time in the hour the autumn change repeats names its zone, "01:30–01:45 GMT": "01:30" alone is
  // two times that night (ADRs 269, 270).
  const which = zoned ? ` ${clockNameAt(s, zone)}` : '';
  if (s === e) return `${longDate(startDay)}, ${localTimeOf(s, zone)}${which}`;
  if (zoneOffsetAt(zone, s) === zoneOffsetAt(zone, e))
    return `${longDate(startDay)}, ${localTimeOf(s, zone)}–${localTimeOf(e, zone)}${which}`;
  // Across a clock change (01:30 BST to 01:00 GMT) the times alone would read backwards.
  const [start, end] = [local(when.startsAt, zone), local(when.endsAt, zone)];
  return `${longDate(startDay)}, ${start.toFormat('HH:mm ZZZZ')}–${end.toFormat('HH:mm ZZZZ')}`;
}

/** The first local date an occurrence touches (for grouping lists by day and month). */
export function startDateOf(when: When, zone = DEFAULT_ZONE): string {
  return when.allDay ? when.startDate : localDateOf(Date.parse(when.startsAt), zone);
}

/** The last local date an occurrence touches. */
export function endDateOf(when: When, zone = DEFAULT_ZONE): string {
  if (when.allDay) return when.endDate;
  const end = Date.parse(when.endsAt);
  // An event ending at midnight does not touch the next day.
  return localDateOf(localTimeOf(end, zone) === '00:00' && end > Date.parse(when.startsAt) ? end - 60_000 : end, zone);
}

/** The short time part for a list ("18:00", "All day", "8–15 Oct"). */
export function timeLabel(when: When, zone = DEFAULT_ZONE): string {
  if (when.allDay) return when.startDate === when.endDate ? 'All day' : `Until ${day(when.endDate).toFormat('d LLL')}`;
  // By offset arithmetic, not Luxon: a month page writes a label for each of ~150 events (~80 µs each through Luxon).
  const start = Date.parse(when.startsAt);
  const end = Date.parse(when.endsAt);
  return start === end ? localTimeOf(start, zone) : `${localTimeOf(start, zone)}–${localTimeOf(end, zone)}`;
}

export function stampText(iso: string): string {
  return local(iso).toFormat('d LLL yyyy, HH:mm:ss');
}

export function todayIn(now: Date, zone = DEFAULT_ZONE): DateTime {
  return DateTime.fromJSDate(now).setZone(zone).setLocale(LOCALE).startOf('day');
}
