-- Migration number: 0010 	 series edits: "this and following" splits, and what a told occurrence has become
-- Portable SQL only (the same file runs on D1 and better-sqlite3, and later on PostgreSQL).

-- A series split by "this and following dates" ends (UNTIL) the day before the split, and a new
-- event with its own UID carries on from it; split_from links the new event to the one it
-- continues, so pages and the audit log show one history (docs/decisions.md, ADR 90).
ALTER TABLE events ADD COLUMN split_from TEXT REFERENCES events (id) ON DELETE SET NULL;
CREATE INDEX events_split_from ON events (split_from);

-- What an occurrence people were told about (event_id, recurrence_id as held in their calendars)
-- has become after an edit of its series: an occurrence of current_event_id at
-- current_recurrence_id ('' for a one-off event), or gone (current_event_id NULL) for the reason
-- given. Written in the edit's batch; read by reminder planning and e-mails, so a moved
-- occurrence keeps the UID and RECURRENCE-ID people hold (docs/decisions.md, ADR 91).
CREATE TABLE occurrence_aliases (
  event_id TEXT NOT NULL,
  recurrence_id TEXT NOT NULL,
  current_event_id TEXT,
  current_recurrence_id TEXT,
  reason TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  PRIMARY KEY (event_id, recurrence_id)
);
CREATE INDEX occurrence_aliases_current ON occurrence_aliases (current_event_id, current_recurrence_id);
