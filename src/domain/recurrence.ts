/**
 * @module Recurrence rules (the RFC 5545 RRULE subset organisers need) and their expansion in
 * local wall time. A monthly 18:00 meeting is at 18:00 in October and in November, so rules are
 * expanded on the wall clock of the event's zone and only then turned into UTC instants.
 */
import { DateTime } from 'luxon';

export const FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
type Weekday = (typeof WEEKDAYS)[number];

export interface ByDay {
  /** 1 = Monday … 7 = Sunday (Luxon's numbering). */
  weekday: number;
  /** 3 for "third", -1 for "last"; absent for "every". */
  ordinal?: number;
}

export interface RRule {
  freq: Frequency;
  interval: number;
  count?: number;
  /** Inclusive bound: a date for all-day series, a UTC instant for timed series. */
  until?: { date: string } | { instant: string };
  byDay?: ByDay[];
  byMonthDay?: number[];
  byMonth?: number[];
  bySetPos?: number[];
  weekStart: number;
}

export type ParsedRRule = { ok: true; rule: RRule } | { ok: false; message: string };

/** The most occurrences one series may have; stops a typo ("DAILY" for a decade) flooding feeds. */
export const MAX_COUNT = 1000;

const SUPPORTED = new Set(['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'BYDAY', 'BYMONTHDAY', 'BYMONTH', 'BYSETPOS', 'WKST']);

function intList(value: string, min: number, max: number, allowNegative: boolean): number[] | null {
  const out: number[] = [];
  for (const part of value.split(',')) {
    if (!/^[+-]?\d{1,3}$/.test(part)) return null;
    const n = Number(part);
    const abs = Math.abs(n);
    if (n === 0 || abs < min || abs > max || (n < 0 && !allowNegative)) return null;
    out.push(n);
  }
  return out;
}

/** Parses an RRULE value ('FREQ=MONTHLY;BYDAY=3WE'); the 'RRULE:' prefix is optional. */
export function parseRRule(text: string): ParsedRRule {
  const body = text.trim().replace(/^RRULE:/i, '');
  if (!body) return { ok: false, message: 'is empty' };
  const parts = new Map<string, string>();
  for (const piece of body.split(';')) {
    const [rawKey, value, extra] = piece.split('=');
    const key = rawKey?.toUpperCase() ?? '';
    if (value === undefined || extra !== undefined || !key || !value) {
      return { ok: false, message: `has a malformed part "${piece}" (expected NAME=VALUE)` };
    }
    if (!SUPPORTED.has(key)) return { ok: false, message: `uses ${key}, which is not supported (supported: ${[...SUPPORTED].join(', ')})` };
    if (parts.has(key)) return { ok: false, message: `repeats ${key}` };
    parts.set(key, value.toUpperCase());
  }
  const freq = parts.get('FREQ');
  if (!freq) return { ok: false, message: 'needs FREQ (DAILY, WEEKLY, MONTHLY or YEARLY)' };
  if (!(FREQUENCIES as readonly string[]).includes(freq)) {
    return { ok: false, message: `has FREQ=${freq}; use DAILY, WEEKLY, MONTHLY or YEARLY` };
  }
  const rule: RRule = { freq: freq as Frequency, interval: 1, weekStart: 1 };

  const interval = parts.get('INTERVAL');
  if (interval !== undefined) {
    if (!/^\d{1,3}$/.test(interval) || Number(interval) < 1)
      return { ok: false, message: 'has INTERVAL that is not a whole number from 1 to 999' };
    rule.interval = Number(interval);
  }
  const count = parts.get('COUNT');
  if (count !== undefined) {
    if (!/^\d{1,4}$/.test(count) || Number(count) < 1 || Number(count) > MAX_COUNT) {
      return { ok: false, message: `has COUNT that is not a whole number from 1 to ${MAX_COUNT}` };
    }
    rule.count = Number(count);
  }
  const until = parts.get('UNTIL');
  if (until !== undefined) {
    if (rule.count !== undefined) return { ok: false, message: 'has both COUNT and UNTIL; use one' };
    const dateOnly = /^(\d{4})(\d{2})(\d{2})$/.exec(until);
    const utc = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(until);
    if (dateOnly) {
      const d = DateTime.fromObject({ year: +dateOnly[1]!, month: +dateOnly[2]!, day: +dateOnly[3]! }, { zone: 'UTC' });
      if (!d.isValid) return { ok: false, message: 'has UNTIL that is not a real date' };
      rule.until = { date: d.toISODate()! };
    } else if (utc) {
      const d = DateTime.fromObject(
        { year: +utc[1]!, month: +utc[2]!, day: +utc[3]!, hour: +utc[4]!, minute: +utc[5]!, second: +utc[6]! },
        { zone: 'UTC' },
      );
      if (!d.isValid) return { ok: false, message: 'has UNTIL that is not a real date and time' };
      rule.until = { instant: d.toFormat("yyyy-MM-dd'T'HH:mm:ss'Z'") };
    } else {
      return { ok: false, message: 'has UNTIL that is neither a date (20261231) nor a UTC time (20261231T235959Z)' };
    }
  }
  const byDay = parts.get('BYDAY');
  if (byDay !== undefined) {
    const days: ByDay[] = [];
    for (const part of byDay.split(',')) {
      const m = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(part);
      if (!m) return { ok: false, message: `has BYDAY part "${part}"; use MO…SU, optionally with a position like 3WE or -1FR` };
      const weekday = WEEKDAYS.indexOf(m[2] as Weekday) + 1;
      if (m[1] !== undefined) {
        const ordinal = Number(m[1]);
        if (ordinal === 0 || Math.abs(ordinal) > 53) return { ok: false, message: `has BYDAY position ${m[1]} out of range` };
        if (rule.freq !== 'MONTHLY' && rule.freq !== 'YEARLY') {
          return { ok: false, message: 'has a BYDAY position (like 3WE), which only MONTHLY or YEARLY rules allow' };
        }
        if (rule.freq === 'MONTHLY' && Math.abs(ordinal) > 5)
          return { ok: false, message: `has BYDAY position ${m[1]}; a month has at most 5 of a weekday` };
        days.push({ weekday, ordinal });
      } else {
        days.push({ weekday });
      }
    }
    rule.byDay = days;
  }
  const byMonthDay = parts.get('BYMONTHDAY');
  if (byMonthDay !== undefined) {
    const list = intList(byMonthDay, 1, 31, true);
    if (!list) return { ok: false, message: 'has BYMONTHDAY that is not a list of days 1…31 or -1…-31' };
    if (rule.freq === 'WEEKLY') return { ok: false, message: 'has BYMONTHDAY, which a WEEKLY rule cannot use' };
    rule.byMonthDay = list;
  }
  const byMonth = parts.get('BYMONTH');
  if (byMonth !== undefined) {
    const list = intList(byMonth, 1, 12, false);
    if (!list) return { ok: false, message: 'has BYMONTH that is not a list of months 1…12' };
    rule.byMonth = list;
  }
  const bySetPos = parts.get('BYSETPOS');
  if (bySetPos !== undefined) {
    const list = intList(bySetPos, 1, 366, true);
    if (!list) return { ok: false, message: 'has BYSETPOS that is not a list of positions' };
    if (!rule.byDay && !rule.byMonthDay) return { ok: false, message: 'has BYSETPOS without BYDAY or BYMONTHDAY' };
    rule.bySetPos = list;
  }
  const wkst = parts.get('WKST');
  if (wkst !== undefined) {
    const idx = WEEKDAYS.indexOf(wkst as Weekday);
    if (idx < 0) return { ok: false, message: 'has WKST that is not MO…SU' };
    rule.weekStart = idx + 1;
  }
  return { ok: true, rule };
}

/** Writes a rule back as RRULE text in a stable order (the form stored and published). */
export function formatRRule(rule: RRule): string {
  const parts = [`FREQ=${rule.freq}`];
  if (rule.interval !== 1) parts.push(`INTERVAL=${rule.interval}`);
  if (rule.count !== undefined) parts.push(`COUNT=${rule.count}`);
  if (rule.until) {
    parts.push('date' in rule.until ? `UNTIL=${rule.until.date.replaceAll('-', '')}` : `UNTIL=${rule.until.instant.replace(/[-:]/g, '')}`);
  }
  if (rule.byDay) parts.push(`BYDAY=${rule.byDay.map((d) => `${d.ordinal ?? ''}${WEEKDAYS[d.weekday - 1]}`).join(',')}`);
  if (rule.byMonthDay) parts.push(`BYMONTHDAY=${rule.byMonthDay.join(',')}`);
  if (rule.byMonth) parts.push(`BYMONTH=${rule.byMonth.join(',')}`);
  if (rule.bySetPos) parts.push(`BYSETPOS=${rule.bySetPos.join(',')}`);
  if (rule.weekStart !== 1) parts.push(`WKST=${WEEKDAYS[rule.weekStart - 1]}`);
  return parts.join(';');
}

/** Calendar days are plain dates: arithmetic in UTC so no clock change can shift them. */
type Day = DateTime;

function daysOfMonth(year: number, month: number): Day[] {
  const first = DateTime.fromObject({ year, month, day: 1 }, { zone: 'UTC' });
  return Array.from({ length: first.daysInMonth! }, (_, i) => first.plus({ days: i }));
}

function matchesByDayPlain(day: Day, byDay: ByDay[]): boolean {
  return byDay.some((d) => d.ordinal === undefined && d.weekday === day.weekday);
}

/** Days of one month (or a whole year, when `span` is a year) picked by BYDAY with positions. */
function pickByDay(span: Day[], byDay: ByDay[]): Day[] {
  const picked = new Set<number>();
  for (const spec of byDay) {
    const same = span.filter((d) => d.weekday === spec.weekday);
    if (spec.ordinal === undefined) same.forEach((d) => picked.add(d.toMillis()));
    else {
      const chosen = spec.ordinal > 0 ? same[spec.ordinal - 1] : same[same.length + spec.ordinal];
      if (chosen) picked.add(chosen.toMillis());
    }
  }
  return span.filter((d) => picked.has(d.toMillis()));
}

function pickByMonthDay(span: Day[], byMonthDay: number[]): Day[] {
  const last = span.length;
  return span.filter((d) => byMonthDay.some((n) => (n > 0 ? d.day === n : d.day === last + n + 1)));
}

function applySetPos(days: Day[], bySetPos: number[] | undefined): Day[] {
  if (!bySetPos) return days;
  const out = bySetPos.map((p) => (p > 0 ? days[p - 1] : days[days.length + p])).filter((d): d is Day => d !== undefined);
  return [...new Map(out.map((d) => [d.toMillis(), d])).values()].sort((a, b) => a.toMillis() - b.toMillis());
}

function monthCandidates(rule: RRule, year: number, month: number, start: Day): Day[] {
  let days = daysOfMonth(year, month);
  if (rule.byMonthDay) days = pickByMonthDay(days, rule.byMonthDay);
  if (rule.byDay) days = pickByDay(days, rule.byDay);
  if (!rule.byMonthDay && !rule.byDay) days = days.filter((d) => d.day === start.day);
  return applySetPos(days, rule.bySetPos);
}

/** The candidate days of the period that is `index` intervals after the start's period. */
function periodCandidates(rule: RRule, start: Day, index: number): Day[] {
  const step = index * rule.interval;
  const inMonths = (d: Day) => !rule.byMonth || rule.byMonth.includes(d.month);
  switch (rule.freq) {
    case 'DAILY': {
      const day = start.plus({ days: step });
      const ok =
        inMonths(day) &&
        (!rule.byMonthDay || pickByMonthDay(daysOfMonth(day.year, day.month), rule.byMonthDay).some((d) => d.hasSame(day, 'day'))) &&
        (!rule.byDay || matchesByDayPlain(day, rule.byDay));
      return ok ? [day] : [];
    }
    case 'WEEKLY': {
      const offset = (start.weekday - rule.weekStart + 7) % 7;
      const weekStart = start.minus({ days: offset }).plus({ weeks: step });
      const week = Array.from({ length: 7 }, (_, i) => weekStart.plus({ days: i }));
      const days = rule.byDay ? week.filter((d) => matchesByDayPlain(d, rule.byDay!)) : week.filter((d) => d.weekday === start.weekday);
      return applySetPos(days.filter(inMonths), rule.bySetPos);
    }
    case 'MONTHLY': {
      const month = start.startOf('month').plus({ months: step });
      if (!inMonths(month)) return [];
      return monthCandidates(rule, month.year, month.month, start);
    }
    case 'YEARLY': {
      const year = start.year + step;
      if (rule.byDay && !rule.byMonth && !rule.byMonthDay) {
        const first = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: 'UTC' });
        const all = Array.from({ length: first.daysInYear }, (_, i) => first.plus({ days: i }));
        return applySetPos(pickByDay(all, rule.byDay), rule.bySetPos);
      }
      const months = [...(rule.byMonth ?? [start.month])].sort((a, b) => a - b);
      if (!rule.byDay && !rule.byMonthDay) {
        return months
          .map((m) => DateTime.fromObject({ year, month: m, day: start.day }, { zone: 'UTC' }))
          .filter((d) => d.isValid && d.day === start.day);
      }
      return applySetPos(
        months.flatMap((m) => monthCandidates({ ...rule, bySetPos: undefined }, year, m, start)),
        rule.bySetPos,
      );
    }
  }
}

