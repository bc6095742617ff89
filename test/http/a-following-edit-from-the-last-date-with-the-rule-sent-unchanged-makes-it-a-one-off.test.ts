/**
 * "This and following" from the last date of a series, sent as the web form sends it (the series'
 * own rule, unchanged, and a start on that date), makes that date a one-off continuing the series,
 * as the same edit without the rule does; it is not refused as "UNTIL before its second date"
 * (issue 10). Through the app on SQLite, D1 and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

describe('a "following" edit from the last date with the rule sent unchanged', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ now: '2022-10-03T09:00:00Z' });
  });
  afterAll(() => t.close());

  it('changes that date alone, as a one-off continuing the series', async () => {
    // 5, 12 and 19 October 2022, 18:00 UK time.
    const rrule = 'FREQ=WEEKLY;UNTIL=20221019T170000Z;BYDAY=WE';
    const series = await t.call('POST', '/api/events', {
      kind: 'training',
      title: 'Three-week course',
      visibility: 'public',
      status: 'published',
      start: '2022-10-05T18:00',
      end: '2022-10-05T19:00',
      rrule,
    });
    expect(series.status, JSON.stringify(series.body)).toBe(201);
    const edit = await t.call('PATCH', `/api/events/${series.body.id}`, {
      dates: 'following',
      from: '2022-10-19T17:00:00Z',
      start: '2022-10-19T19:00',
      end: '2022-10-19T20:00',
      rrule,
    });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    // The new part is the one-off; the earlier part keeps 5 and 12 October.
    const lastId = edit.body.id === series.body.id ? edit.body.series.continuations[0].eventId : edit.body.id;
    const last = (await t.call('GET', `/api/events/${lastId}`)).body;
    expect(last).toMatchObject({ rrule: null, start: '2022-10-19T19:00:00+01:00', end: '2022-10-19T20:00:00+01:00' });
  });
});
