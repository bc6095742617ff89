/**
 * A series with a number of dates (RRULE COUNT) keeps that number through a "this and following"
 * edit: the later part gets the dates that were left, not the whole count again, so no date that
 * the organiser never planned appears in the calendar or gets a reminder (ADR 127). A series that
 * ends on a date (RRULE UNTIL) keeps its last date through a split and a later time of day, whether
 * the time changes from the earlier part or in the later part itself (ADR 230). Runs on SQLite, D1
 * and PostgreSQL.
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

  it('a part made by a split keeps its last date when its time of day moves later', async () => {
    // Thursdays 7 January to 25 March 2027, 17:00 UK time (UNTIL the end of 25 March, UTC).
    const training = (title: string) =>
      t.call('POST', '/api/events', {
        kind: 'training',
        title,
        visibility: 'public',
        status: 'published',
        start: '2027-01-07T17:00',
        end: '2027-01-07T18:00',
        rrule: 'FREQ=WEEKLY;BYDAY=TH;UNTIL=20270325T235959Z',
      });
    const lateDates = async (title: string) =>
      (await t.call('GET', `/api/occurrences?from=2027-03-15&to=2027-03-31&q=${encodeURIComponent(title)}&limit=50`)).body.occurrences.map(
        (o: any) => o.start,
      );
    for (const [title, target] of [
      ['Thursday training U', 'first'],
      ['Thursday training V', 'later'],
    ] as const) {
      const id = (await training(title)).body.id as string;
      const split = await t.call('PATCH', `/api/events/${id}`, { dates: 'following', from: '2027-02-04T17:00:00Z', location: 'Hall' });
      expect(split.status, JSON.stringify(split.body)).toBe(200);
      const laterId = split.body.id as string;
      expect(laterId).not.toBe(id);
      // The later part ends with the series' own last date, 25 March.
      expect((await t.call('GET', `/api/events/${laterId}`)).body.rrule).toMatch(/UNTIL=20270325T2359/);
      // One hour later: from the first part (the change reaches the later part) or in the later part itself.
      const edit =
        target === 'first'
          ? await t.call('PATCH', `/api/events/${id}`, { start: '2027-01-07T18:00', end: '2027-01-07T19:00' })
          : await t.call('PATCH', `/api/events/${laterId}`, { start: '2027-02-04T18:00', end: '2027-02-04T19:00' });
      expect(edit.status, JSON.stringify(edit.body)).toBe(200);
      expect(await lateDates(title), title).toEqual(['2027-03-18T18:00:00+00:00', '2027-03-25T18:00:00+00:00']);
    }
  });

  it('a series ending at the exact time of its last date keeps that date when its time moves later', async () => {
    // 5, 12 and 19 October 2027, 18:00 UK time; UNTIL is the last date's own instant.
    const id = (
      await t.call('POST', '/api/events', {
        kind: 'training',
        title: 'Tuesday course W',
        visibility: 'public',
        status: 'published',
        start: '2027-10-05T18:00',
        end: '2027-10-05T19:00',
        rrule: 'FREQ=WEEKLY;UNTIL=20271019T170000Z',
      })
    ).body.id as string;
    const edit = await t.call('PATCH', `/api/events/${id}`, { start: '2027-10-05T19:30', end: '2027-10-05T20:30' });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    const occurrences = (await t.call('GET', '/api/occurrences?from=2027-10-01&to=2027-10-31&q=Tuesday%20course%20W&limit=50')).body
      .occurrences;
    expect(occurrences.map((o: any) => o.start)).toEqual([
      '2027-10-05T19:30:00+01:00',
      '2027-10-12T19:30:00+01:00',
      '2027-10-19T19:30:00+01:00',
    ]);
  });
});
