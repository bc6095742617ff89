/**
 * @module Signing in and out. Failures all read the same ("email or password not right"), take the
 * same time (a dummy hash is checked when there is no account), and are limited as
 * src/signin/limits.ts says: per client address, and per account by a growing wait that an
 * e-mailed sign-in link always gets round.
 */
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { createSession, endSession, findLogin } from '../../db/users.js';
import { canSchedule } from '../../domain/accounts.js';
import { DUMMY_HASH, verifyPassword } from '../../domain/password.js';
import { isEmail } from '../../domain/validation.js';
import { attemptStatements, passwordHistory, recordAttempt } from '../../signin/attempts.js';
import { clientOf, safeNext } from '../../signin/client.js';
import { passwordDecision, waitInWords } from '../../signin/limits.js';
import { SignInPage } from '../pages/signin.js';
import type { WebEnv } from './env.js';
import { pageContext, render } from './render.js';
import { clearSessionCookie, ensureVisitorCsrf, sessionCookieName, setSessionCookie } from './session.js';

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
    const decision = passwordDecision(await passwordHistory(store, email, client, now), now);
    if (!decision.allowed) {
      c.header('Retry-After', String(decision.retryAfterSeconds));
      const wait = waitInWords(decision.retryAfterSeconds);
      const problem =
        decision.reason === 'client'
          ? `Too many wrong passwords have come from your network. Wait ${wait}, or get a sign-in link by email.`
          : `There have been several wrong passwords for this email address, so signing in with a password waits a little after each one. Try again in ${wait}, or get a sign-in link by email: it works straight away.`;
      return again(429, new Map(), problem);
    }
    const login = await findLogin(store, email);
    const ok = await verifyPassword(password, login?.passwordHash ?? DUMMY_HASH, c.get('deps').scrypt);
    if (!login || !ok || login.user.disabledAt) {
      await recordAttempt(store, { email, client, kind: 'password', succeeded: false }, now);
      return again(401, new Map(), 'The email address or password is not right. Check them and try again.');
    }
    const { sessionId } = await createSession(
      store,
      login.user,
      { actor: `user:${login.user.email}`, now },
      {
        via: 'password',
        statements: attemptStatements(store, { email, client, kind: 'password', succeeded: true }, now),
      },
    );
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
