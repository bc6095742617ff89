/**
 * Dates read the same in words however they are computed: the pages' own date words (written by
 * arithmetic, because the year planner writes hundreds of them) match Luxon's en-GB formatting
 * for every fifth day from 1900 to 2200 (every weekday of every month), the range the calendar accepts,
 * and times of day (a month page writes one for each event it shows) in UK time through every clock change.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { CalendarEvent } from '../../src/domain/event.js';
import { checkRecurrenceId } from '../../src/domain/exception-input.js';
import {
  dateRange,
  endDateOf,
  instantsInWords,
  longDate,
  startDateOf,
  startOnPage,
  timeLabel,
  whenText,
} from '../../src/http/pages/format.js';
import { repeatedHourReadings, startWithClock } from '../../src/domain/repeated-hour.js';
import { formatWhen, midnightMs } from '../../src/domain/time.js';
import { staleDateInWords } from '../../src/http/web/organise/date-clash-words.js';

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

  it('finds the UK midnight that starts an all-day date as Luxon does, around every clock change from 1900 to 2200', () => {
    const mismatches: string[] = [];
    const check = (date: string) => {
      if (midnightMs(date, 'Europe/London') !== DateTime.fromISO(date, { zone: 'Europe/London' }).startOf('day').toMillis())
        mismatches.push(date);
    };
    for (let day = DateTime.fromISO('1900-01-01', { zone: 'UTC' }); day.year <= 2200; day = day.plus({ days: 11 })) check(day.toISODate()!);
    // The last ten days of March and of October in every year (wartime and 1968–71 changes fell elsewhere and are in the sample above).
    for (let year = 1900; year <= 2200; year++) {
      for (const month of ['03', '10']) for (let d = 22; d <= 31; d++) check(`${year}-${month}-${d}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('writes the API’s local start and end of a timed date as Luxon’s ISO text, through the clock changes', () => {
    const mismatches: string[] = [];
    const check = (ms: number) => {
      const iso = new Date(ms).toISOString().replace('.000Z', 'Z');
      const want = DateTime.fromISO(iso, { zone: 'Europe/London' }).toISO({ suppressMilliseconds: true });
      if (formatWhen({ allDay: false, startsAt: iso, endsAt: iso }, 'Europe/London').start !== want) mismatches.push(iso);
    };
    for (let ms = Date.UTC(1900, 0, 1); ms < Date.UTC(2201, 0, 1); ms += 18_013 * 60_000) check(ms);
    for (let year = 1900; year <= 2200; year += 7) {
      for (const month of [2, 9]) {
        const lastSunday = 31 - new Date(Date.UTC(year, month, 31)).getUTCDay();
        const from = Date.UTC(year, month, lastSunday - 1);
        for (let ms = from; ms < from + 3 * 86_400_000; ms += 15 * 60_000) check(ms);
      }
    }
    expect(mismatches).toEqual([]);
    expect(formatWhen({ allDay: false, startsAt: '2150-07-01T18:00:00Z', endsAt: '2150-07-01T19:30:00Z' }, 'Europe/London')).toEqual({
      allDay: false,
      start: '2150-07-01T19:00:00+01:00',
      end: '2150-07-01T20:30:00+01:00',
    });
  });

  it('writes a timed occurrence’s whole "when", and the days it touches, as Luxon reads them', () => {
    const zone = 'Europe/London';
    const at = (iso: string) => DateTime.fromISO(iso, { zone, locale: 'en-GB' });
    // What the pages wrote through Luxon before (the reference).
    // A time the autumn change repeats names its zone after the times (ADR 270).
    const wall = (t: DateTime) => t.toFormat("yyyy-MM-dd'T'HH:mm");
    // (UK clocks have gone back only in July to November, 1900–2200: a scan of the zone's offsets, hour by hour.)
    const repeated = (t: DateTime) =>
      t.month >= 7 && t.month <= 11 && (wall(t.plus({ hours: 1 })) === wall(t) || wall(t.minus({ hours: 1 })) === wall(t));
    const luxonWhen = (startsAt: string, endsAt: string) => {
      const [start, end] = [at(startsAt), at(endsAt)];
      const which = repeated(start) || repeated(end);
      // Over days, each time names its zone when either is in the repeated hour (ADR 269); within a day,
      // one zone after the times (ADR 270).
      if (!start.hasSame(end, 'day')) {
        const z = which ? ' ZZZZ' : '';
        return `${start.toFormat(`cccc d LLLL yyyy, HH:mm${z}`)} – ${end.toFormat(`cccc d LLLL yyyy, HH:mm${z}`)}`;
      }
      const named = which ? ` ${start.toFormat('ZZZZ')}` : '';
      if (+start === +end) return `${start.toFormat('cccc d LLLL yyyy')}, ${start.toFormat('HH:mm')}${named}`;
      if (start.offset !== end.offset)
        return `${start.toFormat('cccc d LLLL yyyy')}, ${start.toFormat('HH:mm ZZZZ')}–${end.toFormat('HH:mm ZZZZ')}`;
      return `${start.toFormat('cccc d LLLL yyyy')}, ${start.toFormat('HH:mm')}–${end.toFormat('HH:mm')}${named}`;
    };
    const luxonEnd = (startsAt: string, endsAt: string) => {
      const end = at(endsAt);
      return (end.hour === 0 && end.minute === 0 && +end > +at(startsAt) ? end.minus({ minutes: 1 }) : end).toISODate();
    };
    const mismatches: string[] = [];
    const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
    for (let ms = Date.UTC(1900, 0, 1); ms < Date.UTC(2201, 0, 1); ms += 31_991 * 60_000) {
      // No length, 90 minutes, to the next midnight and beyond, and over a night.
      for (const minutes of [0, 90, 17 * 60, 26 * 60]) {
        const [startsAt, endsAt] = [iso(ms), iso(ms + minutes * 60_000)];
        const when = { allDay: false as const, startsAt, endsAt };
        if (whenText(when) !== luxonWhen(startsAt, endsAt)) mismatches.push(`${startsAt} ${endsAt} when`);
        if (startDateOf(when) !== at(startsAt).toISODate()) mismatches.push(`${startsAt} start day`);
        if (endDateOf(when) !== luxonEnd(startsAt, endsAt)) mismatches.push(`${endsAt} end day`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(whenText({ allDay: false, startsAt: '2026-10-25T00:30:00Z', endsAt: '2026-10-25T01:00:00Z' })).toBe(
      'Sunday 25 October 2026, 01:30 BST–01:00 GMT',
    );
    // The two 01:30s of the night the clocks go back read as two times, an event page's "When" included.
    expect(
      [
        ['2027-10-31T00:30:00Z', '2027-10-31T00:30:00Z'],
        ['2027-10-31T01:30:00Z', '2027-10-31T01:30:00Z'],
        ['2027-10-31T01:30:00Z', '2027-10-31T03:00:00Z'],
        ['2027-10-30T23:00:00Z', '2027-10-31T00:15:00Z'],
      ].map(([startsAt, endsAt]) => whenText({ allDay: false, startsAt: startsAt!, endsAt: endsAt! })),
    ).toEqual([
      'Sunday 31 October 2027, 01:30 BST',
      'Sunday 31 October 2027, 01:30 GMT',
      'Sunday 31 October 2027, 01:30–03:00 GMT',
      'Sunday 31 October 2027, 00:00–01:15 BST',
    ]);
    // Which 01:30 (ADR 270): the second, the first, and an hour that is not repeated.
    expect(
      [
        ['2027-10-31T01:30:00Z', '2027-10-31T01:45:00Z'],
        ['2027-10-30T23:45:00Z', '2027-10-31T00:30:00Z'],
        ['2027-10-31T01:30:00Z', '2027-10-31T01:30:00Z'],
        ['2027-10-31T02:30:00Z', '2027-10-31T02:45:00Z'],
      ].map(([startsAt, endsAt]) => whenText({ allDay: false, startsAt: startsAt!, endsAt: endsAt! })),
    ).toEqual([
      'Sunday 31 October 2027, 01:30–01:45 GMT',
      'Sunday 31 October 2027, 00:45–01:30 BST',
      'Sunday 31 October 2027, 01:30 GMT',
      'Sunday 31 October 2027, 02:30–02:45',
    ]);
    // Around every autumn change of 2020–2040, every quarter hour: the same as Luxon.
    for (let year = 2020; year <= 2040; year++) {
      const lastSunday = 31 - new Date(Date.UTC(year, 9, 31)).getUTCDay();
      for (let ms = Date.UTC(year, 9, lastSunday - 1, 22); ms < Date.UTC(year, 9, lastSunday, 4); ms += 15 * 60_000) {
        const [startsAt, endsAt] = [iso(ms), iso(ms + 15 * 60_000)];
        if (whenText({ allDay: false, startsAt, endsAt }) !== luxonWhen(startsAt, endsAt)) mismatches.push(`${startsAt} when`);
      }
    }
    expect(mismatches).toEqual([]);
    // A form asks which 01:30, and sends the one chosen with its offset.
    expect(repeatedHourReadings('2027-10-31', '01:30', zone)).toEqual([
      { name: 'BST', offset: '+01:00' },
      { name: 'GMT', offset: '+00:00' },
    ]);
    expect([repeatedHourReadings('2027-10-31', '02:30', zone), repeatedHourReadings('2027-03-28', '01:30', zone)]).toEqual([null, null]);
    expect(startWithClock('2027-10-31', '01:30', 'GMT', zone)).toBe('2027-10-31T01:30+00:00');
    expect(startWithClock('2027-10-31', '01:30', '', zone)).toBe('2027-10-31T01:30');
    expect(startWithClock('2027-10-30', '01:30', 'GMT', zone)).toBe('2027-10-30T01:30');
    expect(endDateOf({ allDay: false, startsAt: '2026-11-04T18:00:00Z', endsAt: '2026-11-05T00:00:00Z' })).toBe('2026-11-04');
  });

  it('writes ranges within a month, across months and across years as people say them', () => {
    expect(dateRange('2022-10-08', '2022-10-15')).toBe('8–15 October 2022');
    expect(dateRange('2022-09-29', '2022-10-31')).toBe('29 September – 31 October 2022');
    expect(dateRange('2022-12-28', '2023-01-03')).toBe('28 December 2022 – 3 January 2023');
    expect(dateRange('2022-10-10', '2022-10-10')).toBe('Monday 10 October 2022');
  });

  it('writes the API checks\u2019 instants in words on pages, keeping which 01:30 of the autumn change', () => {
    expect(instantsInWords('two dates would start at one moment (2022-11-23T18:00 UK time), where the date of 2022-11-09 was moved')).toBe(
      'two dates would start at one moment (Wednesday 23 November 2022, 18:00), where the date of Wednesday 9 November 2022 was moved',
    );
    expect(instantsInWords('the same start (2027-10-31T01:30 BST) and (2027-10-31T01:30 GMT)')).toBe(
      'the same start (Sunday 31 October 2027, 01:30 BST) and (Sunday 31 October 2027, 01:30 GMT)',
    );
    expect(instantsInWords('must be a real date, like 2027-06-30')).toBe('must be a real date, like 2027-06-30');
    // A later part of a split series, named by its first date (ADR 269).
    expect(instantsInWords('it continues as "T21 Weekly" from 2026-12-03, which a change of rule cannot reach')).toBe(
      'it continues as "T21 Weekly" from Thursday 3 December 2026, which a change of rule cannot reach',
    );
  });

  it('names the nearest dates of a date the series no longer has as pages write dates, BST or GMT kept in the repeated hour', () => {
    // Sundays at 01:30 every other week from 16 October 2022: the next is 30 October, the night the clocks go back
    // (the series' date there is the first 01:30, BST).
    const series = {
      id: 'e1',
      when: { allDay: false, startsAt: '2022-10-16T00:30:00Z', endsAt: '2022-10-16T01:30:00Z' },
      timezone: 'Europe/London',
      rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=SU',
      exceptions: [],
    } as unknown as CalendarEvent;
    const stale = '2022-10-23T00:30:00Z';
    const checked = checkRecurrenceId(series, stale);
    if (checked.ok) throw new Error('23 October is no date of the series');
    // The API keeps the keys a program sends back; a page writes them in words.
    expect(checked.errors[0]!.message).toBe(
      'is not an occurrence of this series; the nearest are 2022-10-16T01:30 and 2022-10-30T01:30 (UK time)',
    );
    const onPage = staleDateInWords(series, stale, checked.errors[0]!).message;
    expect(onPage).toMatch(
      /^is not an occurrence of this series; the nearest are Sunday 16 October 2022, 01:30 and Sunday 30 October 2022, 01:30 BST$/,
    );
    expect(onPage).not.toMatch(/\d{4}-\d{2}/);
    // A clash on the dates page names its start the same way (startOnPage): which 01:30, and no zone otherwise.
    const at = (startsAt: string) => startOnPage({ allDay: false, startsAt, endsAt: startsAt }, 'Europe/London');
    expect([at('2022-10-30T00:30:00Z'), at('2022-10-30T01:30:00Z'), at('2027-06-30T17:00:00Z')]).toEqual([
      'Sunday 30 October 2022, 01:30 BST',
      'Sunday 30 October 2022, 01:30 GMT',
      'Wednesday 30 June 2027, 18:00',
    ]);
    const allDay = { ...series, when: { allDay: true, startDate: '2022-10-16', endDate: '2022-10-16' } } as CalendarEvent;
    const day = checkRecurrenceId(allDay, '2022-10-23');
    if (day.ok) throw new Error('23 October is no date of the series');
    expect(staleDateInWords(allDay, '2022-10-23', day.errors[0]!).message).toBe(
      'is not an occurrence of this series; the nearest are Sunday 16 October 2022 and Sunday 30 October 2022',
    );
  });
});
