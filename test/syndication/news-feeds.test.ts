/**
 * The calendar as RSS, Atom and JSON Feed: each parses in a real feed parser, lists the upcoming
 * dates with links to their pages, keeps to the iCalendar feeds' visibility rules (partner-only
 * dates only in a partner's private feed; confidential business and drafts never), honours the
 * same filters, and is served from the cache with ETag/304 like the iCalendar feeds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';
import { parseFeed } from './support/feed-parser.js';

const FORMATS = [
  ['rss', 'rss20', 'application/rss+xml'],
  ['atom', 'atom10', 'application/atom+xml'],
  ['json', 'json1', 'application/feed+json'],
] as const;

let t: TestApp;
let privatePath: string;

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await t.app.request(path, { headers });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

beforeAll(async () => {
  t = await makeTestApp({ demo: true, now: '2022-10-03T09:00:00Z' });
  const base = { kind: 'activity', start: '2022-10-20T10:00', end: '2022-10-20T12:00', themes: ['C2'] };
  for (const [title, visibility, status] of [
    ['Partner briefing on hate crime reporting', 'partners', 'published'],
    ['Domestic homicide review panel', 'confidential', 'published'],
    ['Draft: hate crime stall at the market', 'public', 'draft'],
    ['Hate crime drop-in at the library <&> "quotes"', 'public', 'published'],
  ] as const) {
    const res = await t.call('POST', '/api/events', { ...base, title, visibility, status });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  const org = (await t.call('GET', '/api/organisations')).body.organisations[0];
  const feed = await t.call('POST', '/api/feed-subscriptions', { partner: org.id });
  privatePath = new URL(feed.body.feedUrl).pathname.replace(/\.ics$/, '');
});
afterAll(() => t.close());

describe.each(FORMATS)('the %s feed', (ext, version, type) => {
  it('parses in a real feed parser and lists the public upcoming dates with their pages', async () => {
    const res = await get(`/feeds/public.${ext}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(type);
    const feed = parseFeed(res.body, res.headers.get('content-type')!);
    expect(feed.bozo, feed.bozo_exception).toBe(false);
    expect(feed.version).toBe(version);
    expect(feed.title).toBe('Community Safety Partnership');
    const titles = feed.entries.map((e) => e.title);
    expect(titles.some((title) => title.startsWith('National Hate Crime Awareness Week – 8–15 October 2022'))).toBe(true);
    expect(titles).toContain('Hate crime drop-in at the library <&> "quotes" – Thursday 20 October 2022, 10:00–12:00');
    for (const entry of feed.entries) expect(entry.link).toMatch(/^https:\/\/calendar\.example\.org\/events\/[0-9a-f-]{36}$/);
    // Nothing that has ended, nothing private.
    expect(titles.join('\n')).not.toMatch(/Partner briefing|Domestic homicide|Draft:/);
    expect(new Set(feed.entries.map((e) => e.id)).size).toBe(feed.entries.length);
  });

  it("is a partner's private feed with partner-only dates, never confidential business or drafts", async () => {
    const res = await get(`${privatePath}.${ext}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/^private/);
    expect(res.headers.get('x-robots-tag')).toBe('noindex');
    const titles = parseFeed(res.body, res.headers.get('content-type')!).entries.map((e) => e.title);
    expect(titles.some((title) => title.startsWith('Partner briefing on hate crime reporting'))).toBe(true);
    expect(titles.join('\n')).not.toMatch(/Domestic homicide|Draft:/);
  });

  it('keeps to the same filters as the iCalendar feed', async () => {
    const res = await get(`/feeds/public.${ext}?kind=campaign_week&theme=C2`);
    const feed = parseFeed(res.body, res.headers.get('content-type')!);
    expect(feed.title).toBe('Community Safety Partnership: Hate crime · Campaign week');
    expect(feed.entries.map((e) => e.title.split(' – ')[0])).toEqual(['National Hate Crime Awareness Week']);
    const bad = await get(`/feeds/public.${ext}?group=no-such-group`);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.field).toBe('group');
  });

  it('answers 304 to a client whose copy is current, and a new body after a change', async () => {
    const first = await get(`/feeds/public.${ext}`);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect((await get(`/feeds/public.${ext}`, { 'If-None-Match': etag })).status).toBe(304);
    expect((await get(`/feeds/public.${ext}`, { 'If-Modified-Since': first.headers.get('last-modified')! })).status).toBe(304);
    const created = await t.call('POST', '/api/events', {
      kind: 'deadline',
      title: `Consultation closes (${ext})`,
      start: '2022-11-11T17:00',
      end: '2022-11-11T17:00',
    });
    expect(created.status).toBe(201);
    const after = await get(`/feeds/public.${ext}`, { 'If-None-Match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(parseFeed(after.body, after.headers.get('content-type')!).entries.map((e) => e.title.split(' – ')[0])).toContain(
      `Consultation closes (${ext})`,
    );
  });
});

describe('news feeds of a group and of revoked addresses', () => {
  it("lists a group's public dates only", async () => {
    await t.call('POST', '/api/events', {
      kind: 'meeting',
      title: 'IAG open meeting',
      start: '2022-10-26T18:00',
      end: '2022-10-26T20:00',
      groupId: (await t.call('GET', '/api/groups/iag')).body.id,
      visibility: 'public',
    });
    const res = await get('/feeds/groups/iag.atom');
    const feed = parseFeed(res.body, res.headers.get('content-type')!);
    const titles = feed.entries.map((e) => e.title);
    expect(titles).toContain('IAG open meeting – Wednesday 26 October 2022, 18:00–20:00');
    // The demo's IAG series is public too; nothing of another group or body is listed.
    expect(titles.filter((t) => !/^(IAG open meeting|Independent Advisory Group meeting) – /.test(t))).toEqual([]);
  });

  it('answers 404 for a private address that is not valid', async () => {
    expect((await get('/feeds/private/not-a-token.rss')).status).toBe(404);
  });

  it('is offered in every page head and on the subscribe page', async () => {
    const home = await get('/', { Accept: 'text/html' });
    expect(home.body).toContain('<link rel="alternate" type="application/rss+xml"');
    expect(home.body).toContain('href="/feeds/public.atom"');
    const subscribe = await get('/feeds?theme=C2', { Accept: 'text/html' });
    expect(subscribe.body).toContain('href="https://calendar.example.org/feeds/public.rss?theme=C2"');
    expect(subscribe.body).toContain('href="https://calendar.example.org/feeds/public.json?theme=C2"');
  });
});
