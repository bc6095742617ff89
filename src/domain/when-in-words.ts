/**
 * @module When a date happens, in the words the pages and the e-mails both write: UK English, UK
 * wall-clock time, BST or GMT named wherever the time alone would mislead (the hour the autumn change
 * repeats, a range across a clock change), and what a spring change did to a series' usual time.
 * One implementation for both (ADR 275): a reminder once said "01:30–01:30" where the page said
 * "01:30 BST–01:30 GMT".
 */
import { DateTime } from 'luxon';
import type { When } from './event.js';
import { localDateOf, localTimeOf, zoneOffsetAt } from './recurrence.js';
import { clockNameAt, inRepeatedHour } from './repeated-hour.js';
import { DEFAULT_ZONE } from './time.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * A 'YYYY-MM-DD' date's parts, by arithmetic: pages such as the year planner write hundreds of
 * dates, and Luxon's Intl formatting cost ~0.3 ms each (the same words, en-GB: checked in
 * test/web/dates-in-words.test.ts against Luxon).
 */
function parts(date: string): { year: string; month: string; day: number; weekday: string } {
  const [y, m, d] = [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
  const day = new Date(Date.UTC(y, m - 1, d));
  // Date.UTC takes the years 0–99 as 1900–1999; an import previews what it refuses, year 0001 too.
  if (y < 100) day.setUTCFullYear(y);
  return {
    year: date.slice(0, 4),
    month: MONTHS[m - 1]!,
    day: d,
    weekday: WEEKDAYS[day.getUTCDay()]!,
  };
}

/** "Monday 10 October 2022". */
export function longDate(date: string): string {
  const p = parts(date);
  return `${p.weekday} ${p.day} ${p.month} ${p.year}`;
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
  return `${longDate(startDay)}, ${zonedTime(s, zone)}–${zonedTime(e, zone)}`;
}

/** "01:30 GMT": the UK wall-clock time of instant `ms` (ms since the epoch) with its zone's short name. */
function zonedTime(ms: number, zone: string): string {
  return `${localTimeOf(ms, zone)} ${clockNameAt(ms, zone)}`;
}

/**
 * The start time for a short line such as an e-mail subject ("18:00"), naming its zone where the
 * time alone is two instants that night ("01:30 GMT", ADR 275). `startsAt` a UTC instant (ISO text).
 */
export function startTimeText(startsAt: string, zone = DEFAULT_ZONE): string {
  const s = Date.parse(startsAt);
  return inRepeatedHour(s, zone) ? zonedTime(s, zone) : localTimeOf(s, zone);
}

/**
 * What a clock change did to one date of a series (RFC 5545 §3.3.5), as a clause the pages and the
 * e-mails add after its time, or '' when it did nothing: a usual time (`usualStart`, the series'
 * first start, a UTC instant) that the spring change skips on this date starts an hour later ("the
 * clocks go forward that night and 02:30 does not exist, so this date starts at 03:30 BST"); one the
 * autumn change repeats is the first of the two. `startsAt` is this date's start (a UTC instant);
 * `kind` is the engine's reading when known (the occurrence index keeps it), else it is worked out
 * here from the two times: a date that starts at another time only because its usual time does not
 * exist that day was skipped forward.
 */
export function clockChangeNote(
  usualStart: string,
  startsAt: string,
  zone = DEFAULT_ZONE,
  kind: 'skipped' | 'repeated' | null = skippedByClock(usualStart, startsAt, zone) ? 'skipped' : null,
): string {
  if (!kind) return '';
  const usual = localTimeOf(Date.parse(usualStart), zone);
  const start = zonedTime(Date.parse(startsAt), zone);
  return kind === 'skipped'
    ? `the clocks go forward that night and ${usual} does not exist, so this date starts at ${start}`
    : `the clocks go back that night and ${usual} happens twice; this date starts at the first, ${start}`;
}

/** True when the usual wall-clock time of `usualStart` does not exist on the UK date of `startsAt` in `zone`. */
function skippedByClock(usualStart: string, startsAt: string, zone: string): boolean {
  const s = Date.parse(startsAt);
  const usual = localTimeOf(Date.parse(usualStart), zone);
  if (localTimeOf(s, zone) === usual) return false;
  const wall = DateTime.fromISO(`${localDateOf(s, zone)}T${usual}`, { zone });
  return wall.isValid && wall.toFormat('HH:mm') !== usual;
}
