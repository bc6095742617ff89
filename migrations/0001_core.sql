-- Migration number: 0001 	 core calendar: organisations, groups, people, events, tokens, audit
-- Conventions: ids are UUID text; instants are ISO-8601 UTC text; all-day dates are 'YYYY-MM-DD';
-- booleans are 0/1. Portable SQL only: the same file runs on D1 (wrangler) and better-sqlite3.

CREATE TABLE organisations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT 'other',
  website TEXT,
  email TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX organisations_name ON organisations (name);

CREATE TABLE groups (
  id TEXT PRIMARY KEY,
  slug TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  organisation_id TEXT REFERENCES organisations (id),
  organiser_email TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX groups_slug ON groups (slug);

-- A person is an email address with an optional display name; demo data uses roles, not names.
CREATE TABLE people (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  display_name TEXT,
  organisation_id TEXT REFERENCES organisations (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX people_email ON people (email);

CREATE TABLE group_members (
  group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
  person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (group_id, person_id)
);
CREATE INDEX group_members_person ON group_members (person_id);

-- One row per event. Timed events keep UTC instants plus the zone whose wall clock a recurrence
-- follows (a monthly 18:00 meeting stays at 18:00 across the clock changes); all-day events keep
-- inclusive local dates. Exactly one of the two pairs is set (checked in the domain and here).
CREATE TABLE events (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('campaign_week', 'activity', 'meeting', 'training', 'deadline')),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  location TEXT NOT NULL DEFAULT '',
  links TEXT NOT NULL DEFAULT '[]',
  all_day INTEGER NOT NULL CHECK (all_day IN (0, 1)),
  start_date TEXT,
  end_date TEXT,
  starts_at TEXT,
  ends_at TEXT,
  timezone TEXT NOT NULL DEFAULT 'Europe/London',
  rrule TEXT,
  organisation_id TEXT REFERENCES organisations (id),
  group_id TEXT REFERENCES groups (id),
  parent_id TEXT REFERENCES events (id),
  visibility TEXT NOT NULL CHECK (visibility IN ('public', 'partners', 'group', 'confidential')),
  status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'cancelled')),
  sequence INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  cancelled_at TEXT,
  CHECK ((all_day = 1 AND start_date IS NOT NULL AND end_date IS NOT NULL AND starts_at IS NULL AND ends_at IS NULL)
      OR (all_day = 0 AND starts_at IS NOT NULL AND ends_at IS NOT NULL AND start_date IS NULL AND end_date IS NULL))
);
-- Range filters compare on a single sortable column: the first day (all-day) or first instant.
CREATE INDEX events_start_date ON events (start_date);
CREATE INDEX events_starts_at ON events (starts_at);
CREATE INDEX events_group ON events (group_id);
CREATE INDEX events_parent ON events (parent_id);
CREATE INDEX events_updated ON events (updated_at);

-- Themes: the strategy's priority codes (V1..C2) and free tags, both lower-cased slugs or codes.
CREATE TABLE event_themes (
  event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  theme TEXT NOT NULL,
  PRIMARY KEY (event_id, theme)
);
CREATE INDEX event_themes_theme ON event_themes (theme);

-- Exceptions to a recurring event, keyed by the occurrence's original start (RECURRENCE-ID):
-- 'cancelled' is an EXDATE; 'moved' overrides the time and/or place of that one occurrence.
CREATE TABLE event_exceptions (
  event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  recurrence_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('cancelled', 'moved')),
  start_date TEXT,
  end_date TEXT,
  starts_at TEXT,
  ends_at TEXT,
  location TEXT,
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (event_id, recurrence_id)
);

-- Organiser API tokens: only a SHA-256 of the token is stored; the token is shown once.
CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'organiser')),
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT
);
CREATE UNIQUE INDEX api_tokens_hash ON api_tokens (token_hash);

CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  changes TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, at);
CREATE INDEX audit_log_at ON audit_log (at);
