/**
 * @module Which calendar dates an RRULE picks, on plain day numbers (src/domain/calendar-days.ts),
 * following RFC 5545 §3.3.10. A rule is read as a set of dates per period (a day, a week from
 * WKST, a month or a year, by FREQ); the series visits every INTERVAL-th period from the one that
 * holds DTSTART. Within a period the BYxxx parts select days as the RFC's expand/limit table says:
 *
 *   |           | DAILY | WEEKLY | MONTHLY | YEARLY |
 *   | BYMONTH   | limit | limit  | limit   | expand |
 *   | BYYEARDAY | -     | -      | -       | expand |
 *   | BYMONTHDAY| limit | -      | expand  | expand |
 *   | BYDAY     | limit | expand | note 1  | note 2 |
 *   | BYSETPOS  | limit | limit  | limit   | limit  |
 *
 * (note 1: limit when BYMONTHDAY is present, else expand within the month; note 2: limit when
 * BYYEARDAY or BYMONTHDAY is present, else expand within each BYMONTH month, else within the
 * year). For parts that only pick dates, "expand A then limit by B" is the set of days of the
 * period that A and B both accept, so each period is evaluated as one filter over its days, with
 * a numbered BYDAY (3WE, -1FR) counted within the month for MONTHLY and for YEARLY with BYMONTH,
 * and within the year otherwise. What the rule leaves out comes from DTSTART (a MONTHLY rule
 * without BYDAY or BYMONTHDAY repeats on DTSTART's day of the month, and so on). BYSETPOS then
 * picks positions from the period's sorted set. Dates that do not exist (30 February, 31 April)
 * are never in a period, so they are skipped, never rolled over (§3.3.10: "Recurrence rules may
 * generate recurrence instances with an invalid date … MUST be ignored").
 *
 * Cost: a period is at most 366 integer filters; seeking to a date is arithmetic on period
 * numbers, so expanding a window costs the periods inside it, not the distance from DTSTART.
 * Only COUNT makes a walk from DTSTART necessary (instances must be counted), and COUNT is
 * at most MAX_COUNT.
 */
import { civilDate, dayNumber, daysInMonth, daysInYear, monthNumber, monthOf, weekdayOf, type DayNumber } from './calendar-days.js';
import type { RRule } from './recurrence.js';

/** Nothing is expanded past 31 December 9999 (ISO dates have four-digit years). */
const LAST_DAY: DayNumber = dayNumber(9999, 12, 31);

/** A rule bound to its DTSTART date, with the RFC's defaults filled in from DTSTART. */
export interface DayPlan {
  freq: RRule['freq'];
  interval: number;
  /** DTSTART's date: always the first instance (RFC 5545 §3.8.5.3: it counts as the first of COUNT). */
  start: DayNumber;
  startPeriod: number;
  count: number | undefined;
  /** The last date an instance may fall on (UNTIL as a date in the series' zone), inclusive. */
  untilDay: DayNumber;
  /** Bit (month - 1) set for each allowed month; 0 allows every month. */
  monthMask: number;
  monthDays: number[] | null;
  yearDays: number[] | null;
  /** Bit (weekday - 1) for each plain BYDAY weekday (MO = bit 0). */
  weekdayMask: number;
  numbered: { weekday: number; ordinal: number }[];
  /** True when BYDAY (given, or WEEKLY's default) restricts weekdays. */
  byDay: boolean;
  /** Numbered BYDAY counts within the month (MONTHLY, YEARLY with BYMONTH) or the year. */
  numberedInMonth: boolean;
  setPos: number[] | null;
  /** WEEKLY periods start on this weekday (1 = Monday). */
  weekStart: number;
}

/**
 * Binds a rule to its DTSTART date. `untilDay` is UNTIL as a date in the series' zone (the caller
 * knows the zone); absent, the series has no UNTIL.
 */
