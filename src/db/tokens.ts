/**
 * @module Organiser API tokens. A token is 32 random bytes shown once; only its SHA-256 is stored
 * (domain/secrets.ts), so a copy of the database holds no live token.
 */
import { hashToken, randomToken } from '../domain/secrets.js';
import { auditStatement } from './audit.js';
import { newId, stamp, type Store, type WriteContext } from './store.js';

export type TokenRole = 'admin' | 'organiser';

export interface ApiToken {
  id: string;
  name: string;
  role: TokenRole;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const PREFIX = 'sct_';

export async function createToken(
  store: Store,
  name: string,
  role: TokenRole,
  ctx: WriteContext,
): Promise<{ token: string; record: ApiToken }> {
  const token = randomToken(32, PREFIX);
  const id = newId();
  const now = stamp(ctx.now);
  await store.batch([
    store.db
      .insertInto('api_tokens')
      .values({ id, name, role, token_hash: await hashToken(token), created_at: now, last_used_at: null, revoked_at: null })
      .compile(),
    auditStatement(store, ctx, { action: 'create', entity: 'api-token', entityId: id, changes: { name, role } }),
  ]);
  return { token, record: { id, name, role, createdAt: now, lastUsedAt: null, revokedAt: null } };
}

/** The live token matching a presented bearer value, or null. Records when it was last used. */
export async function verifyToken(store: Store, presented: string, now: Date): Promise<ApiToken | null> {
  if (!presented.startsWith(PREFIX) || presented.length > 100) return null;
  const row = await store.db
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_hash', '=', await hashToken(presented))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  const usedAt = stamp(now);
  // Coarse (hourly) so a busy client does not turn every read into a write.
  if (!row.last_used_at || row.last_used_at.slice(0, 13) !== usedAt.slice(0, 13)) {
    await store.db.updateTable('api_tokens').set({ last_used_at: usedAt }).where('id', '=', row.id).execute();
  }
  return toToken({ ...row, last_used_at: usedAt });
}

function toToken(r: {
  id: string;
  name: string;
  role: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}): ApiToken {
  return {
    id: r.id,
    name: r.name,
    role: r.role as TokenRole,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  };
}

export async function listTokens(store: Store): Promise<ApiToken[]> {
  const rows = await store.db.selectFrom('api_tokens').selectAll().orderBy('created_at').execute();
  return rows.map(toToken);
}

export async function revokeToken(store: Store, idOrName: string, ctx: WriteContext): Promise<ApiToken | null> {
  const row = await store.db
    .selectFrom('api_tokens')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  const now = stamp(ctx.now);
  await store.batch([
    store.db.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', row.id).compile(),
    auditStatement(store, ctx, { action: 'revoke', entity: 'api-token', entityId: row.id, changes: { name: row.name } }),
  ]);
  return toToken({ ...row, revoked_at: now });
}
