/**
 * @module Recurrence rules (the RFC 5545 RRULE parts organisers need) and their expansion in local
 * wall time. A monthly 18:00 meeting is at 18:00 in October and in November, so rules pick dates
 * on the wall calendar of the event's zone (src/domain/recurrence-periods.ts, on plain day
 * numbers) and only then is each date's start turned into a UTC instant, with RFC 5545 §3.3.5's
 * rule for the clock changes. Every expansion costs what the window holds: it seeks to the window
 * instead of walking from the series' first date (see ADR 4 in docs/decisions.md).
 */
import { DateTime, IANAZone } from 'luxon';
import { dayFromIso, dayNumber, isoFromDay, type DayNumber } from './calendar-days.js';
import type { When } from './event.js';
import { daysInRange, firstDayFrom, lastDay, lastDayBefore, periodDays, planDays, rulePicks, type DayPlan } from './recurrence-periods.js';

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
  /** Days of the year, 1…366 or -1…-366 (YEARLY only). */
  byYearDay?: number[];
  byMonth?: number[];
  bySetPos?: number[];
  weekStart: number;
}

export type ParsedRRule = { ok: true; rule: RRule } | { ok: false; message: string };

/** The most occurrences one series may have; stops a typo ("DAILY" for a decade) flooding feeds. */
export const MAX_COUNT = 1000;

