/**
 * @module better-sqlite3 wiring for Node: opens the database file, applies migrations/ and
 * provides the Store (Kysely for reads, one synchronous transaction per write batch).
 */
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MIGRATION_FILE, migrate, type Migration } from '../db/migrations.js';
import type { Database } from '../db/schema.js';
import type { Store } from '../db/store.js';

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => MIGRATION_FILE.test(f))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name), 'utf8') }));
}

export interface SqliteHandle {
  store: Store;
  sqlite: BetterSqlite3.Database;
  close(): Promise<void>;
}

/**
 * The occurrence index's (kind, start) and (group, start) indexes have few distinct leading values,
 * so with statistics SQLite may "skip-scan" one of them for a plain time range (one range per kind)
 * and sort the result, instead of walking the (start, event, recurrence) index in page order and
 * stopping at the page: at 100,000 events the home page's first 21 rows took 1.3 s that way,
 * 2 ms the other. The statistics' `noskipscan` keyword (sqlite.org/fileformat2.html#stat1tab)
 * turns that off for those two indexes; kind and group filters still use them as ranges.
 */
function noSkipScan(sqlite: BetterSqlite3.Database): void {
  const analysed = sqlite.prepare(`select 1 from sqlite_schema where type = 'table' and name = 'sqlite_stat1'`).get();
  if (!analysed) return;
  const changed = sqlite.prepare(NO_SKIP_SCAN).run().changes;
  // Statistics are read when the schema is loaded: reload them.
  if (changed) sqlite.exec('analyze sqlite_schema');
}

/** Marks the two indexes' statistics `noskipscan` (run after every ANALYZE, which rewrites them). */
export const NO_SKIP_SCAN = `update sqlite_stat1 set stat = stat || ' noskipscan'
  where idx in ('event_occurrences_kind_start', 'event_occurrences_group_start') and stat not like '%noskipscan%'`;

/**
 * Rows ANALYZE examines per index (sqlite.org/pragma.html#pragma_analysis_limit); 0 is every row.
 * Measured on the 100k-event benchmark calendar: a limit of 400 costs ~0.8 s CPU instead of ~2 s
 * but its estimates are wrong where it matters, for few-valued columns (it said 401 rows per
 * delivery status of 64,718 all pending, and 401 per occurrence kind of 904,177 in five kinds), so
 * statistics are taken whole, off the server's thread.
 */
export const ANALYSIS_LIMIT = 0;

/**
 * Takes fresh statistics of every table now (ANALYZE, then the `noskipscan` marks) and loads them
 * into this connection. `PRAGMA optimize` re-analyses only a table whose row count changed
 * tenfold, so statistics taken while a table was small, or while every delivery was pending,
 * would otherwise steer the planner for good (ADRs 119, 162, 187). Synchronous, ~2 s CPU at 100k
 * events: for bulk loads done offline (the benchmark's build); a running server refreshes in a
 * worker thread (src/runtime/sqlite-statistics.ts).
 */
export function analyseSqlite(sqlite: BetterSqlite3.Database): void {
  sqlite.pragma(`analysis_limit = ${ANALYSIS_LIMIT}`);
  sqlite.exec('analyze');
  noSkipScan(sqlite);
}

/** Opens (creating if needed) a SQLite file, or ':memory:'. */
export function openSqlite(path: string): SqliteHandle {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new BetterSqlite3(path);
  if (path !== ':memory:') sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Table statistics for the query planner, gathered (with a row limit, so in milliseconds) for
  // tables that lack them or have grown. Without them SQLite guessed that `status = ?` was
  // selective and walked every published event through that index rather than the few rows an
  // `id IN (…)` or a range names (measured: 296 ms against 14 ms at 10k events).
  if (path !== ':memory:') {
    sqlite.pragma('optimize = 0x10002');
    noSkipScan(sqlite);
  }
  const prepare = statementCache(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: { prepare, close: () => sqlite.close() } }) });
  let revision = 0;
  const store: Store = {
    db,
    dialect: 'sqlite',
    async batch(statements) {
      const run = sqlite.transaction(() => {
        for (const s of statements) prepare(s.sql).run(...(s.parameters as unknown[]));
      });
      run();
      revision++;
    },
    revision: () => revision,
  };
  return {
    store,
    sqlite,
    async close() {
      await db.destroy();
    },
  };
}

/**
 * Prepared statements kept by their SQL text (the most recently used 500), so a query the service
 * runs again and again (a page's reads, a reminder's "sent" mark) is compiled by SQLite once, not
 * on every call. Safe because better-sqlite3 runs one statement at a time and nothing here
 * iterates a statement lazily.
 */
function statementCache(sqlite: BetterSqlite3.Database): (sql: string) => BetterSqlite3.Statement {
  const kept = new Map<string, BetterSqlite3.Statement>();
  return (sql) => {
    let statement = kept.get(sql);
    if (statement) {
      kept.delete(sql);
    } else {
      statement = sqlite.prepare(sql);
      if (kept.size >= 500) kept.delete(kept.keys().next().value!);
    }
    kept.set(sql, statement);
    return statement;
  };
}

/** Applies pending migrations; returns the names applied. */
export function migrateSqlite(sqlite: BetterSqlite3.Database, migrations = readMigrations()): string[] {
  return migrate(
    {
      exec: (sql) => sqlite.exec(sql),
      appliedNames: () => (sqlite.prepare('SELECT name FROM d1_migrations').all() as { name: string }[]).map((r) => r.name),
      transaction: (fn) => sqlite.transaction(fn)(),
      record: (name) => sqlite.prepare('INSERT INTO d1_migrations (name) VALUES (?)').run(name),
    },
    migrations,
  );
}

/**
 * A consistent copy of the open database in `file`, made with SQLite's online backup API while
 * other processes (the server) go on reading and writing. All pages are copied in one step, which
 * reads one snapshot: copying page by page would restart whenever another connection writes, and
 * copying the file itself can miss what is still in the write-ahead log (measured: 5 of 133
 * events and 22 of 343 audit rows lost). Refuses to overwrite an existing file.
 */
export async function backupSqlite(sqlite: BetterSqlite3.Database, file: string): Promise<{ pages: number }> {
  if (existsSync(file)) throw new Error(`${file} already exists; back up to a new file`);
  const result = await sqlite.backup(file, {
    // The first step only opens the backup; from the second, every remaining page at once.
    progress: ({ totalPages }) => totalPages,
  });
  return { pages: result.totalPages };
}
