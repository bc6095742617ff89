/**
 * After "this and following" splits a series into linked parts, an "all dates" or "this and
 * following" edit of an earlier part reaches every later part, in the same save, each keeping its
 * moved and cancelled dates; where a later part cannot follow (its own length, its own venue) the
 * edit is refused naming `dates` and nothing changes (ADR 124). A part left with one date is a
 * one-off event, and `from` and occurrence keys are read with the same year check everywhere.
 * Runs on SQLite, D1 and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriesChainOf } from '../../src/db/events.js';
import { makeTestApp, type TestApp } from '../support/app.js';

describe('an edit of a split series', () => {
  let t: TestApp;
  // National Hate Crime Awareness Week: from the 2nd Saturday of October, for 8 days.
  const week = {
    kind: 'campaign_week',
    title: 'Hate Crime Awareness Week',
    visibility: 'public',
    location: 'Across the county',
    start: '2026-10-10',
    end: '2026-10-17',
    rrule: 'FREQ=YEARLY;BYMONTH=10;BYDAY=2SA',
  };
  const weekDates = async (from: string, to: string) =>
    (await t.call('GET', `/api/occurrences?from=${from}&to=${to}&kind=campaign_week&limit=50`)).body.occurrences.map(
      (o: any) => `${o.eventId}:${o.start}..${o.end}${o.status === 'cancelled' ? ' cancelled' : ''}`,
    );

  beforeAll(async () => {
    t = await makeTestApp({ now: '2026-09-01T09:00:00Z' });
  });
  afterAll(() => t.close());

  /** A week split at 2028 by a words-only "following" change, with 2029's week cancelled in the later part. */
  async function splitWeek(title: string, later: Record<string, unknown> = {}) {
    const id = (await t.call('POST', '/api/events', { ...week, title })).body.id as string;
    const split = await t.call('PATCH', `/api/events/${id}`, {
      dates: 'following',
      from: '2028-10-14',
      description: 'Now run with the county council',
      ...later,
    });
    expect(split.status).toBe(200);
    const laterId = split.body.id as string;
    expect(laterId).not.toBe(id);
    return { id, laterId };
  }

  it('"all dates" of the earlier part lengthens every week, the later part included, keeping its cancelled week', async () => {
    const { id, laterId } = await splitWeek('Awareness week A');
    expect((await t.call('PUT', `/api/events/${laterId}/occurrences/2029-10-13`, { status: 'cancelled' })).status).toBe(200);

    const edit = await t.call('PATCH', `/api/events/${id}`, { dates: 'all', start: '2026-10-10', end: '2026-10-18' });
    expect(edit.status).toBe(200);
    expect(edit.body.series.continuations).toEqual([{ eventId: laterId, title: 'Awareness week A', from: '2028-10-14' }]);
    expect(edit.body.series.message).toContain('also applies to the later part of the series, from 2028-10-14');
    const later = (await t.call('GET', `/api/events/${laterId}`)).body;
    expect(later).toMatchObject({ start: '2028-10-14', end: '2028-10-22', splitFrom: id });
    expect(later.exceptions.map((e: any) => [e.recurrenceId, e.status])).toEqual([['2029-10-13', 'cancelled']]);
    // Nine days every year, before and after the split; 2029's week stays cancelled.
    const dates = [
      ...(await weekDates('2026-01-01', '2027-12-31')),
      ...(await weekDates('2028-01-01', '2029-12-31')),
      ...(await weekDates('2030-01-01', '2030-12-31')),
    ].filter((d: string) => d.startsWith(id) || d.startsWith(laterId));
    expect(dates).toEqual([
      `${id}:2026-10-10..2026-10-18`,
      `${id}:2027-10-09..2027-10-17`,
      `${laterId}:2028-10-14..2028-10-22`,
      `${laterId}:2030-10-12..2030-10-20`,
    ]);
  });

  // That part is one date of the series (ADR 200): "all" is refused naming `dates`, and "following"
  // from its own date is the edit of it and the later part.
  it('"following" from the date of an earlier part left with one date (a one-off) lengthens the later part too', async () => {
    // The tester's case: the week from 2027, split at 2028, so the 2027 part has one date.
    const id = (await t.call('POST', '/api/events', { ...week, title: 'Awareness week E', start: '2027-10-09', end: '2027-10-16' })).body
      .id as string;
    const laterId = (
      await t.call('PATCH', `/api/events/${id}`, { dates: 'following', from: '2028-10-14', description: 'With the council' })
    ).body.id as string;
    expect((await t.call('GET', `/api/events/${id}`)).body.rrule).toBeNull();
    const all = await t.call('PATCH', `/api/events/${id}`, { dates: 'all', start: '2027-10-09', end: '2027-10-17' });
    expect(all.status).toBe(422);
    expect(all.body.error.field).toBe('dates');
    expect((await t.call('GET', `/api/events/${laterId}`)).body).toMatchObject({ start: '2028-10-14', end: '2028-10-21' });
    const edit = await t.call('PATCH', `/api/events/${id}`, {
      dates: 'following',
      from: '2027-10-09',
      start: '2027-10-09',
      end: '2027-10-17',
    });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect(edit.body.series.continuations.map((c: any) => c.eventId)).toEqual([laterId]);
    expect((await t.call('GET', `/api/events/${laterId}`)).body).toMatchObject({ start: '2028-10-14', end: '2028-10-22' });
  });

  it('"following" from a date before the split reaches the later part too, and the chain stays in date order', async () => {
    const { id, laterId } = await splitWeek('Awareness week B');
    const edit = await t.call('PATCH', `/api/events/${id}`, {
      dates: 'following',
      from: '2027-10-09',
      start: '2027-10-09',
      end: '2027-10-17',
      location: 'Town hall and libraries',
    });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    const middle = edit.body.id as string;
    expect(edit.body.series.continuations.map((c: any) => c.eventId)).toEqual([laterId]);
    // The earlier part keeps 2026 only, so it is a one-off now; 2027 is the middle part; 2028 on, the later part.
    expect((await t.call('GET', `/api/events/${id}`)).body).toMatchObject({ rrule: null, start: '2026-10-10', continuesAs: [middle] });
    expect((await t.call('GET', `/api/events/${middle}`)).body).toMatchObject({ splitFrom: id, continuesAs: [laterId] });
    // The whole chain, both ways, as the workspace pages read it (one recursive query each way).
    expect(await seriesChainOf(t.handle.store, laterId)).toEqual({ earlier: [middle, id], later: [] });
    expect(await seriesChainOf(t.handle.store, id)).toEqual({ earlier: [], later: [middle, laterId] });
    expect((await t.call('GET', `/api/events/${laterId}`)).body).toMatchObject({
      splitFrom: middle,
      location: 'Town hall and libraries',
      end: '2028-10-22',
    });
  });

  it('is refused naming dates, changing nothing, when the later part has its own length or venue', async () => {
    // A rule and a length of its own: a rule of its own alone takes a new length (ADR 171).
    const ownRule = await splitWeek('Awareness week C', {
      start: '2028-10-21',
      end: '2028-10-27',
      rrule: 'FREQ=YEARLY;BYMONTH=10;BYDAY=3SA',
    });
    const ownVenue = await splitWeek('Awareness week D', { location: 'Civic offices' });
    // A split four years ahead, with no start sent, finds its first date (it answered "has no date still to come").
    const far = await t.call('PATCH', `/api/events/${ownVenue.laterId}`, {
      dates: 'following',
      from: '2030-10-12',
      description: 'From 2030',
    });
    expect([far.status, far.body.start]).toEqual([200, '2030-10-12']);
    for (const [{ id, laterId }, body, why] of [
      [ownRule, { dates: 'all', start: '2026-10-10', end: '2026-10-18' }, 'has a time or length of its own'],
      [ownVenue, { dates: 'all', location: 'Central library' }, 'has a venue of its own'],
      [
        ownVenue,
        { dates: 'all', start: '2026-10-10', end: '2026-10-18', rrule: 'FREQ=YEARLY;BYMONTH=10;BYDAY=2SA;COUNT=2' },
        'a change of rule',
      ],
    ] as const) {
      const before = [(await t.call('GET', `/api/events/${id}`)).body, (await t.call('GET', `/api/events/${laterId}`)).body];
      const res = await t.call('PATCH', `/api/events/${id}`, body);
      expect(res.status).toBe(422);
      expect(res.body.error.field).toBe('dates');
      expect(res.body.error.message).toContain(`it continues as "${before[1].title}" from 2028-`);
      expect(res.body.error.message).toContain(`/api/events/${laterId}`);
      expect(res.body.error.message).toContain(why);
      const after = [(await t.call('GET', `/api/events/${id}`)).body, (await t.call('GET', `/api/events/${laterId}`)).body];
      expect(after.map((e: any) => [e.sequence, e.end, e.location, e.rrule])).toEqual(
        before.map((e: any) => [e.sequence, e.end, e.location, e.rrule]),
      );
    }
    // A change of words reaches a later part that still says what the earlier one said.
    const renamed = await t.call('PATCH', `/api/events/${ownRule.id}`, { dates: 'all', title: 'National Hate Crime Awareness Week' });
    expect(renamed.status).toBe(200);
    expect((await t.call('GET', `/api/events/${ownRule.laterId}`)).body.title).toBe('National Hate Crime Awareness Week');
    // The answer names the later part by the title it has now, not the one it had.
    expect(renamed.body.series.continuations.map((c: { eventId: string; title: string }) => [c.eventId, c.title])).toEqual([
      [ownRule.laterId, 'National Hate Crime Awareness Week'],
    ]);
  });

  it('takes an "all dates" edit sent again after it split the series as asking for nothing new: 200, nothing changed (ADR 285)', async () => {
    // Third Wednesdays from June: June to August have passed, so a new time splits at 16 September.
    const meeting = {
      kind: 'training',
      title: 'Advisory surgery',
      visibility: 'public',
      location: 'Hall',
      start: '2026-06-17T18:00',
      end: '2026-06-17T20:00',
      rrule: 'FREQ=MONTHLY;BYDAY=3WE',
    };
    const id = (await t.call('POST', '/api/events', meeting)).body.id as string;
    const edit = { start: '2026-06-17T18:30', end: '2026-06-17T20:30', reason: 'Hall booked later' };
    const first = await t.call('PATCH', `/api/events/${id}`, edit);
    expect([first.status, first.body.series.change, first.body.series.allBecameFollowing]).toEqual([200, 'split', true]);
    const laterId = first.body.id as string;
    const before = (await t.call('GET', `/api/events/${laterId}`)).body;
    expect(before).toMatchObject({ start: '2026-09-16T18:30:00+01:00', splitFrom: id });

    // The client did not see the answer and sends the same request again.
    const again = await t.call('PATCH', `/api/events/${id}`, edit);
    expect(again.status).toBe(200);
    expect(again.body.series).toMatchObject({
      change: 'unchanged',
      continuations: [],
      message: 'Nothing changed: every date of this part has passed, and its later parts already have this.',
    });
    const after = (await t.call('GET', `/api/events/${laterId}`)).body;
    expect([after.sequence, after.updatedAt, after.start]).toEqual([before.sequence, before.updatedAt, before.start]);
  });
});

