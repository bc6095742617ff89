-- Migration number: 0009 	 publish and exchange: where imported events came from, pending imports, synced feeds
-- Portable SQL only (the same file runs on D1 and better-sqlite3, and later on PostgreSQL).

-- Where an imported or synced event came from: the source and the component's UID (RFC 5545
-- 3.8.4.7), unique per source, so importing the same calendar again updates the event instead
-- of adding a second copy. SEQUENCE and LAST-MODIFIED as last applied decide whether a later
-- copy is newer (docs/decisions.md). Kept beside events rather than in it: nothing that reads
-- events needs it, and the row types of events stay as they are.
-- source is 'import' for one-off imports (a file or an address) and 'sync:<synced feed id>'.
CREATE TABLE event_origins (
  event_id TEXT PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
  source TEXT NOT NULL,
  uid TEXT NOT NULL,
  sequence INTEGER NOT NULL DEFAULT 0,
  modified TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX event_origins_source_uid ON event_origins (source, uid);

-- An import between its preview and its application: the uploaded or fetched iCalendar text and
-- the organiser's choices (kind, themes, organisation, group, visibility, status as JSON). The
-- text is cleared once applied; unapplied imports are removed after a week.
CREATE TABLE calendar_imports (
  id TEXT PRIMARY KEY,
  source_kind TEXT NOT NULL CHECK (source_kind IN ('file', 'url')),
  source_label TEXT NOT NULL,
  content TEXT NOT NULL,
  choices TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  applied_at TEXT,
  applied_by TEXT,
  outcome TEXT
);
CREATE INDEX calendar_imports_created ON calendar_imports (created_at);

-- A partner's public calendar this calendar follows: fetched every interval_minutes with
-- conditional requests (the validators of the last answer), its changes applied as one batch.
-- A pass claims a due feed with a lease (claim_token, lease_until), as the reminder outbox does.
CREATE TABLE synced_feeds (
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  label TEXT NOT NULL,
  choices TEXT NOT NULL,
  interval_minutes INTEGER NOT NULL,
  etag TEXT,
  last_modified TEXT,
  next_run_at TEXT NOT NULL,
  lease_until TEXT,
  claim_token TEXT,
  last_run_at TEXT,
  last_success_at TEXT,
  last_error TEXT,
  failures INTEGER NOT NULL DEFAULT 0,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX synced_feeds_url ON synced_feeds (url);
CREATE INDEX synced_feeds_due ON synced_feeds (next_run_at);
CREATE INDEX synced_feeds_claim ON synced_feeds (claim_token);

-- One row per fetch of a synced feed: what came back and what it changed, or why it failed.
CREATE TABLE sync_runs (
  id TEXT PRIMARY KEY,
  feed_id TEXT NOT NULL REFERENCES synced_feeds (id) ON DELETE CASCADE,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('changed', 'unchanged', 'not-modified', 'failed')),
  http_status INTEGER,
  created INTEGER NOT NULL DEFAULT 0,
  updated INTEGER NOT NULL DEFAULT 0,
  cancelled INTEGER NOT NULL DEFAULT 0,
  unchanged INTEGER NOT NULL DEFAULT 0,
  skipped INTEGER NOT NULL DEFAULT 0,
  problems TEXT NOT NULL DEFAULT '[]',
  error TEXT
);
CREATE INDEX sync_runs_feed ON sync_runs (feed_id, started_at);
