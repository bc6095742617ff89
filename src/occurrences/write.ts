/**
 * @module Writing an event's index rows: the statements that go into the same Store.batch as the
 * event change itself, so the index can never disagree with the event (on D1 too: the rows travel
 * as one JSON parameter, so a daily series' 2,600 rows are one statement, not 260 that would break
 * D1's 100-parameters-per-statement and queries-per-invocation limits). On SQLite they are plain
 * multi-row VALUES, up to 1,000 rows a statement (twice as fast to insert as json_each; ADR 114).
 */
import { CompiledQuery, sql, type SqlBool } from 'kysely';
import { jsonRowsSource, valuesRowsPerStatement } from '../db/dialect.js';
import type { Store } from '../db/store.js';
import type { CalendarEvent } from '../domain/event.js';
import { indexBounds, indexRange, occurrenceRows, type IndexBounds, type OccurrenceRow } from './rows.js';
import { INDEX_VERSION } from './version.js';

const COLUMNS = [
  'event_id',
  'recurrence_id',
  'start_at',
  'end_at',
  'start_date',
  'end_date',
  'start_day',
  'end_day',
  'state',
  'location',
  'clock_change',
  'long_running',
  'kind',
  'status',
  'visibility',
  'group_id',
  'organisation_id',
  'parent_id',
] as const satisfies readonly (keyof OccurrenceRow)[];

/** Rows per statement: keeps each JSON parameter well under D1's 2 MB value limit. */
const ROWS_PER_STATEMENT = 4000;

const INSERT_VALUES = `insert into event_occurrences (${COLUMNS.map((c) => `"${c}"`).join(', ')}) values `;
const ROW_PLACEHOLDERS = `(${COLUMNS.map(() => '?').join(', ')})`;
const ON_CONFLICT = ' on conflict (event_id, recurrence_id) do nothing';

/**
 * Inserts rows: on SQLite as multi-row VALUES, elsewhere (and under a SEQUENCE guard) as one JSON
 * array of arrays (column order COLUMNS). `onConflict` 'ignore'
 * leaves rows that are already there (the horizon roll-forward may meet rows a write just made).
 * The JSON is read by src/db/dialect.ts jsonRowsSource (json_each on SQLite and D1, json_array_elements on PostgreSQL).
 */
export function insertRowsStatements(store: Store, rows: OccurrenceRow[], opts: { guardSequence?: number } = {}): CompiledQuery[] {
  const out: CompiledQuery[] = [];
  const perValues = opts.guardSequence === undefined ? valuesRowsPerStatement(store, COLUMNS.length) : 0;
  if (perValues) {
    // SQLite: plain multi-row VALUES (no guard is needed: the event's own batch writes them).
    for (let i = 0; i < rows.length; i += perValues) {
      const chunk = rows.slice(i, i + perValues);
      const parameters: unknown[] = [];
      for (const r of chunk) for (const c of COLUMNS) parameters.push(r[c]);
      out.push(CompiledQuery.raw(`${INSERT_VALUES}${chunk.map(() => ROW_PLACEHOLDERS).join(', ')}${ON_CONFLICT}`, parameters));
    }
    return out;
  }
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    const json = JSON.stringify(chunk.map((r) => COLUMNS.map((c) => r[c])));
    const rowsIn = jsonRowsSource(store, 'event_occurrences', COLUMNS, json);
    // SQLite needs a WHERE after INSERT … SELECT before ON CONFLICT (else ON reads as a join).
    const guard =
      opts.guardSequence === undefined ? sql` where true` : sql` where ${stillAtSequence(chunk[0]!.event_id, opts.guardSequence)}`;
    out.push(
      sql`insert into event_occurrences (${sql.join(COLUMNS.map((c) => sql.ref(c)))}) select ${rowsIn.select} from ${rowsIn.from}${guard} on conflict (event_id, recurrence_id) do nothing`.compile(
        store.db,
      ),
    );
  }
  return out;
}

/** A condition that holds only while the event is still at this SEQUENCE (nobody changed it meanwhile). */
export function stillAtSequence(eventId: string, sequence: number) {
  return sql<SqlBool>`exists (select 1 from events g where g.id = ${eventId} and g.sequence = ${sequence})`;
}

function boundsStatement(store: Store, eventId: string, bounds: IndexBounds, guardSequence?: number): CompiledQuery {
  let q = store.db
    .updateTable('events')
    .set({ ...bounds, index_version: INDEX_VERSION })
    .where('id', '=', eventId);
  if (guardSequence !== undefined) q = q.where(stillAtSequence(eventId, guardSequence));
  return q.compile();
}

/**
 * The statements that make the index agree with `event` as it will be after the batch they join:
 * its old rows go, its rows for the range around `now` (src/occurrences/rows.ts indexRange) come
 * in, and the event records its bounds. `event` must be the event's new state (new fields,
 * exceptions and status). With `guardSequence`, every statement applies only while the event is
 * still at that SEQUENCE (the scheduler's upkeep must never overwrite a newer edit).
 */
export function indexEventStatements(
  store: Store,
  event: CalendarEvent,
  now: Date,
  opts: { guardSequence?: number } = {},
): CompiledQuery[] {
  const range = indexRange(now, event.timezone);
  const rows = occurrenceRows(event, range);
  let del = store.db.deleteFrom('event_occurrences').where('event_id', '=', event.id);
  if (opts.guardSequence !== undefined) del = del.where(stillAtSequence(event.id, opts.guardSequence));
  return [
    del.compile(),
    ...insertRowsStatements(store, rows, opts),
    boundsStatement(store, event.id, indexBounds(event, range, rows), opts.guardSequence),
  ];
}
