/**
 * A weekly 01:30 Sunday series meets the two clock changes: on 29 March 2026 01:30 does not exist
 * (RFC 5545 §3.3.5: read with the offset before the gap, 02:30 BST) and on 25 October 2026 it
 * happens twice (the first is meant, 01:30 BST). libical and ical.js read those dates of an
 * RRULE differently (ADR 4), so the feed spells each one out as an override in UTC: every client
 * then shows the instant the API gives and the reminders use.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';
import { icalJs, pythonParsers, type SeenOccurrence } from './support/parsers.js';

const FROM = new Date('2026-02-20T00:00:00Z');
const TO = new Date('2026-12-31T00:00:00Z');
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '').split('\r\n');
const instant = (text: string) => new Date(Date.parse(text)).toISOString().replace('.000Z', 'Z');

describe('series dates a clock change moves reach every client at the instant the API gives', () => {
  let t: TestApp;
  const series = new Map<string, string>();

  beforeAll(async () => {
    t = await makeTestApp({ now: '2026-02-01T09:00:00Z' });
    for (const [title, start, end, rrule] of [
      ['Night patrol briefing (spring)', '2026-03-01T01:30', '2026-03-01T02:00', 'FREQ=WEEKLY;BYDAY=SU;COUNT=8'],
      ['Night patrol briefing (autumn)', '2026-10-04T01:30', '2026-10-04T02:00', 'FREQ=WEEKLY;BYDAY=SU;COUNT=8'],
      ['Late licensing check-in', '2026-01-25T01:15', '2026-01-25T01:45', 'FREQ=MONTHLY;BYDAY=-1SU;UNTIL=20261231'],
    ]) {
      const res = await t.call('POST', '/api/events', { kind: 'activity', title, start, end, rrule, visibility: 'public' });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      series.set(`${res.body.id}@safercal`, res.body.id);
    }
  });
  afterAll(() => t.close());

  /** uid → the starts the API lists for the series in the window. */
  const fromApi = async () => {
    const res = await t.call('GET', '/api/occurrences?from=2026-02-20&to=2026-12-31&limit=100');
    expect(res.status).toBe(200);
    const out = new Map<string, string[]>();
    for (const [uid, id] of series) {
      const items = res.body.occurrences as { eventId: string; start: string }[];
      out.set(
        uid,
        items.filter((o) => o.eventId === id).map((o) => instant(o.start)),
      );
    }
    return out;
  };

  it('lists the dates at the instants RFC 5545 §3.3.5 gives (02:30 BST in spring, the first 01:30 in autumn)', async () => {
    const api = await fromApi();
    const all = [...api.values()].flat();
    expect(all).toContain('2026-03-29T01:30:00Z');
    expect(all).toContain('2026-10-25T00:30:00Z');
    expect(all).toContain('2026-03-29T01:15:00Z');
    expect(all).toContain('2026-10-25T00:15:00Z');
  });

  it('publishes those dates as overrides in UTC, named as the RRULE names them', async () => {
    const lines = unfold(await (await t.app.request('/feeds/public.ics')).text());
    expect(lines).toContain('RECURRENCE-ID;TZID=Europe/London:20260329T013000');
    expect(lines).toContain('DTSTART:20260329T013000Z');
    expect(lines).toContain('RECURRENCE-ID;TZID=Europe/London:20261025T013000');
    expect(lines).toContain('DTSTART:20261025T003000Z');
  });

  it('is read back by ical.js at exactly the instants the API lists', async () => {
    const ics = await (await t.app.request('/feeds/public.ics')).text();
    const api = await fromApi();
    const icaljs = icalJs(ics, FROM, TO);
    expect(icaljs.errors).toEqual([]);
    for (const uid of series.keys()) expect(starts(icaljs.occurrences, uid), uid).toEqual([...api.get(uid)!].sort());
  });

  it('is read back by libical at the instants the API lists (its spring-gap departures aside)', async () => {
    const ics = await (await t.app.request('/feeds/public.ics')).text();
    const api = await fromApi();
    const libical = pythonParsers(ics, FROM, TO).libical;
    expect(libical.errors).toEqual([]);
    const [spring, autumn, monthly] = [...series.keys()];
    // Autumn: the override names the date as libical's iterator does, and replaces it.
    expect(starts(libical.occurrences, autumn!)).toEqual([...api.get(autumn!)!].sort());
    // Spring (ADR 72): libical reads 29 March right by itself but names it apart from the
    // override's RECURRENCE-ID, so that date shows twice at the same, right instant; its iterator
    // then puts the instance after the gap an hour late (ADR 4), which no feed text can change.
    expect(starts(libical.occurrences, spring!).filter((s) => s === '2026-03-29T01:30:00Z')).toHaveLength(2);
    expect(starts(libical.occurrences, monthly!)).toEqual(expect.arrayContaining(['2026-03-29T01:15:00Z', '2026-10-25T00:15:00Z']));
    expect(starts(libical.occurrences, monthly!)).not.toContain('2026-10-25T01:15:00Z');
  });
});

const starts = (list: SeenOccurrence[], uid: string) =>
  list
    .filter((o) => o.uid === uid)
    .map((o) => o.start)
    .sort();
