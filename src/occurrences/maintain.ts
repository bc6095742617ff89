/**
 * @module Keeping the occurrence index current as time passes, a little at a time: the scheduler
 * calls `maintainIndex` every minute (before the reminder pass), and on Node it also runs at start
 * until nothing is left. Three jobs, each finding its work through an index and each guarded by the
 * event's SEQUENCE, so an edit made meanwhile is never overwritten with stale rows:
 *  - index events that have no rows from the current rules (written before the index existed, or
 *    before INDEX_VERSION was raised);
 *  - roll series forward: a series' rows reach 5 years and 60 days ahead of when it was last
 *    written; once they reach less than 5 years ahead, the next 60 days are added;
 *  - trim series behind: rows that ended more than 2 years (and 60 days) ago are deleted.
 */
import type { CompiledQuery } from 'kysely';
import { DateTime } from 'luxon';
import { getEvents } from '../db/events.js';
import type { Store } from '../db/store.js';
import type { CalendarEvent } from '../domain/event.js';
import { utcIso } from '../domain/time.js';
import { yieldToEventLoop } from '../feeds/build.js';
import {
  ALWAYS_FROM,
  HORIZON_AHEAD_YEARS,
  HORIZON_BACK_YEARS,
  HORIZON_SLACK_DAYS,
  indexBounds,
  indexRange,
  occurrenceRows,
} from './rows.js';
import { INDEX_VERSION } from './version.js';
import { indexEventStatements, insertRowsStatements, stillAtSequence } from './write.js';

export interface MaintenanceReport {
  indexed: number;
  rolled: number;
  trimmed: number;
  /** True when work is left for the next call. */
  more: boolean;
}

export interface MaintenanceOptions {
  /** Events handled per call, across the three jobs. */
  maxEvents: number;
  /** Stop after this much time (ms) even if events are left. */
  timeBudgetMs: number;
}

export const DEFAULT_MAINTENANCE: MaintenanceOptions = { maxEvents: 500, timeBudgetMs: 2_000 };

/** Events handled between two yields to the event loop (a daily series' 2,600 rows take a few ms). */
const PER_YIELD = 1;

/** The next stretch of a series' rows, added to those it has, only if nobody changed it meanwhile. */
function rollStatements(store: Store, event: CalendarEvent, indexedUntil: string, now: Date): CompiledQuery[] {
  const range = indexRange(now, event.timezone);
  // From a day before where the rows end (an occurrence running across the edge is kept once).
  const from = DateTime.fromISO(indexedUntil, { zone: 'UTC' }).minus({ days: 1 });
  const rows = occurrenceRows(event, { from, until: range.until });
  const bounds = indexBounds(event, range, rows);
  return [
    ...insertRowsStatements(store, rows, { guardSequence: event.sequence }),
    store.db
      .updateTable('events')
      .set({ indexed_until: bounds.indexed_until, last_end: bounds.last_end })
      .where('id', '=', event.id)
      .where(stillAtSequence(event.id, event.sequence))
      .compile(),
  ];
}

/**
 * Does up to `opts.maxEvents` events' worth of index upkeep at `now`, yielding to the event loop
 * between events. Safe to run from several processes at once (each statement checks the event's
 * SEQUENCE; inserts ignore rows already there).
 */
