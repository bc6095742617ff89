/**
 * @module The version of the rules that turn an event into index rows. Raise it when expansion
 * changes (the recurrence engine, what a row holds): every event whose `index_version` differs is
 * re-indexed by the scheduler (src/occurrences/maintain.ts), and reads expand it on the fly until then.
 */
export const INDEX_VERSION = 1;
