-- Migration number: 0007 	 self-service: password reset links, short ids for feed filter sets
-- Portable SQL (D1, better-sqlite3, later PostgreSQL).

-- One-time links to set a new password ("forgot password"). The link's token is random; only its
-- SHA-256 is stored, like API tokens and sessions. A row is used once (used_at) and ends at
-- expires_at; asking again leaves older links to expire on their own.
CREATE TABLE password_reset_tokens (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);
CREATE INDEX password_reset_tokens_user ON password_reset_tokens (user_id, created_at);

-- A subscriber's choice of filters (themes, kinds, groups, organisations) under a short stable id,
-- so a feed address with many filters stays under the 256 characters Google Calendar accepts.
-- id is derived from the normalised query (the same choice always gets the same id); query is
-- that normalised query string ("theme=C2&kind=meeting").
CREATE TABLE feed_filter_sets (
  id TEXT PRIMARY KEY,
  query TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX feed_filter_sets_query ON feed_filter_sets (query);
