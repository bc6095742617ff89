/**
 * A one-off part of a split series (a "following" edit from the next date left it one date, ADR 125)
 * is one date of the series: an edit of it without `dates` changes that date alone, its time included,
 * and leaves the later part as it is; `"dates": "following"` (from its own date) changes it and the
 * later parts, as a chain edit does; `"all"` is refused naming `dates` (ADR 175). Chain edits from the
 * first part (here also left one date, so "following" from its own date, ADR 200) still reach past it
 * (ADR 128). "Following" from a one-off part moved past dates of the later part changes only the dates
 * from it on, in time order (ADR 264). Runs on SQLite, D1 and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

describe('an edit of a one-off part of a split series', () => {
  let t: TestApp;
  let groups = 0;
  beforeAll(async () => {
    t = await makeTestApp({ now: '2027-05-01T09:00:00Z' });
  });
  afterAll(() => t.close());

  const get = async (id: string) => (await t.call('GET', `/api/events/${id}`)).body;

  /** Weekly Thursdays ×10 from 6 May 18:00; 13 May on at 18:30 (A2), 20 May on at 19:00 (A3): A2 is a one-off. */
  async function chain(title: string) {
    // A group each: the same group's second series at the same day and time is warned about.
    groups++;
    const group = await t.call('POST', '/api/groups', {
      slug: `panel-${groups}`,
      name: `Scrutiny panel ${groups}`,
      organiserEmail: 'panel-organiser@example.org',
    });
    const groupId = group.body.id as string;
    const a = await t.call('POST', '/api/events', {
      kind: 'meeting',
      title,
      groupId,
      visibility: 'partners',
      location: 'Room A',
      start: '2027-05-06T18:00',
      end: '2027-05-06T19:00',
      rrule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=10',
    });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    const a2 = await t.call('PATCH', `/api/events/${a.body.id}`, {
      dates: 'following',
      from: '2027-05-13T17:00:00Z',
      start: '2027-05-13T18:30',
      end: '2027-05-13T19:30',
    });
    expect(a2.status, JSON.stringify(a2.body)).toBe(200);
    const a3 = await t.call('PATCH', `/api/events/${a2.body.id}`, {
      dates: 'following',
      from: '2027-05-20T17:30:00Z',
      start: '2027-05-20T19:00',
      end: '2027-05-20T20:00',
      reason: 'second',
    });
    expect(a3.status, JSON.stringify(a3.body)).toBe(200);
    expect(await get(a2.body.id)).toMatchObject({ rrule: null, start: '2027-05-13T18:30:00+01:00' });
    return { a: a.body.id as string, a2: a2.body.id as string, a3: a3.body.id as string };
  }

  it('changes the venue of that date alone and says the later dates are unchanged', async () => {
    const { a2, a3 } = await chain('Chain venue');
    const edit = await t.call('PATCH', `/api/events/${a2}`, { location: 'Room Z' });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect(edit.body.location).toBe('Room Z');
    expect(edit.body.series.continuations).toEqual([]);
    expect(edit.body.series.message).toContain('Only this date changed');
    const later = await get(a3);
    expect(later).toMatchObject({ location: 'Room A', start: '2027-05-20T19:00:00+01:00' });
  });

  it('changes the time of that date alone', async () => {
    const { a2, a3 } = await chain('Chain time');
    const edit = await t.call('PATCH', `/api/events/${a2}`, { start: '2027-05-13T18:45', end: '2027-05-13T19:45' });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect(edit.body).toMatchObject({ start: '2027-05-13T18:45:00+01:00', end: '2027-05-13T19:45:00+01:00' });
    expect(await get(a3)).toMatchObject({ start: '2027-05-20T19:00:00+01:00', rrule: 'FREQ=WEEKLY;COUNT=8;BYDAY=TH' });
  });

  it('changes it and the later parts with "following" from its own date, and refuses "all" naming dates', async () => {
    const { a2, a3 } = await chain('Chain following');
    const all = await t.call('PATCH', `/api/events/${a2}`, { dates: 'all', location: 'Room Y' });
    expect(all.status).toBe(422);
    expect(all.body.error.field).toBe('dates');
    expect(all.body.error.message).toContain('"following"');
    const wrongFrom = await t.call('PATCH', `/api/events/${a2}`, { dates: 'following', from: '2027-05-20T17:30:00Z', location: 'Room Y' });
    expect(wrongFrom.status).toBe(400);
    expect(wrongFrom.body.error.field).toBe('from');
    expect((await get(a2)).location).toBe('Room A');

    const following = await t.call('PATCH', `/api/events/${a2}`, { dates: 'following', from: '2027-05-13T17:30:00Z', location: 'Room Y' });
    expect(following.status, JSON.stringify(following.body)).toBe(200);
    expect(following.body.series.continuations.map((c: any) => c.eventId)).toEqual([a3]);
    expect((await get(a2)).location).toBe('Room Y');
    expect((await get(a3)).location).toBe('Room Y');
  });

  it('changes with "following" only the dates from this one on, in time order, when it was moved past dates of the later part (ADR 264)', async () => {
    const { a2, a3 } = await chain('Chain moved past');
    // This date alone to Friday 28 May: the later part's 20 and 27 May now come before it.
    const moved = await t.call('PATCH', `/api/events/${a2}`, { start: '2027-05-28T18:30', end: '2027-05-28T19:30' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const following = await t.call('PATCH', `/api/events/${a2}`, {
      dates: 'following',
      from: '2027-05-28T17:30:00Z',
      start: '2027-05-28T18:45',
      end: '2027-05-28T19:45',
      location: 'Room Y',
    });
    expect(following.status, JSON.stringify(following.body)).toBe(200);
    expect(following.body).toMatchObject({ start: '2027-05-28T18:45:00+01:00', location: 'Room Y' });
    // The later part keeps 20 and 27 May as they were; the change reaches it from 3 June, as a part of its own.
    const [reached] = following.body.series.continuations as { eventId: string; from: string }[];
    expect(following.body.series.continuations).toHaveLength(1);
    expect(reached!.from).toBe('2027-06-03');
    expect(reached!.eventId).not.toBe(a3);
    expect(following.body.series.message).toContain('from 2027-06-03');
    expect(await get(a3)).toMatchObject({ start: '2027-05-20T19:00:00+01:00', location: 'Room A' });
    const dates = await t.call('GET', '/api/occurrences?from=2027-05-01&to=2027-07-31&limit=50');
    const titled = (dates.body.occurrences as { title: string; start: string; location: string }[])
      .filter((o) => o.title === 'Chain moved past')
      .map((o) => `${o.start} ${o.location}`);
    expect(titled).toEqual([
      '2027-05-06T18:00:00+01:00 Room A',
      '2027-05-20T19:00:00+01:00 Room A',
      '2027-05-27T19:00:00+01:00 Room A',
      '2027-05-28T18:45:00+01:00 Room Y',
      ...['06-03', '06-10', '06-17', '06-24', '07-01', '07-08'].map((d) => `2027-${d}T18:45:00+01:00 Room Y`),
    ]);
  });

  // The first part was left one date by the first split, so it is a one-off part too (ADR 200):
  // "following" from its own date reaches past the one-off part after it (ADR 128's walk).
  it('still lets an edit of the first part reach past it', async () => {
    const { a, a2, a3 } = await chain('Chain from the first');
    const all = await t.call('PATCH', `/api/events/${a}`, { dates: 'all', location: 'Room W' });
    expect(all.status).toBe(422);
    expect(all.body.error.field).toBe('dates');
    const edit = await t.call('PATCH', `/api/events/${a}`, { dates: 'following', from: '2027-05-06T17:00:00Z', location: 'Room W' });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect(edit.body.series.continuations.map((c: any) => c.eventId)).toEqual([a2, a3]);
    expect([(await get(a2)).location, (await get(a3)).location]).toEqual(['Room W', 'Room W']);
  });

  it('points a per-date change of a one-off part at PATCH of that event, not "does not repeat"', async () => {
    const { a2 } = await chain('Chain per-date');
    const put = await t.call('PUT', `/api/events/${a2}/occurrences/2027-05-13T18:30`, { status: 'cancelled' });
    expect(put.status).toBe(400);
    expect(put.body.error.field).toBe('rrule');
    expect(put.body.error.message).not.toMatch(/does not repeat/);
    expect(put.body.error.message).toContain(`PATCH /api/events/${a2}`);
  });
});
