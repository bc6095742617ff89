/**
 * @module Moving a calendar from its SQLite file to PostgreSQL (`npm run cli -- db copy --to
 * postgres://…`): every table, in one transaction on the target, read from one snapshot of the
 * source, verified by per-table row counts before the transaction commits. The target must be
 * freshly migrated (empty), or hold only what a server started on it writes by itself
 * (SERVER_WRITES, SERVER_SETTINGS; ADRs 292, 298); the source is migrated to the same version
 * first by the CLI. A row the target refuses stops the copy, naming its table, column and key.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import { PUBLIC_URL_SETTING } from '../db/settings.js';
import { GENERATED_KEY } from '../notify/links.js';
import { PLANNER_SETTINGS } from '../notify/plan.js';

/** SQLite-only tables: the FTS5 search table, its shadow tables and its key map (pg_trgm on PostgreSQL). */
const SQLITE_ONLY = /^event_search(_|$)/;
/** The migration ledger: each database keeps its own, written by the runner that migrated it. */
const LEDGER = 'd1_migrations';
/**
 * Filled by triggers on the target as rows arrive; emptied and copied last, so the target plans
 * exactly what the source still had queued (planning is idempotent either way).
 */
const PLAN_QUEUE = 'plan_queue';
/**
 * The target numbers its own changes (migration 0016, ADR 141): its triggers fill change_counter
 * and events.change_no as rows arrive, so the source's counter is not copied.
 */
const CHANGE_COUNTER = 'change_counter';
/**
 * Tables a server fills by itself, with no one adding anything to its calendar: when it starts
 * (its warm-up's pages, its index and fragment upkeep, its first reminder pass), on anyone's GET (a
 * feed, a subscribe page) and on a sign-in attempt, which needs no account. Each is derived from
 * the calendar's own rows or is the server's bookkeeping, so rows in them do not make a target
 * "used" (issue 14, ADR 298): the target's are deleted in the copy's transaction and the source's,
 * which belong to the calendar being copied, arrive in their place.
 */
const SERVER_WRITES: Readonly<Record<string, string>> = {
  event_occurrences: 'the occurrence index, derived from events',
  feed_fragments: "each event's kept VEVENT text, derived from events",
  feed_state: "when a feed's settings last changed, written by the first feed request",
  feed_filter_sets: 'short feed addresses, named by a digest of their filters, written by a subscribe page',
  login_attempts: "a day's sign-in attempts for the sign-in limits, written with or without an account",
  [PLAN_QUEUE]: 'events waiting to be planned, filled by triggers',
};
/**
 * The settings a server writes by itself: the address it records at start, how far its reminder
 * passes have planned, and the link-signing key generated (when SECRET_KEY is unset) by the first
 * e-mail link anyone opens. The source's replace them: its `plan_until` says how far the copied
 * reminders are planned, its key signed the links already in people's mailboxes, and the next start
 * records its own address. Any other row (a confirmation throttle: someone subscribed) is data.
 */
const SETTINGS = 'notify_settings';
const SERVER_SETTINGS: readonly string[] = [PUBLIC_URL_SETTING, ...PLANNER_SETTINGS, GENERATED_KEY];
/** PostgreSQL's limit is 65,535 bound parameters per statement; stay well below it. */
const PARAMETERS_PER_STATEMENT = 30_000;
const MAX_ROWS_PER_STATEMENT = 1_000;

export interface TableCount {
  table: string;
  source: number;
  target: number;
  /** Rows a server on the target had written by itself (SERVER_WRITES, SERVER_SETTINGS), deleted before the copy. */
  cleared: number;
}

