/**
 * @module Syndication over HTTP: news feeds of every iCalendar feed, the embeddable listing, and
 * CORS for public feeds. Mounted before the iCalendar feed routes, whose `/feeds/groups/:name`
 * would otherwise take `iag.rss` for a group called "iag.rss".
 *
 *   GET /feeds/public.{rss,atom,json}?theme=&kind=&group=&organisation=
 *   GET /feeds/groups/{slug}.{rss,atom,json}
 *   GET /feeds/private/{token}.{rss,atom,json}
 *   GET /embed?theme=&kind=&group=&organisation=&limit=   (framable only from EMBED_ORIGINS)
 *   GET /assets/embed.css
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../http/deps.js';
import { badRequest } from '../http/errors.js';
import { intParam } from '../http/request.js';
import { feedQuery, privateFeedOf, sendFeed } from '../http/routes/feeds.js';
import { queryString } from '../feeds/filter.js';
import { viewerChangedAt } from '../feeds/freshness.js';
import { resolveFeed, UnknownFilterValue, type FeedRequest, type FeedRoute } from '../feeds/service.js';
import { ANONYMOUS } from '../domain/visibility.js';
import { publicFeedCors } from './cors.js';
import { EMBED_STYLESHEET, EmbedPage } from './embed-page.js';
import { FORMATS, isNewsFormat, type NewsFormat } from './formats.js';
import { feedPath, getNewsFeed } from './service.js';
import { upcomingOccurrences } from './upcoming.js';

const NEWS_FILE = '{[^/]+\\.(?:rss|atom|json)}';

function splitNews(file: string): { base: string; format: NewsFormat } {
  const dot = file.lastIndexOf('.');
  const format = file.slice(dot + 1);
  if (!isNewsFormat(format)) throw new Error(`not a news feed: ${file}`);
  return { base: file.slice(0, dot), format };
}

async function serveNews(c: Context<AppEnv>, format: NewsFormat, request: FeedRequest, path: string, filename: string, notBefore = 0) {
  const { store, config, clock } = c.get('deps');
  try {
    const entry = await getNewsFeed({ store, config, now: clock() }, format, request, path);
    return await sendFeed(c, entry, {
      privateFeed: request.route.kind === 'private',
      filename: `${filename}.${format}`,
      contentType: FORMATS[format].contentType,
      notBefore,
    });
  } catch (error) {
    if (error instanceof UnknownFilterValue) throw badRequest(error.errors);
    throw error;
  }
}

/** The embed page's policy: the site's, but framable by the listed origins only ('none' if none). */
export function embedPolicy(origins: readonly string[]): string {
  return [
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self' data:",
    "form-action 'none'",
    `frame-ancestors ${origins.length ? origins.join(' ') : "'none'"}`,
    "base-uri 'none'",
  ].join('; ');
}

const EMBED_CSS_ETAG = `"embed-${EMBED_STYLESHEET.length.toString(36)}"`;

export function syndicationRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('/feeds/*', publicFeedCors);

  app.get(`/feeds/:file${NEWS_FILE}`, async (c) => {
    const { base, format } = splitNews(c.req.param('file'));
    if (base !== 'public') return c.notFound();
    const query = await feedQuery(c);
    const request: FeedRequest = { route: { kind: 'public' }, query, viewer: ANONYMOUS };
    return serveNews(c, format, request, feedPath(request), 'calendar');
  });

  app.get(`/feeds/groups/:file${NEWS_FILE}`, async (c) => {
    const { base: slug, format } = splitNews(c.req.param('file'));
    const request: FeedRequest = { route: { kind: 'group', slug }, query: await feedQuery(c), viewer: ANONYMOUS };
    return serveNews(c, format, request, feedPath(request), slug);
  });

  app.get(`/feeds/private/:file${NEWS_FILE}`, async (c) => {
    const { base: token, format } = splitNews(c.req.param('file'));
    const query = await feedQuery(c);
    const { subscription, viewer } = await privateFeedOf(c, token);
    const route: FeedRoute = { kind: 'private', audience: subscription.organisationId ? 'partner' : 'member' };
    const request: FeedRequest = { route, query, viewer };
    // A member joining or leaving a group changes this list without touching any event.
    const { store, clock } = c.get('deps');
    const groupsChangedAt = await viewerChangedAt(store, subscription, viewer, clock());
    return serveNews(c, format, request, feedPath(request, token), 'calendar', groupsChangedAt);
  });

  app.get('/assets/embed.css', (c) => {
    if (c.req.header('If-None-Match') === EMBED_CSS_ETAG) return c.body(null, 304);
    return c.body(EMBED_STYLESHEET, 200, {
      'Content-Type': 'text/css; charset=utf-8',
      'Cache-Control': 'public, max-age=3600',
      ETag: EMBED_CSS_ETAG,
    });
  });

  app.get('/embed', async (c) => {
    const { store, config, clock } = c.get('deps');
    const query = await feedQuery(c);
    const limit = intParam(c, 'limit', { fallback: 10, min: 1, max: 50 });
    const request: FeedRequest = { route: { kind: 'public' }, query, viewer: ANONYMOUS };
    let resolved;
    try {
      resolved = await resolveFeed(store, config.partnershipName, request);
    } catch (error) {
      if (error instanceof UnknownFilterValue) throw badRequest(error.errors);
      throw error;
    }
    const items = await upcomingOccurrences(store, ANONYMOUS, resolved.filter, clock(), limit);
    const filters = queryString(query);
    const page = (
      <EmbedPage
        partnershipName={config.partnershipName}
        name={resolved.name}
        publicUrl={config.publicUrl}
        items={items}
        calendarUrl={`${config.publicUrl}/`}
        subscribeUrl={`${config.publicUrl}/subscribe${filters}`}
      />
    );
    return c.html(`<!doctype html>${String(page)}`, 200, {
      'Content-Security-Policy': embedPolicy(config.embedOrigins ?? []),
      'Cache-Control': 'public, max-age=300',
    });
  });

  return app;
}
