/**
 * @module Following and unfollowing a partner's calendar. Unfollowing keeps the events it brought
 * (they stay on the calendar, with their origin) and stops further changes to them.
 */
import type { CompiledQuery } from 'kysely';
import { auditStatement } from '../db/audit.js';
import { stamp, type Store, type WriteContext } from '../db/store.js';
import { checkText, type FieldError } from '../domain/validation.js';
import type { ImportChoices } from './choices.js';
import { httpUrl, refusedUrl } from './fetch.js';
import type { SyncedFeed } from './store.js';

/** Partners' servers are asked at most every 15 minutes. */
export const MIN_INTERVAL_MINUTES = 15;

/**
 * The address and name of a calendar to follow, as `POST /api/synced-feeds` and the
 * /organise/sync form both read them: `url` one line of at most 2,000 characters that `refusedUrl`
 * accepts (http(s), not a private address), `label` one line of 1 to 100 characters, each under
 * the shared text check (no NUL, control, bidirectional or invisible character, no encoded-word).
 * A missing label (`undefined`) is the address's host name. Errors name `url` and `label`.
 */
export function readFeedAddress(rawUrl: unknown, rawLabel: unknown): { url: string; label: string; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const text =
    rawUrl === undefined || rawUrl === null ? { ok: true as const, value: '' } : checkText('url', rawUrl, { max: 2000, singleLine: true });
  const url = text.ok ? httpUrl(text.value) : '';
  const refused = !text.ok
    ? text.error.message
    : !url
      ? 'is required: the address of the calendar to follow'
      : url.length > 2000
        ? 'is too long'
        : refusedUrl(url);
  if (refused) errors.push({ field: 'url', message: refused });
  const label = checkText('label', rawLabel === undefined ? new URL(refused ? 'https://x' : url).hostname : rawLabel, {
    max: 100,
    singleLine: true,
  });
  if (!label.ok || !label.value)
    errors.push({ field: 'label', message: label.ok ? 'must be one line of 1 to 100 characters' : label.error.message });
  return { url, label: label.ok ? label.value : '', errors };
}

export function createSyncedFeedStatements(
  store: Store,
  feed: { id: string; url: string; label: string; choices: ImportChoices; intervalMinutes: number },
  ctx: WriteContext,
): CompiledQuery[] {
  const now = stamp(ctx.now);
  return [
    store.db
      .insertInto('synced_feeds')
      .values({
        id: feed.id,
        url: feed.url,
        label: feed.label,
        choices: JSON.stringify(feed.choices),
        interval_minutes: feed.intervalMinutes,
        etag: null,
        last_modified: null,
        // Due at once: the first run comes with the next pass (within a minute).
        next_run_at: now,
        lease_until: null,
        claim_token: null,
        last_run_at: null,
        last_success_at: null,
        last_error: null,
        failures: 0,
        created_by: ctx.actor,
        created_at: now,
        updated_at: now,
      })
      .compile(),
    auditStatement(store, ctx, {
      action: 'create',
      entity: 'synced-feed',
      entityId: feed.id,
      changes: { url: feed.url, label: feed.label },
    }),
  ];
}

export function deleteSyncedFeedStatements(store: Store, feed: SyncedFeed, ctx: WriteContext): CompiledQuery[] {
  return [
    store.db.deleteFrom('sync_runs').where('feed_id', '=', feed.id).compile(),
    store.db.deleteFrom('synced_feeds').where('id', '=', feed.id).compile(),
    auditStatement(store, ctx, {
      action: 'delete',
      entity: 'synced-feed',
      entityId: feed.id,
      changes: { url: feed.url, label: feed.label },
    }),
  ];
}
