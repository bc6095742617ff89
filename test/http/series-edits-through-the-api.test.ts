/**
 * Organisers edit a series through the API saying which dates: all dates rewrite the series in
 * place while none has passed, moved and cancelled dates stay where the new pattern still has
 * them or follow the same week's new date (ADRs 92, 268), dates with no place are shown for a
 * choice before anything is saved, and
 * "this and following" splits the series into two linked events. After the edits every
 * RECURRENCE-ID and EXDATE in every feed (the public feed and each event's own) is an instance of
 * its RRULE for libical (GObject introspection), ical.js and python-dateutil (read through
 * python3-icalendar). Runs on SQLite and on D1.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

const CHECKER = fileURLToPath(new URL('./support/feed_instances.py', import.meta.url));

/** The RECURRENCE-IDs and EXDATEs that ical.js does not find among its series' instances. */
function strayForIcalJs(feed: string): { checked: number; problems: string[] } {
  const cal = new ICAL.Component(ICAL.parse(feed));
  const key = (t: ICAL.Time) => (t.isDate ? t.toString() : t.toJSDate().toISOString());
  const instances = new Map<string, Set<string>>();
  const claims: [string, string, string][] = [];
  for (const comp of cal.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(comp);
    if (event.isRecurrenceException()) {
      claims.push([event.uid, 'RECURRENCE-ID', key(event.recurrenceId!)]);
      continue;
    }
    const rule = comp.getFirstPropertyValue('rrule') as ICAL.Recur | null;
    if (!rule) continue;
    // The rule's own instances, EXDATEs not applied (RecurIterator ignores them).
    const it = rule.iterator(event.startDate);
    const seen = new Set<string>();
    for (let next = it.next(), i = 0; next && i < 2000; next = it.next(), i++) seen.add(key(next));
    instances.set(event.uid, seen);
    for (const prop of comp.getAllProperties('exdate'))
      for (const v of prop.getValues() as ICAL.Time[]) claims.push([event.uid, 'EXDATE', key(v)]);
  }
  const problems = claims.filter(([uid, , k]) => !instances.get(uid)?.has(k)).map(([uid, p, k]) => `${uid} ${p} ${k}`);
  return { checked: claims.length, problems };
}

