/**
 * @module The storage handle every repository takes. Reads go through Kysely; writes are compiled
 * to statements and applied together by `batch`, which is atomic on every backend: a transaction
 * on better-sqlite3, `batch()` on D1 (which has no interactive transactions), one transaction on a
 * pooled client on PostgreSQL.
 */
import type { CompiledQuery, Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * Which SQL the database speaks. Repositories write portable SQL; the few places where the
 * dialects differ ask src/db/dialect.ts, which keys every difference on this.
 */
export type SqlDialect = 'sqlite' | 'd1' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  dialect: SqlDialect;
  /** Applies all statements or none. */
  batch(statements: readonly CompiledQuery[]): Promise<void>;
  /**
   * Optional: a counter this process bumps after every committed batch, so caches (feeds) can
   * tell in O(1) that nothing changed here. It cannot see other processes or Workers isolates;
   * caches combine it with a cheap database check (see docs/decisions.md, feed cache).
   */
  revision?(): number;
}

/** Who made a change and when; every write records it in the audit log. */
export interface WriteContext {
  actor: string;
  now: Date;
}

/** Instants stored by the system (created_at, updated_at): millisecond precision, UTC, sortable. */
export function stamp(date: Date): string {
  return date.toISOString();
}

export function newId(): string {
  return crypto.randomUUID();
}

/** A row-level conflict (duplicate name, email, slug) that the caller reports as 409. */
export class ConflictError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Whether `error` is a UNIQUE (or primary key) constraint failure, which callers report as a
 * ConflictError on their field: SQLite's and D1's message or code, or PostgreSQL's SQLSTATE 23505
 * (unique_violation; node-postgres puts it in `code`).
 */
export function isUniqueViolation(error: unknown): boolean {
  if ((error as { code?: unknown } | null)?.code === '23505') return true;
  const text = error instanceof Error ? `${error.message} ${(error as { code?: string }).code ?? ''}` : String(error);
  return /UNIQUE constraint failed|SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)/.test(text);
}
