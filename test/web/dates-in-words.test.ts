/**
 * Dates read the same in words however they are computed: the pages' own date words (written by
 * arithmetic, because the year planner writes hundreds of them) match Luxon's en-GB formatting
 * for every fifth day from 1900 to 2200 (every weekday of every month), the range the calendar accepts.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { dateRange, longDate } from '../../src/http/pages/format.js';

const luxon = (date: string, format: string) => DateTime.fromISO(date, { zone: 'UTC', locale: 'en-GB' }).toFormat(format);

describe('dates in words', () => {
  it('writes days from 1900 to 2200 as Luxon’s en-GB "Monday 10 October 2022" does', () => {
    const mismatches: string[] = [];
    for (let day = DateTime.fromISO('1900-01-01', { zone: 'UTC' }); day.year <= 2200; day = day.plus({ days: 5 })) {
      const date = day.toISODate()!;
      if (longDate(date) !== luxon(date, 'cccc d LLLL yyyy')) mismatches.push(date);
    }
    expect(mismatches).toEqual([]);
  });

  it('writes ranges within a month, across months and across years as people say them', () => {
    expect(dateRange('2022-10-08', '2022-10-15')).toBe('8–15 October 2022');
    expect(dateRange('2022-09-29', '2022-10-31')).toBe('29 September – 31 October 2022');
    expect(dateRange('2022-12-28', '2023-01-03')).toBe('28 December 2022 – 3 January 2023');
    expect(dateRange('2022-10-10', '2022-10-10')).toBe('Monday 10 October 2022');
  });
});
