-- Migration number: 0011 	 kept VEVENT fragments and what shaped each feed body, for incremental feeds
-- Both tables are bookkeeping, written outside Store.batch (like feed_subscriptions.last_used_at):
-- losing them costs time, never data. See docs/decisions.md ("Feeds are assembled from kept fragments").

-- One row per event: the VEVENT text ical-generator wrote for it (series plus moved-occurrence
-- overrides), and the key of what it was written from (writer version, PUBLIC_URL, updated_at,
-- sequence). A row whose key no longer matches the event is rewritten, never used.
CREATE TABLE feed_fragments (
  event_id TEXT PRIMARY KEY,
  inputs TEXT NOT NULL,
  tzids TEXT NOT NULL DEFAULT '',
  ics TEXT NOT NULL,
  written_at TEXT NOT NULL
);

-- Inputs of feed bodies that live outside the calendar tables, each with when it last changed,
-- so Last-Modified moves when they do: 'config' (PUBLIC_URL, PARTNERSHIP_NAME, the writer
-- version) and 'viewer:<feed subscription id>' (the groups a member's private feed shows).
CREATE TABLE feed_state (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  changed_at TEXT NOT NULL
);
