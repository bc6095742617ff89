/**
 * @module Moving a calendar from its SQLite file to PostgreSQL (`npm run cli -- db copy --to
 * postgres://…`): every table, in one transaction on the target, read from one snapshot of the
 * source, verified by per-table row counts before the transaction commits. The target must be
 * freshly migrated (empty), or hold only what a server started on it with an empty calendar
 * writes by itself (ADR 292); the source is migrated to the same version first by the CLI.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import { PUBLIC_URL_SETTING } from '../db/settings.js';
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
 * The settings a server started on an empty database (`DEMO_DATA=false npm start`) writes by
 * itself: the address it records at start and, from its first reminder pass, how far the planner
 * has planned. A target holding only these is still new: they are replaced by the source's, which
 * belong to the calendar being copied (its planned reminders, its last recorded address; the next
 * start records its own). Any other row, in this table or another, is someone's data (ADR 292).
 */
const SETTINGS = 'notify_settings';
const BARE_START_SETTINGS: readonly string[] = [PUBLIC_URL_SETTING, ...PLANNER_SETTINGS];
/** PostgreSQL's limit is 65,535 bound parameters per statement; stay well below it. */
const PARAMETERS_PER_STATEMENT = 30_000;
const MAX_ROWS_PER_STATEMENT = 1_000;

export interface TableCount {
  table: string;
  source: number;
  target: number;
}

interface TablePlan {
  name: string;
  columns: string[];
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
    const columns = (sqlite.pragma(`table_info(${quote(name)})`) as { name: string }[]).map((c) => c.name);
    const keys = sqlite.pragma(`foreign_key_list(${quote(name)})`) as { table: string; from: string }[];
    plans.set(name, {
      name,
      columns,
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
    ordered.push({ name: plan.name, columns: plan.columns, selfReferences: plan.selfReferences });
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

/**
 * Copies every table of `sqlite` into the PostgreSQL database of `pool`, which must be migrated
 * and empty but for BARE_START_SETTINGS; throws (and writes nothing) otherwise, or when the counts differ at the end. Reads
 * the source in one read transaction, so a server writing meanwhile cannot tear the copy.
 * `progress` gets a line per table and per 10,000 rows. Returns each table's counts. A text value
 * holding NUL stops the copy before it is sent, naming its table, column and row (id, else its number).
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
      // Only the settings a bare start writes may be there already; anything else is someone's data.
      const others = t.name === SETTINGS ? ' WHERE name <> ALL($1)' : '';
      const counted = await client.query<{ n: number }>(
        `SELECT count(*) AS n FROM ${quote(t.name)}${others}`,
        others ? [BARE_START_SETTINGS] : [],
      );
      const n = Number(counted.rows[0]!.n);
      if (n)
        filled.push(`${t.name} has ${n} row${n === 1 ? '' : 's'}${others ? ' besides the settings a server writes when it starts' : ''}`);
    }
    if (filled.length) {
      throw new Error(
        `the target database is not empty (${filled.slice(0, 3).join(', ')}${filled.length > 3 ? ` and ${filled.length - 3} more tables have rows` : ''}), ` +
          `so nothing was copied. db copy fills a new database: ` +
          `create one as README's PostgreSQL section says and copy into it before starting a server on it with DEMO_DATA on ` +
          `(a server started with DEMO_DATA=false writes only settings that db copy replaces)`,
      );
    }

    sqlite.exec('BEGIN');
    reading = true;
    await client.query('BEGIN');
    const counts: TableCount[] = [];
    for (const t of tables) {
      if (t.name === PLAN_QUEUE) await client.query(`DELETE FROM ${quote(PLAN_QUEUE)}`);
      if (t.name === SETTINGS) {
        const replaced = await client.query<{ name: string }>(`DELETE FROM ${quote(SETTINGS)} RETURNING name`);
        if (replaced.rows.length)
          progress(`replaced the target's own settings (${replaced.rows.map((r) => r.name).join(', ')}) by the calendar's`);
      }
      const total = (sqlite.prepare(`SELECT count(*) AS n FROM ${quote(t.name)}`).get() as { n: number }).n;
      const perStatement = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(PARAMETERS_PER_STATEMENT / t.columns.length)));
      const selfColumns = t.selfReferences.map((c) => t.columns.indexOf(c));
      const links: unknown[][] = [];
      let chunk: unknown[][] = [];
      let copied = 0;
      const flush = async () => {
        await insertRows(client, t.name, t.columns, chunk);
        copied += chunk.length;
        if (Math.floor(copied / 10_000) > Math.floor((copied - chunk.length) / 10_000)) progress(`  ${t.name}: ${copied} of ${total} rows`);
        chunk = [];
      };
      const select = sqlite.prepare(`SELECT ${t.columns.map(quote).join(', ')} FROM ${quote(t.name)}`).raw(true);
      const idColumn = t.columns.indexOf('id');
      let read = 0;
      for (const row of select.iterate() as Iterable<unknown[]>) {
        read++;
        const nul = row.findIndex((value) => typeof value === 'string' && value.includes('\u0000'));
        if (nul >= 0) throw new Error(nulInRow(t.name, t.columns[nul]!, idColumn >= 0 ? String(row[idColumn]) : `number ${read}`));
        if (selfColumns.length && selfColumns.some((i) => row[i] !== null)) {
          links.push([row[t.columns.indexOf('id')], ...selfColumns.map((i) => row[i])]);
          for (const i of selfColumns) row[i] = null;
        }
        chunk.push(row);
        if (chunk.length >= perStatement) await flush();
      }
      await flush();
      for (let i = 0; i < links.length; i += MAX_ROWS_PER_STATEMENT) {
        await linkRows(client, t.name, t.selfReferences, links.slice(i, i + MAX_ROWS_PER_STATEMENT));
      }
      const target = Number((await client.query<{ n: number }>(`SELECT count(*) AS n FROM ${quote(t.name)}`)).rows[0]!.n);
      counts.push({ table: t.name, source: total, target });
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
