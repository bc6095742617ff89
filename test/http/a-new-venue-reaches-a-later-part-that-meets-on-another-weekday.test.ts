/**
 * A series switched from Wednesdays to Thursdays by "this and following" is two parts with rules of
 * their own. A new venue for all dates moves no date, so it reaches the Thursday part as it would a
 * part with the same rule; a new time of day moves every date and is still refused naming `dates`
 * (ADR 124), with nothing changed. Runs on SQLite, D1 and PostgreSQL.
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

  it('still refuses a new time of day for all dates, naming the part, and changes nothing', async () => {
    const { id, thursdays } = await wednesdaysThenThursdays('Volunteer induction B');
    const edit = await t.call('PATCH', `/api/events/${id}`, { dates: 'all', start: '2027-01-06T10:30', end: '2027-01-06T11:30' });
    expect(edit.status).toBe(422);
    expect(edit.body.error.field).toBe('dates');
    expect(edit.body.error.message).toContain(`/api/events/${thursdays}`);
    expect((await t.call('GET', `/api/events/${id}`)).body.start).toBe('2027-01-06T10:00:00+00:00');
    expect((await t.call('GET', `/api/events/${thursdays}`)).body.start).toBe('2027-01-21T10:00:00+00:00');
  });
});
