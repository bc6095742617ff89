/**
 * `npm run cli -- db copy --to postgres://…` moves a calendar from its SQLite file to PostgreSQL:
 * every table arrives with the same number of rows (printed, side by side), the app on PostgreSQL
 * then answers exactly as it did on SQLite, and a target that already holds a calendar is refused
 * without a row written, while one that a server has only been started on (README's setup, with
 * DEMO_DATA=false) is taken, its own settings replaced by the calendar's (ADR 292). Runs in the
 * node-on-postgres project (it needs the run's cluster).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { configFromEnv } from '../../src/config.js';
import { recordPublicUrl } from '../../src/db/settings.js';
import { fixedClock } from '../../src/domain/clock.js';
import { EVENT_KINDS, THEMES } from '../../src/domain/kinds.js';
import { createApp } from '../../src/http/app.js';
import type { Store } from '../../src/db/store.js';
import { openPostgres, type PostgresHandle } from '../../src/runtime/postgres.js';
import { openSqlite } from '../../src/runtime/sqlite.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres-databases.js';
import { freePort } from '../support/ports.js';
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

  it('names the table, column and row of any other value PostgreSQL refuses, and copies nothing', async () => {
    // SQLite keeps text in an INTEGER column and, with foreign keys off (the sqlite3 shell's
    // default), a theme of an event that is gone; the copy named only NUL (issue 14).
    const sqlite = new Database(db.env.DATABASE_PATH!);
    sqlite.pragma('foreign_keys = OFF'); // as the sqlite3 shell has them
    const { id } = sqlite.prepare('select id from events order by id limit 1').get() as { id: string };
    const refusals: [change: string, undo: string, message: string][] = [
      [
        `update events set sequence = 'seven' where id = '${id}'`,
        `update events set sequence = 0 where id = '${id}'`,
        `events.sequence of row ${id} was refused by PostgreSQL (invalid input syntax for type integer: "seven"; SQLSTATE 22P02), ` +
          'so nothing was copied: correct or remove that row in the SQLite database and copy again',
      ],
      [
        "insert into event_themes (event_id, theme) values ('gone', 'C2')",
        "delete from event_themes where event_id = 'gone'",
        'event_themes.event_id of row (event_id "gone", theme "C2") was refused by PostgreSQL (insert or update on table "event_themes" ' +
          'violates foreign key constraint "event_themes_event_id_fkey"; Key (event_id)=(gone) is not present in table "events".; SQLSTATE 23503)',
      ],
    ];
    const { sequence } = sqlite.prepare('select sequence from events where id = ?').get(id) as { sequence: number };
    try {
      for (const [change, undo, message] of refusals) {
        const fresh = await createTestDatabase({ empty: true });
        try {
          sqlite.exec(change);
          await expect(db.cli('db', 'copy', '--to', fresh.url), change).rejects.toThrow(message);
          const target = await openPostgres(fresh.url);
          try {
            for (const table of ['organisations', 'events', 'event_themes'])
              expect(Number((await target.pool.query(`select count(*) n from ${table}`)).rows[0].n), table).toBe(0);
          } finally {
            await target.close();
          }
        } finally {
          sqlite.exec(undo);
          await fresh.drop();
        }
      }
    } finally {
      sqlite.prepare('update events set sequence = ? where id = ?').run(sequence, id);
      sqlite.close();
    }
  });

  it('copies into a database a server has run and served pages, feeds and sign-ins from, rebuilding its caches from the calendar', async () => {
    // Issue 14: once a server had started on the target and answered a feed, `feed_state` (and the
    // other caches and bookkeeping a server writes by itself) made the copy refuse "not empty".
    const served = await createTestDatabase({ empty: true });
    try {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const publicUrl = 'https://community-safety-partnership-calendar.example.org';
      // What `npm start` runs, on the new database with no calendar in it.
      const server = spawn(process.execPath, ['--import', 'tsx', 'src/runtime/node.ts'], {
        env: { ...process.env, DATABASE_URL: served.url, DEMO_DATA: 'false', PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: publicUrl },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      server.stdout!.on('data', (d) => (output += d));
      server.stderr!.on('data', (d) => (output += d));
      try {
        for (
          const deadline = Date.now() + 45_000;
          !(await fetch(`${base}/healthz`).then(
            (r) => r.ok,
            () => false,
          ));
        ) {
          if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
          await new Promise((r) => setTimeout(r, 200));
        }
        // Anyone's GETs: the public feed, a subscribe page whose filters need a short address, an
        // e-mail link (a stale one); and a wrong password on the sign-in form.
        expect((await fetch(`${base}/feeds/public.ics`)).status).toBe(200);
        const tags = 'knife-crime,county-lines,night-time-economy,safer-streets,road-safety,scam-awareness,cyber-crime';
        const filters = `theme=${Object.keys(THEMES).join(',')},${tags}&kind=${EVENT_KINDS.join(',')}`;
        expect(await (await fetch(`${base}/feeds?${filters}`, { headers: { Accept: 'text/html' } })).text()).toMatch(/\?f=[\w-]{12}/);
        await fetch(`${base}/email/unsubscribe/stale-link`, { headers: { Accept: 'text/html' } });
        const form = await fetch(`${base}/signin`, { headers: { Accept: 'text/html' } });
        const cookie = form.headers
          .getSetCookie()
          .map((line) => line.split(';')[0])
          .join('; ');
        const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
        const signIn = await fetch(`${base}/signin`, {
          method: 'POST',
          headers: { Accept: 'text/html', Cookie: cookie, Origin: publicUrl, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ _csrf: csrf, email: 'chair@example.org', password: 'not the password' }),
        });
        expect(signIn.status).toBe(401);
      } finally {
        server.kill('SIGTERM');
        if (server.exitCode === null) await once(server, 'exit');
      }
      const target = await openPostgres(served.url);
      try {
        const rows = async (table: string) => Number((await target.pool.query(`select count(*) n from ${table}`)).rows[0].n);
        for (const table of ['feed_state', 'feed_filter_sets', 'login_attempts']) expect(await rows(table), table).toBeGreaterThan(0);
        const names = (await target.pool.query('select name from notify_settings order by name')).rows.map((r) => r.name);
        expect(names).toContain('signing_key');

        const copy = await db.cli('db', 'copy', '--to', served.url);
        expect(copy.at(-1)).toMatch(/every table's count matches/);
        expect(copy.at(-2)).toMatch(/^replaced what a server on the target had written by itself .*: .*feed_state 1\b/);
        // The calendar's own caches and settings now, as in a copy into a new database: the key that
        // signed its e-mails' links (so they still work), its feed's state.
        for (const table of ['feed_state', 'feed_filter_sets', 'login_attempts', 'notify_settings', 'feed_fragments']) {
          const sql = `select * from ${table} order by 1`;
          expect((await target.pool.query(sql)).rows, table).toEqual((await copied.pool.query(sql)).rows);
        }
        expect(await rows('events')).toBeGreaterThan(10);
      } finally {
        await target.close();
      }
    } finally {
      await served.drop();
    }
  }, 90_000);

  it('still refuses a target where someone has added data, even only a subscriber or a partner calendar', async () => {
    for (const [table, insert] of [
      [
        'organisations',
        "insert into organisations (id, name, created_at, updated_at) values ('org-1', 'Fire and Rescue', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
      ],
      ['notify_settings', "insert into notify_settings (name, value) values ('confirm:lead@example.org:*', '2026-01-01T00:00:00Z')"],
    ] as const) {
      const used = await createTestDatabase({ empty: true });
      try {
        await run(['migrate'], { DATABASE_URL: used.url, PUBLIC_URL: 'https://calendar.example.org' }, () => {}, Readable.from([]));
        const target = await openPostgres(used.url);
        try {
          await target.pool.query(insert);
          await expect(db.cli('db', 'copy', '--to', used.url), table).rejects.toThrow(
            new RegExp(`the target database is not empty \\(${table} has 1 row`),
          );
          expect(Number((await target.pool.query('select count(*) n from events')).rows[0].n)).toBe(0);
        } finally {
          await target.close();
        }
      } finally {
        await used.drop();
      }
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
