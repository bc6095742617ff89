-- Migration number: 0002 	 private feed subscriptions: one unguessable, revocable token per partner or member
-- Only a SHA-256 of the token is stored (the token is random, so a fast hash is enough; see
-- docs/decisions.md). A partner's feed adds partner-only events; a member's feed adds the events
-- of the groups that email belongs to, looked up when the feed is read, so joining or leaving a
-- group changes the feed without a new token.
CREATE TABLE feed_subscriptions (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL,
  label TEXT NOT NULL,
  organisation_id TEXT REFERENCES organisations (id),
  email TEXT,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT,
  CHECK ((organisation_id IS NOT NULL AND email IS NULL) OR (organisation_id IS NULL AND email IS NOT NULL))
);
CREATE UNIQUE INDEX feed_subscriptions_hash ON feed_subscriptions (token_hash);
CREATE INDEX feed_subscriptions_organisation ON feed_subscriptions (organisation_id);
CREATE INDEX feed_subscriptions_email ON feed_subscriptions (email);
