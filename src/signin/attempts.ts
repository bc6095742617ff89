/**
 * @module Sign-in attempts as stored (login_attempts): what the limits in ./limits.ts are computed
 * from. Passwords typed and sign-in links asked for are both recorded by the email typed, whether
 * or not an account has it, and by client address when the runtime knows it; a day is kept.
 */
import type { CompiledQuery } from 'kysely';
import { newId, stamp, type Store } from '../db/store.js';
import { SIGN_IN_LIMITS, type AttemptHistory } from './limits.js';

export type AttemptKind = 'password' | 'link';

export interface Attempt {
  email: string;
  client: string | null;
  kind: AttemptKind;
  succeeded: boolean;
}

/** The statements that record an attempt and forget those older than a day. */
export function attemptStatements(store: Store, attempt: Attempt, now: Date): CompiledQuery[] {
  return [
    store.db
      .insertInto('login_attempts')
      .values({
        id: newId(),
        email: attempt.email,
        client: attempt.client,
        at: stamp(now),
        succeeded: attempt.succeeded ? 1 : 0,
        kind: attempt.kind,
      })
      .compile(),
    // A day of history: enough for every limit, not a growing log of who typed what.
    store.db
      .deleteFrom('login_attempts')
      .where('at', '<', stamp(new Date(now.getTime() - SIGN_IN_LIMITS.memoryHours * 3_600_000)))
      .compile(),
  ];
}

export async function recordAttempt(store: Store, attempt: Attempt, now: Date): Promise<void> {
  await store.batch(attemptStatements(store, attempt, now));
}

/**
 * What the password limits look at: the email's wrong passwords since its last success (a right
 * password or a followed link), within a day, and the client's wrong passwords in the window.
 */
export async function passwordHistory(store: Store, email: string, client: string | null, now: Date): Promise<AttemptHistory> {
  const memory = stamp(new Date(now.getTime() - SIGN_IN_LIMITS.memoryHours * 3_600_000));
  const lastSuccess = await store.db
    .selectFrom('login_attempts')
    .select((eb) => eb.fn.max('at').as('at'))
    .where('email', '=', email)
    .where('succeeded', '=', 1)
    .where('at', '>=', memory)
    .executeTakeFirst();
  const since = (lastSuccess?.at as string | null | undefined) ?? memory;
  const account = await store.db
    .selectFrom('login_attempts')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('at').as('last')])
    .where('email', '=', email)
    .where('kind', '=', 'password')
    .where('succeeded', '=', 0)
    // At or after: a clock that gives the success and the next failure the same millisecond
    // must not hide the failure.
    .where('at', '>=', since)
    .executeTakeFirstOrThrow();
  const clientFailures = client
    ? await store.db
        .selectFrom('login_attempts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('client', '=', client)
        .where('kind', '=', 'password')
        .where('succeeded', '=', 0)
        .where('at', '>=', stamp(new Date(now.getTime() - SIGN_IN_LIMITS.windowMinutes * 60_000)))
        .executeTakeFirstOrThrow()
    : { n: 0 };
  const last = account.last as string | null;
  return {
    accountFailures: Number(account.n),
    lastAccountFailure: last ? new Date(last) : null,
    clientFailures: Number(clientFailures.n),
  };
}

/** Sign-in links asked for since `since` (requests, not sign-ins), by this email or from this client address. */
export async function linkRequestsSince(store: Store, by: { email: string } | { client: string }, since: Date): Promise<number> {
  let query = store.db
    .selectFrom('login_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', 'link')
    .where('succeeded', '=', 0)
    .where('at', '>=', stamp(since));
  query = 'email' in by ? query.where('email', '=', by.email) : query.where('client', '=', by.client);
  return Number((await query.executeTakeFirstOrThrow()).n);
}
