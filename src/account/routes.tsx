/**
 * @module Routes of the account pages. "Forgot password" answers the same whether or not the
 * address has an account (so the form reveals none), sends at most RESETS_PER_HOUR links per
 * account through the app's mailer (SMTP, the send_email binding, or the built-in outbox), and the
 * link sets a new password once. Changing your own password needs the current one, counts a wrong
 * one as a failed sign-in (the same limits), and keeps this browser signed in on a new session.
 */
import { Hono, type Context } from 'hono';
import { passwordResetEmail } from '../../emails/password-reset.js';
import { createSession, findLogin, getUser, setPasswordStatements } from '../db/users.js';
import { isEmail } from '../domain/validation.js';
import { hashPassword, passwordProblem, verifyPassword, DUMMY_HASH } from '../domain/password.js';
import type { WebEnv } from '../http/web/env.js';
import { formText, type FormBody } from '../http/web/form.js';
import { pageContext, render } from '../http/web/render.js';
import { ensureVisitorCsrf, setSessionCookie } from '../http/web/session.js';
import { HttpError } from '../http/errors.js';
import { passwordHistory, recordAttempt } from '../signin/attempts.js';
import { clientOf } from '../signin/client.js';
import { passwordDecision, waitInWords } from '../signin/limits.js';
import { ChangePasswordPage, ForgotPasswordPage, LinkSentPage, ResetPasswordPage } from './pages.js';
import { createResetToken, findResetToken, recentResets, RESET_MINUTES, RESETS_PER_HOUR, useResetTokensStatement } from './reset-tokens.js';

/** Plain-English problems with a new password typed twice, keyed by field. */
function newPasswordErrors(password: string, confirm: string): Map<string, string> {
  const errors = new Map<string, string>();
  const problem = password ? passwordProblem(password) : 'is needed';
  if (problem) errors.set('password', problem);
  else if (confirm !== password) errors.set('confirm', 'must be the same as the new password');
  return errors;
}

const LINK_GONE =
  'this link to set a new password has been used, has expired, or is incomplete. Ask for a new one from the sign-in page (links work once, for 60 minutes)';

/** The reset page's link, or a 404 page saying how to get a new one. */
async function resetTarget(c: Context<WebEnv>) {
  const { store, clock } = c.get('deps');
  const found = await findResetToken(store, c.req.param('token') ?? '', clock());
  const user = found ? await getUser(store, found.userId) : null;
  if (!found || !user || user.disabledAt) throw new HttpError(404, [{ field: 'token', message: LINK_GONE }]);
  return user;
}

