-- Migration number: 0020 	 the split_from index holds only the events that have a link
-- Portable SQL only (the same file runs on D1, better-sqlite3 and PostgreSQL).

-- Almost every event has no split_from (only later parts of split series and kept moved dates
-- have one), so the full index's statistics said "100,000 rows per value" (NULL counts as one
-- value) and SQLite's planner walked every event in first_start order instead of looking the
-- link up: 450-600 ms on every edit of a 100k-event calendar (issue 9, ADR 160). A partial index
-- over the linked events only has statistics of the links themselves; `split_from = ?` and
-- `split_from IN (…)` imply IS NOT NULL, so SQLite and PostgreSQL both use it for them.
DROP INDEX events_split_from;
CREATE INDEX events_split_from ON events (split_from) WHERE split_from IS NOT NULL;
