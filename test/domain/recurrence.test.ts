import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { CalendarEvent } from '../../src/domain/event.js';
import { occurrencesInWindow } from '../../src/domain/occurrences.js';
import {
  clockChangeInstances,
  clockChangesKeptFrom,
  clockChangeYearsToLearn,
  learnClockChanges,
  parseRRule,
  seriesLastStart,
  type RRule,
} from '../../src/domain/recurrence.js';
import { parseDateTime } from '../../src/domain/time.js';

const zone = 'Europe/London';

function series(overrides: Partial<CalendarEvent>): CalendarEvent {
  return {
    id: 'e1',
    kind: 'meeting',
    title: 'IAG meeting',
    description: '',
    location: 'Civic',
    links: [],
    when: { allDay: false, startsAt: '2022-09-21T17:00:00Z', endsAt: '2022-09-21T19:00:00Z' },
    timezone: zone,
    rrule: 'FREQ=MONTHLY;BYDAY=3WE',
    exceptions: [],
    themes: [],
    organisationId: null,
    groupId: 'g1',
    parentId: null,
    visibility: 'public',
    status: 'published',
    sequence: 0,
    createdAt: '2022-01-01T00:00:00.000Z',
    updatedAt: '2022-01-01T00:00:00.000Z',
    cancelledAt: null,
    ...overrides,
  };
}

const window = (from: string, to: string) => ({
  from: DateTime.fromISO(from, { zone }),
  to: DateTime.fromISO(to, { zone }),
});

function localStarts(event: CalendarEvent, from: string, to: string): string[] {
  return occurrencesInWindow(event, window(from, to)).map((o) =>
    o.when.allDay ? o.when.startDate : DateTime.fromISO(o.when.startsAt, { zone }).toFormat("yyyy-MM-dd'T'HH:mm ZZ"),
  );
}

describe('recurrence across the clock changes', () => {
  it('keeps a monthly 18:00 meeting at 18:00 UK time when the clocks go back in October', () => {
    expect(localStarts(series({}), '2022-09-01', '2023-01-01')).toEqual([
      '2022-09-21T18:00 +01:00',
      '2022-10-19T18:00 +01:00',
      '2022-11-16T18:00 +00:00',
      '2022-12-21T18:00 +00:00',
    ]);
  });

  it('gives the UTC instants an hour apart in summer and winter for the same local time', () => {
    const occ = occurrencesInWindow(series({}), window('2022-10-01', '2022-12-01'));
    expect(occ.map((o) => (o.when.allDay ? '' : o.when.startsAt))).toEqual(['2022-10-19T17:00:00Z', '2022-11-16T18:00:00Z']);
    expect(occ.map((o) => (o.when.allDay ? '' : o.when.endsAt))).toEqual(['2022-10-19T19:00:00Z', '2022-11-16T20:00:00Z']);
  });

  it('keeps a weekly Friday 11:00 meeting at 11:00 when the clocks go forward in March', () => {
    const weekly = series({
      when: { allDay: false, startsAt: '2023-03-17T11:00:00Z', endsAt: '2023-03-17T13:00:00Z' },
      rrule: 'FREQ=WEEKLY;COUNT=4',
    });
    expect(localStarts(weekly, '2023-03-01', '2023-05-01')).toEqual([
      '2023-03-17T11:00 +00:00',
      '2023-03-24T11:00 +00:00',
      '2023-03-31T11:00 +01:00',
      '2023-04-07T11:00 +01:00',
    ]);
  });

  it('expands a quarterly board meeting on the third Thursday at 14:00 in both seasons', () => {
    const board = series({
      when: { allDay: false, startsAt: '2019-04-18T13:00:00Z', endsAt: '2019-04-18T15:00:00Z' },
      rrule: 'FREQ=MONTHLY;INTERVAL=3;BYDAY=3TH',
    });
    expect(localStarts(board, '2019-04-01', '2020-05-01')).toEqual([
      '2019-04-18T14:00 +01:00',
      '2019-07-18T14:00 +01:00',
      '2019-10-17T14:00 +01:00',
      '2020-01-16T14:00 +00:00',
      '2020-04-16T14:00 +01:00',
    ]);
  });

  it('puts an occurrence whose local time the spring change skips at the first valid time after it', () => {
    const early = series({
      when: { allDay: false, startsAt: '2023-03-19T01:30:00Z', endsAt: '2023-03-19T02:00:00Z' },
      rrule: 'FREQ=WEEKLY;COUNT=2',
    });
    // 01:30 on 26 March 2023 does not exist in London; the clocks jump from 01:00 to 02:00.
    expect(localStarts(early, '2023-03-01', '2023-04-01')).toEqual(['2023-03-19T01:30 +00:00', '2023-03-26T02:30 +01:00']);
  });

  it('refuses a one-off local time the spring change skips, and reads an autumn repeat hour as the first one', () => {
    expect(parseDateTime('2023-03-26T01:30', zone)).toMatchObject({ ok: false });
    const autumn = parseDateTime('2022-10-30T01:30', zone);
    expect(autumn.ok && autumn.instant.toISO()).toBe('2022-10-30T00:30:00.000Z');
  });
});

