/**
 * @module The SQL that differs between the databases safercal runs on, in one table (as hono keeps
 * its runtime differences in one adapter file): everything else is portable SQL built with
 * Kysely. SQLite and D1 speak the same SQL; PostgreSQL differs in its JSON functions and has no
 * FTS5. Each function takes the Store and answers for its `dialect`.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Store } from './store.js';

/**
 * The themes of the event in the current `events` row, as JSON text (`["c2","v1"]`), or NULL
 * when it has none. Order is not promised; callers sort.
 */
export function themesJson(store: Store): RawBuilder<string | null> {
  if (store.dialect === 'postgres') {
    return sql<string | null>`(select json_agg(theme)::text from event_themes where event_themes.event_id = events.id)`;
  }
  return sql<string | null>`(select json_group_array(theme) from event_themes where event_themes.event_id = events.id)`;
}

/**
 * The exceptions (RFC 5545 RECURRENCE-ID overrides and EXDATEs) of the event in the current
 * `events` row as JSON text: an array of objects with event_exceptions' column names, or NULL
 * (PostgreSQL) / `[]` (SQLite) when it has none. Order is not promised; callers sort.
 */
export function exceptionsJson(store: Store): RawBuilder<string | null> {
  const build = store.dialect === 'postgres' ? sql`json_build_object` : sql`json_object`;
  const fields = sql`${build}('recurrence_id', recurrence_id, 'kind', kind, 'start_date', start_date, 'end_date', end_date,
        'starts_at', starts_at, 'ends_at', ends_at, 'location', location, 'note', note, 'move_note', move_note, 'updated_at', updated_at)`;
  const aggregate = store.dialect === 'postgres' ? sql`json_agg(${fields})::text` : sql`json_group_array(${fields})`;
  return sql<string | null>`(select ${aggregate} from event_exceptions where event_exceptions.event_id = events.id)`;
}

/**
 * The rows of one JSON parameter as a row source for `INSERT INTO table (columns) SELECT … FROM
 * <this>`: the whole batch of rows travels as a single bound value (D1 allows 100 per statement).
 * `json` is an array of arrays, each holding the values of `columns` in order.
 *
 * SQLite/D1: json_each + json_extract (https://sqlite.org/json1.html). PostgreSQL:
 * json_array_elements, each value read as text and cast to the target column's type by
 * json_populate_record over the table's row type, so integers stay integers.
 */
export function jsonRowsSource(
  store: Store,
  table: string,
  columns: readonly string[],
  json: string,
): { select: RawBuilder<unknown>; from: RawBuilder<unknown> } {
  if (store.dialect === 'postgres') {
    const object = sql.join(
      columns.map((c, n) => sql`${sql.lit(c)}, r.value -> ${sql.lit(n)}`),
      sql`, `,
    );
    return {
      select: sql.join(
        columns.map((c) => sql`(p).${sql.ref(c)}`),
        sql`, `,
      ),
      from: sql`(select json_populate_record(null::${sql.table(table)}, json_build_object(${object})) as p from json_array_elements(${json}::json) as r (value)) as rows`,
    };
  }
  return {
    select: sql.join(
      columns.map((_, n) => sql`json_extract(value, ${sql.lit(`$[${n}]`)})`),
      sql`, `,
    ),
    from: sql`json_each(${json})`,
  };
}

/**
 * Bound parameters one statement may carry on every backend: D1 binds at most 100 a statement
 * (SQLite on Node 32,766, PostgreSQL 65,535); chunking loops keep 10 in hand.
 */
export const PARAMETERS_PER_STATEMENT = 90;

/**
 * Terms one compound SELECT (UNION ALL) may have on every backend: workerd builds D1's SQLite with
 * SQLITE_LIMIT_COMPOUND_SELECT 5 ("too many terms in compound SELECT"); SQLite's default is 500.
 */
export const COMPOUND_SELECT_TERMS = 5;

