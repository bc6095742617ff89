/**
 * "From 17 March, the third Thursday instead": a "this and following" edit that sends only the
 * new rule starts the new part at the first date that rule gives on or after the chosen date, at
 * the series' time and length, instead of refusing the part's old first date (17 February, a
 * Wednesday) which the organiser never sent (ADR 157). Runs on SQLite, D1 and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

describe('a rule-only "following" edit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ now: '2027-01-10T09:00:00Z' });
  });
  afterAll(() => t.close());

  /** Third Wednesday monthly at 19:00–21:00 from 17 February 2027. */
  const monthly = (title: string) =>
    t.call('POST', '/api/events', {
      kind: 'training',
      title,
      visibility: 'partners',
      location: 'Training room 1',
      start: '2027-02-17T19:00',
      end: '2027-02-17T21:00',
      rrule: 'FREQ=MONTHLY;BYDAY=3WE',
    });

  it("starts the new part at the new rule's first date from the chosen one, keeping the earlier dates", async () => {
    const series = await monthly('Hate crime reporting workshop');
    expect(series.status).toBe(201);
    const edit = await t.call('PATCH', `/api/events/${series.body.id}?allowSameTime=true`, {
      dates: 'following',
      from: '2027-03-17T19:00',
      rrule: 'FREQ=MONTHLY;BYDAY=3TH',
    });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect(edit.body).toMatchObject({ rrule: 'FREQ=MONTHLY;BYDAY=3TH', splitFrom: series.body.id });
    const dates = await t.call('GET', '/api/occurrences?from=2027-02-01&to=2027-05-31&q=reporting+workshop');
    expect(dates.body.occurrences.map((o: { start: string; end: string }) => `${o.start} ${o.end}`)).toEqual([
      '2027-02-17T19:00:00+00:00 2027-02-17T21:00:00+00:00',
      '2027-03-18T19:00:00+00:00 2027-03-18T21:00:00+00:00',
      '2027-04-15T19:00:00+01:00 2027-04-15T21:00:00+01:00',
      '2027-05-20T19:00:00+01:00 2027-05-20T21:00:00+01:00',
    ]);
  });

  it('still names `start` when the organiser sends one the new rule does not pick', async () => {
    const series = await monthly('Restorative justice briefing');
    const edit = await t.call('PATCH', `/api/events/${series.body.id}`, {
      dates: 'following',
      from: '2027-03-17T19:00',
      rrule: 'FREQ=MONTHLY;BYDAY=3TH',
      start: '2027-03-17T19:00',
      end: '2027-03-17T21:00',
    });
    expect(edit.status).toBe(400);
    expect(edit.body.error.field).toBe('start');
    expect(edit.body.error.message).toContain('Wednesday 17 March 2027 is not');
  });
});
