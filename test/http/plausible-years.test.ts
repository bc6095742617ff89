/**
 * Dates outside 1900–2200 are refused where they come in, with one message: event dates, moved
 * occurrences, series ends, list filters, occurrence keys in URLs and the pages' own queries.
 * Found before: years 0000 and 0001 were accepted, and 0000 was stored with a one-minute offset
 * (Europe/London's local mean time before 1847).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

const deadline = (start: string, end?: string) => ({ kind: 'deadline', title: 'Returns due', start, ...(end ? { end } : {}) });

describe('the years the calendar accepts', () => {
  let t: TestApp;
  let seriesId: string;
  let occurrence: string;
  beforeAll(async () => {
    t = await makeTestApp({ demo: true });
    const group = (await t.call('GET', '/api/groups/iag')).body;
    const series = await t.call('POST', '/api/events', {
      kind: 'meeting',
      title: 'Task group meeting',
      start: '2026-11-04T18:00',
      end: '2026-11-04T19:30',
      rrule: 'FREQ=MONTHLY;BYDAY=1WE;COUNT=6',
      groupId: group.id,
    });
    seriesId = series.body.id;
    occurrence = '2026-12-02T18:00';
  });
  afterAll(() => t.close());

  it('refuses event dates before 1900 or after 2200, saying which year it read', async () => {
    const refused: [Record<string, unknown>, string, string][] = [
      [deadline('0001-01-01'), 'start', 'must be in the years 1900 to 2200 (it is in the year 0001)'],
      [deadline('9999-12-31'), 'start', 'must be in the years 1900 to 2200 (it is in the year 9999)'],
      [deadline('2026-01-01', '2201-01-01'), 'end', 'must be in the years 1900 to 2200 (it is in the year 2201)'],
      [
        { ...deadline('0000-01-01T10:00', '0000-01-01T11:00'), kind: 'training' },
        'start',
        'must be in the years 1900 to 2200 (it is in the year 0000)',
      ],
      [
        { ...deadline('1899-12-31T23:30:00Z', '1900-01-01T00:30:00Z'), kind: 'training' },
        'start',
        'must be in the years 1900 to 2200 (it is in the year 1899)',
      ],
      [
        { ...deadline('2026-03-31'), rrule: 'FREQ=YEARLY;UNTIL=99991231' },
        'rrule',
        'has UNTIL that must be in the years 1900 to 2200 (it is in the year 9999); leave UNTIL out for a series without an end',
      ],
    ];
    for (const [body, field, message] of refused) {
      const res = await t.call('POST', '/api/events', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toEqual({ field, message });
    }
    expect((await t.call('POST', '/api/events', deadline('1900-01-01'))).status).toBe(201);
    expect((await t.call('POST', '/api/events', deadline('2200-12-31'))).status).toBe(201);
  });

  it('refuses moving an occurrence out of the years, and occurrence keys outside them in URLs', async () => {
    const moved = await t.call('PUT', `/api/events/${seriesId}/occurrences/${occurrence}`, { start: '0001-12-02T18:00' });
    expect(moved.status).toBe(400);
    expect(moved.body.error).toEqual({ field: 'start', message: 'must be in the years 1900 to 2200 (it is in the year 0001)' });
    const key = await t.call('PUT', `/api/events/${seriesId}/occurrences/0001-12-02T18:00`, { status: 'cancelled' });
    expect(key.status).toBe(400);
    expect(key.body.error).toEqual({ field: 'recurrenceId', message: 'must be in the years 1900 to 2200 (it is in the year 0001)' });
    const gone = await t.call('DELETE', `/api/events/${seriesId}/occurrences/9999-12-02T18:00`);
    expect([gone.status, gone.body.error]).toEqual([
      400,
      { field: 'recurrenceId', message: 'must be in the years 1900 to 2200 (it is in the year 9999)' },
    ]);
  });

  it('refuses list filters outside the years', async () => {
    for (const [query, field, year] of [
      ['/api/events?from=0001-01-01', 'from', '0001'],
      ['/api/events?to=9999-12-31', 'to', '9999'],
      ['/api/occurrences?from=0000-01-01T00:00:00Z', 'from', '0000'],
      ['/api/occurrences?from=2026-01-01&to=2201-01-01', 'to', '2201'],
    ]) {
      const res = await t.call('GET', query!);
      expect(res.status, query).toBe(400);
      expect(res.body.error).toEqual({ field, message: `must be in the years 1900 to 2200 (it is in the year ${year})` });
    }
  });

  it('answers a page asked for a year outside them with 400 and says why, rather than showing today', async () => {
    for (const [path, text] of [
      ['/?from=0001-01-01', 'from must be in the years 1900 to 2200 (it is in the year 0001).'],
      ['/calendar/month?year=9999&month=1', 'year must be in the years 1900 to 2200 (it is in the year 9999).'],
      ['/calendar/year?year=0', 'year must be in the years 1900 to 2200 (it is in the year 0000).'],
    ]) {
      const res = await t.app.request(path!, { headers: { Accept: 'text/html' } });
      expect(res.status, path).toBe(400);
      expect(await res.text()).toContain(text);
    }
    expect((await t.app.request('/calendar/year?year=2022')).status).toBe(200);
  });
});
