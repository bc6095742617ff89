/**
 * @module iCalendar feeds over HTTP: subscription feeds (public, filtered, per group, private),
 * single-event downloads, and the organisers' API for private feed tokens (the subscribe pages,
 * in the site's layout, are src/http/web/subscribe.tsx). Feed bodies come from the feed cache; this file only speaks HTTP (ETag,
 * Last-Modified, 304, HEAD via Hono's GET handling).
 *
 *   GET /feeds/public.ics?theme=&kind=&group=&organisation=   the public calendar, filtered
 *       (or ?f=<id>: a stored filter choice, for addresses that would pass 256 characters)
 *   GET /feeds/groups/{slug}.ics           a group's meetings and events
 *   GET /feeds/private/{token}.ics         a partner's or member's private feed (same filters)
 *   GET /feeds/events/{id}.ics             one event, as a download
 *   GET|POST /api/feed-subscriptions, DELETE /api/feed-subscriptions/{id}   (organisers)
 */
import { Hono, type Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { getEvent } from '../../db/events.js';
import {
  createFeedSubscription,
  findFeedSubscription,
  listFeedSubscriptions,
  revokeFeedSubscription,
  viewerOf,
  type FeedSubscription,
} from '../../db/feed-subscriptions.js';
import { ANONYMOUS, canSee, type Viewer } from '../../domain/visibility.js';
import type { FeedBody } from '../../feeds/build.js';
import type { CachedFeed } from '../../feeds/cache.js';
import { isNotModified, lastModifiedAfter, lastModifiedToSend, strongEtag } from '../../feeds/conditional.js';
import { acceptsGzip, gzipEtag, gzipReady } from '../../feeds/gzip.js';
import { queryString, type FeedQuery } from '../../feeds/filter.js';
import { resolveFeedQuery } from '../../feeds/filter-sets.js';
import { configSignature, viewerChangedAt } from '../../feeds/freshness.js';
import { belongsInFeed, renderCalendar } from '../../feeds/ics.js';
import { feedCacheFor, getFeed, REFRESH_MINUTES, UnknownFilterValue, type FeedRequest, type FeedRoute } from '../../feeds/service.js';
import { resolveFeedOwner, privateFeedUrls } from '../../feeds/owner.js';
import { identify, requireOrganiser } from '../auth.js';
import { securityHeaderRecord } from '../web/security.js';
import { FEED_CORS_HEADERS } from '../../syndication/cors.js';
import type { AppEnv } from '../deps.js';
import { badRequest, HttpError, notFound } from '../errors.js';
import { readJsonObject } from '../request.js';

const MAX_AGE = 300;

export async function feedQuery(c: Context<AppEnv>): Promise<FeedQuery> {
  // The query parsed once (each c.req.queries(name) parses the address again), or not at all.
  const all = c.req.url.includes('?') ? c.req.queries() : {};
  const read = await resolveFeedQuery(c.get('deps').store, (name) => all[name] ?? []);
  if (!read.ok) throw badRequest(read.errors);
  return read.query;
}

interface FeedHeaders {
  notModified: Record<string, string>;
  identity: Record<string, string>;
  gzip: Record<string, string>;
  /** `gzip` with the Content-Length of the entry's gzip form, once it is made. */
  gzipSized?: Record<string, string>;
}

/**
 * Headers are built once per cached body and variant, not once per request, and carry what the
 * security and CORS middlewares would add, so those leave the answer's light headers alone (ADR 221).
 * A rebuild that writes the same bytes keeps its entry object (src/feeds/cache.ts) with a later
 * lastModified, so the headers are kept for the lastModified they were written with and made again
 * when it moves: otherwise Last-Modified would go back to the first build's.
 */
const headerCache = new WeakMap<CachedFeed, { lastModified: number; variants: Map<string, FeedHeaders> }>();

function feedHeaders(
  entry: CachedFeed,
  opts: { privateFeed: boolean; filename: string; contentType: string; publicUrl: string; cors: boolean },
): FeedHeaders {
  const variant = `${opts.privateFeed}|${opts.cors}|${opts.filename}|${opts.contentType}|${opts.publicUrl}`;
  let kept = headerCache.get(entry);
  if (kept?.lastModified !== entry.lastModified) headerCache.set(entry, (kept = { lastModified: entry.lastModified, variants: new Map() }));
  const variants = kept.variants;
  let headers = variants.get(variant);
  if (!headers) {
    const { privateFeed, filename, contentType } = opts;
    const common = {
      ...securityHeaderRecord(opts.publicUrl, contentType),
      ...(opts.cors ? FEED_CORS_HEADERS : {}),
      'Last-Modified': new Date(entry.lastModified).toUTCString(),
      'Cache-Control': `${privateFeed ? 'private' : 'public'}, max-age=${MAX_AGE}`,
      'X-Content-Type-Options': 'nosniff',
      Vary: 'Accept-Encoding',
      ...(privateFeed ? { 'X-Robots-Tag': 'noindex', 'Referrer-Policy': 'no-referrer' } : {}),
    };
    const content = { 'Content-Type': contentType, 'Content-Disposition': `inline; filename="${filename}"` };
    headers = {
      notModified: { ...common, ETag: entry.etag },
      identity: { ...common, ...content, ETag: entry.etag, 'Content-Length': String(entry.bytes) },
      gzip: { ...common, ...content, ETag: gzipEtag(entry.etag), 'Content-Encoding': 'gzip' },
    };
    variants.set(variant, headers);
  }
  return headers;
}

/**
 * Serves a feed body. `notBefore` (ms) is the last change to an input of this subscriber's feed
 * the shared body cannot know of (a member joining or leaving a group): Last-Modified is never
 * earlier, so If-Modified-Since alone cannot keep a stale copy alive.
 */
async function serveFeed(c: Context<AppEnv>, request: FeedRequest, filename: string, notBefore = 0): Promise<Response> {
  const { store, config, clock } = c.get('deps');
  let entry: CachedFeed;
  try {
    entry = await getFeed({ store, config, now: clock() }, request);
  } catch (error) {
    if (error instanceof UnknownFilterValue) throw badRequest(error.errors);
    throw error;
  }
  return sendFeed(c, entry, {
    privateFeed: request.route.kind === 'private',
    filename,
    contentType: 'text/calendar; charset=utf-8',
    notBefore,
  });
}

/**
 * Answers with a cached feed body of any format: 304 when the client's copy is current (ETag or
 * Last-Modified), gzip when accepted, private caching and no indexing for private feeds.
 * `notBefore` (ms, optional) raises Last-Modified to the last change of an input the shared body
 * cannot know of (see serveFeed).
 */
export async function sendFeed(
  c: Context<AppEnv>,
  entry: CachedFeed,
  opts: { privateFeed: boolean; filename: string; contentType: string; notBefore?: number },
): Promise<Response> {
  const gzip = acceptsGzip(c.req.header('Accept-Encoding'));
  const cors = c.get('feedCors') === true;
  let headers = feedHeaders(entry, { ...opts, publicUrl: c.get('deps').config.publicUrl, cors });
  // Each answer below carries the security headers (and the CORS ones where asked), so the
  // middlewares leave it as it is; an error thrown on the way gets theirs as any other.
  const kept = (body: ResponseBody, status: 200 | 304, record: Record<string, string>): Response => {
    c.set('headersKept', { security: true, cors });
    return answerWith(c, body, status, record);
  };
  const lastModified = Math.max(entry.lastModified, lastModifiedAfter(opts.notBefore ?? 0));
  // Within the second of the last change the header says that second's start, never a time after
  // the response's own; the 304 check below compares with the second's end (lastModifiedAfter).
  const sent = lastModifiedToSend(lastModified, c.get('deps').clock().getTime());
  if (sent !== entry.lastModified) headers = withLastModified(headers, sent);
  const header = (name: string) => c.req.header(name);
  // Either representation's tag proves the client has the current content.
  if (isNotModified(header, { etag: entry.etag, lastModified }) || isNotModified(header, { etag: gzipEtag(entry.etag), lastModified })) {
    return kept(null, 304, gzip ? { ...headers.notModified, ETag: gzipEtag(entry.etag) } : headers.notModified);
  }
  // A large body just rebuilt goes out uncompressed while its gzip form is made in the background.
  const body = gzip ? await gzipReady(entry) : null;
  if (!body) return kept(bodyOf(entry.body), 200, headers.identity);
  headers.gzipSized ??= { ...headers.gzip, 'Content-Length': String(body.byteLength) };
  return kept(body, 200, headers.gzipSized);
}

type ResponseBody = Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array<ArrayBuffer>> | null;

/**
 * A feed answer as a Response carrying its kept header record itself. `c.body(…, record)` copies a
 * record of more than one header into a web Headers object (each name checked and lower-cased),
 * which @hono/node-server then turns back into a record for writeHead; given a Response made with
 * the record, it writes the record as it is: a quarter of a warm 1k GET's CPU in process
 * (perf-16c, ADR 289). Hono still routes the request through every middleware, and those that
 * act after the route see this Response as any other. A request with cookies is answered through
 * c.body: the session middleware may have set a header before the route (clearing a stale session
 * cookie), which only c.body carries; calendar clients send none. On Workers, an ordinary Response.
 */
function answerWith(c: Context<AppEnv>, body: ResponseBody, status: 200 | 304, record: Record<string, string>): Response {
  if (c.req.header('Cookie') !== undefined) return body === null ? c.body(null, 304, record) : c.body(body, 200, record);
  return new Response(body, { status, headers: record });
}

/**
 * A body to answer with: its one chunk as it is (written to the socket in one go), or a stream of
 * its chunks, views of the kept bytes (never a copy of them).
 */
function bodyOf(body: FeedBody): Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array<ArrayBuffer>> {
  if (body.length === 1) return body[0]!;
  let next = 0;
  return new ReadableStream<Uint8Array<ArrayBuffer>>({
    pull(controller) {
      if (next < body.length) controller.enqueue(body[next++]!);
      else controller.close();
    },
  });
}

function withLastModified(headers: FeedHeaders, lastModified: number): FeedHeaders {
  const value = new Date(lastModified).toUTCString();
  return {
    notModified: { ...headers.notModified, 'Last-Modified': value },
    identity: { ...headers.identity, 'Last-Modified': value },
    gzip: { ...headers.gzip, 'Last-Modified': value },
  };
}

function splitName(raw: string): { base: string; ics: boolean } {
  return raw.endsWith('.ics') ? { base: raw.slice(0, -4), ics: true } : { base: raw, ics: false };
}

export async function privateFeedOf(c: Context<AppEnv>, token: string): Promise<{ subscription: FeedSubscription; viewer: Viewer }> {
  const { store, clock } = c.get('deps');
  const subscription = await findFeedSubscription(store, token, clock());
  if (!subscription) {
    throw new HttpError(404, [
      { field: 'token', message: 'this private calendar address is not valid or has been revoked; ask the organisers for a new one' },
    ]);
  }
  return { subscription, viewer: await viewerOf(store, subscription) };
}

const ctx = (c: Context<AppEnv>) => ({ actor: c.get('actor'), now: c.get('deps').clock() });

function subscriptionView(config: { publicUrl: string }, subscription: FeedSubscription, token: string) {
  return { ...subscription, token, ...privateFeedUrls(config.publicUrl, token) };
}

/** Identifies the caller unless the /api app already did (its middleware also matches these paths). */
const identifyOnce = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get('viewer')) return next();
  return identify(c, next);
});

