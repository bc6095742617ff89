/**
 * The FIRST part of a series that a split left with one date (a "following" edit from its second
 * date, ADR 125) is one date of that series too, like a later one-off part (ADR 175): an edit without
 * `dates` changes that date alone (words, venue and time), `"following"` from its own start changes it
 * and the later part, and `"all"` is refused naming `dates` (ADR 200). Before, its title reached every
 * later part, its venue and time were refused, and `"all"` with a new start rewrote the later part.
 * Runs on SQLite, D1 and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

describe('an edit of a first part a split left with one date', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ now: '2027-05-01T09:00:00Z' });
  });
  afterAll(() => t.close());

  const get = async (id: string) => (await t.call('GET', `/api/events/${id}`)).body;

  /** Mondays 10:00 ×4 from 3 May in Room 1; from 10 May on in Room 2 (L): the first part R keeps 3 May alone. */
  async function split(title: string) {
    const r = await t.call('POST', '/api/events', {
      kind: 'training',
      title,
      location: 'Room 1',
      start: '2027-05-03T10:00',
      end: '2027-05-03T11:00',
      rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=4',
      status: 'published',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const l = await t.call('PATCH', `/api/events/${r.body.id}`, { dates: 'following', from: '2027-05-10T10:00', location: 'Room 2' });
    expect(l.status, JSON.stringify(l.body)).toBe(200);
    expect(l.body.id).not.toBe(r.body.id);
    expect(await get(r.body.id)).toMatchObject({ rrule: null, start: '2027-05-03T10:00:00+01:00', location: 'Room 1' });
    return { r: r.body.id as string, l: l.body.id as string };
  }

  it('renames that date alone and says the later dates are unchanged', async () => {
    const { r, l } = await split('T14 R1 words');
    const edit = await t.call('PATCH', `/api/events/${r}`, { title: 'renamed' });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect(edit.body.title).toBe('renamed');
    expect(edit.body.series.continuations).toEqual([]);
    expect(edit.body.series.message).toContain('Only this date changed');
    expect((await get(l)).title).toBe('T14 R1 words');
  });

  it('changes the venue and the time of that date alone', async () => {
    const { r, l } = await split('T14 R1 venue');
    const venue = await t.call('PATCH', `/api/events/${r}`, { location: 'Room 9' });
    expect(venue.status, JSON.stringify(venue.body)).toBe(200);
    expect(venue.body.location).toBe('Room 9');
    const time = await t.call('PATCH', `/api/events/${r}`, { start: '2027-05-03T14:00', end: '2027-05-03T15:00' });
    expect(time.status, JSON.stringify(time.body)).toBe(200);
    expect(time.body).toMatchObject({ start: '2027-05-03T14:00:00+01:00', end: '2027-05-03T15:00:00+01:00' });
    expect(await get(l)).toMatchObject({ location: 'Room 2', start: '2027-05-10T10:00:00+01:00', rrule: 'FREQ=WEEKLY;COUNT=3;BYDAY=MO' });
  });

  it('changes it and the later part with "following" from its own start, and refuses "all" naming dates', async () => {
    const { r, l } = await split('T14 R1 following');
    const all = await t.call('PATCH', `/api/events/${r}`, { dates: 'all', start: '2027-05-03T12:00', end: '2027-05-03T13:00' });
    expect(all.status, JSON.stringify(all.body)).toBe(422);
    expect(all.body.error.field).toBe('dates');
    expect(await get(l)).toMatchObject({ start: '2027-05-10T10:00:00+01:00' });
    expect((await get(r)).start).toBe('2027-05-03T10:00:00+01:00');

    // As a chain edit: the later part's venue of its own is not overwritten (ADR 124's refusal).
    const venue = await t.call('PATCH', `/api/events/${r}`, { dates: 'following', from: '2027-05-03T10:00', location: 'Room 5' });
    expect(venue.status, JSON.stringify(venue.body)).toBe(422);
    expect(venue.body.error.message).toContain('has a venue of its own');
    const from = await t.call('PATCH', `/api/events/${r}`, { dates: 'following', from: '2027-05-10T10:00', title: 'x' });
    expect(from.status).toBe(400);
    expect(from.body.error.field).toBe('from');

    const following = await t.call('PATCH', `/api/events/${r}`, { dates: 'following', from: '2027-05-03T10:00', title: 'renamed both' });
    expect(following.status, JSON.stringify(following.body)).toBe(200);
    expect(following.body.series.continuations.map((c: { eventId: string }) => c.eventId)).toEqual([l]);
    expect([(await get(r)).title, (await get(l)).title]).toEqual(['renamed both', 'renamed both']);
  });

  it('gives "following" with a new time to every later date though that date\'s time was changed alone', async () => {
    const { r, l } = await split('T14 R1 time alone');
    const alone = await t.call('PATCH', `/api/events/${r}`, { start: '2027-05-03T14:00', end: '2027-05-03T15:00' });
    expect(alone.status, JSON.stringify(alone.body)).toBe(200);
    // This date and every later date at 12:00: the later part's 10:00 was the series' time, not one of its own (ADR 251).
    const following = await t.call('PATCH', `/api/events/${r}`, {
      dates: 'following',
      from: '2027-05-03T14:00',
      start: '2027-05-03T12:00',
      end: '2027-05-03T13:00',
    });
    expect(following.status, JSON.stringify(following.body)).toBe(200);
    expect(following.body.series.continuations.map((c: { eventId: string }) => c.eventId)).toEqual([l]);
    expect((await get(r)).start).toBe('2027-05-03T12:00:00+01:00');
    expect(await get(l)).toMatchObject({ start: '2027-05-10T12:00:00+01:00', end: '2027-05-10T13:00:00+01:00', location: 'Room 2' });
    const dates = await t.call('GET', `/api/occurrences?from=2027-05-01&to=2027-06-01&limit=50`);
    const titled = (dates.body.occurrences as { title: string; start: string }[]).filter((o) => o.title === 'T14 R1 time alone');
    expect(titled.map((o) => o.start)).toEqual([
      '2027-05-03T12:00:00+01:00',
      '2027-05-10T12:00:00+01:00',
      '2027-05-17T12:00:00+01:00',
      '2027-05-24T12:00:00+01:00',
    ]);
  });

  it('still refuses a new time for a later part with a time of its own, offering this date alone', async () => {
    const { r, l } = await split('T14 R1 own time');
    // The later part L at 16:00 from 17 May (a third part; L is left 10 May alone).
    const own = await t.call('PATCH', `/api/events/${l}`, {
      dates: 'following',
      from: '2027-05-17T10:00',
      start: '2027-05-17T16:00',
      end: '2027-05-17T17:00',
    });
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    const following = await t.call('PATCH', `/api/events/${r}`, {
      dates: 'following',
      from: '2027-05-03T10:00',
      start: '2027-05-03T12:00',
      end: '2027-05-03T13:00',
    });
    expect(following.status, JSON.stringify(following.body)).toBe(422);
    expect(following.body.error.field).toBe('dates');
    expect(following.body.error.message).toContain('from 2027-05-17 (/api/events/');
    expect(following.body.error.message).toContain('which has a time or length of its own');
    // There are no dates before the later part to choose: this date alone can still change.
    expect(following.body.error.message).not.toContain('choose dates before it');
    expect(following.body.error.message).toContain('change this date alone');
    expect([(await get(r)).start, (await get(l)).start]).toEqual(['2027-05-03T10:00:00+01:00', '2027-05-10T10:00:00+01:00']);
  });

  it('is a one-off again once every later part is cancelled, and one date of the series when one is restored', async () => {
    const { r, l } = await split('T14 R1 later cancelled');
    expect((await t.call('POST', `/api/events/${l}/cancel`, { reason: 'room gone' })).status).toBe(200);
    // Nothing goes on after it: "all" is this event's one date, no longer "continues after it" (ADR 252).
    const all = await t.call('PATCH', `/api/events/${r}`, { dates: 'all', title: 'only date' });
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    expect(all.body.title).toBe('only date');
    const following = await t.call('PATCH', `/api/events/${r}`, { dates: 'following', from: '2027-05-03T10:00', title: 'x' });
    expect(following.status).toBe(422);
    expect(following.body.error.message).toContain('one date');
    // Still a part of a split series: its date is changed with PATCH, not one by one.
    const put = await t.call('PUT', `/api/events/${r}/occurrences/2027-05-03T10:00`, { status: 'cancelled' });
    expect(put.status).toBe(400);
    expect(put.body.error.message).toContain(`PATCH /api/events/${r}`);

    expect((await t.call('POST', `/api/events/${l}/restore`)).status).toBe(200);
    const again = await t.call('PATCH', `/api/events/${r}`, { dates: 'all', title: 'y' });
    expect(again.status).toBe(422);
    expect(again.body.error.field).toBe('dates');
  });

  it('keeps a one-off no series continues as it was: "following" has one date', async () => {
    const one = await t.call('POST', '/api/events', {
      kind: 'training',
      title: 'T14 single',
      start: '2027-05-04T10:00',
      end: '2027-05-04T11:00',
      status: 'published',
    });
    const following = await t.call('PATCH', `/api/events/${one.body.id}`, { dates: 'following', from: '2027-05-04T10:00', title: 'x' });
    expect(following.status).toBe(422);
    expect(following.body.error.message).toContain('one date');
    const all = await t.call('PATCH', `/api/events/${one.body.id}`, { dates: 'all', title: 'renamed single' });
    expect(all.status, JSON.stringify(all.body)).toBe(200);
  });
});
