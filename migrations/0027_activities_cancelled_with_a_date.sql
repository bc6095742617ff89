-- Migration number: 0027 	 which date of a repeating campaign week an activity's outcome belongs to
-- Portable SQL only (the same file runs on D1, better-sqlite3 and PostgreSQL).

-- parent_outcome (migration 0012, ADR 95) says an activity was cancelled with its week, or kept
-- going when the week was cancelled. A per-date cancel of a repeating week now asks the same
-- question of the activities inside that date (issue 10, ADR 210). parent_date holds the
-- RECURRENCE-ID of that date, so restoring the date brings back exactly the activities its
-- cancel cancelled (and restoring the whole week leaves them to their date); '' when the outcome
-- is the whole week's, or there is none. The activity's own status change already queues it
-- for re-planning (plan_queue triggers of 0005 and 0015), so no trigger is needed here.
ALTER TABLE events ADD COLUMN parent_date TEXT NOT NULL DEFAULT '';