describe('recurrence rules', () => {
  it('honours COUNT, UNTIL, INTERVAL and the last weekday of the month', () => {
    const lastFriday = series({
      when: { allDay: false, startsAt: '2023-09-29T10:00:00Z', endsAt: '2023-09-29T11:00:00Z' },
      rrule: 'FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20231231T235959Z',
    });
    expect(localStarts(lastFriday, '2023-01-01', '2025-01-01').map((s) => s.slice(0, 10))).toEqual([
      '2023-09-29',
      '2023-10-27',
      '2023-11-24',
      '2023-12-29',
    ]);
    const fortnightly = series({
      when: { allDay: false, startsAt: '2022-09-06T09:00:00Z', endsAt: '2022-09-06T10:00:00Z' },
      rrule: 'FREQ=WEEKLY;INTERVAL=2;COUNT=3',
    });
    expect(localStarts(fortnightly, '2022-01-01', '2023-01-01').map((s) => s.slice(0, 10))).toEqual([
      '2022-09-06',
      '2022-09-20',
      '2022-10-04',
    ]);
  });

  it('skips months without a 31st instead of inventing dates', () => {
    const monthEnd = series({
      when: { allDay: true, startDate: '2023-01-31', endDate: '2023-01-31' },
      rrule: 'FREQ=MONTHLY;BYMONTHDAY=31;COUNT=4',
      kind: 'deadline',
    });
    expect(localStarts(monthEnd, '2023-01-01', '2024-01-01')).toEqual(['2023-01-31', '2023-03-31', '2023-05-31', '2023-07-31']);
  });

  it('repeats a multi-day all-day campaign every year and keeps its length', () => {
    const halloween = series({
      kind: 'campaign_week',
      when: { allDay: true, startDate: '2019-10-28', endDate: '2019-11-05' },
      rrule: 'FREQ=YEARLY',
    });
    const occ = occurrencesInWindow(halloween, window('2021-01-01', '2023-01-01'));
    expect(occ.map((o) => (o.when.allDay ? [o.when.startDate, o.when.endDate] : []))).toEqual([
      ['2021-10-28', '2021-11-05'],
      ['2022-10-28', '2022-11-05'],
    ]);
  });

  it('leaves out cancelled occurrences and shows moved ones at their new time and place', () => {
    const withExceptions = series({
      exceptions: [
        {
          recurrenceId: '2022-10-19T17:00:00Z',
          kind: 'moved',
          when: { allDay: false, startsAt: '2022-10-26T17:00:00Z', endsAt: '2022-10-26T19:00:00Z' },
          location: 'College',
          note: '',
          updatedAt: '',
        },
        { recurrenceId: '2022-11-16T18:00:00Z', kind: 'cancelled', when: null, location: null, note: '', updatedAt: '' },
      ],
    });
    const occ = occurrencesInWindow(withExceptions, window('2022-10-01', '2023-01-01'));
    expect(occ.map((o) => [o.recurrenceId, o.when.allDay ? '' : o.when.startsAt, o.location, o.moved])).toEqual([
      ['2022-10-19T17:00:00Z', '2022-10-26T17:00:00Z', 'College', true],
      ['2022-12-21T18:00:00Z', '2022-12-21T18:00:00Z', 'Civic', false],
    ]);
  });

  it.each([
    ['FREQ=HOURLY', 'FREQ=HOURLY'],
    ['BYDAY=MO', 'needs FREQ'],
    ['FREQ=WEEKLY;BYHOUR=9', 'BYHOUR, which is not supported'],
    ['FREQ=WEEKLY;COUNT=2;UNTIL=20240101', 'both COUNT and UNTIL'],
    ['FREQ=WEEKLY;BYDAY=2MO', 'only MONTHLY or YEARLY'],
    ['FREQ=MONTHLY;BYDAY=6MO', 'at most 5'],
    ['FREQ=MONTHLY;INTERVAL=0', 'INTERVAL'],
    ['FREQ=DAILY;COUNT=5000', 'COUNT'],
    ['FREQ=DAILY;UNTIL=2024-01-01', 'UNTIL'],
    ['FREQ=MONTHLY;BYMONTHDAY=32', 'BYMONTHDAY'],
    ['FREQ=DAILY;;', 'malformed'],
    ['FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO', 'BYWEEKNO, which is not supported: week numbers depend on WKST'],
    ['FREQ=MONTHLY;BYYEARDAY=100', 'BYYEARDAY, which only a YEARLY rule can use'],
    ['FREQ=YEARLY;BYMONTH=10;BYDAY=6SA', 'with BYMONTH the position counts within the month'],
    ['FREQ=WEEKLY;BYSETPOS=1', 'BYSETPOS without BYDAY or BYMONTHDAY'],
  ])('refuses %s and says why', (rule, message) => {
    const parsed = parseRRule(rule);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toContain(message);
  });
});

