/**
 * @module News feeds (RSS, Atom, JSON Feed) through the iCalendar feeds' own cache: the same
 * FeedCache entry rules (the Store's revision, the database fingerprint, validUntil) and the same
 * filter and visibility resolution, one entry per format and feed. A list of upcoming dates also
 * goes stale by itself as dates pass, which validUntil covers.
 */
import type { Config } from '../config.js';
import { listOrganisations } from '../db/directory.js';
import type { Store } from '../db/store.js';
import type { BuiltFeed } from '../feeds/build.js';
import { lastModifiedAfter, strongEtag } from '../feeds/conditional.js';
import type { CachedFeed } from '../feeds/cache.js';
import { queryString } from '../feeds/filter.js';
import { feedCacheFor, feedKey, resolveFeed, type FeedRequest } from '../feeds/service.js';
import { renderNewsFeed, type NewsFormat } from './formats.js';
import { listValidUntil, upcomingOccurrences } from './upcoming.js';

const encoder = new TextEncoder();

/** The path of a feed without its extension: /feeds/public, /feeds/groups/iag, /feeds/private/<token>. */
export function feedPath(request: FeedRequest, token?: string): string {
  const { route } = request;
  if (route.kind === 'group') return `/feeds/groups/${encodeURIComponent(route.slug)}`;
  if (route.kind === 'private') return `/feeds/private/${token ?? ''}`;
  return '/feeds/public';
}

/**
 * The cached body of a news feed. Throws UnknownFilterValue (the route answers 400) when a
 * group or organisation in the request is not known.
 */
export async function getNewsFeed(
  deps: { store: Store; config: Config; now: Date },
  format: NewsFormat,
  request: FeedRequest,
  path: string,
): Promise<CachedFeed> {
  const { store, config, now } = deps;
  // The path is in the body (the feed's self links), so a private feed's entry is its token's own.
  const key = `${format}|${feedKey(request, config)}|${path}`;
  return feedCacheFor(store).get(key, now.getTime(), async (fingerprint): Promise<BuiltFeed> => {
    const { filter, name, description } = await resolveFeed(store, config.partnershipName, request);
    const [items, organisations] = await Promise.all([upcomingOccurrences(store, request.viewer, filter, now), listOrganisations(store)]);
    // Never older than what it shows: dates that passed since the last change changed the list too.
    const lastModified = lastModifiedAfter(Math.max(fingerprint.changedAt, now.getTime()));
    const text = renderNewsFeed(format, items, {
      partnershipName: config.partnershipName,
      name,
      description,
      publicUrl: config.publicUrl,
      feedBase: { path, query: queryString(request.query) },
      homeUrl: request.route.kind === 'public' ? `${config.publicUrl}/` : `${config.publicUrl}${path}`,
      updated: new Date(fingerprint.changedAt || lastModified),
      organisations: new Map(organisations.map((o) => [o.id, o.name])),
    });
    const body = encoder.encode(text);
    return {
      body: [body],
      bytes: body.byteLength,
      etag: await strongEtag(body),
      lastModified,
      validUntil: listValidUntil(items, now),
      events: items.length,
    };
  });
}
