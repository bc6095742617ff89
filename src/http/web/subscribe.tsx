/**
 * @module One subscribe page per feed, in the site's layout: /feeds (the public calendar, with its
 * filter form; /feeds/public and the older /subscribe lead here), /feeds/groups/{slug} and
 * /feeds/private/{token}. The calendar files themselves (.ics) are src/http/routes/feeds.ts.
 */
import { Hono, type Context, type Next } from 'hono';
import { listGroups, listOrganisations } from '../../db/directory.js';
import { findFeedSubscription } from '../../db/feed-subscriptions.js';
import type { FieldError } from '../../domain/validation.js';
import { describeFilter, isEmptyQuery, queryString, type FeedQuery } from '../../feeds/filter.js';
import { feedAddress, resolveFeedQuery } from '../../feeds/filter-sets.js';
import { naming } from '../../feeds/service.js';
import { NotFoundPage } from '../pages/event.js';
import { embedSnippet } from '../../syndication/index.js';
import { SubscribePage } from '../pages/subscribe.js';
import type { WebEnv } from './env.js';
import { pageContext, render } from './render.js';

const EMPTY: FeedQuery = { theme: [], kind: [], group: [], organisation: [] };

/** The request's filters, or no filters and the errors to show. Unknown groups and organisations are errors too. */
async function pageQuery(c: Context<WebEnv>): Promise<{ query: FeedQuery; errors: FieldError[]; groups: Map<string, string> }> {
  const { store } = c.get('deps');
  const [read, groups, organisations] = await Promise.all([
    resolveFeedQuery(store, (name) => c.req.queries(name) ?? []),
    listGroups(store),
    listOrganisations(store),
  ]);
  const groupNames = new Map(groups.map((g) => [g.slug, g.name]));
  if (!read.ok) return { query: EMPTY, errors: read.errors, groups: groupNames };
  const errors: FieldError[] = [];
  const unknownGroup = read.query.group.find((g) => !groupNames.has(g));
  if (unknownGroup) errors.push({ field: 'group', message: `has “${unknownGroup}”, which is not a group of this calendar` });
  const knownOrgs = new Set(organisations.map((o) => o.id));
  const unknownOrg = read.query.organisation.find((o) => !knownOrgs.has(o));
  if (unknownOrg) errors.push({ field: 'organisation', message: `has “${unknownOrg}”, which is not an organisation of this calendar` });
  return errors.length ? { query: EMPTY, errors, groups: groupNames } : { query: read.query, errors, groups: groupNames };
}

function filterWords(query: FeedQuery, groups: Map<string, string>): string {
  return isEmptyQuery(query) ? '' : describeFilter(query, { groups, organisations: new Map() });
}

/** Hands requests for the feed files (.ics, and the news feeds .rss, .atom, .json) on to their routes. */
const fileElsewhere = (c: Context<WebEnv>) => /\.(ics|rss|atom|json)$/.test(c.req.param('name') ?? '');

export function subscribePages(): Hono<WebEnv> {
  const app = new Hono<WebEnv>();

  app.get('/subscribe', (c) => c.redirect(`/feeds${new URL(c.req.url).search}`, 301));
  app.get('/feeds/public', (c) => c.redirect(`/feeds${new URL(c.req.url).search}`, 301));

  app.get('/feeds', async (c) => {
    const { store, config, clock } = c.get('deps');
    const { query, errors, groups } = await pageQuery(c);
    const { name, description } = naming(config.partnershipName, { kind: 'public' }, '', filterWords(query, groups));
    const address = await feedAddress(store, `${config.publicUrl}/feeds/public.ics`, query, clock());
    const embedUrl = `${config.publicUrl}/embed${queryString(query)}`;
    return render(
      c,
      <SubscribePage
        ctx={pageContext(c)}
        name={name}
        description={description}
        feedUrl={address.url}
        short={address.short}
        errors={errors}
        filters={{ query, groups: [...groups], action: '/feeds' }}
        related={[...groups].map(([slug, groupName]) => [`${groupName}: its public meetings`, `/feeds/groups/${encodeURIComponent(slug)}`])}
        embed={{
          url: embedUrl,
          snippet: embedSnippet(embedUrl, `${name}: upcoming events`),
          allowed: (config.embedOrigins ?? []).length > 0,
        }}
      />,
      errors.length ? 400 : 200,
    );
  });

  app.get('/feeds/groups/:name', async (c, next: Next) => {
    if (fileElsewhere(c)) return next();
    const { store, config, clock } = c.get('deps');
    const slug = c.req.param('name');
    const group = (await listGroups(store)).find((g) => g.slug === slug || g.id === slug);
    if (!group) return render(c, <NotFoundPage ctx={pageContext(c)} what="There is no group with this name." />, 404);
    const { query, errors, groups } = await pageQuery(c);
    const { name, description } = naming(
      config.partnershipName,
      { kind: 'group', slug: group.slug },
      group.name,
      filterWords(query, groups),
    );
    const address = await feedAddress(store, `${config.publicUrl}/feeds/groups/${encodeURIComponent(group.slug)}.ics`, query, clock());
    return render(
      c,
      <SubscribePage
        ctx={pageContext(c)}
        name={name}
        description={`${description} Members-only meetings are in a member’s private calendar: ask the organisers for one.`}
        feedUrl={address.url}
        short={address.short}
        errors={errors}
        related={[[`The whole ${config.partnershipName} calendar`, '/feeds']]}
      />,
      errors.length ? 400 : 200,
    );
  });

  app.get('/feeds/private/:name', async (c, next: Next) => {
    if (fileElsewhere(c)) return next();
    const { store, config, clock } = c.get('deps');
    const token = c.req.param('name');
    c.header('Referrer-Policy', 'same-origin');
    c.header('X-Robots-Tag', 'noindex');
    const subscription = await findFeedSubscription(store, token, clock());
    if (!subscription) {
      const what = 'This private calendar address is not valid, or has been revoked. Ask the organisers for a new one.';
      return render(c, <NotFoundPage ctx={pageContext(c)} what={what} />, 404);
    }
    const { query, errors, groups } = await pageQuery(c);
    const route = { kind: 'private' as const, audience: subscription.organisationId ? ('partner' as const) : ('member' as const) };
    const { name, description } = naming(config.partnershipName, route, '', filterWords(query, groups));
    const address = await feedAddress(store, `${config.publicUrl}/feeds/private/${token}.ics`, query, clock());
    c.header('Cache-Control', 'private, no-store');
    return c.html(
      `<!doctype html>${String(
        <SubscribePage
          ctx={pageContext(c)}
          name={name}
          description={description}
          feedUrl={address.url}
          short={address.short}
          private
          errors={errors}
          related={[]}
        />,
      )}`,
      errors.length ? 400 : 200,
    );
  });

  return app;
}
