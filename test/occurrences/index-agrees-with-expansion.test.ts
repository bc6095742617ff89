/**
 * The occurrence index gives the same dates as expanding every series, on SQLite and on D1:
 * across both clock changes, with moved, relocated and cancelled dates, for windows inside the
 * indexed horizon (answered from rows) and far outside it (answered by expansion from the window's
 * start), read a page at a time in both directions; and, beyond the horizon, with more series than
 * a far window reads at once, in the order their keys give (src/occurrences/series-order.ts).
 */
import { sql, type SqlBool } from 'kysely';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertEventStatements } from '../../src/db/events.js';
import { eventFields } from '../../src/domain/event.js';
import type { CalendarEvent } from '../../src/domain/event.js';
import { occurrencesInWindow, type Window } from '../../src/domain/occurrences.js';
import { instantRange, utcIso } from '../../src/domain/time.js';
import { ORGANISER } from '../../src/domain/visibility.js';
import { pageOccurrences, type OccurrenceCursor } from '../../src/occurrences/index.js';
import { keyedSeries, keyMs, type KeyedSeriesRow } from '../../src/occurrences/series-order.js';
import { fixtureEvents } from '../feeds/support/fixtures.js';
import { BACKENDS, type Backend, type OpenBackend } from '../support/backends.js';

/** When the calendar was written: the index covers two years before and five years after. */
const WRITTEN = new Date('2022-09-01T09:00:00Z');

/** The fixtures (a monthly meeting with moves and a cancellation, weekly, yearly, all-day, zero-length, cancelled, draft…) plus series that run for years. */
function calendar(): CalendarEvent[] {
  const base = fixtureEvents()[0]!;
  const extra: CalendarEvent[] = [
    {
      ...base,
      id: '00000000-0000-4000-8000-0000000000a1',
      title: 'Daily patrol briefing since 2016',
      when: { allDay: false, startsAt: '2016-03-01T07:30:00Z', endsAt: '2016-03-01T08:00:00Z' },
      rrule: 'FREQ=DAILY',
      exceptions: [],
    },
    {
      ...base,
      id: '00000000-0000-4000-8000-0000000000a2',
      title: 'Fortnightly surgery on Saturdays, across the clock changes',
      when: { allDay: false, startsAt: '2022-03-19T10:00:00Z', endsAt: '2022-03-19T12:00:00Z' },
      rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=SA',
      exceptions: [
        { recurrenceId: '2022-10-29T09:00:00Z', kind: 'cancelled', when: null, location: null, note: '', updatedAt: base.updatedAt },
        {
          recurrenceId: '2022-11-12T10:00:00Z',
          kind: 'moved',
          when: { allDay: false, startsAt: '2022-11-13T10:00:00Z', endsAt: '2022-11-13T12:00:00Z' },
          location: 'Community centre',
          note: '',
          updatedAt: base.updatedAt,
        },
      ],
    },
    {
      ...base,
      id: '00000000-0000-4000-8000-0000000000a3',
      kind: 'campaign_week',
      title: 'Black History Month',
      when: { allDay: true, startDate: '2019-10-01', endDate: '2019-10-31' },
      rrule: 'FREQ=YEARLY',
      exceptions: [],
    },
    {
      // Moved and cancelled dates twenty years ahead, beyond the horizon: one moved later within
      // the window, one moved into it from December, one cancelled.
      ...base,
      id: '00000000-0000-4000-8000-0000000000a4',
      title: 'Monthly residents’ panel with dates moved years ahead',
      when: { allDay: false, startsAt: '2020-01-15T18:00:00Z', endsAt: '2020-01-15T19:30:00Z' },
      rrule: 'FREQ=MONTHLY',
      exceptions: [
        {
          recurrenceId: '2042-10-15T17:00:00Z',
          kind: 'moved',
          when: { allDay: false, startsAt: '2042-11-20T18:00:00Z', endsAt: '2042-11-20T19:30:00Z' },
          location: 'Library',
          note: '',
          updatedAt: base.updatedAt,
        },
        { recurrenceId: '2042-11-15T18:00:00Z', kind: 'cancelled', when: null, location: null, note: '', updatedAt: base.updatedAt },
        {
          recurrenceId: '2042-12-15T18:00:00Z',
          kind: 'moved',
          when: { allDay: false, startsAt: '2042-11-28T18:00:00Z', endsAt: '2042-11-28T19:30:00Z' },
          location: null,
          note: '',
          updatedAt: base.updatedAt,
        },
      ],
    },
  ];
  return [...fixtureEvents(), ...extra, ...farSeries(base)];
}

