/**
 * @module Which 01:30: the hour the autumn clock change repeats, as pages and e-mails write it and forms ask it.
 * A UK wall-clock time in that hour names two instants (01:30 BST, then 01:30 GMT an hour later);
 * a form that shows only "01:30" posts back the first (parseDateTime's reading), so a date moved to
 * the second would silently move back (ADR 270). Shared by the pages, the event form and the e-mails
 * (./when-in-words.ts, ADR 275); the form's radios are RepeatedHourChoice
 * (src/http/pages/repeated-hour-choice.tsx).
 */
import { DateTime } from 'luxon';
import { zoneOffsetAt } from './recurrence.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** How far either side a clock change is looked for: wider than any step of the clocks (UK: one hour). */
const WINDOW = 3 * HOUR;

/** One reading of a repeated wall-clock time: its zone name ("BST", "GMT") and UTC offset ("+01:00"). */
export interface ClockReading {
  name: string;
  offset: string;
}

/**
 * The other instant (ms since the epoch) with the same wall-clock time in `zone` as `ms`, or null:
 * there is one only in the hour a clock change going back repeats. By the engine's cached offsets
 * (whenText asks this for every timed date it writes).
 */
function twinOf(ms: number, zone: string): number | null {
  const own = zoneOffsetAt(zone, ms);
  // Most instants are more than three hours from either end of a UTC day with one offset throughout:
  // the engine caches offsets by UTC day, so this asks nothing new of Intl.
  const day = Math.floor(ms / DAY) * DAY;
  const inside = ms - day >= WINDOW && day + DAY - ms > WINDOW;
  if (inside && zoneOffsetAt(zone, day) === own && zoneOffsetAt(zone, day + DAY - 1) === own) return null;
  for (const other of [zoneOffsetAt(zone, ms - WINDOW), zoneOffsetAt(zone, ms + WINDOW)]) {
    if (other === own) continue;
    const twin = ms + (own - other) * MINUTE;
    if (zoneOffsetAt(zone, twin) === other) return twin;
  }
  return null;
}

/** True when the UK wall-clock time of instant `ms` (ms since the epoch) happens twice that night in `zone`. */
export function inRepeatedHour(ms: number, zone: string): boolean {
  return twinOf(ms, zone) !== null;
}

function readingAt(ms: number, zone: string): ClockReading {
  const at = DateTime.fromMillis(ms, { zone, locale: 'en-GB' });
  return { name: at.offsetNameShort ?? at.toFormat('ZZ'), offset: at.toFormat('ZZ') };
}

/** The zone name of instant `ms` ("BST", "GMT"): what a page writes after a time in the repeated hour. */
export function clockNameAt(ms: number, zone: string): string {
  return readingAt(ms, zone).name;
}

/**
 * The two readings, earlier first, of the wall-clock time `time` ('HH:mm') on the UK date `date`
 * ('YYYY-MM-DD') in `zone` when the autumn change repeats it (01:30 BST, 01:30 GMT); null for every
 * other time, or an unreadable one.
 */
export function repeatedHourReadings(date: string, time: string, zone: string): [ClockReading, ClockReading] | null {
  const local = DateTime.fromISO(`${date}T${time}`, { zone });
  if (!local.isValid) return null;
  const ms = local.toMillis();
  const twin = twinOf(ms, zone);
  if (twin === null) return null;
  const [first, second] = twin < ms ? [twin, ms] : [ms, twin];
  return [readingAt(first, zone), readingAt(second, zone)];
}

/** The zone name ("GMT") of a UTC instant (ISO text) in the repeated hour, or '' for any other instant. */
export function repeatedHourNameOf(instant: string, zone: string): string {
  const ms = Date.parse(instant);
  return inRepeatedHour(ms, zone) ? clockNameAt(ms, zone) : '';
}

/**
 * The start a form sends to the API's checks for `date` ('YYYY-MM-DD') at `time` ('HH:mm', UK wall
 * clock): '2027-10-31T01:30+00:00' when that time is repeated and `clock` names one of its readings
 * ("GMT"), else the local '2027-10-31T01:30', which the checks read as the first (parseDateTime).
 */
export function startWithClock(date: string, time: string, clock: string, zone: string): string {
  const reading = repeatedHourReadings(date, time, zone)?.find((r) => r.name === clock);
  return reading ? `${date}T${time}${reading.offset}` : `${date}T${time}`;
}