/** The same check of each feed by python-dateutil (through python3-icalendar) or by libical (GObject introspection). */
function strayFor(library: 'dateutil' | 'libical', feeds: string[]): { checked: number; problems: string[] }[] {
  const run = spawnSync('/usr/bin/python3', [CHECKER, library], { input: JSON.stringify(feeds), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

describe('editing a series through the API, saying which dates', () => {
  let t: TestApp;
  const base = { kind: 'training', title: 'Neighbourhood watch surgery', location: 'Wolverton Library', visibility: 'public' };
  beforeAll(async () => {
    t = await makeTestApp({ now: '2026-09-01T09:00:00Z' });
  });
  afterAll(() => t.close());

  it('all dates of a series not yet begun: the same event, each moved or cancelled date carried to the same week', async () => {
    const created = await t.call('POST', '/api/events', {
      ...base,
      start: '2026-09-02T18:00',
      end: '2026-09-02T19:00',
      rrule: 'FREQ=WEEKLY;BYDAY=WE',
    });
    const id = created.body.id;
    await t.call('PUT', `/api/events/${id}/occurrences/2026-09-16T18:00`, { start: '2026-09-17T19:00', end: '2026-09-17T20:00' });
    await t.call('PUT', `/api/events/${id}/occurrences/2026-09-23T18:00`, { status: 'cancelled' });
    const edit = await t.call('PUT', `/api/events/${id}`, {
      ...base,
      start: '2026-09-03T18:00',
      end: '2026-09-03T19:00',
      rrule: 'FREQ=WEEKLY;BYDAY=TH',
      dates: 'all',
    });
    expect(edit.status).toBe(200);
    expect(edit.body.id).toBe(id);
    expect(edit.body.series).toMatchObject({ change: 'in-place', from: null, earlierDates: null, orphans: [] });
    expect(edit.body.exceptions.map((e: any) => [e.recurrenceId, e.status, e.start ?? null])).toEqual([
      ['2026-09-17T17:00:00Z', 'moved', '2026-09-17T19:00:00+01:00'],
      ['2026-09-24T17:00:00Z', 'cancelled', null],
    ]);
    const dates = await t.call('GET', `/api/occurrences?from=2026-09-01&to=2026-10-02`, undefined, { auth: false });
    expect(dates.body.occurrences.filter((o: any) => o.eventId === id).map((o: any) => o.start.slice(0, 16))).toEqual([
      '2026-09-03T18:00',
      '2026-09-10T18:00',
      '2026-09-17T19:00',
      '2026-10-01T18:00',
    ]);
  });

  it('a moved date the new pattern puts at exactly that time is no move any more: dropped, or kept for its venue alone (tester 24)', async () => {
    const created = await t.call('POST', '/api/events', {
      ...base,
      title: 'Youth surgery',
      start: '2026-12-02T10:00',
      end: '2026-12-02T11:00',
      rrule: 'FREQ=WEEKLY;BYDAY=WE',
    });
    const id = created.body.id;
    // Wednesday 30 December to Thursday 31 December; 6 January to Thursday 7 January at the Town Hall.
    const moves = [
      ['2026-12-30T10:00', { start: '2026-12-31T10:00', end: '2026-12-31T11:00' }],
      ['2027-01-06T10:00', { start: '2027-01-07T10:00', end: '2027-01-07T11:00', location: 'Town Hall' }],
    ] as const;
    for (const [key, body] of moves) expect((await t.call('PUT', `/api/events/${id}/occurrences/${key}`, body)).status).toBe(200);
    const edit = await t.call('PATCH', `/api/events/${id}`, {
      start: '2026-12-03T10:00',
      end: '2026-12-03T11:00',
      rrule: 'FREQ=WEEKLY;BYDAY=TH',
      dates: 'all',
    });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect(edit.body.exceptions).toEqual([{ recurrenceId: '2027-01-07T10:00:00Z', status: 'moved', location: 'Town Hall', note: '' }]);
    const html = await (await t.app.request(`/events/${id}`)).text();
    const page = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(page).toContain('Every week on Thursday; 7 January 2027 at Town Hall');
    expect(page).toContain('Thursday 31 December 2026, 10:00–11:00 Thursday 7 January 2027, 10:00–11:00 at Town Hall Add this series');
    expect(page).not.toMatch(/\((moved|changed)\)/);
    expect(html).not.toContain('EventRescheduled');
    // The feed's only override is the venue of 7 January, at its own time.
    const feed = new ICAL.Component(ICAL.parse(String((await t.call('GET', `/feeds/events/${id}.ics`)).body)));
    const overrides = feed
      .getAllSubcomponents('vevent')
      .map((v) => new ICAL.Event(v))
      .filter((e) => e.isRecurrenceException());
    expect(overrides.map((e) => [e.recurrenceId!.toJSDate().toISOString(), e.startDate.toJSDate().toISOString(), e.location])).toEqual([
      ['2027-01-07T10:00:00.000Z', '2027-01-07T10:00:00.000Z', 'Town Hall'],
    ]);

    // The same for a repeating week of action: moved onto what becomes its date, it is no exception.
    const week = await t.call('POST', '/api/events', {
      kind: 'campaign_week',
      title: 'Action Days',
      visibility: 'public',
      start: '2027-02-01',
      end: '2027-02-03',
      rrule: 'FREQ=MONTHLY;BYDAY=1MO;COUNT=6',
    });
    expect(
      (await t.call('PUT', `/api/events/${week.body.id}/occurrences/2027-03-01`, { start: '2027-03-02', end: '2027-03-04' })).status,
    ).toBe(200);
    const tuesdays = await t.call('PATCH', `/api/events/${week.body.id}`, {
      start: '2027-02-02',
      end: '2027-02-04',
      rrule: 'FREQ=MONTHLY;BYDAY=1TU;COUNT=6',
      dates: 'all',
    });
    expect(tuesdays.status, JSON.stringify(tuesdays.body)).toBe(200);
    expect(tuesdays.body.exceptions).toEqual([]);
  });

  it('a moved date the new pattern has no place for is shown (409) and kept as a one-off event or dropped only when asked', async () => {
    const created = await t.call('POST', '/api/events', {
      ...base,
      title: 'Community safety forum',
      start: '2026-09-16T18:00',
      end: '2026-09-16T20:00',
      rrule: 'FREQ=MONTHLY;BYDAY=3WE;COUNT=6',
    });
    const id = created.body.id;
    await t.call('PUT', `/api/events/${id}/occurrences/2027-02-17T18:00`, {
      start: '2027-02-18T18:00',
      end: '2027-02-18T20:00',
      location: 'Bletchley Library',
    });
    const shorter = {
      ...base,
      title: 'Community safety forum',
      start: '2026-09-16T18:00',
      end: '2026-09-16T20:00',
      rrule: 'FREQ=MONTHLY;BYDAY=3WE;COUNT=4',
    };
    const asked = await t.call('PUT', `/api/events/${id}`, shorter);
    expect(asked.status).toBe(409);
    expect(asked.body.error.field).toBe('orphans');
    expect(asked.body.orphans).toEqual([
      {
        recurrenceId: '2027-02-17T18:00:00Z',
        status: 'moved',
        allDay: false,
        start: '2027-02-18T18:00:00+00:00',
        end: '2027-02-18T20:00:00+00:00',
        location: 'Bletchley Library',
      },
    ]);
    // Nothing was saved.
    expect((await t.call('GET', `/api/events/${id}`)).body.rrule).toContain('COUNT=6');

    const kept = await t.call('PUT', `/api/events/${id}`, { ...shorter, orphans: 'keep' });
    expect(kept.status).toBe(200);
    expect(kept.body.rrule).toContain('COUNT=4');
    expect(kept.body.exceptions).toEqual([]);
    expect(kept.body.series.keptAsOneOffs).toHaveLength(1);
    const oneOff = await t.call('GET', `/api/events/${kept.body.series.keptAsOneOffs[0]}`);
    expect(oneOff.body).toMatchObject({ rrule: null, start: '2027-02-18T18:00:00+00:00', location: 'Bletchley Library', splitFrom: id });
  });

  it('a weekly series made fortnightly keeps each moved or cancelled date still on the pattern where it is, and shows the others, never re-dated (tester 21, ADR 268)', async () => {
    const lunch = { ...base, title: 'Lunchtime surgery', location: 'Room L' };
    const created = await t.call('POST', '/api/events', {
      ...lunch,
      start: '2027-01-07T12:00',
      end: '2027-01-07T13:00',
      rrule: 'FREQ=WEEKLY',
    });
    const id = created.body.id;
    // 14 and 28 January fall in weeks every two weeks from 7 January leaves out; 21 January and 4 February stay.
    await t.call('PUT', `/api/events/${id}/occurrences/2027-01-14T12:00`, { status: 'cancelled' });
    await t.call('PUT', `/api/events/${id}/occurrences/2027-01-21T12:00`, { status: 'cancelled' });
    await t.call('PUT', `/api/events/${id}/occurrences/2027-01-28T12:00`, { start: '2027-01-29T12:00', end: '2027-01-29T13:00' });
    await t.call('PUT', `/api/events/${id}/occurrences/2027-02-04T12:00`, {
      start: '2027-02-04T13:00',
      end: '2027-02-04T14:00',
      location: 'Room M',
    });

    const sequence = (await t.call('GET', `/api/events/${id}`)).body.sequence;
    const asked = await t.call('PATCH', `/api/events/${id}`, { rrule: 'FREQ=WEEKLY;INTERVAL=2' });
    expect(asked.status).toBe(409);
    expect(asked.body.error.field).toBe('orphans');
    expect(asked.body.orphans.map((o: any) => [o.recurrenceId, o.status, o.start])).toEqual([
      ['2027-01-14T12:00:00Z', 'cancelled', '2027-01-14T12:00:00+00:00'],
      ['2027-01-28T12:00:00Z', 'moved', '2027-01-29T12:00:00+00:00'],
    ]);
    const unchanged = await t.call('GET', `/api/events/${id}`);
    expect([unchanged.body.rrule, unchanged.body.sequence, unchanged.body.exceptions.length]).toEqual(['FREQ=WEEKLY', sequence, 4]);

    const kept = await t.call('PATCH', `/api/events/${id}`, { rrule: 'FREQ=WEEKLY;INTERVAL=2', orphans: 'keep' });
    expect(kept.status).toBe(200);
    expect(kept.body.series).toMatchObject({ change: 'in-place' });
    expect(kept.body.exceptions.map((e: any) => [e.recurrenceId, e.status, e.start ?? null, e.location ?? null])).toEqual([
      ['2027-01-21T12:00:00Z', 'cancelled', null, null],
      ['2027-02-04T12:00:00Z', 'moved', '2027-02-04T13:00:00+00:00', 'Room M'],
    ]);
    expect(kept.body.series.keptAsOneOffs).toHaveLength(1);
    expect(kept.body.series.orphans.map((o: any) => [o.recurrenceId, o.status])).toEqual([
      ['2027-01-14T12:00:00Z', 'cancelled'],
      ['2027-01-28T12:00:00Z', 'moved'],
    ]);
    const dates = await t.call('GET', '/api/occurrences?from=2027-01-01&to=2027-03-01', undefined, { auth: false });
    expect(
      dates.body.occurrences.filter((o: any) => o.title === 'Lunchtime surgery').map((o: any) => [o.start.slice(0, 16), o.location]),
    ).toEqual([
      ['2027-01-07T12:00', 'Room L'],
      ['2027-01-29T12:00', 'Room L'],
      ['2027-02-04T13:00', 'Room M'],
      ['2027-02-18T12:00', 'Room L'],
    ]);
  });

  it('"this and following" ends the series the day before and carries on as a linked event with its own UID', async () => {
    const created = await t.call('POST', '/api/events', {
      ...base,
      title: 'Youth diversion drop-in',
      start: '2026-09-07T16:00',
      end: '2026-09-07T17:30',
      rrule: 'FREQ=WEEKLY;BYDAY=MO',
    });
    const id = created.body.id;
    await t.call('PUT', `/api/events/${id}/occurrences/2026-09-28T16:00`, { status: 'cancelled' });
    const split = await t.call('PATCH', `/api/events/${id}`, {
      dates: 'following',
      from: '2026-09-21T15:00:00Z',
      start: '2026-09-22T16:00',
      end: '2026-09-22T17:30',
      rrule: 'FREQ=WEEKLY;BYDAY=TU',
      location: 'Wolverton Youth Centre',
    });
    expect(split.status).toBe(200);
    expect(split.body).toMatchObject({ splitFrom: id, rrule: 'FREQ=WEEKLY;BYDAY=TU', location: 'Wolverton Youth Centre' });
    expect(split.body.exceptions.map((e: any) => [e.recurrenceId, e.status])).toEqual([['2026-09-29T15:00:00Z', 'cancelled']]);
    const earlier = await t.call('GET', `/api/events/${id}`);
    expect(earlier.body).toMatchObject({
      rrule: 'FREQ=WEEKLY;UNTIL=20260920T225959Z;BYDAY=MO',
      continuesAs: [split.body.id],
      exceptions: [],
    });
    const audit = await t.call('GET', `/api/audit?entity=event&entityId=${id}`);
    expect(audit.body.entries.map((e: any) => e.action)).toContain('split');
  });

  it('"this and following" on an all-day week of action ends it on a date and starts the new one on the chosen day, in the feed and on the pages', async () => {
    // Bite Back Week: Monday to Friday from the third Monday of October, every year since 2024.
    const created = await t.call('POST', '/api/events', {
      kind: 'campaign_week',
      title: 'Bite Back Week',
      visibility: 'public',
      start: '2024-10-21',
      end: '2024-10-25',
      rrule: 'FREQ=YEARLY;BYMONTH=10;BYDAY=3MO',
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    // Partner activities of this year's week and of 2029's.
    const activity = async (title: string, start: string) =>
      (
        await t.call('POST', '/api/events', {
          kind: 'activity',
          title,
          visibility: 'public',
          parentId: id,
          start,
          end: start.replace('T10:00', 'T12:00'),
        })
      ).body.id as string;
    const thisYears = await activity('School assembly on dog safety', '2026-10-20T10:00');
    const in2029 = await activity('Vets open morning', '2029-10-16T10:00');
    // 2028's week is cancelled; from 2027 on the week is four days, Monday to Thursday.
    expect((await t.call('PUT', `/api/events/${id}/occurrences/2028-10-16`, { status: 'cancelled' })).status).toBe(200);
    const split = await t.call('PATCH', `/api/events/${id}`, {
      dates: 'following',
      from: '2027-10-18',
      start: '2027-10-18',
      end: '2027-10-21',
    });
    expect(split.status).toBe(200);
    expect(split.body).toMatchObject({ splitFrom: id, allDay: true, start: '2027-10-18', end: '2027-10-21' });
    expect(split.body.exceptions.map((e: any) => [e.recurrenceId, e.status])).toEqual([['2028-10-16', 'cancelled']]);
    expect((await t.call('GET', `/api/events/${id}`)).body.rrule).toBe('FREQ=YEARLY;UNTIL=20271017;BYDAY=3MO;BYMONTH=10');

    // The feed: the old series' UNTIL is a DATE (its DTSTART is one, RFC 5545 §3.3.10), the day
    // before the new series' first day; DTEND is exclusive.
    const feed = new ICAL.Component(ICAL.parse(await (await t.app.request('/feeds/public.ics')).text()));
    const masters = feed.getAllSubcomponents('vevent').filter((v) => !v.hasProperty('recurrence-id'));
    const byUid = (uid: string) => masters.find((v) => v.getFirstPropertyValue('uid') === `${uid}@safercal`)!;
    const instances = (v: ICAL.Component) => {
      const event = new ICAL.Event(v);
      const it = event.iterator();
      const out: string[] = [];
      for (let next = it.next(); next && out.length < 6; next = it.next()) out.push(next.toString());
      return out;
    };
    const old = byUid(id);
    expect((old.getFirstPropertyValue('rrule') as ICAL.Recur).until!.toString()).toBe('2027-10-17');
    expect(instances(old)).toEqual(['2024-10-21', '2025-10-20', '2026-10-19']);
    const next = byUid(split.body.id);
    expect([String(next.getFirstPropertyValue('dtstart')), String(next.getFirstPropertyValue('dtend'))]).toEqual([
      '2027-10-18',
      '2027-10-22',
    ]);
    // 2028's cancelled week is left out (its EXDATE, carried from the old series).
    expect(instances(next).slice(0, 3)).toEqual(['2027-10-18', '2029-10-15', '2030-10-21']);
    expect(next.getAllProperties('exdate').map((p) => String(p.getFirstValue()))).toEqual(['2028-10-16']);

    // The pages, as their text reads: the earlier series says when it ends and has this year's
    // week as its last date; the new one starts on the chosen Monday, four days long.
    const page = async (eventId: string) =>
      (await (await t.app.request(`/events/${eventId}`)).text())
        .replace(/<script[\s\S]*?<\/script>/g, ' ')
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ');
    const earlierPage = await page(id);
    expect(earlierPage).toContain('Every year from the third Monday of October, for 5 days, until 17 October 2027');
    expect(earlierPage).toContain('Next dates 19–23 October 2026 Add this series');
    const laterPage = await page(split.body.id);
    expect(laterPage).toContain('When 18–21 October 2027 Every year from the third Monday of October, for 4 days');
    expect(laterPage).toContain('Next dates 18–21 October 2027');

    // Each activity belongs to the part of the week it falls in: 2029's follows the new event.
    expect((await t.call('GET', `/api/events/${in2029}`)).body.parentId).toBe(split.body.id);
    expect((await t.call('GET', `/api/events/${thisYears}`)).body.parentId).toBe(id);
    expect(laterPage).toContain('Vets open morning');
    expect(laterPage).not.toContain('School assembly on dog safety');
    expect(earlierPage).not.toContain('Vets open morning');
  });

  it('a week moved to the 3rd Saturday takes the activities inside each changed date along with that date, and cancels those of a date it drops', async () => {
    // Hate Crime Awareness Week: from the 2nd Saturday of October for 8 days; 2025's has passed.
    const created = await t.call('POST', '/api/events', {
      kind: 'campaign_week',
      title: 'Hate Crime Awareness Week',
      visibility: 'public',
      start: '2025-10-11',
      end: '2025-10-18',
      rrule: 'FREQ=YEARLY;BYMONTH=10;BYDAY=2SA',
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const activity = async (title: string, start: string, end: string) =>
      (await t.call('POST', '/api/events', { kind: 'activity', title, visibility: 'public', parentId: id, start, end })).body.id as string;
    // Inside 2026's old dates (10–17 October) and 2028's (14–21 October).
    const talk = await activity('Talk at the college', '2026-10-13T18:00', '2026-10-13T19:00');
    const stall = await activity('Stall at the market', '2028-10-17T10:00', '2028-10-17T12:00');
    const split = await t.call('PATCH', `/api/events/${id}`, {
      rrule: 'FREQ=YEARLY;BYMONTH=10;BYDAY=3SA',
      start: '2026-10-17',
      end: '2026-10-24',
      reason: 'National dates',
    });
    expect(split.status, JSON.stringify(split.body)).toBe(200);
    const later = split.body.id as string;
    expect(later).not.toBe(id);
    // Each moves by its own date's days (a week both years) and belongs to the part its date lives in.
    expect((await t.call('GET', `/api/events/${talk}`)).body).toMatchObject({
      parentId: later,
      status: 'published',
      start: '2026-10-20T18:00:00+01:00',
      changeReason: 'Part of Hate Crime Awareness Week (10–17 October 2026), which moved: National dates',
    });
    expect((await t.call('GET', `/api/events/${stall}`)).body).toMatchObject({ parentId: later, start: '2028-10-24T10:00:00+01:00' });
    const pageText = async (eventId: string) =>
      (await (await t.app.request(`/events/${eventId}`)).text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(await pageText(stall)).toContain('Hate Crime Awareness Week (21–28 October 2028)');

    // The later part made to end after 2027: 2028's date is dropped, and its activity cancelled with the reason.
    const shorter = await t.call('PATCH', `/api/events/${later}`, {
      rrule: 'FREQ=YEARLY;BYMONTH=10;BYDAY=3SA;COUNT=2',
      reason: 'Funding ends',
    });
    expect(shorter.status, JSON.stringify(shorter.body)).toBe(200);
    expect((await t.call('GET', `/api/events/${stall}`)).body).toMatchObject({
      status: 'cancelled',
      cancelReason: 'Part of Hate Crime Awareness Week (21–28 October 2028), which was cancelled: Funding ends',
    });
    // Its page says what became of its date, not that it was never inside one (ADR 279).
    expect(await pageText(stall)).toContain(
      'Part of Hate Crime Awareness Week (21–28 October 2028) That date is no longer one of the week’s dates; this activity is cancelled.',
    );
    expect((await t.call('GET', `/api/events/${talk}`)).body).toMatchObject({ status: 'published', start: '2026-10-20T18:00:00+01:00' });
  });

  it('a week whose dates move cancels the activities inside them with "cancel" and leaves them with "keep"', async () => {
    const week = async (title: string) =>
      (
        await t.call('POST', '/api/events', {
          kind: 'campaign_week',
          title,
          visibility: 'public',
          start: '2026-11-02',
          end: '2026-11-06',
          rrule: 'FREQ=MONTHLY;BYDAY=1MO;COUNT=3',
        })
      ).body.id as string;
    const [a, b] = [await week('Safer Roads Week'), await week('Cyber Safety Week')];
    const activity = async (parentId: string) =>
      (
        await t.call('POST', '/api/events', {
          kind: 'activity',
          title: 'Drop-in',
          visibility: 'public',
          parentId,
          start: '2026-12-09T10:00',
          end: '2026-12-09T11:00',
        })
      ).body.id as string;
    const [inA, inB] = [await activity(a), await activity(b)];
    // From the 1st Monday to the 2nd: 7–11 December becomes 14–18 December.
    const body = { rrule: 'FREQ=MONTHLY;BYDAY=2MO;COUNT=3', start: '2026-11-09', end: '2026-11-13' };
    const cancel = await t.call('PATCH', `/api/events/${a}`, { ...body, activities: 'cancel' });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
    expect((await t.call('GET', `/api/events/${inA}`)).body).toMatchObject({
      status: 'cancelled',
      parentId: a,
      start: '2026-12-09T10:00:00+00:00',
      cancelReason: 'Part of Safer Roads Week (7–11 December 2026), which moved',
    });
    const keep = await t.call('PATCH', `/api/events/${b}`, { ...body, activities: 'keep' });
    expect(keep.status, JSON.stringify(keep.body)).toBe(200);
    expect((await t.call('GET', `/api/events/${inB}`)).body).toMatchObject({
      status: 'published',
      parentId: b,
      start: '2026-12-09T10:00:00+00:00',
    });
    // Each page says where its date went, as for a date moved on its own (ADR 279).
    const pageText = async (eventId: string) =>
      (await (await t.app.request(`/events/${eventId}`)).text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(await pageText(inA)).toContain(
      'Part of Safer Roads Week (7–11 December 2026) That date of the week moved to 14–18 December 2026; this activity is cancelled.',
    );
    expect(await pageText(inB)).toContain(
      'Part of Cyber Safety Week (7–11 December 2026) That date of the week moved to 14–18 December 2026; this activity stays on its own date.',
    );
    expect(await pageText(inB)).not.toContain('outside');
    // A second edit moves that date again: the pages follow it, into a later part too (ADR 287).
    t.clock.set('2026-09-01T09:05:00Z');
    const third = await t.call('PATCH', `/api/events/${b}`, {
      rrule: 'FREQ=MONTHLY;BYDAY=3MO;COUNT=3',
      start: '2026-11-16',
      end: '2026-11-20',
      activities: 'keep',
    });
    expect(third.status, JSON.stringify(third.body)).toBe(200);
    expect(await pageText(inB)).toContain(
      'Part of Cyber Safety Week (7–11 December 2026) That date of the week moved to 21–25 December 2026; this activity stays on its own date.',
    );
    const split = await t.call('PATCH', `/api/events/${a}`, { dates: 'following', from: '2026-12-14', location: 'Fire station' });
    expect(split.status, JSON.stringify(split.body)).toBe(200);
    expect(split.body.id).not.toBe(a);
    expect(await pageText(inA)).toContain(
      'Part of Safer Roads Week (7–11 December 2026) That date of the week moved to 14–18 December 2026; this activity is cancelled.',
    );
    // A date the new pattern drops, its activity kept going.
    const c = await week('Water Safety Week');
    const inC = await activity(c);
    const inJanuary = await t.call('PATCH', `/api/events/${inC}`, { start: '2027-01-06T10:00', end: '2027-01-06T11:00' });
    expect(inJanuary.status).toBe(200);
    const shorter = await t.call('PATCH', `/api/events/${c}`, { rrule: 'FREQ=MONTHLY;BYDAY=1MO;COUNT=2', activities: 'keep' });
    expect(shorter.status, JSON.stringify(shorter.body)).toBe(200);
    expect((await t.call('GET', `/api/events/${inC}`)).body).toMatchObject({ status: 'published', parentOutcome: 'kept' });
    expect(await pageText(inC)).toContain(
      'Part of Water Safety Week (4–8 January 2027) That date is no longer one of the week’s dates; this activity still goes ahead.',
    );
  });

  /** A group and its public meeting on the 3rd Wednesday at 18:00, six times from 18 November 2026: its id and the body that made it. */
  async function monthlyPanel(slug: string, name: string) {
    const group = await t.call('POST', '/api/groups', { slug, name, organiserEmail: 'panel-organiser@example.org' });
    const body = {
      kind: 'meeting',
      title: name,
      groupId: group.body.id,
      visibility: 'public',
      location: 'Civic Offices',
      start: '2026-11-18T18:00',
      end: '2026-11-18T19:00',
      rrule: 'FREQ=MONTHLY;BYDAY=3WE;COUNT=6',
    };
    const created = await t.call('POST', '/api/events', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return { id: created.body.id as string, body };
  }

  it('every key a meeting date has had leads its page and its API address to where the date is now, a key from between two edits too (ADR 296)', async () => {
    const { id } = await monthlyPanel('addresses-panel', 'Community trigger panel');
    const patched = async (eventId: string, change: Record<string, unknown>) => {
      const res = await t.call('PATCH', `/api/events/${eventId}`, change);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.id as string;
    };
    // 18:00 → 18:30 → 19:00 in place (no date has passed), then 19:15 from December on (a split), then 19:30 there.
    for (const time of ['18:30', '19:00']) await patched(id, { dates: 'all', start: `2026-11-18T${time}`, end: '2026-11-18T20:00' });
    const later = await patched(id, {
      dates: 'following',
      from: '2026-12-16T19:00:00Z',
      start: '2026-12-16T19:15',
      end: '2026-12-16T20:00',
    });
    expect(later).not.toBe(id);
    await patched(later, { dates: 'all', start: '2026-12-16T19:30', end: '2026-12-16T20:30' });

    const december = `/meetings/${later}/20261216T193000Z`;
    const january = `/meetings/${later}/20270120T193000Z`;
    // Each key December and January had: the first, the two between the in-place edits, the split's, and the later part's first.
    const keys: [string, string][] = [
      [`/meetings/${id}/20261216T180000Z`, december],
      [`/meetings/${id}/20261216T183000Z`, december],
      [`/meetings/${id}/20261216T190000Z`, december],
      [`/meetings/${later}/20261216T191500Z`, december],
      [`/meetings/${id}/20270120T183000Z`, january],
      [`/meetings/${later}/20270120T191500Z`, january],
    ];
    for (const [old, now] of keys) {
      const page = await t.call('GET', old, undefined, { auth: false });
      expect([page.status, page.headers.get('Location')], old).toEqual([302, now]);
      const api = await t.call('GET', `/api${old}`);
      expect([api.status, api.headers.get('Location')], `/api${old}`).toEqual([302, `/api${now}`]);
    }
    expect((await t.call('GET', `/api${december}`)).body).toMatchObject({ eventId: later, occurrence: '2026-12-16T19:30:00Z' });

    // A write to an old address is sent on with its method (307) and writes nothing there; followed, it lands on the date.
    const item = { title: 'Case review', lead: 'Chair' };
    const post = await t.call('POST', `/api/meetings/${id}/20261216T183000Z/items`, item);
    expect([post.status, post.headers.get('Location')]).toEqual([307, `/api${december}/items`]);
    expect((await t.call('GET', `/api${december}`)).body.agenda.items).toEqual([]);
    expect((await t.call('POST', post.headers.get('Location')!, item)).status).toBe(201);
    expect((await t.call('GET', `/api${december}`)).body.agenda.items).toMatchObject([{ title: 'Case review' }]);

    // A key that was never a date is still not found.
    expect((await t.call('GET', `/meetings/${id}/20261209T180000Z`, undefined, { auth: false })).status).toBe(404);
    expect((await t.call('GET', `/api/meetings/${id}/20261209T180000Z`)).status).toBe(404);
  });

  it('a new COUNT that would drop a meeting with a published agenda is refused (409) naming it, until the organiser keeps or drops it (ADR 296)', async () => {
    const { id, body } = await monthlyPanel('count-panel', 'Anti-social behaviour panel');
    // March's agenda is published; April has an item only, not published: only March is asked about.
    const march = `/api/meetings/${id}/20270317T180000Z`;
    expect((await t.call('POST', `${march}/items`, { title: 'Town centre patrols', lead: 'Chair' })).status).toBe(201);
    expect((await t.call('POST', `${march}/agenda/publish`)).status).toBe(200);
    expect((await t.call('POST', `/api/meetings/${id}/20270421T170000Z/items`, { title: 'Draft item' })).status).toBe(201);

    // From December on, 4 in all: the series would end in February.
    const shorter = { ...body, start: '2026-12-16T18:00', end: '2026-12-16T19:00', rrule: 'FREQ=MONTHLY;BYDAY=3WE;COUNT=4' };
    const from = { dates: 'following', from: '2026-12-16T18:00:00Z' };
    const refused = await t.call('PUT', `/api/events/${id}`, { ...shorter, ...from });
    expect(refused.status, JSON.stringify(refused.body)).toBe(409);
    expect(refused.body.error.field).toBe('orphans');
    expect(refused.body.error.message).toContain('the meeting of Wednesday 17 March 2027, 18:00–19:00, with a published agenda or minutes');
    expect(refused.body.orphans).toEqual([expect.objectContaining({ recurrenceId: '2027-03-17T18:00:00Z', status: 'papers' })]);
    expect((await t.call('GET', `/api/events/${id}`)).body).toMatchObject({ rrule: 'FREQ=MONTHLY;COUNT=6;BYDAY=3WE', sequence: 0 });

    // "keep": March stays as a one-off meeting with its agenda, and its old address leads there.
    const kept = await t.call('PUT', `/api/events/${id}`, { ...shorter, ...from, orphans: 'keep' });
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
    expect(kept.body.series.keptAsOneOffs).toHaveLength(1);
    const oneOff = kept.body.series.keptAsOneOffs[0] as string;
    const meeting = (await t.call('GET', `/api/meetings/${oneOff}`)).body;
    expect(meeting).toMatchObject({ start: '2027-03-17T18:00:00+00:00', agenda: { published: true } });
    expect(meeting.agenda.items).toMatchObject([{ title: 'Town centre patrols' }]);
    expect((await t.call('GET', march)).headers.get('Location')).toBe(`/api/meetings/${oneOff}`);
  });

  it('refuses a choice it cannot follow, naming the field, and changes nothing', async () => {
    const created = await t.call('POST', '/api/events', {
      ...base,
      title: 'Road safety talk',
      start: '2026-09-09T10:00',
      end: '2026-09-09T11:00',
      rrule: 'FREQ=WEEKLY;BYDAY=WE',
    });
    const id = created.body.id;
    const body = { ...base, title: 'Road safety talk', start: '2026-09-09T11:00', end: '2026-09-09T12:00', rrule: 'FREQ=WEEKLY;BYDAY=WE' };
    const cases: [Record<string, unknown>, number, string][] = [
      [{ dates: 'sometimes' }, 400, 'dates'],
      [{ dates: 'following' }, 400, 'from'],
      [{ dates: 'following', from: '2026-09-10T09:00:00Z' }, 422, 'from'],
      [{ orphans: 'maybe' }, 400, 'orphans'],
    ];
    for (const [extra, status, field] of cases) {
      const res = await t.call('PUT', `/api/events/${id}`, { ...body, ...extra });
      expect([res.status, res.body.error.field]).toEqual([status, field]);
    }
    expect((await t.call('GET', `/api/events/${id}`)).body.sequence).toBe(0);
  });

  it('leaves every RECURRENCE-ID and EXDATE of every feed an instance of its RRULE for libical, ical.js and python-dateutil', async () => {
    // The public feed and each event's own feed, after the edits above.
    const events = (await t.call('GET', '/api/events?limit=500')).body.events as { id: string }[];
    const paths = ['/feeds/public.ics', ...events.map((e) => `/feeds/events/${e.id}.ics`)];
    const feeds = await Promise.all(
      paths.map(async (path) => {
        const res = await t.app.request(path);
        expect(res.status, path).toBe(200);
        return res.text();
      }),
    );
    const [libical, py] = [strayFor('libical', feeds), strayFor('dateutil', feeds)];
    let checked = 0;
    feeds.forEach((feed, i) => {
      const js = strayForIcalJs(feed);
      expect([libical[i]!.checked, py[i]!.checked], paths[i]).toEqual([js.checked, js.checked]);
      expect([...js.problems, ...libical[i]!.problems, ...py[i]!.problems], paths[i]).toEqual([]);
      checked += js.checked;
    });
    expect(paths.length).toBeGreaterThanOrEqual(6);
    // Moved and cancelled dates: 3 or more in the public feed, the same again in the events' own feeds.
    expect(checked).toBeGreaterThanOrEqual(6);
  });
});
