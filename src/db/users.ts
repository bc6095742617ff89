/**
 * @module Web accounts: users, their groups and sessions. Session ids are 32 random bytes given to
 * the browser once; only their SHA-256 is stored, like API tokens. (Sign-in attempts and links:
 * src/signin.)
 */
import type { CompiledQuery } from 'kysely';
import type { Role, User } from '../domain/accounts.js';
import { auditStatement } from './audit.js';
import { hashToken, randomToken } from '../domain/secrets.js';
import { ConflictError, isUniqueViolation, newId, stamp, type Store, type WriteContext } from './store.js';
import type { UsersTable } from './schema.js';

/** Idle sessions end after 8 hours; none lives longer than 7 days, however active. */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
export const SESSION_MAX_MS = 7 * 24 * 60 * 60 * 1000;

function toUser(row: UsersTable, groupIds: string[]): User {
  return { id: row.id, email: row.email, role: row.role as Role, groupIds, createdAt: row.created_at, disabledAt: row.disabled_at };
}

async function groupsOf(store: Store, userId: string): Promise<string[]> {
  const rows = await store.db.selectFrom('user_groups').select('group_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.group_id);
}

export async function getUser(store: Store, id: string): Promise<User | null> {
  const row = await store.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toUser(row, await groupsOf(store, row.id)) : null;
}

/** The stored record for a sign-in: the user and the password hash to check. */
export async function findLogin(store: Store, email: string): Promise<{ user: User; passwordHash: string } | null> {
  const row = await store.db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
  if (!row) return null;
  return { user: toUser(row, await groupsOf(store, row.id)), passwordHash: row.password_hash };
}

export async function listUsers(store: Store): Promise<User[]> {
  const [rows, links] = await Promise.all([
    store.db.selectFrom('users').selectAll().orderBy('email').execute(),
    store.db.selectFrom('user_groups').selectAll().execute(),
  ]);
  return rows.map((r) =>
    toUser(
      r,
      links.filter((l) => l.user_id === r.id).map((l) => l.group_id),
    ),
  );
}

export async function createUser(
  store: Store,
  fields: { email: string; role: Role; passwordHash: string; groupIds: string[] },
  ctx: WriteContext,
): Promise<User> {
  const id = newId();
  const now = stamp(ctx.now);
  try {
    await store.batch([
      store.db
        .insertInto('users')
        .values({
          id,
          email: fields.email.toLowerCase(),
          password_hash: fields.passwordHash,
          role: fields.role,
          created_at: now,
          updated_at: now,
          disabled_at: null,
        })
        .compile(),
      ...fields.groupIds.map((group_id) => store.db.insertInto('user_groups').values({ user_id: id, group_id }).compile()),
      auditStatement(store, ctx, {
        action: 'create',
        entity: 'user',
        entityId: id,
        changes: { email: fields.email, role: fields.role, groupIds: fields.groupIds },
      }),
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError('email', 'already has an account');
    throw error;
  }
  return (await getUser(store, id))!;
}

/** Sets a new password and ends every session of the user (a reset should lock out whoever had it). */
export async function setPassword(store: Store, user: User, passwordHash: string, ctx: WriteContext): Promise<void> {
  await store.batch(setPasswordStatements(store, user, passwordHash, ctx));
}

/** The statements of setPassword, for callers that change more in the same batch. */
export function setPasswordStatements(store: Store, user: User, passwordHash: string, ctx: WriteContext): CompiledQuery[] {
  return [
    store.db
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: stamp(ctx.now) })
      .where('id', '=', user.id)
      .compile(),
    store.db.deleteFrom('sessions').where('user_id', '=', user.id).compile(),
    auditStatement(store, ctx, { action: 'set-password', entity: 'user', entityId: user.id, changes: { email: user.email } }),
  ];
}

export async function setDisabled(store: Store, user: User, disabled: boolean, ctx: WriteContext): Promise<void> {
  await store.batch([
    store.db
      .updateTable('users')
      .set({ disabled_at: disabled ? stamp(ctx.now) : null, updated_at: stamp(ctx.now) })
      .where('id', '=', user.id)
      .compile(),
    ...(disabled ? [store.db.deleteFrom('sessions').where('user_id', '=', user.id).compile()] : []),
    auditStatement(store, ctx, {
      action: disabled ? 'disable' : 'enable',
      entity: 'user',
      entityId: user.id,
      changes: { email: user.email },
    }),
  ]);
}

export interface Session {
  user: User;
  csrfToken: string;
  expiresAt: string;
}

/**
 * Starts a session; returns the secret for the cookie (shown to the browser only). `also`: how the
 * user proved who they are (for the audit log) and statements to apply in the same batch (the
 * sign-in attempt that resets the limits).
 */
export async function createSession(
  store: Store,
  user: User,
  ctx: WriteContext,
  also: { via?: 'password' | 'link'; statements?: CompiledQuery[] } = {},
): Promise<{ sessionId: string; csrfToken: string }> {
  const sessionId = randomToken();
  const csrfToken = randomToken();
  await store.batch([
    store.db
      .insertInto('sessions')
      .values({
        id_hash: await hashToken(sessionId),
        user_id: user.id,
        csrf_token: csrfToken,
        created_at: stamp(ctx.now),
        expires_at: stamp(new Date(ctx.now.getTime() + SESSION_IDLE_MS)),
      })
      .compile(),
    // Expired sessions are swept here rather than by a scheduler.
    store.db.deleteFrom('sessions').where('expires_at', '<', stamp(ctx.now)).compile(),
    auditStatement(store, ctx, { action: 'sign-in', entity: 'user', entityId: user.id, changes: also.via ? { via: also.via } : {} }),
    ...(also.statements ?? []),
  ]);
  return { sessionId, csrfToken };
}

/** The live session for a cookie value, extending its idle expiry (at most every few minutes). */
export async function readSession(store: Store, sessionId: string, now: Date): Promise<Session | null> {
  if (sessionId.length > 100) return null;
  const idHash = await hashToken(sessionId);
  const row = await store.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select(['sessions.csrf_token', 'sessions.expires_at', 'sessions.created_at as session_created_at'])
    .where('sessions.id_hash', '=', idHash)
    .executeTakeFirst();
  if (!row || row.disabled_at !== null) return null;
  const nowMs = now.getTime();
  if (Date.parse(row.expires_at) <= nowMs || Date.parse(row.session_created_at) + SESSION_MAX_MS <= nowMs) return null;
  let expiresAt = row.expires_at;
  const renewed = Math.min(nowMs + SESSION_IDLE_MS, Date.parse(row.session_created_at) + SESSION_MAX_MS);
  if (renewed - Date.parse(row.expires_at) > 5 * 60 * 1000) {
    expiresAt = stamp(new Date(renewed));
    await store.db.updateTable('sessions').set({ expires_at: expiresAt }).where('id_hash', '=', idHash).execute();
  }
  return { user: toUser(row, await groupsOf(store, row.id)), csrfToken: row.csrf_token, expiresAt };
}

export async function endSession(store: Store, sessionId: string, ctx: WriteContext & { userId: string }): Promise<void> {
  await store.batch([
    store.db
      .deleteFrom('sessions')
      .where('id_hash', '=', await hashToken(sessionId))
      .compile(),
    auditStatement(store, ctx, { action: 'sign-out', entity: 'user', entityId: ctx.userId, changes: {} }),
  ]);
}
