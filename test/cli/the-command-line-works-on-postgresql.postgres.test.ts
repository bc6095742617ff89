/**
 * With DATABASE_URL=postgres://… every command works on PostgreSQL: it migrates the database
 * first, writes and reads there (never a SQLite file), and `backup`, which copies a SQLite file,
 * says to use pg_dump instead. A database that sorts text by a language collation is refused
 * (as the server refuses it: both open it with openPostgres).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { run } from '../../src/cli/main.js';
import { SCHEDULER_WORK } from '../../src/notify/dispatch.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres-databases.js';

describe('the command line on PostgreSQL', () => {
  let database: TestDatabase;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const cli = async (...args: string[]) => {
    const lines: string[] = [];
    await run(args, env, (line) => lines.push(line), Readable.from([]));
    return lines;
  };

  beforeAll(async () => {
    database = await createTestDatabase({ empty: true });
    dir = mkdtempSync(join(tmpdir(), 'safercal-cli-pg-'));
    // A SQLite path that must stay untouched: DATABASE_URL wins.
    env = { DATABASE_URL: database.url, DATABASE_PATH: join(dir, 'unused.sqlite') };
  }, 60_000);
  afterAll(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('migrates the empty database, loads the demo calendar and keeps a token there', async () => {
    expect((await cli('migrate')).join('\n')).toMatch(/applied migrations: 0001_core\.sql.*0012_safe_actions\.sql/);
    expect((await cli('seed')).join('\n')).toMatch(/loaded demo data: \d+ organisations, \d+ groups, \d+ events/);
    const created = await cli('token', 'create', 'community-safety-team');
    expect(created[0]).toMatch(/created organiser token "community-safety-team"/);
    expect((await cli('token', 'list')).join('\n')).toContain('community-safety-team');
    expect(existsSync(env.DATABASE_PATH!)).toBe(false);
  });

  it("refuses a database that sorts text by ICU's language collation though its LC_COLLATE says C.UTF-8, and says how to make one", async () => {
    // As a tester created it (issue 14): there 'a' < 'B', where instants, dates and ids need code-point order.
    const icu = await createTestDatabase({
      empty: true,
      options: "LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'",
    });
    try {
      await expect(run(['migrate'], { DATABASE_URL: icu.url }, () => {}, Readable.from([]))).rejects.toThrow(
        /sorts text by ICU's en-US collation \('a' before 'B'\); safercal needs code-point order.*CREATE DATABASE \w+ TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER libc LC_COLLATE 'C' LC_CTYPE 'C'/,
      );
      const probe = new pg.Client({ connectionString: icu.url });
      await probe.connect();
      try {
        // Refused before anything was written: not even the migration ledger.
        expect((await probe.query("select to_regclass('d1_migrations') as ledger")).rows[0].ledger).toBeNull();
      } finally {
        await probe.end();
      }
    } finally {
      await icu.drop();
    }
  });

  it('points backups to pg_dump rather than copying a file', async () => {
    await expect(cli('backup', join(dir, 'copy.sqlite'))).rejects.toThrow(/pg_dump/);
  });

  it('says so when a running instance holds the planning lock, and still sends what is due', async () => {
    // A server instance in the middle of its planning work holds the advisory lock on its connection.
    const server = new pg.Client({ connectionString: database.url });
    await server.connect();
    try {
      await server.query('select pg_advisory_lock(hashtext($1))', [SCHEDULER_WORK]);
      env = { ...env, PUBLIC_URL: 'https://calendar.example.org' };
      const lines = await cli('dispatch', '--now', '2022-10-12T17:00:00Z');
      expect(lines.join('\n')).toMatch(/^dispatch at 2022-10-12T17:00:00\.000Z via .*: sent \d+/m);
      expect(lines.join('\n')).toContain('planning skipped: another instance is doing the index upkeep and reminder planning now');
      await server.query('select pg_advisory_unlock(hashtext($1))', [SCHEDULER_WORK]);
      expect((await cli('dispatch', '--now', '2022-10-12T17:01:00Z')).join('\n')).not.toContain('planning skipped');
    } finally {
      await server.end();
    }
  });
});
