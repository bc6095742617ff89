/**
 * A calendar widget on a partner's website (FullCalendar's iCalendar source, a news widget) can
 * load the public feeds straight from the browser: they answer any origin and its preflight.
 * Private feeds and the API answer no other origin, so a page a subscriber visits cannot read
 * their private calendar or call the API with their browser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let privateIcs: string;
let eventId: string;
const ORIGIN = 'https://www.partner.example.org';

beforeAll(async () => {
  t = await makeTestApp({ demo: true, now: '2022-10-03T09:00:00Z' });
  const org = (await t.call('GET', '/api/organisations')).body.organisations[0];
  privateIcs = new URL((await t.call('POST', '/api/feed-subscriptions', { partner: org.id })).body.feedUrl).pathname;
  eventId = (await t.call('GET', '/api/events?kind=campaign_week&limit=1')).body.events[0].id;
});
afterAll(() => t.close());

const read = (path: string, headers: Record<string, string> = {}) => t.app.request(path, { headers: { Origin: ORIGIN, ...headers } });
const preflight = (path: string) =>
  t.app.request(path, {
    method: 'OPTIONS',
    headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'if-none-match' },
  });

describe('public feeds', () => {
  it.each([
    '/feeds/public.ics',
    '/feeds/public.ics?theme=C2',
    '/feeds/public.rss',
    '/feeds/public.atom',
    '/feeds/public.json',
    '/feeds/groups/iag.ics',
    '/feeds/groups/iag.json',
  ])('%s may be read from any origin, with its validators exposed', async (path) => {
    const res = await read(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('access-control-expose-headers')).toContain('ETag');
  });

  it('answers the preflight of a conditional request', async () => {
    const res = await preflight('/feeds/public.ics');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toContain('GET');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('if-none-match');
  });

  it('lets a public event download be read, but not one fetched with a private token', async () => {
    expect((await read(`/feeds/events/${eventId}.ics`)).headers.get('access-control-allow-origin')).toBe('*');
    const token = privateIcs
      .split('/')
      .pop()!
      .replace(/\.ics$/, '');
    const withToken = await read(`/feeds/events/${eventId}.ics?token=${token}`);
    expect(withToken.status).toBe(200);
    expect(withToken.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('private feeds and the API', () => {
  it.each(['private .ics', 'private .rss', 'API'])('%s answer no other origin', async (what) => {
    const path = what === 'API' ? '/api/events' : what === 'private .ics' ? privateIcs : privateIcs.replace(/\.ics$/, '.rss');
    const res = await read(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const pre = await preflight(path);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    expect(pre.headers.get('access-control-allow-methods')).toBeNull();
  });
});
