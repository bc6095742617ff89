/**
 * The calendar follows a partner's public feed, served by a real HTTP server on loopback that
 * changes between fetches: the first run creates the partner's dates, an unchanged feed costs a
 * 304, a changed one updates and cancels (a date the partner removed is cancelled, which
 * subscribers see), a server that is down leaves everything as it was and records the failure,
 * and the next run after it is back carries on. A campaign week cancelled here stays cancelled,
 * with its activities, while the partner still lists it (a change there is reported), until it is
 * restored here.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSync } from '../../src/import/sync.js';
import { nodeFetcher } from '../../src/runtime/node-fetch.js';
import { makeTestApp, type TestApp } from '../support/app.js';

function calendar(events: { uid: string; summary: string; start: string; sequence?: number; extra?: string[] }[]): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Partner//Feed//EN',
    ...events.flatMap((e) => [
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      'DTSTAMP:20220901T000000Z',
      `SEQUENCE:${e.sequence ?? 0}`,
      `DTSTART:${e.start}`,
      `SUMMARY:${e.summary}`,
      ...(e.extra ?? []),
      'END:VEVENT',
    ]),
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

let body = calendar([
  { uid: 'surgery@fire.example.org', summary: 'Home fire safety surgery', start: '20221012T130000Z' },
  { uid: 'open-day@fire.example.org', summary: 'Fire station open day', start: '20221015T090000Z' },
]);
let etag = '"v1"';
/** Other partner feeds on the same server, by path (always answered in full). */
const otherFeeds = new Map<string, string>();
const requests: { ifNoneMatch: string | undefined }[] = [];
let server: Server;
let port = 0;

