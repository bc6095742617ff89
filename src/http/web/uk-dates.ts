/**
 * @module Dates and times as people type them into the forms, whatever their browser's language:
 * a date as three boxes (day, month, year: the GOV.UK date input pattern) and a time as text on the
 * 24-hour clock ("18:30"; "18.30", "1830" and "6.30pm" are understood too). Each problem is a
 * plain-English message that follows the field's label ("Start date must include a month").
 * See docs/decisions.md, 61.
 */
import { DateTime } from 'luxon';
import { YEARS } from '../../domain/time.js';
import { formText, type FormBody } from './form.js';

/** The three boxes of a date, as typed. */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export const EMPTY_DATE: DateParts = { day: '', month: '', year: '' };

/** The boxes of a posted date field `name` (`name-day`, `name-month`, `name-year`). */
export function readDateParts(body: FormBody, name: string): DateParts {
  return {
    day: formText(body, `${name}-day`).trim(),
    month: formText(body, `${name}-month`).trim(),
    year: formText(body, `${name}-year`).trim(),
  };
}

/** The boxes showing an ISO date ('2026-10-14' → 14, 10, 2026); empty for ''. */
export function datePartsOf(iso: string): DateParts {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1]! } : EMPTY_DATE;
}

export function isEmptyDate(parts: DateParts): boolean {
  return !parts.day && !parts.month && !parts.year;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** A month as a number, or written as a word ("oct", "October"), as GOV.UK forms accept it. */
function monthNumber(text: string): number | null {
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const i = MONTHS.indexOf(text.slice(0, 3).toLowerCase());
  return i >= 0 && /^[a-z]+$/i.test(text) ? i + 1 : null;
}

export type CheckedDate = { ok: true; iso: string } | { ok: false; empty: true } | { ok: false; empty: false; message: string };

/**
 * An ISO date from the boxes, or why not. Messages follow the field's label: "must include a month",
 * "must be a real date", "year must include 4 numbers", "must be between 1900 and 2200".
 */
export function checkDate(parts: DateParts): CheckedDate {
  if (isEmptyDate(parts)) return { ok: false, empty: true };
  const missing = (['day', 'month', 'year'] as const).filter((k) => !parts[k]);
  if (missing.length) {
    const words = missing.length === 2 ? `${missing[0]} and ${missing[1]}` : missing[0];
    return { ok: false, empty: false, message: `must include a ${words}` };
  }
  if (!/^\d{1,2}$/.test(parts.day)) return { ok: false, empty: false, message: 'must be a real date: the day is a number, like 14' };
  const month = monthNumber(parts.month);
  if (month === null) return { ok: false, empty: false, message: 'must be a real date: the month is a number, like 10 for October' };
  if (!/^\d+$/.test(parts.year) || parts.year.length !== 4) return { ok: false, empty: false, message: 'year must include 4 numbers' };
  const year = Number(parts.year);
  const date = DateTime.fromObject({ year, month, day: Number(parts.day) }, { zone: 'UTC' });
  if (!date.isValid) return { ok: false, empty: false, message: 'must be a real date' };
  // The years every date entering the service must fall in (src/domain/time.ts YEARS).
  if (year < YEARS.first || year > YEARS.last)
    return { ok: false, empty: false, message: `must be between ${YEARS.first} and ${YEARS.last}` };
  return { ok: true, iso: date.toISODate()! };
}

export type CheckedTime = { ok: true; hhmm: string } | { ok: false; empty: true } | { ok: false; empty: false; message: string };

const TIME_FORMATS = /^(\d{1,2})(?:[:.](\d{2})|(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$/i;

/** "18:30" (also "18.30", "1830", "6:30pm", "6pm", "noon", "midday") → "18:30", or why not. */
export function checkTime(text: string): CheckedTime {
  const t = text.trim().toLowerCase();
  if (!t) return { ok: false, empty: true };
  if (t === 'noon' || t === 'midday') return { ok: true, hhmm: '12:00' };
  if (t === 'midnight') return { ok: true, hhmm: '00:00' };
  const m = TIME_FORMATS.exec(t);
  const bad = { ok: false as const, empty: false as const, message: 'must be a time on the 24-hour clock, like 09:30 or 18:30' };
  if (!m) return bad;
  let hour = Number(m[1]);
  const minute = Number(m[2] ?? m[3] ?? '0');
  const half = m[4]?.replace(/\./g, '');
  if (half) {
    if (hour < 1 || hour > 12) return bad;
    hour = (hour % 12) + (half === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return bad;
  return { ok: true, hhmm: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}` };
}
