/**
 * A date moved and then moved back to the series' own time and venue is an ordinary date again:
 * the event has no exception for it, and the feed publishes no override (RECURRENCE-ID) for it,
 * read with ical.js as a subscriber's calendar reads it (ADR 158). A date "moved" to where it already
 * is writes nothing, and a note on it alone is refused (ADR 270). Runs on SQLite, D1 and PostgreSQL.
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

describe('a date moved back to where the series puts it', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ now: '2026-09-01T09:00:00Z' });
  });
  afterAll(() => t.close());

  /** A public monthly series at the Community library, third Wednesday 18:00–20:00 from 16 September 2026. */
  const monthly = (title: string) =>
    t.call('POST', '/api/events', {
      kind: 'activity',
      title,
      visibility: 'public',
      status: 'published',
      location: 'Community library',
      start: '2026-09-16T18:00',
      end: '2026-09-16T20:00',
      rrule: 'FREQ=MONTHLY;BYDAY=3WE',
    });

  const overrides = async (title: string) => {
    const res = await t.call('GET', '/feeds/public.ics');
    const calendar = new ICAL.Component(ICAL.parse(res.body as string));
    return calendar
      .getAllSubcomponents('vevent')
      .filter((v) => v.getFirstPropertyValue('summary') === title && v.hasProperty('recurrence-id'))
      .map((v) => String(v.getFirstPropertyValue('dtstart')));
  };

  it('has no exception and no override in the feed', async () => {
    const series = await monthly('Neighbourhood watch drop-in');
    expect(series.status, JSON.stringify(series.body)).toBe(201);
    const key = '2026-10-21T17:00:00Z';
    const moved = await t.call('PUT', `/api/events/${series.body.id}/occurrences/${key}`, {
      start: '2026-10-21T19:00',
      end: '2026-10-21T21:00',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(await overrides('Neighbourhood watch drop-in')).toHaveLength(1);

    const back = await t.call('PUT', `/api/events/${series.body.id}/occurrences/${key}`, {
      start: '2026-10-21T18:00',
      end: '2026-10-21T20:00',
      location: 'Community library',
    });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect((await t.call('GET', `/api/events/${series.body.id}`)).body.exceptions).toEqual([]);
    expect(await overrides('Neighbourhood watch drop-in')).toEqual([]);
  });

  it('stays moved when only the time goes back and the venue is still another', async () => {
    const series = await monthly('Community speed watch briefing');
    const key = '2026-10-21T17:00:00Z';
    await t.call('PUT', `/api/events/${series.body.id}/occurrences/${key}`, {
      start: '2026-10-21T19:00',
      end: '2026-10-21T21:00',
      location: 'Town hall',
    });
    await t.call('PUT', `/api/events/${series.body.id}/occurrences/${key}`, {
      start: '2026-10-21T18:00',
      end: '2026-10-21T20:00',
      location: 'Town hall',
    });
    const exceptions = (await t.call('GET', `/api/events/${series.body.id}`)).body.exceptions;
    expect(exceptions.map((e: { location: string }) => e.location)).toEqual(['Town hall']);
  });

  it('writes nothing for a move to where the date already is, and refuses a note that would be dropped', async () => {
    const series = await monthly('Street pastors briefing');
    const id = series.body.id;
    const before = (await t.call('GET', `/api/events/${id}`)).body;
    const key = '2026-10-21T17:00:00Z';
    // Its own time and venue, as a form sends them: no move, no new SEQUENCE, no override.
    const same = await t.call('PUT', `/api/events/${id}/occurrences/${key}`, { start: '2026-10-21T18:00', location: 'Community library' });
    expect(same.status, JSON.stringify(same.body)).toBe(200);
    expect(same.body.exceptions).toEqual([]);
    expect(same.body.updatedAt).toBe(before.updatedAt);
    expect(await overrides('Street pastors briefing')).toEqual([]);
    // A note alone on a date that stays put would vanish: the answer names the field.
    const note = await t.call('PUT', `/api/events/${id}/occurrences/${key}`, { start: '2026-10-21T18:00', note: 'Bring hi-vis' });
    expect(note.status).toBe(400);
    expect(note.body.error.field).toBe('note');
    expect(note.body.error.message).toContain('goes with a move or a cancellation');
    expect((await t.call('GET', `/api/events/${id}`)).body.exceptions).toEqual([]);
    // A moved date sent again as it is, with its note, is no change either; a new note alone is one.
    const moved = { start: '2026-10-21T19:00', location: 'Town hall', note: 'Side door' };
    const first = await t.call('PUT', `/api/events/${id}/occurrences/${key}`, moved);
    const again = await t.call('PUT', `/api/events/${id}/occurrences/${key}`, moved);
    expect(again.body.updatedAt).toBe(first.body.updatedAt);
    const noted = await t.call('PUT', `/api/events/${id}/occurrences/${key}`, { ...moved, note: 'Front door' });
    expect(noted.body.exceptions.map((e: { note: string; location: string }) => [e.location, e.note])).toEqual([
      ['Town hall', 'Front door'],
    ]);
  });
});
