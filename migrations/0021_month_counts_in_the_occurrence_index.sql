-- Migration number: 0021 	 the occurrence index's page-order index holds what every read tests, so a month's day counts are read from it alone
-- Portable SQL only (the same file runs on D1, better-sqlite3 and PostgreSQL).

-- The month view counts each day's events (up to 20, ADR 180). Every candidate row was read from
-- the table to test its state, status, visibility and whether it spans days, although the rows of
-- a day lie all over the table: ~45 page reads a day, 15 ms of a month at 100k events (issue 9,
-- ADR 181). With those columns in the index that pages the window in order, the tests are made in
-- the index and the table is read only for the rows shown. The leading columns are unchanged (the
-- same index pages every list in order); no index is added, the one kept grows by a few short columns.
DROP INDEX event_occurrences_start;
CREATE INDEX event_occurrences_start ON event_occurrences (start_at, event_id, recurrence_id, end_at, start_day, end_day, state, status, visibility);
