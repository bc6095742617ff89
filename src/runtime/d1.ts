/**
 * @module The Store on Cloudflare D1. Reads go through Kysely with a small D1 dialect (one
 * prepared statement per query); writes go through `DB.batch()`, which D1 runs as one implicit
 * transaction — the only atomic multi-statement write D1 offers (it has no BEGIN/COMMIT).
 */
import {
  CompiledQuery,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from 'kysely';
import type { Database } from '../db/schema.js';
import type { Store } from '../db/store.js';

/** The subset of D1's prepared statement this module uses (see @cloudflare/workers-types). */
export interface D1StatementLike {
  bind(...values: unknown[]): D1StatementLike;
  all<T = Record<string, unknown>>(): Promise<{ results?: T[]; meta?: { changes?: number; last_row_id?: number | null } }>;
}

/** The subset of a D1 binding (`env.DB`) this module uses. */
export interface D1Like {
  prepare(sql: string): D1StatementLike;
  batch(statements: D1StatementLike[]): Promise<unknown[]>;
}

/** D1 rejects `undefined` bindings outright; SQLite's driver on Node treats them as NULL. */
function bindable(parameters: readonly unknown[]): unknown[] {
  return parameters.map((p) => (p === undefined ? null : typeof p === 'boolean' ? (p ? 1 : 0) : p));
}

export function prepare(d1: D1Like, query: CompiledQuery): D1StatementLike {
  const statement = d1.prepare(query.sql);
  return query.parameters.length ? statement.bind(...bindable(query.parameters)) : statement;
}

class D1Connection implements DatabaseConnection {
  constructor(private readonly d1: D1Like) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await prepare(this.d1, query).all<R>();
    const changes = result.meta?.changes ?? 0;
    const lastRowId = result.meta?.last_row_id;
    return {
      rows: result.results ?? [],
      numAffectedRows: changes > 0 ? BigInt(changes) : undefined,
      insertId: lastRowId === undefined || lastRowId === null ? undefined : BigInt(lastRowId),
    };
  }

  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('D1 does not stream query results');
  }
}

const NO_TRANSACTIONS = 'D1 has no interactive transactions: write through Store.batch';

class D1Driver implements Driver {
  constructor(private readonly d1: D1Like) {}
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return new D1Connection(this.d1);
  }
  async beginTransaction(): Promise<void> {
    throw new Error(NO_TRANSACTIONS);
  }
  async commitTransaction(): Promise<void> {
    throw new Error(NO_TRANSACTIONS);
  }
  async rollbackTransaction(): Promise<void> {
    throw new Error(NO_TRANSACTIONS);
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

/** Kysely's SQLite flavour over a D1 binding. */
export class D1Dialect implements Dialect {
  constructor(private readonly d1: D1Like) {}
  createAdapter() {
    return new SqliteAdapter();
  }
  createDriver(): Driver {
    return new D1Driver(this.d1);
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
  createIntrospector(db: Kysely<any>) {
    return new SqliteIntrospector(db);
  }
}

/**
 * A Store on a D1 binding: the same repositories, the same all-or-nothing writes. `revision`
 * counts the batches this isolate committed, so caches (feeds) see its own writes on the next
 * request; writes by other isolates reach them through the database check they also make.
 */
export function d1Store(d1: D1Like): Store {
  let revision = 0;
  return {
    db: new Kysely<Database>({ dialect: new D1Dialect(d1) }),
    dialect: 'd1',
    async batch(statements) {
      if (statements.length === 0) return;
      await d1.batch(statements.map((s) => prepare(d1, s)));
      revision++;
    },
    revision: () => revision,
  };
}
