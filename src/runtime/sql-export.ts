/**
 * @module Writes as a SQL script, for databases the CLI cannot open: D1 lives in Cloudflare, so
 * `cli -- token create … --sql file` runs the real repository code against a scratch SQLite
 * database, keeps every statement it wrote, and renders them for `wrangler d1 execute --file`.
 */
import type { CompiledQuery } from 'kysely';
import type { Store } from '../db/store.js';

export interface RecordingStore extends Store {
  /** Every statement of every committed batch, in order. */
  readonly statements: CompiledQuery[];
}

/**
 * A Store that writes through `inner` (a SQLite Store, so later reads see the rows) and remembers
 * what it wrote, for D1. It says it is D1, so the repositories build D1-shaped statements (at most
 * 100 bound parameters each, src/db/dialect.ts), which SQLite runs just the same: the multi-row
 * VALUES that SQLite alone takes would not replay on D1.
 */
export function recordingStore(inner: Store): RecordingStore {
  const statements: CompiledQuery[] = [];
  return {
    db: inner.db,
    dialect: 'd1',
    statements,
    async batch(batch) {
      await inner.batch(batch);
      statements.push(...batch);
    },
  };
}

/** A SQL literal as SQLite reads it. */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number' || typeof value === 'bigint') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`cannot write ${value} as SQL`);
    return String(value);
  }
  if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
  throw new Error(`cannot write a ${typeof value} as a SQL literal`);
}

/** Replaces each `?` placeholder outside quotes with its parameter. */
export function inlineParameters(query: CompiledQuery): string {
  const { sql, parameters } = query;
  let out = '';
  let next = 0;
  let quote: string | null = null;
  for (const char of sql) {
    if (quote) {
      if (char === quote) quote = null;
      out += char;
    } else if (char === "'" || char === '"' || char === '`') {
      quote = char;
      out += char;
    } else if (char === '?') {
      if (next >= parameters.length) throw new Error(`more placeholders than parameters in: ${sql}`);
      out += sqlLiteral(parameters[next++]);
    } else {
      out += char;
    }
  }
  if (next !== parameters.length) throw new Error(`${parameters.length - next} unused parameters in: ${sql}`);
  return out;
}

export function toSqlScript(statements: readonly CompiledQuery[], comment: string): string {
  const header = comment
    .split('\n')
    .map((line) => `-- ${line}`)
    .join('\n');
  return `${header}\n${statements.map((s) => `${inlineParameters(s)};`).join('\n')}\n`;
}
