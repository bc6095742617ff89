/**
 * @module The web app: public calendar pages, subscribe pages, the pages behind email links and the
 * organisers' workspace, mounted at '/'. Security headers cover every answer of the service.
 *
 * Fail closed: every request outside /api (which authenticates with bearer tokens, never cookies)
 * gets the session loaded, and every unsafe request (POST, PUT, PATCH, DELETE) must carry this
 * site's CSRF token and, when the browser names its origin, come from this site. A route opts out
 * only by being named in CSRF_EXEMPT with its reason; a test enumerates the app's routes and fails
 * for any unsafe one that is neither refused without a token nor named there.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { errorForLog, visibleText } from '../../domain/visible-text.js';
import { accountPages } from '../../account/index.js';
import { memberReminderPages } from '../../member-reminders/index.js';
import { ConflictError } from '../../db/store.js';
import type { AppEnv } from '../deps.js';
import { HttpError } from '../errors.js';
import { ErrorPage } from '../pages/error.js';
import { NotFoundPage } from '../pages/event.js';
import { ForbiddenPage } from '../pages/signin.js';
import { STYLESHEET } from '../pages/assets/styles.js';
import { accessibilityPages } from './accessibility.js';
import { signInLinkPages } from '../../signin/index.js';
import { authPages } from './auth.js';
import type { WebEnv } from './env.js';
import { organiserPages } from './organise/index.js';
import { publicPages } from './public.js';
import { subscribePages } from './subscribe.js';
import { pageContext, render } from './render.js';
import { securityHeaders } from './security.js';
import { refuseBrokenTextInForm } from '../request.js';
import { csrfFailure, identifyUser } from './session.js';
import { isUploadPath, meetingPages, UPLOAD_BODY_BYTES } from '../../meetings/index.js';

/** Forms, CSV uploads included, are small; anything bigger is refused before it is read. */
const MAX_FORM_BYTES = 1024 * 1024;

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The only unsafe routes outside /api that take a request without this site's CSRF token, and why.
 * Each is authorised by something else an attacker cannot forge (a signed token in the address).
 */
export const CSRF_EXEMPT: readonly { method: string; path: string; why: string }[] = [
  {
    method: 'POST',
    path: '/email/unsubscribe/:token',
    why: 'RFC 8058 one-click unsubscribe: mail clients post "List-Unsubscribe=One-Click" without opening a page; the signed token in the address is the authority',
  },
];

const exemptPatterns = CSRF_EXEMPT.map(({ method, path }) => ({
  method,
  re: new RegExp(`^${path.replace(/:[A-Za-z]+/g, '[^/]+')}$`),
}));

/** True for the API (bearer tokens, JSON answers); everything else is a page route. */
export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

const STYLESHEET_ETAG = `"css-${STYLESHEET.length.toString(36)}-${[...STYLESHEET].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7).toString(36)}"`;

const formLimit = bodyLimit({ maxSize: MAX_FORM_BYTES, onError: (c) => c.text('The form is too large (at most 1 MB).', 413) });
// Meeting documents are the one upload (up to 20 MB); every other form stays small.
const uploadLimit = bodyLimit({ maxSize: UPLOAD_BODY_BYTES, onError: (c) => c.text('The file is too large (at most 20 MB).', 413) });
// GET and HEAD carry no body we read: hono's bodyLimit would still look at `c.req.raw.body`, which
// makes @hono/node-server build a full web Request (with an AbortSignal) for every page and feed
// GET (~0.3 ms each; a third of a warm 1k feed GET, ADR 191).
const limitForms: MiddlewareHandler<WebEnv> = (c, next) =>
  c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : isUploadPath(c.req.path) ? uploadLimit(c, next) : formLimit(c, next);

/** Runs `middleware` on every page route: everything but the API. */
function onPages(middleware: MiddlewareHandler<WebEnv>, opts: { staticToo: boolean }): MiddlewareHandler<WebEnv> {
  return (c, next) => {
    if (isApiPath(c.req.path)) return next();
    // The stylesheet and the health check need no session; anything unsafe there is still checked.
    if (!opts.staticToo && !UNSAFE_METHODS.has(c.req.method) && (c.req.path.startsWith('/assets/') || c.req.path === '/healthz'))
      return next();
    return middleware(c, next);
  };
}

