-- Migration number: 0004 	 web accounts: users, their groups, sessions and login attempts
-- Passwords are stored as scrypt hashes with their parameters ("scrypt$N$r$p$salt$hash"), so the
-- cost can be raised later without invalidating existing accounts. Session ids are random and
-- only their SHA-256 is stored: a leaked database does not hand over live sessions.

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'organiser', 'viewer')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  disabled_at TEXT
);
CREATE UNIQUE INDEX users_email ON users (email);

-- An organiser with rows here may change only the events of these groups; without rows, any
-- event. A viewer with rows here sees those groups' members-only events.
CREATE TABLE user_groups (
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, group_id)
);

CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Sign-in attempts, kept for rate limiting (by the email typed, and by client address when the
-- platform reports one). The email is stored whether or not an account has it, so the limit
-- itself does not reveal which addresses have accounts.
CREATE TABLE login_attempts (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  client TEXT,
  at TEXT NOT NULL,
  succeeded INTEGER NOT NULL CHECK (succeeded IN (0, 1))
);
CREATE INDEX login_attempts_email ON login_attempts (email, at);
CREATE INDEX login_attempts_client ON login_attempts (client, at);
