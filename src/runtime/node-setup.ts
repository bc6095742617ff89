/**
 * @module What the Node server and the CLI share: which database to use (DATABASE_URL for
 * PostgreSQL, else the SQLite file at DATABASE_PATH), opening and migrating it.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { systemClock } from '../domain/clock.js';
import { isEmpty, seedDemo } from '../demo/seed.js';
import { oneInstanceAtATime } from '../db/dialect.js';
import type { Store } from '../db/store.js';
import { isPostgresUrl, migratePostgres, openPostgres } from './postgres.js';
import { migrateSqlite, openSqlite, type SqliteHandle } from './sqlite.js';

export const DEFAULT_DATABASE_PATH = './data/safercal.sqlite';

export function databasePath(env: NodeJS.ProcessEnv): string {
  return env.DATABASE_PATH || DEFAULT_DATABASE_PATH;
}

/** The PostgreSQL address when DATABASE_URL names one; undefined means SQLite. Throws for other schemes. */
export function postgresUrl(env: NodeJS.ProcessEnv): string | undefined {
  const url = env.DATABASE_URL;
  if (!url) return undefined;
  if (!isPostgresUrl(url)) {
    throw new Error(
      'DATABASE_URL must be a PostgreSQL address like postgres://safercal@db.example.org:5432/safercal (for SQLite, set DATABASE_PATH instead)',
    );
  }
  return url;
}

/** Where a database is, for logs: the SQLite path, or the PostgreSQL address without its password. */
export function describeDatabase(env: NodeJS.ProcessEnv): string {
  const url = postgresUrl(env);
  if (!url) return databasePath(env);
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** An open, migrated database of either kind; `sqlite` only on SQLite (the online backup needs it). */
export interface DatabaseHandle {
  store: Store;
  sqlite?: BetterSqlite3.Database;
  close(): Promise<void>;
}

/** Opens the SQLite file and applies pending migrations. */
export function openMigrated(path: string, log: (line: string) => void = () => {}): SqliteHandle {
  const handle = openSqlite(path);
  const applied = migrateSqlite(handle.sqlite);
  if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
  return handle;
}

/** Opens the database the environment names (DATABASE_URL, else DATABASE_PATH) and applies pending migrations. */
export async function openDatabase(env: NodeJS.ProcessEnv, log: (line: string) => void = () => {}): Promise<DatabaseHandle> {
  const url = postgresUrl(env);
  if (!url) return openMigrated(databasePath(env), log);
  const handle = await openPostgres(url);
  try {
    const applied = await migratePostgres(handle.pool);
    if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

/** The demo load's lock: instances starting together on a new PostgreSQL database take turns. */
const DEMO_LOAD = 'safercal demo calendar load';

/**
 * Loads the demo calendar when the database has nothing in it yet. Instances starting together
 * on one new database take turns (oneInstanceAtATime): the first loads it, the others then find
 * it there and load nothing, where each used to insert its own and all but one failed to start
 * on the organisations' unique names (issue 14).
 */
export async function seedIfEmpty(handle: { store: Store }, log: (line: string) => void): Promise<void> {
  await oneInstanceAtATime(handle.store, DEMO_LOAD, async () => {
    if (!(await isEmpty(handle.store))) return;
    const counts = await seedDemo(handle.store, { actor: 'demo-data', now: systemClock() });
    log(`loaded demo data: ${counts.organisations} organisations, ${counts.groups} groups, ${counts.events} events`);
  });
}
