-- Migration number: 0029 	 every key a meeting date has had, so each old address finds the date
-- Portable SQL only (the same file runs on D1, better-sqlite3 and PostgreSQL).

-- A meeting date's address is /meetings/{event id}/{RECURRENCE-ID} (src/meetings/paths.ts). A series
-- edit that re-dates it (a new time or weekday, a "this and following" split) gives it a new key;
-- occurrence_aliases (migration 0010) keep only the keys people were reminded of. Here every key a
-- meeting date has had (event_id, recurrence_id) names where the date is now (current_event_id,
-- current_recurrence_id, '' for a one-off), kept pointing at its latest key by each later edit, so
-- a link from between two edits (a "Changed" e-mail's, a bookmark, a feed item's URL) answers 302
-- to the date (ADR 296). Written in the edit's batch; read by the meeting page and API only.
CREATE TABLE former_meeting_keys (
  event_id TEXT NOT NULL,
  recurrence_id TEXT NOT NULL,
  current_event_id TEXT NOT NULL,
  current_recurrence_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (event_id, recurrence_id)
);
CREATE INDEX former_meeting_keys_current ON former_meeting_keys (current_event_id, current_recurrence_id);