/** How many periods to scan before giving up on a rule that never matches (e.g. BYMONTHDAY=31;BYMONTH=2). */
const MAX_EMPTY_PERIODS = 2000;

/**
 * The start dates a rule produces, in order, from the series' first date. `dtstart` is always the
 * first occurrence (RFC 5545 counts it even when the rule would not pick it). COUNT and an
 * all-day UNTIL end the walk here; callers stop reading once a day is past their window.
 */
export function* recurringDays(rule: RRule, dtstart: string, untilDate?: string): Generator<string> {
  const start = DateTime.fromISO(dtstart, { zone: 'UTC' });
  let emitted = 0;
  let empty = 0;
  yield dtstart;
  emitted++;
  if (rule.count === 1) return;
  for (let index = 0; ; index++) {
    const days = periodCandidates(rule, start, index).filter((d) => d > start);
    if (days.length === 0) {
      if (++empty > MAX_EMPTY_PERIODS) return;
      continue;
    }
    empty = 0;
    for (const day of days) {
      const iso = day.toISODate()!;
      if (untilDate !== undefined && iso > untilDate) return;
      yield iso;
      emitted++;
      if (rule.count !== undefined && emitted >= rule.count) return;
    }
  }
}

export interface Occurrence {
  /** The original start: the RECURRENCE-ID a moved or cancelled occurrence is keyed by. */
  recurrenceId: string;
  start: DateTime;
  end: DateTime;
}

