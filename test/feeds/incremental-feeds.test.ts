/**
 * A feed body is assembled from kept per-event fragments, and a rebuild after an edit reads only
 * the events changed since the last build. These suites hold that to its promise on every
 * backend: after each kind of edit the body is byte for byte the one written from scratch, an
 * edit costs one fragment and a handful of rows, and a fresh process (or Workers isolate) builds
 * the feed from the kept fragments without writing any.
 */
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../src/config.js';
import { feedCacheFor } from '../../src/feeds/service.js';
import { keepFragments } from '../../src/feeds/upkeep.js';
import type { Store } from '../../src/db/store.js';
import { createToken } from '../../src/db/tokens.js';
import { seedDemo } from '../../src/demo/seed.js';
import { fixedClock } from '../../src/domain/clock.js';
import { createApp } from '../../src/http/app.js';
import { publicFeedFromScratch } from './support/from-scratch.js';
import { BACKENDS, type Backend, type OpenBackend } from '../support/backends.js';

const NOW = '2022-09-01T09:00:00Z';
const config = configFromEnv({ PUBLIC_URL: 'https://calendar.example.org' });

/** Counts the rows every query returns (the app's reads go through Kysely; batches do not). */
class RowCounter implements KyselyPlugin {
  rows = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.rows += args.result.rows.length;
    return args.result;
  }
}

function appOn(store: Store, clock = fixedClock(NOW)) {
  return createApp({ store, clock, mailer: { send: async () => ({ id: 'unused' }) }, config });
}

