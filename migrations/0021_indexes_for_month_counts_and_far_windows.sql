-- Migration number: 0021 	 indexes that answer in the index: a month's day counts, the seeds of series beyond the horizon
-- Portable SQL only (the same file runs on D1, better-sqlite3 and PostgreSQL).

-- The month view counts each day's events (up to 20, ADR 180). Every candidate row was read from
-- the table to test its state, status, visibility and whether it spans days, although the rows of
-- a day lie all over the table: ~45 page reads a day, 15 ms of a month at 100k events (issue 9,
-- ADR 181). With those columns in the index that pages the window in order, the tests are made in
-- the index and the table is read only for the rows shown. The leading columns are unchanged (the
-- same index pages every list in order); no index is added, the one kept grows by a few short columns.
DROP INDEX event_occurrences_start;
CREATE INDEX event_occurrences_start ON event_occurrences (start_at, event_id, recurrence_id, end_at, start_day, end_day, state, status, visibility);

-- A window beyond the index's horizon (/api/occurrences?from=2150-01-01) reads the seed of every
-- series still running then (its rule, first date and zone; src/occurrences/read.ts untrustedSeeds):
-- 8,736 series at 100k events, each a lookup in the events table, whose rows (with their
-- descriptions) lie a page or more apart: 190-300 ms (issue 9, ADR 182). This partial index holds
-- the series only (events with a rule; the query states `rrule IS NOT NULL` as written, so SQLite
-- and PostgreSQL may use it), ordered by how far their rows reach, with every column the seed and
-- the calendar's filters read, so those series are read from the index in one range.
CREATE INDEX events_series_seeds ON events (indexed_until, first_start, last_end, index_version, indexed_from, id, rrule, start_date, end_date, starts_at, ends_at, timezone, status, visibility, group_id, kind, organisation_id, parent_id) WHERE rrule IS NOT NULL;
