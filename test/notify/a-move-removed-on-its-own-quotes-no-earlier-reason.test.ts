/**
 * A change of one date alone quotes its own words, never the event's last reason: a move removed
 * with DELETE of the date (no note) sends "Changed" with no "Reason:", as a PUT move without a
 * note does, though the event's last change said "later start" (ADR 201). The next change of the
 * event itself quotes its reason again. A partner feed the calendar follows that puts a moved
 * date back (drops its override) is a change of that date alone too (ADR 250). Real SMTP server on
 * loopback, real SQLite, a real HTTP server on loopback serving the feed, a fake clock.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncedFeedStatements } from '../../src/import/synced-feeds.js';
import { runSync } from '../../src/import/sync.js';
import { nodeFetcher } from '../../src/runtime/node-fetch.js';
import { makeWorld, type World } from './support/world.js';

const MEMBER = 'iag-member-1@example.org';

describe('a moved date whose move is removed on its own', () => {
  let w: World;
  let b: string;
  beforeAll(async () => {
    w = await makeWorld({ now: '2027-04-01T09:00:00Z', members: [MEMBER] });
    // Mondays 10:00–11:00 UK time from 5 April, eight dates; from 12 April on at another venue (B).
    const series = await w.createMeeting({ start: '2027-04-05T10:00', end: '2027-04-05T11:00', rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=8' });
    const split = await w.t.call('PATCH', `/api/events/${series.id}`, {
      dates: 'following',
      from: '2027-04-12T10:00',
      location: 'Wolverton Library',
    });
    expect(split.status, JSON.stringify(split.body)).toBe(200);
    b = split.body.id as string;
    const moved = await w.t.call('PUT', `/api/events/${b}/occurrences/2027-04-12T10:00`, {
      start: '2027-04-13T10:00',
      end: '2027-04-13T11:00',
      location: 'Wolverton Library',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const later = await w.t.call('PATCH', `/api/events/${b}`, {
      dates: 'all',
      start: '2027-04-12T12:00',
      end: '2027-04-12T13:00',
      reason: 'later start',
    });
    expect(later.status, JSON.stringify(later.body)).toBe(200);
    await w.dispatch('2027-04-06T12:00:00Z'); // the week-before reminder of Tue 13 April
  });
  afterAll(() => w.close());

  it('was reminded of the moved date', async () => {
    const subjects = (await w.sink.parsedFor(MEMBER)).map((m) => m.subject);
    expect(subjects.some((s) => s?.includes('13 Apr'))).toBe(true);
  });

  it('is told "Changed" with no reason when its move is removed with no note', async () => {
    w.t.clock.set('2027-04-07T09:00:00Z');
    const date = `/api/events/${b}/occurrences/2027-04-12T11:00:00Z`;
    const cancelled = await w.t.call('PUT', date, { status: 'cancelled' });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    const restored = await w.t.call('DELETE', date);
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    const removed = await w.t.call('DELETE', date);
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    const before = (await w.sink.parsedFor(MEMBER)).length;
    await w.dispatch('2027-04-07T09:01:00Z');
    const mails = (await w.sink.parsedFor(MEMBER)).slice(before);
    expect(mails.map((m) => m.subject)).toEqual(['Changed: Independent Advisory Group meeting, now Mon 12 Apr, 12:00']);
    expect(mails[0]!.text).not.toContain('Reason:');
    expect(mails[0]!.text).not.toContain('later start');
    expect(String(mails[0]!.html)).not.toContain('later start');
  });

  it('quotes the reason of the next change of the event itself', async () => {
    w.t.clock.set('2027-04-07T10:00:00Z');
    const edit = await w.t.call('PATCH', `/api/events/${b}`, { location: 'Room Q', reason: 'the library is closed' });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    const before = (await w.sink.parsedFor(MEMBER)).length;
    await w.dispatch('2027-04-07T10:01:00Z');
    const mail = (await w.sink.parsedFor(MEMBER)).slice(before).find((m) => m.subject?.includes('12 Apr'));
    expect(mail?.subject).toBe('New venue: Independent Advisory Group meeting, Mon 12 Apr, 12:00, now at Room Q');
    expect(mail!.text).toContain('Reason: the library is closed');
  });
});

describe("a moved date a partner's feed puts back", () => {
  let w: World;
  let server: Server;
  let body = '';
  let seriesId = '';
  /** The partner's weekly Monday meeting, 10:00 UK time from 5 April, with 12 April moved to Tuesday 13th unless `moved` is false. */
  const feed = (sequence: number, moved: boolean) =>
    [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Partner//Feed//EN',
      'BEGIN:VEVENT',
      'UID:iag@partner.example.org',
      'DTSTAMP:20270301T000000Z',
      `SEQUENCE:${sequence}`,
      'DTSTART:20270405T090000Z',
      'DTEND:20270405T100000Z',
      'RRULE:FREQ=WEEKLY;COUNT=6',
      'SUMMARY:Independent Advisory Group meeting',
      'LOCATION:Milton Keynes College',
      'END:VEVENT',
      ...(moved
        ? [
            'BEGIN:VEVENT',
            'UID:iag@partner.example.org',
            'DTSTAMP:20270301T000000Z',
            `SEQUENCE:${sequence}`,
            'RECURRENCE-ID:20270412T090000Z',
            'DTSTART:20270413T090000Z',
            'DTEND:20270413T100000Z',
            'SUMMARY:Independent Advisory Group meeting',
            'LOCATION:Milton Keynes College',
            'END:VEVENT',
          ]
        : []),
      'END:VCALENDAR',
      '',
    ].join('\r\n');
  const sync = (at: string) =>
    runSync(
      {
        store: w.t.handle.store,
        fetcher: nodeFetcher({ testServer: { address: '127.0.0.1', port: (server.address() as AddressInfo).port } }),
      },
      new Date(at),
    );

  beforeAll(async () => {
    w = await makeWorld({ now: '2027-04-01T09:00:00Z', members: [MEMBER] });
    server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/calendar' });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    await w.t.handle.store.batch(
      createSyncedFeedStatements(
        w.t.handle.store,
        {
          id: crypto.randomUUID(),
          url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/iag.ics`,
          label: 'IAG partner calendar',
          intervalMinutes: 15,
          choices: { kind: 'meeting', themes: [], organisationId: null, groupId: w.groupId, visibility: 'partners', status: 'published' },
        },
        { actor: 'test', now: w.t.clock() },
      ),
    );
    body = feed(0, true);
    const first = await sync('2027-04-01T09:01:00Z');
    expect(first.runs.map((r) => [r.outcome, r.created])).toEqual([['changed', 1]]);
    const events = (await w.t.call('GET', '/api/events?limit=10')).body.events as { id: string; rrule: string | null }[];
    seriesId = events.find((e) => e.rrule)!.id;
    await w.dispatch('2027-04-06T12:00:00Z'); // the week-before reminder of Tue 13 April
    // The organiser files the series under a theme, with a reason: a change of the event itself.
    w.t.clock.set('2027-04-06T13:00:00Z');
    const edit = await w.t.call('PATCH', `/api/events/${seriesId}`, { dates: 'all', themes: ['N1'], reason: 'filed under hate crime' });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await w.close();
  });

  it('was reminded of the moved date', async () => {
    const subjects = (await w.sink.parsedFor(MEMBER)).map((m) => m.subject);
    expect(subjects.some((s) => s?.includes('13 Apr'))).toBe(true);
  });

  it('is told "Changed" with no reason when the next version of the feed drops the move', async () => {
    body = feed(1, false);
    const pass = await sync('2027-04-07T09:00:00Z');
    expect(pass.runs.map((r) => [r.outcome, r.updated])).toEqual([['changed', 1]]);
    const before = (await w.sink.parsedFor(MEMBER)).length;
    await w.dispatch('2027-04-07T09:01:00Z');
    const mails = (await w.sink.parsedFor(MEMBER)).slice(before);
    expect(mails.map((m) => m.subject)).toEqual(['Changed: Independent Advisory Group meeting, now Mon 12 Apr, 10:00']);
    expect(mails[0]!.text).not.toContain('Reason:');
    expect(mails[0]!.text).not.toContain('filed under hate crime');
    expect(String(mails[0]!.html)).not.toContain('filed under hate crime');
  });
});