/** Refuses an unsafe request without this site's CSRF token, unless its route is named in CSRF_EXEMPT. */
const csrfGuard: MiddlewareHandler<WebEnv> = async (c, next) => {
  if (!UNSAFE_METHODS.has(c.req.method) || exemptPatterns.some((e) => e.method === c.req.method && e.re.test(c.req.path))) {
    return next();
  }
  // HTML forms only ever POST; any other unsafe method on a page route is refused outright.
  const failure = c.req.method === 'POST' ? await csrfFailure(c) : 'token';
  if (!failure) return next();
  const message =
    failure === 'origin'
      ? 'The form was sent from another site, so it was refused.'
      : 'The form had expired or was not sent from this site. Go back, reload the page and try again.';
  return render(c, <ForbiddenPage ctx={pageContext(c)} message={message} />, 403);
};

export function webRoutes(): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.use('*', securityHeaders as never);
  app.use('*', onPages(limitForms, { staticToo: false }));
  app.use('*', onPages(identifyUser, { staticToo: false }));
  // A form whose text is not UTF-8 is refused naming the field, before anything reads it as U+FFFD.
  app.use('*', onPages(refuseBrokenTextInForm, { staticToo: false }));
  app.use('*', onPages(csrfGuard, { staticToo: true }));
  app.get('/assets/site.css', (c) => {
    if (c.req.header('If-None-Match') === STYLESHEET_ETAG) return c.body(null, 304);
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=3600');
    c.header('ETag', STYLESHEET_ETAG);
    return c.body(STYLESHEET);
  });
  app.route('/', publicPages());
  app.route('/', subscribePages());
  app.route('/', accessibilityPages());
  app.route('/', authPages());
  app.route('/', accountPages());
  app.route('/', memberReminderPages());
  app.route('/', signInLinkPages());
  app.route('/', organiserPages());
  app.route('/', meetingPages());
  return app;
}

/** Files the service publishes (calendar, news feeds, CSV), whose errors stay JSON whoever asks. */
const PUBLISHED_FILE = /\.(ics|rss|atom|json|csv)$/;

/**
 * True when a request should be answered with a page rather than JSON: a browser (it accepts
 * HTML) asking for anything but the API or a published file (iCalendar, RSS, Atom, JSON Feed, CSV).
 */
export function wantsPage(c: Context): boolean {
  const path = c.req.path;
  return !isApiPath(path) && !PUBLISHED_FILE.test(path) && (c.req.header('Accept') ?? '').includes('text/html');
}

/** The context of a page when the request may not have passed through the page middleware. */
function errorContext(c: Context<AppEnv>) {
  const web = c as unknown as Context<WebEnv>;
  return { ...pageContext(web), user: web.get('user') ?? null, csrf: web.get('csrf') ?? '' };
}

export function notFoundPage(c: Context<AppEnv>): Response {
  return render(c as unknown as Context<WebEnv>, <NotFoundPage ctx={errorContext(c)} />, 404);
}

/** An error thrown while answering a page request, as an HTML page with the same status. */
export function errorPage(err: Error, c: Context<AppEnv>): Response {
  let status: ContentfulStatusCode = 500;
  let messages: string[] = [];
  if (err instanceof HttpError) {
    for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
    status = err.status;
    messages = err.errors.map((e) => sentence(e.message));
  } else if (err instanceof ConflictError) {
    status = 409;
    messages = [sentence(err.message)];
  } else {
    const s = (err as { status?: number }).status;
    if (typeof s === 'number' && s >= 400 && s < 500) {
      status = s as ContentfulStatusCode;
      messages = err.message ? [sentence(err.message)] : [];
    } else {
      console.error(`unhandled error ${c.req.method} ${visibleText(c.req.path)}: ${errorForLog(err)}`);
    }
  }
  return render(c as unknown as Context<WebEnv>, <ErrorPage ctx={errorContext(c)} status={status} messages={messages} />, status);
}

/** "this link is not valid" → "This link is not valid." */
function sentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  return `${t[0]!.toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}`;
}
