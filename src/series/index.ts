/**
 * @module Series edits: "Which dates?" (this date only is the per-date move; this and following;
 * all dates), splits that keep past dates as they happened, moved and cancelled dates carried to
 * the new pattern, and occurrence aliases so people hear one "Changed" for a moved date.
 */
export { changesDates, planSeriesEdit, type DatesChoice, type Orphan, type OrphanChoice, type SeriesEditRequest } from './plan.js';
export {
  editEvent,
  readSeriesEditRequest,
  validateSeriesPatch,
  SERIES_FIELDS,
  type SeriesEditResult,
  type SeriesEditSummary,
} from './service.js';
export {
  aliasesInto,
  aliasesOf,
  heldRecurrenceIds,
  occurrenceLinks,
  returnedDatesAliasStatements,
  type AliasRow,
  type AliasTarget,
  type OccurrenceLinks,
} from './store.js';
export {
  continuationStatements,
  inFormWordsOfChain,
  moveCollisionsInSeries,
  restoredWhen,
  seriesClashAt,
  type SeriesDateClash,
  oneOffStanding,
  oneOffStandingOf,
  restoreCollisionsInSeries,
  seriesContinuationsOf,
  seriesPartsOf,
  MAX_CHAIN,
  type ContinuationChange,
} from './chain.js';
export { plannedSeriesClash, restoreEventCollisions, type SeriesClash } from './clashes.js';
export { sameTimeSeriesOfEdit } from './same-time.js';
