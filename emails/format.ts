/**
 * @module How emails say when something happens: UK local time in words a person reads at a
 * glance ("Wednesday 21 September 2022, 18:00–20:00"), whatever the server's TZ.
 */
import { DateTime } from 'luxon';
import type { When } from '../src/domain/event.js';

const DAY = 'cccc d LLLL yyyy';

/** "Wednesday 21 September 2022, 18:00–20:00"; all-day: "Saturday 8 – Saturday 15 October 2022". */
export function formatWhenUk(when: When, zone = 'Europe/London'): string {
  if (when.allDay) {
    const start = DateTime.fromISO(when.startDate, { zone, locale: 'en-GB' });
    const end = DateTime.fromISO(when.endDate, { zone, locale: 'en-GB' });
    if (when.startDate === when.endDate) return `${start.toFormat(DAY)} (all day)`;
    if (start.year !== end.year) return `${start.toFormat(DAY)} – ${end.toFormat(DAY)}`;
    if (start.month !== end.month) return `${start.toFormat('cccc d LLLL')} – ${end.toFormat(DAY)}`;
    return `${start.toFormat('cccc d')} – ${end.toFormat(DAY)}`;
  }
  const start = DateTime.fromISO(when.startsAt, { zone }).setLocale('en-GB');
  const end = DateTime.fromISO(when.endsAt, { zone }).setLocale('en-GB');
  if (+start === +end) return `${start.toFormat(DAY)}, ${start.toFormat('HH:mm')}`;
  if (start.toISODate() === end.toISODate()) return `${start.toFormat(DAY)}, ${start.toFormat('HH:mm')}–${end.toFormat('HH:mm')}`;
  return `${start.toFormat(DAY)}, ${start.toFormat('HH:mm')} – ${end.toFormat(DAY)}, ${end.toFormat('HH:mm')}`;
}

/** A short form for subject lines: "Wed 21 Sep, 18:00" or "Sat 8 Oct". */
export function formatWhenShort(when: When, zone = 'Europe/London'): string {
  if (when.allDay) {
    const start = DateTime.fromISO(when.startDate, { zone, locale: 'en-GB' });
    return start.toFormat('ccc d LLL');
  }
  return DateTime.fromISO(when.startsAt, { zone }).setLocale('en-GB').toFormat('ccc d LLL, HH:mm');
}
