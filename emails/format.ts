/**
 * @module How emails say when something happens: UK local time in words a person reads at a
 * glance ("Wednesday 21 September 2022, 18:00–20:00"), whatever the server's TZ. Times are written
 * by the pages' own function (src/domain/when-in-words.ts), so BST and GMT are named in the same
 * places (ADR 275).
 */
import { DateTime } from 'luxon';
import type { When } from '../src/domain/event.js';
import { clockChangeNote, startTimeText, whenText } from '../src/domain/when-in-words.js';

const DAY = 'cccc d LLLL yyyy';

/**
 * "Wednesday 21 September 2022, 18:00–20:00"; all-day: "Saturday 8 – Saturday 15 October 2022";
 * in the hour the autumn change repeats "Sunday 31 October 2027, 01:30 BST–01:30 GMT". `usualStart`
 * (a series' first start, a UTC instant) adds what a spring change did to this date's time, as the
 * event page does: "… 03:30–04:30 (the clocks go forward that night and 02:30 does not exist, so
 * this date starts at 03:30 BST)" (RFC 5545 §3.3.5).
 */
export function formatWhenUk(when: When, zone = 'Europe/London', usualStart?: string): string {
  if (when.allDay) {
    const start = DateTime.fromISO(when.startDate, { zone, locale: 'en-GB' });
    const end = DateTime.fromISO(when.endDate, { zone, locale: 'en-GB' });
    if (when.startDate === when.endDate) return `${start.toFormat(DAY)} (all day)`;
    if (start.year !== end.year) return `${start.toFormat(DAY)} – ${end.toFormat(DAY)}`;
    if (start.month !== end.month) return `${start.toFormat('cccc d LLLL')} – ${end.toFormat(DAY)}`;
    return `${start.toFormat('cccc d')} – ${end.toFormat(DAY)}`;
  }
  const note = usualStart ? clockChangeNote(usualStart, when.startsAt, zone) : '';
  return note ? `${whenText(when, zone)} (${note})` : whenText(when, zone);
}

/** A short form for subject lines: "Wed 21 Sep, 18:00", "Sun 31 Oct, 01:30 GMT" (the repeated hour) or "Sat 8 Oct". */
export function formatWhenShort(when: When, zone = 'Europe/London'): string {
  if (when.allDay) {
    const start = DateTime.fromISO(when.startDate, { zone, locale: 'en-GB' });
    return start.toFormat('ccc d LLL');
  }
  return `${DateTime.fromISO(when.startsAt, { zone }).setLocale('en-GB').toFormat('ccc d LLL')}, ${startTimeText(when.startsAt, zone)}`;
}