export function planDays(rule: RRule, start: DayNumber, untilDay?: DayNumber): DayPlan {
  const s = civilDate(start);
  let monthMask = rule.byMonth ? rule.byMonth.reduce((mask, m) => mask | (1 << (m - 1)), 0) : 0;
  let monthDays = rule.byMonthDay ?? null;
  const yearDays = rule.byYearDay ?? null;
  let weekdayMask = 0;
  const numbered: DayPlan['numbered'] = [];
  for (const d of rule.byDay ?? []) {
    if (d.ordinal === undefined) weekdayMask |= 1 << (d.weekday - 1);
    else numbered.push({ weekday: d.weekday, ordinal: d.ordinal });
  }
  let byDay = rule.byDay !== undefined && rule.byDay.length > 0;
  // RFC 5545 §3.3.10: what the rule does not say is taken from DTSTART.
  if (rule.freq === 'YEARLY' && !monthDays && !yearDays && !byDay) {
    if (!monthMask) monthMask = 1 << (s.month - 1);
    monthDays = [s.day];
  } else if (rule.freq === 'MONTHLY' && !monthDays && !byDay) {
    monthDays = [s.day];
  } else if (rule.freq === 'WEEKLY' && !byDay) {
    weekdayMask = 1 << (weekdayOf(start) - 1);
    byDay = true;
  }
  const plan: DayPlan = {
    freq: rule.freq,
    interval: rule.interval,
    start,
    startPeriod: 0,
    count: rule.count,
    untilDay: Math.min(untilDay ?? LAST_DAY, LAST_DAY),
    monthMask,
    monthDays,
    yearDays,
    weekdayMask,
    numbered,
    byDay,
    numberedInMonth: rule.freq === 'MONTHLY' || (rule.freq === 'YEARLY' && rule.byMonth !== undefined),
    setPos: rule.bySetPos ?? null,
    weekStart: rule.weekStart,
  };
  plan.startPeriod = periodOf(plan, start);
  return plan;
}

// ---- periods ------------------------------------------------------------------------------------

/** A Monday (5 January 1970); weeks starting on WKST are counted from the week holding it. */
const MONDAY_ZERO = 4;

/** The number of the period (day, week, month or year by FREQ) that holds `day`. */
function periodOf(plan: DayPlan, day: DayNumber): number {
  switch (plan.freq) {
    case 'DAILY':
      return day;
    case 'WEEKLY':
      return Math.floor((day - MONDAY_ZERO - (plan.weekStart - 1)) / 7);
    case 'MONTHLY': {
      const c = civilDate(day);
      return monthNumber(c.year, c.month);
    }
    case 'YEARLY':
      return civilDate(day).year;
  }
}

/** The first day of period `p`. */
function periodStart(plan: DayPlan, p: number): DayNumber {
  switch (plan.freq) {
    case 'DAILY':
      return p;
    case 'WEEKLY':
      return MONDAY_ZERO + plan.weekStart - 1 + 7 * p;
    case 'MONTHLY': {
      const { year, month } = monthOf(p);
      return dayNumber(year, month, 1);
    }
    case 'YEARLY':
      return dayNumber(p, 1, 1);
  }
}

/** The last day of period `p`. */
function periodEnd(plan: DayPlan, p: number): DayNumber {
  return periodStart(plan, p + 1) - 1;
}

/** The first series period (one of every INTERVAL from DTSTART's) at or after period `p`. */
function alignUp(plan: DayPlan, p: number): number {
  if (p <= plan.startPeriod) return plan.startPeriod;
  return plan.startPeriod + Math.ceil((p - plan.startPeriod) / plan.interval) * plan.interval;
}

/** The last series period at or before period `p`; below startPeriod when there is none. */
function alignDown(plan: DayPlan, p: number): number {
  if (p < plan.startPeriod) return plan.startPeriod - plan.interval;
  return plan.startPeriod + Math.floor((p - plan.startPeriod) / plan.interval) * plan.interval;
}

function monthAllowed(plan: DayPlan, month: number): boolean {
  return plan.monthMask === 0 || (plan.monthMask & (1 << (month - 1))) !== 0;
}

/**
 * The first series period at or after `p` that can hold a day of an allowed month: a rule limited
 * to February (BYMONTH=2) skips the other eleven months in one step instead of one day at a time.
 */
function skipForward(plan: DayPlan, p: number): number {
  if (plan.monthMask === 0 || plan.freq === 'YEARLY') return p;
  const first = periodStart(plan, p);
  const last = periodEnd(plan, p);
  const a = civilDate(first);
  const b = civilDate(last);
  if (monthAllowed(plan, a.month) || monthAllowed(plan, b.month)) return p;
  // The next allowed month after the period's last month.
  let year = b.year;
  let month = b.month;
  for (let i = 0; i < 12; i++) {
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
    if (monthAllowed(plan, month)) break;
  }
  return alignUp(plan, periodOf(plan, dayNumber(year, month, 1)));
}