function rule(text: string): RRule {
  const parsed = parseRRule(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.rule;
}

describe('windows far from the series start', () => {
  it('expands March 2100 of a daily series that began in 1901', () => {
    const daily = series({
      when: { allDay: false, startsAt: '1901-01-01T09:00:00Z', endsAt: '1901-01-01T10:00:00Z' },
      rrule: 'FREQ=DAILY',
    });
    const starts = localStarts(daily, '2100-03-01', '2100-04-01');
    expect(starts).toHaveLength(31);
    expect([starts[0], starts[27], starts[30]]).toEqual(['2100-03-01T09:00 +00:00', '2100-03-28T09:00 +01:00', '2100-03-31T09:00 +01:00']);
  });

  it('gives 2026 of a third-Wednesday meeting that began in 1950, at 18:00 in both seasons', () => {
    const since1950 = series({ when: { allDay: false, startsAt: '1950-01-18T18:00:00Z', endsAt: '1950-01-18T20:00:00Z' } });
    expect(localStarts(since1950, '2026-01-01', '2027-01-01').map((s) => s.slice(5))).toEqual([
      '01-21T18:00 +00:00',
      '02-18T18:00 +00:00',
      '03-18T18:00 +00:00',
      '04-15T18:00 +01:00',
      '05-20T18:00 +01:00',
      '06-17T18:00 +01:00',
      '07-15T18:00 +01:00',
      '08-19T18:00 +01:00',
      '09-16T18:00 +01:00',
      '10-21T18:00 +01:00',
      '11-18T18:00 +00:00',
      '12-16T18:00 +00:00',
    ]);
  });

  it('gives the second Monday of every month for BYDAY=2MO with BYMONTHDAY=8…14, as every calendar program does', () => {
    const secondMonday = series({
      when: { allDay: false, startsAt: '2026-01-12T18:00:00Z', endsAt: '2026-01-12T19:00:00Z' },
      rrule: 'FREQ=MONTHLY;BYDAY=2MO;BYMONTHDAY=8,9,10,11,12,13,14',
    });
    expect(localStarts(secondMonday, '2026-01-01', '2026-07-01').map((s) => s.slice(0, 10))).toEqual([
      '2026-01-12',
      '2026-02-09',
      '2026-03-09',
      '2026-04-13',
      '2026-05-11',
      '2026-06-08',
    ]);
  });
});

describe('where a series ends', () => {
  const timed = (startsAt: string) => ({ allDay: false as const, start: DateTime.fromISO(startsAt, { zone: 'UTC' }), zone });

  it('has no last instance without COUNT or UNTIL', () => {
    expect(seriesLastStart(rule('FREQ=MONTHLY;BYDAY=3WE'), timed('2022-09-21T17:00:00Z'))).toBeNull();
  });

  it('counts COUNT from the first date, which is the first instance', () => {
    expect(seriesLastStart(rule('FREQ=MONTHLY;BYDAY=3WE;COUNT=4'), timed('2022-09-21T17:00:00Z'))).toBe('2022-12-21T18:00:00Z');
    expect(seriesLastStart(rule('FREQ=YEARLY;COUNT=3'), { allDay: true, date: '2024-02-29' })).toBe('2032-02-29');
  });

  it('ends on the last instance at or before UNTIL, even when UNTIL falls earlier on that instance’s day', () => {
    // UNTIL 17:00 UTC on 20 December is before that day's 18:00 meeting: the 13th is the last.
    expect(seriesLastStart(rule('FREQ=WEEKLY;BYDAY=SU;UNTIL=20261220T170000Z'), timed('2026-11-01T18:00:00Z'))).toBe(
      '2026-12-13T18:00:00Z',
    );
    expect(seriesLastStart(rule('FREQ=WEEKLY;BYDAY=SU;UNTIL=20261220T180000Z'), timed('2026-11-01T18:00:00Z'))).toBe(
      '2026-12-20T18:00:00Z',
    );
    expect(seriesLastStart(rule('FREQ=YEARLY;BYMONTH=10;BYDAY=2SA;UNTIL=20300101'), { allDay: true, date: '2026-10-10' })).toBe(
      '2029-10-13',
    );
  });
});

describe('series dates on the days the clocks change', () => {
  it('marks a date whose usual time the spring change skips, and starts it an hour later (RFC 5545 §3.3.5)', () => {
    const early = series({
      when: { allDay: false, startsAt: '2026-03-22T01:30:00Z', endsAt: '2026-03-22T02:00:00Z' },
      rrule: 'FREQ=WEEKLY;COUNT=3',
    });
    const occ = occurrencesInWindow(early, window('2026-03-01', '2026-05-01'));
    expect(occ.map((o) => [o.when.allDay ? '' : o.when.startsAt, o.clockChange ?? null])).toEqual([
      ['2026-03-22T01:30:00Z', null],
      ['2026-03-29T01:30:00Z', 'skipped'], // 02:30 BST
      ['2026-04-05T00:30:00Z', null], // 01:30 BST again
    ]);
  });

  it('marks a date whose usual time the autumn change repeats, and takes the first of the two (BST)', () => {
    const early = series({
      when: { allDay: false, startsAt: '2026-10-18T00:30:00Z', endsAt: '2026-10-18T01:00:00Z' },
      rrule: 'FREQ=WEEKLY;COUNT=3',
    });
    const occ = occurrencesInWindow(early, window('2026-10-01', '2026-12-01'));
    expect(occ.map((o) => [o.when.allDay ? '' : o.when.startsAt, o.clockChange ?? null])).toEqual([
      ['2026-10-18T00:30:00Z', null],
      ['2026-10-25T00:30:00Z', 'repeated'], // the first 01:30, BST
      ['2026-11-01T01:30:00Z', null],
    ]);
  });

  it('gives the same clock-change dates when a caller learns the years one at a time first, as a feed build does to keep requests answered (ADR 265)', () => {
    // Zones no other test uses (one a link to the other), so no year is known before this test.
    // Chile's clocks change at local midnight, so a weekly 00:30 series meets them.
    const [learnt, asked] = ['America/Santiago', 'Chile/Continental'];
    const weekly = rule('FREQ=WEEKLY;BYDAY=SU');
    const first = (zone: string) => DateTime.fromISO('2150-01-04T00:30:00', { zone }).toUTC();
    const years = clockChangeYearsToLearn(weekly, first(learnt), learnt);
    expect([years.length, years[0], years.at(-1)]).toEqual([51, 2150, 2200]);
    for (const year of years) learnClockChanges(learnt, year);
    expect(clockChangeYearsToLearn(weekly, first(learnt), learnt)).toEqual([]);
    expect([clockChangesKeptFrom(learnt), clockChangesKeptFrom(asked)]).toEqual([2150, 2201]);
    const dates = clockChangeInstances(weekly, first(learnt), learnt);
    expect(dates.length).toBeGreaterThan(0);
    expect(clockChangeInstances(weekly, first(asked), asked)).toEqual(dates);
  });
});
