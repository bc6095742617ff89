/**
 * @module The e-mailed one-time sign-in link: ask for one (/signin/link), follow it
 * (/signin/link/{token}, a page with a button), be signed in. The email goes through the app's
 * Mailer, the one reminders use (SMTP, the built-in outbox, or the Workers send_email binding).
 */
import { Hono, type Context } from 'hono';
import { signInLinkEmail } from '../../emails/sign-in-link.js';
import { createSession, findLogin, getUser } from '../db/users.js';
import { canSchedule } from '../domain/accounts.js';
import { isEmail } from '../domain/validation.js';
import { errorForLog } from '../domain/visible-text.js';
import type { WebEnv } from '../http/web/env.js';
import { pageContext, render } from '../http/web/render.js';
import { ensureVisitorCsrf, setSessionCookie } from '../http/web/session.js';
import { attemptStatements, linkRequestsSince, recordAttempt } from './attempts.js';
import { clientOf } from './client.js';
import { SIGN_IN_LIMITS } from './limits.js';
import { createSignInLink, signInLinkUser, useSignInLink } from './links.js';
import { LinkConfirmPage, LinkRequestPage, LinkSentPage, LinkUsedPage } from './pages.js';

/**
 * Lets the answer go before the email is handed over, so an address with an account is answered
 * as fast as one without (no timing tells which). Workers keep the isolate alive for it with
 * waitUntil; Node has no execution context, and the promise simply runs on.
 */
function inBackground(c: Context<WebEnv>, work: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    /* Node */
  }
}

/** The account a link signs in, when the link is unused, unexpired, and the account enabled. */
async function linkAccount(c: Context<WebEnv>, token: string, now: Date) {
  const { store } = c.get('deps');
  const link = await signInLinkUser(store, token, now);
  const user = link ? await getUser(store, link.userId) : null;
  return user && !user.disabledAt ? user : null;
}

export function signInLinkPages(): Hono<WebEnv> {
  const app = new Hono<WebEnv>();

  app.get('/signin/link', (c) => {
    ensureVisitorCsrf(c);
    return render(c, <LinkRequestPage ctx={pageContext(c)} email="" errors={new Map()} />);
  });

  app.post('/signin/link', async (c) => {
    const { store, clock, mailer, config } = c.get('deps');
    ensureVisitorCsrf(c);
    const body = await c.req.parseBody();
    const email = (typeof body.email === 'string' ? body.email : '').trim().toLowerCase();
    if (!isEmail(email) || email.length > 254) {
      const message = email ? 'must be an email address like someone@example.org' : 'is required';
      return render(c, <LinkRequestPage ctx={pageContext(c)} email={email} errors={new Map([['email', message]])} />, 400);
    }
    const now = clock();
    const client = clientOf(c);
    if (
      client &&
      (await linkRequestsSince(store, { client }, new Date(now.getTime() - 3_600_000))) >= SIGN_IN_LIMITS.linkRequestsPerClientHour
    ) {
      c.header('Retry-After', '3600');
      const problem = 'Too many sign-in links have been asked for from your network. Wait an hour, or sign in with your password.';
      return render(c, <LinkRequestPage ctx={pageContext(c)} email={email} errors={new Map()} problem={problem} />, 429);
    }
    const window = new Date(now.getTime() - SIGN_IN_LIMITS.windowMinutes * 60_000);
    const recent = await linkRequestsSince(store, { email }, window);
    await recordAttempt(store, { email, client, kind: 'link', succeeded: false }, now);
    // Past the per-account allowance the answer is the same, but no more email goes out.
    const login = recent < SIGN_IN_LIMITS.linksPerAccount ? await findLogin(store, email) : null;
    if (login && !login.user.disabledAt) {
      const { token } = await createSignInLink(store, login.user, client, now);
      const rendered = signInLinkEmail({
        partnershipName: config.partnershipName,
        email: login.user.email,
        signInUrl: `${config.publicUrl}/signin/link/${token}`,
        minutes: SIGN_IN_LIMITS.linkMinutes,
      });
      const sending = mailer
        .send({ from: config.mailFrom, to: [login.user.email], ...rendered, headers: { 'Auto-Submitted': 'auto-generated' } })
        .catch((error: unknown) => console.error(`sign-in link email not sent: ${errorForLog(error)}`));
      inBackground(c, sending);
    }
    return render(c, <LinkSentPage ctx={pageContext(c)} email={email} />);
  });

  app.get('/signin/link/:token', async (c) => {
    ensureVisitorCsrf(c);
    const user = await linkAccount(c, c.req.param('token'), c.get('deps').clock());
    if (!user) return render(c, <LinkUsedPage ctx={pageContext(c)} />, 404);
    // A page with a live token in its address tells no other site where it was ('same-origin'
    // rather than 'no-referrer', which would make the button's POST carry Origin: null).
    c.header('Referrer-Policy', 'same-origin');
    return render(c, <LinkConfirmPage ctx={pageContext(c)} email={user.email} action={c.req.path} />);
  });

  app.post('/signin/link/:token', async (c) => {
    const { store, clock } = c.get('deps');
    const now = clock();
    const token = c.req.param('token');
    const user = await linkAccount(c, token, now);
    if (!user || !(await useSignInLink(store, token, now))) {
      ensureVisitorCsrf(c);
      return render(c, <LinkUsedPage ctx={pageContext(c)} />, 404);
    }
    // Following the link proves the account is theirs: it resets the password limits too.
    const { sessionId } = await createSession(
      store,
      user,
      { actor: `user:${user.email}`, now },
      {
        via: 'link',
        statements: attemptStatements(store, { email: user.email, client: clientOf(c), kind: 'link', succeeded: true }, now),
      },
    );
    setSessionCookie(c, sessionId);
    return c.redirect(canSchedule(user) ? '/organise' : '/', 303);
  });

  return app;
}
