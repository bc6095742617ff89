/** @module The subscribe page in the site's layout, building the same public feed URLs as /feeds. */
import { Hono } from 'hono';
import { listGroups } from '../../db/directory.js';
import { describeFilter, queryString, readFeedQuery, type FeedQuery } from '../../feeds/filter.js';
import { embedSnippet } from '../../syndication/index.js';
import { SubscribePage } from '../pages/subscribe.js';
import type { WebEnv } from './env.js';
import { pageContext, render } from './render.js';

const EMPTY: FeedQuery = { theme: [], kind: [], group: [], organisation: [] };

export function subscribePages(): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.get('/subscribe', async (c) => {
    const { store, config } = c.get('deps');
    const groups = await listGroups(store);
    const read = readFeedQuery((name) => c.req.queries(name) ?? []);
    const known = new Set(groups.map((g) => g.slug));
    let query = read.ok ? read.query : EMPTY;
    const errors = read.ok ? [] : read.errors;
    const unknown = query.group.filter((g) => !known.has(g));
    if (unknown.length) {
      errors.push({ field: 'group', message: `has "${unknown[0]}", which is not a group` });
      query = { ...query, group: query.group.filter((g) => known.has(g)) };
    }
    const words = describeFilter(query, { groups: new Map(groups.map((g) => [g.slug, g.name])), organisations: new Map() });
    const name = words ? `${config.partnershipName}: ${words}` : config.partnershipName;
    return render(
      c,
      <SubscribePage
        ctx={pageContext(c)}
        query={query}
        errors={errors}
        name={name}
        feedUrl={`${config.publicUrl}/feeds/public.ics${queryString(query)}`}
        groups={groups.map((g) => [g.slug, g.name])}
        embed={{
          url: `${config.publicUrl}/embed${queryString(query)}`,
          snippet: embedSnippet(`${config.publicUrl}/embed${queryString(query)}`, `${name}: upcoming events`),
          allowed: (config.embedOrigins ?? []).length > 0,
        }}
      />,
      errors.length ? 400 : 200,
    );
  });
  return app;
}
