/**
 * @module Following partners' public calendars: runSync, called every minute by node-cron on Node
 * and by the Worker's scheduled() (as runDue is for reminders), fetches each feed that is due with
 * a conditional request and applies what changed as one batch: new events, newer copies, events
 * the feed cancelled or no longer has (cancelled here, so subscribers see it). Every run is
 * recorded with its counts or its error. A feed that fails (down, too big, not a calendar) keeps
 * what it had, and is tried again at its next interval.
 *
 * Feeds are claimed with a lease (claim token, 5 minutes), as reminder deliveries are, so two
 * passes (two processes, an overlapping cron run, "check now") never fetch one feed twice at once.
 */
import type { CompiledQuery } from 'kysely';
import { newId, stamp, type Store } from '../db/store.js';
import type { Database } from '../db/schema.js';
import type { ExpressionBuilder } from 'kysely';
import type { Fetcher } from './fetch.js';
import { laterPartsText, planStatements } from './plan.js';
import { MAX_IMPORT_BYTES, previewCalendar } from './service.js';
import { syncedFeedFromRow, syncRunStatement, type SyncedFeed, type SyncRun } from './store.js';

export const LEASE_MS = 5 * 60_000;

export interface SyncDeps {
  store: Store;
  fetcher: Fetcher;
  log?: (line: string) => void;
}

export interface SyncPassReport {
  runs: SyncRun[];
}

/** The source name of a synced feed's events in event_origins. */
export function syncSource(feedId: string): string {
  return `sync:${feedId}`;
}

function due(eb: ExpressionBuilder<Database, 'synced_feeds'>, now: string) {
  return eb.and([eb('next_run_at', '<=', now), eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)])]);
}

/** Claims up to `limit` due feeds (or the one feed `onlyId`, due or not) for this pass. */
async function claim(store: Store, now: Date, opts: { limit: number; onlyId?: string }): Promise<SyncedFeed[]> {
  const token = newId();
  const at = stamp(now);
  const free = (eb: ExpressionBuilder<Database, 'synced_feeds'>) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]);
  await store.batch([
    store.db
      .updateTable('synced_feeds')
      .set({ claim_token: token, lease_until: stamp(new Date(now.getTime() + LEASE_MS)) })
      .where((eb) =>
        opts.onlyId
          ? eb.and([eb('id', '=', opts.onlyId), free(eb)])
          : eb.and([
              eb(
                'id',
                'in',
                eb
                  .selectFrom('synced_feeds')
                  .select('id')
                  .where((inner) => due(inner, at))
                  .orderBy('next_run_at')
                  .limit(opts.limit),
              ),
              due(eb, at),
            ]),
      )
      .compile(),
  ]);
  const rows = await store.db.selectFrom('synced_feeds').selectAll().where('claim_token', '=', token).execute();
  return rows.map(syncedFeedFromRow);
}

function feedStateStatement(
  store: Store,
  feed: SyncedFeed,
  now: Date,
  result: { ok: true; etag?: string | null; lastModified?: string | null } | { ok: false; error: string },
): CompiledQuery {
  const at = stamp(now);
  const next = stamp(new Date(now.getTime() + feed.intervalMinutes * 60_000));
  const common = { next_run_at: next, last_run_at: at, lease_until: null, claim_token: null, updated_at: at };
  const values = result.ok
    ? {
        ...common,
        last_success_at: at,
        last_error: null,
        failures: 0,
        ...(result.etag !== undefined ? { etag: result.etag, last_modified: result.lastModified ?? null } : {}),
      }
    : { ...common, last_error: result.error, failures: feed.failures + 1 };
  return store.db.updateTable('synced_feeds').set(values).where('id', '=', feed.id).compile();
}

