/**
 * `npm run cli -- db copy --to postgres://…` moves a calendar from its SQLite file to PostgreSQL:
 * every table arrives with the same number of rows (printed, side by side), the app on PostgreSQL
 * then answers exactly as it did on SQLite, and a target that already holds a calendar is refused
 * without a row written, while one that a server has only been started on (README's setup, with
 * DEMO_DATA=false) is taken, its own settings replaced by the calendar's (ADR 292). Runs in the
 * node-on-postgres project (it needs the run's cluster).
 */
import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { configFromEnv } from '../../src/config.js';
import { recordPublicUrl } from '../../src/db/settings.js';
import { fixedClock } from '../../src/domain/clock.js';
import { createApp } from '../../src/http/app.js';
import type { Store } from '../../src/db/store.js';
import { openPostgres, type PostgresHandle } from '../../src/runtime/postgres.js';
import { openSqlite } from '../../src/runtime/sqlite.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres-databases.js';
import { useCliDatabase } from './support.js';

const PATHS = [
  '/api/events?limit=500&status=draft,published,cancelled',
  '/api/occurrences?from=2026-01-01&to=2027-12-31&limit=200',
  '/api/events?q=hate%20crime&limit=50',
  '/api/groups',
  '/api/organisations',
];

/** The answers a partner's calendar client and an organiser's tools would get, in order. */
async function answers(store: Store): Promise<unknown[]> {
  const app = createApp({
    store,
    clock: fixedClock('2026-09-01T09:00:00Z'),
    mailer: { send: async () => ({ id: 'unused' }) },
    config: configFromEnv({ PUBLIC_URL: 'https://calendar.example.org' }),
  });
  const out: unknown[] = [];
  for (const path of PATHS) {
    const res = await app.request(path);
    expect(res.status, path).toBe(200);
    out.push(await res.json());
  }
  out.push(await (await app.request('/feeds/public.ics')).text());
  return out;
}

describe('npm run cli -- db copy --to postgres://…', () => {
  const db = useCliDatabase('safercal-cli-copy-');
  let target: TestDatabase;
  let copied: PostgresHandle;
  let printed: string[];

  beforeAll(async () => {
    await db.cli('seed', '--now', '2026-09-01T09:00:00Z');
    // What a running calendar also holds: kept feed fragments, planned and sent reminders, kept e-mails.
    await db.withApp(async (app) => app.request('/feeds/public.ics'));
    db.env.PUBLIC_URL = 'https://calendar.example.org';
    await db.cli('dispatch', '--now', '2026-10-12T17:00:00Z');
    target = await createTestDatabase({ empty: true });
    printed = await db.cli('db', 'copy', '--to', target.url);
    copied = await openPostgres(target.url);
  }, 120_000);
  afterAll(async () => {
    await copied?.close();
    await target?.drop();
  });

  it('prints every table with the same row count on both sides', async () => {
    const counts = new Map(
      printed
        .map((line) => /^(\w+)\s+(\d+)\s+(\d+)$/.exec(line))
        .filter((m): m is RegExpExecArray => !!m)
        .map((m) => [m[1]!, { sqlite: Number(m[2]), postgres: Number(m[3]) }]),
    );
    for (const table of [
      'events',
      'event_themes',
      'event_occurrences',
      'groups',
      'organisations',
      'audit_log',
      'feed_fragments',
      'reminder_deliveries',
      'mail_outbox',
    ]) {
      expect(counts.get(table)?.sqlite, table).toBeGreaterThan(0);
    }
    for (const [table, c] of counts) expect(c.postgres, table).toBe(c.sqlite);
    // …and the counts are what the two databases really hold.
    const sqlite = openSqlite(db.env.DATABASE_PATH!);
    try {
      for (const [table, c] of counts) {
        expect((sqlite.sqlite.prepare(`select count(*) n from ${table}`).get() as { n: number }).n, table).toBe(c.sqlite);
        expect(Number((await copied.pool.query(`select count(*) n from ${table}`)).rows[0].n), table).toBe(c.postgres);
      }
    } finally {
      await sqlite.close();
    }
    expect(printed.at(-1)).toMatch(/every table's count matches/);
  });

  it('serves the same events, occurrences, searches and feed on PostgreSQL as on SQLite', async () => {
    const sqlite = openSqlite(db.env.DATABASE_PATH!);
    try {
      const before = await answers(sqlite.store);
      const after = await answers(copied.store);
      expect((before[0] as { events: unknown[] }).events.length).toBeGreaterThan(10);
      expect(after).toEqual(before);
    } finally {
      await sqlite.close();
    }
  });

  it('refuses a target that already holds a calendar, and writes nothing to it', async () => {
    const events = async () => Number((await copied.pool.query('select count(*) n from events')).rows[0].n);
    const held = await events();
    await expect(db.cli('db', 'copy', '--to', target.url)).rejects.toThrow(
      new RegExp(
        `the target database is not empty \\(.*events has ${held} rows.*\\), so nothing was copied\\. db copy fills a new database`,
      ),
    );
    expect(await events()).toBe(held);
  });

  it('names the table, column and row of a NUL that PostgreSQL cannot store, and copies nothing', async () => {
    // SQLite stores NUL in text; PostgreSQL refuses it, and the copy failed naming no table or row.
    const fresh = await createTestDatabase({ empty: true });
    const sqlite = new Database(db.env.DATABASE_PATH!);
    const { id, title } = sqlite.prepare('select id, title from events order by id limit 1').get() as { id: string; title: string };
    try {
      sqlite.prepare('update events set title = ? where id = ?').run(`${title}\u0000`, id);
      await expect(db.cli('db', 'copy', '--to', fresh.url)).rejects.toThrow(
        `events.title of row ${id} holds a NUL character (U+0000), which PostgreSQL cannot store in text, so nothing was copied`,
      );
      const target = await openPostgres(fresh.url);
      try {
        expect(Number((await target.pool.query('select count(*) n from organisations')).rows[0].n)).toBe(0);
      } finally {
        await target.close();
      }
    } finally {
      sqlite.prepare('update events set title = ? where id = ?').run(title, id);
      sqlite.close();
      await fresh.drop();
    }
  });

  it('copies into a database a server was started on with an empty calendar, replacing only the settings that start wrote', async () => {
    const started = await createTestDatabase({ empty: true });
    try {
      // What `DATABASE_URL=… DEMO_DATA=false npm start` writes by itself (README's setup, issue 14): the
      // address it records at start, and its first reminder pass's planning settings.
      const bare = { DATABASE_URL: started.url, PUBLIC_URL: 'https://calendar.example.org' };
      await run(['migrate'], bare, () => {}, Readable.from([]));
      const server = await openPostgres(started.url);
      try {
        await recordPublicUrl(server.store, 'https://new-host.example.org');
        await run(['dispatch', '--now', '2026-10-20T09:00:00Z'], bare, () => {}, Readable.from([]));
        const settings = async (handle: PostgresHandle) =>
          (await handle.pool.query('select name, value from notify_settings order by name')).rows as { name: string; value: string }[];
        expect((await settings(server)).map((s) => s.name)).toEqual(['digest_planned', 'plan_until', 'public_url']);
        const copy = await db.cli('db', 'copy', '--to', started.url);
        expect(copy.at(-1)).toMatch(/every table's count matches/);
        // The calendar's own settings (how far its reminders are planned), not the empty start's.
        expect(await settings(server)).toEqual(await settings(copied));
        expect(Number((await server.pool.query('select count(*) n from events')).rows[0].n)).toBeGreaterThan(10);
      } finally {
        await server.close();
      }
    } finally {
      await started.drop();
    }
  });
});