/** As skipForward, backwards: the last series period at or before `p` that can hold an allowed month. */
function skipBackward(plan: DayPlan, p: number): number {
  if (plan.monthMask === 0 || plan.freq === 'YEARLY') return p;
  const a = civilDate(periodStart(plan, p));
  const b = civilDate(periodEnd(plan, p));
  if (monthAllowed(plan, a.month) || monthAllowed(plan, b.month)) return p;
  let year = a.year;
  let month = a.month;
  for (let i = 0; i < 12; i++) {
    month--;
    if (month < 1) {
      month = 12;
      year--;
    }
    if (monthAllowed(plan, month)) break;
  }
  return alignDown(plan, periodOf(plan, dayNumber(year, month, daysInMonth(year, month))));
}

// ---- the days of one period ------------------------------------------------------------------

function listHas(list: number[], value: number, length: number): boolean {
  for (const n of list) if (n > 0 ? value === n : value === length + n + 1) return true;
  return false;
}

/**
 * Whether BYDAY accepts a day: a plain weekday, or a numbered one counted within `nth` (which
 * occurrence of its weekday the day is, from the start) and `nthFromEnd` (negative, from the end).
 */
function byDayAccepts(plan: DayPlan, weekday: number, nth: number, nthFromEnd: number): boolean {
  if ((plan.weekdayMask & (1 << (weekday - 1))) !== 0) return true;
  for (const n of plan.numbered) {
    if (n.weekday === weekday && (n.ordinal > 0 ? n.ordinal === nth : n.ordinal === nthFromEnd)) return true;
  }
  return false;
}

/** Days of one month accepted by BYMONTHDAY, BYYEARDAY and BYDAY, appended to `out`. */
function monthDays(plan: DayPlan, year: number, month: number, out: DayNumber[]): void {
  const first = dayNumber(year, month, 1);
  const length = daysInMonth(year, month);
  const firstWeekday = weekdayOf(first);
  const yearLength = plan.yearDays || !plan.numberedInMonth ? daysInYear(year) : 0;
  const firstOfYear = yearLength ? first - dayNumber(year, 1, 1) : 0; // day-of-year of the 1st, minus 1
  for (let dom = 1; dom <= length; dom++) {
    if (plan.monthDays && !listHas(plan.monthDays, dom, length)) continue;
    const doy = firstOfYear + dom;
    if (plan.yearDays && !listHas(plan.yearDays, doy, yearLength)) continue;
    if (plan.byDay) {
      const weekday = ((firstWeekday - 1 + dom - 1) % 7) + 1;
      const ok = plan.numberedInMonth
        ? byDayAccepts(plan, weekday, Math.floor((dom - 1) / 7) + 1, -(Math.floor((length - dom) / 7) + 1))
        : byDayAccepts(plan, weekday, Math.floor((doy - 1) / 7) + 1, -(Math.floor((yearLength - doy) / 7) + 1));
      if (!ok) continue;
    }
    out.push(first + dom - 1);
  }
}

function applySetPos(days: DayNumber[], setPos: number[]): DayNumber[] {
  const picked = new Set<DayNumber>();
  for (const p of setPos) {
    const d = p > 0 ? days[p - 1] : days[days.length + p];
    if (d !== undefined) picked.add(d);
  }
  return [...picked].sort((a, b) => a - b);
}

/**
 * The dates the rule picks in period `p`, sorted, BYSETPOS applied; dates before DTSTART
 * included (BYSETPOS counts them; callers drop them).
 */
export function periodDays(plan: DayPlan, p: number): DayNumber[] {
  const out: DayNumber[] = [];
  switch (plan.freq) {
    case 'DAILY': {
      const c = civilDate(p);
      if (!monthAllowed(plan, c.month)) break;
      const length = daysInMonth(c.year, c.month);
      if (plan.monthDays && !listHas(plan.monthDays, c.day, length)) break;
      if (plan.byDay && (plan.weekdayMask & (1 << (weekdayOf(p) - 1))) === 0) break;
      out.push(p);
      break;
    }
    case 'WEEKLY': {
      const first = periodStart(plan, p);
      for (let d = first; d < first + 7; d++) {
        if ((plan.weekdayMask & (1 << (weekdayOf(d) - 1))) === 0) continue;
        if (plan.monthMask && !monthAllowed(plan, civilDate(d).month)) continue;
        out.push(d);
      }
      break;
    }
    case 'MONTHLY': {
      const { year, month } = monthOf(p);
      if (monthAllowed(plan, month)) monthDays(plan, year, month, out);
      break;
    }
    case 'YEARLY':
      for (let month = 1; month <= 12; month++) if (monthAllowed(plan, month)) monthDays(plan, p, month, out);
      break;
  }
  return plan.setPos ? applySetPos(out, plan.setPos) : out;
}

