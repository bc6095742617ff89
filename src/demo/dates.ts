/**
 * @module Where the demo calendar's dates fall, relative to today, so a new install shows a
 * living calendar: this year's and next year's campaign weeks, the groups' series running through
 * now. Each date follows the rule its meeting or campaign keeps (the IAG on the third Wednesday,
 * Hate Crime Awareness Week from the second Saturday of October, the Police and Crime Panel on
 * Fridays), so the weekdays are always right. For the partnership year 2022 these are the dates
 * of the seed documents (docs: /work/shared/domain.md).
 */
import { DateTime } from 'luxon';
import { addDays, DEFAULT_ZONE } from '../domain/time.js';

/**
 * The partnership year the demo is built around: the year whose September has begun (from
 * September, this year; before it, last year), so the IAG's series, which starts that September,
 * is always running and this year's campaigns are never more than a year old.
 */
export function demoYear(now: Date): number {
  const local = DateTime.fromJSDate(now).setZone(DEFAULT_ZONE);
  return local.month >= 9 ? local.year : local.year - 1;
}

/** The `n`th (1…5) `weekday` (1 Monday … 7 Sunday) of a month, as 'YYYY-MM-DD'. */
export function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  const first = DateTime.fromObject({ year, month, day: 1 }, { zone: 'UTC' });
  return first.plus({ days: ((weekday - first.weekday + 7) % 7) + (n - 1) * 7 }).toISODate()!;
}

/** National Hate Crime Awareness Week: the second Saturday of October to the Saturday after. */
export function hateCrimeAwarenessWeek(year: number): { start: string; end: string } {
  const start = nthWeekday(year, 10, 6, 2);
  return { start, end: addDays(start, 7) };
}

export function demoDates(year: number) {
  const [MON, TUE, WED, THU, FRI] = [1, 2, 3, 4, 5];
  return {
    /** The IAG meets on the third Wednesday; its series starts in September. */
    iagFirst: nthWeekday(year, 9, WED, 3),
    iagSecond: nthWeekday(year, 10, WED, 3),
    /** The board meets quarterly on the third Thursday, from April three years before. */
    boardFirst: nthWeekday(year - 3, 4, THU, 3),
    boardJuly: nthWeekday(year - 3, 7, THU, 3),
    taskGroupFirst: nthWeekday(year, 9, TUE, 1),
    hcaw: hateCrimeAwarenessWeek(year),
    hcawNext: hateCrimeAwarenessWeek(year + 1),
    panelSep: nthWeekday(year + 1, 9, FRI, 3),
    panelNov: nthWeekday(year + 1, 11, FRI, 1),
    biteBack: nthWeekday(year - 3, 8, MON, 1),
    countyLines: nthWeekday(year + 1, 10, MON, 2),
    trainingJune: nthWeekday(year - 3, 6, THU, 2),
    trainingJuly: nthWeekday(year - 3, 7, FRI, 2),
    consultation: nthWeekday(year - 3, 9, WED, 2),
    quarterlyReport: nthWeekday(year - 3, 7, THU, 1),
  };
}
