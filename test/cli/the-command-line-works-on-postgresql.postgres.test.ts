/**
 * With DATABASE_URL=postgres://… every command works on PostgreSQL: it migrates the database
 * first, writes and reads there (never a SQLite file), and `backup`, which copies a SQLite file,
 * says to use pg_dump instead.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
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

  it('points backups to pg_dump rather than copying a file', async () => {
    await expect(cli('backup', join(dir, 'copy.sqlite'))).rejects.toThrow(/pg_dump/);
  });
});
