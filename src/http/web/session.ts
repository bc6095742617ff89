/**
 * @module Who is signed in, and CSRF protection for every form. The session cookie is HttpOnly,
 * SameSite=Lax and Secure (with the __Host- prefix) when the public URL is https. Each session has
 * its own CSRF token; a visitor's sign-in form uses a double-submit cookie instead. A POST must
 * carry the token and, when the browser says where it came from, come from this site.
 */
import type { Context } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { readSession } from '../../db/users.js';
import { ANONYMOUS } from '../../domain/visibility.js';
import { viewerOf } from '../../domain/accounts.js';
import { constantTimeEqual, randomToken } from '../../domain/secrets.js';
import type { WebEnv } from './env.js';

function secure(c: Context<WebEnv>): boolean {
  return c.get('deps').config.publicUrl.startsWith('https:');
}

export function sessionCookieName(c: Context<WebEnv>): string {
  return secure(c) ? '__Host-sid' : 'sid';
}

function csrfCookieName(c: Context<WebEnv>): string {
  return secure(c) ? '__Host-csrf' : 'csrf';
}

const cookieOptions = (c: Context<WebEnv>) => ({ path: '/', httpOnly: true, sameSite: 'Lax' as const, secure: secure(c) });

export function setSessionCookie(c: Context<WebEnv>, sessionId: string): void {
  setCookie(c, sessionCookieName(c), sessionId, cookieOptions(c));
}

export function clearSessionCookie(c: Context<WebEnv>): void {
  deleteCookie(c, sessionCookieName(c), cookieOptions(c));
}

/** The visitor's CSRF token for the sign-in form, set as a cookie the first time it is needed. */
export function ensureVisitorCsrf(c: Context<WebEnv>): string {
  if (c.get('user')) return c.get('csrf');
  let token = getCookie(c, csrfCookieName(c));
  if (!token || !/^[A-Za-z0-9_-]{32}$/.test(token)) {
    token = randomToken(24);
    setCookie(c, csrfCookieName(c), token, cookieOptions(c));
  }
  c.set('csrf', token);
  return token;
}

export const identifyUser = createMiddleware<WebEnv>(async (c, next) => {
  const { store, clock } = c.get('deps');
  c.set('user', null);
  c.set('viewer', ANONYMOUS);
  c.set('actor', 'anonymous');
  c.set('csrf', getCookie(c, csrfCookieName(c)) ?? '');
  const sessionId = getCookie(c, sessionCookieName(c));
  if (sessionId) {
    const session = await readSession(store, sessionId, clock());
    if (session) {
      c.set('user', session.user);
      c.set('viewer', viewerOf(session.user));
      c.set('actor', `user:${session.user.email}`);
      c.set('csrf', session.csrfToken);
    } else {
      clearSessionCookie(c);
    }
  }
  await next();
});

export type CsrfFailure = 'origin' | 'token';

/** Checks a POST: same-site Origin (when sent) and the form's token. Null when it passes. */
export async function csrfFailure(c: Context<WebEnv>): Promise<CsrfFailure | null> {
  const origin = c.req.header('Origin');
  if (origin) {
    const allowed = new Set([new URL(c.req.url).origin, new URL(c.get('deps').config.publicUrl).origin]);
    if (!allowed.has(origin)) return 'origin';
  }
  const body = await c.req.parseBody();
  const sent = typeof body._csrf === 'string' ? body._csrf : '';
  return constantTimeEqual(sent, c.get('csrf')) ? null : 'token';
}
