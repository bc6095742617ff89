/**
 * @module Syndication: the calendar published beyond iCalendar.
 *  - news feeds (RSS 2.0, Atom, JSON Feed) of every iCalendar feed, same filters and visibility,
 *    cached and served with ETag/304 as the iCalendar feeds are (routes.tsx, service.ts, formats.ts);
 *  - the embeddable listing /embed, framable only from EMBED_ORIGINS (routes.tsx, embed-page.tsx);
 *  - CORS for public feeds (cors.ts);
 *  - schema.org Event JSON-LD for public event pages (json-ld.ts).
 */
export { syndicationRoutes } from './routes.js';
export { embedSnippet } from './embed-page.js';
export { isPublicFeed } from './cors.js';
