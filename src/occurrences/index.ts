/**
 * @module The occurrence index: every event's dated occurrences kept as rows over a rolling
 * horizon (2 years back, 5 years ahead), written in the same batch as the event, so pages, lists,
 * the API and reminder planning read what they show with ORDER BY … LIMIT instead of expanding
 * every series from its first date on every request. What this folder offers:
 *
 *  - reads (read.ts): `pageOccurrences` (a keyset page of occurrences in a window), `occurrencesIn`
 *    (a capped window; `occurrenceSummariesIn` the same with event summaries, for the year planner),
 *    `monthContents` (a month grid), `nextOccurrencesOf` (an event's next dates),
 *    `activityDays` (campaign weeks' activities), cursors for URLs;
 *  - the shared filter as SQL (filter.ts): `filterCondition`, `CalendarFilter`;
 *  - writes (write.ts): `indexEventStatements`, which every event write in src/db/events.ts adds to
 *    its batch;
 *  - upkeep (maintain.ts): `maintainIndex`, run by the scheduler: rolls each series' rows forward,
 *    trims old ones, indexes events written before the index existed;
 *  - the rows of one event, with no I/O (rows.ts).
 */
export * from './filter.js';
export * from './read.js';
export { indexEventStatements } from './write.js';
export { occurrenceRows, indexBounds, indexRange, HORIZON_AHEAD_YEARS, HORIZON_BACK_YEARS } from './rows.js';
export { INDEX_VERSION } from './version.js';
