/**
 * A feed of more than a megabyte is kept and sent as blocks of events (so an edit copies one
 * block, not the whole body, ADR 192). A subscriber must not be able to tell: the body, its
 * Content-Length and its ETag are those of the feed written from scratch, before and after events
 * are edited, added and cancelled, and a client holding the current copy still gets a 304. A build
 * that reads the members afresh packs their bytes into shared slabs and makes blocks as views of
 * them (ADR 273): a restart gives the same bytes and ETag, and text of any script survives a slab's end.
 * Once a body is joined into one array, an edit's body is that array on either side of the edited
 * block and the new block, not a copy of the feed (ADR 277).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../src/config.js';
import { insertEventStatements } from '../../src/db/events.js';
import type { Store } from '../../src/db/store.js';
import { createToken } from '../../src/db/tokens.js';
import { fixedClock } from '../../src/domain/clock.js';
import type { EventFields } from '../../src/domain/event.js';
import { ANONYMOUS } from '../../src/domain/visibility.js';
import { buildFeed, joinInBackground, readFingerprint, type BuiltFeed } from '../../src/feeds/build.js';
import { EMPTY_FILTER } from '../../src/feeds/filter.js';
import { fnv1a64, fragmentInputs, FragmentStore } from '../../src/feeds/fragments.js';
import { feedCacheFor } from '../../src/feeds/service.js';
import { createApp } from '../../src/http/app.js';
import { publicFeedFromScratch } from './support/from-scratch.js';
import { sqliteBackend, type OpenBackend } from '../support/backends.js';

const NOW = '2022-09-01T09:00:00Z';
const EVENTS = 700;
const config = configFromEnv({ PUBLIC_URL: 'https://calendar.example.org' });

function fields(i: number): EventFields {
  const day = new Date(Date.UTC(2022, 9, 1) + (i % 300) * 86_400_000).toISOString().slice(0, 10);
  return {
    kind: 'activity',
    title: `Community walkabout ${i}, Milton Keynes`,
    description: `Partners walk the estate with residents and talk about what makes it feel safe. `.repeat(14),
    location: ['Council Chamber, Civic Offices', 'Milton Keynes College', 'Bletchley Library'][i % 3]!,
    links: [],
    timezone: 'Europe/London',
    themes: ['N2'],
    organisationId: null,
    groupId: null,
    parentId: null,
    visibility: 'public',
    status: 'published',
    when: { allDay: false, startsAt: `${day}T10:00:00Z`, endsAt: `${day}T11:30:00Z` },
    rrule: null,
  };
}

// Blocks are cut and kept in memory (src/feeds/build.ts), the same on every backend: SQLite suffices.
describe('a feed larger than a megabyte', () => {
  const backend = sqliteBackend;
  let db: OpenBackend;
  let store: Store;
  let app: ReturnType<typeof createApp>;
  let token = '';
  let lastEtag = '';
  const clock = fixedClock(NOW);
  const ids: string[] = [];

  const call = async (method: string, path: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  const fromScratch = () => publicFeedFromScratch(db, config, clock());

  /** The feed as a subscriber gets it, checked against the one written from scratch. */
  const expectSameAsFromScratch = async (what: string) => {
    const res = await app.request('/feeds/public.ics');
    const bytes = new Uint8Array(await res.arrayBuffer());
    const expected = new TextEncoder().encode(await fromScratch());
    expect(bytes.byteLength, what).toBeGreaterThan(1024 * 1024);
    expect(Buffer.from(bytes).equals(Buffer.from(expected)), what).toBe(true);
    expect(res.headers.get('Content-Length'), what).toBe(String(expected.byteLength));
    return res.headers.get('ETag')!;
  };

  beforeAll(async () => {
    db = await backend.open();
    store = db.store;
    const ctx = { actor: 'test', now: clock() };
    let batch = [];
    for (let i = 0; i < EVENTS; i++) {
      const { id, statements } = insertEventStatements(store, fields(i), ctx);
      ids.push(id);
      batch.push(...statements);
      if (batch.length >= 90) {
        await store.batch(batch);
        batch = [];
      }
    }
    await store.batch(batch);
    token = (await createToken(store, 'large-feed', 'organiser', ctx)).token;
    app = createApp({ store, clock, mailer: { send: async () => ({ id: 'unused' }) }, config });
  }, 300_000);
  afterAll(() => db.close());

  it('is byte for byte the feed written from scratch after edits, additions, cancellations and a cancelled event leaving, with a new ETag each time', async () => {
    const etags = [await expectSameAsFromScratch('first build')];
    const edits: [string, () => Promise<Response>][] = [
      ['an edited title', () => call('PATCH', `/api/events/${ids[350]}`, { title: 'Community walkabout (moved to Campbell Park)' })],
      ['an edited location', () => call('PATCH', `/api/events/${ids[3]}`, { location: 'Saxon Court' })],
      [
        'a new campaign week',
        () =>
          call('POST', '/api/events', {
            kind: 'campaign_week',
            title: 'Safer streets week',
            start: '2022-11-14',
            end: '2022-11-20',
            themes: ['N2'],
            visibility: 'public',
          }),
      ],
      ['an event made partners-only', () => call('PATCH', `/api/events/${ids[600]}`, { visibility: 'partners' })],
      ['a cancelled event', () => call('POST', `/api/events/${ids[40]}/cancel`, { reason: 'Rain' })],
    ];
    for (const [what, edit] of edits) {
      clock.advance(60_000);
      expect((await edit()).status, what).toBeLessThan(300);
      etags.push(await expectSameAsFromScratch(`after ${what}`));
    }
    // Nothing is written, but the cancelled event's 30 days are over: only its block is made again (ADR 220).
    clock.advance(31 * 24 * 60 * 60_000);
    etags.push(await expectSameAsFromScratch('after the cancelled event left the feed'));
    expect(new Set(etags).size).toBe(etags.length);
    const notModified = await app.request('/feeds/public.ics', { headers: { 'If-None-Match': etags.at(-1)! } });
    expect(notModified.status).toBe(304);
    lastEtag = etags.at(-1)!;
  }, 300_000);

  it('is the same bytes and ETag after a restart, assembled from the kept fragments with a cancelled event that has left among them', async () => {
    const fresh = { ...store };
    const restarted = createApp({ store: fresh, clock, mailer: { send: async () => ({ id: 'unused' }) }, config });
    const res = await restarted.request('/feeds/public.ics');
    const expected = new TextEncoder().encode(await fromScratch());
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(expected))).toBe(true);
    expect(res.headers.get('ETag')).toBe(lastEtag);
    expect(feedCacheFor(fresh).fragments.written).toBe(0);
    const notModified = await restarted.request('/feeds/public.ics', { headers: { 'If-None-Match': lastEtag } });
    expect(notModified.status).toBe(304);
  });

  it('after one edit of a joined body, sends the joined bytes on either side of the new block, the same bytes as a full build', async () => {
    const build = async (fragments: FragmentStore, previous: BuiltFeed | null) =>
      buildFeed(
        {
          store,
          fragments,
          spec: { filter: EMPTY_FILTER, viewer: ANONYMOUS },
          head: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Large feed//EN\r\n',
          publicUrl: config.publicUrl,
          now: clock(),
          fingerprint: await readFingerprint(store),
          notBefore: 0,
        },
        previous?.parts ?? null,
        previous,
      );
    const bytesOf = (feed: BuiltFeed) => Buffer.concat(feed.body.map((chunk) => Buffer.from(chunk)));
    const fullBuild = async () => bytesOf(await build(new FragmentStore(store), null));
    const fragments = new FragmentStore(store);
    let feed = await build(fragments, null);
    // Joined as a body of many chunks is (a 100,000-event feed's ~200 blocks): one array, its blocks views of it.
    await joinInBackground(feed);
    expect(feed.body.length).toBe(1);
    for (const [round, at] of [
      [1, 350],
      [2, 120],
    ] as const) {
      const joined = feed.body[0]!.buffer;
      clock.advance(60_000);
      expect((await call('PATCH', `/api/events/${ids[at]}`, { title: `Community walkabout (edit ${round})` })).status).toBe(200);
      feed = await build(fragments, feed);
      // Three chunks at most: the joined bytes before the edited block, the new block, the joined bytes after it.
      expect(feed.body.length, `edit ${round}`).toBeLessThanOrEqual(3);
      expect(feed.body.filter((chunk) => chunk.buffer !== joined).length, `edit ${round}: chunks not of the joined array`).toBe(1);
      expect(bytesOf(feed).equals(await fullBuild()), `edit ${round}`).toBe(true);
      expect(bytesOf(feed).toString('utf8')).toContain(`Community walkabout (edit ${round})`);
      // Joined again, its blocks, head and tail become views of the new array, which the next edit keeps.
      await joinInBackground(feed);
      expect(feed.body.length).toBe(1);
      expect(bytesOf(feed).equals(await fullBuild()), `edit ${round}, joined`).toBe(true);
    }
  });

  it('keeps text of any script byte for byte where packed fragments cross the end of a slab', () => {
    const fragments = new FragmentStore(store, { slabBytes: 2048 });
    const texts = Array.from({ length: 40 }, (_, i) =>
      `BEGIN:VEVENT\r\nSUMMARY:Café ${i} – Safer Streets 🚓 Ørsted Hall ${'ŵ'.repeat((i * 37) % 500)}\r\nEND:VEVENT\r\n`.repeat(
        1 + (i % 3),
      ),
    );
    texts.push('x'.repeat(5000)); // Larger than a slab: an array of its own.
    texts.forEach((ics, i) => {
      const inputs = fragmentInputs({ updatedAt: NOW, sequence: i }, config.publicUrl);
      const fragment = fragments.adopt(`event-${i}`, inputs, { inputs, tzids: 'Europe/London', ics }, true)!;
      const expected = new TextEncoder().encode(ics);
      expect(Buffer.from(fragment.bytes).equals(Buffer.from(expected)), `fragment ${i}`).toBe(true);
      expect([...fragment.digest], `fragment ${i}`).toEqual([...fnv1a64(expected)]);
      expect(fragment.tzids).toEqual(['Europe/London']);
    });
  });
});