interface TablePlan {
  name: string;
  columns: string[];
  /** The primary key's columns (SQLite's table_info), which name a row in a refusal; none: its number. */
  key: string[];
  /** Columns referring to the same table (events.parent_id): written after every row is in. */
  selfReferences: string[];
}

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** The tables to copy, parents before children (foreign keys), plan_queue last. */
function planTables(sqlite: BetterSqlite3.Database, targetTables: Set<string>): TablePlan[] {
  const names = (
    sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]
  )
    .map((r) => r.name)
    .filter((n) => n !== LEDGER && n !== CHANGE_COUNTER && !SQLITE_ONLY.test(n))
    .sort();
  const missing = names.filter((n) => !targetTables.has(n));
  if (missing.length) throw new Error(`the target has no table ${missing.join(', ')}: are both databases at the same version?`);
  const plans = new Map<string, TablePlan & { parents: Set<string> }>();
  for (const name of names) {
    const info = sqlite.pragma(`table_info(${quote(name)})`) as { name: string; pk: number }[];
    const columns = info.map((c) => c.name);
    const key = info
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name);
    const keys = sqlite.pragma(`foreign_key_list(${quote(name)})`) as { table: string; from: string }[];
    plans.set(name, {
      name,
      columns,
      key,
      selfReferences: keys.filter((k) => k.table === name).map((k) => k.from),
      parents: new Set(keys.filter((k) => k.table !== name).map((k) => k.table)),
    });
  }
  const ordered: TablePlan[] = [];
  const placed = new Set<string>();
  const place = (name: string, path: string[]) => {
    if (placed.has(name)) return;
    if (path.includes(name)) throw new Error(`foreign keys form a cycle: ${[...path, name].join(' → ')}`);
    const plan = plans.get(name)!;
    for (const parent of plan.parents) if (plans.has(parent)) place(parent, [...path, name]);
    placed.add(name);
    ordered.push({ name: plan.name, columns: plan.columns, key: plan.key, selfReferences: plan.selfReferences });
  };
  for (const name of names) if (name !== PLAN_QUEUE) place(name, []);
  if (plans.has(PLAN_QUEUE)) place(PLAN_QUEUE, []);
  return ordered;
}

async function insertRows(client: pg.PoolClient, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  if (!rows.length) return;
  const params: unknown[] = [];
  const tuples = rows.map((row) => `(${row.map((value) => `$${params.push(value)}`).join(', ')})`);
  await client.query(`INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES ${tuples.join(', ')}`, params);
}

/** Sets self-referencing columns (events.parent_id, events.split_from) once every row exists. */
async function linkRows(client: pg.PoolClient, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  if (!rows.length) return;
  const params: unknown[] = [];
  const tuples = rows.map((row) => `(${row.map((value) => `$${params.push(value)}::text`).join(', ')})`);
  const names = ['id', ...columns];
  await client.query(
    `UPDATE ${quote(table)} SET ${columns.map((c) => `${quote(c)} = v.${quote(c)}`).join(', ')}
     FROM (VALUES ${tuples.join(', ')}) AS v (${names.map(quote).join(', ')}) WHERE ${quote(table)}.id = v.id`,
    params,
  );
}

/**
 * Why a copy stopped at a NUL (U+0000): PostgreSQL refuses it in text (SQLSTATE 22021), SQLite
 * stores it, and the driver's error names neither the table nor the row (issue 14).
 */
function nulInRow(table: string, column: string, row: string): string {
  return (
    `${table}.${column} of row ${row} holds a NUL character (U+0000), which PostgreSQL cannot store in text, so nothing was copied: ` +
    `remove it in the SQLite database (for example with replace(${column}, char(0), '')) and copy again`
  );
}

/** How a refusal names a row: its id, else its primary key's columns and values, else its number in the table. */
function rowKey(plan: TablePlan, row: unknown[], number: number): string {
  if (plan.key.length === 1 && plan.key[0] === 'id') return String(row[plan.columns.indexOf('id')]);
  if (!plan.key.length) return `number ${number}`;
  return `(${plan.key.map((c) => `${c} ${JSON.stringify(row[plan.columns.indexOf(c)])}`).join(', ')})`;
}

/** A row and how a refusal names it. */
interface KeyedRow {
  values: unknown[];
  key: string;
}

/** An error from PostgreSQL (pg's DatabaseError), with the fields its ErrorResponse carries. */
interface ServerError {
  code: string;
  message: string;
  detail?: string;
  column?: string;
  constraint?: string;
}

const isServerError = (error: unknown): error is ServerError => {
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
};

/**
 * The column of `row` the target refused, or null: the one the server names (not-null), the first
 * of a key it quotes ("Key (group_id)=(…) is not present in table …": foreign key, unique), else, for
 * a value the column's type cannot hold (SQLSTATE class 22: text in an integer column, a number out
 * of range, text longer than a varchar), the first value that PostgreSQL will not turn into its
 * column's type, each tried alone under a savepoint.
 */
