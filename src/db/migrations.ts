/**
 * @module The migration ledger. Migration files are wrangler's format (migrations/NNNN_name.sql)
 * and the ledger is wrangler's `d1_migrations` table, so D1 (applied by `wrangler d1 migrations
 * apply`) and better-sqlite3 (applied by this runner) agree on what has run.
 */

export interface Migration {
  name: string;
  sql: string;
}

/** The minimal synchronous SQL surface the runner needs (better-sqlite3 has it). */
export interface MigrationTarget {
  exec(sql: string): void;
  appliedNames(): string[];
  /** Runs `fn` atomically. */
  transaction(fn: () => void): void;
  record(name: string): void;
}

export const LEDGER_DDL = `CREATE TABLE IF NOT EXISTS d1_migrations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT UNIQUE,
  applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
)`;

export const MIGRATION_FILE = /^\d{4}_[a-z0-9_]+\.sql$/;

/** Applies, in name order, every migration not yet in the ledger; each in its own transaction. */
export function migrate(target: MigrationTarget, migrations: Migration[]): string[] {
  target.exec(LEDGER_DDL);
  const applied = new Set(target.appliedNames());
  const pending = migrations.filter((m) => !applied.has(m.name)).sort((a, b) => a.name.localeCompare(b.name));
  for (const m of pending) {
    target.transaction(() => {
      target.exec(m.sql);
      target.record(m.name);
    });
  }
  return pending.map((m) => m.name);
}
