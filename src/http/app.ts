/**
 * @module createApp: the whole HTTP service from its dependencies. No runtime-specific API is
 * touched here, so Node and Workers serve the same app.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { identify } from './auth.js';
import type { AppDeps, AppEnv } from './deps.js';
import { errorBody, handleError } from './errors.js';
import { refuseBrokenTextInForm, refuseHiddenCharactersInAddress } from './request.js';
import { directoryRoutes } from './routes/directory.js';
import { eventRoutes } from './routes/events.js';
import { feedRoutes } from './routes/feeds.js';
import { metaRoutes } from './routes/meta.js';
import { notifyRoutes } from './routes/notify.js';
import { errorPage, notFoundPage, wantsPage, webRoutes } from './web/index.js';
import { isUploadPath, meetingApi, UPLOAD_BODY_BYTES } from '../meetings/index.js';
import { syndicationRoutes } from '../syndication/index.js';
import { importApiRoutes } from '../import/index.js';
import { openApiRoutes } from '../openapi/index.js';

export const MAX_BODY_BYTES = 1024 * 1024;

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.onError((err, c) => (wantsPage(c) ? errorPage(err, c) : handleError(err, c)));
  app.notFound((c) =>
    wantsPage(c)
      ? notFoundPage(c)
      : c.json(errorBody([{ field: 'path', message: `no such endpoint: ${c.req.method} ${c.req.path}` }]), 404),
  );
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  // Before every route: an address carrying NUL or another hidden character is refused once, here.
  app.use('*', refuseHiddenCharactersInAddress);
  app.get('/healthz', (c) => c.json({ ok: true }));
  // First, so its security headers wrap every later route too.
  app.route('/', webRoutes());

  const api = new Hono<AppEnv>();
  const limit = (maxSize: number) =>
    bodyLimit({ maxSize, onError: (c) => c.json(errorBody([{ field: 'body', message: `must be at most ${maxSize} bytes` }]), 413) });
  const small = limit(MAX_BODY_BYTES);
  // Meeting documents (up to 20 MB) are the one upload; every other body stays small.
  const upload = limit(UPLOAD_BODY_BYTES);
  // Not on GET or HEAD, which carry no body we read: bodyLimit's look at the body builds a full web Request (ADR 191).
  api.use('*', (c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : isUploadPath(c.req.path) ? upload(c, next) : small(c, next),
  );
  // A form's text that is not UTF-8 (an upload's fields) is refused naming the field, as on the pages.
  api.use('*', refuseBrokenTextInForm);
  api.use('*', identify);
  api.route('/', eventRoutes());
  api.route('/', directoryRoutes());
  api.route('/', metaRoutes());
  api.route('/', notifyRoutes());
  api.route('/', meetingApi());
  api.route('/', importApiRoutes());
  app.route('/api', api);
  app.route('/', openApiRoutes());
  app.route('/', syndicationRoutes());
  app.route('/', feedRoutes());
  return app;
}
