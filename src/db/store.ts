/**
 * @module The storage handle every repository takes. Reads go through Kysely; writes are compiled
 * to statements and applied together by `batch`, which is atomic on every backend: a transaction
 * on better-sqlite3, `batch()` on D1 (which has no interactive transactions).
 */
import type { CompiledQuery, Kysely } from 'kysely';
import type { Database } from './schema.js';

export interface Store {
  db: Kysely<Database>;
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

/** Maps a UNIQUE constraint failure from any SQLite flavour to a ConflictError on `field`. */
export function isUniqueViolation(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${(error as { code?: string }).code ?? ''}` : String(error);
  return /UNIQUE constraint failed|SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)/.test(text);
}
