/**
 * @module Storage of the import capability: where events came from (event_origins), imports
 * between preview and application (calendar_imports), synced feeds and their runs. Portable SQL
 * through Kysely; long IN lists are chunked for D1's 100-parameter limit.
 */
import type { CompiledQuery } from 'kysely';
import type { Store } from '../db/store.js';
import type { CalendarImportsTable, SyncedFeedsTable, SyncRunsTable } from '../db/schema.js';
import type { ImportChoices } from './choices.js';
import { statementChunks } from '../db/dialect.js';

export interface Origin {
  eventId: string;
  uid: string;
  sequence: number;
  modified: string | null;
}

/** The origins of `source`, all of them or those with the given UIDs. */
export async function originsOf(store: Store, source: string, uids: string[] | null): Promise<Origin[]> {
  const rows: Origin[] = [];
  const read = (chunk: string[] | null) => {
    let q = store.db
      .selectFrom('event_origins')
      .select(['event_id as eventId', 'uid', 'sequence', 'modified'])
      .where('source', '=', source);
    if (chunk) q = q.where('uid', 'in', chunk);
    return q.execute();
  };
  if (!uids) return read(null);
  for (const part of statementChunks(uids)) rows.push(...(await read(part)));
  return rows;
}

/** Records (insert) or refreshes (update) where an event came from and what was last applied. */
export function originStatement(
  store: Store,
  o: { eventId: string; source: string; uid: string; sequence: number; modified: string | null; now: string },
  mode: 'insert' | 'update',
): CompiledQuery {
  if (mode === 'insert') {
    return store.db
      .insertInto('event_origins')
      .values({
        event_id: o.eventId,
        source: o.source,
        uid: o.uid,
        sequence: o.sequence,
        modified: o.modified,
        created_at: o.now,
        updated_at: o.now,
      })
      .compile();
  }
  return store.db
    .updateTable('event_origins')
    .set({ sequence: o.sequence, modified: o.modified, updated_at: o.now })
    .where('event_id', '=', o.eventId)
    .compile();
}

/** Where one event came from, for its pages and the CSV export. */
export async function originOfEvent(store: Store, eventId: string): Promise<{ source: string; uid: string } | null> {
  return (await store.db.selectFrom('event_origins').select(['source', 'uid']).where('event_id', '=', eventId).executeTakeFirst()) ?? null;
}

// --- Imports between preview and application -------------------------------------------------

export interface PendingImport {
  id: string;
  sourceKind: 'file' | 'url';
  sourceLabel: string;
  content: string;
  choices: ImportChoices;
  createdBy: string;
  createdAt: string;
  appliedAt: string | null;
  outcome: Record<string, number> | null;
}

function importFromRow(row: CalendarImportsTable): PendingImport {
  return {
    id: row.id,
    sourceKind: row.source_kind as 'file' | 'url',
    sourceLabel: row.source_label,
    content: row.content,
    choices: JSON.parse(row.choices) as ImportChoices,
    createdBy: row.created_by,
    createdAt: row.created_at,
    appliedAt: row.applied_at,
    outcome: row.outcome ? (JSON.parse(row.outcome) as Record<string, number>) : null,
  };
}

/** Keeps an upload for its preview; unapplied imports older than a week go at the same time. */
export function saveImportStatements(
  store: Store,
  input: {
    id: string;
    sourceKind: 'file' | 'url';
    sourceLabel: string;
    content: string;
    choices: ImportChoices;
    actor: string;
    now: string;
  },
  weekAgo: string,
): CompiledQuery[] {
  return [
    store.db.deleteFrom('calendar_imports').where('applied_at', 'is', null).where('created_at', '<', weekAgo).compile(),
    store.db
      .insertInto('calendar_imports')
      .values({
        id: input.id,
        source_kind: input.sourceKind,
        source_label: input.sourceLabel,
        content: input.content,
        choices: JSON.stringify(input.choices),
        created_by: input.actor,
        created_at: input.now,
        applied_at: null,
        applied_by: null,
        outcome: null,
      })
      .compile(),
  ];
}

