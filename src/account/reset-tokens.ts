/**
 * @module One-time "set a new password" links. The token is 32 random bytes in the link; only its
 * SHA-256 is stored (as for API tokens and sessions, a fast hash is enough for a random secret);
 * both come from the secrets module (src/domain/secrets.ts).
 * A link works once and for RESET_MINUTES; using one voids every other link of that account.
 */
import type { CompiledQuery } from 'kysely';
import type { Store } from '../db/store.js';
import { stamp } from '../db/store.js';
import { hashToken, randomToken } from '../domain/secrets.js';

/** How long a link works. */
export const RESET_MINUTES = 60;
/** At most this many links per account per hour, so the form cannot flood an inbox. */
export const RESETS_PER_HOUR = 3;

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Stores a new link for the user; returns its token (for the email only). */
export async function createResetToken(store: Store, userId: string, now: Date): Promise<string> {
  const token = randomToken();
  await store.batch([
    store.db
      .insertInto('password_reset_tokens')
      .values({
        token_hash: await hashToken(token),
        user_id: userId,
        created_at: stamp(now),
        expires_at: stamp(new Date(now.getTime() + RESET_MINUTES * 60_000)),
        used_at: null,
      })
      .compile(),
    // Old rows are swept here rather than by a scheduler.
    store.db
      .deleteFrom('password_reset_tokens')
      .where('expires_at', '<', stamp(new Date(now.getTime() - 24 * 3_600_000)))
      .compile(),
  ]);
  return token;
}

/** How many links the user was sent in the hour before `now`. */
export async function recentResets(store: Store, userId: string, now: Date): Promise<number> {
  const row = await store.db
    .selectFrom('password_reset_tokens')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('created_at', '>', stamp(new Date(now.getTime() - 3_600_000)))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The account a presented link belongs to, while it is unused and unexpired; else null. */
export async function findResetToken(store: Store, token: string, now: Date): Promise<{ userId: string; tokenHash: string } | null> {
  if (!TOKEN.test(token)) return null;
  const tokenHash = await hashToken(token);
  const row = await store.db
    .selectFrom('password_reset_tokens')
    .select(['user_id', 'expires_at', 'used_at'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row || row.used_at || row.expires_at <= stamp(now)) return null;
  return { userId: row.user_id, tokenHash };
}

/** Marks every open link of the user used (the one just followed included): for the batch that sets the password. */
export function useResetTokensStatement(store: Store, userId: string, now: Date): CompiledQuery {
  return store.db
    .updateTable('password_reset_tokens')
    .set({ used_at: stamp(now) })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .compile();
}