/**
 * Series whose far windows (beyond the horizon) are read in bound order and stop when the page is
 * full (ADR 215): each rule class the bounds reason about (weekdays, days of the month, months,
 * DTSTART's date standing in for them), at times of day across midnight in summer time, lengths
 * from half an hour to a week, and ends by UNTIL or COUNT before, inside and after the windows.
 */
function farSeries(base: CalendarEvent): CalendarEvent[] {
  const series = (n: number, title: string, when: CalendarEvent['when'], rrule: string, exceptions: CalendarEvent['exceptions'] = []) => ({
    ...base,
    id: `00000000-0000-4000-8000-0000000001${String(n).padStart(2, '0')}`,
    title,
    when,
    rrule,
    exceptions,
  });
  const timed = (startsAt: string, endsAt: string) => ({ allDay: false as const, startsAt, endsAt });
  const allDay = (startDate: string, endDate: string) => ({ allDay: true as const, startDate, endDate });
  return [
    series(1, 'Daily early briefing', timed('2021-06-01T06:15:00Z', '2021-06-01T06:45:00Z'), 'FREQ=DAILY'),
    series(
      2,
      'Late-night patrol on Mondays, Wednesdays and Fridays',
      timed('2021-07-05T22:30:00Z', '2021-07-06T00:30:00Z'),
      'FREQ=WEEKLY;BYDAY=MO,WE,FR',
    ),
    series(3, 'Weekly drop-in (Thursday, its first date)', timed('2020-01-02T12:00:00Z', '2020-01-02T13:30:00Z'), 'FREQ=WEEKLY'),
    series(
      4,
      'Fortnightly youth club on Tuesdays',
      timed('2020-01-07T18:30:00Z', '2020-01-07T20:30:00Z'),
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU',
    ),
    series(5, 'Second Tuesday board', timed('2019-02-12T09:00:00Z', '2019-02-12T11:00:00Z'), 'FREQ=MONTHLY;BYDAY=2TU'),
    series(6, 'Last Friday review', timed('2019-01-25T15:00:00Z', '2019-01-25T16:00:00Z'), 'FREQ=MONTHLY;BYDAY=-1FR'),
    series(
      7,
      'Month-end return on the 31st (only months that have one)',
      timed('2019-01-31T10:00:00Z', '2019-01-31T10:30:00Z'),
      'FREQ=MONTHLY',
    ),
    series(8, 'Last day of the month deadline', allDay('2019-01-31', '2019-01-31'), 'FREQ=MONTHLY;BYMONTHDAY=-1'),
    series(9, 'Knife crime awareness week', allDay('2018-05-14', '2018-05-20'), 'FREQ=YEARLY'),
    series(10, 'Clock-change night patrol', timed('2019-03-31T00:30:00Z', '2019-03-31T02:30:00Z'), 'FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU'),
    series(11, 'Quarterly deadline on the 1st', allDay('2018-01-01', '2018-01-01'), 'FREQ=MONTHLY;INTERVAL=3'),
    series(12, 'Leap-day census', allDay('2016-02-29', '2016-02-29'), 'FREQ=YEARLY'),
    series(13, 'Overnight vigil, 26 hours', timed('2020-01-04T20:00:00Z', '2020-01-05T22:00:00Z'), 'FREQ=WEEKLY;BYDAY=SA'),
    series(
      14,
      'Weekday surgery that ended (UNTIL) before the far windows',
      timed('2020-01-06T10:00:00Z', '2020-01-06T11:00:00Z'),
      'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20420930T235959Z',
    ),
    series(
      15,
      'Weekly session ending (UNTIL) inside a far window',
      timed('2040-01-03T14:00:00Z', '2040-01-03T15:00:00Z'),
      'FREQ=WEEKLY;UNTIL=20421105T000000Z',
    ),
    series(
      16,
      'Daily course of a thousand days reaching a far window (COUNT)',
      timed('2040-02-01T08:00:00Z', '2040-02-01T09:00:00Z'),
      'FREQ=DAILY;COUNT=1000',
    ),
    series(
      17,
      'Monthly session whose COUNT ends before the far windows',
      timed('2030-01-15T11:00:00Z', '2030-01-15T12:00:00Z'),
      'FREQ=MONTHLY;COUNT=24',
    ),
    series(
      18,
      'Series first held on a Friday, then on Mondays (its first date is inside a far window)',
      timed('2042-10-10T09:00:00Z', '2042-10-10T10:00:00Z'),
      'FREQ=WEEKLY;BYDAY=MO',
    ),
    series(
      19,
      'First working day of the month',
      timed('2019-01-01T08:00:00Z', '2019-01-01T08:30:00Z'),
      'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1',
    ),
    series(
      20,
      'Yearly partnership day on 15 and 20 October and November',
      allDay('2015-10-15', '2015-10-15'),
      'FREQ=YEARLY;BYMONTH=10,11;BYMONTHDAY=15,20',
    ),
    series(
      21,
      'Yearly review, its 2042 date moved and its 2043 one cancelled',
      timed('2021-11-03T13:00:00Z', '2021-11-03T14:00:00Z'),
      'FREQ=YEARLY',
      [
        {
          recurrenceId: '2042-11-03T13:00:00Z',
          kind: 'moved',
          when: timed('2042-10-02T07:00:00Z', '2042-10-02T08:00:00Z'),
          location: 'Town hall',
          note: '',
          updatedAt: base.updatedAt,
        },
        { recurrenceId: '2150-11-03T13:00:00Z', kind: 'cancelled', when: null, location: null, note: '', updatedAt: base.updatedAt },
      ],
    ),
  ];
}

