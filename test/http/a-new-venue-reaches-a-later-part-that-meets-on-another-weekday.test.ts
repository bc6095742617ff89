/**
 * A series switched from Wednesdays to Thursdays by "this and following" is two parts with rules of
 * their own. A new venue for all dates moves no date, so it reaches the Thursday part as it would a
 * part with the same rule (ADR 147); a new time of day reaches it too where the Thursdays still had
 * the Wednesdays' old time and length: every Thursday keeps its day and takes the new time, and a
 * moved Thursday keeps its move (ADR 171). Where the Thursdays have a time of their own it is refused
 * naming `dates` and the part, with nothing changed. Runs on SQLite, D1 and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

describe('a series that moved to another weekday', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ now: '2026-12-01T09:00:00Z' });
  });
  afterAll(() => t.close());

  async function wednesdaysThenThursdays(title: string) {
    const id = (
      await t.call('POST', '/api/events', {
        kind: 'training',
        title,
        visibility: 'public',
        location: 'Hall 1',
        start: '2027-01-06T10:00',
        end: '2027-01-06T11:00',
        rrule: 'FREQ=WEEKLY;BYDAY=WE',
      })
    ).body.id as string;
    const split = await t.call('PATCH', `/api/events/${id}`, {
      dates: 'following',
      from: '2027-01-20T10:00',
      rrule: 'FREQ=WEEKLY;BYDAY=TH',
      start: '2027-01-21T10:00',
      end: '2027-01-21T11:00',
    });
    expect(split.status).toBe(200);
    return { id, thursdays: split.body.id as string };
  }

  it('takes a new venue for all dates to the Thursday part too', async () => {
    const { id, thursdays } = await wednesdaysThenThursdays('Volunteer induction A');
    const edit = await t.call('PATCH', `/api/events/${id}`, { dates: 'all', location: 'Hall 2' });
    expect(edit.status).toBe(200);
    expect(edit.body.series.continuations.map((c: { eventId: string }) => c.eventId)).toEqual([thursdays]);
    const later = (await t.call('GET', `/api/events/${thursdays}`)).body;
    expect(later).toMatchObject({ location: 'Hall 2', rrule: expect.stringContaining('BYDAY=TH'), start: '2027-01-21T10:00:00+00:00' });
    expect((await t.call('GET', `/api/events/${id}`)).body.location).toBe('Hall 2');
  });

  it('takes a new time of day for all dates to every Thursday, keeping a moved Thursday where it was moved', async () => {
    const { id, thursdays } = await wednesdaysThenThursdays('Volunteer induction B');
    const moved = await t.call('PUT', `/api/events/${thursdays}/occurrences/2027-02-04T10:00`, {
      start: '2027-02-05T15:00',
      end: '2027-02-05T16:00',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const edit = await t.call('PATCH', `/api/events/${id}`, { dates: 'all', start: '2027-01-06T11:00', end: '2027-01-06T12:00' });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect(edit.body.series.continuations.map((c: { eventId: string }) => c.eventId)).toEqual([thursdays]);
    expect((await t.call('GET', `/api/events/${id}`)).body).toMatchObject({
      start: '2027-01-06T11:00:00+00:00',
      end: '2027-01-06T12:00:00+00:00',
    });
    const later = (await t.call('GET', `/api/events/${thursdays}`)).body;
    expect(later).toMatchObject({
      rrule: expect.stringContaining('BYDAY=TH'),
      start: '2027-01-21T11:00:00+00:00',
      end: '2027-01-21T12:00:00+00:00',
    });
    const dates = (
      await t.call('GET', `/api/occurrences?from=2027-01-21&to=2027-02-18&q=${encodeURIComponent('Volunteer induction B')}&limit=50`)
    ).body.occurrences.map((o: any) => [o.start, o.moved]);
    expect(dates).toEqual([
      ['2027-01-21T11:00:00+00:00', false],
      ['2027-01-28T11:00:00+00:00', false],
      ['2027-02-05T15:00:00+00:00', true],
      ['2027-02-11T11:00:00+00:00', false],
      ['2027-02-18T11:00:00+00:00', false],
    ]);
  });

  it('refuses a new time of day for all dates where the Thursdays have a time of their own, naming the part, and changes nothing', async () => {
    const { id, thursdays } = await wednesdaysThenThursdays('Volunteer induction C');
    const own = await t.call('PATCH', `/api/events/${thursdays}`, { dates: 'all', start: '2027-01-21T14:00', end: '2027-01-21T15:00' });
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    const edit = await t.call('PATCH', `/api/events/${id}`, { dates: 'all', start: '2027-01-06T10:30', end: '2027-01-06T11:30' });
    expect(edit.status).toBe(422);
    expect(edit.body.error.field).toBe('dates');
    expect(edit.body.error.message).toContain(`/api/events/${thursdays}`);
    expect(edit.body.error.message).toContain('has a time or length of its own');
    expect((await t.call('GET', `/api/events/${id}`)).body.start).toBe('2027-01-06T10:00:00+00:00');
    expect((await t.call('GET', `/api/events/${thursdays}`)).body.start).toBe('2027-01-21T14:00:00+00:00');
  });
});
