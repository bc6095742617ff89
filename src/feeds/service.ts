/**
 * @module From a feed request (route, filters, viewer) to a cached, encoded body. Group slugs and
 * organisation ids are resolved only when a body is built, so the warm path of a feed is a map
 * lookup and an integer comparison, with no database query; a rebuild starts from the stale body's
 * members and reads only what changed (src/feeds/build.ts).
 */
import type { Config } from '../config.js';
import { getGroup, getOrganisation } from '../db/directory.js';
import type { Store } from '../db/store.js';
import type { FieldError } from '../domain/validation.js';
import type { Viewer } from '../domain/visibility.js';
import { buildFeed } from './build.js';
import { FeedCache, type CachedFeed } from './cache.js';
import { describeFilter, isEmptyQuery, queryString, type FeedFilter, type FeedQuery } from './filter.js';
import { configSignature } from './freshness.js';
import { calendarHead } from './ics.js';

/** How often subscribers' clients are asked to refresh (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
export const REFRESH_MINUTES = 60;

export type FeedRoute = { kind: 'public' } | { kind: 'group'; slug: string } | { kind: 'private'; audience: 'partner' | 'member' };

export interface FeedRequest {
  route: FeedRoute;
  query: FeedQuery;
  viewer: Viewer;
  /** The feed's own address, for SOURCE; left out of private feeds (bodies are shared between subscribers). */
  feedUrl?: string;
}

/** A filter value that names nothing we know: the route answers 400 naming the field. */
export class UnknownFilterValue extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.field} ${e.message}`).join('; '));
  }
}

const caches = new WeakMap<Store, FeedCache>();

/** One cache per database handle, shared by every app built on it. */
export function feedCacheFor(store: Store): FeedCache {
  let cache = caches.get(store);
  if (!cache) {
    cache = new FeedCache(store);
    caches.set(store, cache);
  }
  return cache;
}

/**
 * One string per distinct feed body: route, normalised filters, what the viewer may see, and the
 * configuration it is written with (apps with different settings may share one database handle).
 */
export function feedKey(request: FeedRequest, config: Pick<Config, 'publicUrl' | 'partnershipName'>): string {
  const { route, viewer } = request;
  const where = route.kind === 'group' ? `group:${route.slug}` : route.kind === 'private' ? `private:${route.audience}` : 'public';
  return JSON.stringify([
    where,
    queryString(request.query),
    viewer.partner,
    [...viewer.groupIds].sort(),
    request.feedUrl ?? '',
    configSignature(config, REFRESH_MINUTES),
  ]);
}

/** A feed request's filters with group slugs and organisation ids resolved, and its name. */
export interface ResolvedFeed {
  filter: FeedFilter;
  name: string;
  description: string;
}

/**
 * Resolves the group slugs and organisation ids a feed request names (throws UnknownFilterValue
 * naming each one that is not known) and names the feed. Shared by every feed format.
 */
export async function resolveFeed(store: Store, partnershipName: string, request: FeedRequest): Promise<ResolvedFeed> {
  const errors: FieldError[] = [];
  const groups = new Map<string, string>();
  const groupIds: string[] = [];
  const slugs = request.route.kind === 'group' ? [request.route.slug, ...request.query.group] : request.query.group;
  let groupName = '';
  for (const slug of [...new Set(slugs)]) {
    const group = await getGroup(store, slug);
    if (!group) errors.push({ field: 'group', message: `has "${slug}", which is not a group (use its slug, e.g. from /api/groups)` });
    else {
      groups.set(slug, group.name);
      groupIds.push(group.id);
      if (request.route.kind === 'group' && slug === request.route.slug) groupName = group.name;
    }
  }
  const organisations = new Map<string, string>();
  for (const id of request.query.organisation) {
    const org = await getOrganisation(store, id);
    if (!org) errors.push({ field: 'organisation', message: `has "${id}", which is not an organisation id` });
    else organisations.set(id, org.name);
  }
  if (errors.length) throw new UnknownFilterValue(errors);

  const filterWords = describeFilter(request.query, { groups, organisations });
  const { name, description } = naming(partnershipName, request.route, groupName, isEmptyQuery(request.query) ? '' : filterWords);
  return {
    filter: { themes: request.query.theme, kinds: request.query.kind as never, groupIds, organisationIds: request.query.organisation },
    name,
    description,
  };
}

export async function getFeed(deps: { store: Store; config: Config; now: Date }, request: FeedRequest): Promise<CachedFeed> {
  const { store, config, now } = deps;
  const cache = feedCacheFor(store);
  return cache.get(feedKey(request, config), now.getTime(), async (fingerprint, previous) => {
    const { filter, name, description } = await resolveFeed(store, config.partnershipName, request);
    return buildFeed(
      {
        store,
        fragments: cache.fragments,
        spec: { filter, viewer: request.viewer },
        head: calendarHead({ name, description, publicUrl: config.publicUrl, refreshMinutes: REFRESH_MINUTES, feedUrl: request.feedUrl }),
        publicUrl: config.publicUrl,
        now,
        fingerprint,
        notBefore: await cache.configChangedAt(configSignature(config, REFRESH_MINUTES), now),
      },
      previous?.parts ?? null,
      previous,
    );
  });
}

export function naming(
  partnership: string,
  route: FeedRoute,
  groupName: string,
  filterWords: string,
): { name: string; description: string } {
  const suffix = filterWords ? ` (${filterWords})` : '';
  switch (route.kind) {
    case 'group':
      return {
        name: `${groupName}${filterWords && filterWords !== groupName ? ` (${filterWords})` : ''}`,
        description: `Meetings and events of the ${groupName}, from the ${partnership} calendar.`,
      };
    case 'private':
      return route.audience === 'partner'
        ? {
            name: `${partnership}: partners${suffix}`,
            description: `The ${partnership} calendar with partner-only events. Private: do not share this address.`,
          }
        : {
            name: `${partnership}: my groups${suffix}`,
            description: `The ${partnership} calendar with the meetings of your groups. Private: do not share this address.`,
          };
    case 'public':
      return filterWords
        ? { name: `${partnership}: ${filterWords}`, description: `Events of the ${partnership} calendar: ${filterWords}.` }
        : { name: partnership, description: `Awareness weeks, partner activities, meetings and deadlines of the ${partnership}.` };
  }
}