/**
 * Series a far window orders by key in SQL before it reads any (ADR 276), more than it reads at once
 * (a chunk is 64 series for a page of 7): seventy on the same weekday and time, whose keys tie, so a
 * chunk ends inside the tie; and the rule classes the key is worked out for, at the edges of its
 * arithmetic: yearly dates around the turn of the year, on 29 February and over most of a year,
 * monthly days 29 to 31 and 1, all-day dates and weeks running into the window, starts late at night
 * in summer time, at 23:00 UTC or later, at midnight with no length, INTERVALs and UNTIL, rules with
 * BY parts, a daily series, a series in another zone and one whose first date is in the window.
 */
function manySeries(base: CalendarEvent): CalendarEvent[] {
  let n = 0;
  const series = (title: string, when: CalendarEvent['when'], rrule: string, more: Partial<CalendarEvent> = {}): CalendarEvent => ({
    ...base,
    id: `00000000-0000-4000-8000-000000002${String(n++).padStart(3, '0')}`,
    title,
    when,
    rrule,
    exceptions: [],
    ...more,
  });
  const timed = (startsAt: string, endsAt: string) => ({ allDay: false as const, startsAt, endsAt });
  const allDay = (startDate: string, endDate: string) => ({ allDay: true as const, startDate, endDate });
  const tied = Array.from({ length: 70 }, (_, i) => {
    // Tuesdays at 10:00 GMT from 2019 on (1 January 2019 was a Tuesday).
    const start = new Date(Date.UTC(2019, 0, 1, 10) + 21 * i * 86_400_000);
    const end = new Date(start.getTime() + 3_600_000);
    const rrule = ['FREQ=WEEKLY', 'FREQ=WEEKLY;INTERVAL=2', 'FREQ=WEEKLY;UNTIL=21500110T000000Z'][i % 3]!;
    return series(`Tuesday surgery ${i}`, timed(utcIso(DateTime.fromJSDate(start)), utcIso(DateTime.fromJSDate(end))), rrule);
  });
  return [
    ...tied,
    series('Winter week of action into the new year', allDay('2010-12-28', '2011-01-03'), 'FREQ=YEARLY'),
    series('New Year’s Eve deadline', allDay('2011-12-31', '2011-12-31'), 'FREQ=YEARLY'),
    series('Ten days of winter patrols', allDay('2012-12-25', '2013-01-03'), 'FREQ=YEARLY'),
    series('New Year’s Day', allDay('2012-01-01', '2012-01-01'), 'FREQ=YEARLY'),
    series('Fifth of January return', allDay('2012-01-05', '2012-01-05'), 'FREQ=YEARLY'),
    series('Leap-day review', timed('2016-02-29T12:00:00Z', '2016-02-29T13:00:00Z'), 'FREQ=YEARLY'),
    series('Late yearly watch at 23:30 UTC', timed('2015-12-31T23:30:00Z', '2016-01-01T00:30:00Z'), 'FREQ=YEARLY'),
    series('Yearly vigil after midnight in summer time', timed('2019-07-01T23:15:00Z', '2019-07-02T01:00:00Z'), 'FREQ=YEARLY'),
    series('Seven-month campaign into January', allDay('2011-06-01', '2012-01-03'), 'FREQ=YEARLY'),
    series('Ten-month campaign into January', allDay('2013-03-01', '2014-01-14'), 'FREQ=YEARLY'),
    series('Month-end count on the 31st', timed('2019-01-31T00:30:00Z', '2019-01-31T01:00:00Z'), 'FREQ=MONTHLY'),
    series('Late monthly call on the 30th, from summer time', timed('2019-05-30T21:45:00Z', '2019-05-30T22:45:00Z'), 'FREQ=MONTHLY'),
    series('First of the month briefing', timed('2019-02-01T08:00:00Z', '2019-02-01T09:00:00Z'), 'FREQ=MONTHLY'),
    series('Three days from the 30th', allDay('2018-04-30', '2018-05-02'), 'FREQ=MONTHLY'),
    series('Quarterly return on the 2nd', allDay('2018-01-02', '2018-01-02'), 'FREQ=MONTHLY;INTERVAL=3'),
    series('Twenty-six days from the 10th', allDay('2018-01-10', '2018-02-04'), 'FREQ=MONTHLY'),
    series('Twenty-ninth of the month panel', timed('2019-01-29T12:00:00Z', '2019-01-29T13:00:00Z'), 'FREQ=MONTHLY'),
    series('Friday deadline', allDay('2020-01-03', '2020-01-03'), 'FREQ=WEEKLY'),
    series('Weekend of action', allDay('2020-01-04', '2020-01-05'), 'FREQ=WEEKLY;INTERVAL=2'),
    series('Wednesday night patrol into Thursday', timed('2020-01-01T22:30:00Z', '2020-01-02T00:30:00Z'), 'FREQ=WEEKLY'),
    series('Thursday watch at 23:45 UTC', timed('2020-01-02T23:45:00Z', '2020-01-03T00:15:00Z'), 'FREQ=WEEKLY'),
    series('Friday midnight in summer time', timed('2021-06-03T23:00:00Z', '2021-06-04T00:00:00Z'), 'FREQ=WEEKLY;INTERVAL=3'),
    series('Thursday midnight deadline', timed('2020-01-02T00:00:00Z', '2020-01-02T00:00:00Z'), 'FREQ=WEEKLY'),
    series('Daily roll call', timed('2021-06-01T06:15:00Z', '2021-06-01T06:45:00Z'), 'FREQ=DAILY'),
    series('Thursday and Friday clinic', timed('2020-01-02T09:00:00Z', '2020-01-02T10:00:00Z'), 'FREQ=WEEKLY;BYDAY=TH,FR'),
    series('First Thursday board', timed('2020-01-02T18:00:00Z', '2020-01-02T20:00:00Z'), 'FREQ=MONTHLY;BYDAY=1TH'),
    series('Partner call kept in New York time', timed('2020-01-02T04:00:00Z', '2020-01-02T05:00:00Z'), 'FREQ=WEEKLY', {
      timezone: 'America/New_York',
    }),
    series('Monthly call on the 31st after midnight in summer time', timed('2019-07-30T23:30:00Z', '2019-07-31T00:30:00Z'), 'FREQ=MONTHLY'),
    series('Tuesday surgery that starts in 2150', timed('2150-01-06T10:00:00Z', '2150-01-06T11:00:00Z'), 'FREQ=WEEKLY'),
    series(
      'Weekly session that ended in 2149',
      timed('2100-01-05T10:00:00Z', '2100-01-05T11:00:00Z'),
      'FREQ=WEEKLY;UNTIL=21491231T000000Z',
    ),
  ];
}