describe('a part left with one date, and the year check of occurrence keys', () => {
  let t: TestApp;
  const surgery = {
    kind: 'training',
    title: 'Neighbourhood surgery',
    visibility: 'public',
    location: 'Wolverton Library',
    start: '2026-09-07T18:00',
    end: '2026-09-07T19:00',
    rrule: 'FREQ=WEEKLY;BYDAY=MO',
  };
  beforeAll(async () => {
    t = await makeTestApp({ now: '2026-09-01T09:00:00Z' });
  });
  afterAll(() => t.close());

  it('"following" from the second date leaves the first as a one-off event, which can be edited again', async () => {
    const id = (await t.call('POST', '/api/events', surgery)).body.id;
    const split = await t.call('PATCH', `/api/events/${id}`, {
      dates: 'following',
      from: '2026-09-14T17:00:00Z',
      start: '2026-09-14T18:30',
      end: '2026-09-14T19:30',
    });
    expect(split.status).toBe(200);
    const earlier = await t.call('GET', `/api/events/${id}`);
    expect(earlier.body).toMatchObject({ rrule: null, start: '2026-09-07T18:00:00+01:00', continuesAs: [split.body.id] });
    expect((await t.call('PATCH', `/api/events/${id}`, { location: 'Wolverton Youth Centre' })).status).toBe(200);
  });

  it('"all dates" with the first date passed and one left before the change makes that date a one-off', async () => {
    const id = (
      await t.call('POST', '/api/events', { ...surgery, title: 'Older surgery', start: '2026-08-31T18:00', end: '2026-08-31T19:00' })
    ).body.id;
    const edit = await t.call('PATCH', `/api/events/${id}`, { dates: 'all', location: 'Bletchley Library' });
    expect(edit.status).toBe(200);
    expect(edit.body.series.allBecameFollowing).toBe(true);
    expect((await t.call('GET', `/api/events/${id}`)).body).toMatchObject({
      rrule: null,
      start: '2026-08-31T18:00:00+01:00',
      location: 'Wolverton Library',
    });
  });

  it('"following" from the last date of a series that ends changes that date alone, as a one-off continuing the series', async () => {
    const id = (
      await t.call('POST', '/api/events', { ...surgery, title: 'Short course', rrule: 'FREQ=WEEKLY;BYDAY=MO;UNTIL=20260921T220000Z' })
    ).body.id;
    // The organiser sends no rule: the series' own UNTIL is not held against them.
    const res = await t.call('PATCH', `/api/events/${id}`, {
      dates: 'following',
      from: '2026-09-21T17:00:00Z',
      start: '2026-09-21T18:30',
      end: '2026-09-21T19:30',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ rrule: null, start: '2026-09-21T18:30:00+01:00', splitFrom: id });
    expect((await t.call('GET', `/api/events/${id}`)).body.rrule).toBe('FREQ=WEEKLY;UNTIL=20260920T225959Z;BYDAY=MO');
  });

  it('reads from and occurrence keys with the years every other field has, on every method', async () => {
    const id = (await t.call('POST', '/api/events', { ...surgery, title: 'Keys' })).body.id;
    const years = 'must be in the years 1900 to 2200 (it is in the year 9999)';
    const edit = await t.call('PATCH', `/api/events/${id}`, { dates: 'following', from: '9999-01-01T10:00:00Z', location: 'Hall' });
    expect([edit.status, edit.body.error]).toEqual([400, { field: 'from', message: years }]);
    const unreadable = 'must be the original start, like 2026-10-21T18:00 (UK time)';
    for (const [key, message] of [
      ['9999-12-31T11:00:00Z', years],
      ['%25', unreadable],
    ]) {
      for (const method of ['PUT', 'DELETE']) {
        const res = await t.call(method, `/api/events/${id}/occurrences/${key}`, method === 'PUT' ? { status: 'cancelled' } : undefined);
        expect([method, key, res.status, res.body.error], method).toEqual([method, key, 400, { field: 'recurrenceId', message }]);
      }
    }
    // A real key of a date with no exception is still "not found" for DELETE.
    expect((await t.call('DELETE', `/api/events/${id}/occurrences/2026-09-14T17:00:00Z`)).status).toBe(404);
    // `from` in UK local time is read like an occurrence key.
    const local = await t.call('PATCH', `/api/events/${id}`, { dates: 'following', from: '2026-09-21T18:00', location: 'Hall' });
    expect([local.status, local.body.series?.from]).toEqual([200, '2026-09-21T17:00:00Z']);
  });
});
