/**
 * @module The API's description and its readable page:
 *
 *   GET /api/openapi.json            the OpenAPI 3.1 document (document.ts)
 *   GET /api/docs                    Redoc's page for it, served by this service (no CDN)
 *   GET /assets/redoc.standalone.js  Redoc's standalone bundle, from the npm package
 *
 * The docs page is the one page with a script: its CSP allows that one script from this origin
 * (and the styles and web worker Redoc makes for itself); every other page keeps no scripts.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../http/deps.js';
import { openApiDocument } from './document.js';

export const DOCS_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  'worker-src blob:',
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const cache = new WeakMap<object, string>();

export function openApiRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/api/openapi.json', (c) => {
    const { config } = c.get('deps');
    let text = cache.get(config);
    if (!text) {
      text = JSON.stringify(openApiDocument(config.publicUrl, config.partnershipName));
      cache.set(config, text);
    }
    return c.body(text, 200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'public, max-age=300' });
  });

  app.get('/api/docs', (c) => {
    const { config, apiDocsScript } = c.get('deps');
    const title = `${config.partnershipName} calendar API`.replace(/[<&"]/g, '');
    const page = apiDocsScript
      ? `<redoc spec-url="/api/openapi.json"></redoc><script src="/assets/redoc.standalone.js"></script>`
      : `<main><h1>${title}</h1><p>The readable page is served by the Node server. The description itself: <a href="/api/openapi.json">/api/openapi.json</a> (open it in any OpenAPI viewer).</p></main>`;
    return c.html(
      `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head><body>${page}</body></html>`,
      200,
      { 'Content-Security-Policy': DOCS_POLICY, 'Cache-Control': 'public, max-age=300' },
    );
  });

  app.get('/assets/redoc.standalone.js', async (c) => {
    const { apiDocsScript } = c.get('deps');
    if (!apiDocsScript) return c.notFound();
    return c.body(await apiDocsScript(), 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=86400',
    });
  });

  return app;
}
