-- Migration number: 0026 	 the reason of a date's latest change when that change was of this date alone
-- Portable SQL only (the same file runs on D1, better-sqlite3 and PostgreSQL).

-- A "Changed" e-mail quotes the reason of the change as it stands when it is built (ADR 120): a
-- moved date's own note, else the event's change_reason (or its alias's, ADR 176). A move removed
-- on its own (DELETE of the date's exception) leaves no exception, so its e-mail quoted the event's
-- last change_reason, an earlier change's words. A row here says the date's latest change was of
-- this date alone, with its reason ('' when the organiser gave none); every change of the event
-- itself deletes its rows, so that change's reason is quoted again (ADR 201).
CREATE TABLE date_change_reasons (
  event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  recurrence_id TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  PRIMARY KEY (event_id, recurrence_id)
);
