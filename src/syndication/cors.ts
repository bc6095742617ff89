/**
 * @module Cross-origin reading of the public feeds, so a widget on a partner's website (for
 * example FullCalendar's iCalendar source) can load them from the browser: any origin may read
 * them (`Access-Control-Allow-Origin: *`, no credentials), preflights are answered, and the
 * validators a widget needs for conditional requests are exposed. Private feeds (a token in the
 * path or the query) and the API never get these headers: a token must not be readable by
 * whatever page a subscriber happens to visit.
 */
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from '../http/deps.js';

const FEED_EXTENSION = '(ics|rss|atom|json)';
const PUBLIC_FEED = new RegExp(`^/feeds/(public|groups/[^/]+)\\.${FEED_EXTENSION}$`);
const PUBLIC_EVENT = /^\/feeds\/events\/[^/]+\.ics$/;

/** True for the addresses of public feeds: the public calendar, group calendars, public event downloads. */
export function isPublicFeed(path: string, query: (name: string) => string | undefined): boolean {
  if (PUBLIC_FEED.test(path)) return true;
  return PUBLIC_EVENT.test(path) && query('token') === undefined;
}

const EXPOSE_HEADERS = ['ETag', 'Last-Modified', 'Content-Length'];

/** The preflight (OPTIONS) answer: hono's cors middleware, which answers it before any route. */
const publicPreflight = cors({
  origin: '*',
  allowMethods: ['GET', 'HEAD', 'OPTIONS'],
  allowHeaders: ['If-None-Match', 'If-Modified-Since', 'Cache-Control'],
  exposeHeaders: EXPOSE_HEADERS,
  maxAge: 86400,
});

/** The two headers a public feed GET gets, also for a route that keeps them with its body (ADR 221). */
export const FEED_CORS_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': EXPOSE_HEADERS.join(','),
};

/**
 * Applies CORS to public feeds only; everything else passes through untouched. A GET gets its two
 * headers added to the route's own answer after it is made, never before: hono's cors middleware
 * sets them on `c.res` before the route runs, and Hono then re-wraps the route's answer
 * (`new Response(res.body, res)`), which turns a kept feed body into a web stream that
 * @hono/node-server copies chunk by chunk (0.2-0.36x a raw server at 1k-100k events, ADR 191).
 * Added afterwards, the kept bytes are written to the socket as they are.
 */
export const publicFeedCors: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!isPublicFeed(c.req.path, (name) => c.req.query(name))) return next();
  if (c.req.method === 'OPTIONS') return publicPreflight(c, next);
  // The feed route adds them to the headers it keeps with its body, and says so (ADR 221).
  c.set('feedCors', true);
  await next();
  if (c.get('headersKept')?.cors) return;
  const headers = c.res.headers;
  for (const [name, value] of Object.entries(FEED_CORS_HEADERS)) headers.set(name, value);
};
