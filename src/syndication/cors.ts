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

const FEED_EXTENSION = '(ics|rss|atom|json)';
const PUBLIC_FEED = new RegExp(`^/feeds/(public|groups/[^/]+)\\.${FEED_EXTENSION}$`);
const PUBLIC_EVENT = /^\/feeds\/events\/[^/]+\.ics$/;

/** True for the addresses of public feeds: the public calendar, group calendars, public event downloads. */
export function isPublicFeed(path: string, query: (name: string) => string | undefined): boolean {
  if (PUBLIC_FEED.test(path)) return true;
  return PUBLIC_EVENT.test(path) && query('token') === undefined;
}

const publicCors = cors({
  origin: '*',
  allowMethods: ['GET', 'HEAD', 'OPTIONS'],
  allowHeaders: ['If-None-Match', 'If-Modified-Since', 'Cache-Control'],
  exposeHeaders: ['ETag', 'Last-Modified', 'Content-Length'],
  maxAge: 86400,
});

/** Applies CORS to public feeds only; everything else passes through untouched. */
export const publicFeedCors: MiddlewareHandler = async (c, next) => {
  if (isPublicFeed(c.req.path, (name) => c.req.query(name))) return publicCors(c, next);
  await next();
};