export async function getImport(store: Store, id: string): Promise<PendingImport | null> {
  const row = await store.db.selectFrom('calendar_imports').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? importFromRow(row) : null;
}

/**
 * Marks an import applied, once: the WHERE makes a second apply (a double click, two tabs) change
 * nothing, and the text is dropped now that it is in the calendar.
 */
export function markImportAppliedStatement(
  store: Store,
  id: string,
  actor: string,
  now: string,
  outcome: Record<string, number>,
): CompiledQuery {
  return store.db
    .updateTable('calendar_imports')
    .set({ applied_at: now, applied_by: actor, outcome: JSON.stringify(outcome), content: '' })
    .where('id', '=', id)
    .where('applied_at', 'is', null)
    .compile();
}

// --- Synced feeds ---------------------------------------------------------------------------------

export interface SyncedFeed {
  id: string;
  url: string;
  label: string;
  choices: ImportChoices;
  intervalMinutes: number;
  etag: string | null;
  lastModified: string | null;
  nextRunAt: string;
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  failures: number;
  createdBy: string;
  createdAt: string;
}

export function syncedFeedFromRow(row: SyncedFeedsTable): SyncedFeed {
  return {
    id: row.id,
    url: row.url,
    label: row.label,
    choices: JSON.parse(row.choices) as ImportChoices,
    intervalMinutes: row.interval_minutes,
    etag: row.etag,
    lastModified: row.last_modified,
    nextRunAt: row.next_run_at,
    lastRunAt: row.last_run_at,
    lastSuccessAt: row.last_success_at,
    lastError: row.last_error,
    failures: row.failures,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export async function listSyncedFeeds(store: Store): Promise<SyncedFeed[]> {
  return (await store.db.selectFrom('synced_feeds').selectAll().orderBy('label').orderBy('id').execute()).map(syncedFeedFromRow);
}

export async function getSyncedFeed(store: Store, id: string): Promise<SyncedFeed | null> {
  const row = await store.db.selectFrom('synced_feeds').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? syncedFeedFromRow(row) : null;
}

/** Synced feeds whose last run failed, for the organisers' dashboard. */
export async function failingSyncedFeeds(store: Store): Promise<SyncedFeed[]> {
  return (await store.db.selectFrom('synced_feeds').selectAll().where('failures', '>', 0).orderBy('label').execute()).map(
    syncedFeedFromRow,
  );
}

export interface SyncRun {
  id: string;
  feedId: string;
  startedAt: string;
  finishedAt: string;
  outcome: 'changed' | 'unchanged' | 'not-modified' | 'failed';
  httpStatus: number | null;
  created: number;
  updated: number;
  cancelled: number;
  unchanged: number;
  skipped: number;
  problems: string[];
  error: string | null;
}

function runFromRow(row: SyncRunsTable): SyncRun {
  return {
    id: row.id,
    feedId: row.feed_id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    outcome: row.outcome as SyncRun['outcome'],
    httpStatus: row.http_status,
    created: row.created,
    updated: row.updated,
    cancelled: row.cancelled,
    unchanged: row.unchanged,
    skipped: row.skipped,
    problems: JSON.parse(row.problems) as string[],
    error: row.error,
  };
}

/** The latest runs of a feed, newest first. */
export async function listSyncRuns(store: Store, feedId: string, limit = 20): Promise<SyncRun[]> {
  return (
    await store.db
      .selectFrom('sync_runs')
      .selectAll()
      .where('feed_id', '=', feedId)
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute()
  ).map(runFromRow);
}

export function syncRunStatement(store: Store, run: SyncRun): CompiledQuery {
  return store.db
    .insertInto('sync_runs')
    .values({
      id: run.id,
      feed_id: run.feedId,
      started_at: run.startedAt,
      finished_at: run.finishedAt,
      outcome: run.outcome,
      http_status: run.httpStatus,
      created: run.created,
      updated: run.updated,
      cancelled: run.cancelled,
      unchanged: run.unchanged,
      skipped: run.skipped,
      problems: JSON.stringify(run.problems.slice(0, 50)),
      error: run.error,
    })
    .compile();
}
