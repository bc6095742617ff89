/**
 * @module E-mailed one-time sign-in links as stored (sign_in_links): a random 256-bit token in the
 * email, only its SHA-256 here; it works once, for SIGN_IN_LIMITS.linkMinutes. Writes are single
 * Store batches, so this runs the same on SQLite, D1 and PostgreSQL.
 */
import { stamp, type Store } from '../db/store.js';
import type { User } from '../domain/accounts.js';
import { hashToken, randomToken } from '../domain/secrets.js';
import { SIGN_IN_LIMITS } from './limits.js';

/** What a token in a link looks like (43 base64url characters); anything else is not looked up. */
export function looksLikeLinkToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

/** Stores a new link for the user and returns its token (for the email only) and expiry. */
export async function createSignInLink(
  store: Store,
  user: User,
  client: string | null,
  now: Date,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken(32);
  const expiresAt = new Date(now.getTime() + SIGN_IN_LIMITS.linkMinutes * 60_000);
  await store.batch([
    store.db
      .insertInto('sign_in_links')
      .values({
        token_hash: await hashToken(token),
        user_id: user.id,
        client,
        created_at: stamp(now),
        expires_at: stamp(expiresAt),
        used_at: null,
        claim: null,
      })
      .compile(),
    // Expired links are swept here rather than by a scheduler, as sessions are.
    store.db.deleteFrom('sign_in_links').where('expires_at', '<', stamp(now)).compile(),
  ]);
  return { token, expiresAt };
}

/** The account an unused, unexpired link signs in, or null. */
export async function signInLinkUser(store: Store, token: string, now: Date): Promise<{ userId: string } | null> {
  if (!looksLikeLinkToken(token)) return null;
  const row = await store.db
    .selectFrom('sign_in_links')
    .select(['user_id'])
    .where('token_hash', '=', await hashToken(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', stamp(now))
    .executeTakeFirst();
  return row ? { userId: row.user_id } : null;
}

/**
 * Uses the link up: true for exactly one caller, however many race with the same link (the
 * conditional UPDATE is atomic on every backend; the claim read back says who won).
 */
export async function useSignInLink(store: Store, token: string, now: Date): Promise<boolean> {
  if (!looksLikeLinkToken(token)) return false;
  const tokenHash = await hashToken(token);
  const claim = randomToken(16);
  await store.batch([
    store.db
      .updateTable('sign_in_links')
      .set({ used_at: stamp(now), claim })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', stamp(now))
      .compile(),
  ]);
  const row = await store.db.selectFrom('sign_in_links').select('claim').where('token_hash', '=', tokenHash).executeTakeFirst();
  return row?.claim === claim;
}