describe.each(BACKENDS)('feeds assembled from kept fragments on $name', (backend: Backend) => {
  let db: OpenBackend;
  let store: Store;
  const counter = new RowCounter();
  const clock = fixedClock(NOW);
  let app: ReturnType<typeof createApp>;
  let token = '';
  let events: { id: string; title: string; rrule: string | null; visibility: string; status: string }[] = [];

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const feed = async (target = app) => (await target.request('/feeds/public.ics')).text();
  const find = (title: string) => events.find((e) => e.title === title)!;

  /** The public feed written from scratch: every event read whole, rendered in one go, no fragments kept. */
  const fromScratch = () => publicFeedFromScratch(db, config, clock());

  beforeAll(async () => {
    db = await backend.open();
    store = { ...db.store, db: db.store.db.withPlugin(counter) };
    await seedDemo(store, { actor: 'demo-data', now: clock() });
    token = (await createToken(store, 'incremental', 'organiser', { actor: 'test', now: clock() })).token;
    app = appOn(store, clock);
    for (let i = 0; i < 60; i++) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      const created = await call('POST', '/api/events', {
        kind: 'activity',
        title: `Community walkabout ${i}`,
        start: `2022-11-${day}T10:00`,
        end: `2022-11-${day}T11:30`,
        themes: ['N2'],
        visibility: 'public',
      });
      expect(created.status).toBe(201);
    }
    events = (await call('GET', '/api/events?limit=500&status=draft,published,cancelled')).body.events;
  }, 120_000);
  afterAll(() => db.close());

  it('gives, after every kind of edit, the same bytes as the feed written from scratch', async () => {
    expect(await feed()).toBe(await fromScratch());
    const board = find('SaferMK Partnership Board');
    const edits: [string, () => Promise<{ status: number }>][] = [
      [
        'a new event',
        () =>
          call('POST', '/api/events', {
            kind: 'deadline',
            title: 'Grant bids close',
            start: '2022-12-01',
            end: '2022-12-01',
            visibility: 'public',
          }),
      ],
      [
        'a new title and themes',
        () =>
          call('PATCH', `/api/events/${find('Women’s experience of hate crime').id}`, {
            title: 'Women’s experiences of hate crime',
            themes: ['C2', 'V1'],
          }),
      ],
      [
        'a moved occurrence',
        () => call('PUT', `/api/events/${board.id}/occurrences/2022-10-20T14:00`, { start: '2022-10-27T14:00', end: '2022-10-27T16:00' }),
      ],
      [
        'a cancelled occurrence',
        () => call('PUT', `/api/events/${board.id}/occurrences/2023-01-19T14:00`, { status: 'cancelled', note: 'Budget meeting instead' }),
      ],
      ['a restored occurrence', () => call('DELETE', `/api/events/${board.id}/occurrences/2022-10-20T14:00`)],
      [
        'an event made partners-only',
        () => call('PATCH', `/api/events/${find('Somali heritage exhibition').id}`, { visibility: 'partners' }),
      ],
      ['a cancelled event', () => call('POST', `/api/events/${find('Community walkabout 7').id}/cancel`, { reason: 'Rain' })],
      [
        'a published draft',
        () => call('PATCH', `/api/events/${find('National Hate Crime Awareness Week (planning draft)').id}`, { status: 'published' }),
      ],
    ];
    for (const [what, edit] of edits) {
      clock.advance(60_000);
      expect((await edit()).status, what).toBeLessThan(300);
      expect(await feed(), `after ${what}`).toBe(await fromScratch());
    }
    // Two edits in the same millisecond as the last build (a busy second, a fixed clock): both show.
    for (const title of ['Community walkabout 3 (moved indoors)', 'Community walkabout 3 (indoors at Saxon Court)']) {
      expect((await call('PATCH', `/api/events/${find('Community walkabout 3').id}`, { title })).status).toBe(200);
      expect(await feed()).toContain(`SUMMARY:${title}`);
    }
    expect(await feed()).toBe(await fromScratch());
  });

  it('spends one fragment and a handful of rows on an edit, where a full build reads every member', async () => {
    await feed();
    const fragments = feedCacheFor(store).fragments;
    clock.advance(60_000);
    expect((await call('PATCH', `/api/events/${find('Community walkabout 12').id}`, { location: 'Campbell Park' })).status).toBe(200);
    const written = fragments.written;
    counter.rows = 0;
    const body = await feed();
    expect(body).toContain('LOCATION:Campbell Park');
    expect(fragments.written - written).toBe(1);
    const incrementalRows = counter.rows;
    expect(incrementalRows).toBeLessThanOrEqual(10);

    // The same feed built by a process that has never built it reads a row per member.
    counter.rows = 0;
    const fresh = appOn({ ...store }, clock);
    expect(await feed(fresh)).toBe(body);
    expect(counter.rows).toBeGreaterThan(60);
  });

  it('lets a fresh process assemble the feed from the kept fragments, writing none', async () => {
    const before = await feed();
    const fresh = { ...db.store };
    expect(await feed(appOn(fresh, clock))).toBe(before);
    expect(feedCacheFor(fresh).fragments.written).toBe(0);
    expect(feedCacheFor(fresh).fragments.size).toBeGreaterThan(60);
  });

  it('keeps the fragments of a calendar loaded in bulk ahead of its first feed, so that feed writes none', async () => {
    // A calendar whose events never went through a feed build (an import, a restore): no fragment kept.
    await db.store.db.deleteFrom('feed_fragments').execute();
    const upkeep = { ...db.store };
    const first = await keepFragments(upkeep, feedCacheFor(upkeep).fragments, config.publicUrl, clock);
    expect(first.written).toBeGreaterThan(60);
    expect(first.written).toBeLessThanOrEqual(first.checked);
    // Kept in the table, so the next upkeep (the next start) writes nothing.
    const again = { ...db.store };
    expect(await keepFragments(again, feedCacheFor(again).fragments, config.publicUrl, clock)).toEqual({ ...first, written: 0 });

    const fresh = { ...db.store };
    expect(await feed(appOn(fresh, clock))).toBe(await fromScratch());
    expect(feedCacheFor(fresh).fragments.written).toBe(0);
  });
});
