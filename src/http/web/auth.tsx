/**
 * @module Signing in and out. Failures all read the same ("email or password not right"), take the
 * same time (a dummy hash is checked when there is no account), and are rate limited by the email
 * typed and, where the platform reports it, the client address.
 */
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { createSession, endSession, findLogin, recentFailures, recordAttempt } from '../../db/users.js';
import { canSchedule } from '../../domain/accounts.js';
import { DUMMY_HASH, verifyPassword } from '../../domain/password.js';
import { isEmail } from '../../domain/validation.js';
import { SignInPage } from '../pages/signin.js';
import type { WebEnv } from './env.js';
import { pageContext, render } from './render.js';
import { clearSessionCookie, ensureVisitorCsrf, sessionCookieName, setSessionCookie } from './session.js';

export const LOGIN_LIMITS = { windowMinutes: 15, perEmail: 5, perClient: 30 } as const;

/** Where to go after signing in: only a path on this site (never //elsewhere or a full URL). */
function safeNext(next: string | undefined, fallback: string): string {
  return next && /^\/(?![/\\])[\w\-./?=&%]*$/.test(next) ? next : fallback;
}

/** The runtime says who is connecting (Node: the socket's address; Workers: Cloudflare's header). */
export function clientOf(c: Context<WebEnv>): string | null {
  try {
    return c.get('deps').clientAddress?.(c) ?? null;
  } catch {
    // Not knowing the address only loses the per-client limit; the per-email limit still holds.
    return null;
  }
}

export function authPages(): Hono<WebEnv> {
  const app = new Hono<WebEnv>();

  app.get('/signin', (c) => {
    const user = c.get('user');
    if (user) return c.redirect(canSchedule(user) ? '/organise' : '/', 303);
    ensureVisitorCsrf(c);
    return render(
      c,
      <SignInPage
        ctx={pageContext(c)}
        email=""
        next={safeNext(c.req.query('next'), '')}
        errors={new Map()}
        passwordReset={c.req.query('reset') === '1'}
      />,
    );
  });

  app.post('/signin', async (c) => {
    const { store, clock } = c.get('deps');
    const body = await c.req.parseBody();
    const email = (typeof body.email === 'string' ? body.email : '').trim().toLowerCase();
    const password = typeof body.password === 'string' ? body.password : '';
    const next = safeNext(typeof body.next === 'string' ? body.next : undefined, '');
    ensureVisitorCsrf(c);
    const again = (status: 200 | 401 | 429, errors: Map<string, string>, problem?: string) =>
      render(c, <SignInPage ctx={pageContext(c)} email={email} next={next} errors={errors} problem={problem} />, status);

    const errors = new Map<string, string>();
    if (!email) errors.set('email', 'is required');
    else if (!isEmail(email) || email.length > 254) errors.set('email', 'must be an email address like someone@example.org');
    if (!password) errors.set('password', 'is required');
    if (errors.size) return again(200, errors);

    const now = clock();
    const client = clientOf(c);
    const failures = await recentFailures(store, email, client, new Date(now.getTime() - LOGIN_LIMITS.windowMinutes * 60_000));
    if (failures.email >= LOGIN_LIMITS.perEmail || failures.client >= LOGIN_LIMITS.perClient) {
      c.header('Retry-After', String(LOGIN_LIMITS.windowMinutes * 60));
      return again(429, new Map(), `Too many attempts to sign in. Wait ${LOGIN_LIMITS.windowMinutes} minutes, then try again.`);
    }
    const login = await findLogin(store, email);
    const ok = await verifyPassword(password, login?.passwordHash ?? DUMMY_HASH, c.get('deps').scrypt);
    if (!login || !ok || login.user.disabledAt) {
      await recordAttempt(store, { email, client, succeeded: false }, now);
      return again(401, new Map(), 'The email address or password is not right. Check them and try again.');
    }
    await recordAttempt(store, { email, client, succeeded: true }, now);
    const { sessionId } = await createSession(store, login.user, { actor: `user:${login.user.email}`, now });
    setSessionCookie(c, sessionId);
    return c.redirect(next || (canSchedule(login.user) ? '/organise' : '/'), 303);
  });

  app.post('/signout', async (c) => {
    const { store, clock } = c.get('deps');
    const user = c.get('user');
    const sessionId = getCookie(c, sessionCookieName(c));
    if (user && sessionId) await endSession(store, sessionId, { actor: `user:${user.email}`, now: clock(), userId: user.id });
    clearSessionCookie(c);
    return c.redirect('/', 303);
  });

  return app;
}
