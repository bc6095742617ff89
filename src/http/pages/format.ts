/** @module How dates and times read on the pages: UK English, UK time, ranges written as people say them. */
import { DateTime } from 'luxon';
import type { When } from '../../domain/event.js';
import { localDateOf, localTimeOf } from '../../domain/recurrence.js';
import { DEFAULT_ZONE } from '../../domain/time.js';
import { dateRange, longDate, whenText } from '../../domain/when-in-words.js';

// Written once for pages and e-mails alike (ADR 275).
export { dateRange, longDate, whenText };

const LOCALE = 'en-GB';

function day(date: string): DateTime {
  return DateTime.fromISO(date, { zone: 'UTC', locale: LOCALE });
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

export function local(iso: string, zone = DEFAULT_ZONE): DateTime {
  return DateTime.fromISO(iso, { zone }).setLocale(LOCALE);
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
