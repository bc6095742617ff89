import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent } from '../../src/db/events.js';
import { openSqlite } from '../../src/runtime/sqlite.js';
import { makeTestApp, type TestApp } from '../support/app.js';
import { APP_ON_SQLITE } from '../support/backends.js';

const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');
const summaries = (ics: string) => [...unfold(ics).matchAll(/^SUMMARY:(.*)$/gm)].map((m) => m[1]!.replace(/\r$/, ''));

describe('subscription feeds over HTTP', () => {
  let t: TestApp;
  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => t.app.request(path, { method, headers });

  beforeAll(async () => {
    t = await makeTestApp({ demo: true, now: '2022-09-01T09:00:00Z' });
  });
  afterAll(() => t.close());

  it('serves the public calendar as text/calendar with ETag, Last-Modified and a cache lifetime', async () => {
    const res = await get('/feeds/public.ics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    expect(res.headers.get('last-modified')).toBe('Thu, 01 Sep 2022 09:00:00 GMT');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const body = await res.text();
    expect(Number(res.headers.get('content-length'))).toBe(new TextEncoder().encode(body).length);
    expect(summaries(body)).toContain('National Hate Crime Awareness Week');
    // Partner-only, group-only, confidential and draft business stays out of the public feed.
    expect(summaries(body)).not.toContain('County Lines Intensification Week');
    expect(summaries(body)).not.toContain('Quarterly progress report due to the board');
    expect(summaries(body)).not.toContain('Hate Crime Task and Finish Group');
    expect(body).not.toContain('Domestic homicide review');
  });

  it('answers 304 to If-None-Match and If-Modified-Since when nothing changed, and HEAD without a body', async () => {
    const first = await get('/feeds/public.ics');
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    const byTag = await get('/feeds/public.ics', { 'If-None-Match': etag });
    expect(byTag.status).toBe(304);
    expect(await byTag.text()).toBe('');
    expect(byTag.headers.get('etag')).toBe(etag);
    expect((await get('/feeds/public.ics', { 'If-None-Match': `"other", W/${etag}` })).status).toBe(304);
    expect((await get('/feeds/public.ics', { 'If-Modified-Since': lastModified })).status).toBe(304);
    expect((await get('/feeds/public.ics', { 'If-Modified-Since': 'Wed, 31 Aug 2022 09:00:00 GMT' })).status).toBe(200);
    // If-None-Match decides alone when both are sent.
    expect((await get('/feeds/public.ics', { 'If-None-Match': '"stale"', 'If-Modified-Since': lastModified })).status).toBe(200);
    const head = await get('/feeds/public.ics', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe(etag);
    expect(head.headers.get('content-length')).toBe(first.headers.get('content-length'));
    expect(await head.text()).toBe('');
  });

  it('still clears a stale session cookie sent with a feed request, and answers with the feed (ADR 289)', async () => {
    // A feed answer carries its header record in its own Response, except where a middleware may
    // have set a header before the route: a browser's stale session is told to drop its cookie.
    await get('/feeds/public.ics');
    const res = await get('/feeds/public.ics', { Cookie: '__Host-sid=no-such-session' });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/^__Host-sid=; Max-Age=0; Path=\/; HttpOnly; Secure; SameSite=Lax/);
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(summaries(await res.text())).toContain('National Hate Crime Awareness Week');
  });

  it('sends the same calendar gzipped to clients that accept it, with its own ETag and 304', async () => {
    const plain = await get('/feeds/public.ics');
    const plainBytes = new Uint8Array(await plain.arrayBuffer());
    const zipped = await get('/feeds/public.ics', { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(zipped.status).toBe(200);
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toBe('Accept-Encoding');
    const zippedBytes = new Uint8Array(await zipped.arrayBuffer());
    expect(Number(zipped.headers.get('content-length'))).toBe(zippedBytes.length);
    expect(zippedBytes.length).toBeLessThan(plainBytes.length / 2);
    expect(new Uint8Array(gunzipSync(zippedBytes))).toEqual(plainBytes);
    const zippedTag = zipped.headers.get('etag')!;
    expect(zippedTag).not.toBe(plain.headers.get('etag'));
    expect((await get('/feeds/public.ics', { 'Accept-Encoding': 'gzip', 'If-None-Match': zippedTag })).status).toBe(304);
    expect((await get('/feeds/public.ics', { 'Accept-Encoding': 'gzip;q=0' })).headers.get('content-encoding')).toBeNull();
  });

  it('shows an organiser’s change on the next request, with a new ETag', async () => {
    const before = await get('/feeds/public.ics');
    const etag = before.headers.get('etag')!;
    const created = await t.call('POST', '/api/events', {
      kind: 'activity',
      title: 'Knife crime awareness stall at the shopping centre',
      start: '2022-11-05T10:00',
      end: '2022-11-05T14:00',
      themes: ['N1'],
      visibility: 'public',
    });
    expect(created.status).toBe(201);
    const after = await get('/feeds/public.ics', { 'If-None-Match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    const body = await after.text();
    expect(summaries(body)).toContain('Knife crime awareness stall at the shopping centre');
    expect(unfold(body)).toContain('DTSTART;TZID=Europe/London:20221105T100000');
  });

  // SQLite only: the app re-reads the file's data_version at most once a second; PostgreSQL's
  // instances see each other's changes in test/instances, and only a Worker reaches D1.
  it.runIf(APP_ON_SQLITE)('sees a change written by another process sharing the database file', async () => {
    const before = await (await get('/feeds/public.ics')).text();
    const other = openSqlite(t.handle.sqlite.name);
    try {
      await createEvent(
        other.store,
        {
          kind: 'deadline',
          title: 'Grant applications close (added from the command line)',
          description: '',
          location: '',
          links: [],
          when: { allDay: true, startDate: '2022-12-01', endDate: '2022-12-01' },
          timezone: 'Europe/London',
          rrule: null,
          themes: [],
          organisationId: null,
          groupId: null,
          parentId: null,
          visibility: 'public',
          status: 'published',
        },
        { actor: 'cli', now: new Date('2022-09-01T10:00:00Z') },
      );
    } finally {
      await other.close();
      other.sqlite.close();
    }
    expect(summaries(before)).not.toContain('Grant applications close (added from the command line)');
    // The database fingerprint is re-read at most once a second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(summaries(await (await get('/feeds/public.ics')).text())).toContain('Grant applications close (added from the command line)');
  });

  it('filters by theme, kind, group and organisation, combinably, with short URLs', async () => {
    const hateCrimeWeeks = summaries(await (await get('/feeds/public.ics?theme=C2&kind=campaign_week')).text());
    expect(hateCrimeWeeks).toContain('National Hate Crime Awareness Week');
    expect(hateCrimeWeeks).not.toContain('Women’s experience of hate crime'); // an activity, not a week
    expect(hateCrimeWeeks).not.toContain('Bite Back Week: Wolverton'); // not tagged hate crime

    const sameFeed = await get('/feeds/public.ics?kind=campaign_week&theme=c2');
    expect(summaries(await sameFeed.text())).toEqual(hateCrimeWeeks);

    const board = summaries(await (await get('/feeds/public.ics?group=safermk-board')).text());
    expect(board.length).toBeGreaterThan(0);
    // The board's meetings, and the open action from its last meeting, which is a deadline of the group.
    expect(new Set(board)).toEqual(
      new Set(['SaferMK Partnership Board', 'Action: Supply a glossary of acronyms to the Partnership members']),
    );

    const orgs = (await t.call('GET', '/api/organisations')).body.organisations as { id: string; name: string }[];
    const events = (await t.call('GET', '/api/events?limit=500', undefined, { auth: false })).body.events as {
      organisationId: string | null;
      title: string;
    }[];
    const org = orgs.find((o) => events.some((e) => e.organisationId === o.id))!;
    const byOrg = summaries(await (await get(`/feeds/public.ics?organisation=${org.id}`)).text());
    expect(new Set(byOrg)).toEqual(new Set(events.filter((e) => e.organisationId === org.id).map((e) => e.title)));

    const url = `https://calendar.example.org/feeds/public.ics?theme=C2,V1,V2&kind=campaign_week,activity&group=safermk-board&organisation=${org.id}`;
    expect(url.length).toBeLessThan(256);
  });

  it('names the filter in the calendar name', async () => {
    const body = unfold(await (await get('/feeds/public.ics?theme=C2&kind=campaign_week')).text());
    expect(body).toContain('X-WR-CALNAME:Community Safety Partnership: Hate crime · Campaign week');
  });

  it('serves a group’s meetings at a short address under the group’s name', async () => {
    const res = await get('/feeds/groups/safermk-board.ics');
    expect(res.status).toBe(200);
    const body = unfold(await res.text());
    expect(body).toContain('X-WR-CALNAME:SaferMK Partnership Board');
    expect(new Set(summaries(body))).toEqual(
      new Set(['SaferMK Partnership Board', 'Action: Supply a glossary of acronyms to the Partnership members']),
    );
    expect((await get('/feeds/groups/no-such-group.ics')).status).toBe(400);
  });

  it('refuses unknown filter values with a 400 naming the field', async () => {
    const kind = await t.call('GET', '/feeds/public.ics?kind=party', undefined, { auth: false });
    expect(kind.status).toBe(400);
    expect(kind.body.error).toEqual({
      field: 'kind',
      message: 'has "party"; use one of: campaign_week, activity, meeting, training, deadline',
    });
    const group = await t.call('GET', '/feeds/public.ics?group=nobody', undefined, { auth: false });
    expect(group.status).toBe(400);
    expect(group.body.error.field).toBe('group');
    const theme = await t.call('GET', '/feeds/public.ics?theme=%3Cscript%3E', undefined, { auth: false });
    expect(theme.status).toBe(400);
    expect(theme.body.error.field).toBe('theme');
  });

  it('keeps a cancelled event as STATUS:CANCELLED for 30 days, then drops it (and Last-Modified moves on)', async () => {
    const created = await t.call('POST', '/api/events', {
      kind: 'activity',
      title: 'Community walkabout in Wolverton',
      start: '2022-12-10T11:00',
      end: '2022-12-10T12:00',
      visibility: 'public',
    });
    t.clock.set('2022-09-02T09:00:00Z');
    expect((await t.call('POST', `/api/events/${created.body.id}/cancel`, { reason: 'Venue unavailable' })).status).toBe(200);
    const cancelled = await get('/feeds/public.ics');
    const text = unfold(await cancelled.text());
    const block = text.split('BEGIN:VEVENT').find((b) => b.includes(`UID:${created.body.id}@safercal`))!;
    expect(block).toContain('STATUS:CANCELLED');
    expect(block).toContain('SUMMARY:Cancelled: Community walkabout in Wolverton');
    expect(block).toMatch(/SEQUENCE:1\r?\n/);

    t.clock.set('2022-10-02T08:59:00Z');
    expect(await (await get('/feeds/public.ics')).text()).toContain(`UID:${created.body.id}@safercal`);
    t.clock.set('2022-10-02T09:00:01Z');
    const dropped = await get('/feeds/public.ics', { 'If-None-Match': cancelled.headers.get('etag')! });
    expect(dropped.status).toBe(200);
    expect(await dropped.text()).not.toContain(`UID:${created.body.id}@safercal`);
    expect(dropped.headers.get('last-modified')).toBe('Sun, 02 Oct 2022 09:00:00 GMT');
  });

  it('offers a single event as an .ics download, but never a draft or confidential one', async () => {
    const all = (await t.call('GET', '/api/events?limit=500&status=draft,published')).body.events as {
      id: string;
      title: string;
      visibility: string;
      status: string;
    }[];
    const week = all.find((e) => e.title === 'National Hate Crime Awareness Week')!;
    const res = await get(`/feeds/events/${week.id}.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="national-hate-crime-awareness-week.ics"');
    const body = unfold(await res.text());
    expect(body).toContain(`UID:${week.id}@safercal`);
    expect(body.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect((await get(`/feeds/events/${week.id}.ics`, { 'If-None-Match': res.headers.get('etag')! })).status).toBe(304);
    for (const hidden of all.filter((e) => e.visibility === 'confidential' || e.status === 'draft' || e.visibility === 'partners')) {
      expect((await get(`/feeds/events/${hidden.id}.ics`)).status).toBe(404);
    }
  });
});
