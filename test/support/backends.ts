/**
 * The databases safercal runs on, for suites that must pass on every one of them ("one suite,
 * every backend"): SQLite through better-sqlite3 (Node), D1 (Workers) through wrangler's
 * getPlatformProxy — the same local D1 (Miniflare, workerd's SQLite) `wrangler dev` uses, offline —
 * and PostgreSQL 15 (a database of the run's throwaway cluster, node-on-postgres project only).
 * All start empty and migrated with the real migrations/ files.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../../src/db/store.js';
import { LEDGER_DDL } from '../../src/db/migrations.js';
import { d1Store, type D1Like } from '../../src/runtime/d1.js';
import { openPostgres } from '../../src/runtime/postgres.js';
import { migrateSqlite, MIGRATIONS_DIR, openSqlite } from '../../src/runtime/sqlite.js';
import { createTestDatabase } from './postgres-databases.js';

export interface OpenBackend {
  store: Store;
  /** Runs SQL outside the app, to look at what was really stored. */
  rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

export interface Backend {
  name: string;
  open(): Promise<OpenBackend>;
}

export const sqliteBackend: Backend = {
  name: 'SQLite (better-sqlite3)',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'safercal-sqlite-'));
    const handle = openSqlite(join(dir, 'test.sqlite'));
    migrateSqlite(handle.sqlite);
    return {
      store: handle.store,
      rows: async <T>(sql: string) => handle.sqlite.prepare(sql).all() as T[],
      async close() {
        await handle.close();
        handle.sqlite.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

interface D1Binding extends D1Like {
  prepare(sql: string): ReturnType<D1Like['prepare']> & { run(): Promise<unknown> };
}

export const d1Backend: Backend = {
  name: 'D1 (Miniflare)',
  async open() {
    // Loaded here, not at the top: wrangler and the Workers pool take ~3.5 s to import, and most
    // files that import this module (through support/app.ts) run on SQLite only.
    const [{ getPlatformProxy }, { readD1Migrations }] = await Promise.all([import('wrangler'), import('@cloudflare/vitest-pool-workers')]);
    const proxy = await getPlatformProxy<{ DB: D1Binding }>({ configPath: 'wrangler.toml', persist: false, remoteBindings: false });
    const db = proxy.env.DB;
    // As `wrangler d1 migrations apply` does: each file's statements in one batch, then the ledger row.
    await db.prepare(LEDGER_DDL).run();
    for (const migration of await readD1Migrations(MIGRATIONS_DIR)) {
      await db.batch([
        ...migration.queries.map((q) => db.prepare(q)),
        db.prepare('INSERT INTO d1_migrations (name) VALUES (?)').bind(migration.name),
      ]);
    }
    return {
      store: d1Store(db),
      rows: async <T>(sql: string) => ((await db.prepare(sql).all<T>()).results ?? []) as T[],
      close: () => proxy.dispose(),
    };
  },
};

export const postgresBackend: Backend = {
  name: 'PostgreSQL 15',
  async open() {
    const database = await createTestDatabase();
    const handle = await openPostgres(database.url, { max: 4 });
    return {
      store: handle.store,
      rows: async <T>(text: string) => (await handle.pool.query(text)).rows as T[],
      async close() {
        await handle.close();
        await database.drop();
      },
    };
  },
};

/**
 * The backends of this test project, SQLite (the reference) first: SQLite and PostgreSQL in
 * `node-on-postgres` (SAFERCAL_TEST_DB=postgres, where the cluster runs), SQLite and D1 elsewhere.
 */
export const BACKENDS: Backend[] =
  process.env.SAFERCAL_TEST_DB === 'postgres' ? [sqliteBackend, postgresBackend] : [sqliteBackend, d1Backend];
