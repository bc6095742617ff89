/**
 * A page reads the rows it shows, not the calendar: with 1,500 events and tens of thousands of
 * occurrences, the home page, the API lists and an event page each read a few dozen rows through
 * the store (counted by a Kysely plugin on the real SQLite database), and the queries that list
 * occurrences use the occurrence index rather than scanning a table.
 */
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../src/config.js';
import { insertEventStatements } from '../../src/db/events.js';
import type { Store } from '../../src/db/store.js';
import { fixedClock } from '../../src/domain/clock.js';
import { validateEventInput } from '../../src/domain/event-input.js';
import { createApp } from '../../src/http/app.js';
import { migrateSqlite, openSqlite, type SqliteHandle } from '../../src/runtime/sqlite.js';

const NOW = '2026-03-02T09:00:00Z';
const EVENTS = 1500;

/** Counts the rows every query returns. */
class RowCounter implements KyselyPlugin {
  rows = 0;
  queries = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.queries++;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.rows += args.result.rows.length;
    return args.result;
  }
}

function calendarInput(i: number) {
  const day = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
  const d = day((i * 7) % 1460);
  switch (i % 4) {
    case 0:
      return {
        kind: 'activity',
        title: `Monthly surgery ${i}`,
        start: `${day(i % 28)}T18:00`,
        end: `${day(i % 28)}T20:00`,
        rrule: 'FREQ=MONTHLY',
        visibility: 'public',
      };
    case 1:
      return {
        kind: 'campaign_week',
        title: `Week of action ${i}`,
        start: d,
        end: day(((i * 7) % 1460) + 6),
        visibility: 'public',
        themes: ['C2'],
      };
    case 2:
      return {
        kind: 'training',
        title: `Weekly clinic ${i}`,
        start: `${d}T10:00`,
        end: `${d}T11:00`,
        rrule: 'FREQ=WEEKLY;COUNT=40',
        visibility: 'partners',
      };
    default:
      return { kind: 'deadline', title: `Return ${i} due`, start: d, visibility: 'public' };
  }
}

describe('reading a page of a large calendar', () => {
  let dir: string;
  let handle: SqliteHandle;
  let counter: RowCounter;
  let app: ReturnType<typeof createApp>;
  let seriesId = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'safercal-reads-'));
    handle = openSqlite(join(dir, 'reads.sqlite'));
    migrateSqlite(handle.sqlite);
    const ctx = { actor: 'test', now: new Date(NOW) };
    const statements = [];
    for (let i = 0; i < EVENTS; i++) {
      const input = validateEventInput(calendarInput(i));
      if (!input.ok) throw new Error(JSON.stringify(input.errors));
      const { id, statements: s } = insertEventStatements(handle.store, input.value, ctx);
      if (i === 0) seriesId = id;
      statements.push(...s);
    }
    const rare = validateEventInput({
      kind: 'activity',
      title: 'Illegal money lending week of action, Wolverton',
      start: '2026-08-05',
      visibility: 'public',
    });
    if (!rare.ok) throw new Error(JSON.stringify(rare.errors));
    statements.push(...insertEventStatements(handle.store, rare.value, ctx).statements);
    await handle.store.batch(statements);
    counter = new RowCounter();
    const counted: Store = { ...handle.store, db: handle.store.db.withPlugin(counter) };
    app = createApp({
      store: counted,
      clock: fixedClock(NOW),
      mailer: { send: async () => ({ id: 'unused' }) },
      config: configFromEnv({ PUBLIC_URL: 'https://calendar.example.org' }),
    });
  }, 120_000);
  afterAll(async () => {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function rowsRead(path: string): Promise<{ rows: number; status: number }> {
    counter.rows = 0;
    const res = await app.request(path);
    await res.arrayBuffer();
    return { rows: counter.rows, status: res.status };
  }

  it('holds tens of thousands of occurrences', () => {
    const { n } = handle.sqlite.prepare('select count(*) as n from event_occurrences').get() as { n: number };
    expect(n).toBeGreaterThan(20_000);
  });

  it.each([
    ['the home page', '/'],
    ['the second page of the home page filtered by theme', '/?theme=C2'],
    ['a month', '/calendar/month?year=2026&month=5'],
    ['the occurrences API for two years', '/api/occurrences?from=2026-03-01&to=2028-02-28&limit=50'],
    ['the events API', '/api/events?limit=50'],
    ['the events API in a window', '/api/events?from=2026-03-01&to=2026-12-31&limit=50'],
  ])('reads about as many rows as it shows for %s', async (_name, path) => {
    const { rows, status } = await rowsRead(path);
    expect(status).toBe(200);
    // The page shows 20–50 entries (plus the few still running, and names of groups and organisations).
    expect(rows).toBeLessThan(400);
  });

  it.each([
    ['a rare word', '/api/events?q=wolverton'],
    ['part of a word', '/api/events?q=olverto'],
    ['a rare word in a window of occurrences', '/api/occurrences?from=2026-03-01&to=2027-02-28&q=WOLVERTON'],
  ])('finds %s through the search index, reading its matches rather than every event', async (_name, path) => {
    counter.rows = 0;
    const res = await app.request(path);
    const body = (await res.json()) as { events?: { title: string }[]; occurrences?: { title: string }[] };
    expect((body.events ?? body.occurrences)!.map((e) => e.title)).toEqual(['Illegal money lending week of action, Wolverton']);
    expect(counter.rows).toBeLessThan(60);
  });

  it('reads the series that can be on a page beyond the index’s horizon, not every series alive then', async () => {
    // 375 monthly series run on endlessly; a page of 20 in 2150 holds the first few days of January.
    const { rows, status } = await rowsRead('/api/occurrences?from=2150-01-01&limit=20');
    expect(status).toBe(200);
    expect(rows).toBeLessThan(150);
  });

  it('shows a long-running series’ next dates from its rows, not from its first date', async () => {
    const { rows, status } = await rowsRead(`/events/${seriesId}`);
    expect(status).toBe(200);
    expect(rows).toBeLessThan(50);
  });

  it('finds the rows of a page through the occurrence index, never a table scan', () => {
    const plan = handle.sqlite
      .prepare(
        `explain query plan select * from event_occurrences as o where o.state <> 'cancelled' and o.status in ('published') and o.visibility in ('public')
         and o.start_at >= '2026-03-02T00:00:00Z' and o.start_at < '2027-03-02T00:00:00Z' order by o.start_at, o.event_id, o.recurrence_id limit 21`,
      )
      .all() as { detail: string }[];
    const details = plan.map((p) => p.detail).join('\n');
    expect(details).toMatch(/USING (COVERING )?INDEX event_occurrences_start/);
    expect(details).not.toMatch(/SCAN o(?! USING)|USE TEMP B-TREE FOR ORDER BY/);
  });
});