export function feedRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/feeds/public.ics', async (c) => {
    const query = await feedQuery(c);
    const { publicUrl } = c.get('deps').config;
    return serveFeed(
      c,
      { route: { kind: 'public' }, query, viewer: ANONYMOUS, feedUrl: `${publicUrl}/feeds/public.ics${queryString(query)}` },
      'calendar.ics',
    );
  });

  app.get('/feeds/groups/:name', async (c) => {
    const { base: slug, ics } = splitName(c.req.param('name'));
    if (!ics) throw notFound('feed');
    const query = await feedQuery(c);
    const { config } = c.get('deps');
    return serveFeed(
      c,
      {
        route: { kind: 'group', slug },
        query,
        viewer: ANONYMOUS,
        feedUrl: `${config.publicUrl}/feeds/groups/${encodeURIComponent(slug)}.ics${queryString(query)}`,
      },
      `${slug}.ics`,
    );
  });

  app.get('/feeds/private/:name', async (c) => {
    const { base: token, ics } = splitName(c.req.param('name'));
    if (!ics) throw notFound('feed');
    const query = await feedQuery(c);
    const { subscription, viewer } = await privateFeedOf(c, token);
    const route: FeedRoute = { kind: 'private', audience: subscription.organisationId ? 'partner' : 'member' };
    const { store, clock } = c.get('deps');
    const groupsChangedAt = await viewerChangedAt(store, subscription, viewer, clock());
    return serveFeed(c, { route, query, viewer }, 'calendar.ics', groupsChangedAt);
  });

  app.get('/feeds/events/:name', async (c) => {
    const { base: id, ics } = splitName(c.req.param('name'));
    if (!ics) throw notFound('event');
    const { store, config, clock } = c.get('deps');
    const token = c.req.query('token');
    const viewer = token ? (await privateFeedOf(c, token)).viewer : ANONYMOUS;
    const event = await getEvent(store, id);
    const now = clock();
    if (!event || !canSee(viewer, event) || !belongsInFeed(event, now)) throw notFound('event');
    // Rendered on each request (one event): the ETag is the body's hash, so it changes with anything that shapes it.
    const body = new TextEncoder().encode(renderCalendar([event], { name: event.title, publicUrl: config.publicUrl, now }));
    const configChangedAt = await feedCacheFor(store).configChangedAt(configSignature(config, REFRESH_MINUTES), now);
    const current = {
      etag: await strongEtag(body),
      lastModified: lastModifiedAfter(Math.max(Date.parse(event.updatedAt), configChangedAt)),
    };
    const headers = {
      ETag: current.etag,
      'Last-Modified': new Date(lastModifiedToSend(current.lastModified, now.getTime())).toUTCString(),
      'Cache-Control': `${viewer === ANONYMOUS ? 'public' : 'private'}, max-age=${MAX_AGE}`,
      'X-Content-Type-Options': 'nosniff',
    };
    if (isNotModified((name) => c.req.header(name), current)) return c.body(null, 304, headers);
    const filename =
      event.title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
        .slice(0, 60) || 'event';
    return c.body(body, 200, {
      ...headers,
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}.ics"`,
      'Content-Length': String(body.byteLength),
    });
  });

  const api = new Hono<AppEnv>();
  api.use('*', identifyOnce, requireOrganiser);
  api.get('/', async (c) => c.json({ subscriptions: await listFeedSubscriptions(c.get('deps').store) }));
  api.post('/', async (c) => {
    const { store, config } = c.get('deps');
    const input = await readJsonObject(c);
    const unknown = Object.keys(input).filter((k) => !['partner', 'email', 'label'].includes(k));
    if (unknown.length)
      throw badRequest(
        unknown.map((field) => ({ field, message: 'is not a field of a private feed (use partner or email, and optionally label)' })),
      );
    const resolved = await resolveFeedOwner(store, input);
    if (!resolved.ok) throw badRequest(resolved.errors);
    const { token, subscription } = await createFeedSubscription(store, resolved.owner, ctx(c));
    c.header('Location', `/api/feed-subscriptions/${subscription.id}`);
    return c.json(subscriptionView(config, subscription, token), 201);
  });
  api.delete('/:id', async (c) => {
    const revoked = await revokeFeedSubscription(c.get('deps').store, c.req.param('id'), ctx(c));
    if (!revoked) throw notFound('live private feed');
    return c.json(revoked);
  });
  app.route('/api/feed-subscriptions', api);
  return app;
}