interface Key {
  eventId: string;
  recurrenceId: string;
  when: string;
  location: string;
  moved: boolean;
}

function expected(events: CalendarEvent[], window: Window): Key[] {
  return events
    .flatMap((e) =>
      occurrencesInWindow(e, window).map((o) => ({
        start: utcIso(instantRange(o.when, e.timezone).start),
        key: { eventId: e.id, recurrenceId: o.recurrenceId ?? '', when: JSON.stringify(o.when), location: o.location, moved: o.moved },
      })),
    )
    .sort((a, b) =>
      a.start < b.start
        ? -1
        : a.start > b.start
          ? 1
          : a.key.eventId < b.key.eventId
            ? -1
            : a.key.eventId > b.key.eventId
              ? 1
              : a.key.recurrenceId < b.key.recurrenceId
                ? -1
                : 1,
    )
    .map((x) => x.key);
}

async function readAll(db: OpenBackend, window: Window, direction: 'forwards' | 'backwards', limit: number): Promise<Key[][]> {
  const pages: Key[][] = [];
  const filter = { statuses: ['draft', 'published', 'cancelled'] as const };
  let cursor: OccurrenceCursor | null = null;
  let first = true;
  while (first || cursor) {
    first = false;
    const page = await pageOccurrences(db.store, ORGANISER, {
      window,
      filter: { statuses: [...filter.statuses] },
      limit,
      ...(direction === 'forwards'
        ? { after: cursor }
        : { before: cursor ?? { start: '9999-12-31T00:00:00Z', eventId: '', recurrenceId: '' } }),
    });
    pages.push(
      page.items.map(({ event, occurrence }) => ({
        eventId: event.id,
        recurrenceId: occurrence.recurrenceId ?? '',
        when: JSON.stringify(occurrence.when),
        location: occurrence.location,
        moved: occurrence.moved,
      })),
    );
    cursor = direction === 'forwards' ? page.next : page.previous;
  }
  return direction === 'forwards' ? pages : pages.reverse();
}

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/London' });