/**
 * How many rows of `columnCount` values one multi-row `INSERT … VALUES (…), (…)` may carry on
 * this backend, or 0 when rows must travel as one JSON parameter instead (jsonRowsSource). SQLite
 * on Node binds up to 32,766 parameters a statement and reads plain VALUES about twice as fast as
 * json_each (each json_extract parses the row's text again); D1 binds at most 100 (a daily
 * series would take hundreds of statements); on PostgreSQL untyped parameters in VALUES would be
 * read as text, which the JSON route casts by the table's row type.
 */
export function valuesRowsPerStatement(store: Store, columnCount: number): number {
  return store.dialect === 'sqlite' ? Math.min(1000, Math.floor(32_766 / columnCount)) : 0;
}

/**
 * Whether searches may use the FTS5 trigram index (`event_search`, SQLite and D1). PostgreSQL has
 * no FTS5: there the same `lower(column) LIKE '%word%'` conditions are answered from pg_trgm GIN
 * indexes (migrations/pg/0005_occurrence_index.sql), so the LIKE path is the fast one.
 */
export function hasTrigramTable(store: Store): boolean {
  return store.dialect !== 'postgres';
}

/**
 * `query` (a SELECT of rows to claim) made to lock the rows it returns and to pass over rows
 * another transaction holds (PostgreSQL `FOR UPDATE SKIP LOCKED`): two instances claiming at the
 * same moment take different rows instead of one waiting for the other and then finding its rows
 * gone. SQLite and D1 run one write at a time, so their claim needs no lock and has no such clause.
 */
export function skippingLockedRows<Q extends { forUpdate(): Q; skipLocked(): Q }>(store: Store, query: Q): Q {
  return store.dialect === 'postgres' ? query.forUpdate().skipLocked() : query;
}

/**
 * Runs `work` only if no other instance is running the work called `name` (scheduler work that
 * should happen once per tick across every instance of one database), and answers whether it ran.
 *
 * PostgreSQL: a session advisory lock (`pg_try_advisory_lock`, keyed by `hashtext(name)`) taken
 * and released on one pooled connection, which stays checked out while `work` runs on others; if
 * the process dies, its connection ends and the lock goes with it, so no lease has to run out.
 * SQLite (one Node process) and D1 (one scheduled() per cron tick) have no second instance to
 * keep out, and the work is safe to repeat anyway: it always runs there.
 * https://www.postgresql.org/docs/15/explicit-locking.html#ADVISORY-LOCKS
 */
