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

/** Collations in which text sorts by code point, as SQLite's BINARY does. */
const BYTE_ORDER = new Set(['C', 'POSIX', 'C.UTF-8', 'C.utf8', 'ucs_basic']);

/**
 * Opens a pool on `url` (postgres://user:password@host:port/database) and checks the database
 * sorts text by code point: instants, dates and ids are compared and ordered as text, and a
 * language collation (en_GB.UTF-8) would order and page them differently from SQLite.
 * Throws with the command that creates a suitable database otherwise.
 */
export async function openPostgres(url: string, opts: { max?: number } = {}): Promise<PostgresHandle> {
  const pool = new pg.Pool({ connectionString: url, types, max: opts.max ?? 10 });
  // An idle client that loses its server (a restart, a failover) must not crash the process.
  pool.on('error', () => {});
  try {
    const { rows } = await pool.query<{ collation: string; name: string }>(
      'SELECT datcollate AS collation, current_database() AS name FROM pg_database WHERE datname = current_database()',
    );
    const { collation, name } = rows[0]!;
    if (!BYTE_ORDER.has(collation)) {
      throw new Error(
        `database "${name}" sorts text by the ${collation} collation; safercal needs code-point order, as on SQLite. ` +
          `Create the database with: CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`,
      );
    }
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