/** [what, window, page size] */
const WINDOWS: [string, Window, number][] = [
  ['October 2022, the autumn clock change', { from: at('2022-10-01'), to: at('2022-11-01') }, 7],
  ['March 2023, the spring clock change', { from: at('2023-03-01'), to: at('2023-04-01') }, 7],
  ['two years from the day the calendar was written', { from: at('2022-09-01'), to: at('2024-09-01') }, 97],
  ['a window starting in the middle of a month-long campaign', { from: at('2023-10-15T12:00'), to: at('2023-11-15') }, 7],
  ['twenty years ahead, beyond the indexed horizon', { from: at('2042-10-01'), to: at('2042-12-01') }, 7],
  ['a far window in 2042 read one occurrence a page', { from: at('2042-10-01'), to: at('2042-10-04T12:00') }, 1],
  ['a far window in 2042 read thirteen a page', { from: at('2042-10-25'), to: at('2042-11-20') }, 13],
  ['a far window from midday, across the autumn clock change of 2150', { from: at('2150-10-20T12:00'), to: at('2150-11-05') }, 5],
  ['a far window across the spring clock change of 2150', { from: at('2150-03-20'), to: at('2150-04-15') }, 40],
  ['a far window over the turn of 2100, which is not a leap year', { from: at('2099-12-29'), to: at('2100-03-03') }, 23],
  ['ten years back, before the indexed horizon', { from: at('2012-01-01'), to: at('2016-04-01') }, 7],
];

describe.each(BACKENDS)('the occurrence index on $name', (backend: Backend) => {
  let db: OpenBackend;
  const events = calendar();
  beforeAll(async () => {
    db = await backend.open();
    const ctx = { actor: 'test', now: WRITTEN };
    for (const event of events) {
      const { statements } = insertEventStatements(db.store, eventFields(event), ctx, event.id, event.exceptions);
      await db.store.batch(statements);
    }
  }, 60_000);
  afterAll(() => db.close());

  // D1 answers each page in several statements through Miniflare: a busy machine needs more than the default 30 s.
  it.each(WINDOWS)(
    'lists the same dates as full expansion for %s, page by page in both directions',
    async (_name, window, limit) => {
      // As stored (the fixtures' exceptions get the write's timestamps, which expansion ignores).
      const want = expected(events, window);
      const forwards = await readAll(db, window, 'forwards', limit);
      expect(forwards.flat()).toEqual(want);
      expect(forwards.slice(0, -1).every((p) => p.length === limit)).toBe(true);
      const backwards = await readAll(db, window, 'backwards', limit);
      expect(backwards.flat()).toEqual(want);
    },
    90_000,
  );

  it('keeps a moved date as a row at its new time and a cancelled date as a row that reads leave out', async () => {
    const rows = await db.rows<{ recurrence_id: string; state: string; start_at: string }>(
      `select recurrence_id, state, start_at from event_occurrences where event_id = '00000000-0000-4000-8000-0000000000a2' and state <> 'scheduled' order by recurrence_id`,
    );
    expect(rows).toEqual([
      { recurrence_id: '2022-10-29T09:00:00Z', state: 'cancelled', start_at: '2022-10-29T09:00:00Z' },
      { recurrence_id: '2022-11-12T10:00:00Z', state: 'moved', start_at: '2022-11-13T10:00:00Z' },
    ]);
  });

  it('keeps an endless daily series as rows for two years back and five years (and 60 days) ahead only', async () => {
    const [span] = await db.rows<{ first: string; last: string; n: number }>(
      `select min(start_at) as first, max(start_at) as last, count(*) as n from event_occurrences where event_id = '00000000-0000-4000-8000-0000000000a1'`,
    );
    expect(span!.first.slice(0, 10)).toBe('2020-09-01');
    expect(span!.last.slice(0, 10)).toBe('2027-10-30');
    const [event] = await db.rows<{ first_start: string; last_end: string | null; indexed_from: string; indexed_until: string }>(
      `select first_start, last_end, indexed_from, indexed_until from events where id = '00000000-0000-4000-8000-0000000000a1'`,
    );
    expect(event).toMatchObject({ first_start: '2016-03-01T07:30:00Z', last_end: null });
    expect(event!.indexed_from.slice(0, 10)).toBe('2020-08-31');
    expect(event!.indexed_until.slice(0, 10)).toBe('2027-10-30');
  });
});

