/**
 * Dates read the same in words however they are computed: the pages' own date words (written by
 * arithmetic, because the year planner writes hundreds of them) match Luxon's en-GB formatting
 * for every fifth day from 1900 to 2200 (every weekday of every month), the range the calendar accepts,
 * and times of day (a month page writes one for each event it shows) in UK time through every clock change.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { dateRange, longDate, timeLabel } from '../../src/http/pages/format.js';

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

  it('writes times of day in UK time as Luxon does, through the clock changes', () => {
    const label = (ms: number) => {
      const startsAt = new Date(ms).toISOString().replace('.000Z', 'Z');
      const endsAt = new Date(ms + 90 * 60_000).toISOString().replace('.000Z', 'Z');
      return { got: timeLabel({ allDay: false, startsAt, endsAt }), startsAt, endsAt };
    };
    const london = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/London' }).toFormat('HH:mm');
    const mismatches: string[] = [];
    const check = (ms: number) => {
      const { got, startsAt, endsAt } = label(ms);
      if (got !== `${london(startsAt)}–${london(endsAt)}`) mismatches.push(startsAt);
    };
    // Every 6,007 minutes from 1900 to 2200 (every minute of the day in both seasons, in turn) ...
    for (let ms = Date.UTC(1900, 0, 1); ms < Date.UTC(2201, 0, 1); ms += 6007 * 60_000) check(ms);
    // ... and every quarter of an hour for three days around both changes of every tenth year and of 2020–2040.
    const years = [...Array.from({ length: 31 }, (_, i) => 1900 + 10 * i), ...Array.from({ length: 21 }, (_, i) => 2020 + i)];
    for (const year of years) {
      for (const month of [2, 9]) {
        const lastSunday = 31 - new Date(Date.UTC(year, month, 31)).getUTCDay();
        const from = Date.UTC(year, month, lastSunday - 1);
        for (let ms = from; ms < from + 3 * 86_400_000; ms += 15 * 60_000) check(ms);
      }
    }
    expect(mismatches).toEqual([]);
    expect(timeLabel({ allDay: false, startsAt: '2026-03-29T00:30:00Z', endsAt: '2026-03-29T01:30:00Z' })).toBe('00:30–02:30');
    expect(timeLabel({ allDay: false, startsAt: '2026-10-25T00:30:00Z', endsAt: '2026-10-25T00:30:00Z' })).toBe('01:30');
  });

  it('writes ranges within a month, across months and across years as people say them', () => {
    expect(dateRange('2022-10-08', '2022-10-15')).toBe('8–15 October 2022');
    expect(dateRange('2022-09-29', '2022-10-31')).toBe('29 September – 31 October 2022');
    expect(dateRange('2022-12-28', '2023-01-03')).toBe('28 December 2022 – 3 January 2023');
    expect(dateRange('2022-10-10', '2022-10-10')).toBe('Monday 10 October 2022');
  });
});
