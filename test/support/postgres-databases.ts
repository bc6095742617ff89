/**
 * Databases on the test run's PostgreSQL cluster (started by test/support/postgres-global-setup.ts):
 * each test file gets a fresh copy of the migrated template and drops it when done.
 */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { openPostgres, type PostgresHandle } from '../../src/runtime/postgres.js';

export const TEMPLATE_DATABASE = 'safercal_template';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

function baseUrl(): string {
  const url = inject('postgresBaseUrl');
  if (!url) throw new Error('no PostgreSQL cluster in this test project: run it in the node-on-postgres project (vitest.config.ts)');
  return url;
}

async function admin<T>(fn: (handle: PostgresHandle) => Promise<T>): Promise<T> {
  const handle = await openPostgres(`${baseUrl()}postgres`, { max: 1 });
  try {
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

/**
 * The database holding calendar `name` of test/support/calendars.ts, seeded once per run from the
 * migrated template (ADR 108). Lower case: PostgreSQL folds the unquoted name in CREATE DATABASE,
 * and a connection address names the database exactly.
 */
export const calendarDatabase = (name: string) => `safercal_${name.toLowerCase()}`;

/**
 * A new database: migrated (a copy of the template, or of `template`, another database the
 * globalSetup built), or `empty` (nothing in it, for what migrates or copies into a database
 * itself). `options`: more of CREATE DATABASE's options (a collation). Dropped by `drop()`,
 * connections and all.
 */
export async function createTestDatabase(opts: { empty?: boolean; template?: string; options?: string } = {}): Promise<TestDatabase> {
  const name = `t_${randomUUID().replace(/-/g, '')}`;
  // template0 for an empty one: template1 could have been changed; both are C-collated here.
  const from = opts.empty ? 'template0' : (opts.template ?? TEMPLATE_DATABASE);
  await admin((h) => h.pool.query(`CREATE DATABASE ${name} TEMPLATE ${from} ${opts.options ?? ''}`));
  return {
    url: `${baseUrl()}${name}`,
    drop: () => admin((h) => h.pool.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