/**
 * Expands a timed series into occurrences whose start is before `to` and end after `from`.
 * Each occurrence keeps the first one's local time of day and its exact duration.
 */
export function expandTimed(
  rule: RRule,
  firstStart: DateTime,
  durationMs: number,
  zone: string,
  window: { from: DateTime; to: DateTime },
): Occurrence[] {
  const local = firstStart.setZone(zone);
  const time = { hour: local.hour, minute: local.minute, second: local.second };
  const untilInstant = rule.until ? untilAsInstant(rule.until, zone) : undefined;
  const out: Occurrence[] = [];
  for (const day of recurringDays(rule, local.toISODate()!)) {
    const [year, month, dayOfMonth] = day.split('-').map(Number) as [number, number, number];
    const start = DateTime.fromObject({ year, month, day: dayOfMonth, ...time }, { zone });
    if (untilInstant && start > untilInstant) break;
    if (start >= window.to) break;
    const end = start.plus({ milliseconds: durationMs });
    if (end > window.from) out.push({ recurrenceId: utcText(start), start, end });
  }
  return out;
}

/** Expands an all-day series into [startDate, endDate] pairs (inclusive) overlapping the window. */
export function expandAllDay(
  rule: RRule,
  firstDate: string,
  lengthDays: number,
  window: { fromDate: string; toDate: string },
): { recurrenceId: string; startDate: string; endDate: string }[] {
  const until = rule.until ? ('date' in rule.until ? rule.until.date : rule.until.instant.slice(0, 10)) : undefined;
  const out: { recurrenceId: string; startDate: string; endDate: string }[] = [];
  for (const day of recurringDays(rule, firstDate, until)) {
    if (day >= window.toDate) break;
    const endDate = DateTime.fromISO(day, { zone: 'UTC' })
      .plus({ days: lengthDays - 1 })
      .toISODate()!;
    if (endDate >= window.fromDate) out.push({ recurrenceId: day, startDate: day, endDate });
  }
  return out;
}

function untilAsInstant(until: NonNullable<RRule['until']>, zone: string): DateTime {
  return 'instant' in until ? DateTime.fromISO(until.instant, { zone: 'UTC' }) : DateTime.fromISO(until.date, { zone }).endOf('day');
}

function utcText(dt: DateTime): string {
  return dt.toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss'Z'");
}
