/**
 * @module The SQL that differs between the databases safercal runs on, in one table (as hono keeps
 * its runtime differences in one adapter file): everything else is portable SQL built with
 * Kysely. SQLite and D1 speak the same SQL; PostgreSQL differs in its JSON functions and has no
 * FTS5. Each function takes the Store and answers for its `dialect`.
 */
import { sql, type RawBuilder } from 'kysely';
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
        'starts_at', starts_at, 'ends_at', ends_at, 'location', location, 'note', note, 'updated_at', updated_at)`;
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
 * Whether searches may use the FTS5 trigram index (`event_search`, SQLite and D1). PostgreSQL has
 * no FTS5: there the same `lower(column) LIKE '%word%'` conditions are answered from pg_trgm GIN
 * indexes (migrations/pg/0005_occurrence_index.sql), so the LIKE path is the fast one.
 */
export function hasTrigramTable(store: Store): boolean {
  return store.dialect !== 'postgres';
}
