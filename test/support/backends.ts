/**
 * The databases safercal runs on, for suites that must pass on every one of them ("one suite,
 * every backend"): SQLite through better-sqlite3 (Node), D1 (Workers) — the same local D1
 * (Miniflare, workerd's SQLite) `wrangler dev` uses, offline, reached through test/support/local-d1.ts —
 * and PostgreSQL 15 (a database of the run's throwaway cluster, node-on-postgres project only).
 * All start empty and migrated with the real migrations/ files.
 */
import { copyFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../../src/db/store.js';
import { LEDGER_DDL } from '../../src/db/migrations.js';
import { d1Store } from '../../src/runtime/d1.js';
import { migratePostgres, openPostgres, readPostgresMigrations } from '../../src/runtime/postgres.js';
import { migrateSqlite, MIGRATIONS_DIR, openSqlite, readMigrations, type SqliteHandle } from '../../src/runtime/sqlite.js';
import { openLocalD1, type LocalD1Binding } from './local-d1.js';
import { createTestDatabase } from './postgres-databases.js';

/**
 * Calendars built once per test run by the projects' globalSetup and copied for each test file
 * (ADR 108): `migrated` is an empty migrated database, `demo`, `demoAtTestAppNow` and `web` hold the calendars of
 * test/support/calendars.ts. For SQLite a file, for D1 a Miniflare persistence
 * directory, for PostgreSQL a template database's name. Absent keys: the file builds its own.
 */
export interface Templates {
  migrated?: string;
  demo?: string;
  demoAtTestAppNow?: string;
  web?: string;
}
export type TemplateName = keyof Templates;

declare module 'vitest' {
  export interface ProvidedContext {
    /** This project's templates (see Templates in test/support/backends.ts). */
    templates: Templates;
  }
}

/** This project's template `name`, or undefined (outside vitest, or not built in this project). */
async function template(name: TemplateName): Promise<string | undefined> {
  if (!process.env.VITEST) return undefined;
  return (await import('vitest')).inject('templates')?.[name];
}

/**
 * What a Node server or the command line is given to open a database (src/runtime/node-setup.ts):
 * the SQLite file's path, or the PostgreSQL address.
 */
export type DatabaseEnv = { DATABASE_PATH: string } | { DATABASE_URL: string };

export interface OpenBackend {
  store: Store;
  /** SQLite only: the better-sqlite3 handle (`close` closes it and removes the file). */
  sqlite?: SqliteHandle;
  /**
   * How another Node process (the command line, a second server) opens this same database;
   * absent on D1, which only a Worker reaches.
   */
  env?: DatabaseEnv;
  /** Runs SQL outside the app, to look at what was really stored. */
  rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

export interface Backend {
  name: string;
  /** `from`: start from this run's template of that name when there is one, else empty and migrated. */
  open(opts?: { from?: TemplateName }): Promise<OpenBackend>;
}

export const sqliteBackend: Backend = {
  name: 'SQLite (better-sqlite3)',
  async open(opts = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'safercal-sqlite-'));
    const copy = opts.from && (await template(opts.from));
    if (copy) copyFileSync(copy, join(dir, 'test.sqlite'));
    const handle = openSqlite(join(dir, 'test.sqlite'));
    if (!copy) migrateSqlite(handle.sqlite);
    return {
      sqlite: handle,
      store: handle.store,
      env: { DATABASE_PATH: join(dir, 'test.sqlite') },
      rows: async <T>(sql: string) => handle.sqlite.prepare(sql).all() as T[],
      async close() {
        await handle.close();
        handle.sqlite.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

/** The local D1's binding (`env.DB`), as safercal's D1 store and the tests use it. */
export type D1Binding = LocalD1Binding;

export const d1Backend: Backend = {
  name: 'D1 (Miniflare)',
  async open(opts = {}) {
    // A copy of the template's persistence directory: Miniflare's D1 opens the SQLite file in it;
    // without the template asked for, the migrated one (the caller seeds its calendar on it).
    const copy = (opts.from && (await template(opts.from))) || (await template('migrated'));
    const persist = copy ? mkdtempSync(join(tmpdir(), 'safercal-d1-')) : undefined;
    if (copy) cpSync(copy, persist!, { recursive: true });
    const local = await openLocalD1(persist ?? false);
    const db = local.DB;
    // Loaded here, not at the top: the Workers pool takes seconds to import, and most files that
    // import this module (through support/app.ts) run on SQLite only.
    if (!copy) await migrateD1(db, (await import('@cloudflare/vitest-pool-workers')).readD1Migrations);
    return {
      store: d1Store(db),
      rows: async <T>(sql: string) => ((await db.prepare(sql).all<T>()).results ?? []) as T[],
      async close() {
        await local.dispose();
        if (persist) rmSync(persist, { recursive: true, force: true });
      },
    };
  },
};

/**
 * Applies migrations/ to a D1 database as `wrangler d1 migrations apply` does: each file's
 * statements in one batch, then its ledger row. `read` is @cloudflare/vitest-pool-workers'
 * readD1Migrations (passed in: that package takes seconds to import).
 */
export async function migrateD1(db: D1Binding, read: (dir: string) => Promise<{ name: string; queries: string[] }[]>): Promise<void> {
  await db.prepare(LEDGER_DDL).run();
  for (const migration of await read(MIGRATIONS_DIR)) {
    await db.batch([
      ...migration.queries.map((q) => db.prepare(q)),
      db.prepare('INSERT INTO d1_migrations (name) VALUES (?)').bind(migration.name),
    ]);
  }
}

export const postgresBackend: Backend = {
  name: 'PostgreSQL 15',
  async open(opts = {}) {
    const database = await createTestDatabase({ template: opts.from && (await template(opts.from)) });
    const handle = await openPostgres(database.url, { max: 4 });
    return {
      store: handle.store,
      env: { DATABASE_URL: database.url },
      rows: async <T>(text: string) => (await handle.pool.query(text)).rows as T[],
      async close() {
        await handle.close();
        await database.drop();
      },
    };
  },
};

/** A database part-way through its migrations, for a migration's own test (see openMigratedBefore). */
export interface PartlyMigrated {
  /** Runs one SQL statement (rows written as the older schema had them). */
  exec(sql: string): Promise<void>;
  rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  /** Applies the remaining migrations, as a deploy does; answers their names. */
  migrate(): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * An empty database of `backend` migrated only with the migrations named before `name` (such as
 * '0028'), so a test can write rows as they were stored then and check what the later migrations
 * make of them, with each backend's own text of them (migrations/pg/ on PostgreSQL).
 */
export async function openMigratedBefore(backend: Backend, name: string): Promise<PartlyMigrated> {
  const before = <M extends { name: string }>(all: M[]) => all.filter((m) => m.name < name);
  const rest = <M extends { name: string }>(all: M[]) => all.filter((m) => m.name >= name);
  if (backend === d1Backend) {
    const local = await openLocalD1(false);
    const { readD1Migrations } = await import('@cloudflare/vitest-pool-workers');
    await migrateD1(local.DB, async (dir) => before(await readD1Migrations(dir)));
    return {
      exec: async (sql) => void (await local.DB.prepare(sql).run()),
      rows: async <T>(sql: string) => ((await local.DB.prepare(sql).all<T>()).results ?? []) as T[],
      async migrate() {
        const pending = rest(await readD1Migrations(MIGRATIONS_DIR));
        await migrateD1(local.DB, async () => pending);
        return pending.map((m) => m.name);
      },
      close: () => local.dispose(),
    };
  }
  if (backend === postgresBackend) {
    const database = await createTestDatabase({ empty: true });
    const handle = await openPostgres(database.url, { max: 2 });
    await migratePostgres(handle.pool, before(readPostgresMigrations()));
    return {
      exec: async (sql) => void (await handle.pool.query(sql)),
      rows: async <T>(sql: string) => (await handle.pool.query(sql)).rows as T[],
      migrate: () => migratePostgres(handle.pool),
      async close() {
        await handle.close();
        await database.drop();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'safercal-sqlite-'));
  const handle = openSqlite(join(dir, 'test.sqlite'));
  migrateSqlite(handle.sqlite, before(readMigrations()));
  return {
    exec: async (sql) => void handle.sqlite.exec(sql),
    rows: async <T>(sql: string) => handle.sqlite.prepare(sql).all() as T[],
    migrate: async () => migrateSqlite(handle.sqlite),
    async close() {
      await handle.close();
      handle.sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The backends of this test project, SQLite (the reference) first: SQLite and PostgreSQL in
 * `node-on-postgres` (SAFERCAL_TEST_DB=postgres, where the cluster runs), SQLite and D1 elsewhere.
 */
export const BACKENDS: Backend[] =
  process.env.SAFERCAL_TEST_DB === 'postgres' ? [sqliteBackend, postgresBackend] : [sqliteBackend, d1Backend];

/** The backend this test project runs the app on: SAFERCAL_TEST_DB=d1 or postgres, else SQLite. */
export function projectBackend(): Backend {
  const chosen = process.env.SAFERCAL_TEST_DB;
  return chosen === 'd1' ? d1Backend : chosen === 'postgres' ? postgresBackend : sqliteBackend;
}

/**
 * Whether this project runs the app on SQLite (the `node` project). For the few tests about the
 * SQLite file itself, skipped elsewhere with the reason beside them (vitest.config.ts lists them).
 */
export const APP_ON_SQLITE = projectBackend() === sqliteBackend;

/**
 * Whether another Node process (the command line, a second server) can open this project's
 * database: on SQLite and PostgreSQL (`OpenBackend.env`), not on D1, which only a Worker reaches.
 */
export const ANOTHER_PROCESS_REACHES_THE_DATABASE = projectBackend() !== d1Backend;

/**
 * The app's database for a test file, on this project's backend (`projectBackend`), shaped as a
 * SqliteHandle. `from`: start from that template (ADR 108) when this run built one; `built` says
 * whether it did, so the caller seeds the calendar itself when not; `env`, how another process
 * opens it (OpenBackend.env). On D1 and PostgreSQL, reading `sqlite` throws with the reason: the
 * test reads SQLite directly and cannot run there.
 */
export async function openProjectHandle(opts: { from?: TemplateName } = {}): Promise<SqliteHandle & { built: boolean; env?: DatabaseEnv }> {
  const backend = projectBackend();
  const open = await backend.open(opts);
  const built = opts.from !== undefined && (await template(opts.from)) !== undefined;
  if (open.sqlite) return { store: open.store, sqlite: open.sqlite.sqlite, close: () => open.close(), built, env: open.env };
  const chosen = process.env.SAFERCAL_TEST_DB;
  return {
    store: open.store,
    close: () => open.close(),
    built,
    env: open.env,
    get sqlite(): never {
      throw new Error(`this test reads SQLite directly, so it cannot run on ${chosen}: exclude it from the node-on-${chosen} project`);
    },
  };
}