async function refusedColumn(
  client: pg.PoolClient,
  table: string,
  columns: string[],
  row: unknown[],
  error: ServerError,
): Promise<string | null> {
  if (error.column) return error.column;
  const quoted = /^Key \(([^,)]+)/.exec(error.detail ?? '');
  if (quoted) return quoted[1]!.replace(/^"|"$/g, '');
  if (!error.code.startsWith('22')) return null;
  const types = new Map(
    (
      await client.query<{ name: string; type: string; max: number | null }>(
        `SELECT column_name AS name, udt_name AS type, character_maximum_length AS max
           FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`,
        [table],
      )
    ).rows.map((c) => [c.name, c]),
  );
  for (const [i, column] of columns.entries()) {
    const value = row[i];
    const type = types.get(column);
    if (value === null || value === undefined || !type) continue;
    if (type.max !== null) {
      if ([...String(value)].length > type.max) return column;
      continue;
    }
    await client.query('SAVEPOINT copy_value');
    try {
      await client.query(`SELECT $1::text::${quote(type.type)}`, [value]);
      await client.query('RELEASE SAVEPOINT copy_value');
    } catch {
      await client.query('ROLLBACK TO SAVEPOINT copy_value');
      return column;
    }
  }
  return null;
}

/**
 * Runs `write` for `rows` (one statement) so that a refusal names its row: under a savepoint; if
 * the target refuses the statement, it is undone and the rows are written one at a time until one
 * is refused, which is reported by table, column (when it can be found) and key, with PostgreSQL's
 * own reason. The error stops the copy, whose transaction is then rolled back: nothing is kept.
 * `columns` are the names of each row's values, in order.
 */
async function writeNamingRefusals(
  client: pg.PoolClient,
  table: string,
  columns: string[],
  rows: KeyedRow[],
  write: (values: unknown[][]) => Promise<void>,
): Promise<void> {
  if (!rows.length) return;
  await client.query('SAVEPOINT copy_rows');
  try {
    await write(rows.map((r) => r.values));
    await client.query('RELEASE SAVEPOINT copy_rows');
    return;
  } catch (error) {
    if (!isServerError(error)) throw error;
    await client.query('ROLLBACK TO SAVEPOINT copy_rows');
    for (const row of rows) {
      await client.query('SAVEPOINT copy_row');
      try {
        await write([row.values]);
        await client.query('RELEASE SAVEPOINT copy_row');
      } catch (refusal) {
        if (!isServerError(refusal)) throw refusal;
        await client.query('ROLLBACK TO SAVEPOINT copy_row');
        const column = await refusedColumn(client, table, columns, row.values, refusal);
        const reason = [refusal.message, refusal.detail].filter(Boolean).join('; ');
        throw new Error(
          `${column ? `${table}.${column} of row` : `row of ${table}`} ${row.key} was refused by PostgreSQL (${reason}; SQLSTATE ${refusal.code}), ` +
            `so nothing was copied: correct or remove that row in the SQLite database and copy again`,
          { cause: refusal },
        );
      }
    }
    // Each row went in alone but not together (two rows of the statement clash): PostgreSQL's reason, with the table.
    throw new Error(`${table} was refused by PostgreSQL (${error.message}), so nothing was copied`, { cause: error });
  }
}

/**
 * Copies every table of `sqlite` into the PostgreSQL database of `pool`, which must be migrated
 * and empty but for what a server writes by itself (SERVER_WRITES, SERVER_SETTINGS: deleted in the
 * copy's transaction, then the source's copied); throws (and writes nothing) otherwise, when the
 * target refuses a row, or when the counts differ at the end. Reads the source in one read
 * transaction, so a server writing meanwhile cannot tear the copy. `progress` gets a line per
 * table and per 10,000 rows. Returns each table's counts. A text value holding NUL stops the copy
 * before it is sent, and any other row the target refuses stops it, each naming its table, column
 * and row (id, else primary key, else its number).
 */
