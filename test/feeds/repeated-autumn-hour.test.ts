/**
 * On 25 October 2026 UK clocks go back from 02:00 BST to 01:00 GMT, so every time from 01:00 to
 * 02:00 happens twice. The API accepts either (a local time means the first; an offset names
 * the second). A TZID time in that hour is ambiguous, and clients disagree on which one it
 * means (RFC 5545 §3.3.5 says the first; libical, ical.js and node-ical read the second), so the
 * feeds and invitations write such a time in UTC, which every client reads the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEvent } from '../../src/db/events.js';
import { renderInvitation } from '../../src/feeds/ics.js';
import { makeTestApp, type TestApp } from '../support/app.js';
import { icalJs, pythonParsers, type SeenOccurrence } from './support/parsers.js';

const FROM = new Date('2026-10-01T00:00:00Z');
const TO = new Date('2026-11-30T00:00:00Z');
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '').split('\r\n');
const instant = (text: string) => new Date(Date.parse(text)).toISOString().replace('.000Z', 'Z');

describe('a time in the repeated hour of the October clock change reaches every client as the instant saved', () => {
  let t: TestApp;
  /** uid → the start and end instants the API stored. */
  const saved = new Map<string, { start: string; end: string }>();
  let seriesId = '';

  const create = async (title: string, start: string, end: string, extra: Record<string, unknown> = {}) => {
    const res = await t.call('POST', '/api/events', { kind: 'activity', title, start, end, visibility: 'public', ...extra });
    expect(res.status).toBe(201);
    saved.set(`${res.body.id}@safercal`, { start: instant(res.body.start), end: instant(res.body.end) });
    return res.body.id as string;
  };

  beforeAll(async () => {
    t = await makeTestApp({ now: '2026-09-01T09:00:00Z' });
    await create('Night-time economy briefing (the first 01:30)', '2026-10-25T01:30', '2026-10-25T01:50');
    await create('Night-time economy briefing (the second 01:30)', '2026-10-25T01:30:00+00:00', '2026-10-25T01:50:00+00:00');
    await create('Patrol debrief ending in the second hour', '2026-10-25T00:40', '2026-10-25T01:10:00+00:00');
    seriesId = await create('Weekly Sunday patrol briefing', '2026-10-11T03:00', '2026-10-11T03:30', { rrule: 'FREQ=WEEKLY;COUNT=4' });
    const moved = await t.call('PUT', `/api/events/${seriesId}/occurrences/2026-10-25T03:00`, {
      start: '2026-10-25T01:30:00+00:00',
      end: '2026-10-25T01:50:00+00:00',
    });
    expect(moved.status).toBe(200);
  });
  afterAll(() => t.close());

  it('stored the two 01:30s an hour apart', () => {
    const starts = [...saved.values()].map((s) => s.start);
    expect(starts).toContain('2026-10-25T00:30:00Z');
    expect(starts).toContain('2026-10-25T01:30:00Z');
  });

  it('writes those times in UTC form and keeps the zone for every other time', async () => {
    const lines = unfold(await (await t.app.request('/feeds/public.ics')).text());
    expect(lines).toContain('DTSTART:20261025T003000Z');
    expect(lines).toContain('DTSTART:20261025T013000Z');
    expect(lines).toContain('DTEND:20261025T011000Z');
    // The moved occurrence: its RECURRENCE-ID names the same 03:00 instant the series expands to.
    expect(lines).toContain('RECURRENCE-ID:20261025T030000Z');
    // The series itself keeps following the UK wall clock.
    expect(lines).toContain('DTSTART;TZID=Europe/London:20261011T030000');
  });

  it('is read back at the saved instants by libical and ical.js, the moved date included', async () => {
    const ics = await (await t.app.request('/feeds/public.ics')).text();
    const libical = pythonParsers(ics, FROM, TO).libical;
    const icaljs = icalJs(ics, FROM, TO);
    expect(libical.errors).toEqual([]);
    expect(icaljs.errors).toEqual([]);
    const one = (list: SeenOccurrence[]) =>
      list.filter((o) => o.recurrenceId === null).map((o) => ({ uid: o.uid, start: o.start, end: o.end }));
    const want = [...saved].filter(([uid]) => uid !== `${seriesId}@safercal`).map(([uid, s]) => ({ uid, ...s }));
    for (const list of [libical.occurrences, icaljs.occurrences]) {
      expect(one(list)).toEqual(expect.arrayContaining(want));
      const series = list.filter((o) => o.uid === `${seriesId}@safercal`).map((o) => o.start);
      expect(series).toEqual(['2026-10-11T02:00:00Z', '2026-10-18T02:00:00Z', '2026-10-25T01:30:00Z', '2026-11-01T03:00:00Z']);
    }
  });

  it('is read back at the saved instants from the invitations members are sent', async () => {
    const eventOf = async (uid: string) => (await getEvent(t.handle.store, uid.replace('@safercal', '')))!;
    const [first, second] = [...saved.keys()];
    const common = {
      organizer: { name: 'Patrol team', email: 'patrol@example.org' },
      attendees: [{ email: 'member@example.org' }],
      method: 'REQUEST' as const,
      publicUrl: 'https://calendar.example.org',
    };
    for (const [args, start] of [
      [{ ...common, event: await eventOf(first!) }, '2026-10-25T00:30:00Z'],
      [{ ...common, event: await eventOf(second!) }, '2026-10-25T01:30:00Z'],
      [{ ...common, event: await eventOf(seriesId), recurrenceId: '2026-10-25T03:00:00Z' }, '2026-10-25T01:30:00Z'],
    ] as const) {
      const ics = renderInvitation(args);
      for (const list of [pythonParsers(ics, FROM, TO).libical.occurrences, icalJs(ics, FROM, TO).occurrences]) {
        expect(list.map((o) => o.start)).toEqual([start]);
      }
    }
  });
});