/** [what, window, page size]: far windows over manySeries, read forwards (backwards expands the window whole, as it did). */
const KEYED_WINDOWS: [string, Window, number][] = [
  ['the turn of 2150, with weeks and months running into it', { from: at('2150-01-01'), to: at('2150-01-15') }, 7],
  ['the spring clock change of 2150, from midday', { from: at('2150-03-27T12:00'), to: at('2150-04-03') }, 6],
  ['the autumn clock change of 2150', { from: at('2150-10-24'), to: at('2150-10-31') }, 9],
];

/**
 * Where pages start for the key test: midnight, 11:00 and 23:30 UK time of days around the turn of
 * the year, both clock changes, the end of July and a leap day, some with a cursor later that day.
 */
const PAGE_STARTS: { from: DateTime; cursor: DateTime | null }[] = [
  '2149-12-31',
  '2150-01-01',
  '2150-01-02',
  '2150-03-28',
  '2150-03-29',
  '2150-07-30',
  '2150-07-31',
  '2150-08-01',
  '2150-10-24',
  '2150-10-25',
  '2150-10-31',
  '2152-02-28',
  '2152-02-29',
].flatMap((day) => [
  { from: at(day), cursor: null },
  { from: at(`${day}T11:00`), cursor: null },
  { from: at(`${day}T23:30`), cursor: null },
  { from: at(day), cursor: at(`${day}T18:00`) },
]);

describe.each(BACKENDS)('a far window with more series than it reads at once, on $name', (backend: Backend) => {
  let db: OpenBackend;
  const events = manySeries(fixtureEvents()[0]!);
  beforeAll(async () => {
    db = await backend.open();
    const ctx = { actor: 'test', now: WRITTEN };
    await db.store.batch(
      events.flatMap((event) => insertEventStatements(db.store, eventFields(event), ctx, event.id, event.exceptions).statements),
    );
  }, 60_000);
  afterAll(() => db.close());

  it.each(KEYED_WINDOWS)(
    'lists the same dates as full expansion for %s, page by page',
    async (_name, window, limit) => {
      const want = expected(events, window);
      const pages = await readAll(db, window, 'forwards', limit);
      expect(pages.flat()).toEqual(want);
      expect(pages.slice(0, -1).every((p) => p.length === limit)).toBe(true);
    },
    90_000,
  );

  it('keys no series later than the first of its occurrences a page from there could show', async () => {
    const late: string[] = [];
    for (const { from, cursor } of PAGE_STARTS) {
      const keyed = keyedSeries(db.store, sql<SqlBool>`e.rrule is not null`, {
        windowFromMs: from.toMillis(),
        cursorMs: cursor ? cursor.toMillis() : null,
      });
      const { rows } = await sql<KeyedSeriesRow>`select k.id, k.sort_key from ${keyed} k`.execute(db.store.db);
      expect(rows).toHaveLength(events.length);
      for (const row of rows) {
        const event = events.find((e) => e.id === row.id)!;
        // Occurrences that end after the page's start (or start there) and start at or after the cursor.
        const first = occurrencesInWindow(event, { from, to: from.plus({ days: 40 }) })
          .map((o) => instantRange(o.when, event.timezone).start.toMillis())
          .filter((start) => !cursor || start >= cursor.toMillis())
          .sort((a, b) => a - b)[0];
        if (first !== undefined && keyMs(row.sort_key) > first) {
          late.push(
            `${event.title} from ${from.toISO()}: key ${new Date(keyMs(row.sort_key)).toISOString()}, occurrence ${new Date(first).toISOString()}`,
          );
        }
      }
    }
    expect(late).toEqual([]);
  }, 60_000);
});
