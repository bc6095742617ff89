/**
 * A split series whose middle part was left with one date (a one-off, ADR 125) is still one series:
 * an "all dates" edit of the first part reaches the one-off part and every part after it, or is
 * refused naming the part that cannot follow; it never answers 200 having changed nothing after
 * the one-off (issue 10, ADR 128). A moved date kept as a one-off (ADR 92) is not a part. Runs on
 * SQLite, D1 and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

describe('an "all dates" edit of a series with a one-off part in its chain', () => {
  let t: TestApp;
  const session = {
    kind: 'training',
    title: 'Street safety drop-in',
    visibility: 'public',
    location: 'Bletchley Library',
    start: '2026-03-05T10:00',
    end: '2026-03-05T11:00',
    rrule: 'FREQ=WEEKLY;BYDAY=TH',
  };
  beforeAll(async () => {
    t = await makeTestApp({ now: '2026-03-01T09:00:00Z' });
  });
  afterAll(() => t.close());

  /** The tester's chain: split at 16 April (`later` changes), then "following" from 9 April, which leaves 9 April a one-off. */
  async function chain(title: string, later: Record<string, unknown>) {
    const first = (await t.call('POST', '/api/events', { ...session, title })).body.id as string;
    const split = await t.call('PATCH', `/api/events/${first}`, { dates: 'following', from: '2026-04-16T09:00:00Z', ...later });
    expect(split.status, JSON.stringify(split.body)).toBe(200);
    const last = split.body.id as string;
    const middle = await t.call('PATCH', `/api/events/${first}`, {
      dates: 'following',
      from: '2026-04-09T09:00:00Z',
      description: 'Run with the fire service',
    });
    expect(middle.status, JSON.stringify(middle.body)).toBe(200);
    const oneOff = middle.body.id as string;
    expect(middle.body).toMatchObject({ rrule: null, start: '2026-04-09T10:00:00+01:00', splitFrom: first });
    expect((await t.call('GET', `/api/events/${last}`)).body.splitFrom).toBe(oneOff);
    return { first, oneOff, last };
  }
  const get = async (id: string) => (await t.call('GET', `/api/events/${id}`)).body;

  it('a new time of day reaches the one-off part and the part after it', async () => {
    const { first, oneOff, last } = await chain('Drop-in A', { description: 'From April with the council' });
    const edit = await t.call('PATCH', `/api/events/${first}`, {
      dates: 'all',
      start: '2026-03-05T10:15',
      end: '2026-03-05T11:15',
    });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect(edit.body.series.continuations).toEqual([
      { eventId: oneOff, title: 'Drop-in A', from: '2026-04-09' },
      { eventId: last, title: 'Drop-in A', from: '2026-04-16' },
    ]);
    expect(edit.body.series.message).toContain('also applies to the 2 later parts of the series');
    expect((await get(oneOff)).start).toBe('2026-04-09T10:15:00+01:00');
    expect(await get(last)).toMatchObject({ start: '2026-04-16T10:15:00+01:00', end: '2026-04-16T11:15:00+01:00' });
    const dates = (await t.call('GET', `/api/occurrences?from=2026-04-01&to=2026-04-30&q=Drop-in%20A&limit=10`)).body.occurrences;
    expect(dates.map((o: any) => o.start)).toEqual([
      '2026-04-02T10:15:00+01:00',
      '2026-04-09T10:15:00+01:00',
      '2026-04-16T10:15:00+01:00',
      '2026-04-23T10:15:00+01:00',
      '2026-04-30T10:15:00+01:00',
    ]);
  });

  it('reaches past the one-off part with a venue, and refuses naming the last part when it has a time of its own', async () => {
    // The tester's exact chain: the split at 16 April moved the time to 11:00.
    const { first, oneOff, last } = await chain('Drop-in B', { start: '2026-04-16T11:00', end: '2026-04-16T12:00' });
    const venue = await t.call('PATCH', `/api/events/${first}`, { dates: 'all', location: 'Bletchley Leisure Centre' });
    expect(venue.status, JSON.stringify(venue.body)).toBe(200);
    expect(venue.body.series.continuations.map((c: any) => c.eventId)).toEqual([oneOff, last]);
    expect([(await get(oneOff)).location, (await get(last)).location]).toEqual(['Bletchley Leisure Centre', 'Bletchley Leisure Centre']);

    const before = [await get(first), await get(oneOff), await get(last)];
    const time = await t.call('PATCH', `/api/events/${first}`, { dates: 'all', start: '2026-03-05T10:15', end: '2026-03-05T11:15' });
    expect(time.status).toBe(422);
    expect(time.body.error.field).toBe('dates');
    expect(time.body.error.message).toContain(`/api/events/${last}`);
    expect(time.body.error.message).toContain('has a time or length of its own');
    const after = [await get(first), await get(oneOff), await get(last)];
    expect(after.map((e: any) => [e.sequence, e.start])).toEqual(before.map((e: any) => [e.sequence, e.start]));
  });

  it('does not treat a moved date kept as a one-off as a part of the series', async () => {
    const first = (await t.call('POST', '/api/events', { ...session, title: 'Drop-in D', rrule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=3' })).body
      .id as string;
    expect(
      (await t.call('PUT', `/api/events/${first}/occurrences/2026-03-19T10:00:00Z`, { start: '2026-03-20T10:00', end: '2026-03-20T11:00' }))
        .status,
    ).toBe(200);
    // Two dates instead of three: the moved third has no place and is kept as a one-off.
    const shorter = await t.call('PATCH', `/api/events/${first}`, {
      dates: 'all',
      rrule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=2',
      orphans: 'keep',
    });
    expect(shorter.status, JSON.stringify(shorter.body)).toBe(200);
    const [kept] = shorter.body.series.keptAsOneOffs as string[];
    const edit = await t.call('PATCH', `/api/events/${first}`, { dates: 'all', start: '2026-03-05T10:15', end: '2026-03-05T11:15' });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect(edit.body.series.continuations).toEqual([]);
    expect((await get(kept!)).start).toBe('2026-03-20T10:00:00+00:00');
  });
});
