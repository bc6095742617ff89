/**
 * A series with a number of dates (RRULE COUNT) keeps that number through a "this and following"
 * edit: the later part gets the dates that were left, not the whole count again, so no date that
 * the organiser never planned appears in the calendar or gets a reminder (ADR 127). Runs on SQLite,
 * D1 and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

describe('a "following" edit of a series with a COUNT', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ now: '2027-01-10T09:00:00Z' });
  });
  afterAll(() => t.close());

  const course = (title: string, count: number) =>
    t.call('POST', '/api/events', {
      kind: 'training',
      title,
      visibility: 'partners',
      location: 'Training room 1',
      start: '2027-02-02T10:00',
      end: '2027-02-02T12:00',
      rrule: `FREQ=WEEKLY;COUNT=${count}`,
    });
  const dates = async (title: string) =>
    (await t.call('GET', `/api/occurrences?from=2027-01-01&to=2027-06-30&q=${encodeURIComponent(title)}&limit=50`)).body.occurrences.map(
      (o: any) => `${o.start} ${o.location}`,
    );

  it('moving the last two of four sessions to the annex leaves four sessions, two of them in the annex', async () => {
    const id = (await course('Safeguarding course A', 4)).body.id as string;
    const split = await t.call('PATCH', `/api/events/${id}`, { dates: 'following', from: '2027-02-16T10:00:00Z', location: 'Annex' });
    expect(split.status).toBe(200);
    expect((await t.call('GET', `/api/events/${split.body.id}`)).body.rrule).toBe('FREQ=WEEKLY;COUNT=2');
    expect(await dates('Safeguarding course A')).toEqual([
      '2027-02-02T10:00:00+00:00 Training room 1',
      '2027-02-09T10:00:00+00:00 Training room 1',
      '2027-02-16T10:00:00+00:00 Annex',
      '2027-02-23T10:00:00+00:00 Annex',
    ]);
  });

  it('a change from the last of three sessions changes that session alone', async () => {
    const id = (await course('Safeguarding course B', 3)).body.id as string;
    const split = await t.call('PATCH', `/api/events/${id}`, {
      dates: 'following',
      from: '2027-02-16T10:00:00Z',
      location: 'Annex',
      rrule: 'FREQ=WEEKLY;COUNT=3',
    });
    expect(split.status).toBe(200);
    expect(await dates('Safeguarding course B')).toEqual([
      '2027-02-02T10:00:00+00:00 Training room 1',
      '2027-02-09T10:00:00+00:00 Training room 1',
      '2027-02-16T10:00:00+00:00 Annex',
    ]);
  });

  it('refuses a count that the dates before the change already use up, naming rrule', async () => {
    const id = (await course('Safeguarding course C', 4)).body.id as string;
    const res = await t.call('PATCH', `/api/events/${id}`, {
      dates: 'following',
      from: '2027-02-23T10:00:00Z',
      rrule: 'FREQ=WEEKLY;COUNT=3',
    });
    expect(res.status).toBe(422);
    expect(res.body.error.field).toBe('rrule');
    const occurrences = (await t.call('GET', '/api/occurrences?from=2027-01-01&to=2027-06-30&limit=100')).body.occurrences;
    expect(occurrences.filter((o: any) => o.eventId === id)).toHaveLength(4);
  });
});
