/** @module `db copy --to postgres://…`: moves the calendar from its SQLite file to PostgreSQL. */
import type BetterSqlite3 from 'better-sqlite3';
import { copySqliteToPostgres } from '../runtime/copy-to-postgres.js';
import { isPostgresUrl, migratePostgres, openPostgres } from '../runtime/postgres.js';

export const DB_USAGE = `  db copy --to <postgres://…>      copy every table of the SQLite database into a new, empty PostgreSQL
                                   database (migrated first; what a server started on it wrote by itself
                                   is replaced), in one transaction; prints each table's row counts on
                                   both sides, and keeps nothing unless they agree or if a row is refused`;

export class DbCommandError extends Error {}

/** Runs `db <sub>`; the source is the SQLite file the CLI opened (DATABASE_PATH). */
export async function dbCommand(
  sqlite: BetterSqlite3.Database | undefined,
  sub: string | undefined,
  values: { to?: string },
  out: (line: string) => void,
  progress: (line: string) => void,
): Promise<void> {
  if (sub !== 'copy') throw new DbCommandError('db needs a subcommand: copy --to postgres://…');
  if (!sqlite) throw new DbCommandError('db copy reads a SQLite database: unset DATABASE_URL and point DATABASE_PATH at the file to copy');
  if (!isPostgresUrl(values.to)) throw new DbCommandError('db copy needs --to postgres://user@host:5432/database (a new, empty database)');
  const target = await openPostgres(values.to).catch((error: unknown) => {
    throw new DbCommandError(`cannot use the target: ${error instanceof Error ? error.message : String(error)}`);
  });
  try {
    const applied = await migratePostgres(target.pool);
    if (applied.length) progress(`migrated the target: ${applied.join(', ')}`);
    const started = Date.now();
    const counts = await copySqliteToPostgres(sqlite, target.pool, progress).catch((error: unknown) => {
      throw new DbCommandError(`db copy: ${error instanceof Error ? error.message : String(error)}`);
    });
    const width = Math.max(5, ...counts.map((c) => c.table.length));
    out(`${'table'.padEnd(width)}  ${'sqlite'.padStart(8)}  ${'postgres'.padStart(8)}`);
    for (const c of counts) out(`${c.table.padEnd(width)}  ${String(c.source).padStart(8)}  ${String(c.target).padStart(8)}`);
    const cleared = counts.filter((c) => c.cleared);
    if (cleared.length)
      out(
        `replaced what a server on the target had written by itself (caches, sign-in attempts, its own settings): ` +
          cleared.map((c) => `${c.table} ${c.cleared}`).join(', '),
      );
    const rows = counts.reduce((sum, c) => sum + c.target, 0);
    out(`copied ${rows} rows in ${counts.length} tables in ${Date.now() - started} ms; every table's count matches`);
  } finally {
    await target.close();
  }
}
