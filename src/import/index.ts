/**
 * @module Bringing dates in and taking them out.
 *  - iCalendar import: an uploaded .ics or an address, previewed row by row (created, updated,
 *    left alone, each component's problems), applied as one batch; events keep their origin
 *    (source and UID) so a second import updates instead of duplicating (service.ts, plan.ts,
 *    convert.ts, ics-read.ts);
 *  - synced feeds: partners' public calendars followed on an interval, with conditional requests,
 *    creates, updates and removals applied and every run recorded (sync.ts: runSync, called by
 *    both runtimes' schedulers);
 *  - the SSRF guard every fetch goes through (fetch.ts; the fetchers are in src/runtime);
 *  - CSV export of events (csv-export.ts);
 *  - the API (routes.ts) and the organisers' pages (web.tsx, pages.tsx).
 */
export { importApiRoutes } from './routes.js';
export { runSync } from './sync.js';
export type { Fetcher } from './fetch.js';
