/** @module What the Node server and the CLI share: where the database lives, opening and preparing it. */
import { systemClock } from '../domain/clock.js';
import { isEmpty, seedDemo } from '../demo/seed.js';
import { migrateSqlite, openSqlite, type SqliteHandle } from './sqlite.js';

export const DEFAULT_DATABASE_PATH = './data/safercal.sqlite';

export function databasePath(env: NodeJS.ProcessEnv): string {
  return env.DATABASE_PATH || DEFAULT_DATABASE_PATH;
}

/** Opens the database and applies pending migrations. */
export function openMigrated(path: string, log: (line: string) => void = () => {}): SqliteHandle {
  const handle = openSqlite(path);
  const applied = migrateSqlite(handle.sqlite);
  if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
  return handle;
}

/** Loads the demo calendar when the database has nothing in it yet. */
export async function seedIfEmpty(handle: SqliteHandle, log: (line: string) => void): Promise<void> {
  if (!(await isEmpty(handle.store))) return;
  const counts = await seedDemo(handle.store, { actor: 'demo-data', now: systemClock() });
  log(`loaded demo data: ${counts.organisations} organisations, ${counts.groups} groups, ${counts.events} events`);
}