const SUPPORTED = new Set(['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'BYDAY', 'BYMONTHDAY', 'BYYEARDAY', 'BYMONTH', 'BYSETPOS', 'WKST']);

/** Parts RFC 5545 defines that we refuse, with the reason a person can act on. */
const REFUSED: Record<string, string> = {
  BYWEEKNO:
    'uses BYWEEKNO, which is not supported: week numbers depend on WKST and calendar programs disagree about them; use BYMONTH with BYDAY (for example BYMONTH=5;BYDAY=3MO)',
  BYHOUR: 'uses BYHOUR, which is not supported: a series repeats on dates, at the time of its first start',
  BYMINUTE: 'uses BYMINUTE, which is not supported: a series repeats on dates, at the time of its first start',
  BYSECOND: 'uses BYSECOND, which is not supported: a series repeats on dates, at the time of its first start',
};

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
    if (REFUSED[key]) return { ok: false, message: REFUSED[key] };
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
        if (rule.freq === 'YEARLY' && parts.has('BYMONTH') && Math.abs(ordinal) > 5) {
          return {
            ok: false,
            message: `has BYDAY position ${m[1]}; with BYMONTH the position counts within the month, which has at most 5 of a weekday`,
          };
        }
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
  const byYearDay = parts.get('BYYEARDAY');
  if (byYearDay !== undefined) {
    const list = intList(byYearDay, 1, 366, true);
    if (!list) return { ok: false, message: 'has BYYEARDAY that is not a list of days 1…366 or -1…-366' };
    if (rule.freq !== 'YEARLY') return { ok: false, message: 'has BYYEARDAY, which only a YEARLY rule can use' };
    rule.byYearDay = list;
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
    if (!rule.byDay && !rule.byMonthDay && !rule.byYearDay && !rule.byMonth) {
      return { ok: false, message: 'has BYSETPOS without BYDAY or BYMONTHDAY (BYSETPOS picks from the dates they give)' };
    }
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
  if (rule.byYearDay) parts.push(`BYYEARDAY=${rule.byYearDay.join(',')}`);
  if (rule.byMonth) parts.push(`BYMONTH=${rule.byMonth.join(',')}`);
  if (rule.bySetPos) parts.push(`BYSETPOS=${rule.bySetPos.join(',')}`);
  if (rule.weekStart !== 1) parts.push(`WKST=${WEEKDAYS[rule.weekStart - 1]}`);
  return parts.join(';');
}

// ---- from local dates to instants ------------------------------------------------------------

/** What a clock change did to an instance's local time (RFC 5545 §3.3.5). */
export type ClockChange =
  /** The local time does not exist that day (the spring change skips it): it is read with the
   *  offset before the gap, so 01:30 becomes 02:30 BST. */
  | 'skipped'
  /** The local time happens twice that day (the autumn change repeats it): the first is meant. */
  | 'repeated';

const offsetCache = new Map<string, Map<number, [number, number]>>();

/**
 * The zone's UTC offset in minutes at `ms`. Offsets at both ends of each UTC day are cached; only
 * a day on which they differ (a clock change) asks Intl for the exact instant.
 */
function offsetAt(zone: string, ms: number): number {
  let days = offsetCache.get(zone);
  if (!days) offsetCache.set(zone, (days = new Map()));
  const day = Math.floor(ms / 86_400_000);
  let ends = days.get(day);
  if (!ends) {
    const z = IANAZone.create(zone);
    ends = [z.offset(day * 86_400_000), z.offset((day + 1) * 86_400_000 - 1)];
    if (days.size > 20_000) days.clear();
    days.set(day, ends);
  }
  return ends[0] === ends[1] ? ends[0] : IANAZone.create(zone).offset(ms);
}

/**
 * The UTC instant (ms) of a local date and time in `zone`, as RFC 5545 §3.3.5 reads a DATE-TIME
 * with a TZID: a time the spring change skips is taken with the offset before the gap (01:30 on
 * 26 March 2023 in London is 01:30Z, which the clocks show as 02:30 BST), and a time the autumn
 * change repeats means its first occurrence (01:30 BST, not 01:30 GMT).
 */
function localInstant(
  day: DayNumber,
  time: { hour: number; minute: number; second: number },
  zone: string,
): { ms: number; clockChange: ClockChange | null } {
  const wall = day * 86_400_000 + ((time.hour * 60 + time.minute) * 60 + time.second) * 1000;
  const before = offsetAt(zone, wall - 86_400_000);
  const after = offsetAt(zone, wall + 86_400_000);
  const early = wall - before * 60_000;
  if (before === after) return { ms: early, clockChange: null };
  const late = wall - after * 60_000;
  const earlyFits = offsetAt(zone, early) === before;
  const lateFits = offsetAt(zone, late) === after;
  if (earlyFits && lateFits) return { ms: Math.min(early, late), clockChange: 'repeated' };
  if (earlyFits) return { ms: early, clockChange: null };
  if (lateFits) return { ms: late, clockChange: null };
  return { ms: early, clockChange: 'skipped' };
}

/** The local calendar date (day number) of an instant in `zone`. */
function localDay(ms: number, zone: string): DayNumber {
  return Math.floor((ms + offsetAt(zone, ms) * 60_000) / 86_400_000);
}

// ---- series ----------------------------------------------------------------------------------

/**
 * Where a series starts: its first date (all-day; 'YYYY-MM-DD', a UK local date) or its first
 * start (timed; any DateTime, read on the wall clock of `zone`).
 */
export type SeriesStart = { allDay: true; date: string } | { allDay: false; start: DateTime; zone: string };

/** The SeriesStart of an event's first occurrence (its When and zone). */
export function seriesStartOf(when: When, zone: string): SeriesStart {
  return when.allDay
    ? { allDay: true, date: when.startDate }
    : { allDay: false, start: DateTime.fromISO(when.startsAt, { zone: 'UTC' }), zone };
}

interface Bound {
  plan: DayPlan;
  /** Timed series: the local time of day every instance keeps, the first start and UNTIL (ms). */
  time?: { hour: number; minute: number; second: number };
  zone?: string;
  firstMs?: number;
  untilMs?: number;
}

/** UNTIL as the instant it bounds a timed series at: a date means the end of that day in the zone. */
function untilMs(until: NonNullable<RRule['until']>, zone: string): number {
  if ('instant' in until) return Date.parse(until.instant);
  const { ms } = localInstant(dayFromIso(until.date) + 1, { hour: 0, minute: 0, second: 0 }, zone);
  return ms - 1000;
}

function bind(rule: RRule, first: SeriesStart): Bound {
  if (first.allDay) {
    const until = rule.until ? dayFromIso('date' in rule.until ? rule.until.date : rule.until.instant.slice(0, 10)) : undefined;
    return { plan: planDays(rule, dayFromIso(first.date), until) };
  }
  return bindTimed(rule, first.start.toMillis(), first.zone);
}

/** bind for a timed series given its first start in ms: the local date and time by offset arithmetic, no Luxon. */
function bindTimed(rule: RRule, firstMs: number, zone: string): Bound {
  const wall = firstMs + offsetAt(zone, firstMs) * 60_000;
  const day = Math.floor(wall / 86_400_000);
  const secondOfDay = Math.floor((wall - day * 86_400_000) / 1000);
  const time = { hour: Math.floor(secondOfDay / 3600), minute: Math.floor((secondOfDay % 3600) / 60), second: secondOfDay % 60 };
  const until = rule.until ? untilMs(rule.until, zone) : undefined;
  const plan = planDays(rule, day, until === undefined ? undefined : localDay(until, zone));
  return { plan, time, zone, firstMs, untilMs: until };
}

/** The local date ('YYYY-MM-DD') of an instant in `zone`, by the engine's cached offsets (no Luxon, no Intl per call). */
export function localDateOf(ms: number, zone: string): string {
  return isoFromDay(localDay(ms, zone));
}

/** The zone's UTC offset in minutes at an instant, from the engine's cache (no Luxon object). */
export function zoneOffsetAt(zone: string, ms: number): number {
  return offsetAt(zone, ms);
}

/** The local time of day ('HH:mm') of an instant in `zone`, by the engine's cached offsets (a month page writes hundreds). */
export function localTimeOf(ms: number, zone: string): string {
  const minuteOfDay = Math.floor(((((ms + offsetAt(zone, ms) * 60_000) % 86_400_000) + 86_400_000) % 86_400_000) / 60_000);
  return `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;
}

/** The start of the instance on `day` of a timed series (DTSTART's own instant on its day). */
function instanceStart(b: Bound, day: DayNumber): { ms: number; clockChange: ClockChange | null } {
  if (day === b.plan.start) return { ms: b.firstMs!, clockChange: null };
  return localInstant(day, b.time!, b.zone!);
}

function afterUntil(b: Bound, ms: number): boolean {
  return b.untilMs !== undefined && ms > b.untilMs;
}

export interface Occurrence {
  /** The original start: the RECURRENCE-ID a moved or cancelled occurrence is keyed by. */
  recurrenceId: string;
  start: DateTime;
  end: DateTime;
  /** Set when a clock change moved this instance's local time (see ClockChange). */
  clockChange: ClockChange | null;
}

/**
 * Expands a timed series into occurrences whose start is before `to` and end after `from`.
 * Each occurrence keeps the first one's local time of day (RFC 5545 §3.3.5 on clock-change days)
 * and its exact duration. Costs the periods between `from` (less one duration) and `to`.
 */
export function expandTimed(
  rule: RRule,
  firstStart: DateTime,
  durationMs: number,
  zone: string,
  window: { from: DateTime; to: DateTime },
): Occurrence[] {
  return expandTimedMs(rule, firstStart.toMillis(), durationMs, zone, window.from.toMillis(), window.to.toMillis()).map((o) => ({
    recurrenceId: o.recurrenceId,
    start: DateTime.fromMillis(o.startMs, { zone }),
    end: DateTime.fromMillis(o.endMs, { zone }),
    clockChange: o.clockChange,
  }));
}

/** A timed instance as plain numbers (UTC ms), for code that handles instances by the thousand. */
export interface TimedInstance {
  /** The original start as UTC text (RECURRENCE-ID). */
  recurrenceId: string;
  startMs: number;
  endMs: number;
  clockChange: ClockChange | null;
}

/**
 * expandTimed without Luxon objects: instances starting before `toMs` and ending after `fromMs`
 * (UTC ms), earliest first. Same rules and cost (the periods between the window's ends).
 */
export function expandTimedMs(
  rule: RRule,
  firstStartMs: number,
  durationMs: number,
  zone: string,
  fromMs: number,
  toMs: number,
): TimedInstance[] {
  const b = bindTimed(rule, firstStartMs, zone);
  const fromDay = localDay(fromMs - durationMs, zone) - 1;
  const toDay = localDay(toMs, zone) + 2;
  const out: TimedInstance[] = [];
  for (const day of daysInRange(b.plan, fromDay, toDay)) {
    const { ms, clockChange } = instanceStart(b, day);
    if (afterUntil(b, ms) || ms >= toMs) break;
    if (ms + durationMs <= fromMs) continue;
    out.push({ recurrenceId: utcText(ms), startMs: ms, endMs: ms + durationMs, clockChange });
  }
  return out;
}

/**
 * A clock change of a zone: the local date it happens on, and the local times of that day (ms
 * after local midnight, possibly outside 0…24 h) that it skips or repeats.
 */
export interface Transition {
  day: DayNumber;
  from: number;
  to: number;
}

/** The clock changes of `zone` per year, memoised. */
const transitionYears = new Map<string, Map<number, Transition[]>>();

/** Per zone, the first year of the run of kept years that ends with 2200 (2201 while 2200 is not kept). */
const keptUntilTheEnd = new Map<string, number>();

/** The year (UTC calendar) of a day number. */
function yearOf(day: DayNumber): number {
  return Number(isoFromDay(day).slice(0, 4));
}

/**
 * The clock changes of `zone` on local dates in [fromDay, toDay), from each year's memo
 * (learnClockChanges computes a year the first time it is asked for).
 */
function transitions(zone: string, fromDay: DayNumber, toDay: DayNumber): Transition[] {
  const out: Transition[] = [];
  for (let year = yearOf(fromDay); year <= yearOf(toDay - 1); year++) {
    for (const t of learnClockChanges(zone, year)) if (t.day >= fromDay && t.day < toDay) out.push(t);
  }
  return out;
}

/**
 * The clock changes of `zone` in `year`, computed once per process and kept: offsets at noon on
 * month boundaries, a binary search for the day and then the minute of each change (about 50
 * Intl offset look-ups, a fraction of a millisecond to a few milliseconds). Exported so that a
 * caller which must not hold the event loop (a feed build writing fragments of series begun
 * decades ago) can have the years computed one at a time, yielding between (see
 * clockChangeYearsToLearn); the result is the same either way.
 */
export function learnClockChanges(zone: string, year: number): readonly Transition[] {
  let years = transitionYears.get(zone);
  if (!years) transitionYears.set(zone, (years = new Map()));
  let found = years.get(year);
  if (found) return found;
  found = [];
  const tz = IANAZone.create(zone);
  // Noon UTC of a day sits inside that local date for every zone within ±12 hours.
  const offsetOn = (day: DayNumber) => tz.offset(day * 86_400_000 + 43_200_000);
  for (let month = 1; month <= 12; month++) {
    let lo = dayNumber(year, month, 1) - 1;
    let hi = month === 12 ? dayNumber(year + 1, 1, 1) - 1 : dayNumber(year, month + 1, 1) - 1;
    const before = offsetOn(lo);
    const after = offsetOn(hi);
    if (before === after) continue;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offsetOn(mid) === before) lo = mid;
      else hi = mid;
    }
    // The change is between noon of lo and noon of hi: find its minute.
    let early = lo * 86_400_000 + 43_200_000;
    let late = hi * 86_400_000 + 43_200_000;
    while (late - early > 60_000) {
      const mid = early + Math.floor((late - early) / 120_000) * 60_000;
      if (tz.offset(mid) === before) early = mid;
      else late = mid;
    }
    const at = late;
    const day = Math.floor((at + before * 60_000) / 86_400_000);
    const midnight = day * 86_400_000;
    found.push(
      after > before
        ? { day, from: at + before * 60_000 - midnight, to: at + after * 60_000 - midnight }
        : { day, from: at + after * 60_000 - midnight, to: at + before * 60_000 - midnight },
    );
  }
  years.set(year, found);
  let from = keptUntilTheEnd.get(zone) ?? LAST_CLOCK_CHANGE_YEAR + 1;
  while (years.has(from - 1)) from--;
  keptUntilTheEnd.set(zone, from);
  return found;
}

/**
 * The first year from which every year of `zone`'s clock changes up to 2200 is kept (2201 while
 * 2200 is not): a series whose first date is in a later year needs nothing learnt, which a caller
 * can tell without reading its rule.
 */
export function clockChangesKeptFrom(zone: string): number {
  return keptUntilTheEnd.get(zone) ?? LAST_CLOCK_CHANGE_YEAR + 1;
}

/**
 * The years whose clock changes clockChangeInstances(rule, firstStart, zone) reads and this
 * process has not computed yet, earliest first (none once they are kept). A series begun in
 * 2014 without an end reads 187 years: ~100-150 ms of Intl look-ups the first time, in one
 * synchronous call unless the caller learns them beforehand, a year at a time (ADR 265).
 */
export function clockChangeYearsToLearn(rule: RRule, firstStart: DateTime, zone: string): number[] {
  const span = clockChangeSpan(bind(rule, { allDay: false, start: firstStart, zone }));
  if (!span) return [];
  const years = transitionYears.get(zone);
  const out: number[] = [];
  for (let year = yearOf(span.fromDay); year <= yearOf(span.toDay - 1); year++) if (!years?.has(year)) out.push(year);
  return out;
}

/** The local dates [fromDay, toDay) whose clock changes clockChangeInstances looks at, or null if none. */
function clockChangeSpan(b: Bound): { fromDay: DayNumber; toDay: DayNumber } | null {
  const toDay = Math.min(CLOCK_CHANGES_UNTIL, b.plan.untilDay + 1);
  return toDay <= b.plan.start ? null : { fromDay: b.plan.start + 1, toDay };
}

/** The last year whose clock changes clockChangeInstances looks at: the calendar's plausible range ends in 2200. */
const LAST_CLOCK_CHANGE_YEAR = 2200;

/** The last local date (exclusive) up to which clockChangeInstances looks. */
const CLOCK_CHANGES_UNTIL: DayNumber = dayNumber(LAST_CLOCK_CHANGE_YEAR + 1, 1, 1);

/**
 * The instances of a timed series whose local time a clock change moved (RFC 5545 §3.3.5: a
 * time the spring change skips, or one the autumn change repeats), from its first date to its
 * last or the end of 2200, earliest first, each with its instant as expandTimed gives it and
 * its local date. Calendar programs read these dates differently from the RFC (ADR 4), so feeds
 * publish each one as an override in UTC (ADR 72). Costs the zone's clock changes in the
 * series' span (two a year in the UK), not its instances (a COUNT series: at most COUNT).
 */
export function clockChangeInstances(
  rule: RRule,
  firstStart: DateTime,
  zone: string,
): { recurrenceId: string; localDate: string; clockChange: ClockChange }[] {
  const b = bind(rule, { allDay: false, start: firstStart, zone });
  const out: { recurrenceId: string; localDate: string; clockChange: ClockChange }[] = [];
  const span = clockChangeSpan(b);
  if (!span) return out;
  const end = span.toDay;
  const changes = transitions(zone, span.fromDay, end);
  if (!changes.length) return out;
  const time = ((b.time!.hour * 60 + b.time!.minute) * 60 + b.time!.second) * 1000;
  let counted: Set<DayNumber> | null = null;
  if (b.plan.count !== undefined) counted = new Set(daysInRange(b.plan, b.plan.start, end));
  for (const { day, from, to } of changes) {
    // The cheap test first: most series' time of day is nowhere near the hour that changes (a
    // change across midnight is left to the engine's own test).
    if ((time < from || time >= to) && from >= 0 && to <= 86_400_000) continue;
    const { ms, clockChange } = instanceStart(b, day);
    if (!clockChange) continue;
    if (afterUntil(b, ms)) break;
    if (counted ? !counted.has(day) : firstDayFrom(b.plan, day, day + 1) !== day) continue;
    out.push({ recurrenceId: utcText(ms), localDate: isoFromDay(day), clockChange });
  }
  return out;
}

/**
 * Expands an all-day series into [startDate, endDate] pairs (inclusive local dates) overlapping
 * the window [fromDate, toDate). Costs the periods between fromDate (less the length) and toDate.
 */
export function expandAllDay(
  rule: RRule,
  firstDate: string,
  lengthDays: number,
  window: { fromDate: string; toDate: string },
): { recurrenceId: string; startDate: string; endDate: string }[] {
  const b = bind(rule, { allDay: true, date: firstDate });
  const days = daysInRange(b.plan, dayFromIso(window.fromDate) - (lengthDays - 1), dayFromIso(window.toDate));
  return days.map((day) => ({ recurrenceId: isoFromDay(day), startDate: isoFromDay(day), endDate: isoFromDay(day + lengthDays - 1) }));
}

/** An instance's start as the rest of the code keys it: a date (all-day) or UTC instant text. */
function startText(b: Bound, day: DayNumber): string {
  return b.time ? utcText(instanceStart(b, day).ms) : isoFromDay(day);
}

/**
 * The start of the series' last instance: a 'YYYY-MM-DD' date for an all-day series, UTC
 * instant text ('2026-12-16T18:00:00Z') for a timed one; null for a series without end. Bounded:
 * with UNTIL it seeks to UNTIL's period and steps back, with COUNT it walks at most COUNT
 * instances.
 */
export function seriesLastStart(rule: RRule, first: SeriesStart): string | null {
  const b = bind(rule, first);
  let day = lastDay(b.plan);
  if (day === null) return null;
  // A timed UNTIL can fall on the last date before that date's start time.
  if (b.time && afterUntil(b, instanceStart(b, day).ms)) day = lastDayBefore(b.plan, day, b.plan.start) ?? b.plan.start;
  return startText(b, day);
}

/** Ten years, the horizon within which a rule must show its second date (and the default search). */
export const REPEAT_HORIZON_YEARS = 10;

function yearsAfter(day: DayNumber, years: number): DayNumber {
  return day + Math.ceil(years * 365.2425);
}

/**
 * The first instance whose date is on or after `date` (a local date), searching at most
 * `withinYears` past it: its start as seriesLastStart gives it, or null. Bounded by the years
 * searched (COUNT series: by COUNT).
 */
export function nextInstanceOnOrAfter(rule: RRule, first: SeriesStart, date: string, withinYears = REPEAT_HORIZON_YEARS): string | null {
  const b = bind(rule, first);
  const from = dayFromIso(date);
  const day = firstDayFrom(b.plan, from, yearsAfter(from, withinYears));
  if (day === null) return null;
  if (b.time && afterUntil(b, instanceStart(b, day).ms)) return null;
  return startText(b, day);
}

/** The last instance whose date is before `date`, searching at most `withinYears` back; as above. */
export function previousInstanceBefore(rule: RRule, first: SeriesStart, date: string, withinYears = REPEAT_HORIZON_YEARS): string | null {
  const b = bind(rule, first);
  const before = dayFromIso(date);
  let day = lastDayBefore(b.plan, before, before - Math.ceil(withinYears * 365.2425));
  if (day !== null && b.time && afterUntil(b, instanceStart(b, day).ms)) day = lastDayBefore(b.plan, day, b.plan.start);
  return day === null ? null : startText(b, day);
}

/**
 * Whether the rule itself picks the series' first date (RFC 5545 §3.8.5.3: DTSTART "SHOULD be
 * synchronized with the recurrence rule"; calendar programs disagree about a start that is not).
 */
export function startFollowsRule(rule: RRule, first: SeriesStart): boolean {
  const b = bind(rule, first);
  return rulePicks(b.plan, b.plan.start);
}

/**
 * Whether the series has a second instance within REPEAT_HORIZON_YEARS of its first date: a
 * rule that never picks a date (BYMONTH=2;BYMONTHDAY=30), or only once a generation, is a
 * mistake. Bounded by the periods in ten years.
 */
export function repeatsWithinHorizon(rule: RRule, first: SeriesStart): boolean {
  const b = bind(rule, first);
  const second = firstDayFrom(b.plan, b.plan.start + 1, yearsAfter(b.plan.start, REPEAT_HORIZON_YEARS) + 1);
  if (second === null) return false;
  return !(b.time && afterUntil(b, instanceStart(b, second).ms));
}

function utcText(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The local dates of the instances starting in [fromDate, toDate) ('YYYY-MM-DD', inclusive start,
 * exclusive end). Costs the periods in the range (COUNT series: at most COUNT instances).
 */
export function instanceDates(rule: RRule, first: SeriesStart, fromDate: string, toDate: string): string[] {
  const b = bind(rule, first);
  const days = daysInRange(b.plan, dayFromIso(fromDate), dayFromIso(toDate));
  return (b.time ? days.filter((d) => !afterUntil(b, instanceStart(b, d).ms)) : days).map(isoFromDay);
}

/**
 * The dates nearest a series' first date that its rule does pick: the last one before it in the
 * same period (the same week, month or year), and the first one after it within
 * REPEAT_HORIZON_YEARS. For "15 October 2026 is not a second Saturday of October" messages.
 */
export function picksAroundStart(rule: RRule, first: SeriesStart): { before: string | null; after: string | null } {
  const b = bind(rule, first);
  const start = b.plan.start;
  const before = periodDays(b.plan, b.plan.startPeriod)
    .filter((d) => d < start)
    .at(-1);
  const after = firstDayFrom(b.plan, start + 1, yearsAfter(start, REPEAT_HORIZON_YEARS) + 1);
  return { before: before === undefined ? null : isoFromDay(before), after: after === null ? null : isoFromDay(after) };
}