export async function onceAcrossInstances(store: Store, name: string, work: () => Promise<void>): Promise<boolean> {
  if (store.dialect !== 'postgres') {
    await work();
    return true;
  }
  return store.db.connection().execute(async (connection) => {
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(hashtext(${name})) as locked`.execute(connection);
    if (!rows[0]?.locked) return false;
    try {
      await work();
    } finally {
      await sql`select pg_advisory_unlock(hashtext(${name}))`.execute(connection);
    }
    return true;
  });
}

/**
 * Runs `work` once no other instance is running the work called `name`, waiting for it to finish
 * first, and returns what `work` returns: for work that must not run twice at once but that every
 * instance needs done before it goes on (loading the demo calendar into a new database, where the
 * second of two instances starting together must find the first one's rows, not insert its own
 * beside them and fail on a unique name: issue 14).
 *
 * PostgreSQL: a session advisory lock (`pg_advisory_lock`, keyed by `hashtext(name)`), held on one
 * pooled connection while `work` runs on others, and gone with the connection if the process dies.
 * SQLite and D1 need none (one writer process; the Worker does not load the demo).
 * https://www.postgresql.org/docs/15/functions-admin.html#FUNCTIONS-ADVISORY-LOCKS
 */
export async function oneInstanceAtATime<T>(store: Store, name: string, work: () => Promise<T>): Promise<T> {
  if (store.dialect !== 'postgres') return work();
  return store.db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(hashtext(${name}))`.execute(connection);
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(hashtext(${name}))`.execute(connection);
    }
  });
}

/**
 * Whether other processes write to this database as a matter of course, so a cache must ask the
 * database on every request rather than trust this process's own writes for a moment: PostgreSQL
 * is how several Node instances share one calendar (README, "Several instances on PostgreSQL").
 * SQLite is one server (the CLI writes rarely); D1's isolates accept the feed cache's one-second
 * recheck, which saves a database round trip on every warm feed.
 */
export function sharedByInstances(store: Store): boolean {
  return store.dialect === 'postgres';
}

/**
 * `condition`, marked as true for few rows (SQLite's `likelihood(X, 0.001)`, sqlite.org/lang_corefunc.html#likelihood),
 * so the planner seeks an index on it even when its statistics were taken while nearly every row
 * matched (a reminder table analysed right after a bulk load says every delivery is pending).
 * PostgreSQL keeps per-value statistics of its own and gets the condition as it is.
 */
export function rarelyTrue(store: Store, condition: RawBuilder<SqlBool>): RawBuilder<SqlBool> {
  return store.dialect === 'postgres' ? condition : sql<SqlBool>`likelihood(${condition}, 0.001)`;
}

/**
 * `column` written so that SQLite's planner never drives the query by an index on it (the unary
 * `+`, sqlite.org/optoverview.html#disqualifying_where_clause_terms_using_unary_): for a condition
 * that only filters rows another, selective condition finds. Statistics taken before any reminder
 * was sent say `status = 'sent'` matches nothing, so SQLite walked every sent row of the table by
 * `(status, due_at)` instead of one event's rows (ADR 256). PostgreSQL, whose per-value statistics
 * are its own, gets the column as it is.
 */
export function filterOnly(store: Store, column: string): RawBuilder<unknown> {
  return store.dialect === 'postgres' ? sql`${sql.ref(column)}` : sql`+${sql.ref(column)}`;
}

/**
 * How many items one statement can bind on every backend: `perItem` parameters each (default 1),
 * beside `reserved` other parameters of the statement (default 0), within PARAMETERS_PER_STATEMENT
 * (D1's limit, with 10 in hand). At least 1.
 */
export function itemsPerStatement(opts: { perItem?: number; reserved?: number } = {}): number {
  return Math.max(1, Math.floor((PARAMETERS_PER_STATEMENT - (opts.reserved ?? 0)) / (opts.perItem ?? 1)));
}

/**
 * `items` cut into runs that one statement can bind on every backend (`itemsPerStatement` of
 * `opts` each). Always at least one item a run.
 */
export function statementChunks<T>(items: readonly T[], opts: { perItem?: number; reserved?: number } = {}): T[][] {
  const size = itemsPerStatement(opts);
  const runs: T[][] = [];
  for (let i = 0; i < items.length; i += size) runs.push(items.slice(i, i + size));
  return runs;
}

/**
 * Minutes since 1970-01-01T00:00Z of a date ('YYYY-MM-DD', its UTC midnight) or a UTC instant
 * ('YYYY-MM-DDTHH:MM:SSZ') held as text, as an integer: SQLite's julianday (whose day starts at
 * noon, hence the half), PostgreSQL's epoch of the text read as a timestamp (which ignores the Z).
 */
export function epochMinutes(store: Store, text: RawBuilder<unknown>): RawBuilder<number> {
  if (store.dialect === 'postgres') return sql<number>`cast(floor(extract(epoch from cast(${text} as timestamp)) / 60) as integer)`;
  return sql<number>`cast(round((julianday(${text}) - 2440587.5) * 1440) as integer)`;
}

/** The greater of two values (SQLite's two-argument max(), PostgreSQL's greatest()); each is evaluated once. */
export function greatest<T>(store: Store, a: RawBuilder<T>, b: RawBuilder<T>): RawBuilder<T> {
  return store.dialect === 'postgres' ? sql<T>`greatest(${a}, ${b})` : sql<T>`max(${a}, ${b})`;
}