/** One feed: fetch, plan, apply, record; never throws for the feed's own failures. */
async function syncOne(deps: SyncDeps, feed: SyncedFeed, now: Date): Promise<SyncRun> {
  const { store, fetcher } = deps;
  const run: SyncRun = {
    id: newId(),
    feedId: feed.id,
    startedAt: stamp(now),
    finishedAt: stamp(now),
    outcome: 'failed',
    httpStatus: null,
    created: 0,
    updated: 0,
    cancelled: 0,
    unchanged: 0,
    skipped: 0,
    problems: [],
    error: null,
  };
  const fail = async (error: string) => {
    run.error = error;
    run.finishedAt = stamp(new Date());
    await store.batch([syncRunStatement(store, run), feedStateStatement(store, feed, now, { ok: false, error })]);
    return run;
  };
  const fetched = await fetcher({ url: feed.url, etag: feed.etag, lastModified: feed.lastModified, maxBytes: MAX_IMPORT_BYTES });
  run.httpStatus = fetched.status;
  if (!fetched.ok) return fail(fetched.error);
  if (fetched.status === 304) {
    run.outcome = 'not-modified';
    run.finishedAt = stamp(new Date());
    await store.batch([syncRunStatement(store, run), feedStateStatement(store, feed, now, { ok: true })]);
    return run;
  }
  const result = await previewCalendar(store, fetched.body, feed.choices, syncSource(feed.id), now, { sync: true });
  if (!result.ok) return fail(result.message);
  const { plan, fileProblems } = result.preview;
  const statements = await planStatements(store, plan, { actor: `sync:${feed.label}`, now }, `no longer in ${feed.label}`);
  run.created = plan.counts.create;
  run.updated = plan.counts.update;
  // Later parts of split series the source's copy ends are cancelled events too (ADR 253).
  const laterParts = [...plan.items, ...plan.removals].reduce((n, i) => n + i.laterParts.length, 0);
  run.cancelled = plan.counts.cancel + plan.counts.remove + laterParts;
  run.unchanged = plan.counts.unchanged;
  run.skipped = plan.counts.skip;
  // A split made here that the source's copy undoes is said too: a sync has no preview (ADR 253).
  run.problems = [
    ...fileProblems,
    // An event cancelled here that the source has changed since: the organiser decides (ADR 288).
    ...plan.items
      .filter((i) => i.action === 'skip' || i.laterParts.length || i.changedWhileCancelledHere)
      .map((i) => `${i.title} (line ${i.line}): ${i.reason}`),
    ...plan.removals
      .filter((r) => r.laterParts.length)
      .map((r) => `${r.title}: no longer in ${feed.label}. ${laterPartsText('cancel', r.laterParts)}`),
  ];
  run.outcome = run.created + run.updated + run.cancelled > 0 ? 'changed' : 'unchanged';
  run.finishedAt = stamp(new Date());
  await store.batch([
    ...statements,
    syncRunStatement(store, run),
    feedStateStatement(store, feed, now, { ok: true, etag: fetched.etag, lastModified: fetched.lastModified }),
  ]);
  return run;
}

/**
 * One sync pass at `now`: every due feed (at most `maxFeeds`), one after another. A feed whose
 * apply fails for a reason of ours (the database) is released for the next pass and logged.
 */
export async function runSync(deps: SyncDeps, now: Date, opts: { maxFeeds?: number } = {}): Promise<SyncPassReport> {
  const feeds = await claim(deps.store, now, { limit: opts.maxFeeds ?? 10 });
  const runs: SyncRun[] = [];
  for (const feed of feeds) {
    try {
      const run = await syncOne(deps, feed, now);
      runs.push(run);
      deps.log?.(
        `sync ${feed.label}: ${run.outcome}${run.error ? ` (${run.error})` : ` +${run.created} ~${run.updated} -${run.cancelled}`}`,
      );
    } catch (error) {
      deps.log?.(`sync ${feed.label} failed: ${error instanceof Error ? error.message : String(error)}`);
      await deps.store.batch([
        deps.store.db.updateTable('synced_feeds').set({ lease_until: null, claim_token: null }).where('id', '=', feed.id).compile(),
      ]);
    }
  }
  return { runs };
}

/** "Check now": runs one feed at once, due or not; null when another pass has it right now. */
export async function runSyncNow(deps: SyncDeps, feedId: string, now: Date): Promise<SyncRun | null> {
  const [feed] = await claim(deps.store, now, { limit: 1, onlyId: feedId });
  return feed ? syncOne(deps, feed, now) : null;
}