export async function maintainIndex(store: Store, now: Date, opts: MaintenanceOptions = DEFAULT_MAINTENANCE): Promise<MaintenanceReport> {
  const report: MaintenanceReport = { indexed: 0, rolled: 0, trimmed: 0, more: false };
  const startedAt = Date.now();
  const budgetLeft = () => opts.maxEvents - report.indexed - report.rolled - report.trimmed;
  const outOfTime = () => Date.now() - startedAt > opts.timeBudgetMs;
  const today = DateTime.fromJSDate(now, { zone: 'Europe/London' }).startOf('day');

  // 1. Events without rows from the current rules.
  const stale = await store.db
    .selectFrom('events')
    .select('id')
    .where((eb) =>
      eb.or([eb('index_version', 'is', null), eb('index_version', '<', INDEX_VERSION), eb('index_version', '>', INDEX_VERSION)]),
    )
    .limit(Math.max(0, budgetLeft()) + 1)
    .execute();
  if (stale.length > budgetLeft()) report.more = true;
  const toIndex = await getEvents(
    store,
    stale.slice(0, budgetLeft()).map((r) => r.id),
  );
  for (const event of toIndex) {
    if (outOfTime()) return { ...report, more: true };
    await store.batch(indexEventStatements(store, event, now, { guardSequence: event.sequence }));
    report.indexed++;
    if (report.indexed % PER_YIELD === 0) await yieldToEventLoop();
  }

  // 2. Series whose rows end less than HORIZON_AHEAD_YEARS ahead.
  const rollBefore = utcIso(today.plus({ years: HORIZON_AHEAD_YEARS }));
  const rolling = await store.db
    .selectFrom('events')
    .select(['id', 'indexed_until'])
    .where('indexed_until', '<', rollBefore)
    .where('index_version', '=', INDEX_VERSION)
    .orderBy('indexed_until')
    .limit(Math.max(0, budgetLeft()) + 1)
    .execute();
  if (rolling.length > budgetLeft()) report.more = true;
  const untilOf = new Map(rolling.map((r) => [r.id, r.indexed_until!]));
  for (const event of await getEvents(
    store,
    rolling.slice(0, budgetLeft()).map((r) => r.id),
  )) {
    if (outOfTime()) return { ...report, more: true };
    await store.batch(rollStatements(store, event, untilOf.get(event.id)!, now));
    report.rolled++;
    if (report.rolled % PER_YIELD === 0) await yieldToEventLoop();
  }

  // 3. Series whose rows start more than HORIZON_BACK_YEARS (and the slack) behind.
  const keepFrom = utcIso(today.minus({ years: HORIZON_BACK_YEARS }));
  const trimBefore = utcIso(today.minus({ years: HORIZON_BACK_YEARS, days: HORIZON_SLACK_DAYS }));
  const trimming = await store.db
    .selectFrom('events')
    .select(['id', 'sequence'])
    // A range that leaves out ALWAYS_FROM (every one-off event and complete series).
    .where('indexed_from', '>', ALWAYS_FROM)
    .where('indexed_from', '<', trimBefore)
    .where('index_version', '=', INDEX_VERSION)
    .limit(Math.max(0, budgetLeft()) + 1)
    .execute();
  if (trimming.length > budgetLeft()) report.more = true;
  for (const row of trimming.slice(0, budgetLeft())) {
    if (outOfTime()) return { ...report, more: true };
    await store.batch([
      store.db
        .deleteFrom('event_occurrences')
        .where('event_id', '=', row.id)
        .where('end_at', '<', keepFrom)
        .where(stillAtSequence(row.id, row.sequence))
        .compile(),
      store.db
        .updateTable('events')
        .set({ indexed_from: keepFrom })
        .where('id', '=', row.id)
        .where(stillAtSequence(row.id, row.sequence))
        .compile(),
    ]);
    report.trimmed++;
    if (report.trimmed % PER_YIELD === 0) await yieldToEventLoop();
  }
  return report;
}

/** Runs maintenance until nothing is left (at start on Node), yielding between rounds. */
export async function maintainIndexFully(store: Store, now: () => Date, log?: (line: string) => void): Promise<void> {
  let total = { indexed: 0, rolled: 0, trimmed: 0 };
  for (;;) {
    const r = await maintainIndex(store, now());
    total = { indexed: total.indexed + r.indexed, rolled: total.rolled + r.rolled, trimmed: total.trimmed + r.trimmed };
    if (!r.more) break;
    await yieldToEventLoop();
  }
  if (log && total.indexed + total.rolled + total.trimmed > 0) {
    log(`occurrence index: ${total.indexed} events indexed, ${total.rolled} series rolled forward, ${total.trimmed} trimmed`);
  }
}