export function accountPages(): Hono<WebEnv> {
  const app = new Hono<WebEnv>();

  app.get('/account/forgot-password', (c) => {
    ensureVisitorCsrf(c);
    return render(c, <ForgotPasswordPage ctx={pageContext(c)} email="" errors={new Map()} />);
  });

  app.post('/account/forgot-password', async (c) => {
    const { store, clock, mailer, config } = c.get('deps');
    ensureVisitorCsrf(c);
    const email = formText((await c.req.parseBody()) as FormBody, 'email')
      .trim()
      .toLowerCase();
    const errors = new Map<string, string>();
    if (!email) errors.set('email', 'is needed');
    else if (!isEmail(email) || email.length > 254) errors.set('email', 'must be an email address, like name@example.org');
    if (errors.size) return render(c, <ForgotPasswordPage ctx={pageContext(c)} email={email} errors={errors} />, 400);
    const now = clock();
    const login = await findLogin(store, email);
    if (login && !login.user.disabledAt && (await recentResets(store, login.user.id, now)) < RESETS_PER_HOUR) {
      const token = await createResetToken(store, login.user.id, now);
      const rendered = passwordResetEmail({
        partnershipName: config.partnershipName,
        resetUrl: `${config.publicUrl}/account/reset-password/${token}`,
        minutes: RESET_MINUTES,
      });
      try {
        await mailer.send({ from: config.mailFrom, to: [login.user.email], ...rendered, headers: { 'Auto-Submitted': 'auto-generated' } });
      } catch {
        const problem = 'The email could not be sent just now. Try again in a few minutes.';
        return render(c, <ForgotPasswordPage ctx={pageContext(c)} email={email} errors={new Map()} problem={problem} />, 503);
      }
    }
    return render(c, <LinkSentPage ctx={pageContext(c)} email={email} minutes={RESET_MINUTES} />);
  });

  app.get('/account/reset-password/:token', async (c) => {
    const user = await resetTarget(c);
    ensureVisitorCsrf(c);
    c.header('Referrer-Policy', 'same-origin');
    return render(c, <ResetPasswordPage ctx={pageContext(c)} action={new URL(c.req.url).pathname} email={user.email} errors={new Map()} />);
  });

  app.post('/account/reset-password/:token', async (c) => {
    const user = await resetTarget(c);
    const { store, clock, scrypt } = c.get('deps');
    ensureVisitorCsrf(c);
    c.header('Referrer-Policy', 'same-origin');
    const body = (await c.req.parseBody()) as FormBody;
    const password = formText(body, 'password');
    const errors = newPasswordErrors(password, formText(body, 'confirm'));
    if (errors.size) {
      const action = new URL(c.req.url).pathname;
      return render(c, <ResetPasswordPage ctx={pageContext(c)} action={action} email={user.email} errors={errors} />, 400);
    }
    const now = clock();
    const ctx = { actor: `user:${user.email}`, now };
    await store.batch([
      ...setPasswordStatements(store, user, await hashPassword(password, undefined, scrypt), ctx),
      useResetTokensStatement(store, user.id, now),
    ]);
    return c.redirect('/signin?reset=1', 303);
  });

  app.get('/account/password', (c) => {
    if (!c.get('user')) return c.redirect('/signin?next=/account/password', 303);
    return render(c, <ChangePasswordPage ctx={pageContext(c)} errors={new Map()} changed={c.req.query('changed') === '1'} />);
  });

  app.post('/account/password', async (c) => {
    const user = c.get('user');
    if (!user) return c.redirect('/signin?next=/account/password', 303);
    const { store, clock, scrypt } = c.get('deps');
    const body = (await c.req.parseBody()) as FormBody;
    const current = formText(body, 'current');
    const password = formText(body, 'password');
    const errors = newPasswordErrors(password, formText(body, 'confirm'));
    if (!current) errors.set('current', 'is needed, to show it is you');
    const again = (status: 400 | 401 | 429, problem?: string) =>
      render(c, <ChangePasswordPage ctx={pageContext(c)} errors={errors} changed={false} problem={problem} />, status);
    if (errors.size) return again(400);
    const now = clock();
    const client = clientOf(c);
    const decision = passwordDecision(await passwordHistory(store, user.email, client, now), now);
    if (!decision.allowed) {
      c.header('Retry-After', String(decision.retryAfterSeconds));
      return again(429, `Too many wrong passwords. Wait ${waitInWords(decision.retryAfterSeconds)}, then try again.`);
    }
    const login = await findLogin(store, user.email);
    if (!(await verifyPassword(current, login?.passwordHash ?? DUMMY_HASH, scrypt))) {
      await recordAttempt(store, { email: user.email, client, kind: 'password', succeeded: false }, now);
      errors.set('current', 'is not right');
      return again(401);
    }
    const ctx = { actor: `user:${user.email}`, now };
    await store.batch(setPasswordStatements(store, user, await hashPassword(password, undefined, scrypt), ctx));
    // Every session ended with the old password; this browser carries on with a new one.
    const { sessionId } = await createSession(store, user, ctx);
    setSessionCookie(c, sessionId);
    return c.redirect('/account/password?changed=1', 303);
  });

  return app;
}