export async function copySqliteToPostgres(
  sqlite: BetterSqlite3.Database,
  pool: pg.Pool,
  progress: (line: string) => void = () => {},
): Promise<TableCount[]> {
  const client = await pool.connect();
  let reading = false;
  try {
    const targetTables = new Set(
      (
        await client.query<{ name: string }>(
          'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()',
        )
      ).rows.map((r) => r.name),
    );
    const tables = planTables(sqlite, targetTables);
    const filled: string[] = [];
    for (const t of tables) {
      // What a server writes by itself may be there already; anything else is someone's data.
      if (SERVER_WRITES[t.name]) continue;
      const others = t.name === SETTINGS ? ' WHERE name <> ALL($1)' : '';
      const counted = await client.query<{ n: number }>(
        `SELECT count(*) AS n FROM ${quote(t.name)}${others}`,
        others ? [SERVER_SETTINGS] : [],
      );
      const n = Number(counted.rows[0]!.n);
      if (n) filled.push(`${t.name} has ${n} row${n === 1 ? '' : 's'}${others ? ' besides the settings a server writes by itself' : ''}`);
    }
    if (filled.length) {
      throw new Error(
        `the target database is not empty (${filled.slice(0, 3).join(', ')}${filled.length > 3 ? ` and ${filled.length - 3} more tables have rows` : ''}), ` +
          `so nothing was copied. db copy fills a new database: ` +
          `create one as README's PostgreSQL section says and copy into it before starting a server on it with DEMO_DATA on ` +
          `(a server started with DEMO_DATA=false writes only caches and settings that db copy replaces)`,
      );
    }

    sqlite.exec('BEGIN');
    reading = true;
    await client.query('BEGIN');
    const counts: TableCount[] = [];
    for (const t of tables) {
      let cleared = 0;
      if (SERVER_WRITES[t.name] || t.name === SETTINGS) {
        const only = t.name === SETTINGS ? ' WHERE name = ANY($1)' : '';
        cleared = (await client.query(`DELETE FROM ${quote(t.name)}${only}`, only ? [SERVER_SETTINGS] : [])).rowCount ?? 0;
        if (cleared) progress(`deleted the target's own ${t.name} (${cleared} row${cleared === 1 ? '' : 's'}) to copy the calendar's`);
      }
      const total = (sqlite.prepare(`SELECT count(*) AS n FROM ${quote(t.name)}`).get() as { n: number }).n;
      const perStatement = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(PARAMETERS_PER_STATEMENT / t.columns.length)));
      const selfColumns = t.selfReferences.map((c) => t.columns.indexOf(c));
      const links: KeyedRow[] = [];
      let chunk: KeyedRow[] = [];
      let copied = 0;
      const flush = async () => {
        await writeNamingRefusals(client, t.name, t.columns, chunk, (rows) => insertRows(client, t.name, t.columns, rows));
        copied += chunk.length;
        if (Math.floor(copied / 10_000) > Math.floor((copied - chunk.length) / 10_000)) progress(`  ${t.name}: ${copied} of ${total} rows`);
        chunk = [];
      };
      const select = sqlite.prepare(`SELECT ${t.columns.map(quote).join(', ')} FROM ${quote(t.name)}`).raw(true);
      let read = 0;
      for (const row of select.iterate() as Iterable<unknown[]>) {
        read++;
        const key = rowKey(t, row, read);
        const nul = row.findIndex((value) => typeof value === 'string' && value.includes('\u0000'));
        if (nul >= 0) throw new Error(nulInRow(t.name, t.columns[nul]!, key));
        if (selfColumns.length && selfColumns.some((i) => row[i] !== null)) {
          links.push({ values: [row[t.columns.indexOf('id')], ...selfColumns.map((i) => row[i])], key });
          for (const i of selfColumns) row[i] = null;
        }
        chunk.push({ values: row, key });
        if (chunk.length >= perStatement) await flush();
      }
      await flush();
      for (let i = 0; i < links.length; i += MAX_ROWS_PER_STATEMENT) {
        await writeNamingRefusals(client, t.name, ['id', ...t.selfReferences], links.slice(i, i + MAX_ROWS_PER_STATEMENT), (rows) =>
          linkRows(client, t.name, t.selfReferences, rows),
        );
      }
      const target = Number((await client.query<{ n: number }>(`SELECT count(*) AS n FROM ${quote(t.name)}`)).rows[0]!.n);
      counts.push({ table: t.name, source: total, target, cleared });
      progress(`copied ${t.name}: ${target} row${target === 1 ? '' : 's'}`);
    }
    const wrong = counts.filter((c) => c.source !== c.target);
    if (wrong.length) {
      throw new Error(
        `row counts differ after copying, nothing was kept: ${wrong.map((c) => `${c.table} ${c.source} → ${c.target}`).join(', ')}`,
      );
    }
    await client.query('COMMIT');
    return counts;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    if (reading) sqlite.exec('COMMIT');
    client.release();
  }
}