function listen(): Promise<void> {
  server = createServer((req, res) => {
    const other = otherFeeds.get(req.url ?? '');
    if (other !== undefined) {
      res.writeHead(200, { 'Content-Type': 'text/calendar' });
      res.end(other);
      return;
    }
    requests.push({ ifNoneMatch: req.headers['if-none-match'] });
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { ETag: etag });
      res.end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/calendar', ETag: etag });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
}
const stop = () => new Promise<void>((resolve) => server.close(() => resolve()));

let t: TestApp;
let feedId: string;
const sync = (at: string) =>
  runSync({ store: t.handle.store, fetcher: nodeFetcher({ testServer: { address: '127.0.0.1', port } }) }, new Date(at));

async function partnerEvents() {
  const res = await t.call('GET', '/api/events?limit=500&status=published,cancelled');
  return (res.body.events as any[]).map((e) => `${e.title} ${e.start} ${e.status}`).sort();
}

beforeAll(async () => {
  await listen();
  port = (server.address() as AddressInfo).port;
  t = await makeTestApp({ now: '2022-09-20T09:00:00Z' });
});
afterAll(async () => {
  if (server.listening) await stop();
  await t.close();
});

describe("following a partner's feed", () => {
  it('cannot be set up for an address inside our own network (private or loopback)', async () => {
    const res = await t.call('POST', '/api/synced-feeds', { url: 'http://10.0.0.8/calendar.ics', kind: 'activity' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/private/);
    const created = await t.call('POST', '/api/synced-feeds', {
      url: `http://127.0.0.1:${port}/fire.ics`,
      label: 'Fire and rescue',
      kind: 'activity',
      themes: ['N1'],
      intervalMinutes: 60,
    });
    // The address form is checked when followed; its DNS answer each time it is fetched.
    expect(created.status).toBe(400);
  });

  it('creates the partner dates on the first run, and records the run', async () => {
    // Loopback is refused by the API, as it should be; the test adds its own server's feed directly.
    const { createSyncedFeedStatements } = await import('../../src/import/synced-feeds.js');
    feedId = crypto.randomUUID();
    await t.handle.store.batch(
      createSyncedFeedStatements(
        t.handle.store,
        {
          id: feedId,
          url: `http://127.0.0.1:${port}/fire.ics`,
          label: 'Fire and rescue',
          intervalMinutes: 60,
          choices: { kind: 'activity', themes: ['N1'], organisationId: null, groupId: null, visibility: 'public', status: 'published' },
        },
        { actor: 'test', now: t.clock() },
      ),
    );
    const pass = await sync('2022-09-20T09:01:00Z');
    expect(pass.runs.map((r) => [r.outcome, r.created])).toEqual([['changed', 2]]);
    expect(await partnerEvents()).toEqual([
      'Fire station open day 2022-10-15T10:00:00+01:00 published',
      'Home fire safety surgery 2022-10-12T14:00:00+01:00 published',
    ]);
    const feed = (await t.call('GET', `/api/synced-feeds/${feedId}`)).body;
    expect(feed).toMatchObject({ failures: 0, lastError: null, lastSuccessAt: '2022-09-20T09:01:00.000Z' });
    expect(feed.runs[0]).toMatchObject({ outcome: 'changed', created: 2, httpStatus: 200 });
  });

  it('waits for its interval, then asks with the ETag and gets a 304', async () => {
    requests.length = 0;
    expect((await sync('2022-09-20T09:30:00Z')).runs).toEqual([]);
    expect(requests).toEqual([]);
    const pass = await sync('2022-09-20T10:02:00Z');
    expect(pass.runs[0]!.outcome).toBe('not-modified');
    expect(requests).toEqual([{ ifNoneMatch: '"v1"' }]);
  });

  it('updates a date the partner changed and cancels one the partner removed', async () => {
    body = calendar([{ uid: 'surgery@fire.example.org', summary: 'Home fire safety surgery', start: '20221013T130000Z', sequence: 1 }]);
    etag = '"v2"';
    const pass = await sync('2022-09-20T11:03:00Z');
    expect(pass.runs[0]).toMatchObject({ outcome: 'changed', created: 0, updated: 1, cancelled: 1 });
    expect(await partnerEvents()).toEqual([
      'Fire station open day 2022-10-15T10:00:00+01:00 cancelled',
      'Home fire safety surgery 2022-10-13T14:00:00+01:00 published',
    ]);
    const ics = await (await t.app.request('/feeds/public.ics')).text();
    const removed = ics.split('BEGIN:VEVENT').find((v) => v.includes('SUMMARY:Cancelled: Fire station open day'));
    expect(removed).toContain('STATUS:CANCELLED');
  });

  it('keeps everything as it was while the server is down, and records why', async () => {
    await stop();
    const before = await partnerEvents();
    const pass = await sync('2022-09-20T12:04:00Z');
    expect(pass.runs[0]).toMatchObject({ outcome: 'failed' });
    expect(pass.runs[0]!.error).toMatch(/could not be reached \(ECONNREFUSED\)/);
    expect(await partnerEvents()).toEqual(before);
    const feed = (await t.call('GET', `/api/synced-feeds/${feedId}`)).body;
    expect(feed.failures).toBe(1);
    expect(feed.lastError).toMatch(/ECONNREFUSED/);
  });

  it('carries on once the server is back', async () => {
    body = calendar([
      { uid: 'surgery@fire.example.org', summary: 'Home fire safety surgery', start: '20221013T130000Z', sequence: 1 },
      { uid: 'open-day@fire.example.org', summary: 'Fire station open day', start: '20221015T090000Z', sequence: 1 },
    ]);
    etag = '"v3"';
    await listen();
    const pass = await sync('2022-09-20T13:05:00Z');
    expect(pass.runs[0]).toMatchObject({ outcome: 'changed', updated: 1 });
    expect(await partnerEvents()).toEqual([
      'Fire station open day 2022-10-15T10:00:00+01:00 published',
      'Home fire safety surgery 2022-10-13T14:00:00+01:00 published',
    ]);
    const feed = (await t.call('GET', `/api/synced-feeds/${feedId}`)).body;
    expect([feed.failures, feed.lastError]).toEqual([0, null]);
    expect(feed.runs.map((r: { outcome: string }) => r.outcome)).toEqual(['changed', 'failed', 'changed', 'not-modified', 'changed']);
  });

  const fire = [
    { uid: 'surgery@fire.example.org', summary: 'Home fire safety surgery', start: '20221013T130000Z', sequence: 1 },
    { uid: 'open-day@fire.example.org', summary: 'Fire station open day', start: '20221015T090000Z', sequence: 1 },
  ];
  const drills = {
    uid: 'drills@fire.example.org',
    summary: 'Hydrant check',
    start: '20221103T180000Z',
    extra: ['RRULE:FREQ=WEEKLY;COUNT=3'],
  };

  it('reports a changed date moved onto another date of its series, and keeps the series as it was', async () => {
    body = calendar([...fire, drills]);
    etag = '"v4"';
    expect((await sync('2022-09-20T14:06:00Z')).runs[0]).toMatchObject({ created: 1, problems: [] });
    // The partner moves 10 November onto 17 November's own start, in a changed date (RECURRENCE-ID).
    body = calendar([...fire, { ...drills, sequence: 1 }]).replace(
      'END:VCALENDAR',
      'BEGIN:VEVENT\r\nUID:drills@fire.example.org\r\nSEQUENCE:1\r\nRECURRENCE-ID:20221110T180000Z\r\nDTSTART:20221117T180000Z\r\nEND:VEVENT\r\nEND:VCALENDAR',
    );
    etag = '"v5"';
    const run = (await sync('2022-09-20T15:07:00Z')).runs[0]!;
    expect(run).toMatchObject({ outcome: 'unchanged', updated: 0, skipped: 1 });
    expect(run.problems).toEqual([
      expect.stringMatching(
        /^Hydrant check \(line \d+\): The changed date on line \d+ moves the date of Thursday 10 November 2022 onto Thursday 17 November 2022, 18:00, which is already a date of this series;.* The event imported before is left as it is\.$/,
      ),
    ]);
    const drill = (await t.call('GET', '/api/events?limit=500')).body.events.find((e: { title: string }) => e.title === 'Hydrant check');
    expect((await t.call('GET', `/api/events/${drill.id}`)).body.exceptions).toEqual([]);
  });

  it('takes a newer copy of a series split here as the whole series, and says the later part was cancelled', async () => {
    const visits = {
      uid: 'visits@fire.example.org',
      summary: 'Safe and well visits',
      start: '20221102T180000Z',
      extra: ['RRULE:FREQ=WEEKLY;COUNT=6'],
    };
    body = calendar([...fire, drills, visits]);
    etag = '"v6"';
    expect((await sync('2022-09-20T16:08:00Z')).runs[0]).toMatchObject({ created: 1 });
    const events = (await t.call('GET', '/api/events?limit=500')).body.events as any[];
    const earlier = events.find((e) => e.title === 'Safe and well visits');
    const split = await t.call('PATCH', `/api/events/${earlier.id}`, {
      dates: 'following',
      from: '2022-11-23T18:00',
      location: 'Fire station',
    });
    expect(split.status).toBe(200);
    // The partner moves 9 November to the 10th.
    body = calendar([...fire, drills, { ...visits, sequence: 1 }]).replace(
      'END:VCALENDAR',
      'BEGIN:VEVENT\r\nUID:visits@fire.example.org\r\nSEQUENCE:1\r\nRECURRENCE-ID:20221109T180000Z\r\nDTSTART:20221110T180000Z\r\nEND:VEVENT\r\nEND:VCALENDAR',
    );
    etag = '"v7"';
    const run = (await sync('2022-09-20T17:09:00Z')).runs[0]!;
    expect(run).toMatchObject({ outcome: 'changed', updated: 1, cancelled: 1, skipped: 0 });
    expect(run.problems).toEqual([
      expect.stringMatching(
        /^Safe and well visits \(line \d+\): Newer in the source \(SEQUENCE 1, had 0\)\. It was split here since its import: .* its later part "Safe and well visits" from Wednesday 23 November 2022 is cancelled/,
      ),
    ]);
    const seen = (await t.call('GET', '/api/occurrences?from=2022-11-01&to=2022-12-31&limit=1000')).body.occurrences as any[];
    expect(seen.filter((o) => o.title === 'Safe and well visits').map((o) => `${o.start} ${o.location}`)).toEqual(
      ['2022-11-02', '2022-11-10', '2022-11-16', '2022-11-23', '2022-11-30', '2022-12-07'].map((d) => `${d}T18:00:00+00:00 `),
    );
    const feed = (await (await t.app.request('/feeds/public.ics')).text()).split('BEGIN:VEVENT').filter((v) => v.includes('Safe and well'));
    // The series (its moved date beside it) and the cancelled later part: no date offered twice.
    const series = feed.filter((v) => !v.includes('RECURRENCE-ID'));
    expect(series.map((v) => /STATUS:(\w+)/.exec(v)?.[1]).sort()).toEqual(['CANCELLED', 'CONFIRMED']);
  });

  it('cancels the later parts split here with a series the partner removed', async () => {
    const earlier = (await t.call('GET', '/api/events?limit=500')).body.events.find((e: any) => e.title === 'Safe and well visits');
    const split = await t.call('PATCH', `/api/events/${earlier.id}`, {
      dates: 'following',
      from: '2022-11-30T18:00',
      location: 'Fire station',
    });
    expect(split.status).toBe(200);
    body = calendar([...fire, drills]);
    etag = '"v8"';
    const run = (await sync('2022-09-20T18:10:00Z')).runs[0]!;
    expect(run).toMatchObject({ outcome: 'changed', cancelled: 2 });
    expect(run.problems).toEqual([
      'Safe and well visits: no longer in Fire and rescue. It was split here since its import: ' +
        'its later part "Safe and well visits" from Wednesday 30 November 2022 is cancelled with it.',
    ]);
    const seen = (await t.call('GET', '/api/occurrences?from=2022-11-01&to=2022-12-31&limit=1000')).body.occurrences as any[];
    expect(seen.filter((o) => o.title === 'Safe and well visits')).toEqual([]);
  });

  it('keeps a campaign week cancelled here cancelled, with its activities, while the partner lists and changes it, and says so; a restore here takes the partner’s copy (ADR 288)', async () => {
    const { createSyncedFeedStatements } = await import('../../src/import/synced-feeds.js');
    const week = (summary: string, sequence: number) =>
      calendar([{ uid: 'bite-back@trading-standards.example.org', summary, start: '20221024', sequence }]).replace(
        'DTSTART:20221024',
        'DTSTART;VALUE=DATE:20221024\r\nDTEND;VALUE=DATE:20221029',
      );
    otherFeeds.set('/weeks.ics', week('Bite Back Week', 0));
    await t.handle.store.batch(
      createSyncedFeedStatements(
        t.handle.store,
        {
          id: crypto.randomUUID(),
          url: `http://127.0.0.1:${port}/weeks.ics`,
          label: 'Trading standards',
          intervalMinutes: 60,
          choices: {
            kind: 'campaign_week',
            themes: ['N3'],
            organisationId: null,
            groupId: null,
            visibility: 'public',
            status: 'published',
          },
        },
        { actor: 'test', now: t.clock() },
      ),
    );
    expect((await sync('2022-09-20T19:11:00Z')).runs.find((r) => r.created === 1)).toBeDefined();
    const weekId = (await t.call('GET', '/api/events?limit=500')).body.events.find(
      (e: { title: string }) => e.title === 'Bite Back Week',
    ).id;
    const stall = await t.call('POST', '/api/events', {
      kind: 'activity',
      title: 'Loan shark advice stall',
      start: '2022-10-25',
      parentId: weekId,
    });
    expect((await t.call('POST', `/api/events/${weekId}/cancel`, { reason: 'Officers redeployed' })).status).toBe(200);
    const statusOf = async (id: string) => (await t.call('GET', `/api/events/${id}`)).body;
    const statusInFeed = async (id: string) => {
      const feed = new ICAL.Component(ICAL.parse(await (await t.app.request('/feeds/public.ics')).text()));
      const vevent = feed.getAllSubcomponents('vevent').find((v) => String(v.getFirstPropertyValue('uid')).startsWith(id));
      return vevent ? String(vevent.getFirstPropertyValue('status')) : 'absent';
    };
    // The partner still lists the week, unchanged: the cancel made here stands, the activity with it.
    const unchanged = (await sync('2022-09-20T20:12:00Z')).runs.find((r) => r.feedId !== feedId)!;
    expect(unchanged).toMatchObject({ updated: 0, problems: [] });
    expect(await statusOf(weekId)).toMatchObject({ title: 'Bite Back Week', status: 'cancelled', cancelReason: 'Officers redeployed' });
    expect(await statusOf(stall.body.id)).toMatchObject({ status: 'cancelled', parentOutcome: 'cancelled_with_parent' });
    expect(await statusInFeed(weekId)).toBe('CANCELLED');
    expect(await statusInFeed(stall.body.id)).toBe('CANCELLED');
    // The partner renames it: still cancelled here, and the run says what the organiser can do.
    otherFeeds.set('/weeks.ics', week('Bite Back Week of Action', 1));
    const changed = (await sync('2022-09-20T21:13:00Z')).runs.find((r) => r.feedId !== feedId)!;
    expect(changed).toMatchObject({ updated: 0, outcome: 'unchanged' });
    expect(changed.problems).toEqual([
      "Bite Back Week of Action (line 4): Cancelled here, and changed in the source since (SEQUENCE 1, had 0): it stays cancelled; restore it here to take the source's copy at the next sync.",
    ]);
    expect(await statusOf(weekId)).toMatchObject({ title: 'Bite Back Week', status: 'cancelled' });
    expect(await statusInFeed(stall.body.id)).toBe('CANCELLED');
    // Restored here, with its activity; the next run takes the partner's copy.
    expect((await t.call('POST', `/api/events/${weekId}/restore`)).status).toBe(200);
    const applied = (await sync('2022-09-20T22:14:00Z')).runs.find((r) => r.feedId !== feedId)!;
    expect(applied).toMatchObject({ updated: 1, problems: [] });
    expect(await statusOf(weekId)).toMatchObject({ title: 'Bite Back Week of Action', status: 'published' });
    expect(await statusOf(stall.body.id)).toMatchObject({ status: 'published', parentOutcome: null });
    expect(await statusInFeed(stall.body.id)).toBe('CONFIRMED');
  });
});
