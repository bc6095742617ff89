/**
 * Many calendar clients revalidate with If-Modified-Since alone. A 304 to such a request keeps
 * the client's copy, so Last-Modified (and the ETag) must move whenever anything that shapes a
 * feed's body changes: the events, a member's groups, group and organisation names, and the
 * service's configuration (PUBLIC_URL, PARTNERSHIP_NAME).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../src/config.js';
import { createApp } from '../../src/http/app.js';
import { makeTestApp, type TestApp } from '../support/app.js';

const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');

interface Seen {
  etag: string;
  lastModified: string;
  body: string;
}

describe('a feed revalidated with If-Modified-Since alone gets every change', () => {
  let t: TestApp;
  let minutes = 0;
  type App = Pick<TestApp['app'], 'request'>;

  const get = async (path: string, app: App = t.app): Promise<Seen> => {
    const res = await app.request(path);
    expect(res.status).toBe(200);
    return { etag: res.headers.get('etag')!, lastModified: res.headers.get('last-modified')!, body: unfold(await res.text()) };
  };
  /** Asks as a client holding `before` would, with If-Modified-Since only; returns the new copy if there is one. */
  const revalidate = async (path: string, before: Seen, app: App = t.app): Promise<Seen | null> => {
    const res = await app.request(path, { headers: { 'If-Modified-Since': before.lastModified } });
    if (res.status === 304) return null;
    expect(res.status).toBe(200);
    const seen = { etag: res.headers.get('etag')!, lastModified: res.headers.get('last-modified')!, body: unfold(await res.text()) };
    expect(seen.etag).not.toBe(before.etag);
    expect(Date.parse(seen.lastModified)).toBeGreaterThan(Date.parse(before.lastModified));
    return seen;
  };
  /** Time passes between a client's polls. */
  const later = () => t.clock.set(new Date(Date.parse('2022-09-01T09:00:00Z') + ++minutes * 60_000).toISOString());

  beforeAll(async () => {
    t = await makeTestApp({ demo: true, now: '2022-09-01T09:00:00Z' });
  });
  afterAll(() => t.close());

  it('answers 304 while nothing changed (so the checks below can fail)', async () => {
    const before = await get('/feeds/public.ics');
    later();
    expect(await revalidate('/feeds/public.ics', before)).toBeNull();
  });

  it('moves a member’s private feed on when they join a group, and again when they leave it', async () => {
    const feed = await t.call('POST', '/api/feed-subscriptions', { email: 'panel-member@example.org' });
    const path = new URL(feed.body.feedUrl).pathname;
    const group = (await t.call('GET', '/api/groups/hate-crime-task-and-finish')).body as { id: string };
    const outside = await get(path);
    expect(outside.body).not.toContain('SUMMARY:Hate Crime Task and Finish Group');

    later();
    const joined = await t.call('POST', `/api/groups/${group.id}/members`, { email: 'panel-member@example.org', role: 'Member' });
    expect(joined.status).toBe(201);
    const inside = (await revalidate(path, outside))!;
    expect(inside.body).toContain('SUMMARY:Hate Crime Task and Finish Group');

    later();
    expect((await t.call('DELETE', `/api/groups/${group.id}/members/${joined.body.personId}`)).status).toBe(204);
    const left = (await revalidate(path, inside))!;
    expect(left.body).not.toContain('SUMMARY:Hate Crime Task and Finish Group');
    later();
    expect(await revalidate(path, left)).toBeNull();
  });

  it('never sends an older Last-Modified than the client holds when a change leaves the body’s bytes as they were (tester 22)', async () => {
    const feed = await t.call('POST', '/api/feed-subscriptions', { email: 'parish-rep@example.org' });
    const path = new URL(feed.body.feedUrl).pathname;
    const group = (await t.call('GET', '/api/groups/hate-crime-task-and-finish')).body as { id: string };
    const outside = await get(path);
    later();
    expect((await t.call('POST', `/api/groups/${group.id}/members`, { email: 'parish-rep@example.org', role: 'Member' })).status).toBe(201);
    const inside = (await revalidate(path, outside))!;

    // The description is not in a member's feed: the body is rebuilt to the same bytes, but the
    // group's updated_at moves its Last-Modified on. It must not fall back to the first build's.
    later();
    expect((await t.call('PATCH', `/api/groups/${group.id}`, { description: 'Meets to act on the hate crime review.' })).status).toBe(200);
    const res = await t.app.request(path, { headers: { 'If-Modified-Since': inside.lastModified } });
    const lastModified = res.headers.get('last-modified')!;
    expect(Date.parse(lastModified)).toBeGreaterThanOrEqual(Date.parse(inside.lastModified));
    expect(unfold(await res.text())).toBe(inside.body);
    // And the client settles: holding what it was sent, it gets 304 until something changes.
    later();
    expect((await t.app.request(path, { headers: { 'If-Modified-Since': lastModified } })).status).toBe(304);
  });

  it('moves a group’s feed on when the group is renamed', async () => {
    const before = await get('/feeds/groups/safermk-board.ics');
    later();
    const group = (await t.call('GET', '/api/groups/safermk-board')).body as { id: string };
    expect((await t.call('PATCH', `/api/groups/${group.id}`, { name: 'Safer Milton Keynes Board' })).status).toBe(200);
    const after = (await revalidate('/feeds/groups/safermk-board.ics', before))!;
    expect(after.body).toContain('X-WR-CALNAME:Safer Milton Keynes Board');
  });

  it('moves a feed filtered by organisation on when the organisation is renamed', async () => {
    const orgs = (await t.call('GET', '/api/organisations')).body.organisations as { id: string; name: string }[];
    const police = orgs.find((o) => o.name === 'Thames Valley Police')!;
    const path = `/feeds/public.ics?organisation=${police.id}`;
    const before = await get(path);
    later();
    expect((await t.call('PATCH', `/api/organisations/${police.id}`, { name: 'Thames Valley Police (Milton Keynes)' })).status).toBe(200);
    const after = (await revalidate(path, before))!;
    expect(after.body).toContain('Thames Valley Police (Milton Keynes)');
  });

  it('moves every feed on when the service restarts with a new PUBLIC_URL or PARTNERSHIP_NAME', async () => {
    const restart = (env: Record<string, string>) =>
      createApp({ store: t.handle.store, clock: t.clock, mailer: { send: async () => ({ id: 'unused' }) }, config: configFromEnv(env) });
    const before = await get('/feeds/public.ics');

    later();
    const moved = restart({ PUBLIC_URL: 'https://safercal.example.org' });
    const afterMove = (await revalidate('/feeds/public.ics', before, moved))!;
    expect(afterMove.body).toContain('URL;VALUE=URI:https://safercal.example.org/events/');
    expect(afterMove.body).not.toContain('https://calendar.example.org/');

    later();
    const renamed = restart({ PUBLIC_URL: 'https://safercal.example.org', PARTNERSHIP_NAME: 'Milton Keynes Community Safety Partnership' });
    const afterRename = (await revalidate('/feeds/public.ics', afterMove, renamed))!;
    expect(afterRename.body).toContain('X-WR-CALNAME:Milton Keynes Community Safety Partnership');

    later();
    expect(await revalidate('/feeds/public.ics', afterRename, renamed)).toBeNull();
  });

  it('gives a client the change made in the same second as the copy it holds (tester 24), and settles once that second is over', async () => {
    later();
    const second = t.clock().getTime();
    const at = (ms: number) => t.clock.set(new Date(second + ms).toISOString());
    const created = await t.call('POST', '/api/events', {
      kind: 'activity',
      title: 'Hate crime reporting drop-in at the library',
      start: '2022-11-12T10:00',
      end: '2022-11-12T12:00',
      themes: ['N1'],
      visibility: 'public',
    });
    expect(created.status).toBe(201);
    at(200);
    const held = await get('/feeds/public.ics');
    // Never a date after the response's own time.
    expect(Date.parse(held.lastModified)).toBeLessThanOrEqual(t.clock().getTime());
    at(400);
    expect(
      (await t.call('PATCH', `/api/events/${created.body.id}`, { title: 'Hate crime reporting drop-in at the central library' })).status,
    ).toBe(200);
    at(600);
    const res = await t.app.request('/feeds/public.ics', { headers: { 'If-Modified-Since': held.lastModified } });
    expect(res.status).toBe(200);
    expect(unfold(await res.text())).toContain('SUMMARY:Hate crime reporting drop-in at the central library');

    // After that second the date moves on once, and the client then gets 304s.
    at(5_000);
    const settled = (await revalidate('/feeds/public.ics', { ...held, etag: '' }))!;
    expect(settled.lastModified).toBe(new Date(second + 1000).toUTCString());
    at(9_000);
    expect(await revalidate('/feeds/public.ics', settled)).toBeNull();
  });

  it('shows a member the group they joined in the same second as the copy they hold', async () => {
    later();
    const second = t.clock().getTime();
    const at = (ms: number) => t.clock.set(new Date(second + ms).toISOString());
    const feed = await t.call('POST', '/api/feed-subscriptions', { email: 'iag-member-3@example.org' });
    const path = new URL(feed.body.feedUrl).pathname;
    const group = (await t.call('GET', '/api/groups/hate-crime-task-and-finish')).body as { id: string };
    at(200);
    const held = await get(path);
    expect(held.body).not.toContain('SUMMARY:Hate Crime Task and Finish Group');
    at(400);
    expect((await t.call('POST', `/api/groups/${group.id}/members`, { email: 'iag-member-3@example.org', role: 'Member' })).status).toBe(
      201,
    );
    at(600);
    const res = await t.app.request(path, { headers: { 'If-Modified-Since': held.lastModified } });
    expect(res.status).toBe(200);
    expect(unfold(await res.text())).toContain('SUMMARY:Hate Crime Task and Finish Group');
  });
});
