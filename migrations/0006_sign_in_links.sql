-- Migration number: 0006 	 sign-in without a lock-out: e-mailed one-time sign-in links, and attempt kinds
-- Portable SQL (D1, better-sqlite3, PostgreSQL). See docs/decisions.md ("Sign-in limits").

-- A one-time sign-in link sent by email. Only the SHA-256 of its token is kept (the token itself
-- is in the email alone); it works once (used_at), until expires_at. `claim` is a random value of
-- the request that used it, so of two requests racing with one link exactly one starts a session.
CREATE TABLE sign_in_links (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  client TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  claim TEXT
);
CREATE INDEX sign_in_links_user ON sign_in_links (user_id, created_at);
CREATE INDEX sign_in_links_expires ON sign_in_links (expires_at);

-- What an attempt was: a password typed ('password') or a sign-in link asked for ('link'). Both
-- are recorded whether or not an account has the email, so limits reveal no accounts.
ALTER TABLE login_attempts ADD COLUMN kind TEXT NOT NULL DEFAULT 'password';
