/**
 * @module When the inputs of a feed body that live outside the calendar tables last changed, so
 * Last-Modified moves whenever the body can: a client revalidating with If-Modified-Since alone
 * must get the new body, not a 304. Changes to events, groups and organisations (names) carry
 * their own updated_at (the fingerprint in src/feeds/build.ts); these two do not:
 *  - the configuration a body is written with (PUBLIC_URL, PARTNERSHIP_NAME, the writer
 *    version), which changes only when the service restarts with new settings;
 *  - the groups a member's private feed shows (joining or leaving a group changes which
 *    members-only events it holds, and membership rows keep no trace of a departure).
 * Each is kept in feed_state as (value, changed_at): the first request that sees a new value
 * records the moment, and every process and Workers isolate then agrees on it. Bookkeeping
 * outside Store.batch, like feed_subscriptions.last_used_at: it changes no calendar data.
 */
import type { Config } from '../config.js';
import type { FeedSubscription } from '../db/feed-subscriptions.js';
import type { Store } from '../db/store.js';
import type { Viewer } from '../domain/visibility.js';
import { WRITER_VERSION } from './writer.js';

/** Everything in the configuration that shapes a feed body, as one comparable string. */
export function configSignature(config: Pick<Config, 'publicUrl' | 'partnershipName'>, refreshMinutes: number): string {
  return JSON.stringify([WRITER_VERSION, config.publicUrl, config.partnershipName, refreshMinutes]);
}

/**
 * The instant (ms) `value` became the current value of `name`: read back when unchanged,
 * recorded as `now` (or `initially`, the first time a name is seen) when it differs.
 */
async function changedAt(store: Store, name: string, value: string, now: Date, initially: string = now.toISOString()): Promise<number> {
  const row = await store.db.selectFrom('feed_state').select(['value', 'changed_at']).where('name', '=', name).executeTakeFirst();
  if (row?.value === value) return Date.parse(row.changed_at);
  const at = row ? now.toISOString() : initially;
  await store.db
    .insertInto('feed_state')
    .values({ name, value, changed_at: at })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value, changed_at: at }))
    .execute();
  return Date.parse(at);
}

/** When the feed-shaping configuration took its current values (ms). */
export function configChangedAt(store: Store, signature: string, now: Date): Promise<number> {
  return changedAt(store, 'config', signature, now);
}

/**
 * When a member's private feed last changed which groups it shows (ms); 0 for a partner's feed,
 * which shows no group's members-only events. A subscription seen for the first time counts
 * from its creation: no client can hold an older copy of it.
 */
export async function viewerChangedAt(store: Store, subscription: FeedSubscription, viewer: Viewer, now: Date): Promise<number> {
  if (subscription.organisationId) return 0;
  return changedAt(store, `viewer:${subscription.id}`, [...viewer.groupIds].sort().join(','), now, subscription.createdAt);
}
