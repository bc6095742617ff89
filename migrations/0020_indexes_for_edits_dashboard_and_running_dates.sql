-- Migration number: 0020 	 indexes that answer in the index: linked events, campaign weeks by title, running occurrences
-- Portable SQL only (the same file runs on D1, better-sqlite3 and PostgreSQL).

-- Almost every event has no split_from (only later parts of split series and kept moved dates
-- have one), so the full index's statistics said "100,000 rows per value" (NULL counts as one
-- value) and SQLite's planner walked every event in first_start order instead of looking the
-- link up: 450-600 ms on every edit of a 100k-event calendar (issue 9, ADR 160). A partial index
-- over the linked events only has statistics of the links themselves; `split_from = ?` and
-- `split_from IN (…)` imply IS NOT NULL, so SQLite and PostgreSQL both use it for them.
DROP INDEX events_split_from;
CREATE INDEX events_split_from ON events (split_from) WHERE split_from IS NOT NULL;

-- The dashboard's "campaign weeks to carry over" (ADR 161) asks, title by title, whether a
-- campaign week of that title (ignoring case) runs this year and which of last year's weeks had
-- it; this index answers both by seeks. lower(title) is an expression both SQLite and PostgreSQL index.
CREATE INDEX events_kind_title ON events (kind, lower(title), first_start, id);

-- The occurrences still running at a window's start (src/occurrences/read.ts runningRows: every
-- home page, dashboard and list) are looked for among the rows starting in the 8 days before it
-- and among the long-running rows ending after it. Neither index held the other bound, so each
-- candidate row was read from the table to test it: ~4,600 rows for 64 answers at 100k events
-- (30-45 ms). With end_at in the first and start_at in the second, the test is made in the index
-- and only the answers are read (about 1 ms). The first keeps its leading columns, which page
-- the window's rows in order.
DROP INDEX event_occurrences_start;
CREATE INDEX event_occurrences_start ON event_occurrences (start_at, event_id, recurrence_id, end_at);
DROP INDEX event_occurrences_long;
CREATE INDEX event_occurrences_long ON event_occurrences (long_running, end_at, start_at);

-- The audit log newest first (the dashboard's recent changes, the audit page) orders by at, then
-- id: with an index on at alone, entries sharing a timestamp were sorted in full (a bulk import
-- stamps thousands alike: 100-130 ms at 100k events). With id in the index, both read by it.
DROP INDEX audit_log_at;
CREATE INDEX audit_log_at ON audit_log (at, id);

-- Deliveries still to send (pending, or sending under a lease), by when they fall due: what every
-- reminder pass's catch-up rule (src/notify/outbox.ts skipStale) reads. Sent and skipped rows,
-- which grow without end, are not in it, so a pass with nothing due reads only due rows whatever
-- the table's statistics say about status (issue 9, ADR 162).
CREATE INDEX reminder_deliveries_active ON reminder_deliveries (due_at) WHERE status IN ('pending', 'sending');
