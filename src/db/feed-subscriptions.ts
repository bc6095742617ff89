/**
 * @module Private feed subscriptions: an unguessable, revocable token per partner organisation or
 * member email. The token is shown once (in its feed URL); only its SHA-256 is stored, so a
 * leaked database does not leak anyone's feed.
 */
import type { Viewer } from '../domain/visibility.js';
import { auditStatement } from './audit.js';
import { hashToken, randomToken } from '../domain/secrets.js';
import { newId, stamp, type Store, type WriteContext } from './store.js';

export interface FeedSubscription {
  id: string;
  label: string;
  organisationId: string | null;
  email: string | null;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const PREFIX = 'scf_';

type Row = {
  id: string;
  label: string;
  organisation_id: string | null;
  email: string | null;
  created_by: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
};

function toSubscription(r: Row): FeedSubscription {
  return {
    id: r.id,
    label: r.label,
    organisationId: r.organisation_id,
    email: r.email,
    createdBy: r.created_by,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  };
}

/** Creates a private feed for a partner organisation or a member's email; returns the secret once. */
export async function createFeedSubscription(
  store: Store,
  owner: { organisationId: string; label: string } | { email: string; label: string },
  ctx: WriteContext,
): Promise<{ token: string; subscription: FeedSubscription }> {
  const token = randomToken(32, PREFIX);
  const id = newId();
  const now = stamp(ctx.now);
  const row: Row = {
    id,
    label: owner.label,
    organisation_id: 'organisationId' in owner ? owner.organisationId : null,
    email: 'email' in owner ? owner.email.toLowerCase() : null,
    created_by: ctx.actor,
    created_at: now,
    last_used_at: null,
    revoked_at: null,
  };
  await store.batch([
    store.db
      .insertInto('feed_subscriptions')
      .values({ ...row, token_hash: await hashToken(token) })
      .compile(),
    auditStatement(store, ctx, {
      action: 'create',
      entity: 'feed-subscription',
      entityId: id,
      changes: { label: row.label, organisationId: row.organisation_id, email: row.email },
    }),
  ]);
  return { token, subscription: toSubscription(row) };
}

/** Looks like one of our tokens at all (cheap check before hashing and querying). */
export function isFeedToken(value: string): boolean {
  return value.startsWith(PREFIX) && /^[A-Za-z0-9_-]{40,60}$/.test(value);
}

/** The live subscription a presented token belongs to, or null (unknown or revoked). */
export async function findFeedSubscription(store: Store, token: string, now: Date): Promise<FeedSubscription | null> {
  if (!isFeedToken(token)) return null;
  const row = await store.db
    .selectFrom('feed_subscriptions')
    .select(['id', 'label', 'organisation_id', 'email', 'created_by', 'created_at', 'last_used_at', 'revoked_at'])
    .where('token_hash', '=', await hashToken(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  const usedAt = stamp(now);
  // Daily, and outside Store.batch on purpose: usage bookkeeping is not a calendar change and
  // must not invalidate every cached feed (nor write on every poll of a busy client).
  if (!row.last_used_at || row.last_used_at.slice(0, 10) !== usedAt.slice(0, 10)) {
    await store.db.updateTable('feed_subscriptions').set({ last_used_at: usedAt }).where('id', '=', row.id).execute();
  }
  return toSubscription({ ...row, last_used_at: usedAt });
}

export async function listFeedSubscriptions(store: Store): Promise<FeedSubscription[]> {
  const rows = await store.db
    .selectFrom('feed_subscriptions')
    .select(['id', 'label', 'organisation_id', 'email', 'created_by', 'created_at', 'last_used_at', 'revoked_at'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toSubscription);
}

export async function revokeFeedSubscription(store: Store, id: string, ctx: WriteContext): Promise<FeedSubscription | null> {
  const row = await store.db
    .selectFrom('feed_subscriptions')
    .select(['id', 'label', 'organisation_id', 'email', 'created_by', 'created_at', 'last_used_at', 'revoked_at'])
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  const now = stamp(ctx.now);
  await store.batch([
    store.db.updateTable('feed_subscriptions').set({ revoked_at: now }).where('id', '=', id).compile(),
    auditStatement(store, ctx, { action: 'revoke', entity: 'feed-subscription', entityId: id, changes: { label: row.label } }),
  ]);
  return toSubscription({ ...row, revoked_at: now });
}

/**
 * What a private feed may show: partner-only events for everyone given a private feed (partners,
 * and members of the partnership's groups, who sit at the same table), plus, for a member, the
 * members-only events of the groups their email belongs to, looked up now so joining or leaving
 * a group changes the feed without a new address.
 */
export async function viewerOf(store: Store, subscription: FeedSubscription): Promise<Viewer> {
  if (subscription.organisationId) return { organiser: false, partner: true, groupIds: [] };
  const rows = await store.db
    .selectFrom('group_members')
    .innerJoin('people', 'people.id', 'group_members.person_id')
    .select('group_members.group_id')
    .where('people.email', '=', subscription.email!)
    .execute();
  return { organiser: false, partner: true, groupIds: [...new Set(rows.map((r) => r.group_id))].sort() };
}
