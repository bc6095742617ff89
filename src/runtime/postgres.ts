/**
 * @module PostgreSQL wiring for Node (DATABASE_URL=postgres://…): Kysely's PostgresDialect over a
 * node-postgres Pool, the migrations (migrations/pg/ variants where SQLite's text cannot run), and
 * the Store (Kysely for reads, one transaction on one pooled client per write batch).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { LEDGER_DDL_POSTGRES, migrateAsync, type Migration } from '../db/migrations.js';
import type { Database } from '../db/schema.js';
import type { Store } from '../db/store.js';
import { MIGRATIONS_DIR, readMigrations } from './sqlite.js';

/** Whether a DATABASE_URL names a PostgreSQL database (rather than being unset). */
export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//i.test(url);
}

/**
 * The type parsers of this pool: int8 (count(*), sum()) and numeric come back from node-postgres
 * as strings, to keep precision; every such value here is a count far below 2^53, so they are
 * numbers, as on SQLite, and repositories see the same shapes on every backend.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

/**
 * The migrations as PostgreSQL runs them: each file of migrations/, replaced by migrations/pg/
 * when a file of the same name is there. Names (the ledger's keys) are the same on every backend.
 */
export function readPostgresMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readMigrations(dir).map((m) => {
    const variant = join(dir, 'pg', m.name);
    return existsSync(variant) ? { name: m.name, sql: readFileSync(variant, 'utf8') } : m;
  });
}

/** node-postgres sends booleans as 'true'/'false', which INTEGER 0/1 columns refuse; undefined is NULL. */
function bindable(parameters: readonly unknown[]): unknown[] {
  return parameters.map((p) => (p === undefined ? null : typeof p === 'boolean' ? (p ? 1 : 0) : p));
}

export interface PostgresHandle {
  store: Store;
  pool: pg.Pool;
  close(): Promise<void>;
}

/**
 * Text whose code-point order a language collation gets wrong: upper before lower case, punctuation
 * that counts (libc's en_GB ignores '-' at first), digits before letters, ISO-8601 text, accents.
 */
const ORDER_PROBE = ['a', 'B', 'ab', 'a-c', 'a_b', 'Z', '_', '2026-10-14', '2026-10-14T09:00:00Z', '2026-10-14 09:00', 'e', 'é', 'f'];
const CODE_POINT_ORDER = [...ORDER_PROBE].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * Why the database at `pool` does not sort text by code point, as SQLite's BINARY collation does,
 * or null when it does. Asked of the database itself (it sorts ORDER_PROBE by its default
 * collation) rather than read from a collation's name: a database whose LC_COLLATE says C.UTF-8
 * may still sort by ICU (`LOCALE_PROVIDER icu`, PostgreSQL 15+), where 'a' < 'B' (issue 14).
 * The provider and locale in the answer come from pg_database, read through to_jsonb so the same
 * query runs on PostgreSQL 13 and 14 (no datlocprovider) and 17 (datlocale, not daticulocale).
 */
async function collationProblem(pool: pg.Pool): Promise<string | null> {
  const { rows } = await pool.query<{ name: string; provider: string | null; locale: string | null; collation: string; sorted: string[] }>(
    `SELECT current_database() AS name, to_jsonb(d) ->> 'datlocprovider' AS provider,
            coalesce(to_jsonb(d) ->> 'daticulocale', to_jsonb(d) ->> 'datlocale') AS locale, datcollate AS collation,
            (SELECT array_agg(v ORDER BY v) FROM unnest($1::text[]) AS v) AS sorted
       FROM pg_database d WHERE datname = current_database()`,
    [ORDER_PROBE],
  );
  const { name, provider, locale, collation, sorted } = rows[0]!;
  if (sorted.every((value, i) => value === CODE_POINT_ORDER[i])) return null;
  const by =
    provider === 'i' ? `ICU's ${locale} collation` : provider === 'b' ? `the builtin ${locale} collation` : `the ${collation} collation`;
  const example = sorted.indexOf('a') < sorted.indexOf('B') ? "'a' before 'B'" : sorted.map((v) => `'${v}'`).join(' < ');
  // LOCALE_PROVIDER exists from PostgreSQL 15 (where datlocprovider does): there template0 may be ICU's.
  const libc = provider === null ? '' : ' LOCALE_PROVIDER libc';
  return (
    `database "${name}" sorts text by ${by} (${example}); safercal needs code-point order, as on SQLite. ` +
    `Create the database with: CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'${libc} LC_COLLATE 'C' LC_CTYPE 'C'`
  );
}

/**
 * Opens a pool on `url` (postgres://user:password@host:port/database) and checks the database
 * sorts text by code point: instants, dates and ids are compared and ordered as text, and a
 * language collation (en_GB.UTF-8, or ICU's en-US) would order and page them differently from
 * SQLite. Throws with the command that creates a suitable database otherwise.
 */
export async function openPostgres(url: string, opts: { max?: number } = {}): Promise<PostgresHandle> {
  const pool = new pg.Pool({ connectionString: url, types, max: opts.max ?? 10 });
  // An idle client that loses its server (a restart, a failover) must not crash the process.
  pool.on('error', () => {});
  try {
    const problem = await collationProblem(pool);
    if (problem) throw new Error(problem);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let revision = 0;
  const store: Store = {
    db,
    dialect: 'postgres',
    async batch(statements) {
      if (statements.length === 0) return;
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        for (const s of statements) await client.query(s.sql, bindable(s.parameters));
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
      revision++;
    },
    revision: () => revision,
  };
  return {
    store,
    pool,
    async close() {
      // Ends the pool too (Kysely's PostgresDriver calls pool.end()).
      await db.destroy();
    },
  };
}

/**
 * Applies pending migrations (each in its own transaction: PostgreSQL's DDL is transactional) and
 * returns the names applied. Instances starting together wait for one another on an advisory lock,
 * so each migration runs once.
 */
export async function migratePostgres(pool: pg.Pool, migrations = readPostgresMigrations()): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtext('safercal migrations'))");
    try {
      return await migrateAsync(
        {
          exec: async (text) => void (await client.query(text)),
          appliedNames: async () => (await client.query<{ name: string }>('SELECT name FROM d1_migrations')).rows.map((r) => r.name),
          async transaction(fn) {
            await client.query('BEGIN');
            try {
              await fn();
              await client.query('COMMIT');
            } catch (error) {
              await client.query('ROLLBACK').catch(() => undefined);
              throw error;
            }
          },
          record: async (name) => void (await client.query('INSERT INTO d1_migrations (name) VALUES ($1)', [name])),
        },
        migrations,
        LEDGER_DDL_POSTGRES,
      );
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext('safercal migrations'))");
    }
  } finally {
    client.release();
  }
}