// ---- walking the series ----------------------------------------------------------------------

/**
 * The series' instances in [fromDay, toDay), in order, as dates. DTSTART is always the first
 * instance; COUNT and UNTIL end the series. Without COUNT this starts at the period holding
 * `fromDay`; with COUNT it walks from DTSTART (at most COUNT instances, and never past `toDay`).
 */
export function daysInRange(plan: DayPlan, fromDay: DayNumber, toDay: DayNumber): DayNumber[] {
  const out: DayNumber[] = [];
  const end = Math.min(toDay, plan.untilDay + 1, LAST_DAY + 1);
  if (end <= plan.start) return out;
  if (plan.start >= fromDay) out.push(plan.start);
  let seen = 1;
  if (plan.count !== undefined && seen >= plan.count) return out;
  const counting = plan.count !== undefined;
  let p = counting ? plan.startPeriod : alignUp(plan, periodOf(plan, Math.max(fromDay, plan.start)));
  for (p = skipForward(plan, p); periodStart(plan, p) < end; p = skipForward(plan, p + plan.interval)) {
    for (const d of periodDays(plan, p)) {
      if (d <= plan.start) continue;
      if (d >= end) return out;
      if (d >= fromDay) out.push(d);
      if (counting && ++seen >= plan.count!) return out;
    }
  }
  return out;
}

/** The first instance on or after `day` and before `limit` (exclusive), or null. */
export function firstDayFrom(plan: DayPlan, day: DayNumber, limit: DayNumber): DayNumber | null {
  if (plan.count !== undefined) return daysInRange(plan, day, limit)[0] ?? null;
  const end = Math.min(limit, plan.untilDay + 1, LAST_DAY + 1);
  if (day <= plan.start) return plan.start < end ? plan.start : null;
  for (
    let p = skipForward(plan, alignUp(plan, periodOf(plan, day)));
    periodStart(plan, p) < end;
    p = skipForward(plan, p + plan.interval)
  ) {
    for (const d of periodDays(plan, p)) {
      if (d < day) continue;
      return d < end ? d : null;
    }
  }
  return null;
}

/** The last instance before `day` and on or after `limit`, or null. */
export function lastDayBefore(plan: DayPlan, day: DayNumber, limit: DayNumber): DayNumber | null {
  if (plan.count !== undefined) return daysInRange(plan, limit, day).at(-1) ?? null;
  const before = Math.min(day, plan.untilDay + 1);
  if (before <= plan.start) return null;
  const floor = Math.max(limit, plan.start);
  for (
    let p = skipBackward(plan, alignDown(plan, periodOf(plan, before - 1)));
    p >= plan.startPeriod;
    p = skipBackward(plan, p - plan.interval)
  ) {
    if (periodEnd(plan, p) < floor) break;
    const days = periodDays(plan, p);
    for (let i = days.length - 1; i >= 0; i--) {
      const d = days[i]!;
      if (d >= before) continue;
      if (d <= plan.start) break;
      return d >= floor ? d : null;
    }
  }
  return plan.start >= limit ? plan.start : null;
}

/**
 * The date of the series' last instance, or null when it never ends. With UNTIL this seeks to
 * UNTIL's period and steps back; with COUNT it walks at most COUNT instances from DTSTART.
 */
export function lastDay(plan: DayPlan): DayNumber | null {
  if (plan.count !== undefined) return daysInRange(plan, plan.start, LAST_DAY + 1).at(-1) ?? plan.start;
  if (plan.untilDay >= LAST_DAY) return null;
  return lastDayBefore(plan, plan.untilDay + 1, plan.start) ?? plan.start;
}

/**
 * Whether the rule itself picks `day` (ignoring DTSTART's place as first instance, COUNT and
 * UNTIL): the test of "is the start an instance of its rule".
 */
export function rulePicks(plan: DayPlan, day: DayNumber): boolean {
  const p = periodOf(plan, day);
  if ((p - plan.startPeriod) % plan.interval !== 0) return false;
  return periodDays(plan, p).includes(day);
}
