/**
 * @module The web app: public calendar pages and the organisers' workspace, mounted at '/'.
 * Security headers cover every answer of the service; sessions and CSRF checks only the pages.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../deps.js';
import { NotFoundPage } from '../pages/event.js';
import { ForbiddenPage } from '../pages/signin.js';
import { STYLESHEET } from '../pages/assets/styles.js';
import { authPages } from './auth.js';
import type { WebEnv } from './env.js';
import { organiserPages } from './organise/index.js';
import { publicPages } from './public.js';
import { subscribePages } from './subscribe.js';
import { pageContext, render } from './render.js';
import { securityHeaders } from './security.js';
import { csrfFailure, identifyUser } from './session.js';
import { isUploadPath, MEETING_PAGE_PATHS, meetingPages, UPLOAD_BODY_BYTES } from '../../meetings/index.js';

/** Paths the pages own; session lookup and CSRF checks run only here, never on /api or /feeds. */
const PAGE_PATHS = [
  '/',
  '/events/*',
  '/calendar/*',
  '/subscribe',
  '/signin',
  '/signout',
  '/organise',
  '/organise/*',
  ...MEETING_PAGE_PATHS,
];

/** Forms, CSV uploads included, are small; anything bigger is refused before it is read. */
const MAX_FORM_BYTES = 1024 * 1024;

const STYLESHEET_ETAG = `"css-${STYLESHEET.length.toString(36)}-${[...STYLESHEET].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7).toString(36)}"`;

export function webRoutes(): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.use('*', securityHeaders as never);
  const formLimit = bodyLimit({ maxSize: MAX_FORM_BYTES, onError: (c) => c.text('The form is too large (at most 1 MB).', 413) });
  // Meeting documents are the one upload (up to 20 MB); every other form stays small.
  const uploadLimit = bodyLimit({ maxSize: UPLOAD_BODY_BYTES, onError: (c) => c.text('The file is too large (at most 20 MB).', 413) });
  for (const path of PAGE_PATHS) {
    app.use(path, (c, next) => (isUploadPath(c.req.path) ? uploadLimit(c, next) : formLimit(c, next)));
    app.use(path, identifyUser);
    app.use(path, async (c, next) => {
      if (c.req.method === 'POST') {
        const failure = await csrfFailure(c);
        if (failure) {
          const message =
            failure === 'origin'
              ? 'The form was sent from another site, so it was refused.'
              : 'The form had expired or was not sent from this site. Go back, reload the page and try again.';
          return render(c, <ForbiddenPage ctx={pageContext(c)} message={message} />, 403);
        }
      }
      await next();
    });
  }
  app.get('/assets/site.css', (c) => {
    if (c.req.header('If-None-Match') === STYLESHEET_ETAG) return c.body(null, 304);
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=3600');
    c.header('ETag', STYLESHEET_ETAG);
    return c.body(STYLESHEET);
  });
  app.route('/', publicPages());
  app.route('/', subscribePages());
  app.route('/', authPages());
  app.route('/', organiserPages());
  app.route('/', meetingPages());
  return app;
}

/** True when a request for an unknown path comes from a browser rather than an API client. */
export function wantsPage(c: Context): boolean {
  return !c.req.path.startsWith('/api/') && (c.req.header('Accept') ?? '').includes('text/html');
}

export function notFoundPage(c: Context<AppEnv>): Response {
  const ctx = { partnershipName: c.get('deps').config.partnershipName, user: null, csrf: '', path: c.req.path, subscribeUrl: null };
  return c.html(`<!doctype html>${String(<NotFoundPage ctx={ctx} />)}`, 404);
}
